"""The audit log: recorded by record_access, read, filtered and exported by archivists only."""

import csv
import io
import logging
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.db import DatabaseError, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone

from archive.audit.models import AuditEntry
from archive.audit.services import record_access
from archive.models import TestimonyPage
from tests.factories import verified_staff_login

KEY = uuid.UUID("6f1c3f9e-8f5a-4c1e-9d7b-2a4e5c6d7e8f")


@pytest.fixture
def reader(db, django_user_model):
    return django_user_model.objects.create_user("lectrice", "l@example.org", "x")


def test_an_access_is_one_insert_with_a_snapshot_of_the_user(reader):
    request = RequestFactory().get("/fr/temoignages/awa/")
    request.user = reader
    with CaptureQueriesContext(connection) as queries:
        record_access(request, item_key=KEY, media_id=7, surface="media", action="play",
                      detail="low")
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.user_label, entry.item_key, entry.media_id, entry.surface,
            entry.action, entry.detail) == (reader, "lectrice", KEY, 7, "media", "play", "low")
    assert timezone.now() - entry.at < timedelta(minutes=1)

    reader.delete()  # the entry stays, and still says who it was
    entry.refresh_from_db()
    assert entry.user is None and entry.user_label == "lectrice"


def test_a_user_or_an_anonymous_visitor_can_be_recorded(reader):
    record_access(reader, item_key=None, media_id=None, surface="search", action="view")
    record_access(AnonymousUser(), item_key=KEY, media_id=None, surface="page", action="view")
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    record_access(request, item_key=KEY, media_id=None, surface="page", action="view")
    labels = list(AuditEntry.objects.order_by("pk").values_list("user_id", "user_label"))
    assert labels == [(reader.pk, "lectrice"), (None, "(anonymous)"), (None, "(anonymous)")]


def test_a_failure_is_logged_never_raised(reader, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(AuditEntry, "save", broken)
    with caplog.at_level(logging.WARNING, logger="archive.audit.services"):
        record_access(reader, item_key=KEY, media_id=1, surface="media", action="download")
    assert "could not record" in caplog.text
    monkeypatch.undo()
    assert not AuditEntry.objects.exists()
    # The caller's transaction is still usable.
    record_access(reader, item_key=KEY, media_id=1, surface="media", action="download")
    assert AuditEntry.objects.count() == 1


def test_entries_cannot_be_changed(reader):
    record_access(reader, item_key=KEY, media_id=None, surface="page", action="view")
    entry = AuditEntry.objects.get()
    entry.action = "download"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()


# --- the admin -----------------------------------------------------------------------------------
@pytest.fixture
def log(reader, django_user_model):
    """Five entries over three days, by two users, on two items."""
    awa = TestimonyPage.objects.get(locale__language_code="fr", slug="temoignage-awa")
    other = django_user_model.objects.create_user("=cmd|' /C calc'!A0", "o@example.org", "x")
    now = timezone.now()
    rows = [
        (reader, awa.translation_key, 11, "media", "play", now),
        (reader, awa.translation_key, None, "page", "view", now - timedelta(days=1)),
        (reader, KEY, 12, "rendition", "download", now - timedelta(days=2)),
        (other, awa.translation_key, 11, "transcript", "download", now),
        (other, None, None, "search", "view", now - timedelta(days=2)),
    ]
    for user, key, media_id, surface, action, at in rows:
        AuditEntry.objects.create(user=user, user_label=user.username, item_key=key,
                                  media_id=media_id, surface=surface, action=action, at=at)
    return {"awa": awa, "other": other, "now": now}


@pytest.fixture
def archivist_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("archiviste", "a@example.org", "x")
    verified_staff_login(client, user)
    return client


def listed(client, **params):
    response = client.get(reverse("audit:index"), params)
    assert response.status_code == 200
    return {(e.user_label, e.surface, e.action) for e in response.context["object_list"]}


def test_archivists_filter_the_log(archivist_client, log):
    assert len(listed(archivist_client)) == 5
    assert listed(archivist_client, user="lectr") == {
        ("lectrice", "media", "play"), ("lectrice", "page", "view"),
        ("lectrice", "rendition", "download")}
    assert listed(archivist_client, surface="search") == {(log["other"].username, "search",
                                                          "view")}
    assert {a for _u, _s, a in listed(archivist_client, action="download")} == {"download"}
    by_title = listed(archivist_client, item=log["awa"].title[:8])
    by_key = listed(archivist_client, item=str(log["awa"].translation_key))
    assert by_title == by_key and len(by_key) == 3
    today = timezone.localdate(log["now"]).isoformat()
    assert len(listed(archivist_client, at_from=today, at_to=today)) == 2
    page = archivist_client.get(reverse("audit:index")).content.decode()
    assert log["awa"].title in page  # items are shown by title


def test_archivists_export_the_filtered_log_as_csv_and_the_export_is_logged(
        archivist_client, log):
    response = archivist_client.get(reverse("audit:index"), {"export": "csv",
                                                             "action": "download"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, body = rows[0], rows[1:]
    assert "Surface" in header and "Action" in header
    assert len(body) == 2
    action = header.index("Action")
    assert {row[action] for row in body} == {"download"}
    # A user name that a spreadsheet would run as a formula is written as text.
    assert any(cell.startswith("'=cmd") for row in body for cell in row)
    export = AuditEntry.objects.get(surface="export")
    assert export.user_label == "archiviste" and export.action == "export"
    assert "action=download" in export.detail


def test_the_log_is_refused_to_everyone_else(client, log, django_user_model):
    url = reverse("audit:index")
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    visitor = django_user_model.objects.create_user("visiteuse", "v@example.org", "x")
    client.force_login(visitor)
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    editor = django_user_model.objects.create_user("editrice", "e@example.org", "x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    verified_staff_login(client, editor)  # staff, but without the audit permission
    response = client.get(url, {"export": "csv"})
    assert response.status_code in (302, 403)
    assert not response.get("Content-Type", "").startswith("text/csv")


def test_the_admin_has_no_way_to_add_edit_or_delete_entries(archivist_client, log):
    for name in ("add", "edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"audit:{name}", args=[] if name == "add" else [1])
    entry = AuditEntry.objects.first()
    assert archivist_client.get(reverse("audit:inspect", args=[entry.pk])).status_code == 200
    for path in (f"/admin/audit/delete/{entry.pk}/", f"/admin/audit/edit/{entry.pk}/"):
        assert resolve(path).url_name is None  # only the admin's catch-all "not found"
        assert archivist_client.post(path, follow=True).status_code == 404
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
