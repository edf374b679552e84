"""The presenter example end to end: lip sync as verify reads it from the pixels, and what the presenter costs.

    .venv/bin/python bench/presenter.py [--langs en,ja] [--frames 200]

Per language: examples/presenter.md rendered at 720p into a temporary folder (voices from the
default cache), then verified; it prints the render's wall time, the lip_sync figures (shape
changes within a frame of their sound, on the very frame, pauses seen closed, the voice's measured
offset) and the verdict. Then the cost of the presenter on the frames: the same timeline drawn
with and without it (its stages kept, so the layouts draw the same), median ms per frame over
`--frames` frames spread over the video, in one process, alternating.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from onetake.render.video import frame  # noqa: E402
from onetake.run.pipeline import render  # noqa: E402
from onetake.settings import RenderSettings  # noqa: E402
from onetake.storyboard import load  # noqa: E402
from onetake.timeline import SAMPLE_RATE  # noqa: E402
from onetake.verify import verify  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--langs", default="en,ja")
    parser.add_argument("--frames", type=int, default=200)
    args = parser.parse_args()
    story = load(ROOT / "examples" / "presenter.md")
    print("lang  wall s  video s  shape changes on time  on the frame  pauses closed  voice ms  verdict")
    timeline = assets = None
    with tempfile.TemporaryDirectory(prefix="onetake-presenter-") as out:
        for lang in args.langs.split(","):
            settings = RenderSettings(lang=lang)
            started = time.perf_counter()
            result = render(story, Path(out), settings)
            wall = time.perf_counter() - started
            report = verify(result.video, result.timeline, assets=settings.assets, whisper=False)
            d = report.check("lip_sync").data
            print(f"{lang:4} {wall:7.1f} {result.timeline.duration / SAMPLE_RATE:8.1f}  "
                  f"{d['on_time']:>5}/{d['changes']:<5} {d['exact']:>17}  {d['closed_in_pauses']:>6}/{d['pauses']:<6} "
                  f"{d['voice_offset_ms']:+9.1f}  {'PASS' if report.passed else 'FAIL'}")
            timeline, assets = timeline or result.timeline, assets or settings.assets
    alone = timeline.with_(presenter=None)
    picks = [round(i * (timeline.frame_count - 1) / (args.frames - 1)) for i in range(args.frames)]
    with_it, without = [], []
    for n in picks:
        for tl, times in ((timeline, with_it), (alone, without)):
            started = time.perf_counter()
            frame(tl, n, assets)
            times.append((time.perf_counter() - started) * 1000)
    a, b = statistics.median(with_it), statistics.median(without)
    print(f"frames at {timeline.width}x{timeline.height}: {a:.2f} ms with the presenter, {b:.2f} ms without "
          f"(+{a - b:.2f} ms, median of {args.frames} frames each)")


if __name__ == "__main__":
    main()
