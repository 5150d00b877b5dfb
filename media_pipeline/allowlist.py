"""What the archive accepts: container families, codecs, and the FFmpeg decoders for them.

Each demuxer and decoder is attack surface, so the lists are short: what phones, cameras,
recorders and browsers produce. Codec keys are FFmpeg codec names (what probing reports); values
are the decoders FFmpeg may pick for that codec, for `-codec_whitelist` (software decoders only).

This module imports nothing from the project or Django: the probe's child process reads it.
"""

import enum


class Family(enum.Enum):
    """A container family the archive accepts; the value is the FFmpeg demuxer to force."""

    ISO_BMFF = "mov"  # MP4, MOV, M4A, 3GP
    MATROSKA = "matroska"  # MKV, WebM
    OGG = "ogg"
    WAVE = "wav"
    MP3 = "mp3"
    FLAC = "flac"
    ADTS = "aac"

    @property
    def demuxer(self) -> str:
        return self.value

    @property
    def demuxer_options(self) -> dict[str, str]:
        """Options that keep the demuxer to this one file, set even where they are defaults.

        The MOV demuxer is the only accepted one that can open other files: tracks stored in
        external files ("data references"), which it follows when `enable_drefs` is on.
        """
        if self is Family.ISO_BMFF:
            return {"enable_drefs": "0", "use_absolute_path": "0"}
        return {}


VIDEO_DECODERS: dict[str, tuple[str, ...]] = {
    "h264": ("h264",),
    "hevc": ("hevc",),
    "vp8": ("vp8", "libvpx"),
    "vp9": ("vp9", "libvpx-vp9"),
    "av1": ("libdav1d", "libaom-av1", "av1"),
    "mpeg4": ("mpeg4",),  # MPEG-4 Part 2: older phones and cameras
    "h263": ("h263",),  # 3GP from feature phones
}

AUDIO_DECODERS: dict[str, tuple[str, ...]] = {
    "aac": ("aac", "aac_fixed"),
    "mp3": ("mp3float", "mp3"),
    "opus": ("opus", "libopus"),
    "vorbis": ("vorbis", "libvorbis"),
    "flac": ("flac",),
    "alac": ("alac",),
    "amr_nb": ("amrnb", "libopencore_amrnb"),  # voice recorders of feature phones (3GP)
    "amr_wb": ("amrwb", "libopencore_amrwb"),
    **{
        pcm: (pcm,)
        for pcm in (
            "pcm_u8", "pcm_s16le", "pcm_s16be", "pcm_s24le", "pcm_s24be", "pcm_s32le",
            "pcm_s32be", "pcm_f32le", "pcm_f32be", "pcm_f64le", "pcm_alaw", "pcm_mulaw",
        )
    },
}


def decoders_for(*codecs: str | None) -> list[str]:
    """The allowed decoders for these codec names (None is skipped; ValueError if not allowed)."""
    allowed = VIDEO_DECODERS | AUDIO_DECODERS
    unknown = [codec for codec in codecs if codec and codec not in allowed]
    if unknown:
        raise ValueError(f"codecs not allowed: {unknown}")
    return [decoder for codec in codecs if codec for decoder in allowed[codec]]


ALL_DECODERS: list[str] = decoders_for(*VIDEO_DECODERS, *AUDIO_DECODERS)
