"""The video renderer: `frame(timeline, n, assets)` is a pure function of the timeline and the frame index.

Frames can be rendered in any order, in any process, and are identical; per-process caches
(fonts, paragraphs, background and settled layers, decoded images) only make them faster.
"""

from __future__ import annotations

import numpy as np

from ...assets import AssetStore
from ...timeline import Timeline
from . import compose


def frame(timeline: Timeline, n: int, assets: AssetStore | None = None) -> np.ndarray:
    """Frame `n` of `timeline` as an opaque RGBA array of shape (height, width, 4), dtype uint8.

    Shows the timeline at sample `timeline.fps.frame_start(n)`; images the timeline names are read
    from `assets`, the store it was planned with. The array is new and writable.
    """
    return compose.render(timeline, n, assets)


def clear_caches() -> None:
    """Drop this process's render caches (frames do not change; the next ones are slower)."""
    compose.clear()


__all__ = ["clear_caches", "frame"]
