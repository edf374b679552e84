"""Render the sync storyboards, verify each file, print the offset distributions and verify-vs-render time.

    .venv/bin/python bench/sync/run.py                 # dense.md (a cue every ~300 ms, ~1 min)
    .venv/bin/python bench/sync/run.py long            # long.md (10 minutes; takes a while)
    .venv/bin/python bench/sync/run.py dense --verify-only --out out/bench-sync

Writes each video, its timeline, and its sync report (JSON + PNG) to --out (default out/bench-sync).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from onetake.run.pipeline import render  # noqa: E402
from onetake.settings import RenderSettings  # noqa: E402
from onetake.storyboard import load  # noqa: E402
from onetake.verify import verify, write_report  # noqa: E402


def spread(values: list[float], unit: str = "ms") -> str:
    """min / median / p95 of |x| / max of a list, or 'none'."""
    if not values:
        return "none"
    v = np.asarray(values, dtype=float)
    return (f"n={v.size}  min {v.min():+.3f}  median {np.median(v):+.3f}  p95|x| {np.percentile(np.abs(v), 95):.3f}"
            f"  max {v.max():+.3f} {unit}")


def show(report) -> None:
    print(report.summary())
    sv = report.check("sound_visual").data["records"]
    by_kind: dict[str, list[float]] = {}
    for r in sv:
        if r.offset_ms is not None:
            by_kind.setdefault(r.kind, []).append(r.offset_ms)
    print("sound <-> visual offsets by kind:")
    for kind, values in sorted(by_kind.items()):
        print(f"  {kind:8} {spread(values)}")
    errors = [r.frame_error for r in sv if r.frame_error is not None]
    print(f"  frame errors (seen - planned): {dict(zip(*np.unique(errors, return_counts=True))) if errors else 'none'};"
          f" not seen in pixels: {sum(1 for r in sv if not r.seen_in_pixels)}/{len(sv)}")
    words = report.check("narration").data["words"]
    print(f"narration onsets after pauses:  {spread([w.offset_ms for w in words if w.offset_ms is not None])}")
    cues = report.check("cues").data["records"]
    print(f"cue word onset - frame start:   {spread([c.offset_ms for c in cues])}")
    try:
        whisper = report.check("whisper").data
        if whisper.get("words"):
            print(f"whisper word starts:            {spread([w.offset_ms for w in whisper['words']])}"
                  f"  WER {whisper['wer']:.1%}")
    except KeyError:
        pass
    joins = report.check("joins").data["joins"]
    print(f"click scores at joins:          {spread([j.score for j in joins], '')}")
    print(f"verify stages (s): {report.seconds}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*", default=["dense"], help="storyboards in bench/sync (default: dense)")
    parser.add_argument("--out", type=Path, default=Path("out/bench-sync"))
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--preset", default="veryfast")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--verify-only", action="store_true", help="verify files rendered by an earlier run")
    args = parser.parse_args()
    for name in args.names:
        storyboard = load(HERE / f"{name}.md")
        settings = RenderSettings(lang="en", preset=args.preset, workers=args.workers)
        if args.cache_dir:
            settings = settings.with_(cache_dir=args.cache_dir)
        video = args.out / f"{name}.en.mp4"
        render_s = None
        if not args.verify_only:
            started = time.perf_counter()
            video = render(storyboard, args.out, settings).video
            render_s = time.perf_counter() - started
        started = time.perf_counter()
        report = verify(video)
        verify_s = time.perf_counter() - started
        write_report(report, video.with_name(f"{name}.en.sync.json"), video.with_name(f"{name}.en.sync.png"))
        print(f"\n=== {name}: {report.timeline['duration_s']:.1f} s of video ===")
        show(report)
        ratio = f" = {verify_s / render_s:.0%} of render {render_s:.1f} s" if render_s else ""
        print(f"verify {verify_s:.2f} s{ratio}")


if __name__ == "__main__":
    main()
