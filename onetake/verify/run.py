"""verify(): decode the file once, build the Material, run the registered checks in report order.

    decode_audio -> (audio-only checks start in a thread) -> decode_video -> every other check, in order

Every stage is timed here, by name, into `SyncReport.seconds`: decode_audio, decode_video, each
check under its own name, `<name>_wait` for the time spent waiting on an audio-only check that
ran beside the video decoding, and total.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import av

from ..errors import VerifyError
from ..timeline import SAMPLE_RATE, Timeline
from ..timeline.serialize import from_json
from . import checks, events, mouth  # noqa: F401  (importing `checks` registers the built-in checks)
from .decode import audio_start_seconds, decode_audio, scan_video
from .material import Material
from .registry import in_order
from .report import SyncReport
from .thresholds import Thresholds


def timeline_path(video: Path) -> Path:
    """`<stem>.timeline.json` beside the video (what `render` writes)."""
    return Path(video).with_name(Path(video).stem + ".timeline.json")


def load_timeline(video: Path) -> Timeline:
    """The timeline written beside `video`."""
    path = timeline_path(video)
    try:
        return from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VerifyError(f"{path}: no timeline beside the video; pass one with --timeline") from None
    except (ValueError, KeyError, TypeError) as error:
        raise VerifyError(f"{path}: not a readable timeline ({error})") from None


@contextmanager
def _stage(seconds: dict[str, float], name: str) -> Iterator[None]:
    """Record how long the block takes as `seconds[name]`."""
    started = time.perf_counter()
    try:
        yield
    finally:
        seconds[name] = round(time.perf_counter() - started, 3)


def _open(video: Path) -> None:
    """Fail early, in one line, on a file that is not a video with both streams."""
    try:
        with av.open(str(video)) as container:
            missing = [kind for kind in ("video", "audio") if not getattr(container.streams, kind)]
    except av.error.FFmpegError as error:
        raise VerifyError(f"{video}: not a readable video ({error})") from None
    if missing:
        raise VerifyError(f"{video}: has no {' and no '.join(missing)} stream; verify needs both")


def _mouths(timeline: Timeline) -> tuple[dict, object]:
    """The presenter's mouth box per frame, and the drawing's own measure of an open mouth."""
    boxes = mouth.mouth_boxes(timeline)
    if not boxes:
        return {}, None
    from ..render.video.presenter import openness_from_pixels

    return boxes, openness_from_pixels


def _default_assets():
    from ..settings import RenderSettings

    store = RenderSettings().assets
    return store if store.root.is_dir() else None


def verify(video: Path, timeline: Timeline | None = None, thresholds: Thresholds = Thresholds(),
           whisper: bool = True, assets=None) -> SyncReport:
    """Measure `video` against its timeline (read from `<stem>.timeline.json` beside it when not given).

    Runs every registered check (registry.py) in report order. `whisper=False` skips the Whisper
    check (it also says "not applicable" for non-English timelines). `assets` is the store that
    holds the rendered music (default: the default cache's, when it exists), for measuring the
    ducking under every line. Raises VerifyError when the file cannot be read at all.
    """
    video = Path(video)
    seconds: dict[str, float] = {}
    with _stage(seconds, "total"):
        if not video.is_file():
            raise VerifyError(f"{video}: no such file")
        timeline = timeline or load_timeline(video)  # a missing or broken timeline is named before the video
        _open(video)
        with _stage(seconds, "decode_audio"):
            try:
                audio, audio_start = decode_audio(video), audio_start_seconds(video)
            except (av.error.FFmpegError, IndexError) as error:
                raise VerifyError(f"{video}: not a readable video with audio ({error})") from None
        heard_side = Material(video, timeline, audio, audio_start, None, thresholds, assets or _default_assets())
        registered = [c for c in in_order() if (whisper or c.name != "whisper")
                      and (c.applies is None or c.applies(timeline))]
        results = []
        with ThreadPoolExecutor(max_workers=1) as pool:
            # Audio-only checks (Whisper: CTranslate2 releases the GIL) run beside the video decoding.
            early = {c.name: pool.submit(c.run, heard_side) for c in registered if c.audio_only}
            with _stage(seconds, "decode_video"):
                try:
                    scan = scan_video(video, events.frames_needed(timeline), *_mouths(timeline))
                except (av.error.FFmpegError, IndexError) as error:
                    raise VerifyError(f"{video}: not a readable video ({error})") from None
            m = replace(heard_side, scan=scan)
            for check in registered:
                if check.name in early:
                    with _stage(seconds, f"{check.name}_wait"):
                        results.append(early[check.name].result())
                else:
                    with _stage(seconds, check.name):
                        results.append(check.run(m))
    summary = {"title": timeline.title, "lang": timeline.lang, "width": timeline.width, "height": timeline.height,
               "fps": str(timeline.fps), "duration_s": timeline.duration / SAMPLE_RATE, "frames": timeline.frame_count}
    return SyncReport(str(video), summary, tuple(results), thresholds, seconds, material=m)
