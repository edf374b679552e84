"""Integrated loudness (ITU-R BS.1770-4): `integrated_lufs` on a whole signal, `LoudnessMeter` block by block.

Gives the same value as pyloudnorm's `Meter(48000).integrated_loudness` on the whole signal (same
K-weighting filters, same 400 ms blocks every 100 ms, same gates), but takes the programme in
pieces: the filters carry their state from piece to piece, and only one sum of squares per 100 ms
and channel is kept (10 floats a second), so a 10-minute programme is never held in memory.
"""

from __future__ import annotations

import numpy as np
import pyloudnorm
from scipy.signal import lfilter

from ..timeline import SAMPLE_RATE

STEP = SAMPLE_RATE // 10  # 100 ms: blocks overlap by 75 %
BLOCK = 4 * STEP  # 400 ms gating block
ABSOLUTE_GATE = -70.0
RELATIVE_GATE = -10.0
PIECE = SAMPLE_RATE * 10  # integrated_lufs feeds a whole signal ten seconds at a time


def _k_weighting() -> list[tuple[np.ndarray, np.ndarray, float]]:
    """The two K-weighting stages (high shelf, high pass) exactly as pyloudnorm builds them."""
    stages = pyloudnorm.Meter(SAMPLE_RATE)._filters.values()
    return [(np.asarray(f.b, np.float64), np.asarray(f.a, np.float64), float(f.passband_gain)) for f in stages]


class LoudnessMeter:
    """Feed (n, channels) pieces in order with `add`; `integrated()` gives LUFS (-inf for silence)."""

    def __init__(self, channels: int = 2) -> None:
        self.stages = _k_weighting()
        self.state = [[np.zeros(len(a) - 1) for (_, a, _) in self.stages] for _ in range(channels)]
        self.pending = np.zeros((0, channels))  # filtered samples not yet making a full 100 ms step
        self.steps: list[np.ndarray] = []  # sum of squares per 100 ms step, per channel
        self.samples = 0

    def add(self, piece: np.ndarray) -> None:
        """Filter and accumulate the next (n, channels) or (n,) piece; pieces must come in time order."""
        piece = np.asarray(piece, np.float64)
        piece = piece[:, None] if piece.ndim == 1 else piece
        filtered = np.empty_like(piece)
        for ch in range(piece.shape[1]):
            y = piece[:, ch]
            for k, (b, a, gain) in enumerate(self.stages):
                y, self.state[ch][k] = lfilter(b, a, y, zi=self.state[ch][k])
                y = y * gain
            filtered[:, ch] = y
        self.samples += len(piece)
        data = np.concatenate([self.pending, filtered])
        whole = len(data) // STEP * STEP
        if whole:
            self.steps.append((data[:whole] ** 2).reshape(-1, STEP, data.shape[1]).sum(axis=1))
        self.pending = data[whole:]

    def integrated(self) -> float:
        """Gated integrated loudness of everything added so far."""
        if self.samples < BLOCK:
            return float("-inf")
        steps = list(self.steps)
        if len(self.pending):
            steps.append((self.pending ** 2).sum(axis=0, keepdims=True))
        energy = np.concatenate(steps) if steps else np.zeros((0, 1))
        # pyloudnorm's block count: round((T - 0.4 s) / 0.1 s) + 1; a last block may run past the end.
        count = int(np.round((self.samples / SAMPLE_RATE - 0.4) / 0.1)) + 1
        padded = np.zeros((count + 3, energy.shape[1]))
        padded[:min(len(energy), count + 3)] = energy[:count + 3]
        z = (padded[:-3] + padded[1:-2] + padded[2:-1] + padded[3:]) / BLOCK  # mean square per block
        power = z.sum(axis=1)
        with np.errstate(divide="ignore"):
            block_lufs = -0.691 + 10 * np.log10(power)
        above = block_lufs >= ABSOLUTE_GATE
        if not above.any():
            return float("-inf")
        relative = -0.691 + 10 * np.log10(power[above].mean()) + RELATIVE_GATE
        gated = (block_lufs > relative) & above
        if not gated.any():
            return float("-inf")
        return float(-0.691 + 10 * np.log10(power[gated].mean()))


def clip_lufs(x: np.ndarray) -> float:
    """The loudness of a clip of any length: integrated, or for one shorter than a 400 ms gating
    block, ungated mean power (K-weighting skipped: a rare case). -inf for silence."""
    x = np.asarray(x)
    if x.shape[0] >= int(0.4 * SAMPLE_RATE):
        return integrated_lufs(x)
    power = float(np.mean(np.square(x, dtype=np.float64))) if x.size else 0.0
    return -0.691 + 10 * np.log10(power) if power > 0 else float("-inf")


def integrated_lufs(x: np.ndarray) -> float:
    """Integrated loudness (BS.1770-4, gated) in LUFS; -inf for silence or under 0.4 s.

    The meter mastering feeds block by block, given the whole signal at once.
    """
    x = np.asarray(x)
    meter = LoudnessMeter(1 if x.ndim == 1 else x.shape[1])
    for a in range(0, x.shape[0], PIECE):  # the meter carries its filters' state: the same value, in bounded memory
        meter.add(x[a:a + PIECE])
    return meter.integrated()
