"""narration: word onsets heard after pauses against the timeline's word starts; cues: each cued
action's frame against its word as heard (how onsets are measured: verify/narration.py)."""

from __future__ import annotations

import numpy as np

from .. import narration
from ..material import Material
from ..registry import register
from ..report import Check


@register("narration", order=20)
def narration_check(m: Material) -> Check:
    """The median heard-minus-planned onset of the words after pauses: within `narration_median_frames`."""
    limit = m.thresholds.narration_median_frames * m.timeline.fps.frame_ms
    words = m.words
    median = narration.median_offset(words)
    offsets = [w.offset_ms for w in words if w.offset_ms is not None]
    p95 = round(float(np.percentile(np.abs(offsets), 95)), 3) if offsets else None
    data = {"median_ms": None if median is None else round(median, 3), "words": words,
            "measured_words": len(offsets), "p95_abs_ms": p95,
            "problems": [] if median is None or abs(median) <= limit else [f"median word onset {median:+.1f} ms"]}
    rule = f"|median| <= {limit:.1f} ms"
    if median is None:
        return Check("narration", None, f"no measurable word onsets ({len(words)} words after pauses)", rule, data)
    return Check("narration", abs(median) <= limit,
                 f"median {median:+.1f} ms, p95 |{p95:.1f}| ms over {len(offsets)} words after pauses", rule, data)


@register("cues", order=30)
def cues(m: Material) -> Check:
    """Each cued action's frame against its first word as heard: within the frame, +- `cue_frames`."""
    frame_ms = m.timeline.fps.frame_ms
    slack = m.thresholds.cue_frames * frame_ms
    seen = {i: s.time for i, s in m.seen.items()}
    records = narration.cue_offsets(m.timeline, m.words, seen, narration.median_offset(m.words))
    problems = [f"cue {r.cue} ({r.kind}, frame {r.frame}): word heard {r.offset_ms:+.1f} ms from the frame start"
                for r in records if not -slack <= r.offset_ms < frame_ms + slack]
    rule = f"word within its frame +- {slack:.1f} ms"
    data = {"records": records, "problems": problems}
    if not records:
        return Check("cues", None, "no cued actions", rule, data)
    return Check("cues", not problems, f"{len(records) - len(problems)}/{len(records)} cued actions on the frame of "
                 "their word as heard", rule, data)
