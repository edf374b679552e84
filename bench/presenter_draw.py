"""Milliseconds per frame to draw the presenter (both styles) at 720p and 1080p, one process.

Each size draws 300 frames whose poses vary as speech does (visemes, blinks, breath, gaze and a
gesture easing in and out) onto a 1280x720 RGBA raster surface, after one warm-up frame; the
figure is the median, with the 90th percentile beside it.

    .venv/bin/python bench/presenter_draw.py [--frames 300] [--sheet docs/presenter_styles.png]

`--sheet PATH` also writes the contact sheet of both styles: every gesture, then every viseme.
"""

from __future__ import annotations

import argparse
import math
import time

import cv2
import numpy as np
import skia

from onetake.lipsync import VISEMES
from onetake.fonts import fonts
from onetake.render.video.presenter import GESTURES, Look, Pose, draw_presenter, mouth_box
from onetake.render.video.theme import DAYLIGHT, MIDNIGHT


def poses(n: int) -> list[Pose]:
    """n poses that change every frame, like a presenter mid-sentence."""
    out = []
    for i in range(n):
        gesture = GESTURES[(i // 50) % len(GESTURES)]
        out.append(Pose(viseme=VISEMES[(i * 7) % len(VISEMES)], blink=max(0.0, 1 - abs(i % 90 - 4) / 4),
                        breath=math.sin(i / 24), gaze=0.6 * math.sin(i / 70), gesture=gesture,
                        amount=math.sin(math.pi * (i % 50) / 50) ** 2, mirrored=bool((i // 300) % 2)))
    return out


def bench(style: str, frame_height: int, n: int) -> tuple[float, float]:
    """(median, 90th percentile) ms per frame for one style with its box 0.6 of frame_height high."""
    arr = np.zeros((720, 1280, 4), np.uint8)
    surface = skia.Surface(arr, colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kPremul_AlphaType)
    canvas = surface.getCanvas()
    h = 0.6 * frame_height
    box = (1280 - 1.18 * h, 720 - h, 1.18 * h, h)  # bottom right, as a corner presenter sits
    look = Look(style=style)
    bg = skia.Paint(Color=MIDNIGHT.bg_top)
    todo = poses(n)
    draw_presenter(canvas, box, look, todo[0], MIDNIGHT)
    times = []
    for pose in todo:
        canvas.drawRect(skia.Rect.MakeXYWH(*box), bg)  # what a compositor does: restore the backdrop
        t0 = time.perf_counter()
        draw_presenter(canvas, box, look, pose, MIDNIGHT)
        times.append(time.perf_counter() - t0)
    del surface
    ms = np.array(times) * 1000
    return float(np.median(ms)), float(np.percentile(ms, 90))


def sheet(path: str, width: int = 1280, height: int = 720) -> None:
    """A contact sheet: per style a row of poses and gestures, then a row of close-ups of the visemes."""
    arr = np.zeros((height, width, 4), np.uint8)
    surface = skia.Surface(arr, colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kPremul_AlphaType)
    canvas = surface.getCanvas()
    font = skia.Font(fonts().typeface(500), 12)
    rows = [(Look(), MIDNIGHT), (Look(style="mascot", hair=0xFFF7B955), DAYLIGHT)]
    gestures = [("rest", Pose())] + [(g, Pose(viseme="C" if g == "wave" else "X", gesture=g, amount=1.0))
                                     for g in GESTURES]
    band = height / 2
    for r, (look, th) in enumerate(rows):
        top = r * band
        canvas.drawRect(skia.Rect.MakeXYWH(0, top, width, band), skia.Paint(Color=th.bg_top))
        label = skia.Paint(Color=th.muted, AntiAlias=True)
        cw, ch = width / len(gestures), 0.6 * band
        for k, (name, pose) in enumerate(gestures):
            draw_presenter(canvas, (k * cw + 2, top + 6, cw - 4, ch - 12), look, pose, th)
            canvas.drawString(name, k * cw + 8, top + ch + 4, font, label)
        cw = width / len(VISEMES)
        for k, v in enumerate(VISEMES):
            # Zoom so the mouth box fills the middle of its cell.
            cell = skia.Rect.MakeXYWH(k * cw, top + ch + 10, cw, band - ch - 14)
            probe = mouth_box((0, 0, 1180, 1000), look)
            z = 0.34 * cell.height() / probe[3]
            cx, cy = cell.centerX(), cell.centerY() + 0.7 * z * probe[3]  # the eyes in view above the mouth
            box = (cx - z * (probe[0] + probe[2] / 2), cy - z * (probe[1] + probe[3] / 2), z * 1180, z * 1000)
            canvas.save()
            canvas.clipRRect(skia.RRect.MakeRectXY(cell.makeInset(6, 4), 10, 10), True)
            draw_presenter(canvas, box, look, Pose(viseme=v, blink=1.0 if v == "X" else 0.0), th)
            canvas.restore()
            canvas.drawString(v, cell.left() + 12, cell.bottom() - 10, font, skia.Paint(Color=th.text, AntiAlias=True))
    del surface
    cv2.imwrite(path, cv2.cvtColor(arr[..., :3], cv2.COLOR_RGB2BGR), [cv2.IMWRITE_PNG_COMPRESSION, 9])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=300)
    ap.add_argument("--sheet", help="also write the contact sheet (PNG) here")
    args = ap.parse_args()
    if args.sheet:
        sheet(args.sheet)
    for style in ("person", "mascot"):
        for frame_height in (720, 1080):
            med, p90 = bench(style, frame_height, args.frames)
            print(f"{style:7s} {frame_height}p  box {0.6 * frame_height:.0f} px high: {med:.3f} ms/frame median "
                  f"({p90:.3f} p90) over {args.frames} frames")


if __name__ == "__main__":
    main()
