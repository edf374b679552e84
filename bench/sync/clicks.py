"""Calibrate the join click score: clean files against copies with a step injected at every join.

    .venv/bin/python bench/sync/clicks.py out/bench-sync/dense.en.mp4 [more.mp4 ...]

For each file prints the click scores of its clean joins, then, for steps of -50, -40 and -30 dBFS
(100 ms long, added at every join at once, re-encoded to AAC like a render), the scores of the
broken joins. The default limit (Thresholds.click_score) must sit above the first and below the
rest; docs/verify.md keeps the figures.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))  # the verifier's test clip

from onetake.timeline import SAMPLE_RATE  # noqa: E402
from onetake.verify import Thresholds, load_timeline  # noqa: E402
from onetake.verify.decode import decode_audio  # noqa: E402
from onetake.verify.health import join_scores, joins  # noqa: E402
from verify_clip import remux  # noqa: E402


def scores(video: Path) -> list[float]:
    return [j.score for j in join_scores(load_timeline(video), decode_audio(video), 0.0)]


def main() -> None:
    for video in map(Path, sys.argv[1:]):
        timeline = load_timeline(video)
        clean = scores(video)
        print(f"{video.name}: clean joins  max {max(clean):.2f}  median {np.median(clean):.2f}  (n={len(clean)})")
        audio = decode_audio(video)[:timeline.duration]
        for dbfs in (-50, -40, -30):
            broken = audio.copy()
            for _, at in joins(timeline):
                broken[at:at + SAMPLE_RATE // 10] += np.float32(10 ** (dbfs / 20))
            with tempfile.TemporaryDirectory() as work:
                copy = remux(video, Path(work) / video.name, broken)
                hit = scores(copy)
            limit = Thresholds().click_score
            print(f"  step {dbfs} dBFS: min {min(hit):.2f}  median {np.median(hit):.2f}  "
                  f"caught {sum(s > limit for s in hit)}/{len(hit)} at the default limit {limit:g}")


if __name__ == "__main__":
    main()
