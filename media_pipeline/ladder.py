"""The one ffmpeg command that makes every rendition of a source from a single decode.

The source is decoded once; a filter graph anonymises the picture and the sound once, then
splits them to every consumer: each HLS rung, the shared speech audio, the progressive MP4, the
posters and the thumbnails (or, for an audio source, the waveform's PCM). Decoding once
matters on a two-core server: a second decode of a 720p phone video costs as much as encoding a
small rung.

Everything is written under a work directory with names made from profile keys:

    hls/master.m3u8                 HLS master playlist (when there are video rungs)
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
SPEECH_HIGHPASS_HZ = 80  # below the lowest voice; removes handling noise and wind rumble

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
    audio = plan.audio
    rungs = plan.of_kind(Kind.HLS_VIDEO)
    keyframes = ["-force_key_frames:v", f"expr:gte(t,n_forced*{plan.keyframe_seconds:g})",
                 "-sc_threshold:v", "0"]

    aac = ["-c:a", "aac", "-b:a", str(audio.profile.audio_bitrate)] if audio else []

    if rungs:
        args: list[str] = []
        stream_map = []
        for index, rung in enumerate(rungs):
            profile = rung.profile
            filters = [*_frame_rate_cap(plan, rung), _scale(rung), "format=yuv420p"]
            args += ["-map", graph.video(f"hls_{rung.key}", filters),
                     f"-c:v:{index}", "libx264", f"-preset:v:{index}", profile.preset,
                     f"-profile:v:{index}", profile.h264_profile,
                     f"-b:v:{index}", str(profile.video_bitrate),
                     f"-maxrate:v:{index}", str(profile.maxrate),
                     f"-bufsize:v:{index}", str(profile.bufsize)]
            group = ",agroup:audio" if audio else ""
            stream_map.append(f"v:{index}{group},name:{rung.key}")
        if audio:
            args += ["-map", graph.audio(f"hls_{audio.key}", []), *aac]
            stream_map.append(f"a:0,agroup:audio,name:{audio.key},default:yes")
        hls = work_dir / HLS_DIR
        # ffmpeg fills in %v in the init file's name only when there are several variants.
        init = "%v_init.mp4" if len(stream_map) > 1 else f"{rungs[0].key}_init.mp4"
        outputs.append([
            *args, *keyframes, *_DROP_SEI, *_CLEAN,
            "-f", "hls", "-hls_time", f"{plan.segment_seconds:g}", "-hls_playlist_type", "vod",
            "-hls_segment_type", "fmp4", "-hls_flags", "independent_segments",
            "-hls_fmp4_init_filename", init,
            "-hls_segment_filename", str(hls / "%v_%05d.m4s"),
            "-master_pl_name", MASTER_PLAYLIST, "-var_stream_map", " ".join(stream_map),
            str(hls / "%v.m3u8"),
        ])

    for rendition in plan.of_kind(Kind.PROGRESSIVE):
        profile = rendition.profile
        filters = [*_frame_rate_cap(plan, rendition), _scale(rendition), "format=yuv420p"]
        args = ["-map", graph.video(f"mp4_{rendition.key}", filters),
                "-c:v", "libx264", "-preset", profile.preset, "-profile:v", profile.h264_profile,
                "-b:v", str(profile.video_bitrate), "-maxrate", str(profile.maxrate),
                "-bufsize", str(profile.bufsize), *_DROP_SEI]
        if audio:
            args += ["-map", graph.audio(f"mp4_{rendition.key}_audio", []), *aac]
        (path,) = work_files(rendition, work_dir)
        outputs.append([*args, *_CLEAN, "-movflags", "+faststart", "-f", "mp4", str(path)])

    if audio:
        (path,) = work_files(audio, work_dir)
        outputs.append(["-map", graph.audio(f"file_{audio.key}", []), *aac, *_CLEAN,
                        "-movflags", "+faststart", "-f", "mp4", str(path)])

    for rendition in plan.of_kind(Kind.POSTER):
        profile = rendition.profile
        webp, jpeg = work_files(rendition, work_dir)
        graph.add("video", [f"select='gte(t,{plan.poster_seconds:.3f})'", _scale(rendition)],
                  f"poster_{rendition.key}_webp", f"poster_{rendition.key}_jpg")
        outputs.append(["-map", f"[poster_{rendition.key}_webp]", "-frames:v", "1",
                        "-c:v", "libwebp", "-quality", str(profile.webp_quality), *_CLEAN,
                        "-f", "webp", str(webp)])
        outputs.append(["-map", f"[poster_{rendition.key}_jpg]", "-frames:v", "1",
                        "-c:v", "mjpeg", "-q:v", str(profile.jpeg_qscale), *_CLEAN,
                        "-f", "image2", "-update", "1", str(jpeg)])

    for rendition in plan.of_kind(Kind.THUMBNAILS):
        # Each tile is written as it comes and stitched afterwards (stitch_command): a `tile`
        # filter here would hold the whole strip, and with it ffmpeg's first progress report,
        # until the end of the source.
        tiles = rendition.tiles or 1
        label = graph.video(f"thumbs_{rendition.key}", [
            f"fps=fps={tiles}/{plan.source.duration:.3f}", _scale(rendition),
        ])
        outputs.append(["-map", label, "-frames:v", str(tiles), "-c:v", "png", *_CLEAN,
                        "-f", "image2", str(tile_pattern(rendition, work_dir))])

    waveform = plan.waveform
    if waveform:
        (path,) = work_files(waveform, work_dir)
        label = graph.audio(f"wave_{waveform.key}", [f"aresample={waveform.profile.sample_rate}"])
        outputs.append(["-map", label, "-c:a", "pcm_s16le", "-f", "s16le", str(path)])

    if not outputs:
        raise ValueError("the plan has nothing to encode")
    video_head = anonymise.video_filters(plan.anonymisation, plan.source.short_side)
    sample_rate = audio.profile.sample_rate if audio and audio.profile.sample_rate else 24_000
    audio_head = [
        f"aresample={sample_rate}", "aformat=sample_fmts=fltp:channel_layouts=mono",
        f"highpass=f={SPEECH_HIGHPASS_HZ}",
        *anonymise.audio_filters(plan.anonymisation, sample_rate),
    ]
    progress = ["-progress", progress_url, "-nostats"] if progress_url else []
    return [
        ffmpeg or ffmpeg_binary(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        *progress, *input_args,
        "-filter_complex", graph.render(video_head, audio_head, plan.source),
        *[arg for output in outputs for arg in output],
    ]
