"""A story embedding a non-public excerpt: a placeholder for whoever may not see it, the
excerpt for whoever may, and never a response that a shared cache could hand to someone else."""


import pytest
from bs4 import BeautifulSoup

from archive.audit.models import AuditEntry
from archive.models import ConsentRecord, TestimonyIndexPage
from archive.withdrawal import withdraw_consent
from kafamuya.pages.models import StoryIndexPage, StoryPage
from tests.factories import ResearcherApplicationFactory, TestimonyPageFactory, verified_staff_login

pytestmark = pytest.mark.django_db

CANARY = "Calebassaphone"


def researcher():
    return ResearcherApplicationFactory(user__username="chercheuse").user


def story_embedding(*testimonies):
    index = StoryIndexPage.objects.get(locale__language_code="fr")
    body = [("paragraph", "<p>Un récit.</p>")]
    body += [("testimony_quote", {"testimony": t, "start": 2, "end": 4,
                                  "quote": f"{CANARY} {t.pk} a dit ceci."}) for t in testimonies]
    story = index.add_child(instance=StoryPage(title="Un récit", slug=f"recit-{len(body)}",
                                                body=body, live=False))
    story.save_revision().publish()
    return StoryPage.objects.get(pk=story.pk)


def make_testimony(level, title, scope=None):
    index = TestimonyIndexPage.objects.get(locale__language_code="fr")
    return TestimonyPageFactory(parent=index, title=title, access_level=level,
                                consent_scope=scope or level)


@pytest.fixture
def closed_story():
    page = make_testimony("researchers", f"Témoignage {CANARY}")
    return story_embedding(page), page


def body_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one(".body")


def test_anonymous_visitors_see_a_placeholder_and_the_page_stays_private(client, closed_story):
    story, _page = closed_story
    response = client.get(story.url)
    body = body_of(response)
    assert CANARY not in response.content.decode()
    assert len(body.select(".placeholder")) == 1
    assert "private" in response["Cache-Control"]
    assert not AuditEntry.objects.exists()


def test_an_approved_researcher_sees_the_excerpt_and_it_is_audited(client, closed_story):
    story, page = closed_story
    client.force_login(researcher())
    response = client.get(story.url)
    body = body_of(response)
    assert not body.select(".placeholder")
    quote = body.select_one("figure.quote")
    assert f"{CANARY} {page.pk} a dit ceci." in quote.get_text()
    assert quote.select_one("figcaption a")["href"].endswith(f"/{page.slug}/#t=2")
    assert "private" in response["Cache-Control"]
    assert list(AuditEntry.objects.values_list("user_label", "item_key", "surface", "action",
                                                "detail")) == [
        ("chercheuse", page.translation_key, "page", "view", f"embedded in page {story.pk}")]


def test_a_restricted_excerpt_stays_a_placeholder_for_a_researcher(client):
    restricted = make_testimony("restricted", f"Interne {CANARY}", scope="internal")
    story = story_embedding(restricted)
    client.force_login(researcher())
    response = client.get(story.url)
    assert CANARY not in response.content.decode()
    assert len(body_of(response).select(".placeholder")) == 1


def test_after_withdrawal_only_archivists_see_the_excerpt(client, closed_story,
                                                         django_user_model):
    story, page = closed_story
    archivist = django_user_model.objects.create_superuser("archiviste", "a@example.org", "x")
    withdraw_consent(ConsentRecord.objects.get(item_key=page.translation_key), archivist)

    client.force_login(researcher())
    response = client.get(story.url)
    assert CANARY not in response.content.decode()
    assert len(body_of(response).select(".placeholder")) == 1
    client.logout()
    assert CANARY not in client.get(story.url).content.decode()

    verified_staff_login(client, archivist)
    response = client.get(story.url)
    assert f"{CANARY} {page.pk} a dit ceci." in body_of(response).get_text()
    assert "private" in response["Cache-Control"]


def test_a_story_embedding_only_public_items_is_not_made_private(client):
    story = story_embedding(make_testimony("public", "Témoignage ouvert"))
    response = client.get(story.url)
    assert not body_of(response).select(".placeholder")
    assert "private" not in response.get("Cache-Control", "")


def test_a_page_served_to_a_signed_in_viewer_is_private(client, closed_story):
    _story, page = closed_story
    client.force_login(researcher())
    response = client.get(page.url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    client.logout()
    public = make_testimony("public", "Témoignage ouvert")
    assert "private" not in client.get(public.url).get("Cache-Control", "")


def test_a_featured_page_on_the_home_page_follows_the_policy(client):
    from kafamuya.pages.models import HomePage

    home = HomePage.objects.get(locale__language_code="fr")
    closed = make_testimony("researchers", f"Témoignage {CANARY}")
    home.body = [("featured_page", {"page": closed, "text": "À lire."})]
    home.save_revision().publish()
    response = client.get(home.url)
    assert CANARY not in response.content.decode()
    assert "private" in response["Cache-Control"]
    client.force_login(researcher())
    assert CANARY in client.get(home.url).content.decode()


def test_an_excerpt_is_not_searchable_through_its_story(client, closed_story):
    story, _page = closed_story
    found = client.get("/api/v2/pages/", {"search": "récit"}, follow=True).json()
    assert [item["id"] for item in found["items"]] == [story.pk]
    assert client.get("/api/v2/pages/", {"search": CANARY}, follow=True).json()["items"] == []
    assert not StoryPage.objects.search(CANARY)
