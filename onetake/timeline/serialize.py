"""Timeline <-> JSON: every node tagged with its own schema name and version ("Scene.1"), read strictly.

Modelled on OpenTimelineIO's schema discipline:
- each node type carries its version (`SCHEMA_VERSION` on the class); a file names it per node;
- `UPGRADES[(name, version)]` turns a node written at `version` into `version + 1`; old upgrades
  are kept, so any file this onetake ever wrote still loads;
- decoding refuses what it does not know, naming the place in the file: an unknown node type, a
  field the type does not have, a missing field, a value of the wrong type, a version newer than
  this onetake (`scenes[0].start_samples: expected an integer number of samples, got '48000'`);
- a field counted in samples is named with its unit in the file (`start_samples`; model.samples()).

docs/timeline.md documents the schema; `schema_doc()` writes it and a test keeps the two in step.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import MISSING, Field, fields, is_dataclass
from functools import cache
from typing import Any, Callable

from ..errors import TimelineError
from .frozen import FrozenDict, freeze, thaw
from .model import (Ambience, Cue, Gesture, Line, Music, MusicSection, Phoneme, Placement, Presenter, Scene, SoundEvent,
                    Timeline, Viseme, VisualEvent, Word)
from .time import Fps

NODE_TYPES: dict[str, type] = {
    cls.__name__: cls for cls in (Timeline, Scene, Line, Word, Phoneme, Cue, VisualEvent, SoundEvent, Music,
                                  MusicSection, Ambience, Presenter, Placement, Viseme, Gesture, Fps)
}
# (type name, version) -> function turning that node's fields (a dict) into the next version's.
UPGRADES: dict[tuple[str, int], Callable[[dict], dict]] = {}


def register_upgrade(name: str, version: int):
    """Decorator: the function upgrades a `name` node from `version` to `version + 1` (keep it forever)."""
    def add(fn: Callable[[dict], dict]) -> Callable[[dict], dict]:
        UPGRADES[(name, version)] = fn
        return fn
    return add


def version_of(cls: type) -> int:
    return getattr(cls, "SCHEMA_VERSION", 1)


def schema_name(cls: type) -> str:
    """`Name.version` of a node type, as written in its "schema" field."""
    return f"{cls.__name__}.{version_of(cls)}"


# ------------------------------------------------------------------------------------------- writing


def json_name(f: Field) -> str:
    """The field's name in the file: with its unit when it has one (`start` -> `start_samples`)."""
    unit = f.metadata.get("unit")
    return f"{f.name}_{unit}" if unit and not f.name.endswith(unit) else f.name


def _encode(value: Any) -> Any:
    if is_dataclass(value):
        out = {"schema": schema_name(type(value))}
        for f in fields(value):
            out[json_name(f)] = _encode(getattr(value, f.name))
        return out
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    return thaw(value)


def to_json(timeline: Timeline, indent: int | None = 1) -> str:
    """The timeline as JSON text (what `render` writes next to the video and the API accepts)."""
    return json.dumps(_encode(timeline), ensure_ascii=False, indent=indent)


# ------------------------------------------------------------------------------------------- reading


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _fail(path: str, message: str) -> typing.NoReturn:
    raise TimelineError(f"{path or 'the timeline'}: {message}")


def _unit(path: str) -> str:
    name = path.rsplit(".", 1)[-1]
    if name.endswith("_samples"):
        return " number of samples"
    if name.endswith("_frames") or name == "frame":
        return " number of frames"
    return ""


def _value(data: Any, hint: Any, path: str) -> Any:
    """`data` (parsed JSON) checked against the type `hint`, converted to the model's form."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if data is None and type(None) in options:
            return None
        (inner,) = [o for o in options if o is not type(None)]
        return _value(data, inner, path)
    if hint is Any:
        return freeze(data)
    if is_dataclass(hint):
        return _node(data, hint, path)
    if origin is tuple:
        if not isinstance(data, list):
            _fail(path, f"expected a list, got {_show(data)}")
        item = typing.get_args(hint)[0]
        return tuple(_value(v, item, f"{path}[{i}]") for i, v in enumerate(data))
    if hint is FrozenDict:
        if not isinstance(data, dict):
            _fail(path, f"expected an object, got {_show(data)}")
        return freeze(data)
    if hint is bool:
        if not isinstance(data, bool):
            _fail(path, f"expected true or false, got {_show(data)}")
        return data
    if hint is int:
        if isinstance(data, bool) or not isinstance(data, int):
            _fail(path, f"expected an integer{_unit(path)}, got {_show(data)}")
        return data
    if hint is float:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            _fail(path, f"expected a number, got {_show(data)}")
        return float(data)
    if hint is str:
        if not isinstance(data, str):
            _fail(path, f"expected text, got {_show(data)}")
        return data
    raise TypeError(f"no JSON form for {hint!r} at {path}")  # a model type this reader does not know


def _node(data: Any, cls: type, path: str) -> Any:
    """One tagged node of type `cls` (upgraded to the current version), every field checked."""
    if not isinstance(data, dict):
        _fail(path, f"expected a {cls.__name__} node, got {_show(data)}")
    tag = data.get("schema")
    name, _, written = tag.rpartition(".") if isinstance(tag, str) else ("", "", "")
    if not name or not written.isdigit():
        _fail(path, f"expected \"schema\": \"{schema_name(cls)}\", got {_show(tag)}")
    if name not in NODE_TYPES:
        _fail(path, f"unknown node type {name!r}; this onetake knows {', '.join(sorted(NODE_TYPES))}")
    if name != cls.__name__:
        _fail(path, f"expected a {cls.__name__} node here, got a {name}")
    version, current = int(written), version_of(cls)
    if version > current:
        _fail(path, f"{tag} was written by a newer onetake (this one reads {name} up to version {current})")
    fields_ = {k: v for k, v in data.items() if k != "schema"}
    while version < current:
        upgrade = UPGRADES.get((name, version))
        if upgrade is None:
            _fail(path, f"{name}.{version} is no longer readable (no upgrade to version {version + 1})")
        fields_, version = upgrade(dict(fields_)), version + 1
    known = {json_name(f): f for f in fields(cls)}
    for key in fields_:
        if key not in known:
            _fail(f"{path}.{key}" if path else key, f"unknown field of {name}; it has {', '.join(known)}")
    hints, values = _hints(cls), {}
    for key, f in known.items():
        where = f"{path}.{key}" if path else key
        if key not in fields_:
            if f.default is MISSING and f.default_factory is MISSING:
                _fail(where, f"missing (a {name} needs it)")
            continue
        values[f.name] = _value(fields_[key], hints[f.name], where)
    try:
        return cls(**values)
    except ValueError as error:  # the type's own checks (e.g. a frame rate must be positive)
        _fail(path, str(error))


def from_json(text: str) -> Timeline:
    """Read a timeline written by `to_json` (this or any earlier schema version).

    Raises TimelineError naming the path of the first problem.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise TimelineError(f"not JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
    if not (isinstance(data, dict) and str(data.get("schema", "")).startswith("Timeline.")):
        raise TimelineError(f"not a timeline: expected \"schema\": \"{schema_name(Timeline)}\" at the top")
    return _node(data, Timeline, "")


# ------------------------------------------------------------------------------------- documentation


def _type_name(hint: Any) -> str:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in typing.get_args(hint))
    if origin is tuple:
        return f"list of {_type_name(typing.get_args(hint)[0])}"
    if is_dataclass(hint):
        return f"[{hint.__name__}](#{hint.__name__.lower()})"
    return {int: "integer", float: "number", str: "text", bool: "true/false", FrozenDict: "object",
            type(None): "null"}.get(hint, getattr(hint, "__name__", str(hint)))


def schema_doc() -> str:
    """docs/timeline.md: every node type, its version and fields (regenerate with `make docs`)."""
    out = [
        "# The timeline JSON",
        "",
        "What `onetake render` writes beside each video (`<name>.<lang>.timeline.json`), and what `onetake verify`",
        "and the coming HTTP API read. Every object is a node tagged `\"schema\": \"Name.version\"`; each type has",
        "its own version. Times are integer samples at 48 kHz, in fields named with their unit (`start_samples`);",
        "ranges are half-open `[start_samples, end_samples)`. Readers refuse unknown types and fields, values of",
        "the wrong type and versions newer than they know, naming the path of the problem; older versions are",
        "upgraded on reading (`onetake/timeline/upgrades.py`).",
        "",
        "A timeline holds no path: files it uses (a line's voice clip, an image scene's screenshot) are named",
        "by asset key, the first 32 hex digits of the content's SHA-256 and the suffix (`3f2a….npy`), and read",
        "from the asset store of the cache it was planned with (`<cache>/assets/`, by default",
        "`~/.cache/onetake/assets/`). Files written before version 2 (Timeline.1) load with all their timings;",
        "drawing one again needs a fresh plan, because its clips were files in the writer's own cache.",
        "",
        "This page is generated from `onetake/timeline/model.py` by `make docs`; a test fails when it is stale.",
    ]
    for name, cls in NODE_TYPES.items():
        doc = " ".join((cls.__doc__ or "").split())
        out += ["", f"## {name}", "", f"`\"schema\": \"{schema_name(cls)}\"`: {doc}", "",
                "| field | type | default |", "|---|---|---|"]
        for f in fields(cls):
            if f.default is not MISSING:
                default = f"`{json.dumps(_encode(f.default), ensure_ascii=False)}`"
            elif f.default_factory is not MISSING:
                default = f"`{json.dumps(_encode(f.default_factory()), ensure_ascii=False)}`"
            else:
                default = "required"
            out.append(f"| `{json_name(f)}` | {_type_name(_hints(cls)[f.name])} | {default} |")
    return "\n".join(out) + "\n"


from . import upgrades  # noqa: E402,F401  (registers the upgrades of every earlier version)

__all__ = ["NODE_TYPES", "UPGRADES", "from_json", "json_name", "register_upgrade", "schema_doc", "schema_name",
           "to_json"]
