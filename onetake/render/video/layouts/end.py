"""End card: the closing line, a call-to-action button that pops in, and the URL under it."""

from __future__ import annotations

import skia

from ....geometry.end import EndGeometry, end_geometry
from .. import text
from ..draw import fill, icon, rrect
from ..scene import Op, SceneContext, enter_style, fit
from ..theme import LARGE_IN, SMALL_IN, decelerate, ms, with_alpha

HERO = True  # the glow sits behind the closing line


def ops(ctx: SceneContext, sample: int) -> list[Op]:
    """The end card at `sample`: the closing line, then the call-to-action button popping in on its
    `cta` event, the URL 100 ms after it."""
    th, u, scene = ctx.theme, ctx.u, ctx.scene
    g = end_geometry(scene, ctx.width, ctx.height)
    out: list[Op] = []
    p = ctx.progress(ctx.appear("title"), sample, LARGE_IN)
    if p is not None:
        tx, ty, tw, th_ = g.title
        title = fit(scene.title, text.Style(80 * u, th.text, 700, display=True, align="center", line_height=1.1,
                                            tracking=-0.015, locale=ctx.lang), tw, th_, (80, 68, 56))
        t_alpha, t_dy = enter_style(p, u, rise=24)
        out.append(Op(("title",) if p >= 1 else None,
                      lambda c: text.draw(c, title, tx, ty + th_ - title.Height + t_dy, t_alpha)))
    cta = str(scene.props.get("cta", ""))
    at = ctx.appear("cta")
    p_cta = ctx.progress(at, sample, SMALL_IN + ms(60))
    if cta and p_cta is not None:
        label = text.paragraph(cta, text.Style(34 * u, th.on_accent, 600, locale=ctx.lang), g.cta[2])
        out.append(Op(("cta",) if p_cta >= 1 else None, lambda c: _button(c, ctx, g, label, p_cta)))
    url = scene.props.get("url")
    p_url = ctx.progress(at + ms(100), sample, SMALL_IN)
    if url and p_url is not None:
        ux, uy, uw, uh = g.url
        link = text.paragraph(str(url), text.Style(28 * u, th.muted, 500, align="center", locale=ctx.lang), uw)
        u_alpha, u_dy = enter_style(p_url, u, rise=10)
        out.append(Op(("url",) if p_url >= 1 else None,
                      lambda c: text.draw(c, link, ux, uy + (uh - link.Height) / 2 + u_dy, u_alpha)))
    return out


def _button(c: skia.Canvas, ctx: SceneContext, g: EndGeometry, label, p: float) -> None:
    th, u = ctx.theme, ctx.u
    x, y, w, h = g.cta
    arrow = 34 * u
    need = min(label.MaxIntrinsicWidth, w) + arrow + 16 * u + 2 * 48 * u
    bw = max(w, need)  # never narrower than its text; the centre stays where the geometry put it
    bx = x + w / 2 - bw / 2
    e = decelerate(p)
    scale = 0.88 + 0.12 * e  # pops in: grows to full size while fading up
    alpha = min(1.0, 0.2 + 0.8 * e)
    c.save()
    c.translate(x + w / 2, y + h / 2)
    c.scale(scale, scale)
    c.translate(-(x + w / 2), -(y + h / 2))
    glow = skia.Paint(Color=with_alpha(th.accent, 0.35 * alpha), AntiAlias=True,
                      MaskFilter=skia.MaskFilter.MakeBlur(skia.kNormal_BlurStyle, 18 * u))
    c.drawRRect(rrect((bx, y + 8 * u, bw, h), h / 2), glow)
    c.drawRRect(rrect((bx, y, bw, h), h / 2), fill(with_alpha(th.accent, alpha)))
    tw = min(label.MaxIntrinsicWidth, w)
    left = bx + (bw - (tw + 16 * u + arrow)) / 2
    colour = with_alpha(th.on_accent, alpha)
    if ctx.scene.direction == "rtl":  # the arrow points the way the text reads: left, after (left of) the label
        text.draw(c, label, left + arrow + 16 * u, y + (h - label.Height) / 2, alpha)
        icon(c, "arrow-left", left + arrow / 2, y + h / 2, arrow, colour)
    else:
        text.draw(c, label, left, y + (h - label.Height) / 2, alpha)
        icon(c, "arrow", left + tw + 16 * u + arrow / 2, y + h / 2, arrow, colour)
    c.restore()
