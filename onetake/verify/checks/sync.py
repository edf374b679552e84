"""sound_visual: each sound a visual event makes, heard in the audio, against the frame it is seen on."""

from __future__ import annotations

import numpy as np

from ..material import Material
from ..registry import register
from ..report import Check
from .common import at_seconds


@register("sound_visual", order=10)
def sound_visual(m: Material) -> Check:
    """Each sound a visual event makes, heard vs seen: |offset| within `sound_visual_ms`, on its planned frame."""
    limit = m.thresholds.sound_visual_ms
    records, seen = m.sounds, m.seen
    problems = []
    for r in records:
        what = f"{r.kind} of {r.visual} {r.element} at {at_seconds(r.expected_sample)}"
        if r.offset_ms is None:
            problems.append(f"{what}: not heard")
        elif abs(r.offset_ms) > limit:
            problems.append(f"{what}: {r.offset_ms:+.2f} ms")
        if r.frame_error:
            problems.append(f"{what}: seen on frame {r.seen_frame}, planned {r.planned_frame}")
    offsets = [r.offset_ms for r in records if r.offset_ms is not None]
    median = round(float(np.median(offsets)), 4) if offsets else None
    worst = round(float(np.max(np.abs(offsets))), 4) if offsets else None
    in_pixels = sum(1 for s in seen.values() if s.detected)
    ambiguous = sum(1 for r in records if r.ambiguous)
    data = {"median_ms": median, "max_abs_ms": worst, "sounds": len(records), "heard": len(offsets),
            "ambiguous": ambiguous, "seen_in_pixels": in_pixels, "visual_events": len(seen), "problems": problems,
            "records": records}
    rule = f"|offset| <= {limit:g} ms"
    if not records:
        return Check("sound_visual", None, "no sounds made by visual events", rule, data)
    measured = (f"median {median:+.3f} ms, max |{worst:.3f}| ms over {len(offsets)}/{len(records)} sounds "
                f"({ambiguous} ambiguous); {in_pixels}/{len(seen)} events seen in pixels" if offsets
                else f"none of {len(records)} sounds heard")
    return Check("sound_visual", not problems, measured, rule, data)
