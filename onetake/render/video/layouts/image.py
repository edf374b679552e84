"""Image: a screenshot in a rounded frame with slow camera drift; callouts spotlight a region.

On a callout's frame the rest of the image dims, the region gets an accent outline and its label
pops in under it; a later callout moves the spotlight from the previous region to its own.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache

import cv2
import numpy as np
import skia

from ....errors import RenderError
from ....geometry.image import ZOOM, callout_box, camera, image_frame
from .. import text
from ..draw import card, fill, inset, rrect, stroke
from ..scene import Op, SceneContext, enter_style, heading_op
from ..theme import LARGE_IN, SMALL_IN, decelerate, emphasized, ms, with_alpha

HERO = False
MOVE = ms(450)
_images: OrderedDict = OrderedDict()


def load(path: str, width: int, height: int, matte: int) -> np.ndarray:
    """The image decoded, flattened onto `matte` and resampled to width x height RGBA (cached)."""
    key = (path, width, height, matte)
    img = _images.get(key)
    if img is None:
        src = cv2.imread(path, cv2.IMREAD_UNCHANGED)
        if src is None:
            raise RenderError(f"cannot read image {path!r}: it is missing or not a PNG/JPEG")
        if src.dtype == np.uint16:
            src = (src >> 8).astype(np.uint8)
        if src.ndim == 2:
            src = cv2.cvtColor(src, cv2.COLOR_GRAY2BGRA)
        elif src.shape[2] == 3:
            src = cv2.cvtColor(src, cv2.COLOR_BGR2BGRA)
        rgb = src[..., 2::-1].astype(np.float32)
        a = src[..., 3:4].astype(np.float32) / 255
        bg = np.array([(matte >> 16) & 255, (matte >> 8) & 255, matte & 255], np.float32)
        flat = np.empty(src.shape, np.uint8)
        flat[..., :3] = np.clip(rgb * a + bg * (1 - a) + 0.5, 0, 255)
        flat[..., 3] = 255
        # INTER_AREA when shrinking keeps fine UI text legible; cubic when enlarging.
        shrink = width < src.shape[1]
        img = cv2.resize(flat, (width, height), interpolation=cv2.INTER_AREA if shrink else cv2.INTER_CUBIC)
        img.flags.writeable = False
        _images[key] = img
        if len(_images) > 8:
            _images.popitem(last=False)
    return img


@lru_cache(maxsize=16)
def _corner(r: int) -> np.ndarray:
    """Coverage (r x r x 1) of a quarter disc of radius r in the top-left corner, anti-aliased."""
    yy, xx = np.mgrid[0:r, 0:r].astype(np.float32) + 0.5
    d = np.hypot(r - xx, r - yy)
    return np.clip(r - d + 0.5, 0, 1)[..., None]


def paint_photo(arr: np.ndarray, src: np.ndarray, box: tuple[int, int, int, int], cam, radius: int,
                alpha: float) -> None:
    """Resample the camera's view of `src` into the integer box of `arr`, with rounded corners.

    OpenCV's bilinear warp is ~30x faster here than skia's raster pipeline, and only the four small
    corner patches need blending.
    """
    x, y, w, h = box
    H, W = arr.shape[:2]
    if w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > W or y + h > H:
        return
    s, cx, cy = cam
    ih, iw = src.shape[:2]
    m = np.float32([[w * s / iw, 0, w * (0.5 - s * cx)], [0, h * s / ih, h * (0.5 - s * cy)]])
    view = cv2.warpAffine(src, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    region = arr[y : y + h, x : x + w]
    if alpha < 1.0:
        view = cv2.addWeighted(view, alpha, region, 1.0 - alpha, 0.0)
    r = min(radius, w // 2, h // 2)
    if r > 0:
        cov = _corner(r)
        corners = ((slice(0, r), slice(0, r), cov), (slice(0, r), slice(w - r, w), cov[:, ::-1]),
                   (slice(h - r, h), slice(0, r), cov[::-1]), (slice(h - r, h), slice(w - r, w), cov[::-1, ::-1]))
        for sy, sx, k in corners:
            view[sy, sx] = (view[sy, sx] * k + region[sy, sx] * (1 - k) + 0.5).astype(np.uint8)
    region[:] = view


def ops(ctx: SceneContext, sample: int) -> list[Op]:
    """The image scene at `sample`: the heading, the screenshot in its card under the camera's drift,
    and the spotlight of the latest callout (dimming the rest, its label under it)."""
    th, u, scene = ctx.theme, ctx.u, ctx.scene
    out = [op for op in (heading_op(ctx, sample),) if op]
    p = ctx.progress(ctx.appear("image"), sample, LARGE_IN)
    if p is None:
        return out
    frame = image_frame(scene, ctx.width, ctx.height)
    radius = round(16 * u)
    alpha, dy = enter_style(p, u, rise=24)
    cam = camera(scene, sample)
    still = scene.props.get("camera", "zoom-in") == "still"
    # Integer pixels, so the photo, its card and its border line up exactly.
    box = (round(frame[0]), round(frame[1] + dy), round(frame[2]), round(frame[3]))
    # Resampled once to the largest size the camera shows, so each frame warps near 1:1.
    src = load(str(ctx.file(scene.props["image"])), round(box[2] * ZOOM), round(box[3] * ZOOM), th.surface_alt)

    def paint_frame(c):
        card(c, th, box, radius, u, color=th.surface_alt, elevation=1.2, alpha=alpha)

    def paint_border(c):
        c.drawRRect(rrect(inset(box, 0.5 * max(1.0, u)), radius), stroke(with_alpha(th.border, alpha), max(1.0, u)))

    settled = p >= 1
    out.append(Op(("frame",) if settled else None, paint_frame))
    out.append(Op(("image",) if settled and still else None,
                  lambda arr: paint_photo(arr, src, box, cam, radius, alpha), pixels=True))
    out.append(Op(("border",) if settled and still else None, paint_border))
    callout_op = _callouts(ctx, sample, box, radius)
    if callout_op:
        out.append(callout_op)
    return out


def _callouts(ctx: SceneContext, sample: int, frame, radius: float) -> Op | None:
    th, u, scene = ctx.theme, ctx.u, ctx.scene
    callouts = scene.props.get("callouts", {})
    timed = sorted((ctx.appear(f"callout:{cue}"), i, cue) for i, cue in enumerate(callouts))
    shown = [(at, cue) for at, _, cue in timed if at <= sample]
    if not shown:
        return None
    at, cue = shown[-1]
    box = callout_box(scene, cue, ctx.width, ctx.height, sample)
    move = ctx.progress(at, sample, MOVE)
    if len(shown) > 1:  # the spotlight travels from the previous region
        prev = callout_box(scene, shown[-2][1], ctx.width, ctx.height, sample)
        e = emphasized(move)
        box = tuple(a + (b - a) * e for a, b in zip(prev, box))
        dim_k = 1.0
    else:
        dim_k = decelerate(ctx.progress(at, sample, SMALL_IN))
    lp = ctx.progress(at, sample, SMALL_IN)
    label = str(callouts[cue].get("label", ""))
    pill_style = text.Style(28 * u, th.on_accent, 600, locale=ctx.lang)
    para = text.paragraph(label, pill_style, frame[2] * 0.8) if label else None
    dark = 0x8C000000 if th.name == "midnight" else 0x73101828

    def paint(c):
        x, y, w, h = box
        r = min(12 * u, w / 2, h / 2)
        hole = rrect(box, r)
        path = skia.Path()
        path.setFillType(skia.PathFillType.kEvenOdd)
        path.addRRect(rrect(frame, radius))
        path.addRRect(hole)
        c.drawPath(path, fill(with_alpha(dark, dim_k)))
        c.drawRRect(hole, stroke(with_alpha(0x66000000, dim_k), 6 * u))
        c.drawRRect(hole, stroke(with_alpha(th.accent, min(1.0, 0.2 + dim_k)), 3 * u))
        if para is None:
            return
        alpha, dy = enter_style(lp, u, rise=10)
        pw, ph = min(para.MaxIntrinsicWidth, frame[2] * 0.8) + 32 * u, para.Height + 16 * u
        fx, fy, fw, fh = frame
        px = min(max(x + w / 2 - pw / 2, fx + 12 * u), fx + fw - 12 * u - pw)
        below, above = y + h + 14 * u, y - 14 * u - ph
        py = below if below + ph <= fy + fh - 12 * u else above if above >= fy + 12 * u else y + h - ph - 12 * u
        c.save()
        c.translate(0, dy)
        shadow = skia.Paint(Color=with_alpha(0x80000000, alpha), AntiAlias=True,
                            MaskFilter=skia.MaskFilter.MakeBlur(skia.kNormal_BlurStyle, 6 * u))
        c.drawRRect(rrect((px, py + 3 * u, pw, ph), ph / 2), shadow)
        c.drawRRect(rrect((px, py, pw, ph), ph / 2), fill(with_alpha(th.accent, alpha)))
        text.draw(c, para, px + 16 * u, py + 8 * u, alpha)
        c.restore()

    still = scene.props.get("camera", "zoom-in") == "still"
    settled = still and move >= 1 and lp >= 1 and (len(shown) > 1 or dim_k >= 1)
    return Op(("callout", cue) if settled else None, paint)
