"""Chart events: each series grows in on the cue that names it."""

from __future__ import annotations

from collections.abc import Mapping

from ...timeline import Cue, Scene
from .common import Emit


def events(scene: Scene, cues: Mapping[str, Cue], emit: Emit) -> None:
    """Emit "series" for each "series:<cue>" at its cue."""
    for name in scene.props.get("chart", {}).get("series", {}):
        emit("series", f"series:{name}", cues[name].start, name)
