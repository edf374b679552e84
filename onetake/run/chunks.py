"""Split a programme's frames into chunks, one per task; chunks cover [0, N) exactly, in order."""

from __future__ import annotations

from dataclasses import dataclass

from ..timeline import Timeline

MAX_CHUNK_FRAMES = 300  # 10 s at 30 fps: long scenes are split so both workers stay busy


def split_frames(frame_count: int, workers: int, min_frames: int = 90) -> list[tuple[int, int]]:
    """Half-open frame ranges: about two per worker (for balance), none shorter than `min_frames`."""
    if frame_count <= 0:
        return []
    pieces = max(1, min(workers * 2, frame_count // max(1, min_frames)))
    bounds = [frame_count * i // pieces for i in range(pieces + 1)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


@dataclass(frozen=True, slots=True)
class Chunk:
    """Frames [first, last) of scene `scene`."""

    first: int
    last: int
    scene: int


def scene_chunks(timeline: Timeline, max_frames: int = MAX_CHUNK_FRAMES) -> list[Chunk]:
    """Chunks covering [0, frame_count) in order: a scene's entrance (its transition, which shows the
    scene before) in a chunk of its own, then the rest of the scene, long ones split from there."""
    fps, total, out = timeline.fps, timeline.frame_count, []
    for k, scene in enumerate(timeline.scenes):
        first = fps.frame_at(scene.start) if k else 0
        last = min(total, fps.frame_at(timeline.scenes[k + 1].start) if k + 1 < len(timeline.scenes) else total)
        entered = min(last, fps.frame_count(scene.start + scene.transition_samples)) if k else first
        if entered > first:
            out.append(Chunk(first, entered, scene.index))
        for a in range(entered, last, max_frames):
            out.append(Chunk(a, min(a + max_frames, last), scene.index))
    return out
