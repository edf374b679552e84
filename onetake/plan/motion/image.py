"""Image events: each callout spotlights its region on the cue that names it."""

from __future__ import annotations

from collections.abc import Mapping

from ...timeline import Cue, Scene
from .common import Emit


def events(scene: Scene, cues: Mapping[str, Cue], emit: Emit) -> None:
    """Emit "callout" for each "callout:<cue>" at its cue."""
    for name in scene.props.get("callouts", {}):
        emit("callout", f"callout:{name}", cues[name].start, name)
