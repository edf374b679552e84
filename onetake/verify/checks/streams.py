"""streams: frames, size, starts, durations and AAC priming, from the container (verify/streams.py)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ...timeline import SAMPLE_RATE
from .. import streams
from ..material import Material
from ..records import fields_of
from ..registry import register
from ..report import Check


@register("streams", order=50)
def streams_check(m: Material) -> Check:
    """Frames equal to the timeline's, both streams starting within `start_ms`, priming skipped."""
    facts = streams.measure(m.video, m.timeline, len(m.audio), m.audio_start, m.scan)
    # Unskipped priming shows as all sound late by exactly 1024 or 2048 samples.
    offsets = [r.offset_ms for r in m.sounds if r.offset_ms is not None]
    lag_ms = float(np.median(offsets)) if offsets else None
    if lag_ms is not None and any(abs(lag_ms - k * streams.AAC_FRAME * 1000 / SAMPLE_RATE) < 0.5 for k in (1, 2)):
        facts = replace(facts, priming_handled=False)
    problems = streams.problems(facts, m.timeline, m.thresholds.start_ms)
    measured = (f"{facts.frames}/{facts.expected_frames} frames, starts video {facts.video_start_ms} / "
                f"audio {facts.audio_start_ms} ms, priming {facts.priming_samples} "
                f"{'skipped' if facts.priming_handled else 'NOT skipped'}")
    return Check("streams", not problems, measured, f"frames equal, starts within {m.thresholds.start_ms:g} ms",
                 {**fields_of(facts), "problems": problems})
