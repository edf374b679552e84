"""loudness, true_peak, joins, ducking: the programme's sound, from the decoded audio (verify/health.py)."""

from __future__ import annotations

from ...measure import integrated_lufs, true_peak_dbtp
from .. import health
from ..material import Material
from ..registry import register
from ..report import Check
from .common import at_seconds


@register("loudness", order=60)
def loudness(m: Material) -> Check:
    """Integrated loudness within `loudness_tolerance_lu` of the target (the timeline's, unless set)."""
    t = m.thresholds
    lufs = integrated_lufs(m.audio)
    target = m.timeline.loudness_target_lufs if t.loudness_lufs is None else t.loudness_lufs
    return Check("loudness", bool(abs(lufs - target) <= t.loudness_tolerance_lu), f"{lufs:.2f} LUFS integrated",
                 f"{target:g} +- {t.loudness_tolerance_lu:g} LU", {"lufs": round(lufs, 3), "target_lufs": target})


@register("true_peak", order=70)
def true_peak(m: Material) -> Check:
    """The decoded audio's true peak (the codec's overshoot included) at most `true_peak_dbtp`."""
    limit = m.thresholds.true_peak_dbtp
    peak = true_peak_dbtp(m.audio)
    return Check("true_peak", bool(peak <= limit), f"{peak:.2f} dBTP", f"<= {limit:g} dBTP",
                 {"dbtp": round(float(peak), 3)})


@register("joins", order=80)
def joins(m: Material) -> Check:
    """No click where the timeline joins audio: every join's score at most `click_score`."""
    limit = m.thresholds.click_score
    scores = health.join_scores(m.timeline, m.audio, m.audio_start)
    problems = [f"{s.join} at {at_seconds(s.sample)}: score {s.score:.1f}" for s in scores if s.score > limit]
    worst = max(scores, key=lambda s: s.score, default=None)
    return Check(
        "joins", None if worst is None else not problems,
        "no joins to check" if worst is None else f"worst click score {worst.score:.2f} ({worst.join}) over {len(scores)} joins",
        f"score <= {limit:g}", {"joins": scores, "problems": problems})


@register("ducking", order=90)
def ducking(m: Material) -> Check:
    """The music at least `min_duck_db` (or the planned depth, if less) lower under narration, where measurable."""
    depth = health.ducking_depth(m.timeline, m.audio, m.audio_start)
    planned = abs(m.timeline.music.duck_db)
    need = min(m.thresholds.min_duck_db, planned)
    return Check(
        "ducking", None if depth is None else bool(depth >= need),
        "not measurable (no music, or no long pauses both inside and between lines)" if depth is None
        else f"music {depth:.1f} dB lower under narration (planned {planned:g} dB)",
        f">= {need:g} dB", {"depth_db": None if depth is None else round(depth, 2), "planned_db": planned,
                            "problems": [] if depth is None or depth >= need else [f"music ducked only {depth:.1f} dB"]})
