"""What the deployment tests serve: run in a process of its own against the stack's database.

`manage.py shell -c "from tests.deploy.seed import main; main(OUT)"`, with the stack's
DATABASE_URL and data folder, makes a public testimony and a restricted one (each with real
renditions), a researcher granted the restricted one (signed in: her session key is written
out), and a staff account; then writes the addresses the tests need to OUT as JSON.
"""

import json
import os
from pathlib import Path

from django.conf import settings
from django.test import Client, override_settings

from archive.models import ConsentRecord, TestimonyIndexPage
from media_pipeline.processing import process
from tests.factories import (
    AccessGrantFactory,
    MediaFactory,
    ResearcherApplicationFactory,
    TestimonyPageFactory,
    UserFactory,
)

STAFF_PASSWORD = "stack-staff-password"


def testimony(title: str, access_level: str) -> dict:
    media = MediaFactory(title=f"Média {title}")
    process(media.pk)
    index = TestimonyIndexPage.objects.get(locale__language_code="fr")
    page = TestimonyPageFactory(parent=index, title=title, media=media, access_level=access_level)
    renditions = {row.profile: row for row in media.renditions.all()}
    return {
        "page": page.url, "key": str(page.translation_key), "index": index.url,
        "record": ConsentRecord.objects.get(item=page).pk,
        "master": renditions["hls"].url, "download": renditions["download"].url,
        "download_file": renditions["download"].main_file,
        "files": sorted(name for row in renditions.values() for name in row.files),
    }


def main(out: str) -> None:
    public = testimony("Témoignage public de la pile", "public")
    restricted = testimony("Témoignage restreint de la pile", "restricted")
    withdrawn = testimony("Témoignage de la pile bientôt retiré", "public")
    researcher = ResearcherApplicationFactory(user__username="stack-researcher").user
    AccessGrantFactory(user=researcher, item_key=restricted["key"])
    client = Client()
    # Her session must hold for the stack's processes, which sign with their own key.
    with override_settings(SECRET_KEY=os.environ["SECRET_KEY"]):
        client.force_login(researcher)
    staff = UserFactory(username="stack-staff", is_staff=True)
    staff.set_password(STAFF_PASSWORD)
    staff.save()
    Path(out).write_text(json.dumps({
        "public": public, "restricted": restricted, "withdrawn": withdrawn,
        "researcher_session": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "staff": {"username": staff.username, "password": STAFF_PASSWORD},
    }))
