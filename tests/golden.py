"""Golden frames, compared as strictly as the platform allows (manim's `_FramesTester` is the model).

Measured noise: the eight goldens re-rendered here with caches cleared, in order and reversed, each
run in a fresh process, differ from the stored arrays by at most 1 level (of 255), on 16 of the
57,600 pixels of one golden only (`image`, stored from another build: the photo's resampling);
every other golden is identical, and all runs agree with each other exactly. So a pixel may be off
by ATOL = 1, and beyond that only a MISMATCH_RATIO of 1e-5 of the pixels (none at 320x180): a
changed word fails (the review's probe changed 0.02 % to 0.7 % of the pixels by more than 24). On a
failure a PNG (stored | rendered | differing pixels in white) is written into the test's tmp folder
and its path is in the assertion message.
"""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np

GOLDEN = Path(__file__).parent / "golden"
ATOL = 1
MISMATCH_RATIO = 1e-5
UPDATE = os.environ.get("ONETAKE_UPDATE_GOLDEN") == "1"


def mismatch(arr: np.ndarray, ref: np.ndarray) -> tuple[float, int, np.ndarray]:
    """(share of pixels off by more than ATOL, the largest difference, the mask of those pixels)."""
    diff = np.abs(arr.astype(np.int16) - ref.astype(np.int16)).max(axis=2)
    off = diff > ATOL
    return float(off.mean()), int(diff.max()), off


def assert_golden(name: str, arr: np.ndarray, diff_dir: Path) -> None:
    """`arr` matches tests/golden/<name>.npz (ONETAKE_UPDATE_GOLDEN=1 rewrites it instead)."""
    path = GOLDEN / f"{name}.npz"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        np.savez_compressed(path, frame=arr)
    assert path.exists(), f"missing {path}: run with ONETAKE_UPDATE_GOLDEN=1 to create it"
    ref = np.load(path)["frame"]
    assert arr.shape == ref.shape, f"{name}: shape {arr.shape}, golden {ref.shape}"
    share, worst, off = mismatch(arr, ref)
    if share > MISMATCH_RATIO:
        diff_dir.mkdir(parents=True, exist_ok=True)
        picture = diff_dir / f"{name}.diff.png"
        mask = np.repeat((off * 255).astype(np.uint8)[..., None], 3, axis=2)
        cv2.imwrite(str(picture), cv2.cvtColor(np.concatenate([ref[..., :3], arr[..., :3], mask], axis=1),
                                               cv2.COLOR_RGB2BGR))
        raise AssertionError(f"{name}: {share:.4%} of pixels differ from the golden frame (worst by {worst} "
                             f"levels; allowed {MISMATCH_RATIO:.0e} beyond {ATOL}); see {picture}")
