"""Bullets: one card per item, entering on its cue; the newest item's badge carries the accent."""

from __future__ import annotations

from .. import text
from ..draw import card, fill, rrect
from ..scene import Op, SceneContext, enter_style, fit, heading_op
from ..theme import EXIT, ms, mix

HERO = False
ITEM_IN = ms(400)


def ops(ctx: SceneContext, sample: int) -> list[Op]:
    """The bullets scene at `sample`: the heading, then each item card sliding in on its event; the
    newest item's badge carries the accent, older ones fade back to the surface colour."""
    out = [op for op in (heading_op(ctx, sample),) if op]
    items = list(ctx.scene.props.get("items", {}).items())
    # Without an event or cue an item still enters, staggered after the heading.
    times = [ctx.appear(f"item:{cue}", default=ctx.scene.start + ms(300) + i * ms(100))
             for i, (cue, _) in enumerate(items)]
    shown = [i for i, at in enumerate(times) if at <= sample]
    current = max(shown, key=lambda i: (times[i], i)) if shown else None
    for i in shown:
        cue, label = items[i]
        p = ctx.progress(times[i], sample, ITEM_IN)
        # Accent strength: 1 for the newest item, fading out once a newer one has entered.
        later = [times[j] for j in shown if (times[j], j) > (times[i], i)]
        if i == current:
            k = 1.0
        else:
            k = 1.0 - (ctx.progress(min(later), sample, EXIT) or 0.0)
        settled = p >= 1 and k in (0.0, 1.0)
        out.append(Op(("item", cue, k) if settled else None, _item(ctx, i, str(label), ctx.boxes[f"item:{cue}"], p, k)))
    return out


def _item(ctx: SceneContext, index: int, label: str, box, p: float, k: float):
    th, u = ctx.theme, ctx.u
    x, y, w, h = box
    alpha, _ = enter_style(p, u)
    rtl = ctx.scene.direction == "rtl"  # right to left: the number on the right, the item sliding in from the right
    dx = (1 if rtl else -1) * (1 - min(1.0, 0.15 + 0.85 * p ** 0.5)) * 32 * u  # slides in as it fades up
    d = min(56 * u, h * 0.56)
    pad = 24 * u
    text_w = w - 2 * pad - d - 24 * u
    tx = x + pad if rtl else x + pad + d + 24 * u
    para = fit(label, text.Style(36 * u, th.text, 500, line_height=1.2, align="start", locale=ctx.lang), text_w,
               h - 16 * u, (36, 32, 28))
    badge = mix(th.surface_alt, th.accent, k)
    digit = mix(th.muted, th.on_accent, k)
    num = text.paragraph(str(index + 1), text.Style(d * 0.45, digit, 700, align="center"), d)

    def paint(c):
        c.save()
        c.translate(dx, 0)
        card(c, th, box, 16 * u, u, border=mix(th.border, th.accent, 0.55 * k), elevation=0.6, alpha=alpha)
        bx, by = (x + w - pad - d if rtl else x + pad), y + (h - d) / 2
        badge_paint = fill(badge)
        badge_paint.setAlphaf(alpha)
        c.drawRRect(rrect((bx, by, d, d), d / 2), badge_paint)
        text.draw(c, num, bx, by + (d - num.Height) / 2, alpha)
        text.draw(c, para, tx, y + (h - para.Height) / 2, alpha)
        c.restore()

    return paint
