"""Storyboards: parse(text) -> Storyboard. Pure; errors carry line and column.

`parse` reads the Markdown form, `parse_json` the JSON form (schema Storyboard.1), `load` a file of
either kind. Both forms go through the same checks (`front.build`, then each layout's spec in
`layouts/`), so they accept the same things.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import StoryboardError
from .layouts import LAYOUTS
from .localize import localize, store_files
from .model import Beat, CueSpan, Narration, Pos, Scene, Storyboard
from .parse import parse_markdown

__all__ = [
    "LAYOUTS", "SCHEMA", "Beat", "CueSpan", "Narration", "Pos", "Scene", "Storyboard", "StoryboardModel",
    "load", "localize", "parse", "parse_json", "store_files", "to_json",
]


def parse(text: str, path: str = "<storyboard>", base_dir: Path | str | None = None) -> Storyboard:
    """Parse a Markdown storyboard. `path` names it in errors; images resolve against `base_dir` (default: cwd)."""
    return parse_markdown(text, path, base_dir)


def parse_json(text: str, path: str = "<storyboard>", base_dir: Path | str | None = None) -> Storyboard:
    """Parse a JSON storyboard (schema Storyboard.1); errors carry the line and column like Markdown's."""
    from .schema import parse_json as parse  # pydantic: loaded only for the JSON form

    return parse(text, path, base_dir)


def to_json(storyboard: Storyboard, indent: int | None = 2) -> str:
    """The storyboard as Storyboard.1 JSON; `parse_json` reads it back to an equal Storyboard."""
    from .schema import to_json as write

    return write(storyboard, indent)


def __getattr__(name: str):
    if name in ("SCHEMA", "StoryboardModel"):  # the JSON form's schema, loaded on first use
        from . import schema

        return getattr(schema, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load(path: str | Path) -> Storyboard:
    """Read a storyboard file: `.md` as Markdown, `.json` as JSON; images resolve against its folder."""
    name = str(path)
    file = Path(path)
    reader = {".md": parse, ".markdown": parse, ".json": parse_json}.get(file.suffix.lower())
    if reader is None:
        raise StoryboardError(f"'{file.name}' is not a storyboard: expected a .md or .json file", 1, 1, name)
    try:
        data = file.read_bytes()
    except OSError as error:
        raise StoryboardError(f"cannot read the storyboard: {error.strerror or error}", 1, 1, name) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise StoryboardError("the file is not UTF-8 text: save it as UTF-8", line, col, name) from None
    return reader(text, name, file.parent)
