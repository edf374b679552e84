"""The presenter on one frame: its pose read off the timeline, drawn over the scene (under captions).

Everything is a function of the frame's sample: the mouth's shape (`visemes.shown_on`), a blink
(BLINK_MS around each recorded start), breathing (a slow sine from the scene's start), the gaze
toward the element the narration has just brought in or clicked (its event's x against the
presenter's), and a gesture eased in from its cue's frame and out before its end. So frames come out the same in any order.
"""

from __future__ import annotations

import math
from bisect import bisect_right

import skia

from ...lipsync import BLINK_MS, GESTURE_IN_MS, GESTURE_OUT_MS
from ...plan.visemes import viseme_at
from ...timeline import Presenter, Timeline, ms_to_samples, seconds_to_samples
from .presenter import Look, Pose, draw_presenter
from .theme import Theme, decelerate

BREATH_SECONDS = 4.2
GAZE_BEFORE_MS, GAZE_HOLD_MS, GAZE_MOVE_MS = 120, 1400, 250
BEAT_MS = 600
GLANCED_AT = ("enter", "click", "callout", "series", "notify")


class Presenting:
    """What the frames of one timeline's presenter share (made once per timeline)."""

    def __init__(self, timeline: Timeline):
        presenter: Presenter = timeline.presenter
        self.presenter = presenter
        self.look = Look(presenter.style, presenter.skin, presenter.hair)
        self.width, self.height = timeline.width, timeline.height
        self.fps, self.frame_len = timeline.fps, timeline.fps.frame_samples
        self.starts = [v.start for v in presenter.visemes]
        self.glances: dict[int, list[tuple[int, float]]] = {}  # scene -> (sample, x) of its cued elements
        for e in sorted(timeline.visual_events, key=lambda e: e.at):
            if e.kind in GLANCED_AT and e.cue:
                self.glances.setdefault(e.scene, []).append((e.at, e.x))
        self.rtl = {s.index: s.direction == "rtl" for s in timeline.scenes}
        self.scene_start = {s.index: s.start for s in timeline.scenes}

    def pose(self, scene: int, sample: int) -> Pose:
        """The presenter's pose at `sample`, in scene `scene`."""
        place = self.presenter.placement(scene)
        shown = self.fps.frame_start(self.fps.frame_at(sample) + 1) - 1  # the frame's last sample: a shape
        # starting inside the frame is already on it (plan/visemes.shown_on)
        gesture, amount = self._gesture(sample)
        return Pose(
            viseme=viseme_at(self.presenter.visemes, shown, self.starts),
            blink=self._blink(sample),
            # From the scene's start, so a scene's frames do not depend on where it lands in the programme.
            breath=math.sin(2 * math.pi * (sample - self.scene_start[scene]) / seconds_to_samples(BREATH_SECONDS)),
            gaze=self._gaze(scene, sample, place.box[0] + place.box[2] / 2),
            gesture=gesture, amount=amount, mirrored=self.rtl.get(scene, False),
        )

    def _blink(self, sample: int) -> float:
        i = bisect_right(self.presenter.blinks, sample) - 1
        if i < 0:
            return 0.0
        t = (sample - self.presenter.blinks[i]) / ms_to_samples(BLINK_MS)
        return max(0.0, 1.0 - abs(2 * t - 1)) if t < 1 else 0.0

    def _gaze(self, scene: int, sample: int, centre: float) -> float:
        """Toward the latest cued element of this scene, for a while after it appears."""
        before = ms_to_samples(GAZE_BEFORE_MS)
        glances = self.glances.get(scene, [])
        i = bisect_right([at for at, _ in glances], sample + before) - 1
        if i < 0:
            return 0.0
        at, x = glances[i]
        t = sample - (at - before)
        move, hold = ms_to_samples(GAZE_MOVE_MS), ms_to_samples(GAZE_HOLD_MS)
        if t > move + hold + move:
            return 0.0
        weight = decelerate(min(1.0, t / move)) if t < move else (
            1.0 if t < move + hold else 1.0 - decelerate(min(1.0, (t - move - hold) / move)))
        return max(-1.0, min(1.0, (x - centre) * 3.0)) * weight

    def _gesture(self, sample: int) -> tuple[str | None, float]:
        """The latest gesture under way and how far into it (the first frame already partly in)."""
        current = None
        for g in self.presenter.gestures:
            if g.start <= sample < g.end:
                current = g
        if current is None:
            return None, 0.0
        into = sample - current.start + self.frame_len
        out = current.end - sample
        raw = decelerate(max(0.0, min(1.0, into / ms_to_samples(GESTURE_IN_MS), out / ms_to_samples(GESTURE_OUT_MS))))
        if raw < 1:
            return current.name, 0.5 * raw if current.name == "wave" else raw
        # Held: a wave rocks the hand (0.5..1 of its amount) and a nod bobs the head, once per beat.
        beat = ((into - ms_to_samples(GESTURE_IN_MS)) / ms_to_samples(BEAT_MS)) % 1.0
        if current.name == "wave":
            return current.name, 0.5 + 0.5 * beat
        if current.name == "nod":
            return current.name, 0.6 + 0.4 * math.cos(2 * math.pi * beat)
        return current.name, raw

    def paint(self, canvas: skia.Canvas, scene: int, sample: int, theme: Theme) -> None:
        place = self.presenter.placement(scene)
        if place is None:
            return
        x, y, w, h = place.box
        box = (x * self.width, y * self.height, w * self.width, h * self.height)
        draw_presenter(canvas, box, self.look, self.pose(scene, sample), theme)
