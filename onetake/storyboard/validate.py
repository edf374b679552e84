"""Semantic checks shared by the Markdown and JSON forms: written fields in, a Storyboard out.

Both forms hand over the same thing: `Block`s (plain YAML/JSON values plus where each part was
written) for the front matter and each scene's fields, and `RawBeat`s whose narration is already
split into cues. Everything about meaning (defaults, allowed values, cues bound by fields, assets)
is decided here once, so both forms accept and reject exactly the same storyboards.

Normalised props: every on-screen text, and every app action ("click settings"), becomes a
FrozenDict with one entry per storyboard language (missing languages filled from the default
language's); `localize` picks one language out.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, NoReturn

from ..errors import AssetError, StoryboardError
from ..timeline import Fps, FrozenDict, freeze
from .model import CAPTION_MODES, LAYOUTS, MUSIC_MOODS, THEMES, TRANSITIONS, Beat, Narration, Pos, Scene, Storyboard

FRONT_KEYS = ("title", "languages", "voices", "theme", "resolution", "fps", "music", "captions")
COMMON_FIELDS = ("layout", "title", "transition", "hold")
LAYOUT_FIELDS = {
    "title": ("subtitle",),
    "bullets": ("items",),
    "image": ("image", "camera", "callouts"),
    "app": ("app", "on"),
    "chart": ("chart",),
    "end": ("cta", "url"),
}
CAMERAS = ("zoom-in", "zoom-out", "pan-left", "pan-right", "still")
APP_ACTIONS = ("click", "type", "notify")
CHART_KINDS = ("bar", "line")
LANG_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")
CUE_NAME = re.compile(r"[a-z0-9_-]+\Z")

# Which props are on-screen text, per layout ("*" matches any key or index); drives `localize`.
TEXT_PATHS = {
    "title": (("subtitle",),),
    "bullets": (("items", "*"),),
    "image": (("callouts", "*", "label"),),
    "app": (("app", "name"), ("app", "sidebar", "*"), ("on", "*")),
    "chart": (("chart", "labels", "*"), ("chart", "unit"), ("chart", "series", "*", "name")),
    "end": (("cta",),),
}

_MISSING = object()
Path_ = tuple  # a path into a Block: keys (str) and list indexes (int)


@dataclass
class Block:
    """A YAML or JSON value as plain data, plus where each part of it was written.

    pos: path -> Pos of the value; keys: path -> Pos of the mapping key naming it;
    raw: path -> a scalar exactly as written (so `captions: off` stays "off", not False);
    origin: where the block starts, for reporting something that is missing from it.
    """

    value: Any
    pos: dict
    keys: dict
    raw: dict
    origin: Pos


@dataclass
class RawBeat:
    """One beat as written: its position and (lang or None for the default, pos of the lang tag, narration)."""

    pos: Pos
    texts: list


@dataclass
class RawScene:
    """One scene as written: heading text and position, its fields, its beats."""

    heading: str
    pos: Pos
    fields: Block
    beats: list


def dotted(path: Path_) -> str:
    """The dotted form of a path, as used in `Scene.prop_pos` and `Storyboard.pos`."""
    return ".".join(str(p) for p in path)


def did_you_mean(word: str, options) -> str:
    """' (did you mean 'x'?)' when a close option exists, else ''."""
    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def show(value: Any, limit: int = 40) -> str:
    """A short quotation of a value for messages."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fail_at(message: str, at: Pos, file: str, error: type = StoryboardError) -> NoReturn:
    """Raise `error` at `at`, its message on one line (the CLI prints one line per error)."""
    raise error(message.replace("\r", "\\r").replace("\n", "\\n"), at.line, at.col, file)


def duplicate_key(key: str, first: Pos) -> str:
    """The message for a key written twice in one mapping (YAML and JSON alike)."""
    return f"duplicate key '{key}' (first written at line {first.line}): write each key once"


def kind_of(value: Any) -> str:
    """How a value reads to an author ("text", "a list", ...)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


class Fields:
    """Typed, positioned access to a Block; every failure is a StoryboardError at the right spot."""

    def __init__(self, block: Block, file: str, languages: tuple[str, ...] = ("en",)):
        self.block = block
        self.file = file
        self.languages = languages

    # -- where and what ------------------------------------------------------------------
    def fail(self, message: str, at: Pos, error: type = StoryboardError) -> NoReturn:
        fail_at(message, at, self.file, error)

    def where(self, path: Path_) -> Pos:
        """Position of the value at path, or of the nearest enclosing value that was written."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.block.pos:
                return self.block.pos[path[:end]]
        return self.block.origin

    def key_where(self, path: Path_) -> Pos:
        return self.block.keys.get(path) or self.where(path)

    def get(self, path: Path_, default: Any = _MISSING) -> Any:
        value = self.block.value
        for part in path:
            if isinstance(value, dict) and part in value:
                value = value[part]
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                return default
        return value

    def has(self, path: Path_) -> bool:
        return self.get(path) is not _MISSING

    def quote(self, path: Path_) -> str:
        """The value at path as the author wrote it."""
        return show(self.block.raw.get(path, self.get(path)))

    def expect(self, path: Path_, what: str) -> NoReturn:
        value = self.get(path)
        found = "empty" if value is None else f"{kind_of(value)} '{self.quote(path)}'"
        self.fail(f"{dotted(path)} is {found}: expected {what}", self.where(path))

    # -- shapes --------------------------------------------------------------------------
    def mapping(self, path: Path_, what: str) -> dict:
        value = self.get(path)
        if not isinstance(value, dict):
            self.expect(path, what)
        return value

    def sequence(self, path: Path_, what: str) -> list:
        value = self.get(path)
        if not isinstance(value, list):
            self.expect(path, what)
        return value

    def known_keys(self, path: Path_, allowed, what: str, elsewhere: dict | None = None) -> None:
        """Reject keys not in `allowed`, suggesting the closest; `elsewhere` maps key -> where it belongs."""
        for key in self.mapping(path, "a mapping"):
            if key in allowed:
                continue
            if elsewhere and key in elsewhere:
                hint = f": it belongs to {elsewhere[key]}"
            else:
                hint = did_you_mean(key, allowed) + "; expected one of " + ", ".join(allowed)
            self.fail(f"unknown {what} '{key}'{hint}", self.key_where(path + (key,)))

    def required(self, path: Path_, message: str) -> Any:
        if not self.has(path):
            self.fail(message, self.where(path[:-1]) if len(path) > 1 else self.block.origin)
        return self.get(path)

    # -- scalars -------------------------------------------------------------------------
    def string(self, path: Path_, what: str = "text") -> str:
        """One line of text; a plain YAML scalar counts as text as written (`subtitle: 2024`)."""
        value = self.get(path)
        if not isinstance(value, str):
            if value is None or isinstance(value, (dict, list)) or path not in self.block.raw:
                self.expect(path, what)
            value = self.block.raw[path]
        if not value.strip():
            self.fail(f"{dotted(path)} is empty: expected {what}", self.where(path))
        return value.strip()

    def text(self, path: Path_, fallback: str | None = None) -> FrozenDict:
        """On-screen text: a string, or {lang: string}; returned with an entry for every language."""
        value = self.get(path)
        default = self.languages[0]
        if not isinstance(value, dict):
            text = self.string(path)
            return FrozenDict({lang: text for lang in self.languages})
        by_lang = {}
        for lang in value:
            self.language(path + (lang,), key=True)
            by_lang[lang] = self.string(path + (lang,))
        if default not in by_lang:
            if fallback is None:
                self.fail(
                    f"{dotted(path)} has no '{default}' text: the default language's text is the fallback "
                    f"for the others, so give it (e.g. {{{default}: …}})",
                    self.where(path),
                )
            by_lang[default] = fallback
        return FrozenDict({lang: by_lang.get(lang, by_lang[default]) for lang in self.languages})

    def language(self, path: Path_, key: bool = False) -> str:
        """A language code that this storyboard uses (a key of a text mapping, or a value)."""
        code = path[-1] if key else self.string(path, "a language code")
        at = self.key_where(path) if key else self.where(path)
        check_language(code, self.languages, at, self.file)
        return code

    def choice(self, path: Path_, options, default: str, what: str = "") -> str:
        if not self.has(path):
            return default
        value = self.get(path)
        raw = self.block.raw.get(path, value)
        if not isinstance(raw, str) or raw not in options:
            name = what or dotted(path)
            self.fail(
                f"unknown {name} '{show(raw)}'{did_you_mean(raw, options)}; expected one of {', '.join(options)}",
                self.where(path),
            )
        return raw

    def number(self, path: Path_, low: float, high: float, what: str) -> float:
        value = self.get(path)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.expect(path, what)
        if not low <= value <= high:
            self.fail(f"{dotted(path)} is {self.quote(path)}: expected {what}", self.where(path))
        return float(value)

    def boolean(self, path: Path_, default: bool) -> bool:
        if not self.has(path):
            return default
        value = self.get(path)
        if not isinstance(value, bool):
            self.expect(path, "true or false")
        return value


def check_language(code: Any, languages: tuple[str, ...] | None, at: Pos, file: str) -> None:
    """A well-formed code (en, es, pt-BR) and, when `languages` is given, one of them."""
    if not isinstance(code, str) or not LANG_CODE.match(code):
        fail_at(f"malformed language code '{show(code)}': expected a lowercase code like en, es or pt-BR", at, file)
    if languages is not None and code not in languages:
        fail_at(
            f"language '{code}' is not in this storyboard's languages ({', '.join(languages)}): "
            f"add it to 'languages' in the front matter, or remove this text",
            at, file,
        )


# -- the storyboard ----------------------------------------------------------------------------
def build(front: Block, scenes: list[RawScene], file: str, base_dir: Path, body: Pos) -> Storyboard:
    """Check the front matter and every scene; return the Storyboard. `body` is where scenes begin."""
    f = Fields(front, file)
    if not isinstance(front.value, dict):
        f.fail("the front matter must be 'key: value' lines, starting with 'title: Your video title'", front.origin)
    f.known_keys((), FRONT_KEYS, "front-matter key")
    f.required(("title",), "missing title: add 'title: Your video title' to the front matter")
    title = f.string(("title",), "the video's title as one line of text")
    languages = _languages(f)
    f.languages = languages
    voices = _voices(f, languages)
    theme = f.choice(("theme",), THEMES, "midnight", "theme")
    width, height = _resolution(f)
    fps = _fps(f)
    music, music_mood = _music(f)
    captions = f.choice(("captions",), CAPTION_MODES, "file", "captions mode")
    if not scenes:
        f.fail("no scenes: after the front matter, start a scene with '# Heading' and 'layout: title'", body)
    return Storyboard(
        title=title,
        languages=languages,
        voices=voices,
        scenes=tuple(_scene(raw, file, languages, base_dir) for raw in scenes),
        theme=theme,
        width=width,
        height=height,
        fps=fps,
        music=music,
        music_mood=music_mood,
        captions=captions,
        path=file,
        base_dir=base_dir,
        pos=FrozenDict({dotted(p): at for p, at in front.pos.items() if p}),
    )


def _music(f: Fields) -> tuple[bool, str]:
    """`music: true | false | <mood>`: whether there is a bed, and its mood (warm when just true)."""
    if not f.has(("music",)):
        return True, "warm"
    raw = f.get(("music",))
    if isinstance(raw, bool):
        return raw, "warm"
    if isinstance(raw, str) and raw in MUSIC_MOODS:
        return True, raw
    f.expect(("music",), f"true, false or a mood: {', '.join(MUSIC_MOODS)}")


def _languages(f: Fields) -> tuple[str, ...]:
    if not f.has(("languages",)):
        return ("en",)
    codes = f.sequence(("languages",), "a list of language codes like [en, es]")
    if not codes:
        f.fail("languages is empty: list at least one language code, like [en]", f.where(("languages",)))
    seen: list[str] = []
    for i in range(len(codes)):
        code = f.string(("languages", i), "a language code")
        check_language(code, None, f.where(("languages", i)), f.file)
        if code in seen:
            f.fail(f"language '{code}' is listed twice in languages", f.where(("languages", i)))
        seen.append(code)
    return tuple(seen)


def _voices(f: Fields, languages: tuple[str, ...]) -> FrozenDict:
    written = f.mapping(("voices",), "a mapping like {en: joe, es: espeak:es}") if f.has(("voices",)) else {}
    voices = {}
    for lang in languages:
        voices[lang] = "joe" if lang == "en" else f"espeak:{lang}"
    for lang in written:
        f.language(("voices", lang), key=True)
        voices[lang] = f.string(("voices", lang), "a voice id like joe or espeak:es")
    return FrozenDict(voices)


def _resolution(f: Fields) -> tuple[int, int]:
    if not f.has(("resolution",)):
        return 1280, 720
    text = str(f.block.raw.get(("resolution",), f.get(("resolution",))))
    at = f.where(("resolution",))
    match = re.fullmatch(r"(\d+)x(\d+)", text.strip())
    if not match:
        f.fail(f"bad resolution '{show(text)}': expected WIDTHxHEIGHT like 1280x720", at)
    width, height = int(match[1]), int(match[2])
    for name, size in (("width", width), ("height", height)):
        if size % 2:
            f.fail(f"bad resolution '{text}': {name} {size} is odd; video needs even sizes, e.g. 1280x720", at)
        if not 64 <= size <= 3840:
            f.fail(f"bad resolution '{text}': {name} {size} is outside 64..3840", at)
    return width, height


def _fps(f: Fields) -> Fps:
    if not f.has(("fps",)):
        return Fps(30)
    value = f.get(("fps",))
    at = f.where(("fps",))
    rate = None
    if isinstance(value, int) and not isinstance(value, bool):
        rate = Fraction(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*\d+\s*(/\s*\d+\s*)?", value):
        num, _, den = value.partition("/")
        if int(den or 1):
            rate = Fraction(int(num), int(den or 1))
    if rate is None:
        hint = " (write 30000/1001 for NTSC rates: a float is not exact)" if isinstance(value, float) else ""
        f.fail(f"bad fps '{f.quote(('fps',))}': expected an integer like 30 or a fraction like 30000/1001{hint}", at)
    if not 1 <= rate <= 120:
        f.fail(f"bad fps '{f.quote(('fps',))}': expected a rate between 1 and 120 frames per second", at)
    return Fps(rate.numerator, rate.denominator)


# -- scenes ------------------------------------------------------------------------------------
def _scene(raw: RawScene, file: str, languages: tuple[str, ...], base_dir: Path) -> Scene:
    f = Fields(raw.fields, file, languages)
    layouts = ", ".join(LAYOUTS)
    if raw.fields.value is None or raw.fields.value == {}:
        f.fail(f"missing layout: write 'layout: …' on the line right under the heading ({layouts})", raw.pos)
    if not isinstance(raw.fields.value, dict):
        f.fail(
            f"expected the scene's fields (key: value lines such as 'layout: bullets') under the heading, "
            f"got {kind_of(raw.fields.value)}; leave a blank line between the fields and the narration",
            f.where(()),
        )
    f.required(("layout",), f"missing layout: write 'layout: …' right under the heading ({layouts})")
    layout = f.choice(("layout",), LAYOUTS, "", "layout")
    belongs = {k: f"the {name} layout" for name, keys in LAYOUT_FIELDS.items() for k in keys if name != layout}
    f.known_keys((), COMMON_FIELDS + LAYOUT_FIELDS[layout], "field", belongs)
    title = f.text(("title",), fallback=raw.heading) if f.has(("title",)) else FrozenDict(
        {lang: raw.heading for lang in languages}
    )
    transition = f.choice(("transition",), TRANSITIONS, "slide", "transition")
    hold = f.number(("hold",), 0, 10, "seconds between 0 and 10") if f.has(("hold",)) else 1.0
    beats, cues = _beats(raw, file, languages)
    props = {"title": title} if f.has(("title",)) else {}
    props.update(_LAYOUT_CHECKS[layout](f, _Cues(f, cues), base_dir))
    return Scene(
        title=title,
        layout=layout,
        props=freeze(props),
        beats=beats,
        transition=transition,
        hold_seconds=hold,
        pos=raw.pos,
        prop_pos=FrozenDict({dotted(p): at for p, at in raw.fields.pos.items() if p}),
    )


def _beats(raw: RawScene, file: str, languages: tuple[str, ...]) -> tuple[tuple[Beat, ...], dict]:
    """Every beat in every language, with the same cues in each; cue names unique in the scene."""
    def fail(message: str, at: Pos) -> NoReturn:
        fail_at(message, at, file)

    if not raw.beats:
        fail(
            f"scene '{raw.heading}' has no narration: write at least one paragraph after its fields "
            "(separated from them by a blank line)",
            raw.pos,
        )
    default = languages[0]
    scene_cues: dict[str, Pos] = {}
    beats = []
    for beat in raw.beats:
        texts: dict[str, Narration] = {}
        for lang, at, narration in beat.texts:
            lang = lang or default
            check_language(lang, languages, at, file)
            if lang in texts:
                line = texts[lang].pos.line
                fail(f"this beat already has '{lang}' narration (line {line}): one text per language", at)
            texts[lang] = replace(narration, lang=lang)
        for lang in languages:
            if lang not in texts:
                hint = f"start a line with [{lang}]" if lang != default else "write it first, before any [xx] line"
                fail(
                    f"this beat has no '{lang}' narration: every beat is spoken in every language "
                    f"({', '.join(languages)}); {hint}",
                    beat.pos,
                )
        reference = {cue.name: cue for cue in texts[default].cues}
        for lang in languages[1:]:
            names = {cue.name for cue in texts[lang].cues}
            for name, cue in reference.items():
                if name not in names:
                    fail(
                        f"cue '{name}' is spoken in '{default}' (line {cue.pos.line}) but missing from the "
                        f"'{lang}' text: mark the matching '{lang}' words with {{{name}:…}}",
                        texts[lang].pos,
                    )
            for cue in texts[lang].cues:
                if cue.name not in reference:
                    fail(
                        f"cue '{cue.name}' is in the '{lang}' text but not in the '{default}' text of this beat: "
                        "every language marks the same cues",
                        cue.pos,
                    )
        for name, cue in reference.items():
            if name in scene_cues:
                fail(
                    f"duplicate cue '{name}': already used in this scene (line {scene_cues[name].line}); "
                    "a cue names one moment, so rename one of them",
                    cue.pos,
                )
            scene_cues[name] = cue.pos
        beats.append(Beat(narration=FrozenDict({lang: texts[lang] for lang in languages}), pos=beat.pos))
    return tuple(beats), scene_cues


class _Cues:
    """The cues spoken in one scene, for fields whose keys bind a visual action to a cue."""

    def __init__(self, f: Fields, spoken: dict):
        self.f = f
        self.spoken = spoken

    def bound(self, path: Path_) -> str:
        name = path[-1]
        at = self.f.key_where(path)
        if not CUE_NAME.match(name):
            self.f.fail(f"bad cue name '{name}': use lowercase a-z, 0-9, '-' and '_'", at)
        if name not in self.spoken:
            spoken = ", ".join(self.spoken) or "none"
            self.f.fail(
                f"unknown cue '{name}': {dotted(path[:-1])} binds it, but the narration of this scene never "
                f"speaks it{did_you_mean(name, self.spoken)}; mark the words with {{{name}:…}} "
                f"(cues spoken here: {spoken})",
                at,
            )
        return name


def _title_props(f: Fields, cues: _Cues, base_dir: Path) -> dict:
    return {"subtitle": f.text(("subtitle",))} if f.has(("subtitle",)) else {}


def _bullets_props(f: Fields, cues: _Cues, base_dir: Path) -> dict:
    items = f.required(("items",), "bullets with no items: add 'items:', a mapping from cue name to item text")
    if items is None or items == {}:
        f.fail("bullets with no items: 'items' needs 2 to 6 lines of 'cue: item text'", f.where(("items",)))
    f.mapping(("items",), "a mapping from cue name to item text, like {find: Find anything}")
    if not 2 <= len(items) <= 6:
        f.fail(f"items has {len(items)} entries: a bullets scene shows 2 to 6 items", f.where(("items",)))
    return {"items": {cues.bound(("items", k)): f.text(("items", k)) for k in items}}


def _image_props(f: Fields, cues: _Cues, base_dir: Path) -> dict:
    f.required(("image",), "missing image: add 'image: path/to/screenshot.png' (relative to the storyboard)")
    props = {
        "image": check_image(f, ("image",), base_dir),
        "camera": f.choice(("camera",), CAMERAS, "zoom-in", "camera"),
        "callouts": {},
    }
    if f.has(("callouts",)):
        for cue in f.mapping(("callouts",), "a mapping from cue name to {box: [x, y, w, h], label: text}"):
            path = ("callouts", cue)
            f.mapping(path, "{box: [x, y, w, h], label: text}")
            f.known_keys(path, ("box", "label"), "callout key")
            box = _box(f, path + ("box",))
            callout = {"box": box, **({"label": f.text(path + ("label",))} if f.has(path + ("label",)) else {})}
            props["callouts"][cues.bound(path)] = callout
    return props


def _box(f: Fields, path: Path_) -> tuple[float, ...]:
    what = "[x, y, w, h] as fractions of the image, each 0..1"
    f.required(path, f"missing box: a callout needs 'box: {what}'")
    values = f.sequence(path, what)
    if len(values) != 4:
        f.fail(f"box has {len(values)} numbers: expected 4, {what}", f.where(path))
    x, y, w, h = (f.number(path + (i,), 0, 1, "a fraction between 0 and 1") for i in range(4))
    if w <= 0 or h <= 0 or x + w > 1.0001 or y + h > 1.0001:
        f.fail(f"box {show(values)} does not fit the image: need w, h > 0, x + w <= 1 and y + h <= 1", f.where(path))
    return (x, y, w, h)


def check_image(f: Fields, path: Path_, base_dir: Path) -> str:
    """Resolve an image path against base_dir; it must be a readable PNG or JPEG. Returns the absolute path."""
    written = f.string(path, "a path to a PNG or JPEG file")
    at = f.where(path)
    full = os.path.abspath(os.path.join(base_dir, os.path.expanduser(written)))
    if not os.path.isfile(full):
        f.fail(
            f"image '{written}' not found (looked for {full}): paths are relative to the storyboard's folder",
            at, AssetError,
        )
    try:
        with open(full, "rb") as handle:
            head = handle.read(8)
    except OSError as error:
        f.fail(f"cannot read image '{written}': {error.strerror}", at, AssetError)
    if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
        f.fail(f"image '{written}' is not a PNG or JPEG file", at, AssetError)
    return full


def _app_props(f: Fields, cues: _Cues, base_dir: Path) -> dict:
    f.required(("app",), "missing app: add 'app: {name: Acme, sidebar: [Inbox], buttons: [search, settings]}'")
    f.mapping(("app",), "a mapping like {name: Acme, sidebar: [Inbox], buttons: [search]}")
    f.known_keys(("app",), ("name", "sidebar", "buttons"), "app key")
    f.required(("app", "name"), "missing app name: add 'name: …' inside app")
    sidebar = tuple(
        f.text(("app", "sidebar", i))
        for i in range(len(f.sequence(("app", "sidebar"), "a list of texts") if f.has(("app", "sidebar")) else []))
    )
    buttons = []
    for i in range(len(f.sequence(("app", "buttons"), "a list of button ids") if f.has(("app", "buttons")) else [])):
        button = f.string(("app", "buttons", i), "a button id like search or settings")
        if not CUE_NAME.match(button):
            f.fail(f"bad button id '{button}': use lowercase a-z, 0-9, '-' and '_'", f.where(("app", "buttons", i)))
        buttons.append(button)
    app = {"name": f.text(("app", "name")), "sidebar": sidebar, "buttons": tuple(buttons)}
    on = {}
    if f.has(("on",)):
        for cue in f.mapping(("on",), "a mapping from cue name to an action like 'click settings'"):
            on[cues.bound(("on", cue))] = _action(f, ("on", cue), app)
    return {"app": app, "on": on}


def _action(f: Fields, path: Path_, app: dict) -> FrozenDict:
    """Check 'click TARGET' | 'type TEXT' | 'notify TEXT' (or {lang: that}); return it per language.

    A click names its target as that language shows it (a sidebar item's own text), so the string
    stays the one thing a planner needs to read: "click Archivo" in Spanish, "click Archive" in English.
    """
    value = f.get(path)
    written: dict[str | None, tuple[str, str, Path_]] = {}  # lang (None: all) -> (verb, argument, where)
    for p in [path + (lang,) for lang in value] if isinstance(value, dict) else [path]:
        lang = f.language(p, key=True) if p != path else None
        action = f.string(p, "an action: 'click TARGET', 'type TEXT' or 'notify TEXT'")
        verb, _, argument = action.partition(" ")
        if verb not in APP_ACTIONS:
            f.fail(
                f"bad app action '{action}': expected 'click TARGET', 'type TEXT' or 'notify TEXT'"
                f"{did_you_mean(verb, APP_ACTIONS)}",
                f.where(p),
            )
        if not argument.strip():
            f.fail(f"'{verb}' needs {'a target' if verb == 'click' else 'a text'}: write '{verb} …'", f.where(p))
        first = next(iter(written.values()), None)
        if first and verb != first[0]:
            f.fail(f"action '{action}' differs from '{first[0]} …': every language does the same action", f.where(p))
        written[lang] = (verb, argument.strip(), p)
    default = f.languages[0]
    if isinstance(value, dict) and default not in written:
        f.fail(f"{dotted(path)} has no '{default}' action: give the default language's one", f.where(path))
    fallback = written.get(None) or written[default]
    chosen = {lang: written.get(lang, fallback) for lang in f.languages}
    verb = fallback[0]
    if verb != "click":
        return FrozenDict({lang: f"{verb} {argument}" for lang, (_, argument, _) in chosen.items()})
    targets = {_click_target(f, p, argument, app) for _, argument, p in written.values()}
    if len(targets) > 1:
        f.fail(f"{dotted(path)} clicks different targets in different languages: click the same thing", f.where(path))
    kind, key = targets.pop()
    names = {lang: app["sidebar"][key][lang] if kind == "sidebar" else key for lang in f.languages}
    return FrozenDict({lang: f"click {name}" for lang, name in names.items()})


def _click_target(f: Fields, path: Path_, target: str, app: dict) -> tuple[str, Any]:
    """Which element a click target names: ("search", "search"), ("button", id) or ("sidebar", index)."""
    wanted = target.casefold()
    if wanted == "search":
        return ("search", "search")
    for button in app["buttons"]:
        if button.casefold() == wanted:
            return ("button", button)
    for index, item in enumerate(app["sidebar"]):
        if any(text.casefold() == wanted for text in item.values()):
            return ("sidebar", index)
    options = list(dict.fromkeys(["search", *app["buttons"], *(item[f.languages[0]] for item in app["sidebar"])]))
    f.fail(
        f"click target '{target}' is not in the app{did_you_mean(target, options)}: expected 'search', a button id "
        f"or a sidebar item ({', '.join(options)})",
        f.where(path),
    )


def _chart_props(f: Fields, cues: _Cues, base_dir: Path) -> dict:
    shape = "{kind: bar, labels: [Q1, Q2], series: {cue: {name: Sales, values: [3, 5]}}}"
    f.required(("chart",), f"missing chart: add 'chart: {shape}'")
    f.mapping(("chart",), shape)
    f.known_keys(("chart",), ("kind", "labels", "unit", "series"), "chart key")
    f.required(("chart", "kind"), "missing chart kind: add 'kind: bar' or 'kind: line' inside chart")
    kind = f.choice(("chart", "kind"), CHART_KINDS, "bar", "chart kind")
    f.required(("chart", "labels"), "missing chart labels: add 'labels: [Q1, Q2, …]' inside chart")
    count = len(f.sequence(("chart", "labels"), "a list of labels like [Q1, Q2, Q3]"))
    if not (2 if kind == "line" else 1) <= count <= 24:
        f.fail(f"chart has {count} labels: expected {2 if kind == 'line' else 1} to 24", f.where(("chart", "labels")))
    chart = {"kind": kind, "labels": tuple(f.text(("chart", "labels", i)) for i in range(count))}
    if f.has(("chart", "unit")):
        chart["unit"] = f.text(("chart", "unit"))
    f.required(("chart", "series"), "missing chart series: add 'series: {cue: {name: …, values: […]}}' in chart")
    series = f.mapping(("chart", "series"), "a mapping from cue name to {name: text, values: [numbers]}")
    if not 1 <= len(series) <= 6:
        f.fail(f"chart has {len(series)} series: expected 1 to 6", f.where(("chart", "series")))
    chart["series"] = {}
    for cue in series:
        path = ("chart", "series", cue)
        f.mapping(path, "{name: text, values: [numbers]}")
        f.known_keys(path, ("name", "values"), "series key")
        f.required(path + ("name",), f"missing name in series '{cue}': add 'name: …'")
        f.required(path + ("values",), f"missing values in series '{cue}': add 'values: [one number per label]'")
        values = f.sequence(path + ("values",), "a list of numbers, one per label")
        if len(values) != count:
            f.fail(
                f"chart series '{cue}' has {len(values)} values but there are {count} labels: give one value per label",
                f.where(path + ("values",)),
            )
        numbers = tuple(f.number(path + ("values", i), -1e15, 1e15, "a number") for i in range(count))
        chart["series"][cues.bound(path)] = {"name": f.text(path + ("name",)), "values": numbers}
    return {"chart": chart}


def _end_props(f: Fields, cues: _Cues, base_dir: Path) -> dict:
    f.required(("cta",), "missing cta: an end card needs 'cta: Button text' (its call to action)")
    props = {"cta": f.text(("cta",))}
    if f.has(("url",)):
        props["url"] = f.string(("url",), "a web address")
    return props


_LAYOUT_CHECKS = {
    "title": _title_props,
    "bullets": _bullets_props,
    "image": _image_props,
    "app": _app_props,
    "chart": _chart_props,
    "end": _end_props,
}


def localize(scene: Scene, lang: str) -> FrozenDict:
    """The scene's props with every on-screen text resolved to `lang` (what `timeline.Scene.props` holds)."""
    return map_texts(scene.props, (("title",), *TEXT_PATHS[scene.layout]), lambda text: text[lang])


def map_texts(value: Any, patterns, fn) -> Any:
    """Copy props, replacing each text found at a path in `patterns` ("*" = any key or index) by fn(text)."""
    if () in patterns and isinstance(value, dict):
        return fn(value)
    if isinstance(value, dict):
        return FrozenDict({k: map_texts(v, _step(patterns, k), fn) for k, v in value.items()})
    if isinstance(value, tuple):
        return tuple(map_texts(v, _step(patterns, i), fn) for i, v in enumerate(value))
    return value


def _step(patterns, key: Any) -> tuple:
    return tuple(p[1:] for p in patterns if p and p[0] in ("*", key))
