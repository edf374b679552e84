"""The presenter's mouth as seen: how open it is on each frame, against the visemes and the voice.

Picture side: the pixels of the timeline's mouth box on every frame with the presenter, read by the
drawing's own measure (`openness_from_pixels`: the share of open-mouth pixels, 0 closed .. 1 wide).
Expected side: the viseme the timeline holds on that frame (`visemes.shown_on`) and its OPENNESS.

A change of shape is seen on the first frame, near its phoneme, whose measured openness is closer to
the new shape's than to the old one's. It is compared with the phoneme as heard: the planned start
moved by the narration's measured offset (narration.py), so a picture whose mouth follows the
timeline exactly still fails when the sound is two frames late.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..lipsync import CLOSED, OPENNESS
from ..plan.visemes import PAUSE_MS, shown_on
from ..timeline import Timeline, ms_to_samples
from .decode import Box

MIN_STEP = 0.2  # a change of OPENNESS smaller than this is not measured (B to G, A to X look alike)
SHUT = 0.12  # measured openness at or under this reads as a closed mouth
SEARCH_FRAMES = 3  # a change is looked for this many frames either side of its planned frame


@dataclass(frozen=True, slots=True)
class MouthChange:
    """One change of mouth shape: planned on frame `planned_frame`, heard on `heard_frame` (its
    phoneme's start plus the narration's offset), seen on `seen_frame` (None: not within the search)."""

    shape_from: str
    shape_to: str
    start_sample: int
    planned_frame: int
    heard_frame: int
    seen_frame: int | None

    @property
    def error_frames(self) -> int | None:
        return None if self.seen_frame is None else self.seen_frame - self.heard_frame


@dataclass(frozen=True, slots=True)
class MouthPause:
    """A pause in the narration (the mouth at rest for PAUSE_MS or more): the first frame it is heard
    on and the first frame the mouth is seen closed (None: never, within the pause)."""

    start_sample: int
    heard_frame: int
    closed_frame: int | None
    frames: int

    @property
    def error_frames(self) -> int | None:
        return None if self.closed_frame is None else self.closed_frame - self.heard_frame


def mouth_boxes(timeline: Timeline) -> dict[int, Box]:
    """Each frame that shows the presenter -> its mouth box in pixels (even corners, for 4:2:0)."""
    presenter = timeline.presenter
    if presenter is None:
        return {}
    out, fps, w, h = {}, timeline.fps, timeline.width, timeline.height
    for scene in timeline.scenes:
        place = presenter.placement(scene.index)
        if place is None:
            continue
        x, y, bw, bh = place.mouth
        box = (int(x * w) // 2 * 2, int(y * h) // 2 * 2, -(-int((x + bw) * w) // 2) * 2, -(-int((y + bh) * h) // 2) * 2)
        first = fps.frame_at(scene.start + scene.transition_samples)  # after its entrance: no blend of two scenes
        for n in range(first, min(fps.frame_count(scene.end), timeline.frame_count)):
            out[n] = box
    return out


def measure(timeline: Timeline, opened: dict[int, float], audio_offset_ms: float) -> tuple[list[MouthChange],
                                                                                             list[MouthPause]]:
    """Every measurable change of shape and every pause, seen against heard."""
    presenter, fps = timeline.presenter, timeline.fps
    shift = ms_to_samples(audio_offset_ms)
    visemes = presenter.visemes
    changes, pauses = [], []
    for i in range(1, len(visemes)):
        before, now = visemes[i - 1], visemes[i]
        planned = fps.frame_at(now.start)
        if planned not in opened or planned - 1 not in opened:
            continue
        heard = fps.frame_at(max(0, now.start + shift))
        following = visemes[i + 1].start if i + 1 < len(visemes) else timeline.duration
        if now.shape == "X" and following - now.start >= ms_to_samples(PAUSE_MS):
            if before.shape not in CLOSED:  # after a closed shape the pause cannot be seen to close the mouth
                pauses.append(_pause(opened, now.start, heard, fps.frame_at(following) - planned))
            continue
        old, new = OPENNESS[before.shape], OPENNESS[now.shape]
        # Measurable: a real step, and both shapes on screen for at least a frame (smoothing keeps them so).
        if abs(new - old) < MIN_STEP or shown_on(visemes, fps, planned - 1) != before.shape:
            continue
        if shown_on(visemes, fps, planned) != now.shape:
            continue
        changes.append(MouthChange(before.shape, now.shape, now.start, planned, heard,
                                   _seen(opened, planned, old, new)))
    return changes, pauses


def _seen(opened: dict[int, float], planned: int, old: float, new: float) -> int | None:
    """The frame nearest `planned` that looks more like `new` than `old`, after one that looked like `old`."""
    for k in sorted(range(planned - SEARCH_FRAMES, planned + SEARCH_FRAMES + 1), key=lambda k: (abs(k - planned), k)):
        if k in opened and k - 1 in opened:
            if abs(opened[k] - new) < abs(opened[k] - old) and abs(opened[k - 1] - old) <= abs(opened[k - 1] - new):
                return k
    return None


def _pause(opened: dict[int, float], start: int, heard: int, frames: int) -> MouthPause:
    first = heard - SEARCH_FRAMES
    closed = next((k for k in range(first, first + frames + 2 * SEARCH_FRAMES) if opened.get(k, 1.0) <= SHUT), None)
    return MouthPause(start, heard, closed, frames)

