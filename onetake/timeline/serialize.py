"""Timeline <-> JSON, each node tagged with its schema name and version (e.g. "Timeline.1")."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from typing import Any

from .frozen import FrozenDict, freeze, thaw
from .model import SCHEMA, Cue, Line, Music, Phoneme, Scene, SoundEvent, Timeline, VisualEvent, Word
from .time import Fps

_TYPES = {cls.__name__: cls for cls in (Timeline, Scene, Line, Word, Phoneme, Cue, VisualEvent, SoundEvent, Music, Fps)}
_VERSION = 1
# Upgrades from older schema versions: {("Timeline", 0): function(dict) -> dict}. None yet.
UPGRADES: dict[tuple[str, int], Any] = {}


def _encode(value: Any) -> Any:
    if is_dataclass(value):
        out = {"schema": f"{type(value).__name__}.{_VERSION}"}
        for f in fields(value):
            out[f.name] = _encode(getattr(value, f.name))
        return out
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    return thaw(value)


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and isinstance(value.get("schema"), str) and "." in value["schema"]:
        name, _, version = value["schema"].rpartition(".")
        cls = _TYPES.get(name)
        if cls is not None:
            data = {k: v for k, v in value.items() if k != "schema"}
            while int(version) < _VERSION:
                data = UPGRADES[(name, int(version))](data)
                version = str(int(version) + 1)
            kwargs = {}
            for f in fields(cls):
                if f.name in data:
                    item = _decode(data[f.name])
                    kwargs[f.name] = FrozenDict(item) if isinstance(item, dict) else item
            return cls(**kwargs)
    if isinstance(value, dict):
        return FrozenDict({k: _decode(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    return value


def to_json(timeline: Timeline, indent: int | None = 1) -> str:
    """The timeline as JSON text (what `render` writes next to the video and the API accepts)."""
    return json.dumps(_encode(timeline), ensure_ascii=False, indent=indent)


def from_json(text: str) -> Timeline:
    """Read a timeline written by `to_json` (any supported schema version)."""
    data = json.loads(text)
    if not (isinstance(data, dict) and str(data.get("schema", "")).startswith("Timeline.")):
        raise ValueError(f"not a timeline: expected schema {SCHEMA!r}")
    timeline = _decode(data)
    return timeline


__all__ = ["from_json", "to_json", "freeze"]
