"""The demo archive: what it holds, and that loading it twice changes nothing."""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import Page, Revision

from archive.models import (
    ArtworkPage,
    ClipPage,
    DocumentaryPage,
    Partner,
    Place,
    TestimonyPage,
)
from kafamuya.pages.models import ActorPage, EventPage, StoryPage
from media_pipeline.models import Media
from media_pipeline.probe import probe


def snapshot() -> dict[str, list]:
    """Every row of every project and Wagtail content model, by primary key and text."""
    tracked = ["archive", "pages", "media_pipeline", "wagtailcore", "wagtailimages",
               "wagtail_localize"]
    state = {}
    for label in tracked:
        for model in apps.get_app_config(label).get_models():
            state[model._meta.label] = sorted(
                (str(pk), str(obj)) for pk, obj in ((o.pk, o) for o in model.objects.all())
            )
    return state


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing(capsys):
    before = snapshot()
    revisions = Revision.objects.count()
    call_command("load_demo")
    assert "nothing changed" in capsys.readouterr().out
    assert snapshot() == before
    assert Revision.objects.count() == revisions


@pytest.mark.django_db
def test_demo_contents():
    fr = {"locale__language_code": "fr"}
    assert Partner.objects.filter(**fr).count() == 5
    assert set(Place.objects.filter(**fr).values_list("slug", flat=True)) >= {
        *(f"bamako-commune-{n}" for n in range(1, 7)), "mopti", "sevare"}
    assert DocumentaryPage.objects.filter(**fr).count() == 1
    assert ClipPage.objects.filter(**fr).count() == 3
    assert TestimonyPage.objects.filter(**fr).count() == 3
    assert ArtworkPage.objects.filter(**fr).count() == 2
    assert StoryPage.objects.filter(**fr).count() == 2
    assert EventPage.objects.filter(**fr).count() == 2
    assert ActorPage.objects.filter(**fr).count() == 5
    french = Page.objects.filter(depth__gt=1, **fr).count()
    for language in ("en", "bm"):
        assert Page.objects.filter(depth__gt=1, locale__language_code=language).count() == french


@pytest.mark.django_db
def test_demo_media_are_real_files_stored_under_uuid_names():
    media = list(Media.objects.all())
    assert {m.type for m in media} == {"audio", "video"}
    for item in media:
        assert item.file.name == f"originals/{item.uuid}{item.file.name[-4:]}"
        info = probe(Path(item.file.path))
        assert info.duration == pytest.approx(4, abs=0.3)
        assert (info.video is not None) == (item.type == "video")
