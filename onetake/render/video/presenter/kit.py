"""Paints and colour shades for the presenter, cached: a frame draws ~60 shapes, and making a skia
Paint costs about as much as filling a small one."""

from __future__ import annotations

from functools import lru_cache

import skia

from ..theme import mix

BLACK = 0xFF000000
WHITE = 0xFFFFFFFF


@lru_cache(maxsize=256)
def fill(color: int) -> skia.Paint:
    """An anti-aliased fill (shared: never change it)."""
    return skia.Paint(Color=color, AntiAlias=True)


@lru_cache(maxsize=256)
def stroke(color: int, width: float, round_cap: bool = True) -> skia.Paint:
    """An anti-aliased stroke with round joins and (unless asked otherwise) round caps (shared)."""
    return skia.Paint(
        Color=color, AntiAlias=True, Style=skia.Paint.kStroke_Style, StrokeWidth=width,
        StrokeCap=skia.Paint.kRound_Cap if round_cap else skia.Paint.kButt_Cap,
        StrokeJoin=skia.Paint.kRound_Join,
    )


def shade(color: int, k: float) -> int:
    """`color` darkened by k (0..1) towards black, its alpha kept."""
    return (color & 0xFF000000) | (mix(color | 0xFF000000, BLACK, k) & 0xFFFFFF)


def tint(color: int, k: float) -> int:
    """`color` lightened by k (0..1) towards white, its alpha kept."""
    return (color & 0xFF000000) | (mix(color | 0xFF000000, WHITE, k) & 0xFFFFFF)


def oval(cx: float, cy: float, rx: float, ry: float) -> skia.Rect:
    """The bounding rectangle of an ellipse."""
    return skia.Rect.MakeLTRB(cx - rx, cy - ry, cx + rx, cy + ry)
