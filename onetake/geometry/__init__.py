"""Geometry: where every element of every layout sits on screen, shared by the planner and the renderer.

The planner pans each sound by `element_x`; the video renderer draws at the boxes computed here, so
the two always agree. `common` holds what all layouts share (the unit, the safe area, the heading
and content boxes); every other module of this package is one layout, named as the layout is, with
its geometry and a `boxes(scene, width, height, sample)` that maps its element ids to pixel boxes.
`BOXES` collects those functions by name; nothing here knows a layout by name, and no file is read.

`boxes_px` works in pixels (what the renderer needs); `element_box` and `element_x` return
fractions of the frame (what the planner and the verifier need).

A scene with a presenter beside it (plan/stage.py) is laid out in its stage, the columns
`scene.stage` of the frame: as if the stage were the whole frame (`stage_boxes`), then moved there.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from ..timeline import Scene
from .common import Box, mirrored

BoxesFn = Callable[[Scene, int, int, int], dict[str, Box]]  # a layout's boxes(scene, width, height, sample)


def _layouts() -> tuple[dict[str, BoxesFn], frozenset[str]]:
    """Every layout module of this package (all but `common`) -> its `boxes` function; and the
    layouts whose drawing mirrors with its boxes (`MIRRORS = True`) in a right-to-left scene."""
    found, mirrors = {}, set()
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if info.name != "common":
            module = importlib.import_module(f"{__name__}.{info.name}")
            found[info.name] = module.boxes
            if getattr(module, "MIRRORS", False):
                mirrors.add(info.name)
    return found, frozenset(mirrors)


BOXES, MIRRORS = _layouts()


def stage_px(scene: Scene, width: int) -> tuple[int, int]:
    """The scene's stage as (left, width) in whole pixels of a frame `width` wide."""
    left, right = round(scene.stage[0] * width), round(scene.stage[1] * width)
    return left, max(2, right - left)


def stage_boxes(scene: Scene, width: int, height: int, sample: int | None = None) -> dict[str, Box]:
    """Every element id of the scene mapped to its box in pixels of a frame `width` x `height`
    that is all stage (what a layout draws in).

    `sample` only matters for image callouts, which move with the camera; it defaults to the middle
    of the scene. A right-to-left scene of a layout that mirrors gets its boxes reflected. Raises
    ValueError for a layout this package has no geometry for.
    """
    boxes = BOXES.get(scene.layout)
    if boxes is None:
        raise ValueError(f"scene {scene.index} has unknown layout {scene.layout!r}; expected one of {', '.join(BOXES)}")
    found = boxes(scene, width, height, (scene.start + scene.end) // 2 if sample is None else sample)
    return mirrored(found, width) if scene.direction == "rtl" and scene.layout in MIRRORS else found


def boxes_px(scene: Scene, width: int, height: int, sample: int | None = None) -> dict[str, Box]:
    """Every element id of the scene mapped to its box in pixels of the frame (`stage_boxes` of its
    stage, moved to where the stage is)."""
    left, stage_width = stage_px(scene, width)
    found = stage_boxes(scene, stage_width, height, sample)
    return {key: (x + left, y, w, h) for key, (x, y, w, h) in found.items()} if left else found


def element_box(scene: Scene, element: str, width: int, height: int, sample: int | None = None) -> Box:
    """The box of one element as fractions of the frame (x, y, w, h).

    Element ids: "title", "subtitle", "item:<cue>", "callout:<cue>", "target:<name>", "toast",
    "series:<cue>", "cta"; "scene" is the whole frame. Raises ValueError for an id the scene lacks.
    """
    if element == "scene":
        return (0.0, 0.0, 1.0, 1.0)
    boxes = boxes_px(scene, width, height, sample)
    box = boxes.get(element)
    if box is None and element.startswith("target:"):
        box = boxes.get(element.lower())
    if box is None:
        raise ValueError(
            f"scene {scene.index} ({scene.layout}) has no element {element!r}; it has: {', '.join(boxes)}"
        )
    x, y, w, h = box
    return (x / width, y / height, w / width, h / height)


def element_x(scene: Scene, element: str, width: int, height: int) -> float:
    """Horizontal centre of an element, 0 (left edge) .. 1 (right edge): drives sound panning."""
    x, _, w, _ = element_box(scene, element, width, height)
    return min(1.0, max(0.0, x + w / 2))
