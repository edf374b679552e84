"""Title card geometry: the title (text bottom-aligned in its box) and the subtitle right under it."""

from __future__ import annotations

from dataclasses import dataclass

from ..timeline import Scene
from .common import Box, unit


@dataclass(frozen=True, slots=True)
class TitleGeometry:
    """Title card: the title (text bottom-aligned in its box) and the subtitle right under it."""

    title: Box
    subtitle: Box


def title_geometry(width: int, height: int) -> TitleGeometry:
    """Where the title card's title and subtitle sit, in pixels (centred, 80 % of the width at most)."""
    u = unit(width, height)
    w = min(0.8 * width, 1500 * u)
    x = (width - w) / 2
    title = (x, 0.20 * height, w, 0.26 * height)
    sub = (x, title[1] + title[3] + 24 * u, w, 0.12 * height)
    return TitleGeometry(title=title, subtitle=sub)


def boxes(scene: Scene, width: int, height: int, sample: int) -> dict[str, Box]:
    """Element ids of a title card: "title" and "subtitle"."""
    g = title_geometry(width, height)
    return {"title": g.title, "subtitle": g.subtitle}
