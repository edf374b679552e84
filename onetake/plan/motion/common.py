"""What every layout's events share: `Emit`, which snaps an event to its frame, and typing."""

from __future__ import annotations

from ...geometry import element_x
from ...timeline import Fps, FrozenDict, Scene, VisualEvent, seconds_to_samples

KEY_INTERVAL_SECONDS = 0.07  # typing speed: ~14 glyphs per second


class Emit:
    """Records the visual events of one scene, each on the frame that holds its sample.

    `emit(kind, element, sample, cue=None, **data)` adds one event and returns it: `at` is that
    frame's first sample, `x` the element's horizontal centre (the pan of its sound).
    """

    def __init__(self, scene: Scene, fps: Fps, width: int, height: int):
        self.scene, self.fps, self.width, self.height = scene, fps, width, height
        self.events: list[VisualEvent] = []

    def __call__(self, kind: str, element: str, sample: int, cue: str | None = None, **data) -> VisualEvent:
        frame = self.fps.frame_at(sample)
        event = VisualEvent(
            kind=kind, scene=self.scene.index, element=element, frame=frame, at=self.fps.frame_start(frame),
            x=element_x(self.scene, element, self.width, self.height), cue=cue, data=FrozenDict(data),
        )
        self.events.append(event)
        return event


def typing(emit: Emit, cue: str, text: str, start: int) -> None:
    """One key event per glyph of `text` on "target:search", each on its own frame, the first at `start`."""
    fps = emit.fps
    interval = max(seconds_to_samples(KEY_INTERVAL_SECONDS), fps.frame_start(1))
    frame_of_last = -1
    for i, char in enumerate(text):
        sample = start + i * interval
        if fps.frame_at(sample) <= frame_of_last:  # keep one glyph per frame at low frame rates
            sample = fps.frame_start(frame_of_last + 1)
        frame_of_last = emit("key", "target:search", sample, cue if i == 0 else None, char=char, text=text,
                             index=i).frame
