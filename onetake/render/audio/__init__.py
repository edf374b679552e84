"""The audio renderer: `samples(timeline, s0, s1)` is the mastered programme, a pure function of its range.

premaster (mix.py): narration + sound effects (sfx.py) + ambience (ambience.py) + ducked music (the
score rendered at planning, score/; or the user's file, user_music.py) on a stereo bus.
samples: premaster x 10^(timeline.master_gain_db / 20) -> true-peak limiter (master.py, <= -1.5 dBTP).
stems: each bus through the same gain and the same limiter gain, so the stems sum to `samples`.
master_gain_db: run once before rendering to find that gain for a loudness target (-16 LUFS default),
solved block by block (loudness.py) so memory stays bounded on long programmes.
The meters themselves (loudness, true peak, onsets) live in `onetake.measure`.
"""

from __future__ import annotations

import numpy as np

from ...assets import AssetStore
from ...measure import peak_envelope
from ...timeline import SAMPLE_RATE, SampleRange, Timeline
from .loudness import Block, gain_for_target
from .master import CEILING_DBTP, LIMITER_REACH, limit, limiter_gain
from .mix import BUSES, NARRATION_LUFS, buses, pan_gains, premaster, sum_buses
from .sfx import KINDS, WHOOSH_PEAK_SAMPLES, sound

__all__ = [
    "BUSES", "CEILING_DBTP", "KINDS", "NARRATION_LUFS", "WHOOSH_PEAK_SAMPLES", "limit", "master_gain_db", "pan_gains",
    "premaster", "samples", "sound", "stems",
]

MASTER_BLOCK_SAMPLES = SAMPLE_RATE * 20  # long ranges are mastered 20 s at a time: bounded memory, same samples
_MARGIN = LIMITER_REACH + 64
CACHE_SECONDS = 180  # master_gain_db keeps shorter programmes in memory between its passes


def samples(timeline: Timeline, s0: int, s1: int, assets: AssetStore | None = None,
            premixed: list[Block] | None = None) -> np.ndarray:
    """The final mastered programme over [s0, s1): float32 (s1 - s0, 2), stereo at 48 kHz.

    A pure function of (timeline, s0, s1) and the clips it names in `assets` (the store it was
    planned with): chunks rendered separately and concatenated equal the whole range rendered at
    once. Zero outside [0, timeline.duration). `premixed`, the premaster blocks `master_gain_db`
    kept (`kept=`), saves mixing again where a range lies inside one (the same samples: the premaster
    of a range is the premaster of the programme, cut).
    """
    if s1 < s0:
        raise ValueError(f"sample range must not be reversed, but got [{s0}, {s1})")
    out = np.zeros((s1 - s0, 2), np.float32)
    inside = SampleRange(s0, s1).clamped(SampleRange(0, timeline.duration))
    gain = np.float32(10 ** (timeline.master_gain_db / 20))
    for lo in range(inside.start, inside.end, MASTER_BLOCK_SAMPLES):
        hi = min(lo + MASTER_BLOCK_SAMPLES, inside.end)
        # The limiter sees LIMITER_REACH of context each side, so its gain matches the whole-programme one.
        x, peaks = _premixed(premixed, lo, hi)
        x = (premaster(timeline, lo - _MARGIN, hi + _MARGIN, assets) if x is None else x) * gain
        out[lo - s0:hi - s0] = limit(x, peaks=None if peaks is None else peaks * gain)[_MARGIN:_MARGIN + hi - lo]
    return out


def _premixed(blocks: list[Block] | None, lo: int, hi: int) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The premaster over [lo - margin, hi + margin) and its true-peak envelope (at unity gain: it
    scales with the gain), cut from the kept master block that holds the range; (None, None) if none does."""
    k = lo // MASTER_BLOCK_SAMPLES
    if not blocks or k >= len(blocks) or hi > k * MASTER_BLOCK_SAMPLES + blocks[k].length:
        return None, None
    cut = slice(lo - k * MASTER_BLOCK_SAMPLES, lo - k * MASTER_BLOCK_SAMPLES + hi - lo + 2 * _MARGIN)
    return blocks[k].x[cut], None if blocks[k].peaks is None else blocks[k].peaks[cut]


def stems(timeline: Timeline, s0: int, s1: int, assets: AssetStore | None = None) -> dict[str, np.ndarray]:
    """The mastered stems over [s0, s1) (BUSES -> (s1 - s0, 2) float32): each bus with the master gain
    and the limiter gain that `samples` applies to their sum, so they add up to it (to float rounding)."""
    if s1 < s0:
        raise ValueError(f"sample range must not be reversed, but got [{s0}, {s1})")
    out = {name: np.zeros((s1 - s0, 2), np.float32) for name in BUSES}
    inside = SampleRange(s0, s1).clamped(SampleRange(0, timeline.duration))
    gain = np.float32(10 ** (timeline.master_gain_db / 20))
    for lo in range(inside.start, inside.end, MASTER_BLOCK_SAMPLES):
        hi = min(lo + MASTER_BLOCK_SAMPLES, inside.end)
        parts = buses(timeline, lo - _MARGIN, hi + _MARGIN, assets)
        g = limiter_gain(peak_envelope(sum_buses(parts) * gain))[_MARGIN:_MARGIN + hi - lo].astype(np.float32)
        for name, x in parts.items():
            out[name][lo - s0:hi - s0] = x[_MARGIN:_MARGIN + hi - lo] * gain * g[:, None]
    return out


def master_gain_db(timeline: Timeline, target_lufs: float = -16.0, tolerance_lu: float = 0.05,
                   assets: AssetStore | None = None, kept: list[Block] | None = None) -> float:
    """The programme gain (dB) that, with the limiter in `samples`, gives `target_lufs` integrated.

    The solver (`loudness.gain_for_target`) is fed the premaster in the blocks `samples` masters,
    with the same margins. Programmes up to CACHE_SECONDS keep their premaster blocks and true-peak
    envelopes between passes (the envelope is what costs; it scales with the gain); longer ones
    render each pass anew, so memory stays bounded. Store the result in `timeline.master_gain_db`
    (and the target in `timeline.loudness_target_lufs`). Returns 0.0 for a silent programme.
    A list given as `kept` receives the kept blocks (short programmes only), for `samples(premixed=)`.
    """
    kept = [] if kept is None else kept
    keep = timeline.duration <= CACHE_SECONDS * SAMPLE_RATE

    def blocks():
        """The premaster with margins, block by block, in order (from memory after the first pass if kept)."""
        if kept:
            yield from kept
            return
        for lo in range(0, timeline.duration, MASTER_BLOCK_SAMPLES):
            hi = min(lo + MASTER_BLOCK_SAMPLES, timeline.duration)
            x = premaster(timeline, lo - _MARGIN, hi + _MARGIN, assets)
            block = Block(x, _MARGIN, hi - lo, peak_envelope(x) if keep else None)  # envelopes only where reused
            if keep:
                kept.append(block)
            yield block

    return gain_for_target(blocks, target_lufs, tolerance_lu)
