"""Planning a score: snap sections to bar lines and fit a tempo map so stings land on downbeats.

The bar grid is built anchor to anchor. Anchors are sample 0, each sting, and the bar line where
the final tonic chord begins (`final bar`, about TAIL before the end). Between two anchors the
planner picks the whole number of bars whose tempi are nearest the moods' target tempi: every bar
takes its section's target tempo scaled by one common factor, so the bars exactly fill the gap.
A candidate is refused when any bar would be more than TEMPO_TOLERANCE off its mood's nominal
tempo; a sting no candidate can reach from the previous anchor is dropped (so of two stings less
than about a bar apart the later one goes) and listed in `Score.dropped_stings`.

Exactness: tempi are whole microseconds per quarter and change only on bar lines, so a bar at
T us per quarter lasts exactly 24 T / 125 samples (midi.py) and every bar line is an exact
fraction of a sample. The last bar before a sting gets its own tempo, rounded to the microsecond
nearest the one that would end it exactly on the sting: that moves the sting's bar line by at most
4 x 0.5 us = 0.096 samples. Each segment aims at its absolute target from the exact end of the
previous one, so errors never accumulate. `Score.bars` are the exact bar lines rounded to the
nearest sample (at most 0.496 off; a fraction of denominator 125 is never half-way), so every
sting is exactly one of them, and any reader of the MIDI tempo map finds the same integers.

Programme tempo: the moods' nominal tempi span 72-128 bpm, and a cut from calm straight to urgent
at those tempi sounds like two pieces spliced. So each section's nominal tempo is first drawn
toward the programme's tempo (the time-weighted geometric mean of its moods' tempi) by
TEMPO_SPREAD, then no section may be more than MAX_STEP faster or slower than the one before.
The moods keep their order and their instruments, density and mode; one piece carries them.

Sections: the grid is also fitted to every scene's start (an anchor like a sting, but one that is
simply skipped when no bar count reaches it, or when it is in the ending or within three bars before
a sting), so the music changes on the cut. A scene's section starts on the bar line nearest its
start: exactly its start when it was an anchor. Scenes closer together than half a bar can snap
to the same bar line; the later one wins and the earlier has no bars.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ....timeline import SAMPLE_RATE
from .moods import HOME_KEYS, MOODS, ROLES, SPECS, TEMPO_TOLERANCE, check_mood, key_of, parts_for, target_bpm

BEATS_PER_BAR = 4
TAIL = 3 * SAMPLE_RATE  # the final chord aims to start this long before the end ...
TAIL_MIN = 2 * SAMPLE_RATE  # ... and never starts later than this before it
TAIL_MAX = 9 * SAMPLE_RATE // 2  # a sting this close to the end (but >= TAIL_MIN) becomes the final bar
SHORT = 4 * SAMPLE_RATE  # shorter programmes are one swelling and decaying chord, on bar 0
SILENT_TAIL = SAMPLE_RATE // 100  # the last 10 ms are exactly silent: see synth.py
TEMPO_SPREAD = 0.5  # a section keeps this power of its mood's tempo ratio to the programme tempo
MAX_STEP = 1.2  # and is at most 20 % faster or slower than the section before it
_FIT_TOLERANCE = TEMPO_TOLERANCE - 0.002  # margin for rounding tempi to whole microseconds


@dataclass(frozen=True, slots=True)
class SectionRequest:
    """One scene's wish for the music: where it starts (sample), its mood and energy (0..1)."""

    start: int
    mood: str
    energy: float


@dataclass(frozen=True, slots=True)
class Section:
    """A planned section: it begins on bar line `bar` (sample `start`) and plays `mood` at `energy`
    in `key` (tonic pitch class) and `mode`, at about `tempo_bpm` (its bars' mean tempo), cycling
    `progression` one chord per bar, on `instruments` (General MIDI names)."""

    start: int
    bar: int
    mood: str
    energy: float
    tempo_bpm: float
    key: int
    mode: str
    progression: tuple[str, ...]
    instruments: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Score:
    """A planned soundtrack, all positions in samples at 48 kHz.

    `bars` are every bar line up to and including the final bar, where the closing tonic chord
    starts; `tempos_us[i]` is the tempo (us per quarter) from bar i on, the last entry the tempo
    of the final chord's ringing. `end` is where that chord has died away (SILENT_TAIL before
    `duration`). `midi()` is the Standard MIDI File that `render_score` plays.
    """

    duration: int
    sections: tuple[Section, ...]
    bars: tuple[int, ...]
    beats_per_bar: int
    stings: tuple[int, ...]
    end: int
    seed: int
    tempos_us: tuple[int, ...] = ()
    dropped_stings: tuple[int, ...] = ()
    home_key: int = 0

    @property
    def final_bar(self) -> int:
        """The index of the bar where the final tonic chord starts (the last bar line)."""
        return len(self.bars) - 1

    def exact_bars(self) -> list[Fraction]:
        """Every bar line as an exact fraction of a sample, from the tempo map (`bars` rounds these)."""
        out = [Fraction(0)]
        for t in self.tempos_us[:len(self.bars) - 1]:
            out.append(out[-1] + _bar_samples(t))
        return out

    def midi(self) -> bytes:
        """The score as a Standard MIDI File (format 1: tempo map, programs, controllers, notes)."""
        from .arrange import arrange

        return arrange(self)

    def summary(self) -> str:
        """One line per section, for a render summary."""
        names = "C C# D Eb E F F# G Ab A Bb B".split()
        lines = []
        for s in self.sections:
            key = names[s.key] + ("m" if s.mode == "minor" else "")
            lines.append(f"{s.start / SAMPLE_RATE:7.2f}s bar {s.bar:3d} {s.mood:<10} {s.tempo_bpm:6.1f} bpm {key:<3} "
                         f"{'-'.join(s.progression)}  {', '.join(s.instruments)}")
        return "\n".join(lines)


def _bar_samples(tempo_us: int | Fraction) -> Fraction:
    """The exact length of a 4/4 bar at `tempo_us` us per quarter: 4 * T * 48000 / 10**6 samples."""
    return Fraction(24) * tempo_us / 125


@dataclass
class _Fit:
    tempos: list[int]  # us per quarter, one per bar
    scenes: list[int]  # the scene each bar belongs to
    end: Fraction  # exact sample of the bar line after the last bar
    active: int  # the scene active at that bar line


def _fit(a: Fraction, lo: int, hi: int, target: int, active: int, starts: list[int], targets: list[float],
         nominals: list[float], open_end: bool) -> _Fit | None:
    """Bars from exact position `a` to an end in [lo, hi] (lo == hi for a sting), their tempi as
    close to the targets as the end allows; None when no bar count keeps every bar in tolerance.

    Scenes after `a` and up to the end (all of them when `open_end`: the end is the last bar line)
    start their sections on the nearest bar line; that depends on the grid, which depends on the
    tempi, so the assignment is iterated to a fixed point (a candidate that doesn't settle is
    refused). The search runs in floats; the chosen tempi are then made exact.
    """
    length = 24 * np.array([60e6 / t for t in targets]) / 125  # target bar length per scene, samples
    later = [j for j in range(active + 1, len(starts)) if starts[j] > a]
    fa = float(a)
    n0 = (target - fa) / length[active]
    best: tuple[float, _Fit] | None = None
    for n in range(max(1, math.floor(n0 * 0.8) - 1), math.ceil(n0 * 1.25) + 2):
        scenes, p = [], fa
        for _ in range(n):  # first guess: each bar belongs to the scene under its middle at target tempo
            half = length[scenes[-1] if scenes else active] / 2
            scenes.append(max([active] + [j for j in later if starts[j] <= p + half]))
            p += length[scenes[-1]]
        for _ in range(12):
            natural = float(length[scenes].sum())
            end = min(max(fa + natural, lo), hi)
            k = (end - fa) / natural
            lines = fa + np.concatenate([[0.0], np.cumsum(k * length[scenes])])
            snapped = {}
            for j in later:
                if open_end or starts[j] <= end:
                    i = int(np.searchsorted(lines, starts[j]))  # nearest line; a tie goes to the later
                    snapped[j] = i if i == 0 or (i <= n and lines[i] - starts[j] <= starts[j] - lines[i - 1]) else i - 1
            new = [max([active] + [j for j, m in snapped.items() if m <= i]) for i in range(n)]
            if new == scenes:
                break
            scenes = new
        else:
            continue
        if any(abs(targets[j] / k / nominals[j] - 1) > _FIT_TOLERANCE for j in scenes):
            continue
        cost = abs(math.log(k)) + 1e-3 * abs(end - target) / SAMPLE_RATE
        if best is None or cost < best[0]:
            tempos = [round(k * 60e6 / targets[j]) for j in scenes]
            if lo == hi:  # a sting: the last bar's tempo absorbs the rounding, so the sting is hit
                before = a + sum(_bar_samples(t) for t in tempos[:-1])
                tempos[-1] = round((lo - before) * 125 / 24)
            exact_end = a + sum(_bar_samples(t) for t in tempos)
            best = (cost, _Fit(tempos, scenes, exact_end, max([active] + [j for j, m in snapped.items() if m <= n])))
    return best[1] if best else None


def programme_tempi(requests: Sequence[SectionRequest], duration: int) -> list[float]:
    """Each section's nominal tempo (bpm) in this programme: its mood's tempo drawn toward the
    programme tempo by TEMPO_SPREAD, then limited to MAX_STEP from the section before it.
    Tempo fitting keeps every bar within TEMPO_TOLERANCE of these."""
    starts = [r.start for r in requests]
    ends = starts[1:] + [max(duration, starts[-1])]
    weights = np.array([max(e - s, 1) for s, e in zip(starts, ends)], dtype=np.float64)
    logs = np.log([float(SPECS[r.mood].tempo_bpm) for r in requests])
    centre = float(np.sum(weights * logs) / np.sum(weights))
    drawn = centre + TEMPO_SPREAD * (logs - centre)
    step = math.log(MAX_STEP)
    for _ in range(64):  # a step too big pulls both sides toward each other, so moods keep their order
        excess = np.clip(np.abs(np.diff(drawn)) - step, 0, None) / 2 * np.sign(np.diff(drawn))
        if not excess.any():
            break
        drawn[:-1] += excess
        drawn[1:] -= excess
    for i in range(1, len(drawn)):  # whatever is left (a few ulps) goes to the later section
        drawn[i] = min(max(drawn[i], drawn[i - 1] - step), drawn[i - 1] + step)
    return [float(t) for t in np.exp(drawn)]


def _anchors(starts: list[int], targets: list[float], stings: list[int], duration: int) -> list[tuple[int, bool]]:
    """The moments the bar grid is fitted to, in order, as (sample, is a sting): every sting, and every
    scene start (so the music changes on the cut) that is not in the ending, nor within three bars
    before a sting: a sting matters more, and needs room to be reached."""
    out = [(s, True) for s in stings]
    for j in range(1, len(starts)):
        s, bar = starts[j], 4 * 60 * SAMPLE_RATE / targets[j]
        if 0 < s < duration - TAIL_MAX and s not in stings and not any(s < t <= s + 3 * bar for t in stings):
            out.append((s, False))
    return sorted(out)


def _check(requests: Sequence[SectionRequest], duration: int) -> None:
    if duration < 0:
        raise ValueError(f"a score's duration must be >= 0 samples, got {duration}")
    if not requests:
        raise ValueError("a score needs at least one SectionRequest (the first starting at sample 0)")
    for i, r in enumerate(requests):
        check_mood(r.mood)
        if not 0.0 <= r.energy <= 1.0:
            raise ValueError(f"section {i}: energy must be within 0..1, got {r.energy}")
        if i == 0 and r.start != 0:
            raise ValueError(f"the first section must start at sample 0, got {r.start}")
        if i and r.start < requests[i - 1].start:
            raise ValueError(f"section {i} starts at {r.start}, before section {i - 1} ({requests[i - 1].start})")


def plan_score(requests: Sequence[SectionRequest], duration: int, stings: Sequence[int] = (), seed: int = 0) -> Score:
    """Plan the score for a programme of `duration` samples: one section per request (in order),
    bar lines fitted so every kept sting is a downbeat, a cadence into a final tonic chord that
    dies away by the end. Deterministic in its arguments; see the module docstring for the rules."""
    requests = list(requests)
    _check(requests, duration)
    starts = [int(r.start) for r in requests]
    nominals = programme_tempi(requests, duration)
    targets = [n * target_bpm(r.mood, r.energy) / SPECS[r.mood].tempo_bpm for n, r in zip(nominals, requests)]
    wanted = sorted({int(s) for s in stings})
    kept: list[int] = []
    dropped: list[int] = [s for s in wanted if not 0 <= s < duration]
    wanted = [s for s in wanted if 0 <= s < duration]

    pos, active = Fraction(0), max(j for j in range(len(starts)) if starts[j] <= 0)
    tempos: list[int] = []
    exact = [Fraction(0)]
    final = duration < SHORT
    for s, is_sting in _anchors(starts, targets, wanted, duration):
        if s == 0:
            kept.append(0)
            continue
        if final or s > duration - TAIL_MIN:
            dropped.append(s)
            continue
        last = is_sting and s >= duration - TAIL_MAX
        if s <= pos:
            fit = None
        else:
            fit = _fit(pos, s, s, s, active, starts, targets, nominals, open_end=last)
        if fit is None:
            if is_sting:
                dropped.append(s)
            continue  # a scene no bar count reaches starts its section on the nearest bar line
        if not is_sting:
            tempos += fit.tempos
            for t in fit.tempos:
                exact.append(exact[-1] + _bar_samples(t))
            pos, active = exact[-1], fit.active
            continue
        tempos += fit.tempos
        for t in fit.tempos:
            exact.append(exact[-1] + _bar_samples(t))
        pos, active = exact[-1], fit.active
        kept.append(s)
        final = last  # the sting is the final bar: the closing chord lands on it
    if not final:
        fit = _fit(pos, duration - TAIL_MAX, duration - TAIL_MIN, duration - TAIL, active, starts, targets,
                   nominals, open_end=True)
        if fit is not None:
            tempos += fit.tempos
            for t in fit.tempos:
                exact.append(exact[-1] + _bar_samples(t))
    bars = [round(x) for x in exact]
    tempos.append(round(60e6 / targets[-1]))  # the final chord rings at the last scene's own tempo

    rng = np.random.default_rng([seed & 0xFFFFFFFF, 0x5C0E])
    home = HOME_KEYS[int(rng.integers(len(HOME_KEYS)))]
    snapped = [min(range(len(bars)), key=lambda i: (abs(bars[i] - s), -i)) for s in starts]
    sections = []
    for j, r in enumerate(requests):
        spec = SPECS[r.mood]
        first = snapped[j]
        last = snapped[j + 1] if j + 1 < len(requests) else len(bars) - 1
        own = tempos[first:last]  # a section without bars (snapped onto its successor's) reports its target
        bpm = 60e6 * len(own) / sum(own) if own else targets[j]  # the bars' mean tempo: beats over length
        tonic, mode = key_of(r.mood, home)
        pick = np.random.default_rng([seed & 0xFFFFFFFF, j, 0xC40D]).integers(len(spec.progressions))
        choice = spec.progressions[int(pick)]
        sections.append(Section(bars[first], first, r.mood, float(r.energy), round(bpm, 3), tonic, mode, choice,
                                tuple(dict.fromkeys(ROLES[p].name for p in parts_for(r.mood, r.energy)))))
    end = max(0, duration - SILENT_TAIL)
    return Score(duration, tuple(sections), tuple(bars), BEATS_PER_BAR, tuple(kept), end, seed, tuple(tempos),
                 tuple(sorted(dropped)), home)


__all__ = ["BEATS_PER_BAR", "MAX_STEP", "MOODS", "programme_tempi", "Score", "Section", "SectionRequest", "plan_score"]
