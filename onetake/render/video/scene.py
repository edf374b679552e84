"""What a layout needs to draw one scene: its geometry, theme and the times of its visual events.

A layout turns (SceneContext, sample) into a list of `Op`s in paint order (`sample`: an integer
sample of the timeline's clock, like every time here). An op with a `key` looks the
same on every frame that gives it the same key (it is settled); the compositor bakes the longest
run of keyed ops at the start of the list into a cached base image, so a settled frame costs one
memory copy plus the few ops still moving.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Hashable

import skia

from ...assets import AssetStore, asset_path
from ...geometry import stage_boxes, stage_px
from ...geometry.common import unit
from ...timeline import Scene, Timeline
from . import text
from .draw import accent_bar
from .theme import SMALL_IN, Theme, decelerate, ms, theme


@dataclass(frozen=True, slots=True)
class Op:
    """One paint step. `key` is None while it changes frame to frame, else a hashable of its look.

    `paint` gets the skia canvas, or with `pixels=True` the frame's RGBA numpy array itself (for
    work numpy/OpenCV do faster than skia's raster pipeline, e.g. resampling a photo each frame).
    """

    key: Hashable | None
    paint: Callable
    pixels: bool = False


class SceneContext:
    """Per-scene facts derived once per timeline: sizes, theme, and when each visual event happens."""

    def __init__(self, timeline: Timeline, scene: Scene, assets: AssetStore | None = None):
        self.scene = scene
        self.assets = assets  # where the files the props name by key are (images)
        # A layout draws in its stage as if it were the whole frame; the compositor moves it there.
        self.stage_x, self.width = stage_px(scene, timeline.width)
        self.height = timeline.height
        self.u = unit(self.width, self.height)
        self.theme: Theme = theme(timeline.theme)
        self.lang = timeline.lang
        self.fps = timeline.fps
        # One frame in samples (float): progress is advanced by one frame so that an element whose
        # event is on frame f is already partly drawn on f (and absent on f - 1).
        self.frame_len = timeline.fps.frame_samples
        self.boxes = stage_boxes(scene, self.width, self.height)
        self.cue_start = {c.name: c.start for c in timeline.cues if c.scene == scene.index}
        self.enter: dict[str, int] = {}  # element id -> sample of its first enter/callout/series event
        self.clicks: list[tuple[int, str]] = []
        self.keys: list[tuple[int, str | None, str, str]] = []
        self.notifies: list[tuple[int, str | None, str]] = []
        self.memo: dict = {}  # derived per-scene data (cursor path, geometry); depends only on the timeline
        for e in sorted(timeline.events_of(scene.index), key=lambda e: (e.at, e.frame)):
            if e.kind in ("enter", "callout", "series"):
                # The element's first event is when it appears ("callout:<cue>", "series:<cue>", ...).
                prefix = {"callout": "callout:", "series": "series:"}.get(e.kind, "")
                element = e.element if ":" in e.element or not prefix else prefix + (e.cue or e.element)
                self.enter.setdefault(element, e.at)
            elif e.kind == "click":
                self.clicks.append((e.at, e.element))
            elif e.kind == "key":
                self.keys.append((e.at, e.cue, str(e.data.get("char", "")), str(e.data.get("text", ""))))
            elif e.kind == "notify":
                self.notifies.append((e.at, e.cue, str(e.data.get("text", ""))))

    def file(self, key: str) -> Path:
        """Where the file a prop names by asset key is (e.g. an image scene's screenshot)."""
        return asset_path(self.assets, key)

    def cue_at(self, cue: str | None) -> int | None:
        """Start of the frame holding a cue's first sample (fallback when the planner sent no event)."""
        if cue is None or cue not in self.cue_start:
            return None
        return self.fps.snap(self.cue_start[cue])

    def appear(self, element: str, default: int | None = None) -> int:
        """When an element enters: its enter event, else its cue, else `default`, else the scene start."""
        if element in self.enter:
            return self.enter[element]
        cue = element.split(":", 1)[1] if ":" in element else None
        at = self.cue_at(cue)
        if at is not None:
            return at
        return self.scene.start if default is None else default

    def progress(self, at: int, sample: int, duration: int) -> float | None:
        """Linear progress 0..1 at `sample` of an animation starting on the frame at `at` (both samples);
        None before it starts."""
        if sample < at:
            return None
        return min(1.0, (sample - at + self.frame_len) / max(1, duration))


def enter_style(p: float, u: float, rise: float = 16.0) -> tuple[float, float]:
    """(alpha, y offset) of an entering element at linear progress p: fade in while rising into place."""
    e = decelerate(p)
    return min(1.0, 0.15 + 0.85 * e) if p > 0 else 0.0, (1 - e) * rise * u


def heading_op(ctx: SceneContext, sample: int) -> Op | None:
    """The scene heading (non-title layouts): accent bar and title, fading up with the scene."""
    p = ctx.progress(ctx.appear("title"), sample, SMALL_IN + ms(120))
    if p is None:
        return None
    th, u = ctx.theme, ctx.u
    x, y, w, h = ctx.boxes["title"]
    para = fit(ctx.scene.title, text.Style(52 * u, th.text, 600, display=True, tracking=-0.01, align="start",
                                           locale=ctx.lang, line_height=1.15), w, h, (52, 44, 38))
    alpha, dy = enter_style(p, u)
    bar = 40 * u * (0.3 + 0.7 * decelerate(p))
    bar_x = x + w - bar if ctx.scene.direction == "rtl" else x  # the rule sits where the heading starts reading

    def paint(c: skia.Canvas) -> None:
        accent_bar(c, th, (bar_x, y - 22 * u, bar, 6 * u), alpha)
        text.draw(c, para, x, y + dy + (h - para.Height) / 2, alpha)

    return Op(("heading",) if p >= 1 else None, paint)


def fit(s: str, style: text.Style, width: float, height: float, sizes: tuple[float, ...]):
    """The first of `sizes` (design px) at which the text fits the box; else the smallest, wrapped."""
    u = style.size / sizes[0]
    para = None
    for size in sizes:
        para = text.paragraph(s, style.with_(size=size * u), width)
        if para.Height <= height * 1.02:
            return para
    return para
