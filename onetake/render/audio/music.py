"""A simple procedural music bed: a soft pad, a bass and a plucked arpeggio over four chords.

The bed is rendered once per (mood, seed) as a seamless loop of 4 passes through the progression
(16 chords, 32-51 s) and read at `n mod loop length` for absolute sample n, so any range of the
programme renders identically whichever way it is chunked. Full scoring comes later; this bed only
has to be pleasant, steady and out of the voice's way (low-passed, no sharp attacks).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import fft

from ...measure import integrated_lufs
from ...timeline import SAMPLE_RATE, Music, SampleRange

FADE_IN = SAMPLE_RATE * 3 // 2  # the bed fades in over the programme's first 1.5 s
FADE_OUT = SAMPLE_RATE * 2  # and out over its last 2 s
CROSSFADE = SAMPLE_RATE * 6 // 10  # equal-power crossfade between chords
PASSES = 4  # passes through the progression per loop: the arpeggio varies between them

_CHORDS = {"maj": (0, 4, 7), "min": (0, 3, 7), "maj7": (0, 4, 7, 11), "min7": (0, 3, 7, 10), "add9": (0, 2, 4, 7)}


@dataclass(frozen=True)
class Mood:
    """How a mood sounds: key, progression (semitones above the tonic, chord quality), pace, colour."""

    tonic: int  # MIDI pitch class reference (60 = C)
    progression: tuple[tuple[int, str], ...]
    chord_seconds: float
    cutoff_hz: float  # low-pass corner of the whole bed
    pluck_density: float  # chance that an eighth note plays
    pluck_octave: int  # lowest MIDI note of the arpeggio
    pad_low: int  # lowest MIDI note of the pad voicing


MOODS = {
    "warm": Mood(62, ((0, "maj"), (7, "maj"), (9, "min"), (5, "maj")), 2.4, 1200.0, 0.55, 67, 55),  # I-V-vi-IV
    "bright": Mood(64, ((0, "add9"), (5, "maj"), (9, "min7"), (7, "maj")), 2.0, 1800.0, 0.8, 71, 59),  # I-IV-vi-V
    "calm": Mood(60, ((0, "maj7"), (9, "min7"), (5, "maj7"), (7, "add9")), 3.2, 900.0, 0.3, 67, 53),  # I-vi-IV-V
    "tense": Mood(57, ((0, "min"), (8, "maj"), (3, "maj"), (10, "maj")), 2.0, 800.0, 0.7, 57, 52),  # i-VI-III-VII
}
_KEY_SHIFTS = (0, 2, -3, 5, -2)  # the seed picks a nearby key so consecutive videos differ


def _hz(midi: float) -> float:
    return 440.0 * 2 ** ((midi - 69) / 12)


def _place(pitch_class: int, low: int) -> int:
    """The MIDI note of `pitch_class` in [low, low + 12): close voicing, smooth voice leading."""
    return low + (pitch_class - low) % 12


def _tone(f: float, t: np.ndarray, harmonics: int, tilt: float) -> np.ndarray:
    """A harmonic tone with amplitudes 1/h**tilt; sin(h x) by the Chebyshev recurrence (one sin, one cos)."""
    x = 2 * np.pi * f * t
    s1, c = np.sin(x), np.cos(x)
    out, prev, cur = s1.copy(), np.zeros_like(s1), s1
    for h in range(2, harmonics + 1):
        prev, cur = cur, 2 * c * cur - prev
        if h * f < SAMPLE_RATE / 2:  # no aliasing
            out += cur / h**tilt
    return out


def _add_circular(loop: np.ndarray, start: int, x: np.ndarray) -> None:
    """Add x (n, 2) into the loop at `start`, wrapping around its end (the loop is periodic)."""
    p = loop.shape[0]
    start %= p
    first = min(x.shape[0], p - start)
    loop[start:start + first] += x[:first]
    rest = x[first:]
    while rest.shape[0]:
        m = min(rest.shape[0], p)
        loop[:m] += rest[:m]
        rest = rest[m:]


@lru_cache(maxsize=64)
def _pluck(f: float) -> np.ndarray:
    """One plucked note at unit velocity (a sine with fast-decaying upper harmonics)."""
    t = np.arange(int(0.9 * SAMPLE_RATE)) / SAMPLE_RATE
    x = 2 * np.pi * f * t
    tone = np.sin(x) + 0.35 * np.sin(2 * x) * np.exp(-t / 0.08) + 0.12 * np.sin(3 * x) * np.exp(-t / 0.04)
    attack = int(0.015 * SAMPLE_RATE)  # soft: the bed must not read as transients beside the interface sounds
    env = np.exp(-t / 0.3)
    env[:attack] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(attack) / attack)
    fade = int(0.02 * SAMPLE_RATE)
    env[-fade:] *= 0.5 + 0.5 * np.cos(np.pi * np.arange(1, fade + 1) / fade)
    return tone * env


@lru_cache(maxsize=16)
def loop(mood: str, seed: int = 0) -> np.ndarray:
    """The bed's seamless loop, (P, 2) float32, normalised to 0 LUFS (read-only, cached)."""
    spec = MOODS.get(mood)
    if spec is None:
        raise ValueError(f"unknown music mood {mood!r}; expected one of {', '.join(MOODS)}")
    rng = np.random.default_rng([list(MOODS).index(mood), seed & 0xFFFFFFFF])
    tonic = spec.tonic + _KEY_SHIFTS[seed % len(_KEY_SHIFTS)]
    chord_len = int(round(spec.chord_seconds * SAMPLE_RATE))
    n_chords = PASSES * len(spec.progression)
    p = n_chords * chord_len
    out = np.zeros((p, 2))

    span = chord_len + CROSSFADE
    t = np.arange(span) / SAMPLE_RATE
    u = (np.arange(CROSSFADE) + 0.5) / CROSSFADE
    env = np.ones(span)
    env[:CROSSFADE] = np.sin(0.5 * np.pi * u)  # equal power: sin^2 + cos^2 = 1 across each join
    env[-CROSSFADE:] = np.cos(0.5 * np.pi * u)
    cents = 2 ** (7 / 1200)  # chorus: a slightly sharp copy on the right, flat on the left
    step = chord_len // 8  # eighth notes, four beats per chord

    pads = {}  # the pad and bass of a chord are the same on every pass: synthesise each once
    for k in range(n_chords):
        degree, quality = spec.progression[k % len(spec.progression)]
        root = tonic + degree
        pcs = [(root + i) % 12 for i in _CHORDS[quality]]
        if k % len(spec.progression) not in pads:
            chord = np.zeros((span, 2))
            for pc in pcs:
                f = _hz(_place(pc, spec.pad_low))
                centre = _tone(f, t, 6, 1.6)
                chord[:, 0] += centre + 0.6 * _tone(f / cents, t, 6, 1.6)
                chord[:, 1] += centre + 0.6 * _tone(f * cents, t, 6, 1.6)
            chord += 1.2 * _tone(_hz(_place(root % 12, 38)), t, 2, 1.0)[:, None]
            pads[k % len(spec.progression)] = chord * env[:, None]
        _add_circular(out, k * chord_len - CROSSFADE // 2, pads[k % len(spec.progression)])

        # Arpeggio: up and down the chord tones an octave above the pad; the seed picks the rhythm.
        notes = sorted(_place(pc, spec.pluck_octave) for pc in pcs)
        order = notes + notes[-2:0:-1]
        for s in range(8):
            if s and rng.random() > spec.pluck_density:
                continue
            velocity = rng.uniform(0.5, 0.8) * (1.0 if s % 2 == 0 else 0.75)
            note = velocity * _pluck(_hz(order[(s + k) % len(order)]))
            pan = 0.25 if s % 2 else -0.25
            theta = (pan + 1) * np.pi / 4
            _add_circular(out, k * chord_len + s * step, note[:, None] * np.array([np.cos(theta), np.sin(theta)]))

    # Low-pass the whole loop in the frequency domain: zero-phase and circular, so the loop stays seamless.
    spectrum = fft.rfft(out, axis=0)
    f = np.fft.rfftfreq(p, 1 / SAMPLE_RATE)
    spectrum *= (1 / np.sqrt(1 + (f / spec.cutoff_hz) ** 8))[:, None]  # 24 dB/octave
    out = fft.irfft(spectrum, n=p, axis=0)

    out *= 10 ** (-integrated_lufs(out) / 20)
    result = out.astype(np.float32)
    result.flags.writeable = False
    return result


def envelope(duration: int, s0: int, s1: int) -> np.ndarray:
    """The bed's fade-in (first 1.5 s) and fade-out (last 2 s) over [s0, s1), raised-cosine."""
    n = np.arange(s0, s1, dtype=np.float64)
    fin = np.clip((n + 0.5) / FADE_IN, 0.0, 1.0)
    fout = np.clip((duration - n - 0.5) / FADE_OUT, 0.0, 1.0)
    return ((0.5 - 0.5 * np.cos(np.pi * fin)) * (0.5 - 0.5 * np.cos(np.pi * fout))).astype(np.float32)


def bed(music: Music, duration: int, s0: int, s1: int) -> np.ndarray:
    """The un-ducked bed over [s0, s1) as (n, 2) float32: loudness `music.gain_db` LUFS, with its fades.

    Zero outside [0, duration) and when the music is disabled.
    """
    out = np.zeros((s1 - s0, 2), np.float32)
    inside = SampleRange(s0, s1).clamped(SampleRange(0, duration))
    if not music.enabled or not inside.duration:
        return out
    a, b = inside.start, inside.end
    data = loop(music.mood, music.seed)
    p = data.shape[0]
    pos = a
    while pos < b:
        i = pos % p
        m = min(b - pos, p - i)
        out[pos - s0:pos - s0 + m] = data[i:i + m]
        pos += m
    out[a - s0:b - s0] *= np.float32(10 ** (music.gain_db / 20))
    # Only the fade regions need the envelope (most of a long programme is at full level).
    head = SampleRange(0, FADE_IN).clamped(inside)
    tail = SampleRange(duration - FADE_OUT, duration).clamped(inside)
    regions = [inside] if head.end >= tail.start else [head, tail]  # short programmes: the fades overlap
    for region in regions:
        if region.duration:
            out[region.start - s0:region.end - s0] *= envelope(duration, region.start, region.end)[:, None]
    return out
