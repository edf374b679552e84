"""App events: each `on` action at its cue: a click on a target, a notification, or typing."""

from __future__ import annotations

from collections.abc import Mapping

from ...timeline import Cue, Scene
from .common import Emit, typing


def events(scene: Scene, cues: Mapping[str, Cue], emit: Emit) -> None:
    """Emit "click" on "target:<name>", "notify" on "toast" (with its text), or one "key" per glyph typed."""
    for name, action in scene.props.get("on", {}).items():
        verb, _, argument = str(action).partition(" ")
        start = cues[name].start
        if verb == "click":
            emit("click", f"target:{argument.strip().lower()}", start, name)
        elif verb == "notify":
            emit("notify", "toast", start, name, text=argument.strip())
        elif verb == "type":
            typing(emit, name, argument.strip(), start)
