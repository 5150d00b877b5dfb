"""The pipeline in the admin: every rendition's state, the media's status and message, retrying,
and the staff-only rendition files behind the preview player."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import translation
from wagtail.models import Collection, GroupCollectionPermission, ModelLogEntry
from wagtail.users.models import UserProfile

from media_pipeline.admin_views import RETRY_ACTION
from media_pipeline.models import Media, Rendition
from media_pipeline.processing import process
from media_pipeline.serving import UnsatisfiableRange, byte_range
from media_pipeline.tasks import process_media
from tests.factories import BareMediaFactory, MediaFactory, verified_staff_login


def english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def archivist(client, django_user_model):
    user = english(django_user_model.objects.create_superuser("archivist", "a@example.org", "x"))
    verified_staff_login(client, user)
    return user


@pytest.fixture
def visitor(client, django_user_model):
    """Staff who may use the admin, but not edit media."""
    user = english(django_user_model.objects.create_user("visitor", password="x"))
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    verified_staff_login(client, user)
    return user


def renditions_url(media: Media) -> str:
    return reverse("media_pipeline_admin:renditions", args=[media.pk])


def retry_url(media: Media) -> str:
    return reverse("media_pipeline_admin:retry", args=[media.pk])


def file_url(media: Media, profile: str) -> str:
    return reverse("media_pipeline_admin:rendition_file",
                   kwargs={"media_uuid": media.uuid, "profile": profile})


def rows(response) -> dict[str, list[str]]:
    """The renditions table, by profile: the text of each cell."""
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.select_one(".media-renditions table")
    return {
        row["data-profile"]: [" ".join(cell.get_text(" ").split()) for cell in row.find_all("td")]
        for row in table.select("tbody tr[data-profile]")
    }


@pytest.fixture
def processed(db):
    """A one-second video, processed for real."""
    media = MediaFactory(title="Entretien traité")
    assert process(media.pk) == Media.Processing.READY
    media.refresh_from_db()
    return media


@pytest.mark.django_db
def test_the_renditions_of_a_processed_media_are_listed_with_a_preview(client, archivist,
                                                                        processed):
    response = client.get(renditions_url(processed))
    assert response.status_code == 200
    table = rows(response)
    assert {"hls", "144p", "audio", "download", "poster", "thumbnails"} <= set(table)
    download = processed.renditions.get(profile="download")
    profile, kind, status, progress, size, error = table["download"]
    assert (profile, kind, status, progress, error) == (
        "download", "Progressive MP4 (download)", "Ready", "100 %", "")
    assert size.startswith(f"{download.size_bytes / 1024:.1f} KB")
    assert size.endswith("320×180")
    assert all(cells[2] == "Ready" for cells in table.values())

    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("[data-processing-status]").get_text(strip=True) == "Ready"
    video = soup.select_one(".media-preview video")
    assert video["src"] == file_url(processed, "download")
    assert video["poster"] == file_url(processed, "poster")
    assert soup.select_one(f'.media-preview a[href="{processed.url}"]')
    assert not soup.select_one('meta[http-equiv="refresh"]')  # nothing left to follow


@pytest.mark.django_db
def test_a_failed_media_shows_its_message_and_each_renditions_error_and_progress(
    client, archivist
):
    media = BareMediaFactory(processing_status=Media.Processing.FAILED,
                             processing_code="encode-failed",
                             processing_detail="EncodeError: encoding failed: Invalid data")
    Rendition.objects.create(media=media, profile="audio", kind="audio",
                             status=Rendition.Status.FAILED, progress=40,
                             error="encoding failed: Invalid data found")
    Rendition.objects.create(media=media, profile="waveform", kind="waveform",
                             status=Rendition.Status.RUNNING, progress=55)
    response = client.get(renditions_url(media))
    assert response.status_code == 200
    table = rows(response)
    assert table["audio"] == ["audio", "Audio", "Failed", "40 %", "",
                              "encoding failed: Invalid data found"]
    assert table["waveform"][2:4] == ["Running", "55 %"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".media-processing__message").get_text(strip=True).startswith(
        "Making the versions for viewing and listening failed.")  # the archivist's English
    assert "Invalid data" in soup.select_one(".media-processing__detail").get_text()
    button = soup.select_one(f'form[action="{retry_url(media)}"] button')
    assert button.get_text(strip=True) == "Retry processing"
    assert soup.select_one('meta[http-equiv="refresh"]')  # a rendition still runs
    assert "No rendition to preview yet." in soup.get_text()


@pytest.mark.django_db
def test_a_rejected_media_shows_the_plain_reason_in_the_readers_language(client, archivist):
    media = MediaFactory()
    media.file.save("clip.mp4", ContentFile(b"this is a letter, not a video\n" * 50))
    with translation.override("fr"):  # the worker's language is not the reader's
        assert process(media.pk) == Media.Processing.REJECTED
    response = client.get(renditions_url(media))
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("[data-processing-status]").get_text(strip=True) == "Rejected"
    message = soup.select_one(".media-processing__message").get_text(strip=True)
    assert message == ("This file contains text, not a video or a sound recording. It may have "
                       "been renamed by mistake.")
    assert "Why the file was rejected" in soup.get_text()

    profile = UserProfile.get_for_user(archivist)
    profile.preferred_language = "fr"
    profile.save()
    soup = BeautifulSoup(client.get(renditions_url(media)).content, "html.parser")
    assert soup.select_one(".media-processing__message").get_text(strip=True).startswith(
        "Ce fichier contient du texte")


@pytest.mark.django_db
def test_the_edit_page_shows_the_status_and_links_to_the_renditions(client, archivist):
    media = BareMediaFactory(
        processing_status=Media.Processing.REJECTED,
        processing_code="too-long",
    )
    response = client.get(reverse("wagtailmedia:edit", args=[media.pk]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("[data-processing-status]").get_text(strip=True) == "Rejected"
    assert "longer than the archive accepts" in soup.select_one(
        ".media-processing__message").get_text()
    assert soup.select_one(f'a[href="{renditions_url(media)}"]')
    assert soup.select_one("form #id_file")  # still wagtailmedia's edit form


@pytest.mark.django_db
def test_retry_queues_the_media_again_and_is_recorded(client, archivist,
                                                     django_capture_on_commit_callbacks):
    media = BareMediaFactory(processing_status=Media.Processing.FAILED,
                             processing_code="storage-unavailable")
    failed = Rendition.objects.create(media=media, profile="audio", kind="audio",
                                      status=Rendition.Status.FAILED, progress=40, error="x")
    ready = Rendition.objects.create(media=media, profile="waveform", kind="waveform",
                                     status=Rendition.Status.READY, progress=100)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(retry_url(media))
    assert response.status_code == 302
    assert response["Location"] == renditions_url(media)

    media.refresh_from_db()
    assert (media.processing_status, media.processing_code, media.processing_message) == (
        Media.Processing.PENDING, "", "")
    failed.refresh_from_db()
    assert (failed.status, failed.progress, failed.error) == (Rendition.Status.QUEUED, 0, "")
    ready.refresh_from_db()
    assert ready.status == Rendition.Status.READY  # kept until the new run replaces it
    assert [(cb.func, cb.args) for cb in callbacks] == [(process_media.enqueue, (media.pk,))]
    entry = ModelLogEntry.objects.get(action=RETRY_ACTION, object_id=str(media.pk))
    assert entry.user == archivist


@pytest.mark.django_db
def test_retry_is_a_post_only(client, archivist):
    media = BareMediaFactory(processing_status=Media.Processing.FAILED)
    response = client.get(retry_url(media))
    assert response.status_code == 405
    media.refresh_from_db()
    assert media.processing_status == Media.Processing.FAILED


@pytest.mark.django_db
def test_retry_is_not_offered_while_a_job_is_queued(client, archivist,
                                                   django_capture_on_commit_callbacks):
    media = BareMediaFactory(processing_status=Media.Processing.PROCESSING)
    soup = BeautifulSoup(client.get(renditions_url(media)).content, "html.parser")
    assert not soup.select_one(".media-processing form")
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(retry_url(media))
    assert callbacks == []


@pytest.mark.django_db
def test_staff_who_may_not_edit_media_are_refused(client, visitor, processed):
    page = client.get(renditions_url(processed))  # Wagtail's way: back to the dashboard
    assert (page.status_code, page["Location"]) == (302, reverse("wagtailadmin_home"))
    assert client.post(retry_url(processed)).status_code == 403
    assert client.get(file_url(processed, "download")).status_code == 403
    processed.refresh_from_db()
    assert processed.processing_status == Media.Processing.READY


@pytest.mark.django_db
def test_the_model_permission_is_enough(client, visitor):
    visitor.user_permissions.add(Permission.objects.get(
        codename="change_media", content_type__app_label="media_pipeline"))
    media = BareMediaFactory(processing_status=Media.Processing.FAILED)
    assert client.get(renditions_url(media)).status_code == 200
    assert client.post(retry_url(media)).status_code == 302


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login(client):
    media = BareMediaFactory()
    for url in (renditions_url(media), file_url(media, "download")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.django_db
def test_a_rendition_file_is_served_privately_with_byte_ranges(client, archivist, processed):
    download = processed.renditions.get(profile="download")
    with storages["private"].open(download.main_file, "rb") as stored:
        content = stored.read()

    whole = client.get(file_url(processed, "download"))
    assert whole.status_code == 200
    assert whole["Content-Type"] == "video/mp4"
    assert {"private", "no-store"} <= set(whole["Cache-Control"].split(", "))
    assert whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == content

    part = client.get(file_url(processed, "download"), headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{len(content)}"
    assert part["Content-Length"] == "100"
    assert b"".join(part.streaming_content) == content[100:200]

    beyond = client.get(file_url(processed, "download"),
                        headers={"Range": f"bytes={len(content)}-"})
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(content)}"

    audio = client.get(file_url(processed, "audio"))
    assert audio["Content-Type"] == "audio/mp4"
    # (a 404 under /admin/ is redirected to /fr/admin/..., which is a 404 too)
    assert client.get(file_url(processed, "no-such-profile"), follow=True).status_code == 404


@pytest.mark.django_db
def test_only_ready_renditions_are_served(client, archivist):
    media = BareMediaFactory()
    Rendition.objects.create(media=media, profile="audio", kind="audio",
                             status=Rendition.Status.RUNNING, files=["renditions/x/a.m4a"])
    assert client.get(file_url(media, "audio"), follow=True).status_code == 404


@pytest.mark.parametrize(("header", "expected"), [
    ("", None),
    ("bytes=0-0", (0, 0)),
    ("bytes=10-", (10, 999)),
    ("bytes=990-5000", (990, 999)),
    ("bytes=-100", (900, 999)),
    ("bytes=-5000", (0, 999)),
    ("bytes=0-1, 5-6", None),  # several ranges: the whole file, as RFC 9110 allows
    ("items=0-1", None),
])
def test_byte_ranges(header, expected):
    assert byte_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5-2", "bytes=-0"])
def test_unsatisfiable_byte_ranges(header):
    with pytest.raises(UnsatisfiableRange):
        byte_range(header, 1000)



@pytest.mark.django_db
def test_wagtails_collection_permission_on_media_is_enough(client, visitor):
    """Archivists usually get media rights per collection, as wagtailmedia grants them."""
    editors = Group.objects.create(name="Éditrices des médias")
    GroupCollectionPermission.objects.create(
        group=editors, collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(codename="change_media",
                                          content_type__app_label="wagtailmedia"),
    )
    visitor.groups.add(editors)
    media = BareMediaFactory(processing_status=Media.Processing.FAILED)
    assert client.get(renditions_url(media)).status_code == 200
    assert client.post(retry_url(media)).status_code == 302
