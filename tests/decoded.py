"""Reading a finished file back for the tests: frames as RGB, a packet count, a high-passed onset finder.

The verifier itself never needs these (it scans regions and correlates sounds: onetake/verify).
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
from scipy.signal import butter, sosfilt

from onetake.timeline import SAMPLE_RATE


def decode_frames(path: Path, wanted: set[int] | None = None) -> dict[int, np.ndarray]:
    """Decoded frames as RGB uint8 arrays, by index (all frames when `wanted` is None)."""
    frames: dict[int, np.ndarray] = {}
    with av.open(str(path)) as container:
        for index, frame in enumerate(container.decode(video=0)):
            if wanted is None or index in wanted:
                frames[index] = frame.to_ndarray(format="rgb24")
            if wanted is not None and len(frames) == len(wanted):
                break
    return frames


def frame_count(path: Path) -> int:
    """Number of video frames, counted by decoding packets (not trusting the header)."""
    with av.open(str(path)) as container:
        return sum(1 for packet in container.demux(video=0) if packet.size)


def highpass(mono: np.ndarray, cutoff_hz: float = 3000.0) -> np.ndarray:
    """Keep what clicks and keystrokes are made of; voice and music live mostly below."""
    sos = butter(4, cutoff_hz, btype="highpass", fs=SAMPLE_RATE, output="sos")
    return sosfilt(sos, mono.astype(np.float64))


def onset_near(mono: np.ndarray, expected: int, window: int = SAMPLE_RATE // 20, ratio: float = 0.25) -> int | None:
    """First sample in [expected - window, expected + window) whose level reaches `ratio` of the window's peak.

    Meant for a high-passed signal where an impulsive sound stands out. None if the window is silent.
    """
    a, b = max(0, expected - window), min(len(mono), expected + window)
    segment = np.abs(mono[a:b])
    if segment.size == 0 or segment.max() < 1e-4:
        return None
    return a + int(np.argmax(segment >= ratio * segment.max()))
