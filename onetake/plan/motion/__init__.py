"""Visual events: what happens on screen and on which frame, anchored to cue times.

An event lands on the frame that contains its cue's first sample (so picture and narration agree
to the frame in every language); its `at` is that frame's first sample, where its sound will land.

`common` holds what every layout shares (the `Emit` that snaps and records an event, typing); every
other module of this package is one layout, named as the layout is, with an
`events(scene, cues, emit)` that emits that layout's events. `EVENTS` collects them by name.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping

from ...timeline import Cue, Fps, Scene, VisualEvent
from .common import Emit

EventsFn = Callable[[Scene, Mapping[str, Cue], Emit], None]  # a layout's events(scene, cues, emit)


def _layouts() -> dict[str, EventsFn]:
    """Every layout module of this package (all but `common`) -> its `events` function."""
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if info.name != "common":
            found[info.name] = importlib.import_module(f"{__name__}.{info.name}").events
    return found


EVENTS: dict[str, EventsFn] = _layouts()


def scene_events(scene: Scene, cues: Mapping[str, Cue], fps: Fps, width: int, height: int) -> list[VisualEvent]:
    """Every visual event of one scene, in time order: its transition, then its layout's events."""
    emit = Emit(scene, fps, width, height)
    if scene.transition_samples:
        emit("transition", "scene", scene.start)
    events = EVENTS.get(scene.layout)
    if events is None:
        raise ValueError(f"scene {scene.index} has unknown layout {scene.layout!r}; expected one of {', '.join(EVENTS)}")
    events(scene, cues, emit)
    return sorted(emit.events, key=lambda e: (e.at, e.kind))
