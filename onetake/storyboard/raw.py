"""The intermediate form both readers produce: written values with their positions, before any meaning.

The Markdown reader (`parse`) and the JSON reader (`schema`) each turn their text into `Block`s
(the front matter, each scene's fields) and `RawBeat`s whose narration is already split into cues;
`front.build` then decides what they mean, once for both forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import Pos

FieldPath = tuple  # a path into a Block: mapping keys (str) and list indexes (int)


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
