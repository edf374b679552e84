"""Arms and hands, shared by both styles. A hand is drawn in its own frame: wrist at the origin,
fingers towards -y, the thumb on the -x side (towards the body for the screen-right arm)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from math import atan2, cos, degrees, radians, sin

import skia

from .kit import fill, stroke
from .rig import Arm


@dataclass(frozen=True, slots=True)
class Hand:
    """A hand's silhouette and the creases drawn over it."""

    outline: skia.Path
    creases: skia.Path


def _capsule(x0: float, y0: float, x1: float, y1: float, width: float) -> skia.Path:
    # A round-ended bar from (x0, y0) to (x1, y1), as a filled path.
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    p = skia.Path().addRRect(skia.RRect.MakeRectXY(
        skia.Rect.MakeXYWH(-width / 2, -width / 2, length + width, width), width / 2, width / 2))
    m = skia.Matrix()
    m.setRotate(degrees(atan2(y1 - y0, x1 - x0)))
    m.postTranslate(x0, y0)
    p.transform(m)
    return p


def _union(parts) -> skia.Path:
    out = parts[0]
    for p in parts[1:]:
        out = skia.Op(out, p, skia.PathOp.kUnion_PathOp)
    return out


def _lines(*segments) -> skia.Path:
    p = skia.Path()
    for x0, y0, x1, y1 in segments:
        p.moveTo(x0, y0)
        p.lineTo(x1, y1)
    return p


def _rrect(x: float, y: float, w: float, h: float, r: float) -> skia.Path:
    return skia.Path().addRRect(skia.RRect.MakeRectXY(skia.Rect.MakeXYWH(x, y, w, h), r, r))


@lru_cache(maxsize=None)
def hand(kind: str) -> Hand:
    """The cached paths of one hand shape: rest, point, open or thumb."""
    if kind == "open":
        fingers = [_capsule(x, -4.2, x + 0.5 * dx, top, 1.25)
                   for x, dx, top in ((-1.85, -0.9, -7.7), (-0.62, -0.3, -8.6), (0.62, 0.3, -8.3), (1.85, 0.9, -7.3))]
        parts = [_rrect(-2.5, -5.2, 5.0, 5.8, 1.9), *fingers, _capsule(-2.0, -1.6, -4.4, -4.6, 1.5)]
        creases = _lines((-1.24, -4.6, -1.32, -6.4), (0.0, -4.9, 0.0, -6.9), (1.24, -4.6, 1.32, -6.4))
        return Hand(_union(parts), creases)
    if kind == "point":
        knuckles = [_capsule(0.4, y, 2.3, y, 1.45) for y in (-3.9, -2.5, -1.1)]
        parts = [_rrect(-2.4, -5.0, 4.6, 5.6, 1.9), *knuckles, _capsule(-1.2, -4.0, -1.2, -9.6, 1.55),
                 _capsule(-2.4, -0.9, -2.6, -4.0, 1.6)]
        creases = _lines((0.5, -3.2, 2.6, -3.2), (0.5, -1.8, 2.6, -1.8))
        return Hand(_union(parts), creases)
    if kind == "thumb":
        knuckles = [_capsule(0.0, y, 2.7, y, 1.45) for y in (-4.3, -2.95, -1.6, -0.3)]
        parts = [_rrect(-2.7, -5.2, 5.0, 5.8, 2.0), *knuckles, _capsule(-1.5, -4.2, -1.6, -8.1, 2.3)]
        creases = _lines((0.2, -3.62, 3.0, -3.62), (0.2, -2.27, 3.0, -2.27), (0.2, -0.92, 3.0, -0.92))
        return Hand(_union(parts), creases)
    return Hand(_union([_rrect(-2.4, -6.5, 4.8, 7.1, 2.2), _capsule(-2.0, -1.6, -3.2, -4.2, 1.4)]), skia.Path())


def joints(arm: Arm, shoulder: tuple[float, float], lengths: tuple[float, float]):
    """(elbow, wrist) of an arm hung from `shoulder` with these upper/fore lengths."""
    s, (x, y) = arm.side, shoulder
    a, b = radians(arm.upper), radians(arm.fore)
    ex, ey = x + s * lengths[0] * sin(a), y + lengths[0] * cos(a)
    return (ex, ey), (ex + s * lengths[1] * sin(b), ey + lengths[1] * cos(b))


def draw_arm(canvas: skia.Canvas, arm: Arm, shoulder, lengths, width: float, sleeve: int, edge: int,
             skin: int, skin_edge: int, hand_scale: float) -> None:
    """A sleeve from the shoulder through the elbow to the wrist, then the hand on it."""
    (ex, ey), (wx, wy) = joints(arm, shoulder, lengths)
    path = skia.Path()
    path.moveTo(*shoulder)
    path.lineTo(ex, ey)
    path.lineTo(wx, wy)
    canvas.drawPath(path, stroke(edge, width + 0.9))
    canvas.drawPath(path, stroke(sleeve, width))
    h = hand(arm.hand)
    canvas.save()
    canvas.translate(wx, wy)
    canvas.rotate(arm.side * (180.0 - arm.fore + arm.twist))
    canvas.scale(arm.side * hand_scale, hand_scale)
    canvas.drawPath(h.outline, fill(skin))
    canvas.drawPath(h.outline, stroke(skin_edge, 0.4))
    canvas.drawPath(h.creases, stroke(skin_edge, 0.32))
    canvas.restore()
