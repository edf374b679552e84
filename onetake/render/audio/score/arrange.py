"""Arranging a planned score into MIDI: parts per mood, stingers, the cadence and the ending.

One chord per bar. Each part is a small rhythm rule whose density and velocity rise with energy;
the seed varies rhythm and voicing through a generator seeded from (seed, bar, channel), so a
bar's notes depend on nothing but the plan. Before a sting the rhythmic parts rest for half a
beat, so the stinger (crash, brass and string stab, timpani) is a clear onset. The bar before
the final bar plays the mood's cadence chord; the final bar is the tonic on every sustaining
part, held to the end under a diminuendo (expression, CC 11) that takes it down by DEPTH_DB by
50 ms before the end, so the sound has all but died where synth.py's 30 ms safety fade closes it.
"""

from __future__ import annotations

import numpy as np

from ....timeline import SAMPLE_RATE
from .midi import DRUMS, PPQ, Control, Note, tick_samples, write
from .moods import ENERGY_GAIN_DB, ROLES, SPECS, STING_GAIN_DB, chord, parts_for
from .plan import Score

Q, E, S = PPQ, PPQ // 2, PPQ // 4
BAR = 4 * PPQ
DEPTH_DB = 42.0  # the diminuendo's depth 50 ms before the end (calibrated: the sound is then near -50 dBFS)
VELOCITY_SWING = 24.0  # energy 0..1 moves velocities by -12..+12
RELEASE_LEAD = SAMPLE_RATE * 40 // 1000  # the final notes are released 40 ms before the end
_PERCUSSIVE = {"piano", "epiano", "guitar", "bass", "ostinato", "timpani", "drums", "brass"}
_STABS = (ROLES["stab_brass"], ROLES["stab_strings"])
_FINAL_LOW = {"bass": None, "piano": 48, "epiano": 57, "guitar": 52, "ostinato": 48, "brass": 58, "horns": 53}
CRASH, KICK, SNARE, STICK, HAT, OPEN_HAT, RIDE, LOW_TOM, FLOOR_TOM = 49, 36, 38, 37, 42, 46, 51, 45, 41


def _place(pc: int, low: int) -> int:
    """The MIDI key of pitch class `pc` in [low, low + 12)."""
    return low + (pc - low) % 12


def _voice(pcs: tuple[int, ...], low: int) -> list[int]:
    """A close voicing of the chord's pitch classes in [low, low + 12), lowest first."""
    return sorted(_place(pc, low) for pc in pcs)


class _Bar:
    """What a part needs to know about one bar: its chord, energy, velocity scale and randomness."""

    def __init__(self, score: Score, i: int, mood: str, energy: float, root: int, pcs: tuple[int, ...], rel: int):
        self.i, self.mood, self.e, self.root, self.pcs, self.rel = i, mood, energy, root, pcs, rel
        self.t0 = i * BAR
        self.base = SPECS[mood].velocity + VELOCITY_SWING * (energy - 0.5)
        self.seed = score.seed & 0xFFFFFFFF

    def rng(self, channel: int) -> np.random.Generator:
        return np.random.default_rng([self.seed, self.i, channel])

    def vel(self, offset: float = 0.0, rng: np.random.Generator | None = None) -> int:
        jitter = rng.uniform(-4, 4) if rng is not None else 0.0
        return int(np.clip(round(self.base + offset + jitter), 1, 127))


def _slots(count: int, order: list[int], rng: np.random.Generator) -> list[int]:
    """`count` eighth-note slots: the downbeat, then strong slots first, the weaker ones shuffled."""
    strong, weak = order[:3], list(order[3:])
    rng.shuffle(weak)
    return sorted(([0] + strong + weak)[:max(1, count)])


def _part(role: str, b: _Bar) -> list[tuple[int, int, int, int]]:
    """One bar of a part as (key, velocity, start tick in the bar, length in ticks)."""
    ch = ROLES[role].channel
    rng = b.rng(ch)
    e, out = b.e, []
    if role == "pad":
        for k in _voice(b.pcs, 55) + [_place(b.root, 43)]:
            out.append((k, b.vel(-12), 0, BAR))
    elif role == "strings":
        keys = _voice(b.pcs, 55) + [_place(b.root, 43)]
        if e > 0.6:
            keys.append(_place(b.pcs[int(rng.integers(3))], 67))
        for k in keys:
            out.append((k, b.vel(-10), 0, BAR))
    elif role == "horns":
        for k in _voice(b.pcs[1:], 53):
            out.append((k, b.vel(-14), 0, BAR))
    elif role == "piano" and b.mood == "calm":
        tones = _voice(b.pcs, 60) + [_place(b.root, 72)]
        step = int(rng.integers(len(tones)))
        slots = _slots(2 + round(5 * e), [4, 2, 6, 3, 7, 1, 5], rng)
        for n, s in enumerate(slots):
            end = slots[n + 1] if n + 1 < len(slots) else 8
            out.append((tones[(step + n) % len(tones)], b.vel(-4, rng), s * E, min(end - s + 1, 3) * E))
        if e > 0.35:
            out.append((_place(b.root, 36), b.vel(-14), 0, BAR))
    elif role == "piano" and b.mood == "upbeat":
        rhythm = [0, 4] if e < 0.35 else [0, 3, 4, 7] if e < 0.7 else [0, 2, 3, 4, 6, 7]
        top = _voice(b.pcs, 60 + int(rng.integers(3)))
        for s in rhythm:
            for k in top:
                out.append((k, b.vel(-8 if s % 2 else 0, rng), s * E, (2 * E if e < 0.35 else E)))
        for s in (0, 4):
            out.append((_place(b.root, 36), b.vel(-4), s * E, 2 * Q))
    elif role == "piano":  # serious: low octaves, half notes or quarters
        beats = [0, 2] if e <= 0.6 else [0, 1, 2, 3]
        low = _place(b.root, 36)
        for beat in beats:
            keys = [low, low + 12] + ([low + 7] if e > 0.45 else [])
            for k in keys:
                out.append((k, b.vel(-6 if beat % 2 else 0, rng), beat * Q, (4 // len(beats)) * Q))
    elif role == "epiano":
        tones = _voice(b.pcs, 57) + [_place(b.root, 69)]
        slots = _slots(3 + round(4 * e), [4, 2, 6, 3, 7, 1, 5], rng)
        for n, s in enumerate(slots):
            keys = tones[:2] if n == 0 else [tones[(n + int(rng.integers(2))) % len(tones)]]
            for k in keys:
                out.append((k, b.vel(-6, rng), s * E, 3 * E))
    elif role == "guitar":
        tones = _voice(b.pcs, 52) + _voice(b.pcs, 64)
        for n, s in enumerate(_slots(2 + round(2 * e), [1, 3, 5, 7, 2, 6], rng)[1:] or [4]):
            out.append((tones[(2 * n + int(rng.integers(2))) % len(tones)], b.vel(-14, rng), s * E, 2 * E))
    elif role == "bass" and b.mood == "upbeat":
        root = _place(b.root, 36)
        slots = [0, 4] if e < 0.4 else [0, 3, 4, 6] if e < 0.75 else list(range(8))
        for s in slots:
            key = root + (12 if e >= 0.75 and s % 2 else 0)
            out.append((key, b.vel(0 if s % 2 == 0 else -8, rng), s * E, E * 9 // 10))
    elif role == "bass":  # warm: root and fifth, a pickup at high energy
        root = _place(b.root, 36)
        out.append((root, b.vel(0), 0, 3 * E))
        out.append((root + 7 if e > 0.5 else root, b.vel(-6), 2 * Q, Q))
        if e > 0.6:
            out.append((root + 12, b.vel(-10, rng), 7 * E, E))
    elif role == "ostinato":
        root = _place(b.root, 48)
        third = (b.pcs[1] - b.root) % 12
        figures = ([0, 0, 7, 0, 0, 12, 7, 0], [0, 7, 12, 7, 0, 7, 12, 7], [0, 0, third, 0, 7, 0, 12, 7])
        figure = figures[int(rng.integers(len(figures)))]
        step = S if e >= 0.5 else E
        for n in range(BAR // step):
            accent = (n * step) % Q == 0
            out.append((root + figure[n % 8], b.vel(6 if accent else -8, rng), n * step, step * 4 // 5))
    elif role == "timpani":
        root = _place(b.root, 41)
        beats = [0] if (e <= 0.4 or b.mood == "serious") else [0, 2]
        if b.mood == "serious" and b.rel % 2:
            beats = []
        for beat in beats:
            out.append((root, b.vel(4 if beat == 0 else -6), beat * Q, Q))
        if (b.mood == "urgent" and e > 0.75) or (b.mood == "triumphant" and b.rel % 4 == 3):
            for n in range(12, 16):  # a roll into the next bar
                out.append((root, b.vel(-16 + 4 * (n - 12)), n * S, S))
    elif role == "drums":
        out += _drums(b, rng)
    return out


def _drums(b: _Bar, rng: np.random.Generator) -> list[tuple[int, int, int, int]]:
    """The drum kit (channel 10) on a sixteenth grid."""
    e, hits = b.e, []
    if b.mood == "upbeat":
        hits += [(KICK, 100, s) for s in [0, 8] + ([10] if e > 0.55 else []) + ([3] if e > 0.8 else [])]
        hits += [(SNARE, 88, s) for s in (4, 12)] if e >= 0.3 else [(STICK, 70, 12)]
        step = 1 if e >= 0.75 else 2
        hits += [(HAT, 62 if s % 4 == 0 else 48, s) for s in range(0, 16, step)]
        if e > 0.6:
            hits.append((OPEN_HAT, 56, 14))
        if b.rel == 0 and b.i and e > 0.5:
            hits.append((CRASH, 84, 0))
    elif b.mood == "urgent":
        hits += [(KICK, 96, s) for s in (0, 6, 8)]
        if e > 0.5:
            hits += [(LOW_TOM, 84, 12), (FLOOR_TOM, 90, 14)]
        if e > 0.6:
            hits += [(HAT, 44, s) for s in range(2, 16, 4)]
    else:  # triumphant
        hits += [(KICK, 92, s) for s in (0, 8)]
        if b.rel % 4 == 0 and e >= 0.5:
            hits.append((CRASH, 90, 0))
        if b.rel % 4 == 3 and e > 0.6:
            hits += [(SNARE, 60 + 8 * n, 12 + n) for n in range(4)]
        if e > 0.7:
            hits += [(RIDE, 58, s) for s in range(0, 16, 4)]
    swing = VELOCITY_SWING * (e - 0.5)
    return [(key, int(np.clip(round(v + swing + rng.uniform(-4, 4)), 1, 127)), s * S, S) for key, v, s in hits]


def _stinger(b: _Bar, length: int) -> list[Note]:
    """The accent on a sting downbeat: crash and kick, a brass and a string stab of the chord, timpani.

    The stabs have channels of their own at a fixed volume; the crash, kick and timpani share
    channels with the mood's parts, so their velocities undo the mood's gain. Either way a sting
    stands about as far above every mood."""
    undo = 10 ** ((STING_GAIN_DB - SPECS[b.mood].gain_db) / 40)
    hit = lambda v: int(np.clip(round(v * undo), 1, 127))  # noqa: E731
    ch = {r: ROLES[r].channel for r in ("stab_brass", "stab_strings", "timpani")}
    notes = [Note(DRUMS, CRASH, hit(108), b.t0, Q), Note(DRUMS, KICK, hit(96), b.t0, E),
             Note(ch["timpani"], _place(b.root, 41), hit(92), b.t0, Q)]
    for k in _voice(b.pcs, 60) + [_place(b.root, 48)]:
        notes.append(Note(ch["stab_brass"], k, 108, b.t0, min(length, Q * 3 // 2)))
    for k in _voice(b.pcs, 55) + [_place(b.root, 67)]:
        notes.append(Note(ch["stab_strings"], k, 100, b.t0, min(length, 2 * Q)))
    return notes


def _breath(tick: int) -> list[Control]:
    """Expression on every channel dips by about 16 dB over the half beat before a sting (at
    `tick`) and comes back on it: with the rhythmic parts resting, the sting is a clear onset."""
    out = []
    for n, value in enumerate((110, 90, 70, 56)):
        out += [Control(r.channel, 11, value, tick - Q // 2 + n * Q // 16) for r in ROLES.values()]
    return out + [Control(r.channel, 11, 127, tick) for r in ROLES.values()]


def _final(b: _Bar, parts: tuple[str, ...], length: int) -> list[Note]:
    """The closing tonic chord on every part that can hold it (strings always join to carry the
    decay), struck on the final bar line and held for `length` ticks."""
    notes = []
    for role in dict.fromkeys(parts + ("strings",)):
        ch = ROLES[role].channel
        soft = -6 if role == "strings" and role not in parts else 0
        if role == "drums":
            if b.mood in ("upbeat", "urgent", "triumphant"):
                notes += [Note(DRUMS, CRASH, b.vel(10), b.t0, Q), Note(DRUMS, KICK, b.vel(6), b.t0, E)]
            continue
        if role == "timpani":
            notes.append(Note(ch, _place(b.root, 41), b.vel(2), b.t0, 2 * Q))
            continue
        low = _FINAL_LOW.get(role, 55)
        keys = [_place(b.root, 36)] if low is None else _voice(b.pcs, low) + [_place(b.root, low - 12)]
        notes += [Note(ch, k, b.vel(-6 + soft), b.t0, length) for k in keys]
    return notes


def _volumes(mood: str, energy: float, tick: int) -> list[Control]:
    """Channel volumes (CC 7) for a section: every channel, stingers included, moves by the mood's
    gain, so moods sound about equally loud and a sting stands the same height above any of them."""
    db = SPECS[mood].gain_db + ENERGY_GAIN_DB * (energy - 0.5)
    out = []
    for r in ROLES.values():
        gain = 10 ** ((STING_GAIN_DB if r in _STABS else db) / 40)  # CC 7's gain is about (value / 127)^2
        out.append(Control(r.channel, 7, int(np.clip(round(r.volume * gain), 1, 127)), tick))
    return out


def _expression(score: Score, at_tick, f0: int, swell: bool) -> list[Control]:
    """CC 11 on every channel over the final chord (from sample f0): held, then falling linearly in
    dB to -DEPTH_DB 50 ms before the end; for a short programme it first swells up from -24 dB."""
    d = score.duration
    knee = d - SAMPLE_RATE // 20
    length = max(knee - f0, 1)
    hold = f0 + (0 if swell else min(SAMPLE_RATE * 6 // 5, length * 35 // 100))
    peak = f0 + length * 35 // 100 if swell else hold
    out, last = [], {}
    for s in range(f0, d, SAMPLE_RATE // 100):
        if swell and s < peak:
            db = -24.0 * (1 - (s - f0) / max(peak - f0, 1))
        elif s < hold:
            db = 0.0
        else:
            db = -DEPTH_DB * (s - hold) / max(knee - hold, 1)
        value = int(np.clip(round(127 * 10 ** (db / 40)), 0, 127))  # CC 11's gain is about (value / 127)^2
        tick = at_tick(s)
        for role in ROLES.values():
            if last.get(role.channel) != value:
                out.append(Control(role.channel, 11, value, tick))
                last[role.channel] = value
    return out


def arrange(score: Score) -> bytes:
    """The Standard MIDI File of a planned score."""
    fb = score.final_bar
    exact = score.exact_bars()
    tail_us = score.tempos_us[fb]
    f_tick = fb * BAR

    def at_tick(sample: int) -> int:  # samples after the final bar line, at the tail's tempo
        return f_tick + max(0, round((sample - exact[fb]) / tick_samples(tail_us)))

    tempos, prev = [], None
    for i, t in enumerate(score.tempos_us):
        if t != prev:
            tempos.append((i * BAR, t))
            prev = t
    programs = {r.channel: r.program for r in ROLES.values()}
    controls = []
    for r in ROLES.values():
        controls += [Control(r.channel, 10, r.pan, 0),
                     Control(r.channel, 91, r.reverb, 0), Control(r.channel, 93, r.chorus, 0),
                     Control(r.channel, 11, 127, 0)]

    sec_at = [max(j for j, s in enumerate(score.sections) if s.bar <= i) for i in range(fb + 1)]
    stings = set(score.stings)
    final = score.sections[-1]
    notes: list[Note] = []
    for i in range(fb + 1):
        sec = score.sections[sec_at[i]]
        rel = i - sec.bar
        if i == 0 or sec_at[i] != sec_at[i - 1]:
            controls += _volumes(sec.mood, sec.energy, i * BAR)
        if i == fb:
            root, pcs = chord("I" if final.mode == "major" else "i", final.key, final.mode)
        elif i == fb - 1:
            root, pcs = chord(SPECS[final.mood].cadence, final.key, final.mode)
        else:
            root, pcs = chord(sec.progression[rel % len(sec.progression)], sec.key, sec.mode)
        b = _Bar(score, i, sec.mood, sec.energy, root, pcs, rel)
        parts = parts_for(sec.mood, sec.energy)
        if i == fb:
            length = at_tick(score.duration - RELEASE_LEAD) - f_tick
            notes += _final(b, parts, length)
        else:
            breath = score.bars[i + 1] in stings
            for role in parts:
                ch = ROLES[role].channel
                for key, vel, start, dur in _part(role, b):
                    if breath and role in _PERCUSSIVE and start >= BAR - Q // 2:
                        continue  # the half beat before a sting rests, so the sting stands out
                    notes.append(Note(ch, key, vel, b.t0 + start, dur))
        if score.bars[i] in stings:
            if i:
                controls += _breath(b.t0)
            notes += _stinger(b, (at_tick(score.duration - RELEASE_LEAD) - f_tick) if i == fb else BAR)
    controls += _expression(score, at_tick, score.bars[fb], swell=fb == 0)
    return write(tempos, programs, notes, controls, at_tick(score.duration) + Q // 4)

