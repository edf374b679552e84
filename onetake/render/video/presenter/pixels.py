"""How open a drawn mouth is, read back from a decoded frame's pixels (the verifier's side of lip sync).

The measure counts MOUTH_INTERIOR only: the teeth and the tongue are left out (white and pink are
everywhere: a daylight screen, a blush), and each shape is sized so that its visible interior, not
its whole opening, rises with lipsync.OPENNESS (mouth.py). Luma carries the area, since 4:2:0 keeps it
at full resolution: an edge pixel is unmixed against its brightest neighbour, so a half-covered one
counts a half and a 180 px presenter reads nearly what a 650 px one does. Chroma, which 4:2:0 smears,
only gates: it keeps out things as dark as the interior but not of its hue.
"""

from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np
import skia

from .mouth import BOX, MOUTH_INTERIOR, draw_mouth
from .person import mouth_colours

SLACK = 5.0  # luma levels of noise a pixel of pure interior may show
SPAN = 30.0  # the least luma step from the interior to what borders it (its rim is ~70 above it)
GATE = (18.0, 32.0)  # chroma distance from the interior: full weight within the first, none past the second
_YCC = np.array([[0.299, 0.587, 0.114], [-0.168736, -0.331264, 0.5], [0.5, -0.418688, -0.081312]], np.float32)


def _ycc(rgb: np.ndarray) -> np.ndarray:
    return rgb.astype(np.float32) @ _YCC.T


_REF = _ycc(np.array([[(MOUTH_INTERIOR >> 16) & 255, (MOUTH_INTERIOR >> 8) & 255, MOUTH_INTERIOR & 255]]))[0]


def interior_weight(rgb: np.ndarray) -> np.ndarray:
    """Per pixel (HxW float32, 0..1): how much of it shows the inside of an open mouth.

    Luma unmixes an edge pixel against the brightest thing within 2 px (the rim, the teeth, the
    skin), so a half-covered pixel counts a half at any size; chroma only gates out what is dark but
    not the interior (a dark skin's lip line, hair, the mascot's ink).
    """
    ycc = _ycc(rgb[..., :3])
    y = ycc[..., 0] - _REF[0] - SLACK
    near = cv2.dilate(y, np.ones((5, 5), np.uint8))
    alpha = 1.0 - np.clip(y / np.maximum(near, SPAN), 0.0, 1.0)
    chroma = np.sqrt(((ycc[..., 1:] - _REF[1:]) ** 2).sum(axis=-1))
    return alpha * np.clip((GATE[1] - chroma) / (GATE[1] - GATE[0]), 0.0, 1.0)


@lru_cache(maxsize=1)
def wide_open_share() -> float:
    """The share of mouth_box that the D viseme's interior covers: drawn once, clean, as at 720p."""
    k = 36.0  # px per mouth unit: a presenter 430 px high
    bx, by, bw, bh = BOX
    w, h = round(bw * k), round(bh * k)
    arr = np.zeros((h, w, 4), np.uint8)
    surface = skia.Surface(arr, colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kPremul_AlphaType)
    canvas = surface.getCanvas()
    canvas.clear(0xFFE0B290)
    canvas.translate(-bx * k, -by * k)
    canvas.scale(k, k)
    draw_mouth(canvas, "D", *mouth_colours(0xFFE0B290))
    del surface
    return float(interior_weight(arr).mean())


def openness_from_pixels(rgb: np.ndarray) -> float:
    """How open the mouth is (0 closed .. 1 the wide-open D) in an HxWx3 uint8 crop of mouth_box.

    The crop may come from a decoded H.264 frame (4:2:0 chroma, noise): the interior-coloured share
    of the crop over the share D covers, clipped to 0..1. Closed mouths (A, X) read ~0.
    """
    if rgb.ndim != 3 or rgb.shape[2] < 3 or rgb.shape[0] == 0 or rgb.shape[1] == 0:
        raise ValueError(f"expected an HxWx3 crop of mouth_box, got an array of shape {rgb.shape}")
    return float(min(1.0, max(0.0, interior_weight(rgb).mean() / wide_open_share())))
