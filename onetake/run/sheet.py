"""A contact sheet: one frame per scene, in a grid, as a PNG (to see a whole video at a glance)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from ..assets import AssetStore
from ..io import atomic_path
from ..render.video import frame
from ..timeline import Timeline, seconds_to_samples

SETTLE_SECONDS = 0.35  # pick each scene's frame this long before it ends: everything has appeared


def scene_frames(timeline: Timeline) -> list[int]:
    """The frame that shows each scene complete."""
    frames = []
    for scene in timeline.scenes:
        sample = max(scene.start, scene.end - seconds_to_samples(SETTLE_SECONDS))
        frames.append(min(timeline.frame_count - 1, timeline.fps.frame_at(sample)))
    return frames


def contact_sheet(timeline: Timeline, path: Path, assets: AssetStore | None = None, columns: int = 3,
                  thumb_width: int = 640, gap: int = 12) -> Path:
    """Write a PNG grid of one frame per scene (images read from `assets`, the store the timeline was planned with)."""
    thumbs = []
    for n in scene_frames(timeline):
        rgba = frame(timeline, n, assets)
        height = round(rgba.shape[0] * thumb_width / rgba.shape[1])
        thumbs.append(cv2.resize(rgba[..., :3], (thumb_width, height), interpolation=cv2.INTER_AREA))
    rows = -(-len(thumbs) // columns)
    th, tw = thumbs[0].shape[:2]
    sheet = np.full((rows * th + (rows + 1) * gap, columns * tw + (columns + 1) * gap, 3), 24, np.uint8)
    for i, thumb in enumerate(thumbs):
        r, c = divmod(i, columns)
        y, x = gap + r * (th + gap), gap + c * (tw + gap)
        sheet[y:y + th, x:x + tw] = thumb
    with atomic_path(Path(path)) as temp:
        if not cv2.imwrite(str(temp), cv2.cvtColor(sheet, cv2.COLOR_RGB2BGR)):
            raise OSError(f"could not write {path}")
    return Path(path)
