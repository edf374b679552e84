"""loudness, true_peak, joins, ducking: the programme's sound, from the decoded audio (verify/health.py)."""

from __future__ import annotations

import numpy as np

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
    """The music at least `min_duck_db` (or the planned depth, if less) lower under every line: its
    gain against its own un-ducked audio, under each line and between lines (verify/health.py)."""
    planned = abs(m.timeline.music.duck_db)
    need = min(m.thresholds.min_duck_db, planned)
    lines = health.line_ducking(m.timeline, m.audio, m.audio_start, m.assets)
    if lines is not None:
        shallow = [f"music ducked only {d:.1f} dB under line {line}" for line, d in lines if d < need]
        least = min(lines, key=lambda item: item[1])
        return Check("ducking", not shallow,
                     f"music {least[1]:.1f} dB lower under its least ducked line ({least[0]}) of {len(lines)}, "
                     f"median {float(np.median([d for _, d in lines])):.1f} dB (planned {planned:g} dB)",
                     f">= {need:g} dB under every line",
                     {"depth_db": least[1], "planned_db": planned, "problems": shallow, "lines": lines})
    why = "its audio is not in the asset store (verify with the render's --cache-dir)" if m.timeline.music.enabled \
        else "no music"
    return Check("ducking", None, f"not measurable: {why}", f">= {need:g} dB under every line",
                 {"depth_db": None, "planned_db": planned, "problems": [], "lines": []})
