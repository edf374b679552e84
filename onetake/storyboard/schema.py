"""The JSON form (schema `Storyboard.1`): a pydantic model of its shape, read into the same Storyboard.

pydantic checks the shape (which keys, which types); `front.build` then applies exactly the same
semantic checks as for Markdown. json gives no positions, so a small scanner over the (already
valid) JSON text records where every value and key starts, for FILE:LINE:COL errors.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from json.decoder import scanstring
from json.scanner import NUMBER_RE
from pathlib import Path
from typing import Any, Literal, NoReturn

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..timeline import thaw
from .model import Narration, Pos, SceneSound, Storyboard
from .parse import parse_narration
from .front import build
from .layouts import SPECS
from .localize import map_texts, text_paths
from .messages import did_you_mean, dotted, duplicate_key, fail_at, show
from .raw import Block, RawBeat, RawScene
from .scenes import COMMON_FIELDS

SCHEMA = "Storyboard.1"
# Older schema name -> function upgrading its data to the next version (none yet: 1 is the first).
UPGRADES: dict[str, Any] = {}
SCENE_LEVEL = ("layout", "transition", "hold")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


class SceneModel(_Strict):
    """One scene: heading, layout, optional transition and hold, layout fields, beats ({lang: narration})."""

    heading: str
    layout: str | None = None
    transition: str = "slide"
    hold: float = 1.0
    fields: dict[str, Any] = {}
    beats: list[dict[str, str]] = []


class StoryboardModel(_Strict):
    """A whole storyboard; the front-matter keys sit at the top level (see docs/storyboard.md)."""

    schema_: Literal["Storyboard.1"] = Field(alias="schema")
    title: str | None = None
    languages: list[str] = ["en"]
    voices: dict[str, str] = {}
    theme: str = "midnight"
    resolution: str = "1280x720"
    fps: int | float | str = 30  # floats reach front.build, which explains why 29.97 is refused
    music: bool | str = "auto"
    captions: str = "file"
    presenter: bool | dict[str, Any] = False
    scenes: list[SceneModel] = []


def parse_json(text: str, path: str = "<storyboard>", base_dir: Path | str | None = None) -> Storyboard:
    """Parse a JSON storyboard (schema Storyboard.1); errors carry the line and column like Markdown's."""
    def fail(message: str, at: Pos) -> NoReturn:
        fail_at(message, at, path)

    text = text.lstrip("\ufeff")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        fail(f"invalid JSON: {error.msg}", Pos(error.lineno, error.colno))
    where = _Positions(text, fail)
    if not isinstance(data, dict):
        fail(f"expected a JSON object with \"schema\": \"{SCHEMA}\", got {type(data).__name__}", where.pos[()])
    if "schema" not in data:
        fail(f"missing \"schema\": add \"schema\": \"{SCHEMA}\" to the top-level object", where.pos[()])
    while isinstance(data["schema"], str) and data["schema"] in UPGRADES:
        data = UPGRADES[data["schema"]](data)
    if data["schema"] != SCHEMA:
        fail(f"unsupported schema '{show(data['schema'])}': this onetake reads \"{SCHEMA}\"", where.pos[("schema",)])
    try:
        model = StoryboardModel.model_validate(data)
    except ValidationError as error:
        message, at = _first_error(error, where)
        fail(message, at)

    top = model.model_dump(exclude_unset=True, by_alias=True)
    front_keys = [k for k in top if k not in ("schema", "scenes")]
    front = where.block({k: top[k] for k in front_keys}, (), front_keys, where.pos[()])
    scenes = [_scene(scene, i, where, path) for i, scene in enumerate(model.scenes)]
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    return build(front, scenes, path, base.absolute(), where.key_or_value(("scenes",)))


def _scene(scene: SceneModel, i: int, where: "_Positions", path: str) -> RawScene:
    prefix = ("scenes", i)
    values = dict(scene.fields)
    for key in SCENE_LEVEL:
        if key in scene.model_fields_set:
            if key in values:
                at = where.keys[prefix + ("fields", key)]
                fail_at(f"'{key}' is written twice: keep the one next to \"heading\"", at, path)
            values[key] = getattr(scene, key)
    # The scene-level keys read as if they were written among the fields, as in Markdown.
    block = where.block(values, prefix + ("fields",), None, where.pos[prefix])
    extra = where.block(None, prefix, SCENE_LEVEL, where.pos[prefix])
    for table in ("pos", "keys", "raw"):
        getattr(block, table).update(getattr(extra, table))
    block.pos[()] = where.pos[prefix]
    beats = []
    for j, beat in enumerate(scene.beats):
        texts = []
        for lang, narration in beat.items():
            at = where.pos[prefix + ("beats", j, lang)]
            # +1: the text starts after the opening quote (exact while the string has no escapes).
            parsed = parse_narration([(narration, Pos(at.line, at.col + 1))], path)
            texts.append((lang, where.keys[prefix + ("beats", j, lang)], parsed))
        beats.append(RawBeat(where.pos[prefix + ("beats", j)], texts))
    return RawScene(scene.heading, where.pos[prefix], block, beats)


def _first_error(error: ValidationError, where: "_Positions") -> tuple[str, Pos]:
    """The pydantic error written earliest in the file, as an author-facing message and its position."""
    found = []
    for item in error.errors():
        loc = tuple(item["loc"])
        if item["type"] == "extra_forbidden":
            allowed = _keys_of(loc[:-1])
            message = f"unknown key '{loc[-1]}'{did_you_mean(loc[-1], allowed)}; expected one of {', '.join(allowed)}"
            at = where.key_or_value(loc)
        elif item["type"] == "missing":
            message = f"missing '{loc[-1]}' in {dotted(loc[:-1]) or 'the top-level object'}"
            at = where.nearest(loc[:-1])
        else:
            value = item.get("input")
            message = f"{dotted(_trim(loc, where))}: {item['msg'].lower()}, got '{show(value)}'"
            at = where.nearest(loc)
        found.append((at.line, at.col, message, at))
    line, col, message, at = min(found, key=lambda f: (f[0], f[1]))
    return message, at


def _keys_of(loc: tuple) -> list[str]:
    model = SceneModel if loc[:1] == ("scenes",) else StoryboardModel
    return [f.alias or name for name, f in model.model_fields.items()]


def _trim(loc: tuple, where: "_Positions") -> tuple:
    """Drop pydantic's union-branch names from a location: keep the part that is a real path."""
    while loc and loc not in where.pos:
        loc = loc[:-1]
    return loc


class _Positions:
    """Where each value and key of a valid JSON text starts (paths as tuples of keys and indexes)."""

    def __init__(self, text: str, fail):
        self.text = text
        self.fail = fail
        self.pos: dict[tuple, Pos] = {}
        self.keys: dict[tuple, Pos] = {}
        self.raw: dict[tuple, str] = {}
        self.lines = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        self._value(0, ())

    def at(self, index: int) -> Pos:
        line = bisect_right(self.lines, index)
        return Pos(line, index - self.lines[line - 1] + 1)

    def nearest(self, path: tuple) -> Pos:
        return self.pos[_trim(path, self)]

    def key_or_value(self, path: tuple) -> Pos:
        return self.keys.get(path) or self.nearest(path)

    def block(self, value: Any, prefix: tuple, keys, origin: Pos) -> Block:
        """A Block of what lies under `prefix` (only under `keys` of it, unless None), paths relative to it."""
        cut = len(prefix)

        def inside(p: tuple) -> bool:
            return len(p) > cut and p[:cut] == prefix and (keys is None or p[cut] in keys)

        tables = [{p[cut:]: v for p, v in table.items() if inside(p)} for table in (self.pos, self.keys, self.raw)]
        return Block(value, *tables, origin)

    def _skip(self, i: int) -> int:
        while i < len(self.text) and self.text[i] in " \t\r\n":
            i += 1
        return i

    def _value(self, i: int, path: tuple) -> int:
        text = self.text
        i = self._skip(i)
        self.pos[path] = self.at(i)
        if text[i] == "{":
            i = self._skip(i + 1)
            while text[i] != "}":
                key, end = scanstring(text, i + 1)
                if path + (key,) in self.keys:
                    self.fail(duplicate_key(key, self.keys[path + (key,)]), self.at(i))
                self.keys[path + (key,)] = self.at(i)
                i = self._skip(self._skip(end) + 1)  # past the ':'
                i = self._skip(self._value(i, path + (key,)))
                if text[i] == ",":
                    i = self._skip(i + 1)
            return i + 1
        if text[i] == "[":
            i, n = self._skip(i + 1), 0
            while text[i] != "]":
                i = self._skip(self._value(i, path + (n,)))
                n += 1
                if text[i] == ",":
                    i = self._skip(i + 1)
            return i + 1
        if text[i] == '"':
            return scanstring(text, i + 1)[1]
        number = NUMBER_RE.match(text, i)
        if number:
            self.raw[path] = number.group(0)
            return number.end()
        for word in ("true", "false", "null"):
            if text.startswith(word, i):
                return i + len(word)
        # json.loads accepts NaN and Infinity; a storyboard must not.
        self.fail(f"'{show(text[i:i + 9], 9)}' is not a number a storyboard can use", self.at(i))


def to_json(storyboard: Storyboard, indent: int | None = 2) -> str:
    """The storyboard as Storyboard.1 JSON; `parse_json` reads it back to an equal Storyboard (positions aside)."""
    languages = storyboard.languages
    default = storyboard.default_language

    def text(value: dict) -> Any:
        return value[default] if len(set(value.values())) == 1 else dict(value)

    scenes = []
    for scene in storyboard.scenes:
        # Only what an author writes: the fields, not what the checks measured (an image's size).
        written = COMMON_FIELDS + SPECS[scene.layout].fields
        props = {k: v for k, v in scene.props.items() if k in written}
        fields = thaw(map_texts(props, text_paths(scene.layout), text))
        fields.update(_sound_fields(scene.sound))
        fields.update(_presenter_fields(scene, fields.get("on", {})))
        scenes.append({
            "heading": scene.title[default],
            "layout": scene.layout,
            "transition": scene.transition,
            "hold": scene.hold_seconds,
            "fields": fields,
            "beats": [{lang: markup(beat.narration[lang]) for lang in languages} for beat in scene.beats],
        })
    data = {
        "schema": SCHEMA,
        "title": storyboard.title,
        "languages": list(languages),
        "voices": dict(storyboard.voices),
        "theme": storyboard.theme,
        "resolution": f"{storyboard.width}x{storyboard.height}",
        "fps": storyboard.fps.num if storyboard.fps.den == 1 else str(storyboard.fps),
        "music": storyboard.music_mood if storyboard.music == "auto" and storyboard.music_mood else storyboard.music,
        "captions": storyboard.captions,
        **({"presenter": _look(storyboard.presenter)} if storyboard.presenter else {}),
        "scenes": scenes,
    }
    return json.dumps(data, ensure_ascii=False, indent=indent)


def _sound_fields(sound: SceneSound) -> dict:
    """The scene's sound fields as written (only those that differ from the defaults)."""
    out: dict[str, Any] = {k: v for k, v in (("mood", sound.mood), ("energy", sound.energy), ("sting", sound.sting))
                           if v is not None}
    if sound.ambience != "none" or sound.ambience_x is not None:
        out["ambience"] = sound.ambience if sound.ambience_x is None else {"kind": sound.ambience, "x": sound.ambience_x}
    return out


def _presenter_fields(scene, actions: dict) -> dict:
    """Where a scene puts the presenter and its gestures, as written (beside an app's own actions)."""
    out: dict[str, Any] = {}
    if scene.presenter:
        out["presenter"] = False if scene.presenter == "hidden" else scene.presenter
    if scene.gestures:
        out["on"] = {**actions, **{cue: f"gesture {name}" for cue, name in scene.gestures.items()}}
    return out


def _look(look) -> dict:
    return {"style": look.style, "position": look.position, "size": look.size,
            "skin": f"#{look.skin & 0xFFFFFF:06x}", "hair": f"#{look.hair & 0xFFFFFF:06x}"}


def markup(narration: Narration) -> str:
    """Narration text with its cues written back as `{name:words}` / `{name}`, its language spans as
    `<span lang="..">…</span>`, its emphasis as `*words*`, and braces and stars escaped."""
    inserts = []  # (index, order at that index, markup): closes first, then points, then opens
    for cue in narration.cues:
        if cue.start == cue.end:
            inserts.append((cue.start, 2, f"{{{cue.name}}}"))
        else:
            inserts += [(cue.start, 4, f"{{{cue.name}:"), (cue.end, 0, "}")]
    for span in narration.spans:
        inserts += [(span.start, 3, f'<span lang="{span.lang}">'), (span.end, 1, "</span>")]
    for start, end in narration.emphasis:  # inside any cue or span that starts or ends with it
        inserts += [(start, 4.5, "*"), (end, -1, "*")]
    inserts.sort(key=lambda item: (item[0], item[1]))
    out, done = [], 0
    for index, _, mark in inserts + [(len(narration.text), 5, "")]:
        out.append("".join("\\" + ch if ch in "{}\\*" else ch for ch in narration.text[done:index]))
        out.append(mark)
        done = index
    return "".join(out)
