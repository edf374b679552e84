"""The audio renderer: `samples(timeline, s0, s1)` is the mastered programme, a pure function of its range.

premaster (mix.py): narration + sound effects (sfx.py) + ducked music bed (music.py) on a stereo bus.
samples: premaster x 10^(timeline.master_gain_db / 20) -> true-peak limiter (master.py, <= -1.5 dBTP).
master_gain_db: run once by the planner to find that gain for a loudness target (-16 LUFS default).
"""

from __future__ import annotations

import numpy as np

from ...timeline import SAMPLE_RATE, Timeline
from .master import CEILING_DBTP, LIMITER_REACH, gain_for_target, integrated_lufs, limit, onsets, true_peak_dbtp
from .mix import NARRATION_LUFS, pan_gains, premaster
from .sfx import KINDS, WHOOSH_PEAK_SAMPLES, sound

__all__ = [
    "CEILING_DBTP", "KINDS", "NARRATION_LUFS", "WHOOSH_PEAK_SAMPLES", "gain_for_target", "integrated_lufs", "limit",
    "master_gain_db", "onsets", "pan_gains", "premaster", "samples", "sound", "true_peak_dbtp",
]

_BLOCK = SAMPLE_RATE * 20  # long ranges are mastered in blocks: bounded memory, same samples
_MARGIN = LIMITER_REACH + 64


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


def master_gain_db(timeline: Timeline, target_lufs: float = -16.0) -> float:
    """The programme gain (dB) that, with the limiter in `samples`, gives `target_lufs` integrated.

    Renders the whole premaster once; store the result in `timeline.master_gain_db`.
    Returns 0.0 for a silent programme.
    """
    x = premaster(timeline, -_MARGIN, timeline.duration + _MARGIN)
    return gain_for_target(x, target_lufs)
