"""The one ffmpeg command that makes every rendition of a source from a single decode.

The source is decoded once; a filter graph anonymises the picture and the sound once, then
splits them to every consumer: each HLS rung, the shared speech audio, the progressive MP4, the
posters and the thumbnails (or, for an audio source, the waveform's PCM). Decoding once
matters on a two-core server: a second decode of a 720p phone video costs as much as encoding a
small rung.

Everything is written under a work directory with names made from profile keys:

    hls/master.m3u8                 HLS master playlist (when there are video rungs)
    hls/lowest.m3u8                 the same, with the lowest rung alone (written by encode)
    hls/<rung>.m3u8, hls/<rung>_init.mp4, hls/<rung>_00000.m4s ...   each rung, fMP4 segments
    hls/<audio>.m3u8, hls/<audio>_init.mp4, ...                       the shared audio group
    <audio>.m4a                     the same audio as one file, for download and audio-only play
    <progressive>.mp4               progressive MP4 (+faststart) for download and offline viewing
    <poster>.webp, <poster>.jpg     the poster frame, twice
    <thumbnails>_tile_001.png ...   the thumbnail frames (not published)
    <thumbnails>.jpg                the strip of those frames side by side (stitch_command)
    <waveform>.pcm                  mono 16-bit PCM for the waveform peaks (not published)

media_pipeline.encode runs the command and publishes these files under unguessable names.
Nothing here runs a process: this module only builds argument lists.
"""

from pathlib import Path

from . import anonymise
from .profiles import EncodePlan, Kind, PlannedRendition, SourceInfo
from .tools import ffmpeg_binary

HLS_DIR = "hls"
MASTER_PLAYLIST = "master.m3u8"
LOWEST_PLAYLIST = "lowest.m3u8"  # the "low" quality: the lowest rung and the audio group
SPEECH_HIGHPASS_HZ = 80  # below the lowest voice; removes handling noise and wind rumble
SPEECH_SAMPLE_RATE = 24_000  # when no audio rendition sets one (the waveform alone, say)

# Every output: nothing copied from the source (tags, chapters), no encoder names written by
# the muxers (bitexact; `encoder=` empties the codec name that MP4 keeps in each video sample
# description).
_CLEAN = ["-map_metadata", "-1", "-map_chapters", "-1", "-metadata:s", "encoder=",
          "-fflags", "+bitexact", "-flags", "+bitexact"]
# x264 writes its version and settings into the stream as an SEI message (NAL type 6); nothing
# needs SEI in these streams, so all of them go.
_DROP_SEI = ["-bsf:v", "filter_units=remove_types=6"]


def work_files(rendition: PlannedRendition, work_dir: Path) -> tuple[Path, ...]:
    """The files the command writes for a rendition, HLS segments and init files aside."""
    key = rendition.key
    match rendition.kind:
        case Kind.HLS_VIDEO:
            return (work_dir / HLS_DIR / f"{key}.m3u8",)
        case Kind.AUDIO:
            return (work_dir / f"{key}.m4a",)
        case Kind.PROGRESSIVE:
            return (work_dir / f"{key}.mp4",)
        case Kind.POSTER:
            return (work_dir / f"{key}.webp", work_dir / f"{key}.jpg")
        case Kind.THUMBNAILS:
            return (work_dir / f"{key}.jpg",)
        case Kind.WAVEFORM:
            return (work_dir / f"{key}.pcm",)
    raise ValueError(f"unknown kind {rendition.kind}")


def tile_pattern(rendition: PlannedRendition, work_dir: Path) -> Path:
    """Where the thumbnail frames go, one PNG each, before they are stitched into a strip."""
    return work_dir / f"{rendition.key}_tile_%03d.png"


def stitch_command(
    rendition: PlannedRendition, work_dir: Path, count: int, *, ffmpeg: str | None = None
) -> list[str]:
    """The ffmpeg command that puts `count` thumbnail frames side by side in one JPEG strip."""
    (strip,) = work_files(rendition, work_dir)
    return [
        ffmpeg or ffmpeg_binary(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        "-f", "image2", "-framerate", "1", "-start_number", "1",
        "-i", str(tile_pattern(rendition, work_dir)),
        "-vf", f"tile={count}x1", "-frames:v", "1",
        "-c:v", "mjpeg", "-q:v", str(rendition.profile.jpeg_qscale), *_CLEAN,
        "-f", "image2", "-update", "1", str(strip),
    ]


def _scale(rendition: PlannedRendition) -> str:
    """Scale to the planned size, turned to the decoded picture's orientation at run time, so a
    portrait video whose rotation the caller missed is never squashed into landscape."""
    long_side = max(rendition.width or 0, rendition.height or 0)
    short_side = min(rendition.width or 0, rendition.height or 0)
    return (f"scale=w='if(gte(iw,ih),{long_side},{short_side})'"
            f":h='if(gte(iw,ih),{short_side},{long_side})'")


def _frame_rate_cap(plan: EncodePlan, rendition: PlannedRendition) -> list[str]:
    cap = rendition.profile.max_frame_rate
    rate = plan.source.frame_rate
    return [f"fps=fps={cap:g}"] if cap and rate and rate > cap else []


def _input_stream(index: int | None, kind: str) -> str:
    """The validator's stream index when known: the first video stream may be cover art."""
    return f"0:{index}" if index is not None else f"0:{kind}:0"


class _Graph:
    """Collects the branches of the filter graph, then puts them behind one split per medium."""

    def __init__(self) -> None:
        self.branches: dict[str, list[tuple[list[str], list[str]]]] = {"video": [], "audio": []}

    def add(self, medium: str, filters: list[str], *labels: str) -> None:
        """A branch: `filters` after the split, then its output pads `labels` (more than one
        label adds a split at the end)."""
        self.branches[medium].append((filters, list(labels)))

    def video(self, label: str, filters: list[str]) -> str:
        self.add("video", filters, label)
        return f"[{label}]"

    def audio(self, label: str, filters: list[str]) -> str:
        self.add("audio", filters, label)
        return f"[{label}]"

    def render(self, video_head: list[str], audio_head: list[str], source: SourceInfo) -> str:
        chains = []
        for medium, stream, head, split, null in (
            ("video", _input_stream(source.video_stream, "v"), video_head, "split", "null"),
            ("audio", _input_stream(source.audio_stream, "a"), audio_head, "asplit", "anull"),
        ):
            branches = self.branches[medium]
            if not branches:
                continue
            pads = [f"{medium}{i}" for i in range(len(branches))]
            chain = ",".join([*head, f"{split}={len(branches)}"])
            chains.append(f"[{stream}]{chain}" + "".join(f"[{pad}]" for pad in pads))
            for pad, (filters, labels) in zip(pads, branches, strict=True):
                tail = [*filters, f"{split}={len(labels)}"] if len(labels) > 1 else filters
                outs = "".join(f"[{label}]" for label in labels)
                chains.append(f"[{pad}]{','.join(tail or [null])}{outs}")
        return ";".join(chains)


def _x264(profile_args: list[tuple[str, str]], index: int | None) -> list[str]:
    """x264 options, per stream (`-b:v:2`) in a multi-stream output, else for the output."""
    suffix = f":v:{index}" if index is not None else ":v"
    return [arg for option, value in profile_args for arg in (f"-{option}{suffix}", value)]


def _video_encoder(rendition: PlannedRendition, index: int | None = None) -> list[str]:
    profile = rendition.profile
    return _x264([("c", "libx264"), ("preset", profile.preset),
                  ("profile", profile.h264_profile), ("b", str(profile.video_bitrate)),
                  ("maxrate", str(profile.maxrate)), ("bufsize", str(profile.bufsize))], index)


def _video_filters(plan: EncodePlan, rendition: PlannedRendition) -> list[str]:
    return [*_frame_rate_cap(plan, rendition), _scale(rendition), "format=yuv420p"]


def _aac(audio: PlannedRendition | None) -> list[str]:
    return ["-c:a", "aac", "-b:a", str(audio.profile.audio_bitrate)] if audio else []


def _hls_output(plan: EncodePlan, graph: _Graph, work_dir: Path) -> list[str]:
    """All rungs and the shared audio in one HLS output: fMP4 segments, a master playlist."""
    rungs, audio = plan.of_kind(Kind.HLS_VIDEO), plan.audio
    args: list[str] = []
    stream_map = []
    for index, rung in enumerate(rungs):
        args += ["-map", graph.video(f"hls_{rung.key}", _video_filters(plan, rung)),
                 *_video_encoder(rung, index)]
        group = ",agroup:audio" if audio else ""
        stream_map.append(f"v:{index}{group},name:{rung.key}")
    if audio:
        args += ["-map", graph.audio(f"hls_{audio.key}", []), *_aac(audio)]
        stream_map.append(f"a:0,agroup:audio,name:{audio.key},default:yes")
    hls = work_dir / HLS_DIR
    # ffmpeg fills in %v in the init file's name only when there are several variants.
    init = "%v_init.mp4" if len(stream_map) > 1 else f"{rungs[0].key}_init.mp4"
    return [
        *args,
        # A keyframe every 2 s exactly, and none elsewhere, so every rung's segments start at
        # the same instants and a player can switch rungs at any segment boundary.
        "-force_key_frames:v", f"expr:gte(t,n_forced*{plan.keyframe_seconds:g})",
        "-sc_threshold:v", "0", *_DROP_SEI, *_CLEAN,
        "-f", "hls", "-hls_time", f"{plan.segment_seconds:g}", "-hls_playlist_type", "vod",
        "-hls_segment_type", "fmp4", "-hls_flags", "independent_segments",
        "-hls_fmp4_init_filename", init, "-hls_segment_filename", str(hls / "%v_%05d.m4s"),
        "-master_pl_name", MASTER_PLAYLIST, "-var_stream_map", " ".join(stream_map),
        str(hls / "%v.m3u8"),
    ]


def _progressive_output(
    plan: EncodePlan, rendition: PlannedRendition, graph: _Graph, work_dir: Path
) -> list[str]:
    audio = plan.audio
    sound = ["-map", graph.audio(f"mp4_{rendition.key}_audio", []), *_aac(audio)] if audio else []
    (path,) = work_files(rendition, work_dir)
    return ["-map", graph.video(f"mp4_{rendition.key}", _video_filters(plan, rendition)),
            *_video_encoder(rendition), *_DROP_SEI, *sound, *_CLEAN,
            "-movflags", "+faststart", "-f", "mp4", str(path)]


def _audio_output(audio: PlannedRendition, graph: _Graph, work_dir: Path) -> list[str]:
    (path,) = work_files(audio, work_dir)
    return ["-map", graph.audio(f"file_{audio.key}", []), *_aac(audio), *_CLEAN,
            "-movflags", "+faststart", "-f", "mp4", str(path)]


def _poster_outputs(
    plan: EncodePlan, rendition: PlannedRendition, graph: _Graph, work_dir: Path
) -> list[list[str]]:
    profile = rendition.profile
    webp, jpeg = work_files(rendition, work_dir)
    labels = f"poster_{rendition.key}_webp", f"poster_{rendition.key}_jpg"
    graph.add("video", [f"select='gte(t,{plan.poster_seconds:.3f})'", _scale(rendition)], *labels)
    return [
        ["-map", f"[{labels[0]}]", "-frames:v", "1", "-c:v", "libwebp",
         "-quality", str(profile.webp_quality), *_CLEAN, "-f", "webp", str(webp)],
        ["-map", f"[{labels[1]}]", "-frames:v", "1", "-c:v", "mjpeg",
         "-q:v", str(profile.jpeg_qscale), *_CLEAN, "-f", "image2", "-update", "1", str(jpeg)],
    ]


def _thumbnail_output(
    plan: EncodePlan, rendition: PlannedRendition, graph: _Graph, work_dir: Path
) -> list[str]:
    """The thumbnail frames, one PNG each, evenly spread over the source.

    They are stitched afterwards (stitch_command): a `tile` filter here would hold the whole
    strip, and with it ffmpeg's first progress report, until the end of the source.
    """
    tiles = rendition.tiles or 1
    label = graph.video(f"thumbs_{rendition.key}", [
        f"fps=fps={tiles}/{plan.source.duration:.3f}", _scale(rendition),
    ])
    return ["-map", label, "-frames:v", str(tiles), "-c:v", "png", *_CLEAN,
            "-f", "image2", str(tile_pattern(rendition, work_dir))]


def _waveform_output(waveform: PlannedRendition, graph: _Graph, work_dir: Path) -> list[str]:
    (path,) = work_files(waveform, work_dir)
    label = graph.audio(f"wave_{waveform.key}", [f"aresample={waveform.profile.sample_rate}"])
    return ["-map", label, "-c:a", "pcm_s16le", "-f", "s16le", str(path)]


def _audio_head(plan: EncodePlan) -> list[str]:
    """The sound, once for all outputs: mono at the audio rendition's rate, low rumble cut,
    anonymised."""
    rate = plan.audio.profile.sample_rate if plan.audio else None
    rate = rate or SPEECH_SAMPLE_RATE
    return [f"aresample={rate}", "aformat=sample_fmts=fltp:channel_layouts=mono",
            f"highpass=f={SPEECH_HIGHPASS_HZ}", *anonymise.audio_filters(plan.anonymisation, rate)]


def build_command(
    plan: EncodePlan,
    input_args: list[str],
    work_dir: Path,
    *,
    progress_url: str | None = "pipe:1",
    ffmpeg: str | None = None,
) -> list[str]:
    """The ffmpeg argument list (binary first) that writes every rendition of `plan`.

    `input_args` are the hardened input options ending with `-i PATH` (forced format, protocol
    whitelist...): they are used as given. `progress_url` receives ffmpeg's `-progress` reports.
    """
    if input_args.count("-i") != 1:
        raise ValueError("input_args must open exactly one input with -i")
    graph = _Graph()
    outputs: list[list[str]] = []
    if plan.of_kind(Kind.HLS_VIDEO):
        outputs.append(_hls_output(plan, graph, work_dir))
    for rendition in plan.of_kind(Kind.PROGRESSIVE):
        outputs.append(_progressive_output(plan, rendition, graph, work_dir))
    if plan.audio:
        outputs.append(_audio_output(plan.audio, graph, work_dir))
    for rendition in plan.of_kind(Kind.POSTER):
        outputs += _poster_outputs(plan, rendition, graph, work_dir)
    for rendition in plan.of_kind(Kind.THUMBNAILS):
        outputs.append(_thumbnail_output(plan, rendition, graph, work_dir))
    if plan.waveform:
        outputs.append(_waveform_output(plan.waveform, graph, work_dir))
    if not outputs:
        raise ValueError("the plan has nothing to encode")
    video_head = anonymise.video_filters(plan.anonymisation, plan.source.short_side)
    progress = ["-progress", progress_url, "-nostats"] if progress_url else []
    return [
        ffmpeg or ffmpeg_binary(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        *progress, *input_args,
        "-filter_complex", graph.render(video_head, _audio_head(plan), plan.source),
        *[arg for output in outputs for arg in output],
    ]
