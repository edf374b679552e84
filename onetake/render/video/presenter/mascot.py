"""The mascot: a rounded little robot in the theme's accent, with a light face screen, big eyes,
an antenna and ear bolts in the look's accent colour, and stubby arms with mitten gloves."""

from __future__ import annotations

import skia

from .kit import fill, oval, shade, stroke, tint
from .limbs import draw_arm
from .mouth import draw_mouth
from .rig import Rig
from ..theme import Theme, mix

MOUTH = (0.0, -55.4, 10.0)  # centre x, y of the lips' seam and the mouth unit (design units)
EYES = (8.6, -66.0, 3.7, 4.6)  # centre |x|, y and radii of an eye
SHOULDER = (17.0, -33.0)
ARM = ((11.5, 10.5), 7.6)
REST = (10.0, 26.0)  # stubby arms hang a little out, so the mitts rest in view beside the body
INK = 0xFF1B2238  # eyes and the mouth's line: a deep navy that reads on the light screen


def _rrect(l: float, t: float, r: float, b: float, radius: float) -> skia.RRect:
    return skia.RRect.MakeRectXY(skia.Rect.MakeLTRB(l, t, r, b), radius, radius)


def _eye(canvas: skia.Canvas, cx: float, rig: Rig) -> None:
    _, cy, rx, ry = EYES
    open_ry = ry * (1.0 - 0.88 * rig.blink)
    opening = oval(cx, cy + 0.4 * (ry - open_ry), rx, open_ry)
    canvas.drawOval(opening, fill(INK))
    canvas.save()
    canvas.clipRRect(skia.RRect.MakeOval(opening), True)
    lit = 1.0 - rig.blink  # the highlights shrink away as the lids close
    canvas.drawCircle(cx + 1.15, cy - 1.7, 1.35 * lit, fill(0xFFFFFFFF))
    canvas.drawCircle(cx - 1.1, cy + 1.6, 0.6 * lit, fill(0xCCFFFFFF))
    canvas.restore()


def draw(canvas: skia.Canvas, rig: Rig, viseme: str, accent2: int, th: Theme) -> None:
    """The whole mascot for one frame (design units); `accent2` (the look's hair) colours its trim."""
    body = th.accent
    edge = shade(body, 0.32)
    screen = tint(body, 0.86)
    hx, hy = rig.head
    fx, fy = hx + rig.face[0], hy + rig.face[1]
    canvas.save()
    canvas.translate(0.0, rig.shoulders)
    canvas.drawRRect(_rrect(-19.5, -43.0, 19.5, 10.0, 14.0), fill(body))
    canvas.drawRRect(_rrect(-11.0, -31.0, 11.0, -15.0, 6.0), fill(shade(body, 0.14)))
    canvas.drawCircle(0.0, -23.0, 3.4, fill(accent2))
    canvas.drawCircle(-0.9, -24.0, 1.0, fill(tint(accent2, 0.6)))
    for arm in rig.arms:
        draw_arm(canvas, arm, (arm.side * SHOULDER[0], SHOULDER[1]), ARM[0], ARM[1], shade(body, 0.1), edge,
                 tint(body, 0.92), shade(body, 0.42), 1.45)
    canvas.restore()
    canvas.drawRRect(_rrect(-9.0, -45.0 + hy, 9.0, -39.5 + rig.shoulders, 3.0), fill(edge))
    canvas.save()
    canvas.translate(hx, hy)
    trim = shade(accent2, 0.2)
    canvas.drawLine(0.0, -86.0, 0.0, -93.5, stroke(trim, 1.7))
    canvas.drawCircle(0.0, -95.2, 2.7, fill(accent2))
    canvas.drawCircle(-0.8, -96.0, 0.8, fill(tint(accent2, 0.55)))
    for side in (-1, 1):
        x = side * 27.0 + rig.ears
        canvas.drawRRect(_rrect(x - 2.6, -71.0, x + 2.6, -57.0, 2.4), fill(accent2))
        canvas.drawRRect(_rrect(x - 1.2 + side * 2.6, -67.0, x + 1.2 + side * 2.6, -61.0, 1.2), fill(trim))
    canvas.drawRRect(_rrect(-27.0, -87.0, 27.0, -41.0, 21.0), fill(body))
    canvas.drawRRect(_rrect(-22.0 + 0.5 * rig.face[0], -81.0, 22.0 + 0.5 * rig.face[0], -45.6, 15.0), fill(screen))
    canvas.restore()
    canvas.save()
    canvas.translate(fx, fy)
    blush = mix(screen, 0xFFF58AA8, 0.45)
    for side in (-1, 1):
        canvas.drawOval(oval(side * 14.6, -56.8, 3.0, 1.8), fill(blush))
        canvas.save()
        canvas.translate(rig.pupil * 0.6, 0.0)
        _eye(canvas, side * EYES[0], rig)
        canvas.restore()
        brow = oval(side * EYES[0], -72.4 + rig.brow, 2.6, 1.4)
        canvas.drawArc(brow, 215, 110, False, stroke(shade(body, 0.25), 1.2))
    mx, my, m = MOUTH
    canvas.save()
    canvas.translate(mx, my)
    canvas.scale(m, m)
    draw_mouth(canvas, viseme, mix(screen, INK, 0.3), INK, mix(screen, INK, 0.5))
    canvas.restore()
    canvas.restore()
