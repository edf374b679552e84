"""Split a frame range into chunks, one per task; chunks cover [0, N) exactly, in order."""

from __future__ import annotations


def split_frames(frame_count: int, workers: int, min_frames: int = 90) -> list[tuple[int, int]]:
    """Half-open frame ranges: about two per worker (for balance), none shorter than `min_frames`."""
    if frame_count <= 0:
        return []
    pieces = max(1, min(workers * 2, frame_count // max(1, min_frames)))
    bounds = [frame_count * i // pieces for i in range(pieces + 1)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
