"""Burned-in captions: the caption on screen at a sample on a dark plate, the spoken word highlighted."""

from __future__ import annotations

import bisect

import numpy as np
import skia

from ...geometry.common import unit
from ...timeline import Timeline
from ...timeline.captions import Caption, caption_blocks, join_words, separator
from . import text
from .draw import fill, rrect
from .theme import Theme

PLATE_BOTTOM = 0.955  # text stays inside the safe area; the plate's padding may reach past it


def blocks(timeline: Timeline) -> list[Caption]:
    """Caption blocks of the timeline; a narration line always starts a new caption."""
    breaks, i = [], 0
    for line in timeline.lines:
        breaks.append(i)
        i += len(line.words)
    return caption_blocks(timeline.words(), timeline.fps, tuple(breaks))


def paint(arr: np.ndarray, caps: list[Caption], starts: list[int], sample: int, th: Theme, lang: str) -> None:
    """Draw the caption showing at `sample` (if any) into the RGBA frame `arr`, in place."""
    k = bisect.bisect_right(starts, sample) - 1
    if k < 0 or not caps[k].start <= sample < caps[k].end:
        return
    cap = caps[k]
    h, w = arr.shape[:2]
    u = unit(w, h)
    style = text.Style(38 * u, th.caption_text, 600, align="center", line_height=1.25, locale=lang)
    width = 0.9 * w
    paras = []
    for line in cap.lines:
        runs = tuple((word.text + (separator(word.text, line[j + 1].text) if j + 1 < len(line) else ""),
                      th.caption_accent if word.start <= sample < word.end else None)
                     for j, word in enumerate(line))
        paras.append(text.rich(runs, style, width))
    # The plate is sized from the plain lines so it stays still while the highlight moves.
    plain = [text.paragraph(join_words([word.text for word in line]), style, width) for line in cap.lines]
    tw = max(p.MaxIntrinsicWidth for p in plain)
    th_ = sum(p.Height for p in plain)
    pad_x, pad_y = 24 * u, 10 * u
    bottom = PLATE_BOTTOM * h
    plate = ((w - tw) / 2 - pad_x, bottom - th_ - 2 * pad_y, tw + 2 * pad_x, th_ + 2 * pad_y)
    surface = skia.Surface(arr, colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kPremul_AlphaType)
    c = surface.getCanvas()
    c.drawRRect(rrect(plate, 12 * u), fill(th.plate))
    y = plate[1] + pad_y
    for p in paras:
        text.draw(c, p, (w - width) / 2, y)
        y += p.Height
    del surface
