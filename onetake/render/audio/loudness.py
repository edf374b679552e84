"""The programme gain for a loudness target: one solver, fed the premaster block by block.

The gain goes before the true-peak limiter, which takes some loudness off the peaks, so the
limited result is measured and the gain corrected until it is within tolerance. The premaster
comes from a `BlockSource`: `master_gain_db` gives it the timeline's premaster in blocks with
limiter margins (bounded memory on long programmes); a caller with a signal in memory gives it
one block.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from ...measure import LoudnessMeter, peak_envelope
from .master import AIM_DBTP, limit


@dataclass(frozen=True, slots=True)
class Block:
    """A piece of the premaster with limiter context: `x[margin:margin + length]` is what counts.

    `peaks` is `peak_envelope(x)` when the source keeps it between passes (it scales with the gain).
    """

    x: np.ndarray
    margin: int
    length: int
    peaks: np.ndarray | None = None


BlockSource = Callable[[], Iterable[Block]]  # called once per pass; yields the blocks in time order


def whole(x: np.ndarray) -> BlockSource:
    """A source of one block: the signal `x` (n, channels) in memory, no margins, its envelope kept."""
    block = Block(np.asarray(x, np.float32), 0, len(x), peak_envelope(x))
    return lambda: (block,)


def _measure(source: BlockSource, gain_db: float | None, ceiling_dbtp: float) -> float:
    """Integrated loudness of the source as is (gain None) or gained by `gain_db` and limited."""
    meter = LoudnessMeter()
    for block in source():
        core = slice(block.margin, block.margin + block.length)
        if gain_db is None:
            meter.add(block.x[core])
            continue
        linear = np.float32(10 ** (gain_db / 20))
        peaks = peak_envelope(block.x) if block.peaks is None else block.peaks
        meter.add(limit(block.x * linear, ceiling_dbtp, peaks=peaks * linear)[core])
    return meter.integrated()


def gain_for_target(source: BlockSource, target_lufs: float, tolerance_lu: float = 0.05,
                    ceiling_dbtp: float = AIM_DBTP) -> float:
    """The gain (dB) that, followed by the limiter at `ceiling_dbtp`, brings `source` to `target_lufs`.

    The premaster's loudness gives the first gain; then the limited result is measured and the
    gain corrected until it is within `tolerance_lu` (at most 6 corrections). Returns 0.0 for silence.
    """
    loudness = _measure(source, None, ceiling_dbtp)
    if not np.isfinite(loudness):
        return 0.0
    # Take secant steps: the limiter makes loudness grow slower than the gain (measured: +0.67 LU
    # per dB on speech), and plain fixed-point steps took 4-5 passes.
    gain, previous = target_lufs - loudness, None
    for _ in range(6):
        measured = _measure(source, gain, ceiling_dbtp)
        error = target_lufs - measured
        if abs(error) < tolerance_lu:
            break
        slope = 1.0
        if previous is not None and gain != previous[0]:
            slope = min(1.0, max(0.2, (measured - previous[1]) / (gain - previous[0])))
        previous = (gain, measured)
        gain += error / slope
    return float(gain)
