"""Scene transitions: the previous scene, frozen as it looked on its last frame, and the new one."""

from __future__ import annotations

import cv2
import numpy as np

from ...timeline import Scene
from .theme import decelerate, emphasized


def progress(scene: Scene, sample: int, frame_len: float) -> float | None:
    """Linear progress of `scene`'s entering transition at `sample`, or None when none is running.

    Advanced by one frame like every entrance, so the first transition frame already shows motion
    and the last one shows the new scene in place.
    """
    if scene.transition not in ("slide", "fade") or scene.transition_samples <= 0:
        return None
    if not scene.start <= sample < scene.start + scene.transition_samples:
        return None
    return min(1.0, (sample - scene.start + frame_len) / scene.transition_samples)


def blend(kind: str, previous: np.ndarray, current: np.ndarray, p: float) -> np.ndarray:
    """One transition frame. slide: push to the left (emphasised ease); fade: crossfade.

    A fade is the new scene's entrance, so it decelerates like every entrance: it is visible from
    its first frame (with the slow-starting emphasised curve a fade's first frame changed the
    picture by under 4%, which a viewer, and the verifier, saw one frame late).
    """
    if kind == "fade":
        e = decelerate(p)
        return cv2.addWeighted(previous, 1.0 - e, current, e, 0.0)
    e = emphasized(p)
    width = current.shape[1]
    dx = min(width, max(0, round(width * e)))
    out = np.empty_like(current)
    out[:, : width - dx] = previous[:, dx:]
    out[:, width - dx :] = current[:, :dx]
    return out
