"""The presenter: a 2D talking character (a person or a mascot) drawn with skia paths.

`draw_presenter` is a pure function of its arguments: a Look (what stays the same all video) and a
Pose (one frame's plain numbers: viseme, blink, breath, gaze, gesture and how far into it). The
verifier reads lip sync back from decoded frames with `mouth_box` and `openness_from_pixels`.
"""

from __future__ import annotations

from dataclasses import dataclass

import skia

from ....lipsync import GESTURES, VISEMES
from ....lipsync import PRESENTER_STYLES as STYLES
from ..theme import Theme
from . import mascot, mouth, person
from .mouth import MOUTH_INTERIOR
from .pixels import openness_from_pixels
from .rig import HEIGHT, WIDTH, fit, rig

Box = tuple[float, float, float, float]
ASPECT = WIDTH / HEIGHT  # the character's frame, width over height (room for a pointing hand)


@dataclass(frozen=True, slots=True)
class Look:
    """What does not change frame to frame; colours are 0xAARRGGBB."""

    style: str = "person"
    skin: int = 0xFFE0B290
    hair: int = 0xFF3B2A20  # the mascot wears it on its antenna and ear bolts


@dataclass(frozen=True, slots=True)
class Pose:
    """One frame's state, all plain numbers, so a frame can be drawn alone in any order.

    `amount` (0..1) is how far into the gesture (the caller eases it in and out; 0 is arms at rest):
    a nod lowers the head in proportion; a wave raises the arm by 0.5 and rocks the hand once, out
    and back, from 0.5 to 1 (so amount swung between 0.5 and 1 keeps waving). `mirrored` swaps which
    side gestures use (point-left points right); it does not flip the picture.
    """

    viseme: str = "X"
    blink: float = 0.0  # 0 open .. 1 closed
    breath: float = 0.0  # -1..1: the idle breathing phase
    gaze: float = 0.0  # -1 looks to the screen's left .. 1 right
    gesture: str | None = None
    amount: float = 0.0
    mirrored: bool = False


def _check(look: Look, pose: Pose) -> None:
    if look.style not in STYLES:
        raise ValueError(f"unknown presenter style {look.style!r}: expected one of {', '.join(STYLES)}")
    if pose.viseme not in VISEMES:
        raise ValueError(f"unknown viseme {pose.viseme!r}: expected one of {', '.join(VISEMES)}")
    if pose.gesture is not None and pose.gesture not in GESTURES:
        raise ValueError(f"unknown gesture {pose.gesture!r}: expected one of {', '.join(GESTURES)} or None")


def draw_presenter(canvas: skia.Canvas, box: Box, look: Look, pose: Pose, theme: Theme) -> None:
    """Draw the character fitted in box (x, y, w, h px): bust bottom at box bottom, centred horizontally."""
    _check(look, pose)
    x, y, s = fit(box)
    if s <= 0:
        return
    canvas.save()
    canvas.clipRect(skia.Rect.MakeXYWH(*box), True)
    canvas.translate(x, y)
    canvas.scale(s, s)
    if look.style == "person":
        frame = rig(pose)
        person.draw(canvas, frame, pose.viseme, look.skin, look.hair, theme)
    else:
        frame = rig(pose, mascot.REST)
        mascot.draw(canvas, frame, pose.viseme, look.hair, theme)
    canvas.restore()


def mouth_box(box: Box, look: Look) -> Box:
    """The px rectangle that holds the mouth in every viseme and pose (breath, nod, gaze included).

    It is the same rectangle in mouth units for both styles (mouth.BOX), so one measure of how open a
    mouth is serves both; it stops short of the nose and the eyes.
    """
    if look.style not in STYLES:
        raise ValueError(f"unknown presenter style {look.style!r}: expected one of {', '.join(STYLES)}")
    mx, my, m = (person if look.style == "person" else mascot).MOUTH
    x, y, s = fit(box)
    bx, by, bw, bh = mouth.BOX
    return (x + s * (mx + m * bx), y + s * (my + m * by), s * m * bw, s * m * bh)


__all__ = ["ASPECT", "GESTURES", "MOUTH_INTERIOR", "STYLES", "Look", "Pose", "draw_presenter", "mouth_box",
           "openness_from_pixels"]
