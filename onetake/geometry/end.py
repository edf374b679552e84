"""End card geometry: the heading, the call-to-action button and the URL under it."""

from __future__ import annotations

from dataclasses import dataclass

from ..timeline import Scene
from .common import Box, unit


@dataclass(frozen=True, slots=True)
class EndGeometry:
    """End card: the heading, the call-to-action button and the URL under it."""

    title: Box
    cta: Box
    url: Box


def end_geometry(scene: Scene, width: int, height: int) -> EndGeometry:
    """Where the end card's heading, button and URL sit, in pixels; the button is sized for its text."""
    u = unit(width, height)
    w = min(0.8 * width, 1500 * u)
    x = (width - w) / 2
    title = (x, 0.16 * height, w, 0.24 * height)
    cta_text = str(scene.props.get("cta", ""))
    # The renderer measures the real text; this estimate (0.6 em per character) only sizes the box.
    bw = min(0.8 * width, max(320 * u, len(cta_text) * 0.6 * 36 * u + 2 * 48 * u + 40 * u))
    bh = 88 * u
    cta = ((width - bw) / 2, title[1] + title[3] + 48 * u, bw, bh)
    url = (x, cta[1] + bh + 32 * u, w, 48 * u)
    return EndGeometry(title=title, cta=cta, url=url)


def boxes(scene: Scene, width: int, height: int, sample: int) -> dict[str, Box]:
    """Element ids of an end card: "title" and "cta"."""
    g = end_geometry(scene, width, height)
    return {"title": g.title, "cta": g.cta}
