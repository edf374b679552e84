"""Where every element of every layout sits on screen: pure geometry, shared by planner and renderer.

The planner pans each sound by `element_x`; the video renderer draws at the boxes computed here, so
the two always agree. Everything is derived from the frame size: one unit `u` is a pixel at 1080p
(`u = min(height / 1080, width / 1920)`), spacing follows the 8-px grid of VISUAL.md scaled by `u`,
and text stays inside the 5 % safe margins. The bottom band (below `CONTENT_BOTTOM`) is kept free
for burned-in captions, so a caption never covers a callout.

Boxes are `(x, y, w, h)`. The `*_geometry` functions and `boxes_px` work in pixels (what the
renderer needs); `element_box` and `element_x` return fractions of the frame (what the planner needs).
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from functools import lru_cache

from .timeline import Scene

Box = tuple[float, float, float, float]

MARGIN = 0.05  # safe area: text inside the central 90 % of width and height
CONTENT_BOTTOM = 0.83  # below this is the caption band (bottom 10-15 % of the frame)
ICON_BUTTONS = ("search", "new", "share", "settings", "bell", "user")
ZOOM = 1.08  # camera scale range of the image layout
CURSOR_REST = (0.74, 0.78)  # cursor rest position, fractions of the app window


def unit(width: int, height: int) -> float:
    """Pixels per design pixel at 1080p; scales with height for 16:9, limited by width otherwise."""
    return min(height / 1080, width / 1920)


def safe_box(width: int, height: int) -> Box:
    """The title-safe area: the frame less 5 % margins on each side, in pixels."""
    return (MARGIN * width, MARGIN * height, (1 - 2 * MARGIN) * width, (1 - 2 * MARGIN) * height)


def heading_box(width: int, height: int) -> Box:
    """The scene heading (top left, under a small accent bar), in pixels."""
    u = unit(width, height)
    x, y, w, _ = safe_box(width, height)
    return (x, y + 22 * u, w, 64 * u)


def content_box(width: int, height: int) -> Box:
    """The area under the heading and above the caption band, in pixels."""
    u = unit(width, height)
    x, y, w, _ = safe_box(width, height)
    hx, hy, hw, hh = heading_box(width, height)
    top = hy + hh + 32 * u
    return (x, top, w, CONTENT_BOTTOM * height - top)


# ---------------------------------------------------------------------------------------- title, end


@dataclass(frozen=True, slots=True)
class TitleGeometry:
    """Title card: the title (text bottom-aligned in its box) and the subtitle right under it."""

    title: Box
    subtitle: Box


def title_geometry(width: int, height: int) -> TitleGeometry:
    u = unit(width, height)
    w = min(0.8 * width, 1500 * u)
    x = (width - w) / 2
    title = (x, 0.20 * height, w, 0.26 * height)
    sub = (x, title[1] + title[3] + 24 * u, w, 0.12 * height)
    return TitleGeometry(title=title, subtitle=sub)


@dataclass(frozen=True, slots=True)
class EndGeometry:
    """End card: the heading, the call-to-action button and the URL under it."""

    title: Box
    cta: Box
    url: Box


def end_geometry(scene: Scene, width: int, height: int) -> EndGeometry:
    u = unit(width, height)
    w = min(0.8 * width, 1500 * u)
    x = (width - w) / 2
    title = (x, 0.16 * height, w, 0.24 * height)
    cta_text = str(scene.props.get("cta", ""))
    # The renderer measures the real text; this estimate (0.6 em per character) only sizes the box.
    bw = min(0.8 * width, max(320 * u, len(cta_text) * 0.6 * 36 * u + 2 * 48 * u + 40 * u))
    bh = 88 * u
    cta = ((width - bw) / 2, title[1] + title[3] + 48 * u, bw, bh)
    url = (x, cta[1] + bh + 32 * u, w, 48 * u)
    return EndGeometry(title=title, cta=cta, url=url)


# ------------------------------------------------------------------------------------------ bullets


def bullet_boxes(scene: Scene, width: int, height: int) -> dict[str, Box]:
    """One card per item, stacked and centred vertically in the content area, in display order."""
    u = unit(width, height)
    cues = list(scene.props.get("items", {}))
    cx, cy, cw, ch = content_box(width, height)
    n = max(1, len(cues))
    gap = 16 * u
    row = min(112 * u, (ch - (n - 1) * gap) / n)
    total = n * row + (n - 1) * gap
    top = cy + (ch - total) / 2
    w = min(cw, 1320 * u)
    return {f"item:{cue}": (cx, top + i * (row + gap), w, row) for i, cue in enumerate(cues)}


# -------------------------------------------------------------------------------------------- image


@lru_cache(maxsize=64)
def image_size(path: str) -> tuple[int, int]:
    """(width, height) of a PNG or JPEG, read from its header (no decoding)."""
    with open(path, "rb") as f:
        head = f.read(32)
        if head[:8] == b"\x89PNG\r\n\x1a\n":
            return struct.unpack(">II", head[16:24])
        if head[:2] == b"\xff\xd8":
            f.seek(2)
            while True:
                marker = f.read(2)
                if len(marker) < 2 or marker[0] != 0xFF:
                    break
                size = struct.unpack(">H", f.read(2))[0]
                if 0xC0 <= marker[1] <= 0xCF and marker[1] not in (0xC4, 0xC8, 0xCC):
                    h, w = struct.unpack(">xHH", f.read(5))
                    return (w, h)
                f.seek(size - 2, 1)
    raise ValueError(f"{path}: not a PNG or JPEG image (or a damaged one)")


def image_frame(scene: Scene, width: int, height: int) -> Box:
    """Where the screenshot sits: fitted (aspect kept) and centred in the content area, in pixels."""
    cx, cy, cw, ch = content_box(width, height)
    iw, ih = image_size(str(scene.props["image"]))
    s = min(cw / iw, ch / ih)
    w, h = iw * s, ih * s
    return (cx + (cw - w) / 2, cy + (ch - h) / 2, w, h)


def camera(scene: Scene, t: int) -> tuple[float, float, float]:
    """(scale, cx, cy) of the camera at sample `t`: the image point (fractions) at the frame's centre.

    Linear over the whole scene (continuous drift is the one place VISUAL.md allows linear motion),
    then nudged so that every callout region stays whole on screen: a highlight cut by the frame's
    edge looks like a mistake.
    """
    span = max(1, scene.end - scene.start)
    p = min(1.0, max(0.0, (t - scene.start) / span))
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
    boxes = [tuple(c["box"]) for c in scene.props.get("callouts", {}).values()]
    xs = [(b[0], b[0] + b[2]) for b in boxes]
    ys = [(b[1], b[1] + b[3]) for b in boxes]
    if boxes:  # zoom no further than lets all callouts fit at once
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


def callout_box(scene: Scene, cue: str, width: int, height: int, t: int) -> Box:
    """A callout's highlighted region on screen at sample `t`, in pixels, clipped to the image frame."""
    frame = image_frame(scene, width, height)
    x, y, w, h = image_to_frame(frame, camera(scene, t), tuple(scene.props["callouts"][cue]["box"]))
    fx, fy, fw, fh = frame
    x1, y1 = max(x, fx), max(y, fy)
    x2, y2 = min(x + w, fx + fw), min(y + h, fy + fh)
    return (x1, y1, max(0.0, x2 - x1), max(0.0, y2 - y1))


# ---------------------------------------------------------------------------------------------- app


@dataclass(frozen=True, slots=True)
class AppGeometry:
    """An app window mock-up: chrome, sidebar, toolbar and content, all in pixels."""

    window: Box
    titlebar: Box
    sidebar: Box
    toolbar: Box
    search: Box
    content: Box
    buttons: dict[str, Box]  # button id -> box, in toolbar order
    sidebar_items: dict[str, Box]  # item text -> box
    cards: tuple[Box, ...]
    toast: Box
    rest: tuple[float, float]  # where the cursor waits before its first move
    radius: float


def app_geometry(scene: Scene, width: int, height: int) -> AppGeometry:
    u = unit(width, height)
    app = scene.props.get("app", {})
    cx, cy, cw, ch = content_box(width, height)
    ww = min(cw, ch * 1.9)  # a desktop-like window, not a letterbox strip (nor a tower in portrait)
    wh = min(ch, ww * 0.8)
    win = (cx + (cw - ww) / 2, cy + (ch - wh) / 2, ww, wh)
    wx, wy, _, wh = win
    tb = (wx, wy, ww, 44 * u)
    side_w = min(240 * u, 0.24 * ww)
    body_y = wy + tb[3]
    sidebar = (wx, body_y, side_w, wh - tb[3])
    toolbar = (wx + side_w, body_y, ww - side_w, 72 * u)
    pad = 24 * u
    bh = 40 * u
    by = toolbar[1] + (toolbar[3] - bh) / 2
    # Buttons right-aligned in toolbar order; unknown ids become labelled pills.
    buttons: dict[str, Box] = {}
    right = toolbar[0] + toolbar[2] - pad
    widths = []
    for b in app.get("buttons", ()):
        b = str(b)
        widths.append((b, bh if b in ICON_BUTTONS else len(b) * 0.58 * 18 * u + 32 * u))
    for b, w in reversed(widths):
        right -= w
        buttons[b] = (right, by, w, bh)
        right -= 8 * u
    buttons = dict(reversed(list(buttons.items())))
    sx = toolbar[0] + pad
    search = (sx, by, max(120 * u, min(420 * u, right - 16 * u - sx)), bh)
    items = {}
    iy = body_y + 16 * u
    for text in app.get("sidebar", ()):
        items[str(text)] = (wx + 12 * u, iy, side_w - 24 * u, 44 * u)
        iy += 48 * u
    content = (toolbar[0] + pad, toolbar[1] + toolbar[3] + 8 * u, toolbar[2] - 2 * pad, 0.0)
    content = (*content[:3], wy + wh - pad - content[1])
    # Content: a page header line then a 3 x 2 grid of note cards under it.
    gx, gy, gw, gh = content[0], content[1] + 56 * u, content[2], content[3] - 56 * u
    cols, rows, gap = 3, 2, 16 * u
    cwid, chei = (gw - (cols - 1) * gap) / cols, (gh - (rows - 1) * gap) / rows
    cards = tuple(
        (gx + c * (cwid + gap), gy + r * (chei + gap), cwid, chei) for r in range(rows) for c in range(cols)
    )
    tw, th = min(380 * u, 0.45 * ww), 72 * u
    toast = (wx + ww - pad - tw, wy + wh - pad - th, tw, th)
    rest = (wx + CURSOR_REST[0] * ww, wy + CURSOR_REST[1] * wh)
    return AppGeometry(win, tb, sidebar, toolbar, search, content, buttons, items, cards, toast, rest, 14 * u)


def app_target(geometry: AppGeometry, name: str) -> Box | None:
    """The box of a click target: a button id, then a sidebar item's text, then `search`."""
    key = name.lower()
    for b, box in geometry.buttons.items():
        if b.lower() == key:
            return box
    for text, box in geometry.sidebar_items.items():
        if text.lower() == key:
            return box
    return geometry.search if key == "search" else None


# -------------------------------------------------------------------------------------------- chart


@dataclass(frozen=True, slots=True)
class ChartGeometry:
    """A chart card: plot area, value axis (ticks as (value, y)), label centres and the bars."""

    card: Box
    plot: Box
    legend: Box
    lo: float
    hi: float
    ticks: tuple[tuple[float, float], ...]
    label_x: tuple[float, ...]
    slot: float  # width of one label's column

    def y(self, value: float) -> float:
        """Pixel y of a value on the value axis."""
        px, py, pw, ph = self.plot
        return py + ph * (1 - (value - self.lo) / ((self.hi - self.lo) or 1.0))

    def bar(self, series_index: int, n_series: int, label_index: int, value: float) -> Box:
        """The full-grown bar of one series at one label (bars of a label are grouped)."""
        group = self.slot * 0.72
        w = group / max(1, n_series)
        x = self.label_x[label_index] - group / 2 + series_index * w
        y0, y1 = self.y(0.0), self.y(value)
        return (x + w * 0.08, min(y0, y1), w * 0.84, abs(y0 - y1))


def nice_ticks(lo: float, hi: float, count: int = 5) -> tuple[float, float, list[float]]:
    """Round axis limits and ticks (steps of 1, 2, 2.5 or 5 x 10^k) covering [lo, hi]."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    if hi - lo <= 0:
        hi = lo + 1
    raw = (hi - lo) / max(1, count)  # a step that leaves little empty headroom above the data
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw - 1e-12)
    a, b = math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step
    ticks = [a + i * step for i in range(int(round((b - a) / step)) + 1)]
    return a, b, ticks


def chart_geometry(scene: Scene, width: int, height: int) -> ChartGeometry:
    u = unit(width, height)
    chart = scene.props.get("chart", {})
    cx, cy, cw, ch = content_box(width, height)
    ww = min(cw, ch * 2.0)
    ch = min(ch, ww * 0.8)
    card = (cx + (cw - ww) / 2, cy + (content_box(width, height)[3] - ch) / 2, ww, ch)
    pad = 32 * u
    legend = (card[0] + pad, card[1] + pad, ww - 2 * pad, 32 * u)
    axis_w = 88 * u
    top = legend[1] + legend[3] + 40 * u
    plot = (card[0] + pad + axis_w, top, ww - 2 * pad - axis_w, card[1] + ch - pad - 44 * u - top)
    values = [float(v) for s in chart.get("series", {}).values() for v in s.get("values", ())] or [0.0, 1.0]
    lo, hi, ticks = nice_ticks(min(values), max(values))
    labels = chart.get("labels", ()) or ("",)
    slot = plot[2] / len(labels)
    label_x = tuple(plot[0] + slot * (i + 0.5) for i in range(len(labels)))
    g = ChartGeometry(card, plot, legend, lo, hi, (), label_x, slot)
    return ChartGeometry(card, plot, legend, lo, hi, tuple((v, g.y(v)) for v in ticks), label_x, slot)


# ------------------------------------------------------------------------------------- element ids


def boxes_px(scene: Scene, width: int, height: int, t: int | None = None) -> dict[str, Box]:
    """Every element id of the scene mapped to its box in pixels.

    `t` (a sample) only matters for image callouts, which move with the camera; it defaults to the
    middle of the scene.
    """
    t = (scene.start + scene.end) // 2 if t is None else t
    layout = scene.layout
    if layout == "title":
        g = title_geometry(width, height)
        return {"title": g.title, "subtitle": g.subtitle}
    if layout == "end":
        g = end_geometry(scene, width, height)
        return {"title": g.title, "cta": g.cta}
    boxes: dict[str, Box] = {"title": heading_box(width, height)}
    if layout == "bullets":
        boxes.update(bullet_boxes(scene, width, height))
    elif layout == "image":
        for cue in scene.props.get("callouts", {}):
            boxes[f"callout:{cue}"] = callout_box(scene, cue, width, height, t)
    elif layout == "app":
        g = app_geometry(scene, width, height)
        boxes["target:search"] = g.search
        for text, box in g.sidebar_items.items():
            boxes[f"target:{text.lower()}"] = box
        for b, box in g.buttons.items():
            boxes[f"target:{b.lower()}"] = box  # a button wins over a sidebar item of the same name
        boxes["toast"] = g.toast
    elif layout == "chart":
        g = chart_geometry(scene, width, height)
        for cue in scene.props.get("chart", {}).get("series", {}):
            boxes[f"series:{cue}"] = g.plot
    return boxes


def element_box(scene: Scene, element: str, width: int, height: int, t: int | None = None) -> Box:
    """The box of one element as fractions of the frame (x, y, w, h).

    Element ids: "title", "subtitle", "item:<cue>", "callout:<cue>", "target:<name>", "toast",
    "series:<cue>", "cta"; "scene" is the whole frame. Raises ValueError for an id the scene lacks.
    """
    if element == "scene":
        return (0.0, 0.0, 1.0, 1.0)
    boxes = boxes_px(scene, width, height, t)
    box = boxes.get(element)
    if box is None and element.startswith("target:"):
        box = boxes.get(element.lower())
    if box is None:
        raise ValueError(
            f"scene {scene.index} ({scene.layout}) has no element {element!r}; it has: {', '.join(boxes)}"
        )
    x, y, w, h = box
    return (x / width, y / height, w / width, h / height)


def element_x(scene: Scene, element: str, width: int, height: int) -> float:
    """Horizontal centre of an element, 0 (left edge) .. 1 (right edge): drives sound panning."""
    x, _, w, _ = element_box(scene, element, width, height)
    return min(1.0, max(0.0, x + w / 2))

