"""What every check reads: the file, its decoded audio, its video timestamps and frames, the timeline,
and the measurements several checks share, each made once, on first use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from ..timeline import Timeline
from . import events, narration
from .decode import VideoScan
from .records import SoundRecord, WordOnset
from .thresholds import Thresholds


@dataclass(frozen=True, eq=False)
class Material:
    """The measured side (decoded from `video`) and the expected side (`timeline`) of one verification.

    audio: float32 (n, channels), sample 0 at presentation time `audio_start` seconds.
    scan: every frame's presentation time and the region changes the checks asked for; None for a
        check that reads only the audio (it runs while the video is still being decoded).
    The cached properties are the measurements more than one check reads (computed once per Material).
    """

    video: Path
    timeline: Timeline
    audio: np.ndarray
    audio_start: float
    scan: VideoScan | None
    thresholds: Thresholds
    assets: object = None  # the AssetStore holding the music's audio, for ducking by reference

    @cached_property
    def mono(self) -> np.ndarray:
        """The decoded programme as one channel, (L + R) / 2."""
        return self.audio.mean(axis=1) if self.audio.ndim == 2 else self.audio

    @cached_property
    def seen(self) -> dict[int, events.Seen]:
        """Where each visual event was seen in the pixels, by its index (sound_visual and cues read it)."""
        if self.scan is None:
            raise ValueError("this Material has no video scan yet: register the check without audio_only")
        return events.seen_events(self.timeline, self.scan)

    @cached_property
    def effects_heard(self) -> np.ndarray:
        """The decoded programme less what the timeline says plays besides the effects: the narration,
        ambience and music stems, mastered exactly as the render mixed them (same gain, same limiter).
        What is left is the effects and the codec's error, so a quiet ping under loud speech and a
        café's murmur can still be located. The decoded mix itself when the voice clips or the
        music are not in `assets` (verifying on another machine)."""
        from ..errors import RenderError
        from ..render.audio import stems
        from ..timeline import SAMPLE_RATE

        if self.assets is None:
            return self.mono
        out = self.mono.astype(np.float32, copy=True)
        offset = round(self.audio_start * SAMPLE_RATE)
        step = SAMPLE_RATE * 10
        try:
            for a in range(max(0, offset), min(self.timeline.duration, offset + out.size), step):
                b = min(a + step, self.timeline.duration, offset + out.size)
                parts = stems(self.timeline, a, b, self.assets)
                known = parts["narration"] + parts["ambience"] + parts["music"]
                out[a - offset:b - offset] -= known.mean(axis=1) if self.audio.ndim == 2 else known[:, 0]
        except RenderError:
            return self.mono
        return out

    @cached_property
    def sounds(self) -> list[SoundRecord]:
        """Every sound a visual event makes, heard against seen (sound_visual, and streams for priming)."""
        return events.measure(self.timeline, self.effects_heard, self.audio_start, self.seen)

    @cached_property
    def words(self) -> list[WordOnset]:
        """The onset heard of every word after a pause (narration and cues read it)."""
        return narration.measure(self.timeline, self.mono, self.audio_start)
