"""is_active_researcher and granted_item_keys: what the access policy asks."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import Page

from archive.models import TestimonyIndexPage, TestimonyPage
from archive.researchers.models import AccessGrant, ResearcherApplication
from archive.researchers.services import granted_item_keys, is_active_researcher

TODAY = date(2027, 3, 10)
Status = ResearcherApplication.Status


@pytest.mark.django_db
def test_an_approved_researcher_is_active_until_the_expiry_date_included(make_application):
    user = make_application(Status.APPROVED, expires_on=TODAY).user
    assert is_active_researcher(user, on=TODAY - timedelta(days=30))
    assert is_active_researcher(user, on=TODAY)
    assert not is_active_researcher(user, on=TODAY + timedelta(days=1))


@pytest.mark.django_db
def test_today_is_the_default_day(make_application):
    from django.utils import timezone

    today = timezone.localdate()
    assert is_active_researcher(make_application(Status.APPROVED, expires_on=today).user)
    yesterday = today - timedelta(days=1)
    assert not is_active_researcher(make_application(Status.APPROVED, expires_on=yesterday).user)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.PENDING, Status.REFUSED])
def test_pending_and_refused_applicants_are_not_researchers(make_application, status):
    assert not is_active_researcher(make_application(status).user, on=TODAY)


@pytest.mark.django_db
def test_nobody_else_is_a_researcher(make_application, django_user_model):
    assert not is_active_researcher(None, on=TODAY)
    assert not is_active_researcher(AnonymousUser(), on=TODAY)
    assert not is_active_researcher(django_user_model.objects.create_user("x"), on=TODAY)
    user = make_application(Status.APPROVED, expires_on=TODAY).user
    user.is_active = False
    assert not is_active_researcher(user, on=TODAY)


def french(model, **filters):
    return model.objects.get(locale__language_code="fr", **filters)


@pytest.mark.django_db
def test_item_grants_count_until_they_expire(make_application, django_user_model):
    user = make_application(Status.APPROVED, expires_on=TODAY).user
    awa = french(TestimonyPage, slug="temoignage-awa")
    other = TestimonyPage.objects.exclude(translation_key=awa.translation_key).first()
    AccessGrant.objects.create(user=user, item_key=awa.translation_key, expires_on=TODAY)
    AccessGrant.objects.create(user=user, item_key=other.translation_key,
                               expires_on=TODAY - timedelta(days=1))  # expired
    someone = django_user_model.objects.create_user("someone")
    AccessGrant.objects.create(user=someone, item_key=other.translation_key, expires_on=TODAY)

    assert granted_item_keys(user, on=TODAY) == {awa.translation_key}
    assert granted_item_keys(user, on=TODAY + timedelta(days=1)) == set()
    # The key is the one every language version shares.
    english = awa.get_translations().filter(locale__language_code="en").get()
    assert english.translation_key in granted_item_keys(user, on=TODAY)


@pytest.mark.django_db
def test_a_collection_grant_covers_every_item_beneath_it_until_it_expires(make_application):
    user = make_application(Status.APPROVED, expires_on=TODAY).user
    index = french(TestimonyIndexPage)
    AccessGrant.objects.create(user=user, collection_key=index.translation_key,
                               expires_on=TODAY)
    beneath = set(TestimonyPage.objects.values_list("translation_key", flat=True))
    assert beneath  # the demo has testimonies
    keys = granted_item_keys(user, on=TODAY)
    assert beneath <= keys
    elsewhere = set(Page.objects.exclude(path__startswith=index.path)
                    .exclude(translation_key__in=index.get_translations()
                             .values("translation_key"))
                    .filter(depth__gt=2).values_list("translation_key", flat=True))
    for translation in [index, *index.get_translations()]:
        elsewhere -= set(translation.get_descendants().values_list("translation_key", flat=True))
    assert not keys & elsewhere
    assert granted_item_keys(user, on=TODAY + timedelta(days=1)) == set()


@pytest.mark.django_db
def test_nobody_signed_in_holds_grants():
    assert granted_item_keys(None) == set()
    assert granted_item_keys(AnonymousUser()) == set()
