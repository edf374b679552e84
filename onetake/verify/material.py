"""What every check reads: the file, its decoded audio, its video timestamps and frames, the timeline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..timeline import Timeline
from .decode import VideoScan
from .report import Thresholds


@dataclass(frozen=True)
class Material:
    """The measured side (decoded from `video`) and the expected side (`timeline`) of one verification.

    audio: float32 (n, channels), sample 0 at presentation time `audio_start` seconds.
    scan: every frame's presentation time and the pixels of the frames the checks asked for.
    """

    video: Path
    timeline: Timeline
    audio: np.ndarray
    audio_start: float
    scan: VideoScan
    thresholds: Thresholds
