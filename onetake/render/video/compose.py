"""Frame composition: cached settled layers, live ops on top, transitions and captions.

Caches are per process and never change what a frame looks like, only how fast it is made:
derived data hangs off a `Prepared` that holds a strong reference to its timeline and is found by
identity (so a recycled id() can never hand one timeline's data to another), and base images are
keyed by everything that was painted into them.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict

import numpy as np
import skia

from ...errors import RenderError
from ...assets import AssetStore
from ...timeline import Scene, Timeline
from . import captions, transitions
from .draw import background
from .layouts import DRAWINGS
from .scene import SceneContext

MAX_BASE_BYTES = 160 * 2**20  # ~43 cached 720p layers, ~19 at 1080p
_tokens = itertools.count()
_bases: OrderedDict = OrderedDict()
_base_bytes = 0
_prepared: OrderedDict = OrderedDict()


def _surface(arr: np.ndarray) -> skia.Surface:
    return skia.Surface(arr, colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kPremul_AlphaType)


def _paint(arr: np.ndarray, ops, stage: tuple[int, int] | None = None) -> None:
    """Paint `ops` into `arr`, inside the columns `stage` = (left, width) when given: a layout draws
    there as if it were the whole frame."""
    # A raster canvas draws immediately, so canvas ops and direct pixel ops can interleave.
    if not ops:
        return
    surface = _surface(arr)
    canvas = surface.getCanvas()
    pixels = arr
    if stage is not None and (stage[0], stage[1]) != (0, arr.shape[1]):
        left, width = stage
        canvas.clipRect(skia.Rect.MakeXYWH(left, 0, width, arr.shape[0]))
        canvas.translate(left, 0)
        pixels = arr[:, left:left + width]
    for op in ops:
        op.paint(pixels if op.pixels else canvas)
    del surface


class Prepared:
    """Everything derived from one timeline object: scene contexts and caption blocks.

    Its `token` namespaces the shared layer cache, so layers of different timelines never mix.
    """

    def __init__(self, timeline: Timeline, assets: AssetStore | None):
        self.timeline = timeline
        self.assets = assets
        self.token = next(_tokens)
        self.contexts: dict[int, SceneContext] = {}
        self._captions = None
        self._presenting = None

    def presenting(self):
        """The presenter's per-timeline data (made once); None for a timeline without one."""
        if self._presenting is None and self.timeline.presenter is not None:
            from .presenting import Presenting

            self._presenting = Presenting(self.timeline)
        return self._presenting

    def context(self, scene: Scene) -> SceneContext:
        """The scene's SceneContext (made once); RenderError for an unknown layout or underivable geometry."""
        ctx = self.contexts.get(scene.index)
        if ctx is None:
            if scene.layout not in DRAWINGS:
                raise RenderError(f"scene {scene.index} has unknown layout {scene.layout!r}; "
                                  f"expected one of {', '.join(DRAWINGS)}")
            try:
                ctx = SceneContext(self.timeline, scene, self.assets)
            except (OSError, ValueError) as exc:  # e.g. geometry that cannot be derived from the props
                raise RenderError(f"scene {scene.index} ({scene.layout}): {exc}") from exc
            self.contexts[scene.index] = ctx
        return ctx

    def scene_pixels(self, scene: Scene, sample: int) -> np.ndarray:
        """A fresh RGBA frame of `scene` alone at `sample` (no transition, no captions)."""
        ctx = self.context(scene)
        drawing = DRAWINGS[scene.layout]
        ops = drawing.ops(ctx, sample)
        n = 0
        while n < len(ops) and ops[n].key is not None:
            n += 1
        key = (self.token, scene.index, tuple(op.key for op in ops[:n]))
        base = _bases.get(key)
        if base is None:
            tl = self.timeline
            base = background(tl.theme, tl.width, tl.height, drawing.hero).copy()
            _paint(base, ops[:n], (ctx.stage_x, ctx.width))
            base.flags.writeable = False
            _remember(key, base)
        else:
            _bases.move_to_end(key)
        out = base.copy()
        _paint(out, ops[n:], (ctx.stage_x, ctx.width))
        return out

    def end_pixels(self, index: int) -> np.ndarray:
        """Scene `index` (position in timeline.scenes) as on the last frame before the next starts."""
        key = (self.token, "end", index)
        img = _bases.get(key)
        if img is None:
            scenes = self.timeline.scenes
            scene = scenes[index]
            nxt = scenes[index + 1].start if index + 1 < len(scenes) else scene.end
            sample = max(scene.start, self.timeline.fps.snap(max(0, nxt - 1)))
            img = self.scene_pixels(scene, sample)
            img.flags.writeable = False
            _remember(key, img)
        else:
            _bases.move_to_end(key)
        return img

    def captions(self):
        """The timeline's caption blocks and their start samples (made once)."""
        if self._captions is None:
            caps = captions.blocks(self.timeline)
            self._captions = (caps, [c.start for c in caps])
        return self._captions


def _remember(key, base: np.ndarray) -> None:
    global _base_bytes
    _bases[key] = base
    _base_bytes += base.nbytes
    while _base_bytes > MAX_BASE_BYTES and len(_bases) > 1:
        _, old = _bases.popitem(last=False)
        _base_bytes -= old.nbytes


def prepared(timeline: Timeline, assets: AssetStore | None = None) -> Prepared:
    """The Prepared for this very timeline object (identity, not equality: equality costs a deep hash)."""
    key = (id(timeline), assets)
    entry = _prepared.get(key)
    if entry is not None and entry.timeline is timeline:
        _prepared.move_to_end(key)
        return entry
    entry = _prepared[key] = Prepared(timeline, assets)
    while len(_prepared) > 4:
        _prepared.popitem(last=False)
    return entry


def clear() -> None:
    """Drop every cache (tests use it to show that caching does not change frames)."""
    global _base_bytes
    _bases.clear()
    _prepared.clear()
    _base_bytes = 0
    background.cache_clear()


def render(timeline: Timeline, n: int, assets: AssetStore | None = None) -> np.ndarray:
    """Frame n of the timeline: the scene at its start sample, its transition, then captions."""
    if n < 0:
        raise RenderError(f"frame index must be >= 0, but got {n}", frame=n)
    if not timeline.scenes:
        raise RenderError("the timeline has no scenes to render", frame=n)
    prep = prepared(timeline, assets)
    sample = timeline.fps.frame_start(n)
    scene = timeline.scene_at(sample)
    pos = timeline.scenes.index(scene)
    out = prep.scene_pixels(scene, sample)
    p = transitions.progress(scene, sample, prep.context(scene).frame_len)
    if p is not None and p < 1.0:
        if pos > 0:
            previous = prep.end_pixels(pos - 1)
        else:  # the first scene enters over the bare background
            tl = timeline
            previous = background(tl.theme, tl.width, tl.height, DRAWINGS[scene.layout].hero)
        out = transitions.blend(scene.transition, previous, out, p)
    presenting = prep.presenting()
    if presenting is not None:  # over the scene and its transition: the presenter stays while scenes change
        surface = _surface(out)
        presenting.paint(surface.getCanvas(), scene.index, sample, prep.context(scene).theme)
        del surface
    if timeline.burn_captions:
        caps, starts = prep.captions()
        captions.paint(out, caps, starts, sample, prep.context(scene).theme, timeline.lang)
    return out
