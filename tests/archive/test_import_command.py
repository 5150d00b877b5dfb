"""`manage.py import_transcript MEDIA FILE --language LANG`, end to end."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import Transcript, TranscriptSegment
from tests.factories import BareMediaFactory, TranscriptFactory

pytestmark = pytest.mark.django_db

VTT = ("WEBVTT\n\n00:00:00.000 --> 00:00:01.001\n<v Animatrice>Bonjour.\n\n"
       "00:00:01.001 --> 01:00:00.001\n<v Awa K.>Je m'appelle Awa.\n")


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_transcript", *[str(a) for a in args], stdout=out)
    return out.getvalue()


@pytest.fixture
def vtt_file(tmp_path):
    path = tmp_path / "awa.vtt"
    path.write_text(VTT, encoding="utf-8")
    return path


def test_import_by_id(vtt_file):
    media = BareMediaFactory()
    output = run(media.pk, vtt_file, "--language", "fr")
    transcript = Transcript.objects.get(media=media, language="fr")
    assert "2 segments imported" in output
    assert [(s.start_ms, s.end_ms, s.speaker) for s in transcript.ordered_segments()] == [
        (0, 1001, "Animatrice"), (1001, 3_600_001, "Awa K.")]
    assert (transcript.provenance, transcript.status) == ("human", "draft")


def test_import_by_uuid_as_a_reviewed_machine_transcript(vtt_file):
    media = BareMediaFactory()
    run(media.uuid, vtt_file, "--language", "bm", "--provenance", "machine",
        "--status", "reviewed")
    transcript = Transcript.objects.get(media=media)
    assert (transcript.language, transcript.provenance, transcript.status) == (
        "bm", "machine", "reviewed")


def test_import_a_translation(vtt_file):
    french = TranscriptFactory(segments=2)
    run(french.media.pk, vtt_file, "--language", "en", "--translated-from", "fr")
    english = Transcript.objects.get(media=french.media, language="en")
    assert (english.provenance, english.translated_from) == ("translated", french)


def test_timed_text_and_srt(tmp_path):
    media = BareMediaFactory(duration=4)
    text = tmp_path / "awa.txt"
    text.write_text("[00:00:00] Animatrice: Bonjour\n[00:00:02.5] Awa K.: Oui\n")
    run(media.pk, text, "--language", "fr")
    assert [(s.start_ms, s.end_ms) for s in Transcript.objects.get(
        media=media).ordered_segments()] == [(0, 2500), (2500, 4000)]
    srt = tmp_path / "sous-titres"  # no suffix: the content tells
    srt.write_text("1\n00:00:00,000 --> 00:00:01,000\nHello\n")
    run(media.pk, srt, "--language", "en")
    assert Transcript.objects.get(media=media, language="en").segments.count() == 1


def test_malformed_file_names_the_file_and_line_and_creates_nothing(tmp_path):
    media = BareMediaFactory()
    path = tmp_path / "awa.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nUn\n\nx\n00:00:02,000 --> 00:00:03,000\n")
    with pytest.raises(CommandError) as caught:
        run(media.pk, path, "--language", "fr")
    message = str(caught.value)
    assert message.startswith(f"{path}, line 5: ")
    assert "\n" not in message
    assert not Transcript.objects.filter(media=media).exists()
    assert not TranscriptSegment.objects.filter(transcript__media=media).exists()


def test_existing_transcript_needs_replace(vtt_file):
    old = TranscriptFactory(segments=3)
    with pytest.raises(CommandError, match="--replace"):
        run(old.media.pk, vtt_file, "--language", "fr")
    assert old.segments.count() == 3
    run(old.media.pk, vtt_file, "--language", "fr", "--replace")
    assert old.segments.count() == 2


@pytest.mark.parametrize("media", ["999999", "00000000-0000-0000-0000-000000000000", "awa"])
def test_unknown_media(vtt_file, media):
    with pytest.raises(CommandError):
        run(media, vtt_file, "--language", "fr")


def test_missing_file_and_missing_source(tmp_path, vtt_file):
    media = BareMediaFactory()
    with pytest.raises(CommandError, match="no such file"):
        run(media.pk, tmp_path / "absent.vtt", "--language", "fr")
    with pytest.raises(CommandError, match="no transcript in fr"):
        run(media.pk, vtt_file, "--language", "en", "--translated-from", "fr")


def test_help_documents_timed_text():
    from archive.management.commands.import_transcript import Command

    text = Command().create_parser("manage.py", "import_transcript").format_help()
    assert "[00:00:02.500] Awa K.: Je m'appelle Awa." in text
    assert "--replace" in text
