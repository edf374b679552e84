"""Chart geometry: the card, the plot area, the value axis with round ticks, and the bars."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..timeline import Scene
from .common import Box, content_box, heading_box, unit


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
    rtl: bool = False  # right to left: the value axis on the right, the first label rightmost

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
    """The chart card and its axes, in pixels: the value axis spans every series' values and zero.

    In a right-to-left scene the chart reads from the right: the value axis stands at the right of
    the plot and the labels run from right to left (the card itself is centred either way)."""
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
    rtl = scene.direction == "rtl"
    plot = (card[0] + pad + (0 if rtl else axis_w), top, ww - 2 * pad - axis_w, card[1] + ch - pad - 44 * u - top)
    values = [float(v) for s in chart.get("series", {}).values() for v in s.get("values", ())] or [0.0, 1.0]
    lo, hi, ticks = nice_ticks(min(values), max(values))
    labels = chart.get("labels", ()) or ("",)
    slot = plot[2] / len(labels)
    order = range(len(labels) - 1, -1, -1) if rtl else range(len(labels))
    label_x = tuple(plot[0] + slot * (i + 0.5) for i in order)
    g = ChartGeometry(card, plot, legend, lo, hi, (), label_x, slot, rtl)
    return ChartGeometry(card, plot, legend, lo, hi, tuple((v, g.y(v)) for v in ticks), label_x, slot, rtl)


def boxes(scene: Scene, width: int, height: int, sample: int) -> dict[str, Box]:
    """Element ids of a chart scene: "title" and one "series:<cue>" per series (each the whole plot area)."""
    g = chart_geometry(scene, width, height)
    out: dict[str, Box] = {"title": heading_box(width, height)}
    for cue in scene.props.get("chart", {}).get("series", {}):
        out[f"series:{cue}"] = g.plot
    return out
