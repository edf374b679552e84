"""Read a finished file back: decoded PCM and frames, the measured side of every sync check."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import av
import numpy as np


def decode_audio(path: Path) -> np.ndarray:
    """The file's audio as float32 (n, channels) at its own rate (48 kHz for onetake's files).

    The decoder applies the MP4 edit list, so AAC priming samples are already skipped: sample 0
    is the programme's first sample.
    """
    blocks = []
    with av.open(str(path)) as container:
        for frame in container.decode(audio=0):
            blocks.append(frame.to_ndarray().reshape(len(frame.layout.channels), -1).astype(np.float32, copy=False).T)
    # One copy into (n, channels), not a planar join and then a transposed one.
    return np.concatenate(blocks) if blocks else np.zeros((0, 2), np.float32)


Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels, half-open


@dataclass(frozen=True, slots=True)
class VideoScan:
    """One decoding pass over the video: every frame's presentation time, and how some regions change.

    `times[k]` is frame k's presentation time in seconds (display order, from the decoded pts).
    `changes[(k, box)]` is the mean absolute difference of region `box` between frames k - 1 and k,
    over its Y, U and V samples (4:2:0) together, so luma weighs 2/3 and chroma 1/3. `mouths[k]` is
    how open the presenter's mouth is on frame k (0 closed .. 1 wide), read from the pixels of its
    mouth box. Only these numbers are kept (regions live for one frame), so memory stays small for
    any length and size.
    """

    times: tuple[float, ...]
    changes: dict[tuple[int, Box], float]
    mouths: dict[int, float] = field(default_factory=dict)

    @property
    def count(self) -> int:
        """How many frames were decoded."""
        return len(self.times)


def _planes(frame) -> list[np.ndarray]:
    """Y, U, V of a decoded frame as 2-D uint8 views (no colour conversion: that is the slow part)."""
    if frame.format.name not in ("yuv420p", "yuvj420p"):
        frame = frame.reformat(format="yuv420p")
    out = []
    for plane in frame.planes:
        rows = np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)
        out.append(rows[:, :plane.width])
    return out


def _rgb(y: np.ndarray, u: np.ndarray, v: np.ndarray, box: Box) -> np.ndarray:
    """The RGB pixels of `box` (even corners) from 4:2:0 planes, converted as the encoder converted."""
    import cv2

    x0, y0, x1, y1 = box
    parts = (y[y0:y1, x0:x1], u[y0 // 2:y1 // 2, x0 // 2:x1 // 2], v[y0 // 2:y1 // 2, x0 // 2:x1 // 2])
    i420 = np.concatenate([p.ravel() for p in parts]).reshape((y1 - y0) * 3 // 2, x1 - x0)
    return cv2.cvtColor(i420, cv2.COLOR_YUV2RGB_I420)


def scan_video(path: Path, wanted: dict[int, set[Box]] | None = None, mouths: dict[int, Box] | None = None,
               openness=None) -> VideoScan:
    """Decode every frame once (threaded), keeping the timestamps of all and how the regions in
    `wanted` changed from the frame before (a region is compared where frames k - 1 and k both want it);
    on the frames in `mouths`, `openness(rgb)` of the pixels of that box (even corners)."""
    wanted, mouths = wanted or {}, mouths or {}
    opened: dict[int, float] = {}
    times: list[float] = []
    changes: dict[tuple[int, Box], float] = {}
    previous: dict[Box, np.ndarray] = {}  # the last frame's regions
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"  # decoding is most of a scan's cost: use every core
        base = stream.time_base
        for index, frame in enumerate(container.decode(stream)):
            times.append(float(frame.pts * base) if frame.pts is not None else index / float(stream.average_rate))
            current: dict[Box, np.ndarray] = {}
            if index in wanted or index in mouths:
                y, u, v = _planes(frame)
            if index in mouths:
                opened[index] = float(openness(_rgb(y, u, v, mouths[index])))
            if index in wanted:
                for box in wanted[index]:
                    x0, y0, x1, y1 = box
                    parts = (y[y0:y1, x0:x1], u[y0 // 2:(y1 + 1) // 2, x0 // 2:(x1 + 1) // 2],
                             v[y0 // 2:(y1 + 1) // 2, x0 // 2:(x1 + 1) // 2])
                    current[box] = np.concatenate([p.ravel() for p in parts]).astype(np.int16)
                    if box in previous:
                        changes[(index, box)] = float(np.mean(np.abs(current[box] - previous[box])))
            previous = current
    return VideoScan(tuple(times), changes, opened)


def audio_start_seconds(path: Path) -> float:
    """Presentation time of the first decoded audio sample (0 when the encoder's priming is skipped)."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        for frame in container.decode(stream):
            return float(frame.pts * stream.time_base) if frame.pts is not None else 0.0
    return 0.0
