"""Title card events: the title enters at the scene's start, the subtitle on its cue (or a beat later)."""

from __future__ import annotations

from collections.abc import Mapping

from ...timeline import Cue, Scene, seconds_to_samples
from .common import Emit

SUBTITLE_DELAY_SECONDS = 0.5  # without a `subtitle` cue, the subtitle follows the title by this much


def events(scene: Scene, cues: Mapping[str, Cue], emit: Emit) -> None:
    """Emit "enter" for the title, and for the subtitle when there is one."""
    emit("enter", "title", scene.start)
    if scene.props.get("subtitle"):
        cue = cues.get("subtitle")
        emit("enter", "subtitle", cue.start if cue else scene.start + seconds_to_samples(SUBTITLE_DELAY_SECONDS),
             cue.name if cue else None)
