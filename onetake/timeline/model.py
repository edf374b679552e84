"""The timeline: everything both renderers need, on one clock (integer samples at 48 kHz).

Planners build it; `render.video.frame` and `render.audio.samples` are pure functions of it.
All times are absolute sample positions on the programme; ranges are half-open [start, end).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .frozen import FrozenDict
from .time import Fps


def samples(**options):
    """A field counted in samples at 48 kHz: the JSON names it with its unit (`start` -> `start_samples`)."""
    return field(metadata={"unit": "samples"}, **options)


@dataclass(frozen=True, slots=True)
class Word:
    """One spoken word: its text as written and where the voice says it."""

    SCHEMA_VERSION = 2  # 2: sample fields say their unit

    text: str
    start: int = samples()
    end: int = samples()


@dataclass(frozen=True, slots=True)
class Phoneme:
    """One phoneme as timed by the voice engine (for lip sync and verification)."""

    SCHEMA_VERSION = 2  # 2: sample fields say their unit

    symbol: str
    start: int = samples()
    end: int = samples()


@dataclass(frozen=True, slots=True)
class Line:
    """One narrated beat: a clip of voice audio placed on the timeline.

    `audio` is the asset key of its 48 kHz mono PCM (`<hash>.npy`, see onetake.assets); the audio
    renderer reads it from the asset store it is given, it never synthesises.
    """

    SCHEMA_VERSION = 2  # 2: sample fields say their unit

    id: str
    scene: int
    text: str
    start: int = samples()
    end: int = samples()
    audio: str
    words: tuple[Word, ...] = ()
    phonemes: tuple[Phoneme, ...] = ()
    gain_db: float = 0.0


@dataclass(frozen=True, slots=True)
class Cue:
    """A named span of narration words; visual actions are anchored to its first word's first sample."""

    SCHEMA_VERSION = 2  # 2: sample fields say their unit

    name: str
    scene: int
    start: int = samples()
    end: int = samples()


@dataclass(frozen=True, slots=True)
class VisualEvent:
    """Something that happens on screen at one frame.

    kind: enter | click | key | notify | callout | series | transition.
    element: the element it concerns (e.g. "item:search", "target:settings", "cta").
    at: first sample of the frame `frame` on which the event is first visible.
    x: horizontal centre of the element on screen, 0 (left) .. 1 (right); drives sound panning.
    data: kind-specific details (e.g. {"char": "q"} for a key, {"text": "Saved"} for notify).
    """

    SCHEMA_VERSION = 2  # 2: sample fields say their unit

    kind: str
    scene: int
    element: str
    frame: int
    at: int = samples()
    x: float = 0.5
    cue: str | None = None
    data: FrozenDict = field(default_factory=FrozenDict)


@dataclass(frozen=True, slots=True)
class SoundEvent:
    """A sound effect emitted by a visual event; `at` is the sample its onset lands on."""

    SCHEMA_VERSION = 2  # 2: sample fields say their unit

    kind: str
    at: int = samples()
    pan: float = 0.0
    gain_db: float = 0.0
    seed: int = 0
    source: int = -1  # index into Timeline.visual_events, -1 if none


@dataclass(frozen=True, slots=True)
class Scene:
    """One scene: a layout, its already-localized properties, and its place on the clock.

    props are the storyboard's layout fields resolved for the timeline's language, plain JSON data
    (FrozenDict / tuple / str / number / bool). `transition` is how this scene enters; the
    transition runs over [start, start + transition_samples).
    """

    SCHEMA_VERSION = 4  # 2: sample fields say their unit; 3: direction; 4: stage

    index: int
    layout: str
    title: str
    start: int = samples()
    end: int = samples()
    props: FrozenDict = field(default_factory=FrozenDict)
    transition: str = "slide"
    transition_samples: int = 0
    direction: str = "ltr"  # rtl: its language reads right to left, and layouts that can mirror do
    stage: tuple[float, ...] = (0.0, 1.0)  # the columns [x0, x1) of the frame its layout is drawn in (fractions)


@dataclass(frozen=True, slots=True)
class MusicSection:
    """One section of the score: from the bar line `start` on, one mood at one energy and tempo."""

    start: int = samples()
    bar: int = 0
    mood: str = "warm"
    energy: float = 0.5
    tempo_bpm: float = 90.0
    key: str = "C major"
    progression: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Music:
    """The music: its audio, level, and how far it ducks under narration (driven by Line ranges).

    `audio` names the programme's whole soundtrack in the asset store ((duration, 2) float32 at
    48 kHz, rendered once at planning: the score from MIDI, or the user's file cut to length), read
    by sample range. Without it (timelines written before scoring) the procedural bed of `mood` plays.
    `source` says which: "score", "file:<name>" or "bed"; a score records its sections, bar lines and
    stings (sample positions), and `end`, where its last chord has died away.
    """

    SCHEMA_VERSION = 2  # 2: audio, source, sections, bars, stings, end

    enabled: bool = True
    mood: str = "warm"
    gain_db: float = -24.0  # loudness (LUFS) between lines: 6 dB under the voice (-18 LUFS)
    duck_db: float = -12.0  # under speech: 18 dB under the voice (docs/visual.md: 12-18 dB)
    seed: int = 0
    audio: str = ""
    source: str = "bed"
    sections: tuple[MusicSection, ...] = ()
    bars: tuple[int, ...] = ()
    stings: tuple[int, ...] = ()
    end: int = samples(default=0)
    note: str = ""  # how a user's file was fitted (tempo, loops, where it ends), for the render summary


@dataclass(frozen=True, slots=True)
class Ambience:
    """A scene's ambience: a procedural bed of `kind` over [start, end), crossfaded into its neighbours.

    `x` places its source on screen (0 left .. 1 right): it pans there, and grows louder and brighter
    as the camera moves toward it; None is diffuse, all around.
    """

    scene: int
    kind: str
    start: int = samples()
    end: int = samples()
    x: float | None = None
    seed: int = 0


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the presenter stands in one scene: `position` as written (left, right, corner, full),
    its `box` and its `mouth` (the rectangle holding the mouth in every shape) as (x, y, w, h)
    fractions of the frame."""

    scene: int
    position: str
    box: tuple[float, ...]
    mouth: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Viseme:
    """A mouth shape (A-H, X: onetake/lipsync.py) held from `start` until the next one starts."""

    shape: str
    start: int = samples()


@dataclass(frozen=True, slots=True)
class Gesture:
    """A presenter's gesture (point-left, wave, ...) from the first sample of its cue's frame, eased
    in and held, then eased out to rest by `end`."""

    name: str
    scene: int
    cue: str
    start: int = samples()
    end: int = samples()


@dataclass(frozen=True, slots=True)
class Presenter:
    """The on-screen presenter: its look, where it stands per scene (absent where hidden), and how it
    moves. `visemes` are the mouth's shapes (onetake/lipsync.py) with the sample each starts on, from
    the voices' own phoneme timings; `blinks` the first samples of its blinks (seeded)."""

    SCHEMA_VERSION = 1

    style: str = "person"
    skin: int = 0xFFE0B290  # 0xAARRGGBB
    hair: int = 0xFF3B2A20
    placements: tuple[Placement, ...] = ()
    visemes: tuple[Viseme, ...] = ()
    gestures: tuple[Gesture, ...] = ()
    blinks: tuple[int, ...] = ()
    seed: int = 0

    def placement(self, scene: int) -> Placement | None:
        return next((p for p in self.placements if p.scene == scene), None)


@dataclass(frozen=True, slots=True)
class Timeline:
    """The single source of truth for one rendered language."""

    SCHEMA_VERSION = 4  # 2: sample fields say their unit; assets by key, no cache_dir; 3: ambience; 4: presenter

    title: str
    lang: str
    width: int
    height: int
    fps: Fps
    duration: int = samples()
    theme: str = "midnight"
    scenes: tuple[Scene, ...] = ()
    lines: tuple[Line, ...] = ()
    cues: tuple[Cue, ...] = ()
    visual_events: tuple[VisualEvent, ...] = ()
    sound_events: tuple[SoundEvent, ...] = ()
    music: Music = Music()
    ambience: tuple[Ambience, ...] = ()
    presenter: Presenter | None = None
    burn_captions: bool = False
    master_gain_db: float = 0.0
    loudness_target_lufs: float = -16.0  # what master_gain_db was solved for; verify expects it

    @property
    def frame_count(self) -> int:
        return self.fps.frame_count(self.duration)

    def scene_at(self, sample: int) -> Scene:
        """The scene showing at `sample` (the last one whose start is <= sample)."""
        current = self.scenes[0]
        for scene in self.scenes:
            if scene.start <= sample:
                current = scene
        return current

    def events_of(self, scene: int) -> tuple[VisualEvent, ...]:
        return tuple(e for e in self.visual_events if e.scene == scene)

    def cue(self, scene: int, name: str) -> Cue | None:
        return next((c for c in self.cues if c.scene == scene and c.name == name), None)

    def words(self) -> tuple[Word, ...]:
        return tuple(w for line in self.lines for w in line.words)

    def with_(self, **changes) -> "Timeline":
        """A copy with some fields replaced (the model is never mutated)."""
        return replace(self, **changes)
