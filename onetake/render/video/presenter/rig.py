"""From a pose's plain numbers to where each part goes, shared by both styles.

Everything is in design units: the character stands in a 100-unit-high frame whose origin is the
middle of its bottom edge (y grows downwards, so the figure lives at negative y). `fit` maps the
frame onto the caller's box, so paths built once in design units serve every size.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import pi, sin

HEIGHT = 100.0
WIDTH = 118.0  # wide enough for a hand pointing out to either side
REST = (8.0, 4.0)  # upper arm and forearm, degrees out from hanging straight down (the person's)
# Gesture -> (upper arm, forearm, hand, hand twist) at amount 1; the twist is degrees away from the body.
TARGETS = {
    "point": (24.0, 112.0, "point", 0.0),
    "open": (26.0, 132.0, "open", 14.0),
    "thumb": (16.0, 168.0, "thumb", -6.0),
    "wave": (70.0, 168.0, "open", 0.0),
}
WAVE_RAISE = 0.5  # a wave's arm rises over amount 0..0.5; over 0.5..1 the hand rocks out and in once
WAVE_ROCK = 18.0  # degrees either way
NOD = (1.0, 0.9)  # at amount 1: the head drops, and the face slides further down it (looking down)
BREATH = (0.7, 0.25)  # at breath 1: the shoulders rise, the head bobs
GAZE = (1.4, 0.9, 0.5)  # at gaze 1: the face turns, the pupils move further, the ears move back


@dataclass(frozen=True, slots=True)
class Arm:
    """One arm: `side` -1 is the screen's left; angles in degrees out from hanging down."""

    side: int
    upper: float
    fore: float
    hand: str  # "rest", "point", "open" or "thumb"
    twist: float = 0.0


@dataclass(frozen=True, slots=True)
class Rig:
    """Offsets of the moving parts for one frame (design units)."""

    head: tuple[float, float]
    face: tuple[float, float]
    pupil: float
    ears: float
    shoulders: float
    blink: float
    brow: float
    arms: tuple[Arm, Arm]


def fit(box: tuple[float, float, float, float]) -> tuple[float, float, float]:
    """(x, y, scale) that put the design frame's bottom middle on the box's, as large as it fits."""
    x, y, w, h = box
    return x + w / 2, y + h, min(h / HEIGHT, w / WIDTH)


def _lerp(a: float, b: float, k: float) -> float:
    return a + (b - a) * k


def _clip(v: float, lo: float, hi: float) -> float:
    return min(hi, max(lo, v))


def _sides(gesture: str | None, mirrored: bool) -> tuple[str | None, tuple[int, ...]]:
    # Which arm(s) a gesture moves, and the hand it makes; mirrored swaps left and right.
    m = -1 if mirrored else 1
    table = {
        "point-left": ("point", (-m,)), "point-right": ("point", (m,)), "open-hands": ("open", (-1, 1)),
        "thumbs-up": ("thumb", (m,)), "wave": ("wave", (m,)),
    }
    return table.get(gesture, (None, ()))


def _arm(side: int, kind: str | None, amount: float, rest: tuple[float, float]) -> Arm:
    if kind is None or amount <= 0.0:
        return Arm(side, *rest, "rest")
    upper, fore, hand, twist = TARGETS[kind]
    k = amount
    if kind == "wave":
        k = _clip(amount / WAVE_RAISE, 0.0, 1.0)
        rock = _clip((amount - WAVE_RAISE) / (1.0 - WAVE_RAISE), 0.0, 1.0)
        # Upright at both ends: a held amount of 1 shows a raised open hand, and a caller that swings
        # amount between 0.5 and 1 waves without the arm moving.
        twist = WAVE_ROCK * sin(2 * pi * rock)
    # The forearm leads and the upper arm follows, so a hand swings up close to the body, not out wide.
    return Arm(side, _lerp(rest[0], upper, k ** 1.5), _lerp(rest[1], fore, k ** 0.5), hand, twist * k)


def rig(pose, rest: tuple[float, float] = REST) -> Rig:
    """The offsets and arm angles of a (validated) Pose; `rest` is the style's arms at rest."""
    amount = _clip(pose.amount, 0.0, 1.0)
    breath, gaze = _clip(pose.breath, -1.0, 1.0), _clip(pose.gaze, -1.0, 1.0)
    nod = amount if pose.gesture == "nod" else 0.0
    kind, sides = _sides(pose.gesture, pose.mirrored)
    arms = tuple(_arm(s, kind if s in sides else None, amount, rest) for s in (-1, 1))
    lively = amount if kind in ("open", "wave") else 0.0  # brows lift a little with open gestures
    return Rig(
        head=(0.0, NOD[0] * nod - BREATH[1] * breath),
        face=(GAZE[0] * gaze, NOD[1] * nod),
        pupil=GAZE[1] * gaze,
        ears=-GAZE[2] * gaze,
        shoulders=-BREATH[0] * breath,
        blink=_clip(pose.blink, 0.0, 1.0),
        brow=-0.8 * lively,
        arms=arms,
    )

