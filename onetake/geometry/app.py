"""App geometry: a desktop window mock-up (title bar, sidebar, toolbar, note cards) and its click targets."""

from __future__ import annotations

from dataclasses import dataclass

from ..timeline import Scene
from .common import Box, content_box, heading_box, unit

ICON_BUTTONS = ("search", "new", "share", "settings", "bell", "user")  # toolbar ids drawn as icons
CURSOR_REST = (0.74, 0.78)  # cursor rest position, fractions of the app window


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
    """Every part of the app window, in pixels: a desktop-like window centred in the content area."""
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
    g = AppGeometry(win, tb, sidebar, toolbar, search, content, buttons, items, cards, toast, rest, 14 * u)
    return _mirrored(g, width) if scene.direction == "rtl" else g


def _mirrored(g: AppGeometry, width: int) -> AppGeometry:
    """The window as a right-to-left app lays it out: sidebar on the right, toolbar buttons and toast
    on the left, the cursor's rest mirrored (so its paths and the click sounds' pan mirror too)."""
    def flip(box: Box) -> Box:
        x, y, w, h = box
        return (width - x - w, y, w, h)

    return AppGeometry(flip(g.window), flip(g.titlebar), flip(g.sidebar), flip(g.toolbar), flip(g.search),
                       flip(g.content), {k: flip(b) for k, b in g.buttons.items()},
                       {k: flip(b) for k, b in g.sidebar_items.items()}, tuple(flip(b) for b in g.cards),
                       flip(g.toast), (width - g.rest[0], g.rest[1]), g.radius)


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


def boxes(scene: Scene, width: int, height: int, sample: int) -> dict[str, Box]:
    """Element ids of an app scene: "title", "target:<name>" (search, sidebar items, buttons; lowercase), "toast"."""
    g = app_geometry(scene, width, height)
    out: dict[str, Box] = {"title": heading_box(width, height), "target:search": g.search}
    for text, box in g.sidebar_items.items():
        out[f"target:{text.lower()}"] = box
    for b, box in g.buttons.items():
        out[f"target:{b.lower()}"] = box  # a button wins over a sidebar item of the same name
    out["toast"] = g.toast
    return out
