"""The presenter's part of the timeline: where it stands per scene, its mouth, blinks and gestures.

The mouth comes from the lines' own phoneme timings (plan/visemes.py), so it is right by
construction in every language, code-switched spans included (a line joined from two voices has
both voices' phonemes). Blinks are seeded by the storyboard's title and the scene, so a render
repeats.
"""

from __future__ import annotations

import random
from dataclasses import replace

from ..lipsync import GESTURE_IN_MS, GESTURE_OUT_MS
from ..storyboard import Storyboard
from ..timeline import Cue, Fps, Gesture, Line, Placement, Presenter, Scene, ms_to_samples, seconds_to_samples
from .stage import placement
from .visemes import track

GESTURE_HOLD_MS = 900  # at least, after easing in
BLINK_EVERY = (2.0, 6.0)  # seconds between blinks, uniformly: people blink every 2-10 s when speaking


def plan_presenter(storyboard: Storyboard, scenes: list[Scene], lines: list[Line], cues: list[Cue], fps: Fps,
                   width: int, height: int, burn_captions: bool) -> tuple[list[Scene], Presenter | None]:
    """The scenes with their stages set beside the presenter, and the presenter (None without one)."""
    look = storyboard.presenter
    if look is None:
        return scenes, None
    from ..render.video.presenter import ASPECT, Look, mouth_box  # the drawing knows its shape and mouth
    from .soundtrack import seed_of  # numpy: only where there is a presenter to plan

    drawn = Look(look.style, look.skin, look.hair)
    placed, placements = [], []
    for scene, source in zip(scenes, storyboard.scenes):
        position = source.presenter or look.position
        if position == "hidden":
            placed.append(scene)
            continue
        stage, (x, y, w, h) = placement(position, look.position, look.size, scene.direction == "rtl",
                                        burn_captions, width, height)
        box = (x, y + h - min(h, w / ASPECT), w, min(h, w / ASPECT))  # the character's own frame, standing
        placed.append(replace(scene, stage=stage))
        placements.append(Placement(scene.index, position, _fractions(box, width, height),
                                    _fractions(mouth_box(box, drawn), width, height)))
    seed = seed_of(storyboard)
    return placed, Presenter(
        style=look.style, skin=look.skin, hair=look.hair, placements=tuple(placements),
        visemes=track([p for line in lines for p in line.phonemes], fps),
        gestures=_gestures(storyboard, placed, cues, fps), seed=seed,
        blinks=tuple(b for scene in placed for b in _blinks(seed + scene.index, scene.start, scene.end)),
    )


def _fractions(box, width: int, height: int) -> tuple[float, ...]:
    x, y, w, h = box
    return (x / width, y / height, w / width, h / height)


def _gestures(storyboard: Storyboard, scenes: list[Scene], cues: list[Cue], fps: Fps) -> tuple[Gesture, ...]:
    """Each `on: {cue: gesture NAME}`: from its cue's frame, held while the cue is spoken (at least
    GESTURE_HOLD_MS), eased back to rest before the scene ends."""
    out = []
    for scene, source in zip(scenes, storyboard.scenes):
        for cue_name, name in source.gestures.items():
            cue = next(c for c in cues if c.scene == scene.index and c.name == cue_name)
            start = fps.frame_start(fps.frame_at(cue.start))
            held = max(cue.end, start + ms_to_samples(GESTURE_IN_MS + GESTURE_HOLD_MS))
            end = min(held + ms_to_samples(GESTURE_OUT_MS), scene.end)
            out.append(Gesture(name, scene.index, cue_name, start, max(end, start + 1)))
    return tuple(sorted(out, key=lambda g: g.start))


def _blinks(seed: int, start: int, end: int) -> tuple[int, ...]:
    """Blinks over [start, end), by scene: an edit in one scene leaves the others' blinks where they were
    in their scenes (their frames, and chunks, stay the same)."""
    rng = random.Random(seed)
    out, at = [], start + seconds_to_samples(rng.uniform(0.8, 2.5))
    while at < end:
        out.append(at)
        at += seconds_to_samples(rng.uniform(*BLINK_EVERY))
    return tuple(out)
