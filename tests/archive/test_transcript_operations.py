"""Split, merge, shift and translate, as services and through the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from archive.models import Transcript, TranscriptSegment
from archive.transcripts.operations import (
    TranscriptOperationError,
    merge_with_next,
    shift_transcript,
    split_segment,
    translate_transcript,
)
from tests.factories import BareMediaFactory, SegmentFactory, TranscriptFactory

pytestmark = pytest.mark.django_db


def rows(transcript):
    return [(s.start_ms, s.end_ms, s.speaker, s.text) for s in transcript.ordered_segments()]


@pytest.fixture
def transcript():
    transcript = TranscriptFactory()
    for index, (start, end, speaker, text) in enumerate([
        (0, 1001, "Animatrice", "Pouvez-vous vous présenter ?"),
        (1001, 4001, "Awa K.", "Je m'appelle Awa et je viens de Mopti."),
        (4001, 5000, "Awa K.", "Merci."),
    ]):
        SegmentFactory(transcript=transcript, sort_order=index, start_ms=start, end_ms=end,
                       speaker=speaker, text=text)
    return transcript


# --- split ----------------------------------------------------------------------------------------
def test_split_cuts_times_and_text_at_the_nearest_space(transcript):
    segment = transcript.ordered_segments()[1]
    first, second = segment.split(2501)
    assert rows(transcript) == [
        (0, 1001, "Animatrice", "Pouvez-vous vous présenter ?"),
        (1001, 2501, "Awa K.", "Je m'appelle Awa et"),
        (2501, 4001, "Awa K.", "je viens de Mopti."),
        (4001, 5000, "Awa K.", "Merci."),
    ]
    assert [s.sort_order for s in transcript.ordered_segments()] == [0, 1, 2, 3]
    assert (first.pk, second.pk) == (segment.pk, transcript.ordered_segments()[2].pk)


def test_split_at_a_given_character(transcript):
    split_segment(transcript.ordered_segments()[1], 3000, text_at=4)
    assert [r[3] for r in rows(transcript)[1:3]] == ["Je m", "'appelle Awa et je viens de Mopti."]


@pytest.mark.parametrize("at", [1001, 4001, 0, 9000])
def test_split_outside_the_segment_changes_nothing(transcript, at):
    before = rows(transcript)
    with pytest.raises(TranscriptOperationError):
        split_segment(transcript.ordered_segments()[1], at)
    assert rows(transcript) == before


# --- merge ----------------------------------------------------------------------------------------
def test_merge_with_next(transcript):
    merged = merge_with_next(transcript.ordered_segments()[1])
    assert rows(transcript) == [
        (0, 1001, "Animatrice", "Pouvez-vous vous présenter ?"),
        (1001, 5000, "Awa K.", "Je m'appelle Awa et je viens de Mopti. Merci."),
    ]
    assert merged.pk == transcript.ordered_segments()[1].pk


def test_merge_refuses_the_last_segment_and_different_speakers(transcript):
    before = rows(transcript)
    with pytest.raises(TranscriptOperationError):
        transcript.ordered_segments()[2].merge_with_next()
    with pytest.raises(TranscriptOperationError, match="different speakers"):
        merge_with_next(transcript.ordered_segments()[0])
    assert rows(transcript) == before


def test_split_then_merge_gives_the_segment_back(transcript):
    before = rows(transcript)
    first, _second = split_segment(transcript.ordered_segments()[1], 1002)
    merge_with_next(first)
    assert rows(transcript) == before


# --- shift ----------------------------------------------------------------------------------------
def test_shift_every_segment_by_milliseconds(transcript):
    assert transcript.shift(3_600_001) == 3
    assert [r[:2] for r in rows(transcript)] == [
        (3_600_001, 3_601_002), (3_601_002, 3_604_002), (3_604_002, 3_605_001)]
    assert shift_transcript(transcript, -3_600_001) == 3
    assert [r[:2] for r in rows(transcript)] == [(0, 1001), (1001, 4001), (4001, 5000)]


def test_shift_from_a_time_on(transcript):
    shift_transcript(transcript, -1, from_ms=1001)
    assert [r[:2] for r in rows(transcript)] == [(0, 1001), (1000, 4000), (4000, 4999)]


def test_shift_before_zero_is_refused(transcript):
    before = rows(transcript)
    with pytest.raises(TranscriptOperationError):
        shift_transcript(transcript, -1)
    assert rows(transcript) == before


# --- translate ------------------------------------------------------------------------------------
def test_translate_keeps_timings_and_speakers_with_empty_text(transcript):
    english = transcript.translate_into("en")
    assert (english.language, english.provenance, english.status, english.translated_from) == (
        "en", Transcript.Provenance.TRANSLATED, Transcript.Status.DRAFT, transcript)
    assert [r[:3] for r in rows(english)] == [r[:3] for r in rows(transcript)]
    assert [r[3] for r in rows(english)] == ["", "", ""]


def test_translate_can_copy_the_text(transcript):
    bambara = translate_transcript(transcript, "bm", copy_text=True)
    assert rows(bambara) == rows(transcript)


def test_translate_refuses_an_existing_or_the_same_language(transcript):
    transcript.translate_into("en")
    with pytest.raises(TranscriptOperationError):
        transcript.translate_into("en")
    with pytest.raises(TranscriptOperationError):
        transcript.translate_into("fr")
    with pytest.raises(TranscriptOperationError):
        transcript.translate_into("xx")
    assert Transcript.objects.filter(media=transcript.media).count() == 2


def test_renumber_puts_segments_in_time_order():
    transcript = TranscriptFactory()
    late = SegmentFactory(transcript=transcript, sort_order=0, start_ms=5000, end_ms=6000)
    early = SegmentFactory(transcript=transcript, sort_order=1, start_ms=0, end_ms=1000)
    transcript.renumber()
    assert list(transcript.ordered_segments()) == [early, late]


# --- the admin ------------------------------------------------------------------------------------
@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("archiviste", "a@example.org", "x")
    client.force_login(user)
    return client


def tools_url(transcript):
    return reverse("transcript:tools", args=[transcript.pk])


def test_admin_pages_render(admin_client, transcript):
    english = transcript.translate_into("en", copy_text=True)
    for url in [reverse("transcript:index"), reverse("transcript:add"),
                reverse("transcript:edit", args=[transcript.pk]), tools_url(transcript),
                reverse("transcript:translation", args=[english.pk]),
                reverse("transcript:import")]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
    body = admin_client.get(tools_url(transcript)).content.decode()
    assert f'src="{transcript.media.url}"' in body
    assert f'src="/captions/{transcript.media.uuid}/fr.vtt" default' in body


def test_admin_edits_segments_inline_and_keeps_them_in_time_order(admin_client):
    media = BareMediaFactory()
    data = nested_form_data({
        "media": media.pk, "language": "fr", "status": "draft", "provenance": "human",
        "translated_from": "",
        "segments": inline_formset([
            {"start_ms": "00:00:02.500", "end_ms": "00:00:03.001", "speaker": "Awa K.",
             "text": "Deuxième."},
            {"start_ms": "00:00:00.000", "end_ms": "2500ms", "speaker": "Animatrice",
             "text": "Première."},
        ]),
    })
    response = admin_client.post(reverse("transcript:add"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    transcript = Transcript.objects.get(media=media)
    assert rows(transcript) == [(0, 2500, "Animatrice", "Première."),
                                (2500, 3001, "Awa K.", "Deuxième.")]


def test_admin_refuses_a_segment_ending_before_it_starts(admin_client):
    media = BareMediaFactory()
    data = nested_form_data({
        "media": media.pk, "language": "fr", "status": "draft", "provenance": "human",
        "translated_from": "",
        "segments": inline_formset([{"start_ms": "00:00:02", "end_ms": "00:00:01",
                                     "speaker": "", "text": "x"}]),
    })
    response = admin_client.post(reverse("transcript:add"), data)
    assert response.status_code == 200
    assert not Transcript.objects.filter(media=media).exists()


def test_admin_tools_split_merge_shift_translate(admin_client, transcript):
    second = transcript.ordered_segments()[1]
    url = tools_url(transcript)
    assert admin_client.post(url, {"action": "split", "segment": second.pk,
                                   "at": "00:00:02.501"}).status_code == 302
    assert [r[:2] for r in rows(transcript)][1:3] == [(1001, 2501), (2501, 4001)]

    admin_client.post(url, {"action": "merge", "segment": second.pk})
    assert [r[:2] for r in rows(transcript)] == [(0, 1001), (1001, 4001), (4001, 5000)]

    admin_client.post(url, {"action": "shift", "delta": "+00:00:01.001"})
    assert rows(transcript)[0][:2] == (1001, 2002)
    admin_client.post(url, {"action": "shift", "delta": "-1.001"})
    assert rows(transcript)[0][:2] == (0, 1001)

    response = admin_client.post(url, {"action": "translate", "language": "en",
                                       "copy_text": "on"})
    english = Transcript.objects.get(media=transcript.media, language="en")
    assert response["Location"] == reverse("transcript:translation", args=[english.pk])
    assert rows(english) == rows(transcript)


def test_admin_tools_report_errors_without_changing_anything(admin_client, transcript):
    before = rows(transcript)
    response = admin_client.post(tools_url(transcript), {"action": "shift", "delta": "-5"},
                                 follow=True)
    assert "before the start of the media" in response.content.decode()
    response = admin_client.post(tools_url(transcript), {
        "action": "split", "segment": transcript.ordered_segments()[0].pk, "at": "nonsense"},
        follow=True)
    assert response.status_code == 200
    assert rows(transcript) == before
    assert admin_client.post(tools_url(transcript), {"action": "drop"}).status_code == 400


def test_admin_translation_side_by_side(admin_client, transcript):
    english = transcript.translate_into("en")
    segments = list(english.ordered_segments())
    url = reverse("transcript:translation", args=[english.pk])
    body = admin_client.get(url).content.decode()
    assert "Je m&#x27;appelle Awa et je viens de Mopti." in body
    admin_client.post(url, {f"text-{segments[0].pk}": "Can you introduce yourself?",
                            f"text-{segments[1].pk}": "My name is Awa.\r\nI come from Mopti.",
                            "status": "reviewed"})
    english.refresh_from_db()
    assert [r[3] for r in rows(english)] == [
        "Can you introduce yourself?", "My name is Awa.\nI come from Mopti.", ""]
    assert english.status == "reviewed"


def test_admin_import_refuses_a_malformed_file_naming_the_line(admin_client):
    media = BareMediaFactory()
    upload = SimpleUploadedFile("awa.srt", b"1\n00:00:01,000 --> 00:00:02,000\nUn\n\n"
                                           b"2\n00:00:02,000 => 00:00:03,000\nDeux\n")
    response = admin_client.post(reverse("transcript:import"), {
        "media": media.pk, "language": "fr", "provenance": "human", "file": upload})
    assert response.status_code == 200
    assert "awa.srt, line 6" in response.content.decode()
    assert not Transcript.objects.filter(media=media).exists()
    assert not TranscriptSegment.objects.filter(transcript__media=media).exists()

    upload = SimpleUploadedFile("awa.srt", b"1\n00:00:01,000 --> 00:00:02,000\nUn\n")
    response = admin_client.post(reverse("transcript:import"), {
        "media": media.pk, "language": "fr", "provenance": "human", "file": upload})
    transcript = Transcript.objects.get(media=media)
    assert response["Location"] == tools_url(transcript)
    assert rows(transcript) == [(1000, 2000, "", "Un")]


def test_admin_tools_need_the_change_permission(client, transcript):
    user = get_user_model().objects.create_user("lecteur", password="x")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    before = rows(transcript)
    response = client.post(tools_url(transcript), {"action": "shift", "delta": "1"})
    assert response.status_code in (302, 403)
    assert rows(transcript) == before
