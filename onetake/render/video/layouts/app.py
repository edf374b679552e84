"""App: a desktop app window mock-up (title bar, sidebar, toolbar, note cards) driven by a cursor.

Clicks select sidebar entries or press toolbar buttons, typing fills the search field glyph by
glyph, notifications slide in as toasts at the bottom right of the window.
"""

from __future__ import annotations

from typing import NamedTuple

import skia

from ....geometry.app import ICON_BUTTONS, AppGeometry, app_geometry, app_target
from .. import cursor, text
from ..draw import card, fill, icon, inset, rect, rrect, sidebar_icon, stroke
from ..scene import Op, SceneContext, enter_style, heading_op
from ..theme import ARRIVE_BEFORE_CLICK, EXIT, LARGE_IN, TOAST_HOLD, accelerate, decelerate, mix, ms, with_alpha

HERO = False
TOAST_IN = ms(350)
SEARCH_RESULTS = 2  # note cards left on screen while a search has text
# Skeleton text lines of the note cards (fractions of the card width), fixed so frames are stable.
_LINES = ((0.62, 0.92, 0.84, 0.55), (0.48, 0.88, 0.9, 0.7), (0.7, 0.8, 0.6, 0.0),
          (0.55, 0.9, 0.75, 0.82), (0.66, 0.86, 0.5, 0.0), (0.5, 0.94, 0.88, 0.64))
_TRAFFIC = (0xFFFF5F57, 0xFFFEBC2E, 0xFF28C840)


class AppState(NamedTuple):
    """What every frame of one app scene shares: its geometry, its clicks and the cursor's moves.

    clicks: (sample of the click, target name, target box, where the cursor tip lands), in time order.
    """

    geometry: AppGeometry
    clicks: list[tuple[int, str, tuple, tuple[float, float]]]
    moves: list[cursor.Move]


def app_state(ctx: SceneContext) -> AppState:
    """The scene's AppState, derived once per scene (clicks on targets the app lacks are dropped)."""
    if "app" not in ctx.memo:
        g = app_geometry(ctx.scene, ctx.width, ctx.height)
        clicks = []
        for at, element in ctx.clicks:
            name = element.split(":", 1)[1] if ":" in element else element
            box = app_target(g, name)
            if box is not None:
                clicks.append((at, name, box, click_point(g, name, box)))
        moves = cursor.plan_moves([(at, pt) for at, _, _, pt in clicks], g.rest, ctx.scene.start, ctx.u)
        ctx.memo["app"] = AppState(g, clicks, moves)
    return ctx.memo["app"]


def click_point(g: AppGeometry, name: str, box) -> tuple[float, float]:
    """Where the cursor tip lands on a target: on the label of a list row or field, else the centre."""
    x, y, w, h = box
    if box is g.search or name.lower() in {k.lower() for k in g.sidebar_items}:
        return (x + min(0.35 * w, 90 * (h / 44)), y + h / 2)
    return (x + w / 2, y + h / 2)


def typed_text(ctx: SceneContext, sample: int) -> str:
    """The search field's text at `sample`: exactly the glyphs whose key events are at or before it.

    A new `type` action (another cue) replaces what the field held.
    """
    typed, action = "", (None, None)
    for at, cue, char, whole in ctx.keys:
        if at > sample:
            break
        # Another cue or another target text starts a new action (a missing one continues it).
        if (cue and cue != action[0]) or (whole and whole != action[1]):
            typed, action = "", (cue or action[0], whole or action[1])
        typed += char
    return typed


def ops(ctx: SceneContext, sample: int) -> list[Op]:
    """The app scene at `sample`: the heading, the window (its selection, focus and search results as
    the clicks and keys so far leave them), the typed text, click feedback, the toast and the cursor."""
    u = ctx.u
    g, clicks, moves = app_state(ctx)
    out = [op for op in (heading_op(ctx, sample),) if op]
    p = ctx.progress(ctx.appear("window"), sample, LARGE_IN)
    if p is None:
        return out
    alpha, dy = enter_style(p, u, rise=24)
    sidebar = list(g.sidebar_items)
    selected = sidebar[0] if sidebar else None
    focused = False
    for at, name, box, _ in clicks:
        if at <= sample:
            if box is g.search:
                focused = True
            for s in sidebar:
                if s.lower() == name.lower():
                    selected = s
    typed = typed_text(ctx, sample)
    focused = focused or any(at <= sample for at, *_ in ctx.keys)
    settled = p >= 1
    query = typed.strip()
    out.append(Op(("window", selected, focused, query) if settled else None,
                  lambda c: _window(c, ctx, g, selected, focused, query, dy, alpha)))
    out.append(Op(None, lambda c: _search_text(c, ctx, g, typed, focused, sample, dy, alpha)))
    out.append(Op(None, lambda c: _press(c, ctx, g, clicks, sample)))
    toast = _toast_op(ctx, g, sample)
    if toast:
        out.append(toast)
    out.append(Op(None, lambda c: _pointer(c, ctx, g, clicks, moves, sample, alpha)))
    return out


def _window(c: skia.Canvas, ctx: SceneContext, g: AppGeometry, selected, focused: bool, query: str,
            dy: float, alpha: float) -> None:
    """The whole window as it stands (everything but the typed text, click feedback, toast and cursor)."""
    th, u = ctx.theme, ctx.u
    if alpha < 1:
        c.saveLayerAlpha(rect(inset(g.window, -64 * u)), round(alpha * 255))
    c.save()
    c.translate(0, dy)
    card(c, th, g.window, g.radius, u, color=th.surface, elevation=1.6)
    _chrome(c, ctx, g)
    _sidebar_entries(c, ctx, g, selected)
    _search_field(c, ctx, g, focused)
    _toolbar_buttons(c, ctx, g)
    _page(c, ctx, g, selected, query)
    c.restore()
    if alpha < 1:
        c.restore()


def _chrome(c: skia.Canvas, ctx: SceneContext, g: AppGeometry) -> None:
    """Title bar (traffic lights, the app's name) and sidebar panel, clipped to the window; dividers."""
    th, u = ctx.theme, ctx.u
    c.save()
    c.clipRRect(rrect(g.window, g.radius), True)
    c.drawRect(rect(g.titlebar), fill(th.surface_alt))
    tx, ty, tw, thh = g.titlebar
    for i, col in enumerate(_TRAFFIC):
        c.drawCircle(tx + 22 * u + i * 20 * u, ty + thh / 2, 6 * u, fill(col))
    name = str(ctx.scene.props.get("app", {}).get("name", ""))
    if name:
        para = text.paragraph(name, text.Style(17 * u, th.muted, 600, align="center", locale=ctx.lang), tw)
        text.draw(c, para, tx, ty + (thh - para.Height) / 2)
    c.drawRect(rect(g.sidebar), fill(th.surface_alt))
    c.restore()
    line = stroke(th.border, max(1.0, u))
    c.drawLine(tx, ty + thh, tx + tw, ty + thh, line)
    sx, sy, sw, sh = g.sidebar
    c.drawLine(sx + sw, sy, sx + sw, sy + sh, line)
    bx, by, bw, bh = g.toolbar
    c.drawLine(bx, by + bh, bx + bw, by + bh, line)


def _sidebar_entries(c: skia.Canvas, ctx: SceneContext, g: AppGeometry, selected) -> None:
    """Sidebar entries, each with a fitting icon; the selected one gets the accent."""
    th, u = ctx.theme, ctx.u
    for label, box in g.sidebar_items.items():
        x, y, w, h = box
        on = label == selected
        if on:
            c.drawRRect(rrect(box, 8 * u), fill(th.accent_soft))
        colour = th.accent if on else th.muted
        icon(c, sidebar_icon(label), x + 22 * u, y + h / 2, 18 * u, colour)
        para = text.paragraph(label, text.Style(19 * u, th.text if on else th.muted, 600 if on else 500,
                                                align="start", locale=ctx.lang), w - 52 * u)
        text.draw(c, para, x + 44 * u, y + (h - para.Height) / 2)


def _search_field(c: skia.Canvas, ctx: SceneContext, g: AppGeometry, focused: bool) -> None:
    """The empty search field (its text is drawn per frame by `_search_text`), accent-ringed when focused."""
    th, u = ctx.theme, ctx.u
    c.drawRRect(rrect(g.search, g.search[3] / 2), fill(th.surface_alt))
    c.drawRRect(rrect(inset(g.search, 0.5 * u), g.search[3] / 2),
                stroke(th.accent if focused else th.border, (2 if focused else 1) * max(1.0, u)))
    x, y, w, h = g.search
    icon(c, "search", x + 22 * u, y + h / 2, 16 * u, th.muted)


def _toolbar_buttons(c: skia.Canvas, ctx: SceneContext, g: AppGeometry) -> None:
    """Toolbar buttons: known ids are icons, others labelled pills."""
    th, u = ctx.theme, ctx.u
    for b, box in g.buttons.items():
        x, y, w, h = box
        if b in ICON_BUTTONS:
            icon(c, b, x + w / 2, y + h / 2, 20 * u, th.muted)
        else:
            c.drawRRect(rrect(box, h / 2), stroke(th.border, max(1.0, u)))
            para = text.paragraph(b.capitalize(), text.Style(17 * u, th.text, 600, align="center",
                                                             locale=ctx.lang), w)
            text.draw(c, para, x, y + (h - para.Height) / 2)


def _page(c: skia.Canvas, ctx: SceneContext, g: AppGeometry, selected, query: str) -> None:
    """The selected page's name and its note cards; while a search has text, its results instead.

    Results are the notes whose titles match, shown at once as each glyph lands ("results appear
    instantly").
    """
    th, u = ctx.theme, ctx.u
    cx, cy, cw, _ = g.content
    header = f"“{query}”" if query else selected
    if header:
        para = text.paragraph(header, text.Style(26 * u, th.text, 700, display=True, align="start", locale=ctx.lang),
                              cw)
        text.draw(c, para, cx, cy + (48 * u - para.Height) / 2)
    for i, box in enumerate(g.cards[:SEARCH_RESULTS] if query else g.cards):
        _note(c, ctx, box, i, match=query or None)


def _note(c: skia.Canvas, ctx: SceneContext, box, i: int, match: str | None = None) -> None:
    """A note card drawn as a skeleton: tag dot, title bar, text lines (content-free on purpose).

    A search result shows the matched words highlighted in the accent colour: as the first result's
    title, and inside the second result's text.
    """
    th, u = ctx.theme, ctx.u
    x, y, w, h = box
    c.drawRRect(rrect(box, 12 * u), fill(th.surface_alt))
    c.drawRRect(rrect(inset(box, 0.5 * u), 12 * u), stroke(th.border, max(1.0, u)))
    pad = 18 * u
    lines = _LINES[i % len(_LINES)]
    c.drawCircle(x + pad + 5 * u, y + pad + 7 * u, 5 * u, fill(th.series[i % len(th.series)]))
    bar_h = 10 * u
    if match and i == 0:
        _highlight(c, ctx, match, x + pad + 18 * u, y + pad, w - 2 * pad - 18 * u, 17 * u, 600)
    else:
        c.drawRRect(rrect((x + pad + 18 * u, y + pad + 2 * u, (w - 2 * pad - 18 * u) * lines[0], bar_h + 2 * u),
                          6 * u), fill(mix(th.faint, th.muted, 0.45)))
    ly = y + pad + 34 * u
    for k, frac in enumerate(lines[1:]):
        if frac and ly + bar_h < y + h - pad:
            if match and i > 0 and k == 0:
                shown = _highlight(c, ctx, match, x + pad, ly - 4 * u, (w - 2 * pad) * 0.7, 14 * u, 500)
                rest = (w - 2 * pad) * frac - shown - 10 * u
                if rest > 0:
                    c.drawRRect(rrect((x + pad + shown + 10 * u, ly, rest, bar_h), bar_h / 2), fill(th.faint))
            else:
                c.drawRRect(rrect((x + pad, ly, (w - 2 * pad) * frac, bar_h), bar_h / 2), fill(th.faint))
        ly += 22 * u


def _highlight(c: skia.Canvas, ctx: SceneContext, words: str, x: float, y: float, width: float,
               size: float, weight: int) -> float:
    """Draw `words` on an accent highlight at (x, y); returns the width used."""
    th, u = ctx.theme, ctx.u
    para = text.paragraph(words, text.Style(size, th.text, weight, locale=ctx.lang), width)
    used = min(para.LongestLine, width)
    c.drawRRect(rrect((x - 4 * u, y - 1 * u, used + 8 * u, para.Height + 2 * u), 5 * u), fill(th.accent_soft))
    text.draw(c, para, x, y)
    return used + 4 * u


def _search_text(c, ctx: SceneContext, g, typed: str, focused: bool, sample: int, dy: float, alpha: float) -> None:
    th, u = ctx.theme, ctx.u
    x, y, w, h = g.search
    tx = x + 42 * u
    style = text.Style(18 * u, th.text, 500, locale=ctx.lang)
    width = 0.0
    if typed:
        para = text.paragraph(typed, style, 10_000)  # one line; the field clips
        width = para.MaxIntrinsicWidth
        c.save()
        c.clipRect(skia.Rect.MakeXYWH(tx, y, w - 56 * u, h + dy + 2))
        text.draw(c, para, tx, y + dy + (h - para.Height) / 2, alpha)
        c.restore()
    if focused:
        # Caret blinks at 1 Hz (a function of sample only) and stays solid while glyphs arrive. Text-coloured,
        # not accent: a blinking accent mark would read as a click to a pixel-based click detector.
        recent = any(at <= sample < at + ms(500) for at, *_ in ctx.keys)
        if recent or (sample // ms(500)) % 2 == 0:
            cx = min(tx + width + 2 * u, x + w - 14 * u)
            c.drawRect(skia.Rect.MakeXYWH(cx, y + dy + h * 0.25, max(1.0, 2 * u), h * 0.5), fill(with_alpha(th.text, alpha)))


def _press(c, ctx: SceneContext, g, clicks, sample: int) -> None:
    """Hover as the cursor arrives, an accent press that fades after the click."""
    th, u = ctx.theme, ctx.u
    for at, name, box, _ in clicks:
        if at - ARRIVE_BEFORE_CLICK <= sample < at + ms(350):
            rad = box[3] / 2 if box is g.search or name in g.buttons else 8 * u
            if sample < at:
                c.drawRRect(rrect(box, rad), fill(with_alpha(th.faint, 0.5)))
            else:
                k = 1 - (sample - at) / ms(350)
                c.drawRRect(rrect(box, rad), fill(with_alpha(th.accent_soft, k)))


def _toast_text(ctx: SceneContext, cue, data_text: str) -> str:
    if data_text:
        return data_text
    action = str(ctx.scene.props.get("on", {}).get(cue, ""))
    return action.split(" ", 1)[1] if action.startswith("notify ") else action


def _toast_op(ctx: SceneContext, g, sample: int) -> Op | None:
    shown = [n for n in ctx.notifies if n[0] <= sample]
    if not shown:
        return None
    at, cue, data_text = shown[-1]
    th, u = ctx.theme, ctx.u
    p_in = ctx.progress(at, sample, TOAST_IN)
    p_out = ctx.progress(at + TOAST_HOLD, sample, EXIT) or 0.0
    if p_out >= 1:
        return None
    x, y, w, h = g.toast
    offset = (1 - decelerate(p_in)) * (w + 40 * u) + accelerate(p_out) * (w + 40 * u)
    msg = text.paragraph(_toast_text(ctx, cue, data_text),
                         text.Style(20 * u, th.text, 600, locale=ctx.lang, line_height=1.2), w - 100 * u)
    # Under the message, the app's own (localized) name, as desktop notifications show it.
    name = str(ctx.scene.props.get("app", {}).get("name", ""))
    sub = text.paragraph(name, text.Style(16 * u, th.muted, 400, locale=ctx.lang), w - 100 * u) if name else None

    def paint(c):
        c.save()
        c.clipRRect(rrect(g.window, g.radius), True)  # slides in from the window's edge
        c.translate(offset, 0)
        card(c, th, g.toast, 14 * u, u, color=th.surface, border=th.border, elevation=1.4)
        d = 36 * u
        c.drawCircle(x + 20 * u + d / 2, y + h / 2, d / 2, fill(th.accent))
        icon(c, "check", x + 20 * u + d / 2, y + h / 2, 18 * u, th.on_accent)
        block = msg.Height + (sub.Height if sub else 0)
        text.draw(c, msg, x + 76 * u, y + (h - block) / 2)
        if sub:
            text.draw(c, sub, x + 76 * u, y + (h - block) / 2 + msg.Height)
        c.restore()

    return Op(None, paint)


def pointer_hidden(ctx: SceneContext, moves, sample: int) -> bool:
    """Like a desktop, the pointer hides on a keystroke and shows again when it next moves.

    Both are instant (as on a real desktop), so the only change they add lands on a key frame or a
    move's first frame, never as a fade across the frames a sync check compares.
    """
    starts = [m.start for m in moves if m.start <= sample]
    since = starts[-1] if starts else ctx.scene.start
    return any(since <= at <= sample for at, *_ in ctx.keys)


def _pointer(c, ctx: SceneContext, g, clicks, moves, sample: int, alpha: float) -> None:
    for at, _, _, point in clicks:
        cursor.paint_ring(c, point, at, sample, ctx.frame_len, ctx.u, ctx.theme.accent)
    if not pointer_hidden(ctx, moves, sample):
        tip = cursor.position(moves, g.rest, sample)
        cursor.paint_cursor(c, tip, cursor.press_scale([at for at, *_ in clicks], sample), ctx.u, alpha)
