"""The one access policy: levels, embargoes, consent, translations and media, asked everywhere."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Permission
from django.utils import timezone

from archive.access import (
    can_view_media,
    can_view_page,
    publication_problem,
    visible_item_keys,
    visible_pages,
)
from archive.models import ConsentRecord, TestimonyIndexPage, TestimonyPage
from tests.factories import BareMediaFactory, TestimonyPageFactory

anonymous = AnonymousUser()


@pytest.fixture
def index(db):
    return TestimonyIndexPage.objects.filter(locale__language_code="fr").first()


@pytest.fixture
def archivist(db):
    user = get_user_model().objects.create_user("archiviste")
    user.user_permissions.add(Permission.objects.get(codename="view_all_items"))
    return get_user_model().objects.get(pk=user.pk)


def test_public_item_with_consent_is_seen_by_everyone(client, index):
    page = TestimonyPageFactory(parent=index)
    assert can_view_page(anonymous, page)
    assert client.get(page.url).status_code == 200


@pytest.mark.parametrize("level", ["researchers", "restricted"])
def test_closed_levels_are_hidden_from_the_public_but_not_from_archivists(
    client, index, archivist, level
):
    page = TestimonyPageFactory(parent=index, access_level=level)
    assert not can_view_page(anonymous, page)
    assert client.get(page.url).status_code == 404
    assert can_view_page(archivist, page)
    client.force_login(archivist)
    assert client.get(page.url).status_code == 200


def test_an_embargo_lifts_on_its_date_without_anyone_acting(index):
    today = timezone.localdate()
    page = TestimonyPageFactory(parent=index, embargo_until=today + datetime.timedelta(days=3))
    assert not can_view_page(anonymous, page)
    assert can_view_page(anonymous, page) is False
    on_the_day = today + datetime.timedelta(days=3)
    assert page.translation_key in visible_item_keys(anonymous, on=on_the_day)
    assert page.translation_key not in visible_item_keys(anonymous, on=on_the_day
                                                         - datetime.timedelta(days=1))


def test_a_testimony_without_consent_is_never_public(index):
    page = TestimonyPageFactory(parent=index, consent_scope=None, live=False)
    TestimonyPage.objects.filter(pk=page.pk).update(live=True)  # forced past the checks
    assert not can_view_page(anonymous, TestimonyPage.objects.get(pk=page.pk))


def test_consent_narrower_than_the_level_hides_the_item_and_refuses_publishing(index):
    page = TestimonyPageFactory(parent=index, consent_scope="researchers", live=False)
    page.access_level = "public"
    assert "covers at most" in publication_problem(page)
    page.access_level = "researchers"
    assert publication_problem(page) is None
    TestimonyPage.objects.filter(pk=page.pk).update(live=True, access_level="public")
    assert not can_view_page(anonymous, TestimonyPage.objects.get(pk=page.pk))


def test_publishing_a_revision_beyond_consent_is_refused(index):
    """Scheduled publishing and APIs publish revisions: the model refuses them too."""
    from django.core.exceptions import ValidationError

    page = TestimonyPageFactory(parent=index, consent_scope="researchers",
                                access_level="researchers")
    page.access_level = "public"
    with pytest.raises(ValidationError, match="covers at most"):
        page.save_revision().publish()


def test_withdrawn_or_expired_consent_hides_the_item_at_the_next_request(client, index):
    page = TestimonyPageFactory(parent=index)
    assert client.get(page.url).status_code == 200
    ConsentRecord.objects.filter(item_key=page.translation_key).update(
        withdrawn_at=timezone.now())
    assert client.get(page.url).status_code == 404
    other = TestimonyPageFactory(parent=index)
    ConsentRecord.objects.filter(item_key=other.translation_key).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1))
    assert client.get(other.url).status_code == 404


def test_the_most_closed_language_version_decides(index):
    from wagtail.models import Locale

    page = TestimonyPageFactory(parent=index)
    english = page.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save_revision().publish()
    assert can_view_page(anonymous, english)
    TestimonyPage.objects.filter(pk=page.pk).update(access_level="restricted")
    assert not can_view_page(anonymous, TestimonyPage.objects.get(pk=english.pk))



def test_media_of_a_language_version_behind_a_view_restriction_stays_closed(index):
    from wagtail.models import Locale, PageViewRestriction

    page = TestimonyPageFactory(parent=index, media=BareMediaFactory())
    english = page.copy_for_translation(Locale.objects.get(language_code="en"))
    english.media = BareMediaFactory()
    english.save_revision().publish()
    assert can_view_media(anonymous, english.media)
    PageViewRestriction.objects.create(page=english, restriction_type="password", password="x")
    assert can_view_page(anonymous, page)  # the French version stays open
    assert not can_view_media(anonymous, english.media)
    assert can_view_media(anonymous, page.media)

def test_media_is_visible_only_when_every_item_using_it_is(index):
    media = BareMediaFactory()
    TestimonyPageFactory(parent=index, media=media)
    assert can_view_media(anonymous, media)
    TestimonyPageFactory(parent=index, media=media, access_level="restricted")
    assert not can_view_media(anonymous, media)


def test_listings_drop_what_the_viewer_may_not_see(client, index):
    hidden = TestimonyPageFactory(parent=index, title="Caché-canari-7731",
                                  access_level="restricted")
    assert hidden not in visible_pages(anonymous, TestimonyPage.objects.all())
    assert "Caché-canari-7731" not in client.get(index.url).content.decode()
