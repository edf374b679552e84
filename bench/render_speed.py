"""Render the onboarding example at 720p30 and print where the time goes.

    .venv/bin/python bench/render_speed.py [storyboard.md] [--preset veryfast] [--workers 2]

Prints: end-to-end wall time (cold voice cache, music included) and x real time; the TTS real-time
factor; the video stage's fps next to the encode-only fps of the same frames at the same preset
(the limit on this machine) and their ratio; the end-to-end time against encoding every frame
alone, and that ratio; peak RSS.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from onetake.encode.video import encode_frames  # noqa: E402
from onetake.plan import synthesize  # noqa: E402
from onetake.plan.voice import VoiceCache  # noqa: E402
from onetake.render.video import frame  # noqa: E402
from onetake.run.chunks import split_frames  # noqa: E402
from onetake.run.pipeline import render  # noqa: E402
from onetake.settings import RenderSettings  # noqa: E402
from onetake.storyboard import load  # noqa: E402
from onetake.timeline import SAMPLE_RATE  # noqa: E402

_FRAMES: list[np.ndarray] = []


def _encode_only(first: int, last: int, path: str, timeline, preset: str) -> int:
    return encode_frames(Path(path), _FRAMES[first:last], timeline.width, timeline.height, timeline.fps, preset, 20)


def encode_only_fps(timeline, assets, preset: str, workers: int, sample_frames: int) -> float:
    """Encode already-drawn frames (a spread-out sample of the video) with the same chunking and preset."""
    global _FRAMES
    step = max(1, timeline.frame_count // sample_frames)
    _FRAMES = [frame(timeline, n, assets) for n in range(0, timeline.frame_count, step)]
    with tempfile.TemporaryDirectory() as work:
        chunks = split_frames(len(_FRAMES), workers, min_frames=30)
        jobs = [(a, b, f"{work}/e{i}.mp4", timeline, preset) for i, (a, b) in enumerate(chunks)]
        started = time.perf_counter()
        with mp.get_context("fork").Pool(workers) as pool:
            pool.starmap(_encode_only, jobs)
        elapsed = time.perf_counter() - started
    count = len(_FRAMES)
    _FRAMES = []
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("storyboard", nargs="?", default=str(ROOT / "examples/onboarding.md"))
    parser.add_argument("--preset", default="veryfast")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sample-frames", type=int, default=300)
    args = parser.parse_args()

    storyboard = load(Path(args.storyboard))
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
        settings = RenderSettings(preset=args.preset, workers=args.workers, cache_dir=Path(cache), width=1280, height=720)
        started = time.perf_counter()
        result = render(storyboard, Path(out), settings)
        wall = time.perf_counter() - started
        # Peak memory of the render itself, before the bench's own measurements below add theirs.
        rss_main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rss_workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        timeline = result.timeline
        limit = encode_only_fps(timeline, settings.assets, args.preset, args.workers, args.sample_frames)
    seconds = timeline.duration / SAMPLE_RATE
    video_fps = timeline.frame_count / result.seconds["video"]

    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        synthesize(storyboard, timeline.lang, VoiceCache(Path(cache)))
        tts = time.perf_counter() - started
    speech = sum(line.end - line.start for line in timeline.lines) / SAMPLE_RATE

    print(f"storyboard           {Path(args.storyboard).name} ({timeline.width}x{timeline.height} @ {timeline.fps} fps, "
          f"{seconds:.1f} s, {timeline.frame_count} frames, preset {args.preset}, {args.workers} workers)")
    print(f"end to end           {wall:.1f} s  ({seconds / wall:.2f}x real time; cold voice cache, music on)")
    print("stages               " + ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items()))
    print(f"TTS                  {tts:.1f} s for {speech:.1f} s of speech  (RTF {tts / speech:.3f})")
    print(f"video stage          {video_fps:.0f} fps (draw + encode)")
    print(f"encode only          {limit:.0f} fps (same frames, same preset, same workers)")
    print(f"video / encode-only  {video_fps / limit:.2f}")
    encode_s = timeline.frame_count / limit
    print(f"end to end / encode  {wall / encode_s:.2f}  ({wall:.1f} s against {encode_s:.1f} s to encode every frame "
          f"alone; cold voice cache and music included)")
    print(f"peak RSS             {rss_main:.0f} MiB main process, {rss_workers:.0f} MiB largest render worker")


if __name__ == "__main__":
    main()
