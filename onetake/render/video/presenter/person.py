"""The person: a flat-vector bust (hair, ears, eyes with lids, brows, nose, mouth; neck; a sweater in
the theme's accent; two arms). Paths are built once in design units (see rig) and cached."""

from __future__ import annotations

from functools import lru_cache

import skia

from .kit import fill, oval, shade, stroke
from .limbs import draw_arm
from .mouth import draw_mouth
from .rig import Rig
from ..theme import Theme, mix

MOUTH = (0.0, -55.6, 10.0)  # centre x, y of the lips' seam and the mouth unit (design units)
EYES = (6.2, -66.4, 2.95, 3.25)  # centre |x|, y and radii of an eye
SHOULDER = (21.0, -32.5)
ARM = ((18.0, 16.0), 7.6)  # upper and fore lengths, sleeve width
IRIS = 0xFF2E2522


def _sym(points) -> skia.Path:
    # A closed path from the right half's cubic segments (start, then (c1, c2, end) triples), mirrored.
    start, segs = points[0], points[1:]
    p = skia.Path()
    p.moveTo(*start)
    for c1, c2, end in segs:
        p.cubicTo(*c1, *c2, *end)
    back = [(start if i == 0 else segs[i - 1][2]) for i in range(len(segs))]
    p.lineTo(-segs[-1][2][0], segs[-1][2][1])
    for (c1, c2, _), end in zip(reversed(segs), reversed(back)):
        p.cubicTo(-c2[0], c2[1], -c1[0], c1[1], -end[0], end[1])
    p.close()
    return p


@lru_cache(maxsize=1)
def _paths() -> dict[str, skia.Path]:
    head = _sym([(0.0, -44.6), ((11.6, -44.6), (15.7, -50.8), (16.0, -61.0)),
                 ((16.8, -70.0), (15.6, -87.0), (0.0, -87.0))])
    torso = _sym([(0.0, -34.6), ((3.6, -34.6), (6.2, -36.8), (7.6, -38.8)),
                  ((10.0, -38.8), (15.0, -38.8), (19.0, -37.2)), ((24.0, -35.2), (25.4, -30.5), (25.4, -23.0)),
                  ((25.4, -12.0), (25.6, 0.0), (25.6, 8.0))])
    hair = skia.Path()
    hair.moveTo(-16.9, -61.5)
    hair.cubicTo(-18.4, -77.0, -11.0, -90.6, 0.6, -90.6)
    hair.cubicTo(12.4, -90.6, 18.8, -78.0, 16.9, -62.0)
    hair.cubicTo(15.9, -67.0, 15.5, -71.0, 13.6, -74.8)
    hair.cubicTo(7.0, -73.6, -3.0, -76.2, -9.4, -81.6)
    hair.cubicTo(-11.4, -76.0, -13.8, -70.5, -16.9, -61.5)
    hair.close()
    neckline = skia.Path()
    neckline.moveTo(-7.6, -38.8)
    neckline.cubicTo(-6.2, -36.8, -3.6, -34.6, 0.0, -34.6)
    neckline.cubicTo(3.6, -34.6, 6.2, -36.8, 7.6, -38.8)
    nose = skia.Path()
    nose.moveTo(-1.5, -61.9)  # high enough that a nod does not bring it into the mouth box
    nose.cubicTo(-0.9, -60.6, 0.9, -60.6, 1.5, -61.9)
    brow = skia.Path()
    brow.moveTo(-2.6, 0.5)
    brow.quadTo(0.0, -1.0, 2.6, 0.2)
    return {"head": head, "torso": torso, "hair": hair, "neckline": neckline, "nose": nose, "brow": brow}


def mouth_colours(skin: int) -> tuple[int, int, int]:
    """(lip, line, rim) for draw_mouth: reddened shades of the skin, so they suit every skin tone."""
    lip = mix(skin, 0xFFB4505C, 0.5)
    return lip, mix(skin, 0xFF6A2630, 0.6), shade(lip, 0.2)


def _eye(canvas: skia.Canvas, cx: float, rig: Rig, lash: int) -> None:
    # The lids close from both sides (the upper one further): the opening is an ellipse that flattens.
    _, cy, rx, ry = EYES
    open_ry = ry * (1.0 - 0.9 * rig.blink)
    oy = cy + 0.45 * (ry - open_ry)
    opening = oval(cx, oy, rx, open_ry)
    canvas.drawOval(opening, fill(0xFFFFFFFF))
    canvas.save()
    canvas.clipRRect(skia.RRect.MakeOval(opening), True)
    ix = cx + rig.pupil
    canvas.drawCircle(ix, cy + 0.3, 2.05, fill(IRIS))
    canvas.drawCircle(ix + 0.7, cy - 0.6, 0.62 * (1.0 - rig.blink), fill(0xFFFFFFFF))
    canvas.restore()
    canvas.drawArc(opening, 195, 150, False, stroke(lash, 0.8))


def draw(canvas: skia.Canvas, rig: Rig, viseme: str, skin: int, hair: int, th: Theme) -> None:
    """The whole person for one frame (design units; the canvas maps them to the box)."""
    p = _paths()
    hx, hy = rig.head
    fx, fy = hx + rig.face[0], hy + rig.face[1]
    skin_dark = shade(skin, 0.14)
    shirt_edge = shade(th.accent, 0.3)
    canvas.drawRRect(skia.RRect.MakeRectXY(skia.Rect.MakeLTRB(-5.4, -52.0 + hy, 5.4, -33.0), 2.0, 2.0), fill(skin_dark))
    # The sweater and the arms, which rise and fall with the breath.
    canvas.save()
    canvas.translate(0.0, rig.shoulders)
    canvas.drawPath(p["torso"], fill(th.accent))
    canvas.drawPath(p["neckline"], stroke(shirt_edge, 1.9))
    sleeve = shade(th.accent, 0.1)
    for arm in rig.arms:
        shoulder = (arm.side * SHOULDER[0], SHOULDER[1])
        draw_arm(canvas, arm, shoulder, ARM[0], ARM[1], sleeve, shirt_edge, skin, shade(skin, 0.32), 1.5)
    canvas.restore()
    # The head: ears, face, then the features, which slide with the gaze and the nod.
    canvas.save()
    canvas.translate(hx, hy)
    for side in (-1, 1):
        ex = side * 15.7 + rig.ears
        canvas.drawOval(oval(ex, -63.8, 2.7, 3.9), fill(skin_dark))
        canvas.drawOval(oval(ex + side * 0.4, -63.8, 1.2, 2.2), fill(shade(skin, 0.24)))
    canvas.drawPath(p["head"], fill(skin))
    canvas.restore()
    canvas.save()
    canvas.translate(fx, fy)
    blush = mix(skin, 0xFFF08A8A, 0.28)
    for side in (-1, 1):
        canvas.drawOval(oval(side * 10.0, -59.0, 2.5, 1.5), fill(blush))
        _eye(canvas, side * EYES[0], rig, shade(hair, 0.2))
        canvas.save()
        canvas.translate(side * 6.4, -72.6 + rig.brow)
        canvas.scale(side, 1.0)
        canvas.drawPath(p["brow"], stroke(hair, 1.15))
        canvas.restore()
    canvas.drawPath(p["nose"], stroke(shade(skin, 0.3), 0.7))
    mx, my, m = MOUTH
    canvas.save()
    canvas.translate(mx, my)
    canvas.scale(m, m)
    draw_mouth(canvas, viseme, *mouth_colours(skin))
    canvas.restore()
    canvas.restore()
    canvas.save()
    canvas.translate(hx + 0.4 * rig.face[0], hy)
    canvas.drawPath(p["hair"], fill(hair))
    canvas.restore()
