"""Sound events emitted by visual events: a click makes a click, an entrance a pop, and so on."""

from __future__ import annotations

import zlib

from ..timeline import SoundEvent, VisualEvent, seconds_to_samples

SOUND_OF = {
    "click": "click",
    "key": "key",
    "enter": "pop",
    "callout": "ping",
    "notify": "notify",
    "series": "rise",
    "transition": "whoosh",
}
WHOOSH_LEAD_SECONDS = 0.05  # a whoosh starts slightly before the motion it accompanies
PAN_WIDTH = 0.6  # never pan hard: the voice stays centred, effects stay near it


def sound_events(visual_events: list[VisualEvent]) -> list[SoundEvent]:
    """One sound per visual event, on the event frame's first sample, panned by the element's x."""
    sounds = []
    for index, event in enumerate(visual_events):
        kind = SOUND_OF.get(event.kind)
        if kind is None:
            continue
        at = event.at
        if kind == "whoosh":
            at = max(0, at - seconds_to_samples(WHOOSH_LEAD_SECONDS))
        seed = zlib.crc32(f"{event.scene}:{event.element}:{event.frame}:{index}".encode())
        sounds.append(SoundEvent(kind=kind, at=at, pan=round((event.x - 0.5) * 2 * PAN_WIDTH, 4), seed=seed, source=index))
    return sounds
