"""Originals are private: stored under a UUID name, served only to staff who may edit media."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from tests.factories import MediaFactory, verified_staff_login


@pytest.mark.django_db
def test_uploaded_name_is_never_kept():
    media = MediaFactory(with_file="Aminata Traoré, Sévaré 2025.mp4")
    assert media.file.name == f"originals/{media.uuid}.mp4"
    assert "Aminata" not in media.file.name


@pytest.mark.django_db
def test_original_has_no_storage_url_only_the_checked_view():
    media = MediaFactory()
    with pytest.raises(ValueError, match="no public URL"):
        media.file.url  # noqa: B018
    assert media.url == f"/files/{media.uuid}/original"


@pytest.mark.django_db
def test_anonymous_and_unprivileged_users_are_refused(client):
    media = MediaFactory()
    assert client.get(media.url).status_code == 403
    user = get_user_model().objects.create_user("visitor", password="x")
    client.force_login(user)
    assert client.get(media.url).status_code == 403


@pytest.mark.django_db
def test_editors_of_media_get_the_file_privately(client):
    media = MediaFactory()
    editors = Group.objects.create(name="Media editors")
    editors.permissions.add(Permission.objects.get(codename="change_media",
                                                   content_type__app_label="media_pipeline"))
    user = get_user_model().objects.create_user("archivist", password="x")
    user.groups.add(editors)
    client.force_login(user)
    response = client.get(media.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    media.file.open("rb")
    assert b"".join(response.streaming_content) == media.file.read()


@pytest.mark.django_db
def test_unknown_media_is_403_to_the_public_and_404_to_staff(client):
    url = "/files/00000000-0000-0000-0000-000000000000/original"
    assert client.get(url).status_code == 403
    verified_staff_login(client,
                         get_user_model().objects.create_superuser("boss", "b@example.org", "x"))
    assert client.get(url, follow=True).status_code == 404
