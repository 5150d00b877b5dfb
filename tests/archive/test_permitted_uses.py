"""Permitted uses: a clip needs "documentary", the researchers level "research", an excerpt in
a story "press"; refused in the admin form (in French) and when a revision is published
(scheduled publishing, APIs)."""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from archive.models import ClipPage, ConsentRecord, DocumentaryPage, TestimonyIndexPage
from kafamuya.pages.models import StoryIndexPage, StoryPage
from tests.factories import ConsentRecordFactory, TestimonyPageFactory, verified_staff_login

NUMBERS = itertools.count()


def clip(uses: list[str]) -> ClipPage:
    documentary = DocumentaryPage.objects.filter(locale__language_code="fr").first()
    number = next(NUMBERS)
    page = documentary.add_child(instance=ClipPage(
        title=f"Extrait {number}", slug=f"extrait-usage-{number}", live=False,
        access_level="public"))
    ConsentRecordFactory(item=page, permitted_uses=uses)
    return page


def consented_testimony(uses: list[str], **fields):
    index = TestimonyIndexPage.objects.filter(locale__language_code="fr").first()
    page = TestimonyPageFactory(parent=index, live=False, **fields)
    ConsentRecord.objects.filter(item_key=page.translation_key).update(permitted_uses=uses)
    return page


@pytest.fixture
def admin_client(client):
    archivist = get_user_model().objects.create_superuser("archiviste", "a@example.org", "x")
    verified_staff_login(client, archivist)
    return client


def publish_in_admin(client, page, **fields):
    data = nested_form_data({"title": page.title, "slug": page.slug, **fields,
                             "action-publish": "publish"})
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


@pytest.mark.django_db
def test_a_clip_needs_the_documentary_use(admin_client):
    refused = clip(["research", "press"])
    response = publish_in_admin(admin_client, refused, summary=rich_text(""),
                                access_level="public", warning_ranges=inline_formset([]))
    assert response.status_code == 200
    assert "un extrait fait partie du documentaire" in response.content.decode()
    assert not ClipPage.objects.get(pk=refused.pk).live
    with translation.override("en"), pytest.raises(ValidationError, match="documentary"):
        refused.save_revision().publish()

    allowed = clip(["documentary"])
    allowed.save_revision().publish()
    assert ClipPage.objects.get(pk=allowed.pk).live


@pytest.mark.django_db
def test_the_researchers_level_needs_the_research_use(admin_client):
    page = consented_testimony(["documentary"], consent_scope="researchers",
                               access_level="researchers")
    response = publish_in_admin(admin_client, page, speaker=str(page.speaker_id),
                                summary=rich_text(""), recording_language="bm",
                                access_level="researchers", warning_ranges=inline_formset([]))
    assert response.status_code == 200
    assert "Recherche" in response.content.decode()
    assert "Chercheurs agréés" in response.content.decode()
    assert not page.__class__.objects.get(pk=page.pk).live
    with translation.override("en"), pytest.raises(ValidationError, match="Research"):
        page.save_revision().publish()

    public = consented_testimony(["documentary"])  # the public level needs no research use
    public.save_revision().publish()
    assert public.__class__.objects.get(pk=public.pk).live


def story_with(item) -> StoryPage:
    index = StoryIndexPage.objects.filter(locale__language_code="fr").first()
    number = next(NUMBERS)
    return index.add_child(instance=StoryPage(
        title=f"Récit {number}", slug=f"recit-usage-{number}", live=False,
        body=[("testimony_quote", {"testimony": item, "start": 0, "end": 1, "quote": "Mot"})]))


@pytest.mark.django_db
def test_an_excerpt_in_a_story_needs_the_press_use(admin_client):
    item = consented_testimony(["documentary", "research"])
    item.save_revision().publish()
    story = story_with(item)
    response = publish_in_admin(admin_client, story, date="2026-01-10", body=streamfield([
        ("testimony_quote", {"testimony": str(item.pk), "start": "0", "end": "1",
                             "quote": "Mot"})]))
    assert response.status_code == 200
    assert "l’intégrer à un récit" in response.content.decode()
    assert not StoryPage.objects.get(pk=story.pk).live
    with translation.override("en"), pytest.raises(ValidationError, match="Press"):
        story.save_revision().publish()

    ConsentRecord.objects.filter(item_key=item.translation_key).update(
        permitted_uses=["documentary", "research", "press"])
    story.save_revision().publish()
    assert StoryPage.objects.get(pk=story.pk).live


@pytest.mark.django_db
def test_permitted_uses_are_chosen_from_the_list(admin_client):
    record = ConsentRecord.objects.filter(withdrawn_at__isnull=True).first()
    response = admin_client.get(f"/admin/snippets/archive/consentrecord/edit/{record.pk}/")
    body = response.content.decode()
    assert 'type="checkbox" name="permitted_uses" value="press"' in body
    record.permitted_uses = ["documentary", "publicity"]
    with pytest.raises(ValidationError, match="publicity"):
        record.full_clean()
