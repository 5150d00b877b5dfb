"""S3 storage, through boto3, against a real S3-protocol server started by the tests."""

import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from kafamuya.settings.storage import s3_storages
from media_pipeline.models import Media
from tests.factories import MediaFactory


def test_private_files_get_short_lived_signed_urls(s3_storage_settings):
    private = storages["private"]
    name = private.save("consent/form.pdf", ContentFile(b"%PDF signed consent"))
    url = private.url(name)
    query = parse_qs(urlsplit(url).query)
    assert int(query["X-Amz-Expires"][0]) <= 300
    assert "X-Amz-Signature" in query
    assert urlsplit(url).path.startswith(f"/{s3_storage_settings['private_bucket']}/private/")
    with urllib.request.urlopen(url) as response:  # noqa: S310 - the local test server
        assert response.read() == b"%PDF signed consent"


def test_private_store_never_uses_a_custom_domain(s3_storage_settings, monkeypatch):
    monkeypatch.setenv("AWS_S3_CUSTOM_DOMAIN", "media.example.org")
    config = s3_storages()
    assert config["private"]["OPTIONS"]["custom_domain"] is None
    assert config["default"]["OPTIONS"]["custom_domain"] == "media.example.org"
    monkeypatch.setenv("AWS_PRIVATE_BUCKET_NAME", s3_storage_settings["public_bucket"])
    with pytest.raises(ImproperlyConfigured, match="AWS_PRIVATE_BUCKET_NAME"):
        s3_storages()


@pytest.mark.django_db
def test_media_originals_go_to_the_private_bucket(s3_storage_settings):
    media = MediaFactory(with_file="Interview de Fanta.mp4")
    client = s3_storage_settings["client"]
    listed = client.list_objects_v2(Bucket=s3_storage_settings["private_bucket"])
    keys = [item["Key"] for item in listed.get("Contents", [])]
    assert keys == [f"private/originals/{media.uuid}.mp4"]
    public = client.list_objects_v2(Bucket=s3_storage_settings["public_bucket"])
    assert public.get("KeyCount", 0) == 0
    stored = Media.objects.get(pk=media.pk)
    with stored.file.open("rb") as handle:
        assert handle.read(12)[4:8] == b"ftyp"


@pytest.mark.django_db
def test_health_check_writes_to_s3(client, s3_storage_settings):
    response = client.get("/healthz")
    assert response.json()["checks"]["storage"]["ok"] is True
