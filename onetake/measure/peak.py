"""True peak: the signal's level between its samples, estimated by 4x oversampling (BS.1770-4 Annex 2).

`peak_envelope` is the per-sample estimate the limiter steers by; `true_peak_dbtp` is its maximum.
"""

from __future__ import annotations

import numpy as np

OVERSAMPLE = 4
TAPS = 12  # interpolation taps per phase; BS.1770-4 Annex 2 uses 48 taps at 4x, i.e. 12 per phase


def _phases() -> np.ndarray:
    """Kaiser-windowed sinc taps for the 3 fractional positions n + k/4, k = 1..3."""
    i = np.arange(-(TAPS // 2) + 1, TAPS // 2 + 1)  # -5..6: the input samples around n
    half, beta = TAPS / 2, 5.0
    rows = []
    for k in range(1, OVERSAMPLE):
        t = k / OVERSAMPLE - i
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
    lead = TAPS // 2 - 1  # taps cover x[n-5 .. n+6]
    for ch in range(x.shape[1]):
        padded = np.concatenate([np.zeros(lead, np.float32), x[:, ch], np.zeros(TAPS // 2, np.float32)])
        for taps in _PHASE_TAPS:
            # np.convolve flips the kernel; pass it reversed so y[n] = sum_i taps[i] * x[n - 5 + i].
            y = np.convolve(padded, taps[::-1].astype(np.float32), mode="valid")
            np.maximum(env, np.abs(y), out=env)
    return env


BLOCK = 1 << 20  # true_peak_dbtp works ~22 s at a time: a long programme is never widened whole


def true_peak_dbtp(x: np.ndarray) -> float:
    """True peak of a signal in dBTP (4x oversampling); -inf for silence. Measured block by block with
    the taps' reach of context each side, so it equals the whole signal's, in bounded memory."""
    peak, lead, tail = 0.0, TAPS // 2 - 1, TAPS // 2
    for a in range(0, len(x), BLOCK):
        b = min(a + BLOCK, len(x))
        lo, hi = max(0, a - lead), min(len(x), b + tail)
        env = peak_envelope(x[lo:hi])[a - lo:a - lo + b - a]
        peak = max(peak, float(np.max(env)))
    return 20 * np.log10(peak) if peak > 0 else float("-inf")
