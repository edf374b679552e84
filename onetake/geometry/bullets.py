"""Bullets geometry: one card per item, stacked and centred vertically in the content area."""

from __future__ import annotations

from ..timeline import Scene
from .common import Box, content_box, heading_box, unit

MIRRORS = True  # its drawing puts the number on the reading side (render/video/layouts/bullets.py)


def bullet_boxes(scene: Scene, width: int, height: int) -> dict[str, Box]:
    """One card per item ("item:<cue>"), stacked and centred vertically in the content area, in display order."""
    u = unit(width, height)
    cues = list(scene.props.get("items", {}))
    cx, cy, cw, ch = content_box(width, height)
    n = max(1, len(cues))
    gap = 16 * u
    row = min(112 * u, (ch - (n - 1) * gap) / n)
    total = n * row + (n - 1) * gap
    top = cy + (ch - total) / 2
    w = min(cw, 1320 * u)
    return {f"item:{cue}": (cx, top + i * (row + gap), w, row) for i, cue in enumerate(cues)}


def boxes(scene: Scene, width: int, height: int, sample: int) -> dict[str, Box]:
    """Element ids of a bullets scene: "title" and one "item:<cue>" per item."""
    return {"title": heading_box(width, height), **bullet_boxes(scene, width, height)}
