"""The seven ambience kinds: each a recipe of noises, hums and sparse events over one block's Span.

Every recipe returns (rows, size) at an arbitrary raw level; `source` normalises it with a constant
measured once per kind (CALIBRATION), so a bed is nominally 0 LUFS and the mixer sets its level.
Events are kept well inside the bed (a keystroke's peak is below the bed's own noise peaks): the
ambience sits 20-30 dB under the voice and must never poke out of it.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import signal

from ....timeline import SAMPLE_RATE
from .synth import BLOCK, PINK, WARM, Span, bp, edges, hp, lookup, lp, peak, phases, unit, wavetable

SERVER_HUM_HZ = 120.0  # the server room's main fan: its hum's fundamental

# Filters, each a unit-RMS chain (white noise in, unit RMS out).
ROOM_TONE = unit(PINK, hp(30.0), lp(1200.0, 4))
HVAC_LOW = unit(hp(40.0), lp(250.0, 2))
HVAC_AIR = unit(PINK, hp(150.0), lp(6000.0))  # the vents' broadband air
VOICE_LOW = unit(bp(250.0, 1600.0, 2))  # the lower talkers' band
VOICE_HIGH = unit(bp(400.0, 3000.0, 2))
CROWD = unit(PINK, bp(250.0, 2500.0, 2))  # the room's reverberant wash of everybody
RUMBLE = unit(hp(25.0), lp(150.0, 4))
FAR_HUM = unit(bp(55.0, 130.0, 2))
CAR_DARK = unit(hp(30.0), lp(220.0, 2))
CAR_BRIGHT = unit(bp(250.0, 1200.0))
RAIN_HISS = unit(bp(1000.0, 8000.0, 2))
RAIN_BODY = unit(PINK, hp(80.0), lp(1000.0))
DROPS = ((unit(peak(2600.0, 2.0)), 90.0), (unit(peak(4300.0, 2.5)), 120.0), (unit(peak(6800.0, 2.5)), 150.0))
WIND_DARK = unit(hp(40.0), lp(260.0, 2))
WIND_BRIGHT = unit(bp(350.0, 1400.0))
FAN_HISS = unit(PINK, hp(150.0), lp(10000.0))
FAN_AIR = unit(bp(200.0, 700.0))
KEY_TICK = bp(1500.0, 5000.0)
KEY_THOCK = bp(300.0, 1500.0)
RUSTLE = bp(500.0, 3500.0)


def _t(n: int) -> np.ndarray:
    return np.arange(n) / SAMPLE_RATE


def _keystroke(rng: np.random.Generator, level: float) -> np.ndarray:
    """A distant key: a soft 1.5-5 kHz tick, a little plastic body and a low thock, ~25 ms."""
    t = _t(int(0.025 * SAMPLE_RATE))
    tick = signal.sosfilt(KEY_TICK, rng.standard_normal(t.size)) * np.exp(-t / 0.0015)
    body = np.sin(2 * np.pi * rng.uniform(1000, 2000) * t) * np.exp(-t / 0.004) * 0.4
    thock = signal.sosfilt(KEY_THOCK, rng.standard_normal(t.size)) * np.exp(-t / 0.005) * 0.5
    x = edges(tick + body + thock)
    return x * (level / np.max(np.abs(x)))


def _typing(rng: np.random.Generator):
    """A burst of 4-15 keystrokes from a desk across the room (at most ~3.5 s)."""
    pieces, at = [], 0
    for _ in range(int(rng.integers(4, 16))):
        pieces.append((at, _keystroke(rng, 1.2 * 10 ** (rng.uniform(-5, 0) / 20))))
        at += int(min(rng.gamma(4.0, 0.035) + 0.06, 0.2) * SAMPLE_RATE)
    return rng.uniform(-0.8, 0.8), pieces


def _rustle(rng: np.random.Generator):
    """A chair creak or paper shuffle: 0.2-0.6 s of mid-band noise, swelling and grainy."""
    t = _t(int(rng.uniform(0.2, 0.6) * SAMPLE_RATE))
    grain = 0.6 + 0.4 * np.abs(np.sin(2 * np.pi * rng.uniform(12, 25) * t + rng.uniform(0, np.pi)))
    x = signal.sosfilt(RUSTLE, rng.standard_normal(t.size)) * np.sin(np.pi * t / t[-1]) ** 2 * grain
    return rng.uniform(-0.8, 0.8), [(0, edges(x * 0.35 / np.sqrt(np.mean(x ** 2))))]


def _clink(rng: np.random.Generator):
    """A cup or spoon: two or three inharmonic high partials decaying over ~0.1 s, once or twice."""
    def strike(level: float) -> np.ndarray:
        t = _t(int(0.35 * SAMPLE_RATE))
        f0 = rng.uniform(2400, 4200)
        x = sum(a * np.sin(2 * np.pi * f0 * r * t + rng.uniform(0, 2 * np.pi)) * np.exp(-t / d)
                for r, a, d in ((1.0, 1.0, 0.09), (2.41, 0.45, 0.05), (3.93, 0.2, 0.03)))
        return edges(x) * level

    level = 0.35 * 10 ** (rng.uniform(-6, 0) / 20)
    pieces = [(0, strike(level))]
    if rng.random() < 0.4:
        pieces.append((int(rng.uniform(0.08, 0.2) * SAMPLE_RATE), strike(level * rng.uniform(0.4, 0.8))))
    return rng.uniform(-0.9, 0.9), pieces


def _chirp(rng: np.random.Generator, shape: int, f0: float, d: float) -> np.ndarray:
    t = _t(int(d * SAMPLE_RATE))
    u = t / d
    f = (f0 * 2 ** (0.6 * u),  # rising
         f0 * 1.5 * 2 ** (-0.75 * u),  # falling
         f0 * (1 + 0.06 * np.sin(2 * np.pi * 32 * t)),  # trill
         f0 * (1 + 0.18 * np.sin(np.pi * 1.6 * u)))[shape]  # warble
    phase = 2 * np.pi * np.cumsum(np.clip(f, 2000.0, 6000.0)) / SAMPLE_RATE
    return (np.sin(phase) + 0.1 * np.sin(2 * phase)) * np.sin(np.pi * u) ** 2


def _bird(rng: np.random.Generator):
    """A little phrase of 2-7 chirps (FM sine sweeps, 2-6 kHz) from one bird, at most ~2.5 s."""
    shape, f0 = int(rng.integers(4)), rng.uniform(2300, 4200)
    d, gap = rng.uniform(0.04, 0.13), rng.uniform(0.04, 0.16)
    level = 0.8 * 10 ** (rng.uniform(-8, 0) / 20)
    pieces, at = [], 0
    for i in range(int(rng.integers(2, 8))):
        chirp = _chirp(rng, shape, f0 * (1 + rng.normal(0, 0.03)), d * rng.uniform(0.85, 1.15))
        pieces.append((at, chirp * level * rng.uniform(0.6, 1.0)))
        at += chirp.size + int(gap * rng.uniform(0.8, 1.25) * SAMPLE_RATE)
    return rng.uniform(-0.9, 0.9), pieces


def _room(s: Span) -> np.ndarray:
    return s.noise(0, ROOM_TONE)


def _office(s: Span) -> np.ndarray:
    hvac = s.noise(1, HVAC_LOW) * (1 + 0.1 * s.lfo(1, (0.05, 0.11, 0.23)))
    bed = 0.6 * s.noise(0, ROOM_TONE) + 0.8 * hvac + 0.3 * s.noise(2, HVAC_AIR)
    return bed + s.events(3, 0.15, 3.5, _typing) + s.events(4, 0.05, 0.7, _rustle)


_TALKERS = 6  # the first half talk low, the rest higher


def _cafe(s: Span) -> np.ndarray:
    # Each talker is white noise amplitude-modulated at a syllable rate (3-6 Hz, wandering) and
    # gated on and off by a slow wander; the band-pass comes after the modulation, since for
    # envelopes this slow the order does not matter, and one filter pass then serves all talkers.
    t = s.slow_t
    env = np.empty((_TALKERS, t.size))
    for v in range(_TALKERS):
        rate, a, b, c = s.phases(10 + v, 4) / (2 * np.pi)
        phase = 2 * np.pi * (3 + 3 * rate) * t + 1.2 * np.sin(2 * np.pi * (0.31 + 0.1 * a) * t + 6 * b)
        syllables = (0.5 - 0.5 * np.cos(phase)) ** 2
        speaking = 0.5 + 0.5 * np.tanh(2.5 * (s.lfo(20 + v, (0.07, 0.13, 0.23), fine=False) + 0.3 * (c - 0.5)))
        env[v] = (0.12 + 0.88 * syllables) * speaking
    talk = s.white(1, _TALKERS) * s.fine(env)[:, None, :]
    half = _TALKERS // 2
    murmur = (signal.sosfilt(VOICE_LOW, talk[:half].sum(axis=0), axis=-1)
              + signal.sosfilt(VOICE_HIGH, talk[half:].sum(axis=0), axis=-1))
    bed = 0.5 * s.noise(2, CROWD) + 0.3 * s.noise(0, ROOM_TONE)
    return 0.7 * murmur + bed + s.events(3, 0.25, 0.6, _clink)


def _city(s: Span) -> np.ndarray:
    rumble = s.noise(0, RUMBLE) * (1 + 0.08 * s.lfo(0, (0.043, 0.071, 0.13)))
    hum = 0.45 * s.noise(1, FAR_HUM) * (1 + 0.2 * s.lfo(1, (0.053, 0.097)))
    dark, bright = s.noise_pair(2, CAR_DARK, CAR_BRIGHT)
    # Passing cars: slow swells of the traffic noise, computed on the control grid.
    t = s.slow_t * SAMPLE_RATE  # samples
    env = np.zeros((2, t.size))  # (dark, bright)
    engine = np.zeros((s.rows, s.size))
    for start, (length, level, f0, doppler, pan, table) in s.occurrences(3, 0.2, 8.0, _car):
        d = length / SAMPLE_RATE
        u = np.clip((t - start) / length, 0.0, 1.0)
        tau = (u - 0.5) * d  # seconds from the moment it passes (held at the ends, where the swell is 0)
        swell = level * np.sin(np.pi * u) ** 2 / (1 + (tau / (d / 7)) ** 2)
        # Brighter as it comes (a slow rise), darker as it goes (a quicker fall): the Doppler-like sweep.
        sweep = 0.6 * np.exp(-(tau / np.where(tau < 0, d / 5, d / 9)) ** 2)
        env[0] += swell * (1 - sweep)
        env[1] += swell * sweep
        # The engine's pitch drops by 2*doppler as it passes: phase is the integral of the frequency.
        k = 0.4
        cycles = f0 * (tau - doppler * k * (np.logaddexp(tau / k, -tau / k) - np.log(2)))
        engine += s.gains(pan) * (0.12 * s.fine(swell) * lookup(table, s.fine(cycles)))
    env = s.fine(env)
    return rumble + hum + env[0] * dark + env[1] * bright + engine


def _car(rng: np.random.Generator):
    """One passing car: (length in samples (4-8 s), level, engine Hz, Doppler shift, pan, engine wavetable)."""
    return (int(rng.uniform(4.0, 8.0) * SAMPLE_RATE), rng.uniform(0.4, 0.9), rng.uniform(30.0, 55.0),
            rng.uniform(0.03, 0.06), rng.uniform(-0.8, 0.8), wavetable((1.0, 0.5, 0.25), rng.uniform(0, 2 * np.pi, 3)))


def _rain(s: Span) -> np.ndarray:
    drops = sum(s.sparse(2 + i, rate, sos) for i, (sos, rate) in enumerate(DROPS))
    swell = 1 + 0.1 * s.lfo(5, (0.017, 0.041, 0.067))
    return swell * (s.noise(0, RAIN_HISS) + 0.35 * s.noise(1, RAIN_BODY) + 0.3 * drops)


def _nature(s: Span) -> np.ndarray:
    dark, bright = s.noise_pair(0, WIND_DARK, WIND_BRIGHT)
    gust = 0.5 + 0.5 * np.tanh(1.5 * s.lfo(0, (0.061, 0.11, 0.17, 0.29)))
    wind = (0.5 + 0.6 * gust) * ((1 - 0.4 * gust) * dark + 0.4 * gust * bright)
    return wind + s.events(1, 0.3, 2.5, _bird)


# The fans: detuning against the main one beats slowly, as a rack of fans does.
_FANS = ((0.0, 1.0), (0.0083, 0.6), (-0.0127, 0.45))
_FAN_HARMONICS = (1.0, 0.55, 0.3, 0.45, 0.15, 0.1)  # the 4th: a blade-pass whine


@lru_cache(maxsize=64)
def _fan(key: tuple[int, int], i: int) -> np.ndarray:
    """One cycle of fan i's hum, its harmonics at seeded phases."""
    return wavetable(_FAN_HARMONICS, phases(key, 5 + i, len(_FAN_HARMONICS)))


def _server(s: Span) -> np.ndarray:
    hum = sum(level * s.periodic(SERVER_HUM_HZ * (1 + detune), _fan(s.key, i)) for i, (detune, level) in enumerate(_FANS))
    return s.noise(0, FAN_HISS) + 0.4 * s.noise(1, FAN_AIR) + 0.3 * hum


# The order is part of each kind's seed (its index): append new kinds, never reorder.
RECIPES = {"room": _room, "office": _office, "cafe": _cafe, "city": _city, "rain": _rain, "nature": _nature,
           "server-room": _server}
KINDS = tuple(RECIPES)

# Raw integrated loudness (LUFS) of each recipe, measured once (60 s, seeds 0-3) and written here so
# nothing is measured at render time: (diffuse pair; a placed source's mono split at SPLIT into its
# low part, its high part, and the two together, each heard centred).
CALIBRATION = {
    "room": (1.37, -1.85, -7.48, -1.65),
    "office": (2.17, -1.26, -6.71, -0.83),
    "cafe": (2.34, -3.27, -0.58, -0.67),
    "city": (1.68, -1.45, -13.26, -1.33),
    "rain": (7.34, -5.93, 5.06, 4.33),
    "nature": (-2.11, -5.9, -9.89, -5.11),
    "server-room": (5.15, -1.47, 1.78, 2.15),
}
SPLIT = lp(1500.0, 2)  # a placed source heard from far keeps what is under this, and little above


def powers(kind: str) -> tuple[float, float, float]:
    """A placed source's loudness powers (low, high, cross term) in 10^(LUFS/10) units, from CALIBRATION."""
    _, low, high, full = CALIBRATION[kind]
    pl, ph = 10 ** (low / 10), 10 ** (high / 10)
    return pl, ph, (10 ** (full / 10) - pl - ph) / 2


@lru_cache(maxsize=64)
def source(kind: str, seed: int, k: int, placed: bool) -> np.ndarray:
    """Block k of a bed, (2, BLOCK) float32, read-only (cached: a sequential render meets it ~50 times).

    Diffuse: (left, right), normalised to 0 LUFS. Placed: (low, high) of the mono source, raw: the
    mixer weighs them by closeness and normalises with `powers`.
    """
    out = render_block(kind, seed, k, placed).astype(np.float32)
    out.flags.writeable = False
    return out


def render_block(kind: str, seed: int, k: int, placed: bool, warm: int = WARM) -> np.ndarray:
    """`source` uncached, in float64, with `warm` samples of filter warm-up before the block."""
    s = Span(KINDS.index(kind), seed, k, 1 if placed else 2, warm)
    x = RECIPES[kind](s)
    if placed:
        low = signal.sosfilt(SPLIT, x[0])
        x = np.stack([low, x[0] - low])
    else:
        x = x * 10 ** (-CALIBRATION[kind][0] / 20)
    return x[:, -BLOCK:]
