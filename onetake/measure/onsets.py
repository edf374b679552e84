"""Onsets of impulsive sounds: where short-time high-frequency energy jumps above its recent background."""

from __future__ import annotations

import numpy as np

from ..timeline import SAMPLE_RATE


def onsets(x: np.ndarray, threshold_db: float = 18.0, window: int = 16, background: int = SAMPLE_RATE // 20,
           refractory: int = SAMPLE_RATE * 30 // 1000, floor_db: float = -100.0) -> list[int]:
    """Sample positions where short-time high-frequency energy jumps above its recent background.

    A simple energy detector for impulsive sounds: the second difference (+12 dB/octave, so the
    low music bed hardly registers and a transient's top end does), its energy over a trailing
    `window`, compared with the mean over the `background` samples before that window. An onset
    is the first sample exceeding the background by `threshold_db` (and the absolute floor); the
    detector then rests for `refractory`. Needs `window + background` samples of history, so
    nothing earlier in `x` is reported.
    """
    x = np.asarray(x, dtype=np.float64)
    mono = x.mean(axis=1) if x.ndim == 2 else x
    if mono.size <= window + background:
        return []
    d = np.diff(mono, n=2, prepend=mono[:1].repeat(2))
    c = np.concatenate([[0.0], np.cumsum(d * d)])
    n = np.arange(window + background, mono.size)
    short = (c[n + 1] - c[n + 1 - window]) / window
    bg = (c[n + 1 - window] - c[n + 1 - window - background]) / background
    hot = (short > bg * 10 ** (threshold_db / 10)) & (short > 10 ** (floor_db / 10))
    found: list[int] = []
    for i in n[hot]:
        if not found or i - found[-1] >= refractory:
            found.append(int(i))
    return found
