"""Visual events: what happens on screen and on which frame, anchored to cue times.

An event lands on the frame that contains its cue's first sample (so picture and narration agree
to the frame in every language); its `at` is that frame's first sample, where its sound will land.
"""

from __future__ import annotations

from ..layout import element_x
from ..timeline import Cue, Fps, FrozenDict, Scene, VisualEvent, seconds_to_samples

KEY_INTERVAL_SECONDS = 0.07  # typing speed: ~14 glyphs per second
SUBTITLE_DELAY_SECONDS = 0.5
CTA_DELAY_SECONDS = 0.4


def scene_events(scene: Scene, cues: dict[str, Cue], fps: Fps, width: int, height: int) -> list[VisualEvent]:
    """Every visual event of one scene, in time order."""
    events: list[VisualEvent] = []

    def add(kind: str, element: str, sample: int, cue: str | None = None, **data) -> None:
        frame = fps.frame_at(sample)
        events.append(VisualEvent(
            kind=kind, scene=scene.index, element=element, frame=frame, at=fps.frame_start(frame),
            x=element_x(scene, element, width, height), cue=cue, data=FrozenDict(data),
        ))

    if scene.transition_samples:
        add("transition", "scene", scene.start)
    props = scene.props
    if scene.layout == "title":
        add("enter", "title", scene.start)
        if props.get("subtitle"):
            cue = cues.get("subtitle")
            add("enter", "subtitle", cue.start if cue else scene.start + seconds_to_samples(SUBTITLE_DELAY_SECONDS),
                cue.name if cue else None)
    elif scene.layout == "bullets":
        for name in props.get("items", {}):
            add("enter", f"item:{name}", cues[name].start, name)
    elif scene.layout == "image":
        for name in props.get("callouts", {}):
            add("callout", f"callout:{name}", cues[name].start, name)
    elif scene.layout == "chart":
        for name in props.get("chart", {}).get("series", {}):
            add("series", f"series:{name}", cues[name].start, name)
    elif scene.layout == "end":
        cue = cues.get("cta")
        add("enter", "cta", cue.start if cue else scene.start + seconds_to_samples(CTA_DELAY_SECONDS), cue.name if cue else None)
    elif scene.layout == "app":
        for name, action in props.get("on", {}).items():
            verb, _, argument = str(action).partition(" ")
            start = cues[name].start
            if verb == "click":
                add("click", f"target:{argument.strip().lower()}", start, name)
            elif verb == "notify":
                add("notify", "toast", start, name, text=argument.strip())
            elif verb == "type":
                _typing(add, events, name, argument.strip(), start, fps)
    events.sort(key=lambda e: (e.at, e.kind))
    return events


def _typing(add, events, cue_name, text, start, fps) -> None:
    """One key event per glyph, each on its own frame, the first on the cue's frame."""
    interval = max(seconds_to_samples(KEY_INTERVAL_SECONDS), fps.frame_start(1))
    frame_of_last = -1
    for i, char in enumerate(text):
        sample = start + i * interval
        if fps.frame_at(sample) <= frame_of_last:  # keep one glyph per frame at low frame rates
            sample = fps.frame_start(frame_of_last + 1)
        add("key", "target:search", sample, cue_name if i == 0 else None, char=char, text=text, index=i)
        frame_of_last = events[-1].frame
