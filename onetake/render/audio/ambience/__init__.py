"""Procedural room tone and ambience beds that follow the scene: `ambience(zones, s0, s1)`.

Each scene has a Zone: a kind of bed (room, office, cafe, city, rain, nature, server-room, or
"none"), optionally a source placed on screen at x. The bed is a pure function of absolute sample
positions, so any chunking of [s0, s1) gives the same samples:
- the beds themselves are made in fixed blocks (synth.py: filters warmed up, noise and events seeded
  per tile of absolute time) and cached;
- zone gains, crossfades, pans and closeness are applied over fixed cells of CELL samples, also
  aligned to absolute time, so even the `closeness` callback sees the same arrays whatever the
  chunking (and numpy's transcendental functions see the same array lengths).

Levels: every kind is nominally 0 LUFS (diffuse, or placed at closeness 0); the mixer places it
20-30 dB under the voice. A placed source grows up to NEAR_BOOST_DB louder and brighter as the
camera comes close: its low part (< 1.5 kHz) and high part are weighed by closeness and normalised
with calibrated powers, so its loudness is NEAR_BOOST_DB * closeness above nominal, and only the
colour changes beyond that.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ....timeline import SAMPLE_RATE
from .. import mix  # mix imports this package: pan_gains is looked up when called, not at import
from .kinds import KINDS, SERVER_HUM_HZ, powers, source
from .synth import BLOCK

__all__ = ["CELL", "FADE_SAMPLES", "KINDS", "NEAR_BOOST_DB", "SERVER_HUM_HZ", "Zone", "ambience", "loudness_of"]

FADE_SAMPLES = SAMPLE_RATE  # 1 s equal-power crossfade, centred on each change of zone
NEAR_BOOST_DB = 6.0  # a placed source at closeness 1, above its level from far
FAR_HIGH = 0.2  # from far, a placed source keeps this much (-14 dB) of its part above 1.5 kHz
CELL = 1 << 12  # gains are computed over fixed cells this long (BLOCK is a whole number of them)
NOMINAL_LUFS = 0.0


def _check_kind(kind: str, allow_none: bool = True) -> None:
    if kind not in KINDS and not (allow_none and kind == "none"):
        raise ValueError(f"unknown ambience kind {kind!r}; expected one of {', '.join(KINDS)} (or 'none')")


@dataclass(frozen=True, slots=True)
class Zone:
    """One scene's ambience over [start, end): `kind` (one of KINDS, or "none" for silence).

    x places the source on screen (0 left .. 1 right): it pans there and follows the camera's
    closeness; None is diffuse, all around. Neighbouring zones with the same kind, x and seed are
    one continuous bed (no crossfade, no dip).
    """

    start: int
    end: int
    kind: str
    x: float | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        _check_kind(self.kind)
        if self.end <= self.start:
            raise ValueError(f"zone must end after it starts, but got [{self.start}, {self.end})")
        if self.x is not None and not 0.0 <= self.x <= 1.0:
            raise ValueError(f"zone x must be in 0 (left) .. 1 (right) or None (diffuse), but got {self.x}")


def loudness_of(kind: str) -> float:
    """The nominal integrated loudness (LUFS) of a kind as `ambience` renders it (a placed source
    at closeness 0; up to NEAR_BOOST_DB more when close): -inf for "none". The mixer's gain for a
    bed at L LUFS is L - loudness_of(kind)."""
    _check_kind(kind)
    return float("-inf") if kind == "none" else NOMINAL_LUFS


@dataclass(frozen=True, slots=True)
class _Run:
    """Consecutive zones sharing kind, x and seed: one bed, faded in over [lo, fade_in) and out over
    [fade_out, hi); joins are the half-widths of its internal boundaries (where closeness blends)."""

    zones: tuple[Zone, ...]
    lo: int
    fade_in: int
    fade_out: int
    hi: int
    joins: tuple[int, ...]

    @property
    def first(self) -> Zone:
        return self.zones[0]


def _identity(z: Zone) -> tuple:
    return ("none",) if z.kind == "none" else (z.kind, z.x, z.seed)


@lru_cache(maxsize=16)
def _runs(zones: tuple[Zone, ...]) -> tuple[_Run, ...]:
    for a, b in zip(zones, zones[1:]):
        if b.start < a.end:
            raise ValueError(f"zones must be in time order without overlap, but [{a.start}, {a.end}) "
                             f"is followed by [{b.start}, {b.end})")
    groups: list[list[Zone]] = []
    for z in zones:
        if groups and groups[-1][-1].end == z.start and _identity(groups[-1][-1]) == _identity(z):
            groups[-1].append(z)
        else:
            groups.append([z])
    half = FADE_SAMPLES // 2

    def width(left: int, right: int) -> int:  # no fade longer than half of either side
        return min(half, left // 2, right // 2)

    runs = []
    for i, g in enumerate(groups):
        start, end, size = g[0].start, g[-1].end, g[-1].end - g[0].start
        prev = groups[i - 1] if i and groups[i - 1][-1].end == start else None
        after = groups[i + 1] if i + 1 < len(groups) and groups[i + 1][0].start == end else None
        # At a change of zone both sides share one fade centred on it; at an edge the bed fades within itself.
        h_in = width(size, prev[-1].end - prev[0].start) if prev else width(size, size)
        h_out = width(size, after[-1].end - after[0].start) if after else width(size, size)
        lo, fade_in = (start - h_in, start + h_in) if prev else (start, start + h_in)
        fade_out, hi = (end - h_out, end + h_out) if after else (end - h_out, end)
        joins = tuple(width(a.end - a.start, b.end - b.start) for a, b in zip(g, g[1:]))
        if g[0].kind != "none":
            runs.append(_Run(tuple(g), lo, fade_in, fade_out, hi, joins))
    return tuple(runs)


def _fade(run: _Run, a: int, b: int) -> np.ndarray | float:
    """Equal-power (sin/cos) gain of a run over [a, b): the two sides of a change sum to unit power.

    1.0 (a scalar) where [a, b) touches neither fade, which is most of the time.
    """
    gain: np.ndarray | float = 1.0
    if a < run.fade_in:
        u = np.clip((np.arange(a, b) - run.lo + 0.5) / (run.fade_in - run.lo), 0.0, 1.0)
        gain = np.sin(0.5 * np.pi * u)
    if b > run.fade_out:
        u = np.clip((np.arange(a, b) - run.fade_out + 0.5) / (run.hi - run.fade_out), 0.0, 1.0)
        gain = gain * np.cos(0.5 * np.pi * u)
    return gain


def _closeness(run: _Run, n: np.ndarray, closeness: Callable[[Zone, np.ndarray], np.ndarray] | None) -> np.ndarray:
    """Closeness over a run's samples: each zone's own (held at its ends), blended linearly across
    an internal boundary so a cut between two shots of one scene glides instead of jumping."""
    out = np.zeros(n.size)
    if closeness is None:
        return out
    last = len(run.zones) - 1
    for j, z in enumerate(run.zones):
        left = z.start - run.joins[j - 1] if j else run.lo
        right = z.end + run.joins[j] if j < last else run.hi
        i0, i1 = max(left - int(n[0]), 0), min(right - int(n[0]), n.size)
        if i0 >= i1:
            continue
        m = n[i0:i1]
        value = np.asarray(closeness(z, np.clip(m, z.start, z.end - 1)), np.float64)
        value = np.broadcast_to(value, m.shape)
        if not np.all(np.isfinite(value)):
            raise ValueError(f"closeness for zone [{z.start}, {z.end}) must be finite, 0 .. 1")
        weight = np.ones(m.size)
        if j:
            h = run.joins[j - 1]
            weight *= np.clip((m - (z.start - h) + 0.5) / (2 * h), 0.0, 1.0) if h else 1.0
        if j < last:
            h = run.joins[j]
            weight *= np.clip(((z.end + h) - m - 0.5) / (2 * h), 0.0, 1.0) if h else 1.0
        out[i0:i1] += weight * np.clip(value, 0.0, 1.0)
    return out


def _render_run(run: _Run, a: int, b: int, closeness, cell: np.ndarray, cell_start: int) -> None:
    """Add run's bed over [a, b) (inside one cell, so inside one block) to the cell."""
    z = run.first
    gain = _fade(run, a, b)
    k = a // BLOCK
    block = source(z.kind, z.seed, k, z.x is not None)[:, a - k * BLOCK:b - k * BLOCK]
    target = cell[a - cell_start:b - cell_start]
    if z.x is None:
        target += (block * gain).T
        return
    p_low, p_high, p_cross = powers(z.kind)
    if closeness is None:  # from far: a constant mix of the two parts
        high: np.ndarray | float = FAR_HIGH
        level = gain / np.sqrt(p_low + FAR_HIGH * FAR_HIGH * p_high + 2 * FAR_HIGH * p_cross)
    else:
        c = _closeness(run, np.arange(a, b, dtype=np.int64), closeness)
        high = FAR_HIGH + (1.0 - FAR_HIGH) * c  # the weight of the part above 1.5 kHz: brighter as it nears
        level = gain * 10 ** (NEAR_BOOST_DB * c / 20) / np.sqrt(p_low + high * high * p_high + 2 * high * p_cross)
    y = level * (block[0] + high * block[1])
    left, right = mix.pan_gains(2.0 * z.x - 1.0)
    target[:, 0] += y * left
    target[:, 1] += y * right


def ambience(zones: Sequence[Zone], s0: int, s1: int,
             closeness: Callable[[Zone, np.ndarray], np.ndarray] | None = None) -> np.ndarray:
    """The ambience bed over [s0, s1): (s1 - s0, 2) float32, zero outside all zones.

    zones: in time order, without overlap (they normally tile the programme). Between two zones the
    beds crossfade with equal power over FADE_SAMPLES centred on the boundary; the first fades in
    from its start and the last out at its end over FADE_SAMPLES / 2 (shorter for zones shorter
    than a fade). closeness(zone, n): for absolute samples n (int64) inside that zone, how close the
    camera is to its placed source, 0 (far) .. 1 (closest); None means 0. Diffuse zones ignore it.
    A pure function of its arguments (given a pure `closeness`): chunks concatenate exactly.
    """
    if s1 < s0:
        raise ValueError(f"sample range must not be reversed, but got [{s0}, {s1})")
    out = np.zeros((s1 - s0, 2), np.float32)
    runs = _runs(tuple(zones))
    if not runs or s1 == s0:
        return out
    ends = [r.hi for r in runs]
    for a in range(s0 // CELL * CELL, s1, CELL):
        b = a + CELL
        i = bisect_right(ends, a)  # the first run still sounding at a (runs' extents are in order)
        cell = None
        while i < len(runs) and runs[i].lo < b:
            run = runs[i]
            lo, hi = max(a, run.lo), min(b, run.hi)
            if lo < hi:
                if cell is None:
                    cell = np.zeros((CELL, 2))
                _render_run(run, lo, hi, closeness, cell, a)
            i += 1
        if cell is not None:
            lo, hi = max(a, s0), min(b, s1)
            out[lo - s0:hi - s0] = cell[lo - a:hi - a]
    return out
