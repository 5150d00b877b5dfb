"""No output carries anything of the source's metadata: tags, location, device, chapters, names."""

import av
import pytest

from media_pipeline.probe import probe
from tests.media_pipeline import measure
from tests.media_pipeline.conftest import SECRET_CHAPTER, SECRET_TAGS, SECRETS

# What our own muxers write, none of it from the source.
ALLOWED_CONTAINER_TAGS = {"major_brand", "minor_version", "compatible_brands"}
ALLOWED_STREAM_TAGS = {"language", "handler_name", "vendor_id"}
ENCODER_NAMES = [b"Lavf", b"Lavc", b"x264", b"libx264", b"FFmpeg"]



def test_the_tagged_source_really_carries_the_secrets(tagged):
    """Otherwise the checks below would prove nothing."""
    data = tagged.source.read_bytes()
    assert all(secret.encode() in data for secret in SECRETS)
    tags = probe(tagged.source).tags
    assert tags["title"] == SECRET_TAGS["title"]
    assert tags["com.apple.quicktime.location.ISO6709"].startswith("+12.6393")
    with av.open(str(tagged.source)) as container:
        assert any(c["metadata"].get("title") == SECRET_CHAPTER for c in container.chapters())


@pytest.mark.parametrize("name", ["tagged", "audio_only"])
def test_no_output_contains_a_secret_or_an_encoder_name_anywhere_in_its_bytes(name, request):
    encoded = request.getfixturevalue(name)
    assert encoded.all_files
    for path in encoded.all_files:
        data = path.read_bytes()
        assert b"SECRET" not in data, path.name
        for secret in SECRETS:
            for encoding in ("utf-8", "utf-16-be", "utf-16-le"):
                assert secret.encode(encoding) not in data, (path.name, secret)
        for needle in ENCODER_NAMES:
            assert needle not in data, (path.name, needle)


def test_no_output_has_source_tags_chapters_or_encoder_tags(tagged, audio_only, tmp_path):
    containers = [
        tagged.main("download"), tagged.main("audio"), *tagged.files("poster"),
        tagged.main("thumbnails"), audio_only.main("audio"),
        measure.joined_hls(tagged.files("144p"), tmp_path / "144p.mp4"),
        measure.joined_hls(tagged.files("audio"), tmp_path / "audio.mp4"),
    ]
    for path in containers:
        with av.open(str(path)) as container:
            assert set(container.metadata) <= ALLOWED_CONTAINER_TAGS, path.name
            assert not container.chapters(), path.name
            for stream in container.streams:
                assert set(stream.metadata) <= ALLOWED_STREAM_TAGS, (path.name, stream.metadata)
                assert not set(stream.metadata.values()) & set(SECRETS), path.name


def test_published_names_are_random_and_never_the_uploaded_name(tagged):
    for path in tagged.all_files:
        relative = path.relative_to(tagged.output_dir)
        assert "awa" not in str(relative).lower() and "testimony" not in str(relative).lower()
        top = relative.parts[0]
        assert len(top.split(".")[0]) == 32 and int(top.split(".")[0], 16) >= 0
