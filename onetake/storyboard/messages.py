"""How storyboard errors are worded and raised: one line, FILE:LINE:COL, quoting what was written."""

from __future__ import annotations

import difflib
import json
from typing import Any, NoReturn

from ..errors import StoryboardError
from .model import Pos
from .raw import FieldPath


def dotted(path: FieldPath) -> str:
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
