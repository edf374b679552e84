"""Mastering: a look-ahead true-peak limiter with finite memory.

The limiter is a pure function of its input window: the gain at sample n depends only on the
input within +-LIMITER_REACH samples of n, so rendering any range with that much margin on
each side gives the same samples as rendering the whole programme. It steers by the true-peak
envelope of `onetake.measure`, the meter `verify` reads the finished file with.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from ...measure import TAPS, peak_envelope
from ...timeline import SAMPLE_RATE

CEILING_DBTP = -1.5
# The limiter aims under the ceiling: the gain is smooth but not constant across the interpolation
# filter's span, other true-peak meters use slightly different filters, and AAC encoding adds
# overshoot (+0.16 dB measured on the onboarding example): the decoded file must still pass.
AIM_DBTP = CEILING_DBTP - 0.5

_HOLD = SAMPLE_RATE * 10 // 1000  # gain stays down +-10 ms around a peak: no pumping within a pitch period
_SMOOTH = SAMPLE_RATE * 4 // 1000 + 1  # each of two box filters: 4 ms; together an S-shaped 8 ms ramp
LIMITER_REACH = _HOLD + _SMOOTH + TAPS  # samples of context the limiter needs on each side


def limiter_gain(peaks: np.ndarray, ceiling_dbtp: float = AIM_DBTP) -> np.ndarray:
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


def limit(x: np.ndarray, ceiling_dbtp: float = AIM_DBTP, peaks: np.ndarray | None = None) -> np.ndarray:
    """Apply the true-peak limiter to a (n, channels) block (its edges need LIMITER_REACH of context).

    `peaks`, when given, is `peak_envelope(x)` computed earlier (it is the costly part).
    """
    g = limiter_gain(peak_envelope(x) if peaks is None else peaks, ceiling_dbtp)
    if np.all(g == 1.0):
        return x
    return (x * g[:, None]).astype(x.dtype)
