"""The leak test: seed one testimony per access level, each carrying its
own canary word everywhere it can (title, slug, summary, speaker, transcripts in three
languages, the media's title, upload name and container tags, a story quote, a feature on the
home page), then visit every URL the site exposes as each kind of user and look for the
canaries. A canary may come back only to a user the access policy lets see its item, and any
URL of an item answers 403 or 404 (or a sign-in page) to everyone else.

The crawl runs four times: as seeded; after the public testimony's consent is withdrawn through
the admin (at the very next request, before the purge); after the purge task has run; and after
the embargo has ended (the clock moved with time-machine).
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.storage import storages
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale, Page

from archive.models import ConsentRecord, TestimonyIndexPage
from kafamuya.pages.models import HomePage, StoryIndexPage, StoryPage
from media_pipeline.models import Media
from media_pipeline.processing import process
from tests.archive import leak_crawler
from tests.archive.leak_crawler import (
    Answer,
    Crawl,
    api_detail_urls,
    api_listing_urls,
    media_urls,
    page_urls,
    search_urls,
)
from tests.factories import (
    AccessGrantFactory,
    MediaFactory,
    ResearcherApplicationFactory,
    SpeakerFactory,
    TestimonyPageFactory,
    TranscriptFactory,
    UserFactory,
    verified_staff_login,
)

pytestmark = pytest.mark.django_db
EMBARGO_DAYS = 2
SIGN_IN_PATHS = ("/admin/login/",)
MEDIA_PREFIXES = ("/files/", "/captions/", "/transcripts/")


@dataclass
class Item:
    name: str
    canary: str
    level: str
    consent: str
    embargoed: bool = False
    urls: set[str] = field(default_factory=set)
    stored: list[str] = field(default_factory=list)
    page: Page | None = None
    caption_url: str = ""


def items() -> list[Item]:
    return [
        Item("public", "canarypublicqzvk", "public", "public"),
        Item("researchers", "canaryresearchxjwq", "researchers", "researchers"),
        Item("restricted", "canaryrestrictvbzp", "restricted", "internal"),
        Item("embargoed", "canaryembargokfyh", "researchers", "researchers", embargoed=True),
    ]


USERS = ("anonymous", "signed-in", "researcher", "expired-researcher", "grant-holder",
         "archivist")
# Which items each user may see while every item is live, consented and not under embargo.
SEES = {
    "anonymous": {"public"},
    "signed-in": {"public"},
    "researcher": {"public", "researchers"},
    "expired-researcher": {"public"},
    "grant-holder": {"public", "researchers", "restricted"},  # an approved researcher too
    "archivist": {"public", "researchers", "restricted"},
}


@dataclass
class State:
    withdrawn: bool = False
    purged: bool = False
    embargo_over: bool = False

    def may_see(self, user: str, item: Item) -> bool:
        if user == "archivist":
            return not self.purged or item.name != "public"
        if item.name == "public" and self.withdrawn:
            return False
        if item.embargoed:
            return self.embargo_over and "researchers" in SEES[user]
        return item.name in SEES[user]

    def is_live(self, item: Item) -> bool:
        return not (item.name == "public" and self.withdrawn)


# --- seeding ---------------------------------------------------------------------------------

def seed(item: Item) -> None:
    canary = item.canary
    media = MediaFactory(type="audio", title=f"Enregistrement {canary}",
                         with_file=f"Entretien {canary}.m4a",
                         with_file__metadata={"title": canary, "artist": f"Awa {canary}"})
    process(media.pk)
    media.refresh_from_db()
    assert media.processing_status == media.Processing.READY, media.processing_message
    for language, words in (("fr", "a raconté"), ("en", "told"), ("bm", "ko")):
        TranscriptFactory(media=media, language=language, segments=[
            f"{canary} {words} son voyage.", f"Puis {canary} est arrivée."],
            segments__speaker=f"Awa {canary}")
    index = TestimonyIndexPage.objects.get(locale__language_code="fr")
    embargo = (timezone.localdate() + datetime.timedelta(days=EMBARGO_DAYS)
               if item.embargoed else None)
    page = TestimonyPageFactory(
        parent=index, title=f"Témoignage {canary}", slug=f"temoignage-{canary}",
        speaker=SpeakerFactory(pseudonym=f"Locutrice {canary}"), media=media,
        summary=f"<p>Le récit de {canary}.</p>", content_warning=f"Avertissement {canary}",
        access_level=item.level, consent_scope=item.consent, embargo_until=embargo)
    for code in ("en", "bm"):
        translation = page.copy_for_translation(Locale.objects.get(language_code=code))
        translation.save_revision().publish()
    item.page = page
    item.stored = [name for row in media.renditions.all() for name in row.files]
    item.urls.update(media_urls(media))
    item.caption_url = f"/captions/{media.uuid}/fr.vtt"
    for version in Page.objects.filter(translation_key=page.translation_key):
        item.urls.update({version.get_url(), f"{leak_crawler.API_PAGES}{version.pk}/"})


def embed_everywhere(seeded: list[Item]) -> None:
    """A story quoting each testimony, and the French home page featuring each."""
    story_index = StoryIndexPage.objects.get(locale__language_code="fr")
    story = StoryPage(title="Des voix de Sévaré", slug="des-voix-de-sevare", body=[
        ("testimony_quote", {"testimony": item.page, "start": 0, "end": 1,
                             "quote": f"« {item.canary} parle »"}) for item in seeded])
    story_index.add_child(instance=story)
    story.save_revision().publish()
    home = HomePage.objects.get(locale__language_code="fr")
    home.body = [("featured_page", {"page": item.page, "text": ""}) for item in seeded]
    home.save_revision().publish()


def make_users(seeded: dict[str, Item]) -> None:
    UserFactory(username="signed-in")
    ResearcherApplicationFactory(user__username="researcher")
    ResearcherApplicationFactory(user__username="expired-researcher",
                                 expires_on=timezone.localdate() - datetime.timedelta(days=1))
    holder = ResearcherApplicationFactory(user__username="grant-holder").user
    AccessGrantFactory(user=holder, item_key=seeded["restricted"].page.translation_key)
    archivist = UserFactory(username="archivist", is_staff=True)
    archivist.user_permissions.add(*Permission.objects.filter(codename__in=[
        "access_admin", "view_all_items", "withdraw_consent"]))


def clients() -> dict[str, Client]:
    """A fresh, signed-in client per user (the archivist with a confirmed second factor)."""
    signed_in = {}
    for name in USERS:
        client = Client()
        if name == "archivist":
            verified_staff_login(client, get_user_model().objects.get(username=name))
        elif name != "anonymous":
            client.force_login(get_user_model().objects.get(username=name))
        signed_in[name] = client
    return signed_in


# --- crawling and judging ----------------------------------------------------------------------

def full_seeds(seeded: list[Item]) -> list[str]:
    """Everything: the sitemap, every live page in every language with its feeds and calendars,
    the site search and the API (listings, searches, every page's detail) for each canary, and
    every URL of every media."""
    words = [item.canary for item in seeded]
    media = [url for row in Media.objects.order_by("pk") for url in media_urls(row)]
    return ["/sitemap.xml", *page_urls(), *search_urls(words), *api_listing_urls(words),
            *api_detail_urls(), *media]


def focused_seeds(seeded: list[Item], changed: list[Item], shown: set[str]) -> list[str]:
    """After a change (withdrawal, purge, end of embargo): every URL where a canary was ever
    seen (the archivist sees them all, so this is everywhere an item surfaces) except the media
    URLs of items that did not change, every URL of the items that changed, each item's pages
    and French captions, and the sitemap, searches and API listings again."""
    words = [item.canary for item in seeded]
    unchanged_media = {url for item in seeded if item not in changed for url in item.urls
                       if url.startswith(MEDIA_PREFIXES)}
    pages = [url for item in seeded for url in sorted(item.urls)
             if not url.startswith(MEDIA_PREFIXES)] + [item.caption_url for item in seeded]
    return ["/sitemap.xml", *search_urls(words), *api_listing_urls(words),
            *sorted(shown - unchanged_media), *pages,
            *(url for item in changed for url in sorted(item.urls))]


def is_denied(answer: Answer) -> bool:
    if answer.status in (403, 404):
        return True
    return answer.status == 200 and answer.final_path.startswith(SIGN_IN_PATHS)


def judge(answers: list[Answer], seeded: list[Item], state: State) -> list[str]:
    """Leaks (a canary shown to a user who may not see its item), URLs of an item not denied
    to such a user, and items not shown to a user who may see them (the test must see what it
    looks for, or it proves nothing)."""
    problems = []
    owner = {url: item for item in seeded for url in item.urls}
    for answer in answers:
        for item in seeded:
            if answer.shows(item.canary) and not state.may_see(answer.user, item):
                problems.append(f"LEAK {answer.user} {answer.url} {item.canary} "
                                f"(status {answer.status})")
        item = owner.get(answer.url)
        if item is not None and not state.may_see(answer.user, item) and not is_denied(answer):
            problems.append(f"NOT DENIED {answer.user} {answer.url} ({item.name}): "
                            f"{answer.status} {answer.content_type}")
    fetched = {(a.user, a.url): a for a in answers}
    for item in seeded:
        if not state.is_live(item):
            continue
        for user in USERS:
            for url in (item.page.get_url(), item.caption_url):
                answer = fetched.get((user, url))
                if state.may_see(user, item) and (
                        answer is None or answer.status != 200 or not answer.shows(item.canary)):
                    problems.append(f"NOT SHOWN {user} {url}: "
                                    f"{answer.status if answer else 'not fetched'}")
    return problems


@dataclass
class Report:
    urls: set[str] = field(default_factory=set)
    shown: set[str] = field(default_factory=set)  # URLs where some user saw some canary
    requests: int = 0

    def crawl(self, seeded: list[Item], state: State, label: str,
              changed: list[Item] | None = None) -> None:
        began = time.monotonic()
        if changed is None:
            start, bound = full_seeds(seeded), 300
        else:
            start, bound = focused_seeds(seeded, changed, self.shown), 25
        answers = []
        for user, client in clients().items():
            answers += Crawl(client, user, max_discovered=bound).run(start)
        self.requests += len(answers)
        self.urls.update(answer.url for answer in answers)
        self.shown.update(a.url for a in answers if any(a.shows(i.canary) for i in seeded))
        print(f"leak test, {label}: {len({a.url for a in answers})} URLs, {len(answers)} "
              f"requests in {time.monotonic() - began:.1f} s")
        problems = judge(answers, seeded, state)
        assert not problems, f"{label}: {len(problems)} problems\n" + "\n".join(problems)


def test_no_canary_reaches_anyone_who_may_not_see_it(django_capture_on_commit_callbacks):
    seeded = items()
    with django_capture_on_commit_callbacks(execute=True):
        for item in seeded:
            seed(item)
        embed_everywhere(seeded)
    by_name = {item.name: item for item in seeded}
    make_users(by_name)
    report = Report()
    report.crawl(seeded, State(), "as seeded")

    public = by_name["public"]
    record = ConsentRecord.objects.get(item_key=public.page.translation_key)
    archivist = clients()["archivist"]
    with django_capture_on_commit_callbacks() as purge:
        response = archivist.post(f"/admin/consent/{record.pk}/withdraw/", {"note": "retrait"})
    assert response.status_code == 302
    assert purge, "the withdrawal queues the purge once the transaction commits"
    report.crawl(seeded, State(withdrawn=True), "withdrawn, not yet purged", [public])

    with django_capture_on_commit_callbacks(execute=True):
        for callback in purge:
            callback()
    assert ConsentRecord.objects.get(pk=record.pk).purged_at is not None
    assert not any(storages["private"].exists(name) for name in public.stored)
    report.crawl(seeded, State(withdrawn=True, purged=True), "purged", [public])

    later = timezone.now() + datetime.timedelta(days=EMBARGO_DAYS + 1)
    with time_machine.travel(later, tick=True):
        report.crawl(seeded, State(withdrawn=True, purged=True, embargo_over=True),
                     "embargo over", [by_name["embargoed"]])

    summary = (f"leak test: {len(report.urls)} URLs, {report.requests} requests, "
               f"{len(USERS)} users")
    leak_crawler.SUMMARY.append(summary)
    print(summary)
