"""The audio renderer: `samples(timeline, s0, s1)` is the mastered programme, a pure function of its range.

premaster (mix.py): narration + sound effects (sfx.py) + ducked music bed (music.py) on a stereo bus.
samples: premaster x 10^(timeline.master_gain_db / 20) -> true-peak limiter (master.py, <= -1.5 dBTP).
master_gain_db: run once before rendering to find that gain for a loudness target (-16 LUFS default),
measuring block by block (loudness.py) so memory stays bounded on long programmes.
"""

from __future__ import annotations

import numpy as np

from ...timeline import SAMPLE_RATE, Timeline
from .loudness import LoudnessMeter
from .master import (
    CEILING_DBTP, LIMITER_REACH, gain_for_target, integrated_lufs, limit, onsets, peak_envelope, true_peak_dbtp,
)
from .mix import NARRATION_LUFS, pan_gains, premaster
from .sfx import KINDS, WHOOSH_PEAK_SAMPLES, sound

__all__ = [
    "CEILING_DBTP", "KINDS", "NARRATION_LUFS", "WHOOSH_PEAK_SAMPLES", "gain_for_target", "integrated_lufs", "limit",
    "master_gain_db", "onsets", "pan_gains", "premaster", "samples", "sound", "true_peak_dbtp",
]

_BLOCK = SAMPLE_RATE * 20  # long ranges are mastered in blocks: bounded memory, same samples
_MARGIN = LIMITER_REACH + 64
CACHE_SECONDS = 180  # master_gain_db keeps shorter programmes in memory between its passes


def samples(timeline: Timeline, s0: int, s1: int) -> np.ndarray:
    """The final mastered programme over [s0, s1): float32 (s1 - s0, 2), stereo at 48 kHz.

    A pure function of (timeline, s0, s1): chunks rendered separately and concatenated equal the
    whole range rendered at once. Zero outside [0, timeline.duration).
    """
    if s1 < s0:
        raise ValueError(f"sample range must not be reversed, but got [{s0}, {s1})")
    out = np.zeros((s1 - s0, 2), np.float32)
    a, b = max(s0, 0), min(s1, timeline.duration)
    gain = np.float32(10 ** (timeline.master_gain_db / 20))
    for lo in range(a, b, _BLOCK):
        hi = min(lo + _BLOCK, b)
        # The limiter sees LIMITER_REACH of context each side, so its gain matches the whole-programme one.
        x = premaster(timeline, lo - _MARGIN, hi + _MARGIN) * gain
        out[lo - s0:hi - s0] = limit(x)[_MARGIN:_MARGIN + hi - lo]
    return out


def master_gain_db(timeline: Timeline, target_lufs: float = -16.0, tolerance_lu: float = 0.05) -> float:
    """The programme gain (dB) that, with the limiter in `samples`, gives `target_lufs` integrated.

    Measured block by block with a constant-memory meter: the premaster's loudness gives the first
    gain; the limiter then takes some loudness off the peaks, so the limited programme is measured
    and the gain corrected until it is within `tolerance_lu`. Programmes up to CACHE_SECONDS keep
    their premaster blocks and true-peak envelopes between passes (the envelope is what costs;
    it scales with the gain); longer ones render each pass anew, so memory stays bounded.
    Store the result in `timeline.master_gain_db`. Returns 0.0 for a silent programme.
    """
    keep = timeline.duration <= CACHE_SECONDS * SAMPLE_RATE
    kept: list[tuple[np.ndarray, np.ndarray]] = []

    def blocks():
        """(premaster with margins, its true-peak envelope or None, length) for each block, in order."""
        if kept:
            yield from kept
            return
        for lo in range(0, timeline.duration, _BLOCK):
            hi = min(lo + _BLOCK, timeline.duration)
            x = premaster(timeline, lo - _MARGIN, hi + _MARGIN)
            block = (x, peak_envelope(x) if keep else None, hi - lo)  # envelopes only where reused
            if keep:
                kept.append(block)
            yield block

    def measure(gain_db: float | None) -> float:
        meter = LoudnessMeter()
        for x, peaks, n in blocks():
            if gain_db is None:
                meter.add(x[_MARGIN:_MARGIN + n])
            else:
                linear = np.float32(10 ** (gain_db / 20))
                peaks = peak_envelope(x) if peaks is None else peaks
                meter.add(limit(x * linear, peaks=peaks * linear)[_MARGIN:_MARGIN + n])
        return meter.integrated()

    loudness = measure(None)
    if not np.isfinite(loudness):
        return 0.0
    # Take secant steps: the limiter makes loudness grow slower than the gain (measured: +0.67 LU
    # per dB on speech), and plain fixed-point steps took 4-5 passes.
    gain, previous = target_lufs - loudness, None
    for _ in range(6):
        measured = measure(gain)
        error = target_lufs - measured
        if abs(error) < tolerance_lu:
            break
        slope = 1.0
        if previous is not None and gain != previous[0]:
            slope = min(1.0, max(0.2, (measured - previous[1]) / (gain - previous[0])))
        previous = (gain, measured)
        gain += error / slope
    return float(gain)
