"""Chart: a bar or line chart on a card, gridlines and tabular value labels; series grow on cues."""

from __future__ import annotations

import skia

from ....geometry.chart import ChartGeometry, chart_geometry
from .. import text
from ..draw import card, fill, inset, rect, stroke
from ..scene import Op, SceneContext, enter_style, heading_op
from ..theme import GROW, LARGE_IN, SMALL_IN, decelerate, mix, ms, with_alpha

HERO = False
_PREFIX_UNITS = ("$", "€", "£", "¥", "₹")


def fmt(value: float, unit: str = "", with_unit: bool = True) -> str:
    """A value as a label: thousands separated, at most one decimal, with its unit when short."""
    v = float(value)
    if v == 0:
        return "0"
    s = f"{v:,.0f}" if abs(v - round(v)) < 1e-9 else f"{v:,.1f}"
    if not unit or not with_unit:
        return s
    if unit in _PREFIX_UNITS:
        return ("-" + unit + s[1:]) if s.startswith("-") else unit + s
    return s + unit if len(unit) <= 2 else f"{s} {unit}"


def ops(ctx: SceneContext, sample: int) -> list[Op]:
    """The chart scene at `sample`: the heading, the card with its axes, and each series (legend
    entry, then bars growing or a line drawing left to right) from its event."""
    th, u, scene = ctx.theme, ctx.u, ctx.scene
    out = [op for op in (heading_op(ctx, sample),) if op]
    if "chart" not in ctx.memo:
        ctx.memo["chart"] = chart_geometry(scene, ctx.width, ctx.height)
    g: ChartGeometry = ctx.memo["chart"]
    chart = scene.props.get("chart", {})
    series = list(chart.get("series", {}).items())
    p = ctx.progress(ctx.appear("chart"), sample, LARGE_IN)
    if p is None:
        return out
    alpha, dy = enter_style(p, u, rise=24)
    out.append(Op(("card",) if p >= 1 else None, lambda c: _card(c, ctx, g, chart, dy, alpha)))
    line = chart.get("kind", "bar") == "line"
    times = [ctx.appear(f"series:{cue}", default=ctx.scene.start + ms(500) + i * ms(600))
             for i, (cue, _) in enumerate(series)]
    legend_x = g.legend[0] + g.legend[2] if g.rtl else g.legend[0]  # the legend starts on the reading side
    for i, (cue, s) in enumerate(series):
        name = str(s.get("name", cue))
        swatch = th.series[i % len(th.series)]
        para = text.paragraph(name, text.Style(20 * u, th.muted, 500, locale=ctx.lang), 10_000)
        entry = 14 * u + 10 * u + para.MaxIntrinsicWidth
        x = legend_x - entry if g.rtl else legend_x
        lp = ctx.progress(times[i], sample, SMALL_IN)
        if lp is not None:
            out.append(Op(("legend", i) if lp >= 1 else None,
                          lambda c, x=x, para=para, lp=lp, swatch=swatch: _legend(c, ctx, g, x, para, swatch, lp)))
        legend_x += -(entry + 32 * u) if g.rtl else entry + 32 * u
        gp = ctx.progress(times[i], sample, GROW)
        if gp is None:
            continue
        values = [float(v) for v in s.get("values", ())]
        paint = _line if line else _bars
        out.append(Op(("series", i) if gp >= 1 else None,
                      lambda c, i=i, values=values, gp=gp, swatch=swatch:
                      paint(c, ctx, g, i, len(series), values, decelerate(gp), swatch, str(chart.get("unit", "")))))
    return out


def _card(c: skia.Canvas, ctx: SceneContext, g: ChartGeometry, chart, dy: float, alpha: float) -> None:
    th, u = ctx.theme, ctx.u
    if alpha < 1:
        c.saveLayerAlpha(rect(inset(g.card, -64 * u)), round(alpha * 255))
    c.save()
    c.translate(0, dy)
    card(c, th, g.card, 18 * u, u, border=th.border, elevation=1.2)
    px, py, pw, ph = g.plot
    unit = str(chart.get("unit", ""))
    short = len(unit) <= 2 or unit in _PREFIX_UNITS
    # The value axis stands on the reading side: left of the plot, or right of it in right-to-left.
    axis_x, axis_align = (px + pw + 16 * u, "left") if g.rtl else (px - 16 * u, "right")
    for value, y in g.ticks:
        c.drawLine(px, y, px + pw, y, stroke(th.faint if value else mix(th.faint, th.muted, 0.5), max(1.0, u)))
        text.draw_tabular(c, fmt(value, unit, short), axis_x, y + 7 * u, 20 * u, th.muted, 500, axis_align)
    if unit and not short:
        para = text.paragraph(unit, text.Style(18 * u, th.muted, 500, align=axis_align, locale=ctx.lang), 200 * u)
        text.draw(c, para, axis_x if g.rtl else axis_x - 200 * u, py - 24 * u - para.Height)
    for label, x in zip(chart.get("labels", ()), g.label_x):
        para = text.paragraph(str(label), text.Style(20 * u, th.muted, 500, align="center", locale=ctx.lang), g.slot)
        text.draw(c, para, x - g.slot / 2, py + ph + 14 * u)
    c.restore()
    if alpha < 1:
        c.restore()


def _legend(c, ctx: SceneContext, g, x: float, para, swatch: int, p: float) -> None:
    u = ctx.u
    alpha, _ = enter_style(p, u)
    _, ly, _, lh = g.legend
    paint = fill(with_alpha(swatch, alpha))
    # The swatch comes first in reading order: left of its name, or right of it in right-to-left.
    sx, tx = (x + para.MaxIntrinsicWidth + 10 * u, x) if g.rtl else (x, x + 24 * u)
    c.drawRRect(skia.RRect.MakeRectXY(skia.Rect.MakeXYWH(sx, ly + (lh - 14 * u) / 2, 14 * u, 14 * u), 4 * u, 4 * u), paint)
    text.draw(c, para, tx, ly + (lh - para.Height) / 2, alpha)


def _bars(c, ctx: SceneContext, g: ChartGeometry, i: int, n: int, values, e: float, colour: int,
          unit: str) -> None:
    th, u = ctx.theme, ctx.u
    base = g.y(0.0)
    for j, v in enumerate(values[: len(g.label_x)]):
        x, y, w, h = g.bar(i, n, j, v)
        grown = h * e
        top = base - grown if v >= 0 else base
        r = min(6 * u, w / 2, grown / 2)
        c.drawRRect(skia.RRect.MakeRectXY(skia.Rect.MakeXYWH(x, top, w, grown), r, r), fill(colour))
        # Square off the end that sits on the baseline.
        if grown > r:
            sq = (x, base - r, w, r) if v >= 0 else (x, base, w, r)
            c.drawRect(rect(sq), fill(colour))
        label_y = top - 10 * u if v >= 0 else top + grown + 26 * u
        text.draw_tabular(c, fmt(v, unit), x + w / 2, label_y, (18 if n > 2 else 20) * u, th.text, 600, "center",
                          alpha=max(0.0, (e - 0.4) / 0.6))


def _line(c, ctx: SceneContext, g: ChartGeometry, i: int, n: int, values, e: float, colour: int,
          unit: str) -> None:
    th, u = ctx.theme, ctx.u
    pts = [(x, g.y(v)) for x, v in zip(g.label_x, values)]
    if not pts:
        return
    path = skia.Path()
    path.moveTo(*pts[0])
    for pt in pts[1:]:
        path.lineTo(*pt)
    reach = pts[0][0] + (pts[-1][0] - pts[0][0]) * e  # the line draws from its first label (right in rtl)
    area = skia.Path(path)
    area.lineTo(pts[-1][0], g.y(0.0))
    area.lineTo(pts[0][0], g.y(0.0))
    area.close()
    c.save()
    left, right = (reach - 0.5, pts[0][0] + 20 * u) if g.rtl else (pts[0][0] - 20 * u, reach + 0.5)
    c.clipRect(skia.Rect.MakeLTRB(left, g.plot[1] - 40 * u, right, g.plot[1] + g.plot[3]))
    c.drawPath(area, fill(with_alpha(colour, 0.12)))
    c.drawPath(path, stroke(colour, 4 * u))
    c.restore()
    for (x, y), v in zip(pts, values):
        if (x >= reach - 0.5) if g.rtl else (x <= reach + 0.5):
            c.drawCircle(x, y, 6 * u, fill(th.surface))
            c.drawCircle(x, y, 6 * u, stroke(colour, 3 * u))
            text.draw_tabular(c, fmt(v, unit), x, y - 16 * u, 18 * u, th.text, 600, "center")
