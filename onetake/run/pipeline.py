"""render(): storyboard -> finished files. Plan, then video chunks in parallel, then mux once."""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..io import atomic_path, write_text
from ..encode.captions import captions_of, to_srt, to_vtt
from ..encode.mux import mux
from ..encode.video import encode_frames
from ..errors import RenderError
from ..plan import plan
from ..render import audio
from ..render.video import frame
from ..settings import RenderSettings
from ..storyboard import Storyboard
from ..timeline import Timeline
from ..timeline.serialize import to_json
from .chunks import split_frames
from .executor import Executor, LocalExecutor, tick


@dataclass
class RenderResult:
    """What one render wrote and how long each stage took (seconds)."""

    video: Path
    timeline: Timeline
    files: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def render_chunk(timeline: Timeline, first: int, last: int, path: str, preset: str, crf: int) -> int:
    """Worker task: draw frames [first, last) and encode them to `path`."""
    try:
        frames = (frame(timeline, n) for n in range(first, last))
        return encode_frames(Path(path), frames, timeline.width, timeline.height, timeline.fps, preset, crf, on_frame=tick)
    except Exception as error:  # a worker's failure names its chunk
        raise RenderError(f"rendering frames {first}..{last - 1} failed: {error}", chunk=first) from error


def master(timeline: Timeline, settings: RenderSettings) -> Timeline:
    """Set the programme gain that brings the mix to the loudness target."""
    gain = audio.master_gain_db(timeline, target_lufs=settings.loudness_lufs)
    return timeline.with_(master_gain_db=gain, loudness_target_lufs=settings.loudness_lufs)


def render_timeline(timeline: Timeline, output: Path, settings: RenderSettings, progress=None,
                    executor: Executor | None = None) -> dict[str, float]:
    """Render a planned, mastered timeline to an MP4 at `output` (atomically)."""
    executor = executor or LocalExecutor(settings.workers)
    seconds: dict[str, float] = {}
    total = timeline.frame_count
    with tempfile.TemporaryDirectory(prefix="onetake-") as work:
        chunks = split_frames(total, settings.workers)
        paths = [str(Path(work) / f"chunk{i:04d}.mp4") for i in range(len(chunks))]
        started = time.perf_counter()
        executor.run(
            render_chunk,
            [(timeline, a, b, p, settings.x264_preset, settings.crf) for (a, b), p in zip(chunks, paths)],
            on_progress=(lambda done: progress("video", done / total)) if progress else None,
        )
        seconds["video"] = time.perf_counter() - started
        started = time.perf_counter()
        with atomic_path(output) as temp:
            def render_audio(s0: int, s1: int):
                if progress:
                    progress("audio", s1 / timeline.duration)
                return audio.samples(timeline, s0, s1)

            mux(temp, [Path(p) for p in paths], timeline.duration, render_audio, title=timeline.title)
        seconds["mux"] = time.perf_counter() - started
    return seconds


def render(storyboard: Storyboard, out_dir: Path, settings: RenderSettings = RenderSettings(), progress=None,
           executor: Executor | None = None) -> RenderResult:
    """Render one language of a storyboard into `out_dir`: MP4, SRT, VTT and the timeline JSON."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)  # fail on an unusable folder before the work, not after
    stem = Path(storyboard.path).stem if storyboard.path != "<storyboard>" else "storyboard"
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    timeline = plan(storyboard, settings, progress)
    seconds["plan"] = time.perf_counter() - started
    started = time.perf_counter()
    timeline = master(timeline, settings)
    seconds["master"] = time.perf_counter() - started

    base = out_dir / f"{stem}.{timeline.lang}"
    video = base.with_suffix(base.suffix + ".mp4")
    seconds.update(render_timeline(timeline, video, settings, progress, executor))
    files = [video]
    captions = captions_of(timeline)
    sidecars = [(".timeline.json", to_json(timeline))]
    if storyboard.captions != "off":
        sidecars += [(".srt", to_srt(captions)), (".vtt", to_vtt(captions))]
    for suffix, text in sidecars:
        path = Path(f"{base}{suffix}")
        write_text(path, text)
        files.append(path)
    return RenderResult(video=video, timeline=timeline, files=files, seconds=seconds)


def clear_cache(settings: RenderSettings) -> None:
    """Forget every synthesised voice line."""
    shutil.rmtree(settings.cache_dir / "voice", ignore_errors=True)
