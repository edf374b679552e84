"""Frames per second of `render.video.frame` at 1280x720, per layout, one process.

Each scene of the sample timeline is rendered frame by frame in order (as a render chunk is),
starting from empty caches, so the figures include building cached layers and laying out text.

    .venv/bin/python bench/video_frames.py [--width 1280 --height 720 --theme midnight --captions]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the sample timeline is a test fixture

from onetake.render.video import clear_caches, frame  # noqa: E402
from sample_timeline import sample_assets, sample_timeline, write_sample_image  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=720)
    ap.add_argument("--theme", default="midnight")
    ap.add_argument("--captions", action="store_true", help="burn in captions")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        image = write_sample_image(Path(tmp) / "screen.png")
        tl = sample_timeline(image, args.width, args.height, theme=args.theme, burn_captions=args.captions)
        assets = sample_assets(image)
        # Warm fonts and the background once: a render process pays this once, not per scene.
        frame(tl, 0, assets)
        total_frames, total_time = 0, 0.0
        print(f"{args.width}x{args.height} {args.theme}{' +captions' if args.captions else ''}")
        for scene in tl.scenes:
            clear_caches()
            first, last = tl.fps.frame_at(scene.start), tl.fps.frame_at(scene.end - 1)
            times = []
            for n in range(first, last + 1):
                t0 = time.perf_counter()
                frame(tl, n, assets)
                times.append(time.perf_counter() - t0)
            dt, count = sum(times), len(times)
            total_frames += count
            total_time += dt
            print(f"  {scene.layout:8s} ({scene.transition:5s} in) {count:4d} frames  {count / dt:7.1f} frames/s"
                  f"   median {1000 * sorted(times)[count // 2]:5.2f} ms  slowest {1000 * max(times):6.2f} ms")
        print(f"  {'all':8s} {'':11s} {total_frames:4d} frames  {total_frames / total_time:7.1f} frames/s")


if __name__ == "__main__":
    main()
