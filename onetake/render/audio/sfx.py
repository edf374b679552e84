"""Procedural interface sounds: each is a pure function of (kind, seed) -> mono float32 at 48 kHz.

Impulsive sounds (click, key, pop, ping, notify, rise) start exactly on sample 0: a 0.5 ms
raised-cosine attack and no pre-roll, so an energy detector puts the onset within a few samples of
the SoundEvent's `at`. A whoosh is different: `at` is where it starts and it peaks
`WHOOSH_PEAK_SAMPLES` later (the planner starts it before the motion it accompanies).
Every sound ends with a >= 3 ms raised-cosine fade-out.

Levels: each kind is normalised to a fixed sample peak (`Sound.peak_dbfs`), chosen so that against
narration at `mix.NARRATION_LUFS` (-18 LUFS) the sounds sit clearly below the voice
(docs/visual.md: interface sounds are softer than the voice). SoundEvent.gain_db is relative to that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import signal

from ...timeline import SAMPLE_RATE

ATTACK = SAMPLE_RATE // 2000  # 0.5 ms: fast enough to keep the onset on sample 0, slow enough not to splat
FADE_OUT = SAMPLE_RATE * 5 // 1000  # 5 ms (>= 3 ms required)
WHOOSH_PEAK_SAMPLES = SAMPLE_RATE * 250 // 1000


def _t(seconds: float) -> np.ndarray:
    return np.arange(int(round(seconds * SAMPLE_RATE))) / SAMPLE_RATE


def _noise(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.standard_normal(n)


def _bandpass(x: np.ndarray, lo: float, hi: float, order: int = 2) -> np.ndarray:
    # Causal filtering on purpose: a zero-phase filter would smear energy before sample 0's onset.
    sos = signal.butter(order, [lo, hi], btype="bandpass", fs=SAMPLE_RATE, output="sos")
    return signal.sosfilt(sos, x)


def _highpass(x: np.ndarray, f: float, order: int = 2) -> np.ndarray:
    sos = signal.butter(order, f, btype="highpass", fs=SAMPLE_RATE, output="sos")
    return signal.sosfilt(sos, x)


def _strike(rng: np.random.Generator, n: int, level: float, tau: float = 0.001) -> np.ndarray:
    """A bright 3-10 kHz tick decaying over ~1 ms: the mallet or finger that starts a soft sound.

    It marks the onset on sample 0 well above the music bed, which has almost nothing up there.
    """
    t = np.arange(n) / SAMPLE_RATE
    return _bandpass(_noise(rng, n), 3000.0, 10000.0) * np.exp(-t / tau) * level


def _bell(t: np.ndarray, f0: float, ratios, amps, decays) -> np.ndarray:
    """Inharmonic partials with their own exponential decays: a soft glassy bell."""
    out = np.zeros_like(t)
    for ratio, amp, decay in zip(ratios, amps, decays):
        out += amp * np.sin(2 * np.pi * f0 * ratio * t) * np.exp(-t / decay)
    return out


def _click(rng: np.random.Generator) -> np.ndarray:
    t = _t(0.025)
    # Press: a bright noise tick plus a short plastic resonance around 3-4 kHz.
    tick = _highpass(_noise(rng, t.size), 2000.0) * np.exp(-t / 0.0012)
    body = np.sin(2 * np.pi * rng.uniform(3200, 3800) * t) * np.exp(-t / 0.003)
    # Release: a quieter second tick ~14 ms later, as a real mouse button makes.
    rel_at = int(0.014 * SAMPLE_RATE)
    rel = np.zeros_like(t)
    n_rel = t.size - rel_at
    rel[rel_at:] = _highpass(_noise(rng, n_rel), 2500.0) * np.exp(-t[:n_rel] / 0.0008) * 0.3
    return tick + 0.6 * body + rel


def _key(rng: np.random.Generator) -> np.ndarray:
    t = _t(0.030)
    # Every keystroke differs a little: resonance, brightness, decay and bottom-out timing vary by seed.
    f_res = rng.uniform(1600, 2800)
    decay = rng.uniform(0.003, 0.006)
    tick = _bandpass(_noise(rng, t.size), 1800.0, 9000.0) * np.exp(-t / 0.0015)
    body = np.sin(2 * np.pi * f_res * t + rng.uniform(0, 0.5)) * np.exp(-t / decay)
    thock_at = int(rng.uniform(0.006, 0.010) * SAMPLE_RATE)
    thock = np.zeros_like(t)
    n = t.size - thock_at
    thock[thock_at:] = _bandpass(_noise(rng, n), 400.0, 2500.0) * np.exp(-t[:n] / 0.004) * rng.uniform(0.25, 0.45)
    return tick + 0.5 * body + thock


_POP_NOTES = (72, 74, 76, 79, 81, 84)  # C major pentatonic: entrances in a row sound musical, not random


def _pop(rng: np.random.Generator) -> np.ndarray:
    t = _t(0.080)
    f = 440.0 * 2 ** ((_POP_NOTES[rng.integers(len(_POP_NOTES))] - 69) / 12)
    # A bubble: the pitch glides up a fifth quickly while the level decays.
    glide = f * (1.0 + 0.5 * (1 - np.exp(-t / 0.012)))
    phase = 2 * np.pi * np.cumsum(glide) / SAMPLE_RATE
    tone = np.sin(phase) * np.exp(-t / 0.022)
    return tone + 0.15 * np.sin(2 * phase) * np.exp(-t / 0.010)


def _ping(rng: np.random.Generator) -> np.ndarray:
    t = _t(0.420)
    f0 = rng.choice([1046.5, 1174.7, 1318.5])  # C6, D6, E6
    bell = _bell(t, f0, (1.0, 2.0, 2.76, 4.07), (1.0, 0.25, 0.18, 0.06), (0.12, 0.07, 0.035, 0.015))
    return bell


def _notify(rng: np.random.Generator) -> np.ndarray:
    t = _t(0.560)
    f1 = rng.choice([880.0, 987.8])  # A5 or B5, then up a fourth: a friendly, resolved interval
    f2 = f1 * 2 ** (5 / 12)
    second = int(0.120 * SAMPLE_RATE)
    ratios, amps, decays = (1.0, 2.0, 3.0), (1.0, 0.2, 0.06), (0.10, 0.05, 0.02)
    out = _bell(t, f1, ratios, amps, decays)
    out[second:] += 0.9 * _bell(t[: t.size - second], f2, ratios, amps, (0.14, 0.06, 0.025))
    return out


def _whoosh(rng: np.random.Generator) -> np.ndarray:
    n = int(0.450 * SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE
    peak = WHOOSH_PEAK_SAMPLES / SAMPLE_RATE
    # Filtered noise whose band sweeps up to the peak and back down: shaped in the STFT domain,
    # which gives a smooth time-varying filter without a per-sample loop.
    f, frames, z = signal.stft(_noise(rng, n), fs=SAMPLE_RATE, nperseg=1024, noverlap=768, boundary="even")
    ft = frames[None, :]
    sweep = np.exp(-((ft - peak) / 0.12) ** 2)
    centre = 300.0 + rng.uniform(2500, 3500) * sweep
    width = 0.9  # in octaves
    band = np.exp(-0.5 * (np.log2(np.maximum(f[:, None], 20.0) / centre) / width) ** 2)
    _, x = signal.istft(z * band, fs=SAMPLE_RATE, nperseg=1024, noverlap=768, boundary=True)
    x = x[:n]
    # Amplitude: slow rise (no onset click) to the peak at 250 ms, faster fall.
    env = np.where(t < peak, np.sin(0.5 * np.pi * t / peak) ** 3, np.exp(-((t - peak) / 0.07) ** 2))
    return x * env


def _rise(rng: np.random.Generator) -> np.ndarray:
    t = _t(0.400)
    f0 = rng.uniform(380, 460)
    # Exponential glide up an octave and a half, sounding from the first sample then swelling.
    freq = f0 * 2 ** (1.5 * t / t[-1])
    phase = 2 * np.pi * np.cumsum(freq) / SAMPLE_RATE
    tone = np.sin(phase) + 0.3 * np.sin(2 * phase) + 0.1 * np.sin(3 * phase)
    env = (0.45 + 0.55 * np.sin(0.5 * np.pi * np.minimum(t / 0.30, 1.0))) * np.exp(-np.maximum(t - 0.30, 0) / 0.04)
    shimmer = _highpass(_noise(rng, t.size), 4000.0) * 0.04 * (t / t[-1])
    return tone * env + shimmer


@dataclass(frozen=True, slots=True)
class Sound:
    """One interface sound, everything about it in one record.

    make: rng -> the body (mono, any level); peak_dbfs: the body's sample peak once normalised
    (against narration at -18 LUFS the tonal sounds' loudest 50 ms sit ~12 dB under the voice,
    clicks and keys lower but with a sharp crest); impulsive: its onset is sample 0 (a 0.5 ms
    attack), else it swells in from `at` (a whoosh); strike: level of the bright 3-10 kHz tick
    added on sample 0, relative to the body's peak (0: none), which marks a soft sound's onset
    above the music bed and under speech; sharp: its correlation with the mix has one sharp peak,
    so `verify` trusts it first when it measures the programme's lag.
    """

    name: str
    make: Callable[[np.random.Generator], np.ndarray]
    peak_dbfs: float
    impulsive: bool = True
    strike: float = 0.0
    sharp: bool = False


# The order is part of each sound's seed (its index): append new sounds, never reorder.
SOUNDS: dict[str, Sound] = {sound.name: sound for sound in (
    Sound("click", _click, -8.0, sharp=True),
    Sound("key", _key, -11.0, sharp=True),
    Sound("pop", _pop, -13.0, strike=0.6, sharp=True),
    Sound("ping", _ping, -18.0, strike=0.6),
    Sound("notify", _notify, -17.0, strike=0.6),
    Sound("whoosh", _whoosh, -16.0, impulsive=False, sharp=True),
    Sound("rise", _rise, -19.0, strike=0.6, sharp=True),
)}
KINDS = tuple(SOUNDS)


def _edges(x: np.ndarray, attack: int) -> np.ndarray:
    """Raised-cosine attack (if any) and a 5 ms raised-cosine fade-out."""
    x = x.copy()
    if attack:
        x[:attack] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(attack) / attack)
    x[-FADE_OUT:] *= 0.5 + 0.5 * np.cos(np.pi * (np.arange(FADE_OUT) + 1) / FADE_OUT)
    return x


@lru_cache(maxsize=1024)
def sound(kind: str, seed: int = 0) -> np.ndarray:
    """The mono float32 waveform of one sound effect (read-only, cached), at its nominal level.

    kind is one of KINDS (a key of SOUNDS); the same (kind, seed) always gives the same samples.
    """
    spec = SOUNDS.get(kind)
    if spec is None:
        raise ValueError(f"unknown sound kind {kind!r}; expected one of {', '.join(KINDS)}")
    rng = np.random.default_rng([KINDS.index(kind), seed & 0xFFFFFFFF])
    attack = ATTACK if spec.impulsive else 0
    body = _edges(spec.make(rng), attack)
    peak = 10 ** (spec.peak_dbfs / 20)
    x = body * (peak / np.max(np.abs(body)))  # the level is the body's peak
    if spec.strike:
        x += _edges(_strike(rng, x.size, spec.strike * peak), attack)
    out = x.astype(np.float32)
    out.flags.writeable = False
    return out
