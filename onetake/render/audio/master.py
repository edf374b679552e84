"""Mastering: loudness gain and a look-ahead true-peak limiter with finite memory, plus meters.

The limiter is a pure function of its input window: the gain at sample n depends only on the
input within +-LIMITER_REACH samples of n, so rendering any range with that much margin on
each side gives the same samples as rendering the whole programme.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from ...timeline import SAMPLE_RATE
from .loudness import LoudnessMeter

CEILING_DBTP = -1.5
# The limiter aims under the ceiling: the gain is smooth but not constant across the interpolation
# filter's span, other true-peak meters use slightly different filters, and AAC encoding adds
# overshoot (+0.16 dB measured on the onboarding example): the decoded file must still pass.
_AIM_DBTP = CEILING_DBTP - 0.5

_OVERSAMPLE = 4
_TAPS = 12  # per phase; BS.1770-4 Annex 2 uses 48 taps at 4x, i.e. 12 per phase
_HOLD = SAMPLE_RATE * 10 // 1000  # gain stays down +-10 ms around a peak: no pumping within a pitch period
_SMOOTH = SAMPLE_RATE * 4 // 1000 + 1  # each of two box filters: 4 ms; together an S-shaped 8 ms ramp
LIMITER_REACH = _HOLD + _SMOOTH + _TAPS  # samples of context the limiter needs on each side


def _phases() -> np.ndarray:
    """Kaiser-windowed sinc taps for the 3 fractional positions n + k/4, k = 1..3."""
    i = np.arange(-(_TAPS // 2) + 1, _TAPS // 2 + 1)  # -5..6: the input samples around n
    half, beta = _TAPS / 2, 5.0
    rows = []
    for k in range(1, _OVERSAMPLE):
        t = k / _OVERSAMPLE - i
        window = np.i0(beta * np.sqrt(np.clip(1 - (t / half) ** 2, 0, 1))) / np.i0(beta)
        taps = np.sinc(t) * window
        rows.append(taps / taps.sum())  # unity gain at DC
    return np.array(rows)


_PHASE_TAPS = _phases()


def peak_envelope(x: np.ndarray) -> np.ndarray:
    """Per-sample true-peak estimate: max |x| over channels at n and the 3 points up to n+1 (4x oversampling).

    Zeros are assumed outside the array. Direct (not FFT) convolution, so each output depends
    only on its neighbours' values, sample for sample the same whatever range is rendered.
    """
    x = np.asarray(x, dtype=np.float32)
    if x.ndim == 1:
        x = x[:, None]
    env = np.max(np.abs(x), axis=1)
    lead = _TAPS // 2 - 1  # taps cover x[n-5 .. n+6]
    for ch in range(x.shape[1]):
        padded = np.concatenate([np.zeros(lead, np.float32), x[:, ch], np.zeros(_TAPS // 2, np.float32)])
        for taps in _PHASE_TAPS:
            # np.convolve flips the kernel; pass it reversed so y[n] = sum_i taps[i] * x[n - 5 + i].
            y = np.convolve(padded, taps[::-1].astype(np.float32), mode="valid")
            np.maximum(env, np.abs(y), out=env)
    return env


def limiter_gain(peaks: np.ndarray, ceiling_dbtp: float = _AIM_DBTP) -> np.ndarray:
    """Smooth gain (<= 1) that keeps every peak under the ceiling.

    required gain -> moving minimum over 2*HOLD+1 -> two centred moving averages of SMOOTH.
    Because the minimum's window is wider than the averages' span, every value averaged into
    g[n] is <= the required gain at n (and at +-(HOLD - SMOOTH) around it): g never lets a peak
    through and never exceeds 1, and its ramps are smooth (no clicks).
    """
    ceiling = 10 ** (ceiling_dbtp / 20)
    required = np.minimum(1.0, ceiling / np.maximum(peaks.astype(np.float64), 1e-12))
    if required.min() >= 1.0:
        return np.ones_like(required)
    g = ndimage.minimum_filter1d(required, 2 * _HOLD + 1, mode="nearest")
    g = ndimage.uniform_filter1d(g, _SMOOTH, mode="nearest")
    g = ndimage.uniform_filter1d(g, _SMOOTH, mode="nearest")
    return np.minimum(g, 1.0)


def limit(x: np.ndarray, ceiling_dbtp: float = _AIM_DBTP, peaks: np.ndarray | None = None) -> np.ndarray:
    """Apply the true-peak limiter to a (n, channels) block (its edges need LIMITER_REACH of context)."""
    g = limiter_gain(peak_envelope(x) if peaks is None else peaks, ceiling_dbtp)
    if np.all(g == 1.0):
        return x
    return (x * g[:, None]).astype(x.dtype)


def true_peak_dbtp(x: np.ndarray) -> float:
    """True peak of a signal in dBTP (4x oversampling); -inf for silence."""
    peak = float(np.max(peak_envelope(x))) if np.size(x) else 0.0
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def integrated_lufs(x: np.ndarray) -> float:
    """Integrated loudness (BS.1770-4, gated) in LUFS; -inf for silence or under 0.4 s.

    The same meter mastering feeds block by block (loudness.py), given the whole signal at once.
    """
    x = np.asarray(x)
    meter = LoudnessMeter(1 if x.ndim == 1 else x.shape[1])
    meter.add(x)
    return meter.integrated()


def gain_for_target(x: np.ndarray, target_lufs: float, ceiling_dbtp: float = _AIM_DBTP) -> float:
    """The gain (dB) that, followed by the limiter, brings `x` to `target_lufs` (within ~0.05 LU).

    The limiter takes a little loudness off the peaks, so we iterate: apply, limit, measure.
    """
    loudness = integrated_lufs(x)
    if not np.isfinite(loudness):
        return 0.0
    peaks = peak_envelope(x)
    gain = target_lufs - loudness
    for _ in range(8):
        linear = 10 ** (gain / 20)
        g = limiter_gain(peaks * linear, ceiling_dbtp)
        measured = integrated_lufs(x * (linear * g)[:, None])
        error = target_lufs - measured
        if abs(error) < 0.05:
            break
        gain += error
    return float(gain)


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
