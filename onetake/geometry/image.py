"""Image geometry: the screenshot's frame, the camera's drift over it, and the callouts it shows.

The image's size comes from the scene's props (`image_size: (w, h)`, measured by the storyboard's
check when it reads the file), so geometry never opens a file.
"""

from __future__ import annotations

from ..timeline import Scene
from .common import Box, content_box, heading_box

ZOOM = 1.08  # camera scale range of the image layout


def image_frame(scene: Scene, width: int, height: int) -> Box:
    """Where the screenshot sits: fitted (aspect kept) and centred in the content area, in pixels."""
    size = scene.props.get("image_size")
    if not size:
        raise ValueError(f"scene {scene.index} (image) has no image_size in its props: plan the storyboard again")
    cx, cy, cw, ch = content_box(width, height)
    iw, ih = size
    s = min(cw / iw, ch / ih)
    w, h = iw * s, ih * s
    return (cx + (cw - w) / 2, cy + (ch - h) / 2, w, h)


def camera(scene: Scene, sample: int) -> tuple[float, float, float]:
    """(scale, cx, cy) of the camera at `sample`: the image point (fractions) at the frame's centre.

    Linear over the whole scene (continuous drift is the one place docs/visual.md allows linear
    motion), then nudged so that every callout region stays whole on screen: a highlight cut by the
    frame's edge looks like a mistake.
    """
    span = max(1, scene.end - scene.start)
    p = min(1.0, max(0.0, (sample - scene.start) / span))
    mode = scene.props.get("camera", "zoom-in")
    if mode == "zoom-in":
        scale, cx, cy = 1 + (ZOOM - 1) * p, 0.5, 0.5
    elif mode == "zoom-out":
        scale, cx, cy = ZOOM - (ZOOM - 1) * p, 0.5, 0.5
    elif mode in ("pan-left", "pan-right"):
        edge = 0.5 / ZOOM  # keeps the frame covered at every point of the pan
        a, b = 1 - edge, edge
        scale, cx, cy = ZOOM, (a + (b - a) * p if mode == "pan-left" else b + (a - b) * p), 0.5
    else:
        return (1.0, 0.5, 0.5)
    regions = [tuple(c["box"]) for c in scene.props.get("callouts", {}).values()]
    xs = [(b[0], b[0] + b[2]) for b in regions]
    ys = [(b[1], b[1] + b[3]) for b in regions]
    if regions:  # zoom no further than lets all callouts fit at once
        reach = max(max(e for _, e in xs) - min(s for s, _ in xs), max(e for _, e in ys) - min(s for s, _ in ys))
        scale = max(1.0, min(scale, 1 / max(reach, 1e-9)))
    return (scale, _keep_in_view(cx, scale, xs), _keep_in_view(cy, scale, ys))


def _keep_in_view(centre: float, scale: float, spans: list[tuple[float, float]]) -> float:
    """The camera centre nearest `centre` (image fractions, one axis) that keeps the frame covered
    by the image and every span inside the frame (the scale is chosen so that both are possible)."""
    half = 0.5 / scale  # half the visible width, in image fractions
    lo = max([half] + [end - half for _, end in spans])
    hi = min([1 - half] + [start + half for start, _ in spans])
    return min(max(centre, lo), max(lo, hi))


def image_to_frame(frame: Box, cam: tuple[float, float, float], box: Box) -> Box:
    """Map a box in image fractions to pixels through the camera."""
    fx, fy, fw, fh = frame
    s, cx, cy = cam
    x0 = fx + fw * (0.5 + s * (box[0] - cx))
    y0 = fy + fh * (0.5 + s * (box[1] - cy))
    return (x0, y0, fw * s * box[2], fh * s * box[3])


def callout_box(scene: Scene, cue: str, width: int, height: int, sample: int) -> Box:
    """A callout's highlighted region on screen at `sample`, in pixels, clipped to the image frame."""
    frame = image_frame(scene, width, height)
    x, y, w, h = image_to_frame(frame, camera(scene, sample), tuple(scene.props["callouts"][cue]["box"]))
    fx, fy, fw, fh = frame
    x1, y1 = max(x, fx), max(y, fy)
    x2, y2 = min(x + w, fx + fw), min(y + h, fy + fh)
    return (x1, y1, max(0.0, x2 - x1), max(0.0, y2 - y1))


def boxes(scene: Scene, width: int, height: int, sample: int) -> dict[str, Box]:
    """Element ids of an image scene: "title" and one "callout:<cue>" per callout (where it is at `sample`)."""
    out: dict[str, Box] = {"title": heading_box(width, height)}
    for cue in scene.props.get("callouts", {}):
        out[f"callout:{cue}"] = callout_box(scene, cue, width, height, sample)
    return out
