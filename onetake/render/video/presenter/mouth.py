"""The nine mouth shapes, in mouth units: 1 is the widest mouth (D), the closed lips' seam is y = 0.

Both styles draw the same shapes (only the colours differ), so the verifier's measure of how open a
mouth is does not depend on the style. Each open shape is sized so that the MOUTH_INTERIOR pixels
left visible (the opening less its teeth and tongue) rise with lipsync.OPENNESS, spread a little
wider than it: drawn large and clean they cover, as shares of D's, G .17 B .27 F .38 H .50 E .60
C .72. OPENNESS puts H and E .05 apart, closer than a 360p H.264 frame can tell (a thin shape loses
its anti-aliased rim there: G reads ~.1), so E and C open a little further than it says.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import skia

from ....lipsync import VISEMES
from .kit import fill, stroke

MOUTH_INTERIOR = 0xFF640C5A  # dark magenta: far in hue from every skin tone, the lips and the mascot
TEETH = 0xFFF8F6F0
TONGUE = 0xFFE77F8E
# The rectangle (mouth units) that holds every shape and the pose's movement of it, for both styles.
BOX = (-0.72, -0.30, 1.44, 1.22)


@dataclass(frozen=True, slots=True)
class Shape:
    """One viseme's paths: `seam` is a closed mouth's line; the rest draw an open one."""

    seam: skia.Path | None = None
    opening: skia.Path | None = None
    teeth: skia.Path | None = None
    tongue: skia.Path | None = None
    lower_lip: skia.Path | None = None
    ring: float = 0.0  # width of the lips drawn round the opening (the pucker of F)


def _lens(w: float, top: float, drop: float, y0: float = 0.0) -> skia.Path:
    # Corners at (±w, y0); the upper lip bows up by `top`, the jaw drops the lower edge by `drop`.
    # A cubic whose two controls sit at height k reaches 0.75 k at its middle, hence the 1/0.75.
    p = skia.Path()
    p.moveTo(-w, y0)
    p.cubicTo(-0.5 * w, y0 - top / 0.75, 0.5 * w, y0 - top / 0.75, w, y0)
    p.cubicTo(1.0 * w, y0 + drop / 0.75, -1.0 * w, y0 + drop / 0.75, -w, y0)
    p.close()
    return p


def _oval(cx: float, cy: float, rx: float, ry: float) -> skia.Path:
    return skia.Path().addOval(skia.Rect.MakeLTRB(cx - rx, cy - ry, cx + rx, cy + ry))


def _band(opening: skia.Path, y_bottom: float, sag: float = 0.03) -> skia.Path:
    # The upper teeth: the opening above a gently sagging line.
    cut = skia.Path()
    cut.moveTo(-2, -2)
    cut.lineTo(2, -2)
    cut.lineTo(2, y_bottom - sag)
    cut.quadTo(0, y_bottom + sag, -2, y_bottom - sag)
    cut.close()
    return skia.Op(opening, cut, skia.PathOp.kIntersect_PathOp)


def _inside(opening: skia.Path, part: skia.Path) -> skia.Path:
    return skia.Op(opening, part, skia.PathOp.kIntersect_PathOp)


def _seam(half: float, smile: float) -> skia.Path:
    p = skia.Path()
    p.moveTo(-half, -smile * 0.4)
    p.quadTo(0, smile * 1.6, half, -smile * 0.4)
    return p


@lru_cache(maxsize=None)
def shape(viseme: str) -> Shape:
    """The cached paths of one viseme (a pure function of its name)."""
    if viseme == "X":
        return Shape(seam=_seam(0.30, 0.05))
    if viseme == "A":
        return Shape(seam=_seam(0.26, 0.0))
    if viseme == "D":
        o = _lens(0.50, 0.10, 0.66)
        return Shape(opening=o, teeth=_band(o, -0.01), tongue=_inside(o, _oval(0, 0.62, 0.27, 0.14)))
    if viseme == "C":
        o = _lens(0.46, 0.08, 0.47)
        return Shape(opening=o, teeth=_band(o, -0.01))
    if viseme == "E":
        o = _oval(0, 0.19, 0.31, 0.335)
        return Shape(opening=o, teeth=_band(o, -0.06, 0.02))
    if viseme == "H":
        o = _lens(0.43, 0.08, 0.45)
        tongue = _inside(o, _oval(0, 0.06, 0.19, 0.13))
        return Shape(opening=o, teeth=_band(o, -0.02), tongue=tongue)
    if viseme == "F":
        return Shape(opening=_oval(0, 0.14, 0.242, 0.270), ring=0.09)
    if viseme == "B":
        o = _lens(0.42, 0.04, 0.255)
        return Shape(opening=o, teeth=_band(o, 0.035, 0.02))
    if viseme == "G":
        o = _lens(0.40, 0.05, 0.215)
        return Shape(opening=o, teeth=_band(o, 0.05, 0.02), lower_lip=_oval(0, 0.255, 0.30, 0.075))
    raise ValueError(f"unknown viseme {viseme!r}: expected one of {', '.join(VISEMES)}")


def draw_mouth(canvas: skia.Canvas, viseme: str, lip: int, line: int, rim: int) -> None:
    """Draw one viseme in mouth units (the canvas maps them): `line` draws closed lips, `rim` edges an
    open mouth and `lip` is the pucker and the bitten lower lip."""
    s = shape(viseme)
    if s.seam is not None:
        canvas.drawPath(s.seam, stroke(line, 0.075))
        return
    if s.ring:
        canvas.drawPath(s.opening, stroke(lip, 2 * s.ring))
    canvas.drawPath(s.opening, fill(MOUTH_INTERIOR))
    if s.tongue is not None:
        canvas.drawPath(s.tongue, fill(TONGUE))
    if s.teeth is not None:
        canvas.drawPath(s.teeth, fill(TEETH))
    if s.lower_lip is not None:
        canvas.drawPath(s.lower_lip, fill(lip))
    canvas.drawPath(s.opening, stroke(rim, 0.05))
