"""Archivists decide applications and make grants in Wagtail's admin."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from archive.models import TestimonyIndexPage, TestimonyPage
from archive.researchers.models import AccessGrant, ResearcherApplication
from tests.factories import verified_staff_login

Status = ResearcherApplication.Status


@pytest.fixture
def archivist(db, client, django_user_model):
    user = django_user_model.objects.create_superuser("archiviste", "arch@example.org", "x")
    verified_staff_login(client, user)
    return user


def in_a_year():
    return timezone.localdate() + timedelta(days=365)


def test_applications_are_listed_and_inspected_with_their_decisions(client, archivist,
                                                                    make_application):
    application = make_application()
    response = client.get(reverse("researcher_applications:index"))
    assert response.status_code == 200
    assert application.full_name in response.content.decode()
    approve_url = reverse("researcher_applications:approve", args=[application.pk])
    assert approve_url in response.content.decode()
    response = client.get(reverse("researcher_applications:inspect", args=[application.pk]))
    assert response.status_code == 200
    assert application.purpose in response.content.decode()
    assert approve_url in response.content.decode()
    # Applications come from the public form only: no add or edit view.
    for name in ("add", "edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"researcher_applications:{name}", args=[] if name == "add" else [1])


def test_approval_requires_an_expiry_date_then_emails_the_applicant(client, archivist,
                                                                    make_application):
    application = make_application(language="fr")
    url = reverse("researcher_applications:approve", args=[application.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"expires_on": "", "message": ""})
    assert response.status_code == 200
    assert "expires_on" in response.context["form"].errors
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(url, {"expires_on": yesterday.isoformat(), "message": ""})
    assert "expires_on" in response.context["form"].errors
    application.refresh_from_db()
    assert application.status == Status.PENDING
    assert mail.outbox == []

    expiry = in_a_year()
    response = client.post(url, {"expires_on": expiry.isoformat(),
                                 "message": "Bienvenue dans l'archive."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert application.expires_on == expiry
    assert application.decided_by == archivist
    assert application.decided_at is not None
    [email] = mail.outbox
    assert email.to == [application.user.email]
    assert "approuvé" in email.subject  # in the language the applicant applied in
    assert str(expiry.year) in email.body
    assert "Bienvenue dans l'archive." in email.body
    assert "/fr/_util/login/" in email.body


def test_refusal_emails_the_applicant_in_their_language(client, archivist, make_application):
    application = make_application(language="en")
    url = reverse("researcher_applications:refuse", args=[application.pk])
    response = client.post(url, {"message": "Please reapply with a supervisor's letter."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.REFUSED
    assert application.expires_on is None
    [email] = mail.outbox
    assert email.to == [application.user.email]
    assert "not able to approve" in email.body
    assert "supervisor's letter" in email.body


def test_deciding_needs_the_change_permission(client, make_application, django_user_model):
    editor = django_user_model.objects.create_user("editrice", "e@example.org", "x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    verified_staff_login(client, editor)
    application = make_application()
    url = reverse("researcher_applications:approve", args=[application.pk])
    response = client.post(url, {"expires_on": in_a_year().isoformat()})
    assert response.status_code in (302, 403)
    application.refresh_from_db()
    assert application.status == Status.PENDING
    assert mail.outbox == []


def grant_data(user, **fields):
    return {"user": str(user.pk), "item_page": "", "collection_page": "",
            "expires_on": in_a_year().isoformat(), "note": "", **fields}


def test_grants_are_made_with_the_page_chooser_and_store_translation_keys(
        client, archivist, make_application):
    researcher = make_application(Status.APPROVED, expires_on=in_a_year()).user
    awa = TestimonyPage.objects.get(locale__language_code="fr", slug="temoignage-awa")
    add_url = reverse("access_grants:add")
    assert client.get(add_url).status_code == 200

    response = client.post(add_url, grant_data(researcher, item_page=str(awa.pk),
                                                note="Thèse de doctorat"))
    assert response.status_code == 302, response.context["form"].errors
    grant = AccessGrant.objects.get(user=researcher)
    assert grant.item_key == awa.translation_key and grant.collection_key is None
    assert grant.granted_by == archivist
    assert grant.expires_on == in_a_year()

    index = TestimonyIndexPage.objects.get(locale__language_code="fr")
    response = client.post(add_url, grant_data(researcher, collection_page=str(index.pk)))
    assert response.status_code == 302
    assert AccessGrant.objects.filter(user=researcher,
                                      collection_key=index.translation_key).exists()

    listing = client.get(reverse("access_grants:index")).content.decode()
    assert awa.title in listing and index.title in listing
    edit = client.get(reverse("access_grants:edit", args=[grant.pk]))
    assert edit.status_code == 200


@pytest.mark.parametrize("fields", [
    {},  # neither an item nor a collection
    {"item_page": "ITEM", "collection_page": "INDEX"},  # both
    {"item_page": "INDEX"},  # an index page is not an item
    {"collection_page": "ITEM"},  # an item is not a collection
    {"item_page": "ITEM", "expires_on": "2001-01-01"},  # already expired
])
def test_bad_grants_are_refused(client, archivist, make_application, fields):
    researcher = make_application(Status.APPROVED, expires_on=in_a_year()).user
    pages = {"ITEM": str(TestimonyPage.objects.first().pk),
             "INDEX": str(TestimonyIndexPage.objects.first().pk)}
    data = grant_data(researcher, **{k: pages.get(v, v) for k, v in fields.items()})
    response = client.post(reverse("access_grants:add"), data)
    assert response.status_code == 200
    assert not AccessGrant.objects.exists()
