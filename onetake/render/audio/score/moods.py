"""What each mood sounds like: nominal tempo, mode, progressions, cadence and instrumentation.

A mood is a small table, not code, so the planner (tempo, key) and the arranger (parts) read the
same facts. Major moods play in the programme's home key and minor moods in its relative minor,
so any two consecutive sections share a key family (same tonic, or relative keys) and a change of
mood never jumps to a distant key.
"""

from __future__ import annotations

from dataclasses import dataclass

MOODS = ("calm", "upbeat", "serious", "urgent", "warm", "triumphant")


@dataclass(frozen=True, slots=True)
class Role:
    """One instrument part: its MIDI channel (0-based), GM program and General MIDI name, and the
    channel's mix (volume, pan, reverb and chorus sends, CC 7/10/91/93)."""

    channel: int
    program: int
    name: str
    volume: int
    pan: int
    reverb: int
    chorus: int = 0


ROLES = {
    "piano": Role(0, 0, "Acoustic Grand Piano", 96, 54, 48),
    "pad": Role(1, 89, "Pad 2 (warm)", 84, 64, 64, 30),
    "epiano": Role(2, 4, "Electric Piano 1", 92, 72, 50, 40),
    "bass": Role(3, 33, "Electric Bass (finger)", 100, 64, 16),
    "strings": Role(4, 49, "String Ensemble 2", 92, 46, 72),
    "timpani": Role(5, 47, "Timpani", 100, 64, 56),
    "brass": Role(6, 61, "Brass Section", 90, 80, 56),
    "ostinato": Role(7, 48, "String Ensemble 1", 90, 84, 48),
    "horns": Role(8, 60, "French Horn", 86, 40, 64),
    "drums": Role(9, 0, "Standard Drum Kit (channel 10)", 92, 64, 36),
    "stab_brass": Role(10, 61, "Brass Section", 68, 70, 60),
    "stab_strings": Role(11, 48, "String Ensemble 1", 64, 58, 64),
    "guitar": Role(12, 24, "Acoustic Guitar (nylon)", 88, 34, 44),
}
STING_ROLES = ("drums", "stab_brass", "stab_strings", "timpani")  # every sting: crash + stab + timpani


@dataclass(frozen=True, slots=True)
class Mood:
    """A mood's music. `tempo_bpm` is nominal: energy nudges it by up to +-ENERGY_NUDGE and tempo
    fitting stays within +-TEMPO_TOLERANCE of it. `cadence` is the chord before the final tonic."""

    tempo_bpm: float
    mode: str
    progressions: tuple[tuple[str, ...], ...]  # the seed picks one per section
    cadence: str
    parts: tuple[tuple[str, float], ...]  # (key of ROLES, the energy from which it plays)
    velocity: int  # a typical velocity at energy 0.5; energy moves it by +-12 (arrange.py)
    gain_db: float  # channel volume (CC 7) offset: evens out the moods' loudness (measured, see SPECS)


SPECS = {
    "calm": Mood(72, "major", (("I", "V", "vi", "IV"), ("I", "vi", "IV", "V"), ("I", "IV", "I", "V")), "IV",
                 (("pad", 0), ("piano", 0)), 58, 0.0),
    "upbeat": Mood(112, "major", (("I", "V", "vi", "IV"), ("vi", "IV", "I", "V"), ("I", "IV", "vi", "V")), "V",
                   (("piano", 0), ("bass", 0), ("drums", 0)), 84, -8.5),
    "serious": Mood(76, "minor", (("i", "VI", "III", "VII"), ("i", "iv", "VI", "V"), ("i", "VII", "VI", "V")), "V",
                    (("strings", 0), ("piano", 0), ("timpani", 0.5)), 72, -5.3),
    "urgent": Mood(128, "minor", (("i", "VI", "VII", "i"), ("i", "VII", "VI", "VII"), ("i", "iv", "VII", "V")), "V",
                   (("ostinato", 0), ("strings", 0), ("timpani", 0), ("drums", 0.3)), 88, -8.7),
    "warm": Mood(84, "major", (("I", "vi", "IV", "V"), ("I", "iii", "IV", "V"), ("I", "V", "vi", "IV")), "IV",
                 (("epiano", 0), ("bass", 0), ("pad", 0), ("guitar", 0.4)), 68, -7.4),
    "triumphant": Mood(100, "major", (("I", "IV", "V", "I"), ("I", "V", "IV", "V"), ("I", "vi", "IV", "V")), "V",
                       (("brass", 0), ("horns", 0), ("strings", 0), ("timpani", 0), ("drums", 0.3)), 90, -9.6),
}
# gain_db: FluidSynth's loudness of each mood at energy 0.5 with unit channel volumes spans 13 dB
# (calm's soft pad and piano are quietest); these offsets bring them within about 1.5 dB of each
# other (calm and warm a little softer, urgent and triumphant a little louder), never above 0 dB.
STING_GAIN_DB = -8.5  # stingers play at this fixed level whatever the mood's gain (arrange.py)
ENERGY_GAIN_DB = -3.0  # per unit energy, against the 6-8 dB that velocity and density add
ENERGY_NUDGE = 0.06  # energy 0 -> nominal - 6 %, 1 -> nominal + 6 %: leaves room for tempo fitting
TEMPO_TOLERANCE = 0.16  # no bar is ever more than 16 % off its nominal tempo in the programme (plan.py)
HOME_KEYS = (0, 2, 5, 7, 3, 10)  # major tonics the seed picks from: C D F G Eb Bb (warm, comfortable keys)

_DEGREES = {
    "major": {"i": 0, "ii": 2, "iii": 4, "iv": 5, "v": 7, "vi": 9, "vii": 11},
    "minor": {"i": 0, "ii": 2, "iii": 3, "iv": 5, "v": 7, "vi": 8, "vii": 10},  # V is major: harmonic minor
}


def check_mood(mood: str) -> Mood:
    """The spec of `mood`, or a ValueError that lists the moods."""
    spec = SPECS.get(mood)
    if spec is None:
        raise ValueError(f"unknown score mood {mood!r}; expected one of {', '.join(MOODS)}")
    return spec


def target_bpm(mood: str, energy: float) -> float:
    """The tempo a section aims for: the mood's nominal tempo nudged by energy (0.5 = nominal)."""
    return check_mood(mood).tempo_bpm * (1 + ENERGY_NUDGE * (2 * energy - 1))


def parts_for(mood: str, energy: float) -> tuple[str, ...]:
    """The parts (keys of ROLES) a section of `mood` plays at `energy`: more of them as it rises."""
    return tuple(role for role, least in check_mood(mood).parts if energy >= least)


def key_of(mood: str, home: int) -> tuple[int, str]:
    """(tonic pitch class, mode) of a mood in a programme whose home major key is `home`."""
    mode = check_mood(mood).mode
    return (home if mode == "major" else (home - 3) % 12), mode


def chord(numeral: str, tonic: int, mode: str) -> tuple[int, tuple[int, ...]]:
    """(root pitch class, chord pitch classes root first) of a roman numeral in a key: upper case is
    a major triad, lower case minor, a trailing 'o' diminished."""
    dim = numeral.endswith("o")
    name = numeral.rstrip("o")
    root = (tonic + _DEGREES[mode][name.lower()]) % 12
    intervals = (0, 3, 6) if dim else (0, 4, 7) if name.isupper() else (0, 3, 7)
    return root, tuple((root + i) % 12 for i in intervals)
