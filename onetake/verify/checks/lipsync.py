"""lip_sync: the presenter's mouth in the decoded pixels against its phonemes as heard (verify/mouth.py)."""

from __future__ import annotations

from .. import mouth, narration
from ..material import Material
from ..registry import register
from ..report import Check
from .common import at_seconds


@register("lip_sync", order=35, applies=lambda timeline: timeline.presenter is not None)
def lip_sync(m: Material) -> Check:
    """Every measurable change of mouth shape seen within `lip_frames` of its phoneme as heard, and the
    mouth seen closed within `lip_frames` of every pause."""
    timeline, limit = m.timeline, m.thresholds.lip_frames
    rule = f"every shape change and pause within {limit:g} frame of its sound"
    if not m.scan.mouths:
        return Check("lip_sync", None, "the presenter is hidden in every scene", rule)
    offset = narration.median_offset(m.words) or 0.0  # where the voice is heard, against its plan
    changes, pauses = mouth.measure(timeline, m.scan.mouths, offset)
    problems = []
    for c in changes:
        if c.error_frames is None or abs(c.error_frames) > limit:
            seen = "not seen" if c.seen_frame is None else f"seen on frame {c.seen_frame}"
            problems.append(f"mouth {c.shape_from}->{c.shape_to} at {at_seconds(c.start_sample)}: heard on frame "
                            f"{c.heard_frame}, {seen}")
    for p in pauses:
        if p.error_frames is None or abs(p.error_frames) > limit:
            seen = "never seen closed" if p.closed_frame is None else f"closed on frame {p.closed_frame}"
            problems.append(f"pause at {at_seconds(p.start_sample)}: heard on frame {p.heard_frame}, mouth {seen}")
    on_time = sum(1 for c in changes if c.error_frames is not None and abs(c.error_frames) <= limit)
    closed = sum(1 for p in pauses if p.error_frames is not None and abs(p.error_frames) <= limit)
    exact = sum(1 for c in changes if c.error_frames == 0)
    as_planned = sum(1 for c in changes if c.seen_frame == c.planned_frame)
    data = {"changes": len(changes), "on_time": on_time, "exact": exact, "as_planned": as_planned, "pauses": len(pauses),
            "closed_in_pauses": closed, "voice_offset_ms": round(offset, 3), "frames_read": len(m.scan.mouths),
            "problems": problems, "change_records": changes, "pause_records": pauses}
    if not changes:
        return Check("lip_sync", None, f"no measurable mouth changes over {len(m.scan.mouths)} frames", rule, data)
    measured = (f"{on_time}/{len(changes)} shape changes within {limit:g} frame ({exact} on the frame), "
                f"{closed}/{len(pauses)} pauses closed; voice {offset:+.1f} ms")
    return Check("lip_sync", not problems, measured, rule, data)
