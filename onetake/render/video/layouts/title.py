"""Title card: a large centred title with an accent bar above it, the subtitle entering after it."""

from __future__ import annotations

from ....geometry.title import title_geometry
from .. import text
from ..draw import accent_bar
from ..scene import Op, SceneContext, enter_style, fit
from ..theme import LARGE_IN, SMALL_IN, decelerate, ms

HERO = True  # the glow sits behind the title


def ops(ctx: SceneContext, sample: int) -> list[Op]:
    """The title card at `sample`: the title rising in at the scene's start, the subtitle after it
    (on its `subtitle` cue, else 400 ms later)."""
    th, u = ctx.theme, ctx.u
    g = title_geometry(ctx.width, ctx.height)
    out: list[Op] = []
    title_at = ctx.appear("title")
    p = ctx.progress(title_at, sample, LARGE_IN)
    if p is not None:
        style = text.Style(88 * u, th.text, 700, display=True, align="center", line_height=1.1,
                           tracking=-0.015, locale=ctx.lang)
        para = fit(ctx.scene.title, style, g.title[2], g.title[3], (88, 76, 64))
        out.append(Op(("title",) if p >= 1 else None, _title(ctx, g.title, para, p)))
    sub = ctx.scene.props.get("subtitle")
    if sub:
        p = ctx.progress(ctx.appear("subtitle", default=title_at + ms(400)), sample, SMALL_IN + ms(100))
        if p is not None:
            x, y, w, _ = g.subtitle
            para = text.paragraph(str(sub), text.Style(40 * u, th.muted, 400, align="center", line_height=1.3,
                                                       locale=ctx.lang), w)
            alpha, dy = enter_style(p, u)
            out.append(Op(("subtitle",) if p >= 1 else None, lambda c: text.draw(c, para, x, y + dy, alpha)))
    return out


def _title(ctx: SceneContext, box, para, p: float):
    th, u = ctx.theme, ctx.u
    x, y, w, h = box
    alpha, dy = enter_style(p, u, rise=24)
    top = y + h - para.Height  # bottom-aligned: the subtitle keeps a fixed distance below

    def paint(c):
        bw = 64 * u * (0.25 + 0.75 * decelerate(p))
        accent_bar(c, th, (ctx.width / 2 - bw / 2, top - 36 * u, bw, 8 * u), alpha)
        text.draw(c, para, x, top + dy, alpha)

    return paint
