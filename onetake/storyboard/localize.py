"""On-screen texts in one language: `localize` picks one out of a scene's {lang: text} props.

`store_files` does the same walk for the props that name files, which the planner swaps for asset keys.

Which props are on-screen text is each layout's `TEXTS` (plus the scene's own "title"); in the
storyboard every such text is a FrozenDict with one entry per language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..timeline import FrozenDict
from .layouts import SPECS
from .model import Pos, Scene


def text_paths(layout: str) -> tuple:
    """The paths of a layout's on-screen texts inside a scene's props, the scene's "title" included."""
    return (("title",), *SPECS[layout].texts)


def localize(scene: Scene, lang: str) -> FrozenDict:
    """The scene's props with every on-screen text resolved to `lang` (what `timeline.Scene.props` holds)."""
    return map_texts(scene.props, text_paths(scene.layout), lambda text: text[lang])


def map_texts(value: Any, patterns, fn, leaf: type = dict) -> Any:
    """Copy props, replacing each `leaf` value found at a path in `patterns` ("*" = any key or index) by fn(it).

    Texts are {lang: text} dicts (the default); `store_files` maps file names (str) the same way.
    """
    if () in patterns and isinstance(value, leaf):
        return fn(value)
    if isinstance(value, dict):
        return FrozenDict({k: map_texts(v, _step(patterns, k), fn, leaf) for k, v in value.items()})
    if isinstance(value, tuple):
        return tuple(map_texts(v, _step(patterns, i), fn, leaf) for i, v in enumerate(value))
    return value


def store_files(layout: str, props: FrozenDict, put: Callable[[str], str]) -> FrozenDict:
    """The props with every file the layout names (its `FILES`) replaced by put(path), its asset key."""
    return map_texts(props, SPECS[layout].files, put, leaf=str)


def _step(patterns, key: Any) -> tuple:
    return tuple(p[1:] for p in patterns if p and p[0] in ("*", key))


def texts_of(scene: Scene, lang: str) -> list[tuple[str, str, Pos]]:
    """Every on-screen text of the scene in `lang`: (dotted path, text, where it was written)."""
    found: list[tuple[str, str, Pos]] = [("title", scene.title.get(lang, ""), scene.pos)]

    def collect(value: Any, path: tuple) -> Any:
        text = value.get(lang) if isinstance(value, dict) else None
        if isinstance(text, str):
            dotted = ".".join(map(str, path))
            at = next((scene.prop_pos[k] for k in (f"{dotted}.{lang}", dotted) if k in scene.prop_pos), scene.pos)
            found.append((dotted, text, at))
        return value

    _walk(scene.props, SPECS[scene.layout].texts, collect, ())
    return found


def _walk(value: Any, patterns, fn, path: tuple) -> None:
    """Call fn(value, path) on each value at a path in `patterns`, as map_texts visits them."""
    if () in patterns:
        fn(value, path)
    if isinstance(value, dict):
        for k, v in value.items():
            _walk(v, _step(patterns, k), fn, (*path, k))
    elif isinstance(value, tuple):
        for i, v in enumerate(value):
            _walk(v, _step(patterns, i), fn, (*path, i))
