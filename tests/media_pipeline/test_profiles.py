"""Which renditions a source gets, at which sizes: no encoding, pure planning."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from media_pipeline.anonymise import Anonymisation, Redaction
from media_pipeline.profiles import (
    DEFAULT_PROFILES,
    Kind,
    RenditionProfile,
    SourceInfo,
    load_profiles,
    plan,
)


def video(width: int, height: int, **extra) -> SourceInfo:
    return SourceInfo(kind="video", duration=60, width=width, height=height, **extra)


def sizes(source: SourceInfo, kind: Kind = Kind.HLS_VIDEO) -> dict[str, tuple[int, int]]:
    planned = plan(source, profiles=DEFAULT_PROFILES)
    return {r.key: (r.width, r.height) for r in planned.of_kind(kind)}


def test_a_720p_source_gets_the_whole_default_ladder():
    assert sizes(video(1280, 720)) == {
        "144p": (256, 144), "240p": (426, 240), "360p": (640, 360), "720p": (1280, 720),
    }


def test_a_1080p_source_tops_out_at_720p():
    assert list(sizes(video(1920, 1080))) == ["144p", "240p", "360p", "720p"]


def test_a_source_smaller_than_360p_is_never_upscaled_and_gets_its_own_size_on_top():
    ladder = sizes(video(320, 180))
    assert ladder == {"144p": (256, 144), "180p": (320, 180)}
    assert sizes(video(320, 180), Kind.PROGRESSIVE) == {"download": (320, 180)}
    assert sizes(video(320, 180), Kind.POSTER) == {"poster": (320, 180)}


def test_a_source_just_above_a_rung_gets_no_extra_rung():
    assert list(sizes(video(448, 252))) == ["144p", "240p"]


def test_a_source_below_the_smallest_rung_gets_one_rung_at_its_own_size():
    assert sizes(video(128, 96)) == {"96p": (128, 96)}
    assert sizes(video(128, 96), Kind.THUMBNAILS) == {"thumbnails": (120, 90)}


def test_own_size_rung_bitrate_lies_between_its_neighbours():
    rungs = {r.key: r.profile for r in plan(video(320, 180), profiles=DEFAULT_PROFILES).renditions}
    assert rungs["144p"].video_bitrate < rungs["180p"].video_bitrate < 260_000
    assert rungs["180p"].maxrate > rungs["180p"].video_bitrate


def test_a_progressive_mp4_smaller_than_its_profile_gets_a_smaller_bitrate():
    (download,) = plan(video(320, 180), profiles=DEFAULT_PROFILES).of_kind(Kind.PROGRESSIVE)
    assert download.profile.video_bitrate == 200_000


def test_portrait_video_uses_its_short_side_and_keeps_its_shape():
    assert sizes(video(720, 1280)) == {
        "144p": (144, 256), "240p": (240, 426), "360p": (360, 640), "720p": (720, 1280),
    }


def test_a_rotated_phone_video_is_planned_as_it_is_shown():
    assert sizes(video(1280, 720, rotation=90)) == sizes(video(720, 1280))
    assert sizes(video(1280, 720, rotation=180)) == sizes(video(1280, 720))


def test_odd_sizes_come_out_even():
    for width, height in [(641, 359), (999, 333), (333, 999)]:
        for w, h in sizes(video(width, height)).values():
            assert w % 2 == 0 and h % 2 == 0


def test_video_gets_audio_progressive_poster_thumbnails_but_no_waveform():
    kinds = {r.kind for r in plan(video(640, 360), profiles=DEFAULT_PROFILES).renditions}
    assert kinds == {Kind.HLS_VIDEO, Kind.AUDIO, Kind.PROGRESSIVE, Kind.POSTER, Kind.THUMBNAILS}


def test_video_without_sound_gets_no_audio_rendition():
    planned = plan(video(640, 360, has_audio=False), profiles=DEFAULT_PROFILES)
    assert planned.audio is None
    assert planned.of_kind(Kind.HLS_VIDEO)


def test_audio_source_gets_the_audio_rendition_and_the_waveform_only():
    planned = plan(SourceInfo(kind="audio", duration=30), profiles=DEFAULT_PROFILES)
    assert [r.key for r in planned.renditions] == ["audio", "waveform"]


def test_thumbnails_are_at_most_one_a_second():
    short = SourceInfo(kind="video", duration=3.5, width=640, height=360)
    (strip,) = plan(short, profiles=DEFAULT_PROFILES).of_kind(Kind.THUMBNAILS)
    assert strip.tiles == 3
    (strip,) = plan(video(640, 360), profiles=DEFAULT_PROFILES).of_kind(Kind.THUMBNAILS)
    assert strip.tiles == 10


def test_the_plan_carries_the_anonymisation():
    anonymisation = Anonymisation(blur=True, redactions=(Redaction(1, 2),))
    assert plan(video(640, 360), anonymisation).anonymisation is anonymisation


def test_defaults_are_what_the_issue_asks():
    by_key = {p.key: p for p in DEFAULT_PROFILES}
    assert [by_key[k].height for k in ("144p", "240p", "360p", "720p")] == [144, 240, 360, 720]
    assert 130_000 <= by_key["144p"].video_bitrate <= 160_000
    assert by_key["audio"].audio_bitrate <= 32_000
    assert by_key["download"].height == 360


def test_settings_change_add_and_drop_profiles(settings):
    settings.MEDIA_PIPELINE_PROFILES = {
        "144p": {"video_bitrate": 120_000},
        "720p": None,
        "1080p": {"kind": "hls_video", "height": 1080, "video_bitrate": 3_000_000,
                  "maxrate": 3_300_000, "bufsize": 6_600_000},
    }
    profiles = {p.key: p for p in load_profiles()}
    assert profiles["144p"].video_bitrate == 120_000
    assert profiles["144p"].maxrate == 160_000
    assert "720p" not in profiles
    assert [r.key for r in plan(video(1920, 1080)).of_kind(Kind.HLS_VIDEO)] == [
        "144p", "240p", "360p", "1080p",
    ]


@pytest.mark.parametrize("overrides", [
    {"144p": {"bitrate": 1}},  # no such field
    {"144p": {"height": 145}},  # odd
    {"new": {"kind": "hls_video", "height": 480}},  # no bitrates
    {"Bad Key": {"kind": "poster", "height": 360}},  # unsafe as a file name
    {"voice": {"kind": "audio", "audio_bitrate": 24_000, "sample_rate": 16_000}},  # 2nd audio
])
def test_bad_settings_are_refused_with_a_clear_error(settings, overrides):
    settings.MEDIA_PIPELINE_PROFILES = overrides
    with pytest.raises(ImproperlyConfigured, match="MEDIA_PIPELINE_PROFILES"):
        load_profiles()


def test_profiles_validate_their_own_fields():
    with pytest.raises(ValueError, match="needs"):
        RenditionProfile("thumbs", Kind.THUMBNAILS, height=90)


@pytest.mark.parametrize("kwargs", [
    {"kind": "image", "duration": 1},
    {"kind": "video", "duration": 0, "width": 2, "height": 2},
    {"kind": "video", "duration": 1},
    {"kind": "audio", "duration": 1, "has_audio": False},
])
def test_source_info_refuses_what_cannot_be_planned(kwargs):
    with pytest.raises(ValueError):
        SourceInfo(**kwargs)
