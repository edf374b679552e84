"""Read a finished file back: decoded PCM and frames, the measured side of every sync check."""

from __future__ import annotations

from dataclasses import dataclass
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
            blocks.append(frame.to_ndarray().reshape(len(frame.layout.channels), -1))
    return np.concatenate(blocks, axis=1).T.astype(np.float32) if blocks else np.zeros((0, 2), np.float32)


Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels, half-open


@dataclass(frozen=True, slots=True)
class VideoScan:
    """One decoding pass over the video: every frame's presentation time, and how some regions change.

    `times[k]` is frame k's presentation time in seconds (display order, from the decoded pts).
    `changes[(k, box)]` is the mean absolute difference of region `box` between frames k - 1 and k,
    over its Y, U and V samples (4:2:0) together, so luma weighs 2/3 and chroma 1/3. Only these
    numbers are kept (regions live for one frame), so memory stays small for any length and size.
    """

    times: tuple[float, ...]
    changes: dict[tuple[int, Box], float]

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


def scan_video(path: Path, wanted: dict[int, set[Box]] | None = None) -> VideoScan:
    """Decode every frame once (threaded), keeping the timestamps of all and how the regions in
    `wanted` changed from the frame before (a region is compared where frames k - 1 and k both want it)."""
    wanted = wanted or {}
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
            if index in wanted:
                y, u, v = _planes(frame)
                for box in wanted[index]:
                    x0, y0, x1, y1 = box
                    parts = (y[y0:y1, x0:x1], u[y0 // 2:(y1 + 1) // 2, x0 // 2:(x1 + 1) // 2],
                             v[y0 // 2:(y1 + 1) // 2, x0 // 2:(x1 + 1) // 2])
                    current[box] = np.concatenate([p.ravel() for p in parts]).astype(np.int16)
                    if box in previous:
                        changes[(index, box)] = float(np.mean(np.abs(current[box] - previous[box])))
            previous = current
    return VideoScan(tuple(times), changes)


def audio_start_seconds(path: Path) -> float:
    """Presentation time of the first decoded audio sample (0 when the encoder's priming is skipped)."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        for frame in container.decode(stream):
            return float(frame.pts * stream.time_base) if frame.pts is not None else 0.0
    return 0.0
