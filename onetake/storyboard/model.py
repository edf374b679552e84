"""What the author wrote, validated: scenes, beats, narration per language, cues, layout fields.

Pure data; `parse` builds it from Markdown or JSON. Every node keeps the source position
(`Pos`) of where it was written, so later stages (voice, assets) can report FILE:LINE:COL too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..timeline import Fps, FrozenDict

THEMES = ("midnight", "daylight")
TRANSITIONS = ("slide", "fade", "cut")
CAPTION_MODES = ("off", "file", "burn")
MOODS = ("calm", "upbeat", "serious", "urgent", "warm", "triumphant")  # a scene's mood: its music and voice
MOOD_ALIASES = {"bright": "upbeat", "tense": "urgent"}  # the procedural bed's older names, still read
AMBIENCES = ("none", "room", "office", "cafe", "city", "rain", "nature", "server-room")
MUSIC_FILE_TYPES = (".wav", ".mp3", ".flac", ".ogg")
PRESENTER_POSITIONS = ("left", "right", "corner")  # the front matter's; a scene may also say full, or false
SKINS = {"light": 0xFFF1C9A5, "medium": 0xFFE0B290, "tan": 0xFFC68E5E, "brown": 0xFF8D5A3B, "dark": 0xFF5C3A24}
HAIRS = {"black": 0xFF1E1A18, "brown": 0xFF3B2A20, "blonde": 0xFFD9B36C, "red": 0xFFA0462A, "grey": 0xFF9CA3AF,
         "white": 0xFFE5E7EB}


@dataclass(frozen=True, slots=True)
class Pos:
    """A 1-based line and column in the source file."""

    line: int = 1
    col: int = 1


@dataclass(frozen=True, slots=True)
class CueSpan:
    """A cue inside narration text: characters [start, end) of `Narration.text` (braces removed).

    A point cue (`{name}`) has start == end and anchors to the next word.
    """

    name: str
    start: int
    end: int
    pos: Pos = field(default=Pos(), compare=False)  # where it was written; not part of the content


@dataclass(frozen=True, slots=True)
class LangSpan:
    """Characters [start, end) of `Narration.text` in another language (`<span lang="ja">…</span>`):
    spoken by that language's voice, inside the sentence."""

    lang: str
    start: int
    end: int
    pos: Pos = field(default=Pos(), compare=False)  # where it was written; not part of the content


@dataclass(frozen=True, slots=True)
class Narration:
    """One beat's words in one language, as spoken (cue and span markup removed)."""

    lang: str
    text: str
    cues: tuple[CueSpan, ...] = ()
    pos: Pos = field(default=Pos(), compare=False)  # where it was written; not part of the content
    spans: tuple[LangSpan, ...] = ()  # code-switched stretches, in order, not overlapping
    emphasis: tuple[tuple[int, int], ...] = ()  # `*stressed words*`: character ranges [start, end) of text

    def segments(self) -> list[tuple[str, int, int]]:
        """The text as (language, start, end) runs: the narration's language outside spans."""
        out, done = [], 0
        for span in self.spans:
            if span.start > done:
                out.append((self.lang, done, span.start))
            out.append((span.lang, span.start, span.end))
            done = span.end
        if done < len(self.text):
            out.append((self.lang, done, len(self.text)))
        return out


@dataclass(frozen=True, slots=True)
class Beat:
    """One paragraph of narration, in every language of the storyboard."""

    narration: FrozenDict  # lang -> Narration
    pos: Pos = field(default=Pos(), compare=False)  # where it was written; not part of the content


@dataclass(frozen=True, slots=True)
class SceneSound:
    """How a scene sounds, as written: its mood and energy (None: estimated from its narration),
    its ambience (a kind, and `ambience_x` for a source placed on screen, 0 left .. 1 right), and
    the cue a musical sting lands on."""

    mood: str | None = None
    energy: float | None = None
    ambience: str = "none"
    ambience_x: float | None = None
    sting: str | None = None


@dataclass(frozen=True, slots=True)
class PresenterLook:
    """The front matter's `presenter`: its style, where it stands unless a scene says otherwise
    (left, right or corner), its size (0 small .. 1 large) and its colours (0xAARRGGBB)."""

    style: str = "person"
    position: str = "right"
    size: float = 0.5
    skin: int = 0xFFE0B290
    hair: int = 0xFF3B2A20


@dataclass(frozen=True, slots=True)
class Scene:
    """A `#` heading: a layout, its fields (localizable strings still as {lang: text}), its beats.

    props holds every scene field except `layout`, `transition` and `hold`, as plain data, plus what
    the layout's check measured from the files it names (the image layout's `image_size`).
    prop_pos maps a dotted field path ("items.search", "chart.series.q1.values") to where it was written.
    """

    title: FrozenDict  # lang -> heading text
    layout: str
    props: FrozenDict
    beats: tuple[Beat, ...]
    transition: str = "slide"
    hold_seconds: float = 1.0
    sound: SceneSound = SceneSound()
    presenter: str | None = None  # left | right | corner | full | hidden; None: where the front matter puts it
    gestures: FrozenDict = field(default_factory=FrozenDict)  # cue -> gesture name (`on: {cue: gesture wave}`)
    pos: Pos = field(default=Pos(), compare=False)  # where it was written; not part of the content
    prop_pos: FrozenDict = field(default_factory=FrozenDict, compare=False)


@dataclass(frozen=True, slots=True)
class Storyboard:
    """A whole storyboard; `base_dir` resolves asset paths, `path` names the file in errors."""

    title: str
    languages: tuple[str, ...]
    voices: FrozenDict  # lang -> voice id as written ("joe", "kokoro:ja", "espeak:ar"); others get a default
    scenes: tuple[Scene, ...]
    theme: str = "midnight"
    width: int = 1280
    height: int = 720
    fps: Fps = Fps(30)
    music: str = "auto"  # auto (a score from the story), none, or a music file's path as written
    music_mood: str | None = None  # `music: <mood>`: the mood of scenes that write none (else estimated)
    captions: str = "file"
    presenter: PresenterLook | None = None  # None: no presenter
    path: str = "<storyboard>"
    base_dir: Path = Path(".")
    pos: FrozenDict = field(default_factory=FrozenDict, compare=False)  # front-matter key -> Pos

    @property
    def default_language(self) -> str:
        """The first language listed: its texts are the fallback for the others."""
        return self.languages[0]
