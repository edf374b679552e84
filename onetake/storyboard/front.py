"""The front matter, and the whole storyboard: `build` checks both forms' written fields into a Storyboard.

Both readers hand over the same thing: `Block`s (plain YAML/JSON values plus where each part was
written) for the front matter and each scene's fields, and `RawBeat`s whose narration is already
split into cues. Everything about meaning (defaults, allowed values, cues bound by fields, assets)
is decided from here once, so both forms accept and reject exactly the same storyboards.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

from ..timeline import Fps, FrozenDict
from .fields import Fields, check_language
from .messages import dotted, show
from .model import CAPTION_MODES, MOOD_ALIASES, MOODS, MUSIC_FILE_TYPES, THEMES, Pos, Storyboard
from .presenter import check_presenter_scenes, presenter_look
from .raw import Block, RawScene
from .scenes import build_scene

FRONT_KEYS = ("title", "languages", "voices", "theme", "resolution", "fps", "music", "captions", "presenter")


def build(front: Block, scenes: list[RawScene], file: str, base_dir: Path, body: Pos) -> Storyboard:
    """Check the front matter and every scene; return the Storyboard. `body` is where scenes begin."""
    fields = Fields(front, file)
    if not isinstance(front.value, dict):
        fields.fail("the front matter must be 'key: value' lines, starting with 'title: Your video title'",
                    front.origin)
    fields.known_keys((), FRONT_KEYS, "front-matter key")
    fields.required(("title",), "missing title: add 'title: Your video title' to the front matter")
    title = fields.string(("title",), "the video's title as one line of text")
    languages = _languages(fields)
    fields.languages = languages
    voices = _voices(fields, languages)
    theme = fields.choice(("theme",), THEMES, "midnight", "theme")
    width, height = _resolution(fields)
    fps = _fps(fields)
    music, music_mood = _music(fields, base_dir)
    captions = fields.choice(("captions",), CAPTION_MODES, "file", "captions mode")
    presenter = presenter_look(fields)
    if not scenes:
        fields.fail("no scenes: after the front matter, start a scene with '# Heading' and 'layout: title'", body)
    built = tuple(build_scene(raw, file, languages, base_dir) for raw in scenes)
    check_presenter_scenes(built, presenter, file)
    return Storyboard(
        title=title,
        languages=languages,
        voices=voices,
        scenes=built,
        theme=theme,
        width=width,
        height=height,
        fps=fps,
        music=music,
        music_mood=music_mood,
        captions=captions,
        presenter=presenter,
        path=file,
        base_dir=base_dir,
        pos=FrozenDict({dotted(p): at for p, at in front.pos.items() if p}),
    )


def _music(fields: Fields, base_dir: Path) -> tuple[str, str | None]:
    """`music: auto | none | <mood> | path/to/file.(wav|mp3|flac|ogg)` -> (auto | none | the path, mood).

    auto (the default) scores the story; a mood scores it with that mood wherever a scene writes
    none; true and false (older storyboards) read as auto and none. A file must exist (its content
    is checked when it is decoded, at planning).
    """
    if not fields.has(("music",)):
        return "auto", None
    raw = fields.get(("music",))
    if isinstance(raw, bool):
        return ("auto" if raw else "none"), None
    if isinstance(raw, str) and raw.strip():
        value = raw.strip()
        if value in ("auto", "none"):
            return value, None
        if value in MOODS or value in MOOD_ALIASES:
            return "auto", MOOD_ALIASES.get(value, value)
        if Path(value).suffix.lower() in MUSIC_FILE_TYPES:
            if not (base_dir / value).is_file():
                fields.fail(f"music file '{value}' not found (relative to {base_dir})", fields.where(("music",)))
            return value, None
    fields.expect(("music",), f"auto, none, a mood ({', '.join(MOODS)}) or a music file "
                              f"({', '.join(MUSIC_FILE_TYPES)}) relative to the storyboard")


def _languages(fields: Fields) -> tuple[str, ...]:
    if not fields.has(("languages",)):
        return ("en",)
    codes = fields.sequence(("languages",), "a list of language codes like [en, es]")
    if not codes:
        fields.fail("languages is empty: list at least one language code, like [en]", fields.where(("languages",)))
    seen: list[str] = []
    for i in range(len(codes)):
        code = fields.string(("languages", i), "a language code")
        check_language(code, None, fields.where(("languages", i)), fields.file)
        if code in seen:
            fields.fail(f"language '{code}' is listed twice in languages", fields.where(("languages", i)))
        seen.append(code)
    return tuple(seen)


def _voices(fields: Fields, languages: tuple[str, ...]) -> FrozenDict:
    written = {}
    if fields.has(("voices",)):
        written = fields.mapping(("voices",), "a mapping like {en: joe, es: espeak:es}")
    voices = {}  # only what was written: the planner picks the best installed voice for the rest
    for lang in written:
        fields.language(("voices", lang), key=True)
        voices[lang] = fields.string(("voices", lang), "a voice id like joe or espeak:es")
    return FrozenDict(voices)


def _resolution(fields: Fields) -> tuple[int, int]:
    if not fields.has(("resolution",)):
        return 1280, 720
    text = str(fields.block.raw.get(("resolution",), fields.get(("resolution",))))
    at = fields.where(("resolution",))
    match = re.fullmatch(r"(\d+)x(\d+)", text.strip())
    if not match:
        fields.fail(f"bad resolution '{show(text)}': expected WIDTHxHEIGHT like 1280x720", at)
    width, height = int(match[1]), int(match[2])
    for name, size in (("width", width), ("height", height)):
        if size % 2:
            fields.fail(f"bad resolution '{text}': {name} {size} is odd; video needs even sizes, e.g. 1280x720", at)
        if not 64 <= size <= 3840:
            fields.fail(f"bad resolution '{text}': {name} {size} is outside 64..3840", at)
    return width, height


def _fps(fields: Fields) -> Fps:
    if not fields.has(("fps",)):
        return Fps(30)
    value = fields.get(("fps",))
    at = fields.where(("fps",))
    rate = None
    if isinstance(value, int) and not isinstance(value, bool):
        rate = Fraction(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*\d+\s*(/\s*\d+\s*)?", value):
        num, _, den = value.partition("/")
        if int(den or 1):
            rate = Fraction(int(num), int(den or 1))
    if rate is None:
        hint = " (write 30000/1001 for NTSC rates: a float is not exact)" if isinstance(value, float) else ""
        fields.fail(f"bad fps '{fields.quote(('fps',))}': expected an integer like 30 or a fraction like "
                    f"30000/1001{hint}", at)
    if not 1 <= rate <= 120:
        fields.fail(f"bad fps '{fields.quote(('fps',))}': expected a rate between 1 and 120 frames per second", at)
    return Fps(rate.numerator, rate.denominator)
