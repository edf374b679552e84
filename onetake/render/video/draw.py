"""Drawing primitives shared by the layouts: background, cards with soft shadows, vector icons."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import skia

from .theme import Theme, theme as theme_named

Box = tuple[float, float, float, float]


def rect(box: Box) -> skia.Rect:
    """A skia rectangle from an (x, y, w, h) box."""
    return skia.Rect.MakeXYWH(*box)


def rrect(box: Box, radius: float) -> skia.RRect:
    """A rounded rectangle from an (x, y, w, h) box and a corner radius."""
    return skia.RRect.MakeRectXY(rect(box), radius, radius)


def inset(box: Box, d: float) -> Box:
    """The box shrunk by `d` on every side (grown when `d` is negative)."""
    x, y, w, h = box
    return (x + d, y + d, w - 2 * d, h - 2 * d)


def fill(color: int) -> skia.Paint:
    """An anti-aliased fill paint of a 0xAARRGGBB colour."""
    return skia.Paint(Color=color, AntiAlias=True)


def stroke(color: int, width: float) -> skia.Paint:
    """An anti-aliased stroke paint with round caps and joins."""
    return skia.Paint(
        Color=color, AntiAlias=True, Style=skia.Paint.kStroke_Style, StrokeWidth=width,
        StrokeCap=skia.Paint.kRound_Cap, StrokeJoin=skia.Paint.kRound_Join,
    )


@lru_cache(maxsize=8)
def background(theme_name: str, width: int, height: int, hero: bool) -> np.ndarray:
    """The full-frame background (vertical gradient + a faint accent glow), cached: 15 ms to draw.

    `hero` (layouts whose HERO is set: title and end cards) centres the glow behind the title; other
    scenes keep it top right.
    Dithered, so the gradient does not band once encoded.
    """
    th = theme_named(theme_name)
    arr = np.empty((height, width, 4), np.uint8)
    surface = skia.Surface(arr, colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kPremul_AlphaType)
    c = surface.getCanvas()
    c.drawPaint(skia.Paint(
        Shader=skia.GradientShader.MakeLinear([(0, 0), (0, height)], [th.bg_top, th.bg_bottom]), Dither=True,
    ))
    centre = (0.5 * width, 0.42 * height) if hero else (0.88 * width, -0.05 * height)
    radius = (0.55 if hero else 0.6) * max(width, height)
    c.drawPaint(skia.Paint(
        Shader=skia.GradientShader.MakeRadial(centre, radius, [th.glow, th.glow & 0x00FFFFFF]), Dither=True,
    ))
    del surface
    arr.flags.writeable = False
    return arr


def card(canvas: skia.Canvas, th: Theme, box: Box, radius: float, u: float, *, color: int | None = None,
         border: int | None = None, elevation: float = 1.0, alpha: float = 1.0) -> None:
    """A rounded card with a two-layer soft shadow (ambient + key light from above)."""
    if alpha <= 0:
        return
    layer = alpha < 1.0
    if layer:
        x, y, w, h = box
        canvas.saveLayerAlpha(skia.Rect.MakeXYWH(x - 64 * u, y - 64 * u, w + 128 * u, h + 128 * u), round(alpha * 255))
    if elevation > 0:
        key = skia.Paint(Color=th.shadow, AntiAlias=True,
                         MaskFilter=skia.MaskFilter.MakeBlur(skia.kNormal_BlurStyle, 14 * u * elevation))
        canvas.drawRRect(rrect((box[0], box[1] + 10 * u * elevation, box[2], box[3]), radius), key)
        amb = skia.Paint(Color=(th.shadow & 0xFFFFFF) | (((th.shadow >> 24) // 3) << 24), AntiAlias=True,
                         MaskFilter=skia.MaskFilter.MakeBlur(skia.kNormal_BlurStyle, 2 * u))
        canvas.drawRRect(rrect((box[0], box[1] + 1 * u, box[2], box[3]), radius), amb)
    canvas.drawRRect(rrect(box, radius), fill(th.surface if color is None else color))
    if border is not None:
        canvas.drawRRect(rrect(inset(box, 0.5 * max(1.0, u)), radius), stroke(border, max(1.0, u)))
    if layer:
        canvas.restore()


def accent_bar(canvas: skia.Canvas, th: Theme, box: Box, alpha: float = 1.0) -> None:
    """The small accent bar that marks a heading."""
    paint = fill(th.accent)
    paint.setAlphaf(alpha)
    canvas.drawRRect(rrect(box, box[3] / 2), paint)


# ---------------------------------------------------------------------------------------------- icons


def icon(canvas: skia.Canvas, name: str, cx: float, cy: float, size: float, color: int) -> None:
    """A simple line icon centred at (cx, cy), `size` pixels across (toolbar and sidebar glyphs)."""
    s = size / 2
    p = stroke(color, max(1.0, size / 12))
    path = skia.Path()
    if name == "search":
        canvas.drawCircle(cx - 0.15 * s, cy - 0.15 * s, 0.52 * s, p)
        path.moveTo(cx + 0.24 * s, cy + 0.24 * s)
        path.lineTo(cx + 0.72 * s, cy + 0.72 * s)
    elif name == "new":
        path.moveTo(cx, cy - 0.7 * s)
        path.lineTo(cx, cy + 0.7 * s)
        path.moveTo(cx - 0.7 * s, cy)
        path.lineTo(cx + 0.7 * s, cy)
    elif name == "share":
        path.moveTo(cx - 0.6 * s, cy - 0.05 * s)
        path.lineTo(cx - 0.6 * s, cy + 0.7 * s)
        path.lineTo(cx + 0.6 * s, cy + 0.7 * s)
        path.lineTo(cx + 0.6 * s, cy - 0.05 * s)
        path.moveTo(cx, cy + 0.3 * s)
        path.lineTo(cx, cy - 0.8 * s)
        path.moveTo(cx - 0.35 * s, cy - 0.45 * s)
        path.lineTo(cx, cy - 0.8 * s)
        path.lineTo(cx + 0.35 * s, cy - 0.45 * s)
    elif name == "settings":
        canvas.drawCircle(cx, cy, 0.26 * s, p)
        canvas.drawCircle(cx, cy, 0.58 * s, p)
        for k in range(8):
            a = k * math.pi / 4
            path.moveTo(cx + 0.58 * s * math.cos(a), cy + 0.58 * s * math.sin(a))
            path.lineTo(cx + 0.82 * s * math.cos(a), cy + 0.82 * s * math.sin(a))
    elif name == "bell":
        path.moveTo(cx - 0.62 * s, cy + 0.42 * s)
        path.cubicTo(cx - 0.45 * s, cy + 0.2 * s, cx - 0.5 * s, cy - 0.05 * s, cx - 0.5 * s, cy - 0.2 * s)
        path.cubicTo(cx - 0.5 * s, cy - 0.9 * s, cx + 0.5 * s, cy - 0.9 * s, cx + 0.5 * s, cy - 0.2 * s)
        path.cubicTo(cx + 0.5 * s, cy - 0.05 * s, cx + 0.45 * s, cy + 0.2 * s, cx + 0.62 * s, cy + 0.42 * s)
        path.close()
        path.moveTo(cx - 0.18 * s, cy + 0.66 * s)
        path.lineTo(cx + 0.18 * s, cy + 0.66 * s)
    elif name == "user":
        canvas.drawCircle(cx, cy - 0.3 * s, 0.32 * s, p)
        path.addArc(skia.Rect.MakeXYWH(cx - 0.7 * s, cy + 0.15 * s, 1.4 * s, 1.1 * s), 180, 180)
    elif name == "inbox":
        path.moveTo(cx - 0.7 * s, cy + 0.05 * s)
        path.lineTo(cx - 0.3 * s, cy + 0.05 * s)
        path.lineTo(cx - 0.15 * s, cy + 0.3 * s)
        path.lineTo(cx + 0.15 * s, cy + 0.3 * s)
        path.lineTo(cx + 0.3 * s, cy + 0.05 * s)
        path.lineTo(cx + 0.7 * s, cy + 0.05 * s)
        path.addRRect(rrect((cx - 0.7 * s, cy - 0.6 * s, 1.4 * s, 1.2 * s), 0.2 * s))
    elif name == "star":
        for k in range(10):
            r = 0.78 * s if k % 2 == 0 else 0.34 * s
            a = -math.pi / 2 + k * math.pi / 5
            (path.moveTo if k == 0 else path.lineTo)(cx + r * math.cos(a), cy + r * math.sin(a))
        path.close()
    elif name == "clock":
        canvas.drawCircle(cx, cy, 0.7 * s, p)
        path.moveTo(cx, cy - 0.4 * s)
        path.lineTo(cx, cy)
        path.lineTo(cx + 0.3 * s, cy + 0.2 * s)
    elif name == "trash":
        path.moveTo(cx - 0.7 * s, cy - 0.5 * s)
        path.lineTo(cx + 0.7 * s, cy - 0.5 * s)
        path.moveTo(cx - 0.25 * s, cy - 0.5 * s)
        path.lineTo(cx - 0.2 * s, cy - 0.75 * s)
        path.lineTo(cx + 0.2 * s, cy - 0.75 * s)
        path.lineTo(cx + 0.25 * s, cy - 0.5 * s)
        path.moveTo(cx - 0.5 * s, cy - 0.5 * s)
        path.lineTo(cx - 0.4 * s, cy + 0.75 * s)
        path.lineTo(cx + 0.4 * s, cy + 0.75 * s)
        path.lineTo(cx + 0.5 * s, cy - 0.5 * s)
    elif name == "check":
        path.moveTo(cx - 0.5 * s, cy)
        path.lineTo(cx - 0.12 * s, cy + 0.38 * s)
        path.lineTo(cx + 0.55 * s, cy - 0.35 * s)
    elif name in ("arrow", "arrow-left"):  # forward: right, or left for right-to-left reading
        k = -1 if name == "arrow-left" else 1
        path.moveTo(cx - 0.6 * k * s, cy)
        path.lineTo(cx + 0.6 * k * s, cy)
        path.moveTo(cx + 0.15 * k * s, cy - 0.45 * s)
        path.lineTo(cx + 0.6 * k * s, cy)
        path.lineTo(cx + 0.15 * k * s, cy + 0.45 * s)
    else:  # a document: the neutral glyph for anything unnamed
        path.addRRect(rrect((cx - 0.55 * s, cy - 0.72 * s, 1.1 * s, 1.44 * s), 0.18 * s))
        path.moveTo(cx - 0.25 * s, cy - 0.2 * s)
        path.lineTo(cx + 0.25 * s, cy - 0.2 * s)
        path.moveTo(cx - 0.25 * s, cy + 0.15 * s)
        path.lineTo(cx + 0.25 * s, cy + 0.15 * s)
    canvas.drawPath(path, p)


SIDEBAR_ICONS = {
    "inbox": "inbox", "home": "inbox", "all notes": "inbox", "favorites": "star", "favourites": "star",
    "starred": "star", "recent": "clock", "recents": "clock", "history": "clock", "settings": "settings",
    "trash": "trash", "deleted": "trash", "account": "user", "profile": "user", "search": "search",
    "notifications": "bell", "shared": "share",
}


def sidebar_icon(text: str) -> str:
    """A fitting glyph for a sidebar entry (a document when nothing fits)."""
    return SIDEBAR_ICONS.get(text.strip().lower(), "doc")
