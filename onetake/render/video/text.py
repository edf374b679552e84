"""Text: skia textlayout paragraphs (the only path that shapes every script right), cached.

Laying out a paragraph costs ~1 ms, painting a laid-out one ~0.02 ms, so paragraphs are cached by
(text, style, width). Fading text is painted through a small alpha layer instead of a new paragraph
per alpha value.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace

import skia

from . import scripts
from ...fonts import fonts

_ALIGN = {
    "left": skia.textlayout_TextAlign.kLeft,
    "center": skia.textlayout_TextAlign.kCenter,
    "right": skia.textlayout_TextAlign.kRight,
}


@dataclass(frozen=True, slots=True)
class Style:
    """How a run of text looks. `size` is in output pixels; `display` picks Inter's display cut.

    `align` is left, center, right, or start/end (the reading direction's own: start is right in
    Arabic); `locale` picks the script's fonts first and its line-breaking and direction rules."""

    size: float
    color: int
    weight: int = 400
    display: bool = False
    align: str = "left"
    line_height: float = 1.25
    tracking: float = 0.0  # letter spacing in em
    locale: str = ""

    def with_(self, **changes) -> "Style":
        """A copy with `changes` applied (styles are frozen)."""
        return replace(self, **changes)


class _LRU(OrderedDict):
    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def get_or(self, key, make):
        value = super().get(key)
        if value is None:
            value = make()
            self[key] = value
            if len(self) > self.size:
                self.popitem(last=False)
        else:
            self.move_to_end(key)
        return value


_paragraphs = _LRU(4096)


def _text_style(style: Style, color: int | None = None, first: str = "") -> skia.textlayout_TextStyle:
    ts = skia.textlayout_TextStyle()
    ts.setFontFamilies(fonts().families(style.weight, style.display, style.locale, first))
    ts.setFontSize(style.size)
    ts.setFontStyle(skia.FontStyle(style.weight, skia.FontStyle.kNormal_Width, skia.FontStyle.kUpright_Slant))
    ts.setColor(style.color if color is None else color)
    ts.setHeight(style.line_height)
    ts.setHeightOverride(True)
    if style.tracking:
        ts.setLetterSpacing(style.tracking * style.size)
    if style.locale:
        ts.setLocale(style.locale)
    return ts


def alignment(style: Style) -> str:
    """left, center or right: "start" and "end" follow the language's direction."""
    rtl = scripts.is_rtl(style.locale)
    return {"start": "right" if rtl else "left", "end": "left" if rtl else "right"}.get(style.align, style.align)


def _build(runs: tuple[tuple[str, int | None], ...], style: Style, width: float) -> skia.textlayout_Paragraph:
    ps = skia.textlayout_ParagraphStyle()
    ps.setTextStyle(_text_style(style))
    ps.setTextAlign(_ALIGN[alignment(style)])
    f = fonts()
    builder = skia.textlayout_ParagraphBuilder(ps, f.collection, f.unicode)
    rtl = scripts.is_rtl(style.locale)
    styles: dict[tuple[int | None, str], skia.textlayout_TextStyle] = {}
    if rtl:  # the whole paragraph isolated right to left (each line: a newline ends an isolate)
        builder.addText(scripts.RLI)
    for text, color in runs:
        text = scripts.isolated_lines(text) if rtl else scripts.prepare(text, style.locale)
        for piece, kind in scripts.runs(text, style.locale):
            key = (color, kind)
            if key not in styles:
                styles[key] = _text_style(style, color, kind)
            builder.pushStyle(styles[key])
            builder.addText(piece)
            builder.pop()
    if rtl:
        builder.addText(scripts.PDI)
    p = builder.Build()
    p.layout(max(1.0, width))
    return p


def paragraph(text: str, style: Style, width: float) -> skia.textlayout_Paragraph:
    """A laid-out paragraph of `text` wrapped at `width` pixels (cached)."""
    width = round(width, 1)
    return _paragraphs.get_or((text, style, width), lambda: _build(((text, None),), style, width))


def rich(runs: tuple[tuple[str, int | None], ...], style: Style, width: float) -> skia.textlayout_Paragraph:
    """A paragraph of runs, each (text, colour or None for the style's colour); cached."""
    width = round(width, 1)
    return _paragraphs.get_or((runs, style, width), lambda: _build(runs, style, width))


def draw(canvas: skia.Canvas, p: skia.textlayout_Paragraph, x: float, y: float, alpha: float = 1.0) -> None:
    """Paint a paragraph with its top-left at (x, y), faded by `alpha`."""
    if alpha <= 0.0:
        return
    if alpha >= 1.0:
        p.paint(canvas, x, y)
        return
    pad = p.Height  # generous bounds: glyphs may overhang the line box
    canvas.saveLayerAlpha(skia.Rect.MakeXYWH(x - pad, y - pad, p.Width + 2 * pad, p.Height + 2 * pad), round(alpha * 255))
    p.paint(canvas, x, y)
    canvas.restore()


# ----------------------------------------------------------------------------------- tabular figures


_tabular_cache = _LRU(1024)


def _tabular_blob(text: str, size: float, weight: int) -> tuple[skia.TextBlob, float] | None:
    font = skia.Font(fonts().typeface(weight), size)
    font.setSubpixel(True)
    font.setEdging(skia.Font.Edging.kAntiAlias)
    glyphs = font.textToGlyphs(text)
    if len(glyphs) != len(text) or any(g == 0 for g in glyphs):
        return None  # a glyph Inter lacks: let the paragraph path (with fallbacks) draw it
    widths = font.getWidths(glyphs)
    digit = max(font.getWidths(font.textToGlyphs("0123456789")))
    xs, x = [], 0.0
    for ch, w in zip(text, widths):
        adv = digit if ch.isdigit() else w
        xs.append(x + (adv - w) / 2 if ch.isdigit() else x)
        x += adv
    return skia.TextBlob.MakeFromPosTextH(text, xs, 0.0, font), x


def draw_tabular(
    canvas: skia.Canvas, text: str, x: float, baseline: float, size: float, color: int,
    weight: int = 500, align: str = "left", alpha: float = 1.0,
) -> None:
    """Draw a short label with tabular figures (every digit one width), so numbers line up.

    skia's paragraph API here has no font-feature switch, so digits are placed one by one.
    """
    made = _tabular_cache.get_or((text, round(size, 2), weight), lambda: _tabular_blob(text, size, weight) or False)
    if not made:
        p = paragraph(text, Style(size, color, weight, align=align), 10_000)
        w = p.MaxIntrinsicWidth
        left = x - (w if align == "right" else w / 2 if align == "center" else 0)
        draw(canvas, paragraph(text, Style(size, color, weight), w + 1), left, baseline - p.AlphabeticBaseline, alpha)
        return
    blob, w = made
    left = x - (w if align == "right" else w / 2 if align == "center" else 0)
    paint = skia.Paint(Color=color, AntiAlias=True)
    if alpha < 1.0:
        paint.setAlphaf(paint.getAlphaf() * max(0.0, alpha))
    canvas.drawTextBlob(blob, left, baseline, paint)
