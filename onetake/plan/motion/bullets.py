"""Bullets events: each item enters on the cue that names it."""

from __future__ import annotations

from collections.abc import Mapping

from ...timeline import Cue, Scene
from .common import Emit


def events(scene: Scene, cues: Mapping[str, Cue], emit: Emit) -> None:
    """Emit "enter" for each "item:<cue>" at its cue."""
    for name in scene.props.get("items", {}):
        emit("enter", f"item:{name}", cues[name].start, name)
