"""The app cursor: where it is at any time, derived purely from the scene's click events.

Before each click the cursor travels on a gentle arc from where it last was (or its rest position),
easing out so it slows as it approaches, arrives 120 ms before the click frame, presses (scale 0.9)
on the click frame, and an accent ring starts there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import skia

from .draw import stroke
from .theme import ARRIVE_BEFORE_CLICK, PRESS, RING, accelerate, decelerate, emphasized, ms, with_alpha

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Move:
    """One trip of the cursor: from `a` at sample `start` to `b` at sample `end`."""

    start: int
    end: int
    a: Point
    b: Point


def plan_moves(clicks: list[tuple[int, Point]], rest: Point, scene_start: int, u: float) -> list[Move]:
    """Moves for clicks sorted by time; each leaves after the previous click and lands before its own."""
    moves: list[Move] = []
    here, free = rest, scene_start + ms(250)
    for at, target in clicks:
        end = max(free, at - ARRIVE_BEFORE_CLICK)
        dist = math.dist(here, target) / max(u, 1e-6)  # in 1080p pixels, so timing is resolution-free
        duration = min(ms(900), max(ms(400), ms(300 + 0.45 * dist)))
        start = max(free, end - duration)
        moves.append(Move(start, max(end, start + 1), here, target))
        here, free = target, at + ms(150)
    return moves


def position(moves: list[Move], rest: Point, sample: int) -> Point:
    """Cursor tip at `sample`: on a quadratic arc (control point off to one side), eased in-out."""
    here = rest
    for m in moves:
        if sample < m.start:
            return here
        if sample < m.end:
            e = emphasized((sample - m.start) / (m.end - m.start))
            (ax, ay), (bx, by) = m.a, m.b
            # The arc bows by 18 % of the distance, always to the same side: a hand's gentle curve.
            cx, cy = (ax + bx) / 2 - (by - ay) * 0.18, (ay + by) / 2 + (bx - ax) * 0.18
            return ((1 - e) ** 2 * ax + 2 * (1 - e) * e * cx + e * e * bx,
                    (1 - e) ** 2 * ay + 2 * (1 - e) * e * cy + e * e * by)
        here = m.b
    return here


def press_scale(click_times: list[int], sample: int) -> float:
    """0.9 from a click frame for PRESS samples, then back to 1 over 100 ms."""
    for at in click_times:
        if at <= sample < at + PRESS:
            return 0.9
        if at + PRESS <= sample < at + PRESS + ms(100):
            return 0.9 + 0.1 * decelerate((sample - at - PRESS) / ms(100))
    return 1.0


_ARROW = ((0, 0), (0, 22), (5.5, 17), (9.5, 25.5), (13, 24), (9.2, 15.8), (16.5, 15.8))


def paint_cursor(c: skia.Canvas, tip: Point, scale: float, u: float, alpha: float = 1.0) -> None:
    """A classic arrow pointer, tip at `tip`: white with a dark outline and a soft shadow."""
    k = 1.45 * u * scale
    path = skia.Path()
    for i, (x, y) in enumerate(_ARROW):
        (path.moveTo if i == 0 else path.lineTo)(tip[0] + x * k, tip[1] + y * k)
    path.close()
    shadow = skia.Paint(Color=with_alpha(0x73000000, alpha), AntiAlias=True,
                        MaskFilter=skia.MaskFilter.MakeBlur(skia.kNormal_BlurStyle, 2.5 * u))
    c.save()
    c.translate(1.5 * u, 2.5 * u)
    c.drawPath(path, shadow)
    c.restore()
    c.drawPath(path, skia.Paint(Color=with_alpha(0xFFFFFFFF, alpha), AntiAlias=True))
    c.drawPath(path, stroke(with_alpha(0xFF111827, alpha), max(1.0, 1.4 * u)))


def paint_ring(c: skia.Canvas, centre: Point, at: int, sample: int, frame_len: float, u: float, color: int) -> None:
    """The click ring: starts on the click frame (already visible there), widens and fades out."""
    if sample < at:
        return
    p = min(1.0, (sample - at + frame_len) / RING)
    if p >= 1.0:
        return
    e = decelerate(p)
    alpha = 1.0 - accelerate(p)
    # Floors keep the ring a clear, detectable accent ring even at 320x180.
    radius = max(6.0, (14 + 30 * e) * u)
    c.drawCircle(centre[0], centre[1], radius, stroke(with_alpha(color, alpha), max(1.5, (5 - 3 * e) * u)))
