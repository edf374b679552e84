"""The presenter's drawing: golden poses, a mouth the verifier can read back through H.264, a mouth_box
that holds the mouth and nothing of the eyes, mirrored gestures, purity, and clear errors."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import skia

from golden import assert_golden
from onetake.lipsync import CLOSED, OPENNESS, VISEMES
from onetake.render.video.presenter import (
    GESTURES, MOUTH_INTERIOR, STYLES, Look, Pose, draw_presenter, mouth_box, openness_from_pixels,
)
from onetake.render.video.presenter.mouth import TEETH, TONGUE
from onetake.render.video.presenter.pixels import interior_weight
from onetake.render.video.theme import DAYLIGHT, MIDNIGHT

LOOKS = {"person": Look(), "mascot": Look(style="mascot", hair=0xFFF7B955)}
LIGHT, DARK = 0xFFF1C9A5, 0xFF6B4423
BOX = (138.0, 50.0, 354.0, 300.0)  # 300 px high on a 640x360 frame, as a corner presenter at 360p


def render(look: Look, pose: Pose, th=MIDNIGHT, size=(640, 360), box=BOX) -> np.ndarray:
    """The presenter over the theme's flat background, as an HxWx3 RGB array."""
    arr = np.zeros((size[1], size[0], 4), np.uint8)
    surface = skia.Surface(arr, colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kPremul_AlphaType)
    canvas = surface.getCanvas()
    canvas.drawPaint(skia.Paint(Color=th.bg_top))
    draw_presenter(canvas, box, look, pose, th)
    del surface
    return arr[..., :3].copy()


def h264ish(rgb: np.ndarray, seed: int = 0) -> np.ndarray:
    """What a yuv420p encode does to colours: chroma at half resolution, plus noise (sigma 3)."""
    back = cv2.cvtColor(cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420), cv2.COLOR_YUV2RGB_I420).astype(np.float64)
    back += np.random.default_rng(seed).normal(0.0, 3.0, back.shape)
    return np.clip(np.round(back), 0, 255).astype(np.uint8)


def crop(rgb: np.ndarray, rect) -> np.ndarray:
    x, y, w, h = rect
    return rgb[round(y):round(y + h), round(x):round(x + w)]


def inside(rect, mask: np.ndarray) -> np.ndarray:
    """The part of a boolean mask that lies inside the px rectangle (pixels whose centres are in it)."""
    x, y, w, h = rect
    out = np.zeros_like(mask)
    rows = slice(int(np.ceil(y - 0.5)), int(np.floor(y + h - 0.5)) + 1)
    out[rows, int(np.ceil(x - 0.5)):int(np.floor(x + w - 0.5)) + 1] = True
    return mask & out


def changed(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.abs(a.astype(np.int16) - b.astype(np.int16)).max(axis=2) > 0


# ------------------------------------------------------------------------------------------ goldens

GOLDEN_POSES = {
    "rest": Pose(),
    "speak": Pose(viseme="D", breath=0.5, gaze=0.3),
    "point": Pose(viseme="C", gesture="point-right", amount=1.0),
    "wave": Pose(viseme="E", gesture="wave", amount=1.0),
    "blink": Pose(blink=1.0, gaze=-0.5, breath=-1.0),
}


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("name", GOLDEN_POSES)
def test_golden_poses(style, name, tmp_path):
    th = MIDNIGHT if style == "person" else DAYLIGHT
    arr = render(LOOKS[style], GOLDEN_POSES[name], th, size=(400, 240), box=(60.0, 8.0, 280.0, 232.0))
    assert_golden(f"presenter_{style}_{name}", arr, tmp_path)


# ------------------------------------------------------------------------------ reading the mouth


@pytest.mark.parametrize("th", [MIDNIGHT, DAYLIGHT], ids=lambda t: t.name)
@pytest.mark.parametrize("style", STYLES)
def test_openness_survives_h264_and_rises_with_openness(style, th):
    look = LOOKS[style]
    rect = mouth_box(BOX, look)
    read = {v: openness_from_pixels(crop(h264ish(render(look, Pose(viseme=v), th), seed=i), rect))
            for i, v in enumerate(VISEMES)}
    table = " ".join(f"{v}={read[v]:.3f}" for v in VISEMES)
    assert read["A"] < 0.05 and read["X"] < 0.05, table
    assert read["D"] > 0.8, table
    levels = sorted(set(OPENNESS.values()))
    for lo, hi in zip(levels, levels[1:]):
        top_lo = max(read[v] for v in VISEMES if OPENNESS[v] == lo)
        bottom_hi = min(read[v] for v in VISEMES if OPENNESS[v] == hi)
        assert bottom_hi - top_lo >= 0.05, f"openness {lo} -> {hi}: {table}"


@pytest.mark.parametrize("th", [MIDNIGHT, DAYLIGHT], ids=lambda t: t.name)
@pytest.mark.parametrize("look", [Look(skin=LIGHT), Look(skin=DARK), LOOKS["mascot"]], ids=["light", "dark", "mascot"])
def test_a_closed_mouth_reads_closed(look, th):
    poses = [Pose(viseme=v, breath=b, gaze=g) for v in sorted(CLOSED) for b, g in ((0, 0), (1, -1), (-1, 1))]
    poses += [Pose(viseme="X", gesture="nod", amount=1.0), Pose(viseme="A", blink=1.0)]
    for i, pose in enumerate(poses):
        value = openness_from_pixels(crop(h264ish(render(look, pose, th), seed=i), mouth_box(BOX, look)))
        assert value < 0.05, f"{pose}: {value:.3f}"


def _rgb(color: int) -> np.ndarray:
    return np.array([[[(color >> s) & 0xFF for s in (16, 8, 0)]]], np.uint8)


def test_the_interior_colour_is_dark_saturated_and_nothing_else_reads_as_it():
    rgb = _rgb(MOUTH_INTERIOR)[0, 0].astype(int)
    assert rgb.max() < 128 and rgb.max() - rgb.min() > 60
    assert interior_weight(_rgb(MOUTH_INTERIOR))[0, 0] == 1.0
    others = [LIGHT, DARK, 0xFF3B2219, Look().skin, Look().hair, MIDNIGHT.accent, DAYLIGHT.accent, MIDNIGHT.bg_top,
              DAYLIGHT.text, TEETH, TONGUE]
    for other in others:
        assert interior_weight(_rgb(other))[0, 0] == 0.0, hex(other)


def test_openness_rejects_what_is_not_a_crop():
    with pytest.raises(ValueError, match="HxWx3"):
        openness_from_pixels(np.zeros((0, 4, 3), np.uint8))


# ----------------------------------------------------------------------------------- the mouth box

POSES_THAT_MOVE_THE_MOUTH = [
    {}, {"breath": 1.0}, {"breath": -1.0}, {"gaze": 1.0}, {"gaze": -1.0},
    {"gesture": "nod", "amount": 0.5}, {"gesture": "nod", "amount": 1.0, "breath": -1.0, "gaze": 1.0},
    {"gesture": "nod", "amount": 1.0, "breath": 1.0, "gaze": -1.0},
]


@pytest.mark.parametrize("style", STYLES)
def test_mouth_box_holds_every_mouth_in_every_pose(style):
    look = LOOKS[style]
    rect = mouth_box(BOX, look)
    for extra in POSES_THAT_MOVE_THE_MOUTH:
        rest = render(look, Pose(viseme="X", **extra))
        for v in VISEMES[:-1]:
            diff = changed(rest, render(look, Pose(viseme=v, **extra)))
            assert diff.any(), (v, extra)
            outside = diff & ~inside(rect, diff)
            assert not outside.any(), f"{v} {extra}: {int(outside.sum())} mouth pixels outside {rect}"


@pytest.mark.parametrize("style", STYLES)
def test_mouth_box_sees_no_eyes_and_no_gesture(style):
    look = LOOKS[style]
    rect = mouth_box(BOX, look)
    for extra in POSES_THAT_MOVE_THE_MOUTH:
        diff = changed(render(look, Pose(viseme="D", **extra)), render(look, Pose(viseme="D", blink=1.0, **extra)))
        assert diff.any() and not inside(rect, diff).any(), f"blinking changes the mouth box ({extra})"
    for gesture in GESTURES:
        if gesture != "nod":
            for amount in (0.3, 0.6, 1.0):
                for mirrored in (False, True):
                    pose = Pose(viseme="C", gesture=gesture, amount=amount, mirrored=mirrored)
                    diff = changed(render(look, Pose(viseme="C")), render(look, pose))
                    assert not inside(rect, diff).any(), f"{pose} reaches into the mouth box"


@pytest.mark.parametrize("style", STYLES)
def test_mouth_box_scales_with_the_box_and_stays_in_the_face(style):
    look = LOOKS[style]
    x, y, w, h = mouth_box(BOX, look)
    X, Y, W, H = mouth_box((2 * BOX[0], 2 * BOX[1], 2 * BOX[2], 2 * BOX[3]), look)
    assert (X, Y, W, H) == pytest.approx((2 * x, 2 * y, 2 * w, 2 * h))
    assert BOX[0] < x and x + w < BOX[0] + BOX[2] and 0.05 * BOX[3] < h < 0.2 * BOX[3]
    th = DAYLIGHT  # the face fills the box: no background shows in it, in any pose
    bg = np.array([(th.bg_top >> s) & 0xFF for s in (16, 8, 0)])
    for extra in POSES_THAT_MOVE_THE_MOUTH:
        c = crop(render(look, Pose(**extra), th), (x, y, w, h)).astype(int)
        assert (np.abs(c - bg).max(axis=2) > 12).all(), extra


# -------------------------------------------------------------------------------- placement, sides


@pytest.mark.parametrize("style", STYLES)
def test_the_bust_sits_on_the_box_bottom_centred(style):
    look = LOOKS[style]
    bg = np.array([(MIDNIGHT.bg_top >> s) & 0xFF for s in (16, 8, 0)])
    ys, xs = np.nonzero((render(look, Pose()) != bg).any(axis=2))
    assert ys.max() == BOX[1] + BOX[3] - 1  # down to the box's last row
    assert abs((xs.min() + xs.max() + 1) / 2 - (BOX[0] + BOX[2] / 2)) <= 1.0
    assert xs.min() >= BOX[0] and xs.max() < BOX[0] + BOX[2] and ys.min() >= BOX[1]


def _raised_side(look: Look, pose: Pose) -> float:
    """Mean x of what the gesture changed, relative to the box centre (negative: the screen's left)."""
    diff = changed(render(look, Pose()), render(look, pose))
    return float(np.nonzero(diff)[1].mean() - (BOX[0] + BOX[2] / 2))


@pytest.mark.parametrize("style", STYLES)
def test_mirrored_swaps_the_sides_gestures_use(style):
    look = LOOKS[style]
    assert _raised_side(look, Pose(gesture="point-right", amount=1.0)) > 20
    assert _raised_side(look, Pose(gesture="point-left", amount=1.0)) < -20
    assert _raised_side(look, Pose(gesture="point-right", amount=1.0, mirrored=True)) < -20
    for gesture in ("thumbs-up", "wave"):
        plain = _raised_side(look, Pose(gesture=gesture, amount=1.0))
        assert plain * _raised_side(look, Pose(gesture=gesture, amount=1.0, mirrored=True)) < 0
    # Only the sides swap: the picture is not flipped, so the two ways of pointing left are one frame.
    assert np.array_equal(render(look, Pose(gesture="point-left", amount=0.7)),
                          render(look, Pose(gesture="point-right", amount=0.7, mirrored=True)))


@pytest.mark.parametrize("style", STYLES)
def test_amount_zero_is_arms_at_rest(style):
    rest = render(LOOKS[style], Pose(viseme="B"))
    for gesture in GESTURES:
        assert np.array_equal(rest, render(LOOKS[style], Pose(viseme="B", gesture=gesture, amount=0.0)))


# ------------------------------------------------------------------------------------------ purity


def test_drawing_is_a_pure_function_of_its_arguments():
    poses = [Pose(viseme=v, blink=b, breath=br, gaze=g, gesture=gs, amount=a)
             for v, b, br, g, gs, a in zip(VISEMES, (0, .3, 1, 0, .6, 0, 0, .2, 0), (-1, -.5, 0, .5, 1, .2, -.2, .9, 0),
                                           (0, -1, 1, .4, -.4, 0, .7, -.7, .1), (None,) + GESTURES + (None, "wave"),
                                           (0, 1, .5, .25, .75, 1, .1, 0, .9))]
    for look in (LOOKS["person"], LOOKS["mascot"], Look(skin=DARK, hair=0xFF101010)):
        first = [render(look, p) for p in poses]
        again = [render(look, p, th=MIDNIGHT) for p in reversed(poses)][::-1]
        for p, a, b in zip(poses, first, again):
            assert np.array_equal(a, b), p
        assert np.array_equal(first[3], render(look, poses[3]))


# ------------------------------------------------------------------------------------------ errors


@pytest.mark.parametrize("look,pose,message", [
    (Look(style="robot"), Pose(), "unknown presenter style 'robot'"),
    (Look(), Pose(viseme="Q"), "unknown viseme 'Q'"),
    (Look(), Pose(gesture="dance"), "unknown gesture 'dance'"),
])
def test_unknown_names_raise_value_error(look, pose, message):
    with pytest.raises(ValueError, match=message):
        render(look, pose)


def test_mouth_box_rejects_an_unknown_style():
    with pytest.raises(ValueError, match="expected one of person, mascot"):
        mouth_box(BOX, Look(style="robot"))
