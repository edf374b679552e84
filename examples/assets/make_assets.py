"""Draw the example screenshot: a 1600x1000 dashboard of the fictional app "Acme Notes".

Run from anywhere: `.venv/bin/python examples/assets/make_assets.py`. It rewrites
`acme_dashboard.png` beside this file and prints the callout boxes (fractions of the image) that
examples/onboarding.md uses, so the two stay in step if the layout changes.
"""

from __future__ import annotations

from pathlib import Path

import fontpkg_inter
import skia

W, H = 1600, 1000
HERE = Path(__file__).resolve().parent
INTER = fontpkg_inter.ROOT / "files" / "Inter[opsz,wght].ttf"

INK, MUTED, LINE = 0xFF1F2433, 0xFF6B7280, 0xFFE5E7EB
PAGE, CARD, ACCENT, ACCENT_SOFT = 0xFFF5F6FA, 0xFFFFFFFF, 0xFF4F46E5, 0xFFEEF0FF
GREEN, AMBER, ROSE = 0xFF16A34A, 0xFFD97706, 0xFFE11D48

SIDEBAR_W, TOPBAR_H, PAD = 260, 76, 32
STATS = skia.Rect.MakeXYWH(SIDEBAR_W + PAD, 200, W - SIDEBAR_W - 2 * PAD, 132)
CHART = skia.Rect.MakeXYWH(SIDEBAR_W + PAD, 360, 760, 600)
TABLE = skia.Rect.MakeXYWH(CHART.right() + 24, 360, W - CHART.right() - 24 - PAD, 600)
SEARCH = skia.Rect.MakeXYWH(SIDEBAR_W + PAD, 18, 520, 40)

_typefaces: dict[int, skia.Typeface] = {}


def font(size: float, weight: int = 400) -> skia.Font:
    """Inter at a pinned weight (the file is a variable font: set its wght axis explicitly)."""
    if weight not in _typefaces:
        wght = int.from_bytes(b"wght", "big")
        coords = skia.FontArguments.VariationPosition.Coordinates(
            [skia.FontArguments.VariationPosition.Coordinate(wght, weight)]
        )
        args = skia.FontArguments()
        args.setVariationDesignPosition(skia.FontArguments.VariationPosition(coords))
        _typefaces[weight] = skia.Typeface.MakeFromFile(str(INTER)).makeClone(args)
    f = skia.Font(_typefaces[weight], size)
    f.setEdging(skia.Font.Edging.kSubpixelAntiAlias)
    f.setSubpixel(True)
    return f


def paint(color: int, stroke: float = 0) -> skia.Paint:
    p = skia.Paint(AntiAlias=True, Color=color)
    if stroke:
        p.setStyle(skia.Paint.kStroke_Style)
        p.setStrokeWidth(stroke)
    return p


def text(canvas: skia.Canvas, s: str, x: float, y: float, size: float, color: int = INK, weight: int = 400,
         align: str = "left") -> None:
    f = font(size, weight)
    if align != "left":
        width = f.measureText(s)
        x -= width if align == "right" else width / 2
    canvas.drawString(s, x, y, f, paint(color))


def card(canvas: skia.Canvas, r: skia.Rect) -> None:
    blur = skia.MaskFilter.MakeBlur(skia.kNormal_BlurStyle, 8)
    shadow = skia.Paint(AntiAlias=True, Color=0x14000000, MaskFilter=blur)
    canvas.drawRRect(skia.RRect.MakeRectXY(r.makeOffset(0, 3), 14, 14), shadow)
    canvas.drawRRect(skia.RRect.MakeRectXY(r, 14, 14), paint(CARD))
    canvas.drawRRect(skia.RRect.MakeRectXY(r, 14, 14), paint(LINE, 1))


def sidebar(canvas: skia.Canvas) -> None:
    canvas.drawRect(skia.Rect.MakeWH(SIDEBAR_W, H), paint(CARD))
    canvas.drawLine(SIDEBAR_W, 0, SIDEBAR_W, H, paint(LINE, 1))
    canvas.drawRRect(skia.RRect.MakeRectXY(skia.Rect.MakeXYWH(28, 22, 34, 34), 9, 9), paint(ACCENT))
    text(canvas, "A", 45, 46, 20, CARD, 700, "center")
    text(canvas, "Acme Notes", 74, 46, 21, INK, 650)
    items = ["Inbox", "All notes", "Favorites", "Shared", "Archive", "Settings"]
    counts = ["12", "128", "9", "42", "", ""]
    for i, (item, count) in enumerate(zip(items, counts)):
        y = 110 + i * 50
        active = item == "All notes"
        if active:
            canvas.drawRRect(skia.RRect.MakeRectXY(skia.Rect.MakeXYWH(16, y - 28, SIDEBAR_W - 32, 42), 10, 10),
                             paint(ACCENT_SOFT))
        color = ACCENT if active else MUTED
        canvas.drawRRect(skia.RRect.MakeRectXY(skia.Rect.MakeXYWH(34, y - 17, 18, 18), 5, 5), paint(color, 2))
        text(canvas, item, 66, y, 17, ACCENT if active else INK, 600 if active else 450)
        if count:
            text(canvas, count, SIDEBAR_W - 34, y, 14, MUTED, 500, "right")
    text(canvas, "TAGS", 34, 450, 12, MUTED, 650)
    for i, (tag, color) in enumerate([("Work", ACCENT), ("Ideas", AMBER), ("Personal", GREEN), ("Travel", ROSE)]):
        y = 486 + i * 36
        canvas.drawCircle(42, y - 6, 6, paint(color))
        text(canvas, tag, 60, y, 16, INK, 450)
    canvas.drawLine(16, H - 84, SIDEBAR_W - 16, H - 84, paint(LINE, 1))
    canvas.drawCircle(48, H - 44, 18, paint(0xFFFDE68A))
    text(canvas, "DL", 48, H - 38, 14, 0xFF92400E, 700, "center")
    text(canvas, "Dana Lee", 76, H - 48, 16, INK, 600)
    text(canvas, "Pro plan", 76, H - 28, 13, MUTED)


def topbar(canvas: skia.Canvas) -> None:
    canvas.drawRect(skia.Rect.MakeXYWH(SIDEBAR_W, 0, W - SIDEBAR_W, TOPBAR_H), paint(CARD))
    canvas.drawLine(SIDEBAR_W, TOPBAR_H, W, TOPBAR_H, paint(LINE, 1))
    canvas.drawRRect(skia.RRect.MakeRectXY(SEARCH, 10, 10), paint(PAGE))
    canvas.drawRRect(skia.RRect.MakeRectXY(SEARCH, 10, 10), paint(LINE, 1))
    canvas.drawCircle(SEARCH.left() + 24, SEARCH.centerY() - 2, 7, paint(MUTED, 2))
    canvas.drawLine(SEARCH.left() + 29, SEARCH.centerY() + 3, SEARCH.left() + 34, SEARCH.centerY() + 8, paint(MUTED, 2))
    text(canvas, "Search notes, tags and people…", SEARCH.left() + 46, SEARCH.centerY() + 6, 16, MUTED)
    text(canvas, "⌘K", SEARCH.right() - 16, SEARCH.centerY() + 5, 13, MUTED, 500, "right")
    button = skia.Rect.MakeXYWH(W - PAD - 150, 18, 150, 40)
    canvas.drawRRect(skia.RRect.MakeRectXY(button, 10, 10), paint(ACCENT))
    text(canvas, "+  New note", button.centerX(), button.centerY() + 6, 16, CARD, 600, "center")
    bell_x = button.left() - 40
    canvas.drawCircle(bell_x, 38, 17, paint(LINE, 1))
    bell = skia.Path()
    bell.moveTo(bell_x - 8, 43)
    bell.lineTo(bell_x - 6, 40)
    bell.lineTo(bell_x - 6, 35)
    bell.cubicTo(bell_x - 6, 27, bell_x + 6, 27, bell_x + 6, 35)
    bell.lineTo(bell_x + 6, 40)
    bell.lineTo(bell_x + 8, 43)
    bell.close()
    canvas.drawPath(bell, paint(INK))
    canvas.drawCircle(bell_x, 46, 2.2, paint(INK))
    canvas.drawCircle(bell_x + 9, 27, 5, paint(ROSE))


def header(canvas: skia.Canvas) -> None:
    x = SIDEBAR_W + PAD
    text(canvas, "Good morning, Dana", x, 134, 32, INK, 700)
    text(canvas, "Here is what happened in your notes this week.", x, 166, 17, MUTED)
    for i, label in enumerate(["This week", "This month"]):
        r = skia.Rect.MakeXYWH(W - PAD - 260 + i * 130, 118, 120, 36)
        canvas.drawRRect(skia.RRect.MakeRectXY(r, 18, 18), paint(INK if i == 0 else CARD))
        if i:
            canvas.drawRRect(skia.RRect.MakeRectXY(r, 18, 18), paint(LINE, 1))
        text(canvas, label, r.centerX(), r.centerY() + 5, 14, CARD if i == 0 else INK, 600, "center")


def stats(canvas: skia.Canvas) -> None:
    data = [("Notes this week", "128", "+12% vs last week", GREEN), ("Shared with team", "42", "+5 new", GREEN),
            ("Reminders due", "5", "2 today", AMBER), ("Words written", "18.4k", "−3% vs last week", ROSE)]
    gap = 24
    width = (STATS.width() - gap * (len(data) - 1)) / len(data)
    for i, (label, value, delta, color) in enumerate(data):
        r = skia.Rect.MakeXYWH(STATS.left() + i * (width + gap), STATS.top(), width, STATS.height())
        card(canvas, r)
        text(canvas, label, r.left() + 22, r.top() + 36, 15, MUTED, 500)
        text(canvas, value, r.left() + 22, r.top() + 82, 34, INK, 700)
        text(canvas, delta, r.left() + 22, r.top() + 112, 14, color, 600)


def chart(canvas: skia.Canvas) -> None:
    card(canvas, CHART)
    text(canvas, "Notes created", CHART.left() + 24, CHART.top() + 40, 19, INK, 650)
    text(canvas, "Last 7 days", CHART.left() + 24, CHART.top() + 64, 14, MUTED)
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    values = [14, 22, 19, 31, 27, 9, 6]
    plot = skia.Rect.MakeLTRB(CHART.left() + 64, CHART.top() + 100, CHART.right() - 28, CHART.bottom() - 60)
    for k in range(5):
        y = plot.bottom() - k * plot.height() / 4
        canvas.drawLine(plot.left(), y, plot.right(), y, paint(LINE, 1))
        text(canvas, str(k * 10), plot.left() - 14, y + 5, 13, MUTED, 400, "right")
    step = plot.width() / len(days)
    for i, (day, value) in enumerate(zip(days, values)):
        x = plot.left() + i * step + step * 0.22
        bar = skia.Rect.MakeLTRB(x, plot.bottom() - value / 40 * plot.height(), x + step * 0.56, plot.bottom())
        color = ACCENT if day == "Thu" else 0xFFC7CBFA
        canvas.drawRRect(skia.RRect.MakeRectXY(bar, 8, 8), paint(color))
        canvas.drawRect(skia.Rect.MakeLTRB(bar.left(), bar.bottom() - 8, bar.right(), bar.bottom()), paint(color))
        text(canvas, day, bar.centerX(), plot.bottom() + 28, 14, MUTED, 500, "center")
    peak = plot.left() + 3 * step + step / 2
    tip = skia.Rect.MakeXYWH(peak - 46, plot.bottom() - 31 / 40 * plot.height() - 46, 92, 32)
    canvas.drawRRect(skia.RRect.MakeRectXY(tip, 8, 8), paint(INK))
    text(canvas, "31 notes", tip.centerX(), tip.centerY() + 5, 14, CARD, 600, "center")


def table(canvas: skia.Canvas) -> None:
    card(canvas, TABLE)
    text(canvas, "Recent notes", TABLE.left() + 24, TABLE.top() + 40, 19, INK, 650)
    text(canvas, "View all", TABLE.right() - 24, TABLE.top() + 40, 14, ACCENT, 600, "right")
    rows = [("Q3 planning", "Work", ACCENT, "2 min ago"), ("Grocery list", "Personal", GREEN, "1 h ago"),
            ("Podcast ideas", "Ideas", AMBER, "3 h ago"), ("Lisbon trip", "Travel", ROSE, "Yesterday"),
            ("1:1 with Sam", "Work", ACCENT, "Yesterday"), ("Book notes", "Ideas", AMBER, "Mon"),
            ("Team retro", "Work", ACCENT, "Mon"), ("Recipes", "Personal", GREEN, "Sun")]
    x0, x1, x2 = TABLE.left() + 24, TABLE.left() + 250, TABLE.right() - 24
    y = TABLE.top() + 88
    for label, x, align in (("TITLE", x0, "left"), ("TAG", x1, "left"), ("EDITED", x2, "right")):
        text(canvas, label, x, y, 12, MUTED, 650, align)
    for i, (title, tag, color, when) in enumerate(rows):
        y = TABLE.top() + 134 + i * 56
        canvas.drawLine(TABLE.left() + 16, y - 34, TABLE.right() - 16, y - 34, paint(LINE, 1))
        text(canvas, title, x0, y, 16, INK, 550)
        f = font(13, 600)
        pill = skia.Rect.MakeXYWH(x1, y - 18, f.measureText(tag) + 22, 26)
        canvas.drawRRect(skia.RRect.MakeRectXY(pill, 13, 13), paint((color & 0x00FFFFFF) | 0x22000000))
        text(canvas, tag, pill.centerX(), y, 13, color, 600, "center")
        text(canvas, when, x2, y, 14, MUTED, 450, "right")


def draw() -> skia.Image:
    surface = skia.Surface(W, H)
    canvas = surface.getCanvas()
    canvas.clear(PAGE)
    sidebar(canvas)
    topbar(canvas)
    header(canvas)
    stats(canvas)
    chart(canvas)
    table(canvas)
    return surface.makeImageSnapshot()


def fraction(r: skia.Rect, margin: float = 8) -> list[float]:
    """A rect as [x, y, w, h] fractions of the image, with a small margin around it."""
    return [round((r.left() - margin) / W, 3), round((r.top() - margin) / H, 3),
            round((r.width() + 2 * margin) / W, 3), round((r.height() + 2 * margin) / H, 3)]


if __name__ == "__main__":
    out = HERE / "acme_dashboard.png"
    draw().save(str(out), skia.kPNG)
    print(f"wrote {out}")
    for name, rect in (("search", SEARCH), ("stats", STATS), ("chart", CHART), ("table", TABLE)):
        print(f"{name}: box {fraction(rect)}")
