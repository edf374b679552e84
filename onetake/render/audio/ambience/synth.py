"""The block machinery under the ambience beds: every block a pure function of (kind, seed, block).

A bed is made in fixed absolute blocks of BLOCK samples, never in the ranges a caller asks for.
Block k is computed over [k*BLOCK - WARM, (k+1)*BLOCK) and its first WARM samples are thrown away:
recursive filters start from rest there and have forgotten it by k*BLOCK (the slowest ones decay in
~10 ms, WARM is 170 ms, so the start leaves < -150 dB), so consecutive blocks meet without a seam
although neither knows the other. What goes into the filters is itself a function of absolute time:
white noise comes in tiles of TILE samples, each drawn from a generator seeded by (kind, seed, layer,
tile), so the warm-up sees exactly the noise the previous block ended with. Random events are
scheduled per tile from the same kind of seed, and a block looks back over as many tiles as the
longest event lasts, so an event that began blocks ago still rings on. Slow modulations are sums of
sines of absolute time with seeded phases: continuous across blocks by construction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import signal

from ....timeline import SAMPLE_RATE
from .. import mix  # mix imports this package: pan_gains is looked up when called, not at import

TILE = 1 << 13  # ~170 ms: noise and event schedules come in tiles this long
WARM = TILE  # filter warm-up before each block
BLOCK = 1 << 15  # ~680 ms: the unit a bed is computed and cached in (a whole number of tiles)
STEP = 1 << 6  # the control grid of slow envelopes: every 1.3 ms
EDGE = SAMPLE_RATE // 1000  # 1 ms raised-cosine attack on every event: soft, never a click

_NOISE, _SCHEDULE, _EVENT, _PHASES = range(4)  # what a generator is for: part of its seed


def _natural(i: int) -> int:
    """Any integer as a distinct non-negative one (seed material must not be negative)."""
    return 2 * i if i >= 0 else -2 * i - 1


def _rng(key: tuple[int, int], layer: int, purpose: int, tile: int = 0, index: int = 0) -> np.random.Generator:
    # Always six words: keys of different lengths could collide in SeedSequence.
    return np.random.default_rng([key[0], key[1], layer, purpose, _natural(tile), index])


def _sos(*stages: np.ndarray) -> np.ndarray:
    return np.vstack(stages)


def unit(*stages: np.ndarray) -> np.ndarray:
    """Filter stages chained into one SOS array, scaled so white noise comes out at unit RMS."""
    sos = _sos(*stages).copy()
    impulse = np.zeros(1 << 16)
    impulse[0] = 1.0
    sos[0, :3] /= np.sqrt(np.sum(signal.sosfilt(sos, impulse) ** 2))
    return sos


def lp(f: float, order: int = 2) -> np.ndarray:
    return signal.butter(order, f, btype="lowpass", fs=SAMPLE_RATE, output="sos")


def hp(f: float, order: int = 2) -> np.ndarray:
    return signal.butter(order, f, btype="highpass", fs=SAMPLE_RATE, output="sos")


def bp(lo: float, hi: float, order: int = 1) -> np.ndarray:
    return signal.butter(order, [lo, hi], btype="bandpass", fs=SAMPLE_RATE, output="sos")


def peak(f: float, q: float) -> np.ndarray:
    return signal.tf2sos(*signal.iirpeak(f, q, fs=SAMPLE_RATE))


# Pink (-3 dB/octave) from white: J. O. Smith's three-pole fit, its slowest pole decays in ~5 ms.
PINK = signal.tf2sos([0.049922035, -0.095993537, 0.050612699, -0.004408786],
                     [1.0, -2.494956002, 2.017265875, -0.522189400])


def edges(x: np.ndarray, release: int = EDGE * 3) -> np.ndarray:
    """An event's waveform with a 1 ms raised-cosine attack and a short release: no clicks either end."""
    a, r = min(EDGE, x.size // 2), min(release, x.size // 2)
    x[:a] *= 0.5 - 0.5 * np.cos(np.pi * (np.arange(a) + 0.5) / a)
    x[x.size - r:] *= 0.5 + 0.5 * np.cos(np.pi * (np.arange(r) + 0.5) / r)
    return x


_RAMP = np.arange(STEP) / STEP
_TABLE = 1 << 12  # points per cycle of a tone's wavetable
_POINTS = np.arange(_TABLE + 1, dtype=np.float64)


def wavetable(amps: tuple[float, ...], phases: np.ndarray) -> np.ndarray:
    """One cycle of sum_h amps[h] sin(2 pi (h+1) u + phases[h]), sampled for `lookup` (wraps around)."""
    u = np.arange(_TABLE + 1) / _TABLE
    return sum(a * np.sin(2 * np.pi * (h + 1) * u + p) for h, (a, p) in enumerate(zip(amps, phases)))


def lookup(table: np.ndarray, cycles: np.ndarray) -> np.ndarray:
    """A wavetable read at `cycles` (any real: only the fraction counts), linearly interpolated.

    With 4096 points a cycle, a few harmonics come out within -80 dB of the exact sines, at a
    fraction of their cost.
    """
    return np.interp(np.mod(cycles, 1.0) * _TABLE, _POINTS, table)


@lru_cache(maxsize=1024)
def phases(key: tuple[int, int], layer: int, count: int) -> np.ndarray:
    """`count` phases (radians) seeded by (kind, seed) and layer alone: constants of a bed."""
    out = _rng(key, layer, _PHASES).uniform(0, 2 * np.pi, count)
    out.flags.writeable = False
    return out


@lru_cache(maxsize=8192)
def _schedule(key: tuple[int, int], layer: int, tile: int, rate: float) -> np.ndarray:
    """Sorted offsets, within tile `tile`, of the events of one layer starting there (Poisson, `rate` per s)."""
    rng = _rng(key, layer, _SCHEDULE, tile)
    count = rng.poisson(rate * TILE / SAMPLE_RATE)
    out = np.sort(rng.integers(0, TILE, count))
    out.flags.writeable = False
    return out


@lru_cache(maxsize=2048)
def _event(make: Callable[[np.random.Generator], Any], key: tuple[int, int], layer: int, tile: int, index: int) -> Any:
    """One event's description (cached: an event is met again by every block it rings into)."""
    return make(_rng(key, layer, _EVENT, tile, index))


class Span:
    """The stretch one block is computed over, and the sources a kind's recipe draws on there.

    rows: 2 for a diffuse bed (left, right: independent noise, events at random pans) or 1 for a
    placed source (mono, events centred). Every method returns (rows, size) or (size,) float64 over
    [lo, hi) = [k*BLOCK - warm, (k+1)*BLOCK); warm is a whole number of tiles.
    """

    def __init__(self, kind_index: int, seed: int, k: int, rows: int, warm: int = WARM) -> None:
        assert warm % TILE == 0
        self.key = (kind_index, seed & 0xFFFFFFFF)
        self.rows = rows
        self.lo = k * BLOCK - warm
        self.hi = (k + 1) * BLOCK
        self.size = self.hi - self.lo
        self.n = np.arange(self.lo, self.hi, dtype=np.int64)

    def white(self, layer: int, count: int = 1) -> np.ndarray:
        """(count, rows, size) white noise, unit variance: the same samples at the same absolute time.

        Uniform, not Gaussian (five times cheaper): every use filters it or modulates it by a slow
        envelope, and filtered noise is Gaussian again.
        """
        tiles = range(self.lo // TILE, self.hi // TILE)
        x = np.concatenate([_rng(self.key, layer, _NOISE, j).random((count, self.rows, TILE)) for j in tiles], axis=-1)
        x -= 0.5
        x *= np.sqrt(12.0)
        return x

    def noise(self, layer: int, sos: np.ndarray) -> np.ndarray:
        """White noise of `layer` through `sos` (a `unit` chain: unit RMS), (rows, size)."""
        return signal.sosfilt(sos, self.white(layer)[0], axis=-1)

    def noise_pair(self, layer: int, first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One noise through two filters: crossfading between them sweeps a filter without state."""
        x = self.white(layer)[0]
        return signal.sosfilt(first, x, axis=-1), signal.sosfilt(second, x, axis=-1)

    def sparse(self, layer: int, rate: float, sos: np.ndarray) -> np.ndarray:
        """Random impulses (`rate` per second, amplitudes 0.3..1 either sign) through `sos`, unit RMS.

        Dense ticks (rain) this way cost one filter pass, not one waveform per tick.
        """
        x = np.zeros((self.rows, self.size))
        for i, j in enumerate(range(self.lo // TILE, self.hi // TILE)):
            rng = _rng(self.key, layer, _NOISE, j)
            for row in range(self.rows):
                count = rng.poisson(rate * TILE / SAMPLE_RATE)
                at = rng.integers(0, TILE, count) + i * TILE
                np.add.at(x[row], at, rng.uniform(0.3, 1.0, count) * rng.choice((-1.0, 1.0), count))
        mean_square = rate / SAMPLE_RATE * (1.0 - 0.3 ** 3) / (3 * 0.7)  # E[a^2] of uniform(0.3, 1)
        return signal.sosfilt(sos, x, axis=-1) / np.sqrt(mean_square)

    def phases(self, layer: int, count: int) -> np.ndarray:
        """`count` seeded phases (radians) for `layer`: the same in every block."""
        return phases(self.key, layer, count)

    @property
    def slow_t(self) -> np.ndarray:
        """Absolute time (s) on the control grid: every STEP samples from lo to hi inclusive."""
        return np.arange(self.lo, self.hi + 1, STEP) / SAMPLE_RATE

    def fine(self, values: np.ndarray) -> np.ndarray:
        """Control-grid values (..., size/STEP + 1) linearly interpolated to every sample (..., size).

        Envelopes (syllables, gusts, swells) are smooth at that rate, and this is far cheaper
        than evaluating them per sample.
        """
        v = np.asarray(values, np.float64)
        out = v[..., :-1, None] + (v[..., 1:] - v[..., :-1])[..., None] * _RAMP
        return out.reshape(*v.shape[:-1], self.size)

    def lfo(self, layer: int, freqs: tuple[float, ...], fine: bool = True) -> np.ndarray:
        """A slow wander of absolute time: sines at `freqs` (Hz) with seeded phases, unit RMS.

        (size,), or on the control grid (size/STEP + 1,) with fine=False.
        """
        t = self.slow_t
        out = np.zeros(t.size)
        for f, phase in zip(freqs, self.phases(layer, len(freqs))):
            out += np.sin(2 * np.pi * f * t + phase)
        out *= np.sqrt(2 / len(freqs))
        return self.fine(out) if fine else out

    def periodic(self, f0: float, table: np.ndarray) -> np.ndarray:
        """A steady periodic tone at f0 Hz over absolute time, one cycle of it given by `table`, (size,).

        The phase is reduced to whole cycles exactly (integer n), so it keeps its precision hours in.
        """
        position = np.mod(f0 * self.n, SAMPLE_RATE)
        position *= _TABLE / SAMPLE_RATE
        return np.interp(position, _POINTS, table)

    def gains(self, pan: float) -> np.ndarray:
        """(rows, 1) gains for a mono event at `pan` (-1 .. 1): constant power across a diffuse pair."""
        if self.rows == 1:  # a mono rendering hears events centred, as the diffuse pair sums them
            return np.array([[mix.pan_gains(0.0)[0]]])
        return np.array(mix.pan_gains(pan))[:, None]

    def occurrences(self, layer: int, rate: float, longest: float,
                    make: Callable[[np.random.Generator], Any]) -> Iterator[tuple[int, Any]]:
        """(start sample, make(rng)) of every event of `layer` that may sound in this span.

        Events start at `rate` per second and last at most `longest` seconds; `make` draws one
        event's description from its own generator (and is cached with it).
        """
        reach = int(longest * SAMPLE_RATE)
        for j in range((self.lo - reach) // TILE, self.hi // TILE):
            for i, offset in enumerate(_schedule(self.key, layer, j, rate)):
                start = j * TILE + int(offset)
                if self.lo - reach < start < self.hi:
                    yield start, _event(make, self.key, layer, j, i)

    def events(self, layer: int, rate: float, longest: float,
               make: Callable[[np.random.Generator], tuple[float, list[tuple[int, np.ndarray]]]]) -> np.ndarray:
        """Sounding events of `layer`, (rows, size): `make(rng)` gives (pan, [(offset, waveform), ...]).

        An event may be a phrase of several short sounds (a burst of typing, a bird's song), each
        rendered only where it overlaps the span.
        """
        out = np.zeros((self.rows, self.size))
        reach = longest * SAMPLE_RATE
        for start, (pan, pieces) in self.occurrences(layer, rate, longest, make):
            gains = self.gains(pan)
            for offset, wave in pieces:
                assert offset + wave.size <= reach, "an event outlasting `longest` would be cut at a block edge"
                a = start + offset
                lo, hi = max(a, self.lo), min(a + wave.size, self.hi)
                if lo < hi:
                    out[:, lo - self.lo:hi - self.lo] += gains * wave[lo - a:hi - a]
        return out
