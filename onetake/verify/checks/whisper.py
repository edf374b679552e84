"""whisper: what Whisper tiny.en hears, and when, against the script (English only; verify/whisper.py).

It reads only the audio, so it is registered `audio_only`: it runs in a thread beside the video
decoding (CTranslate2 releases the GIL) and its result takes its place in the report.
"""

from __future__ import annotations

import time

from ..material import Material
from ..records import fields_of
from ..registry import register
from ..report import Check


@register("whisper", order=40, audio_only=True)
def whisper_check(m: Material) -> Check:
    """Whisper's word error rate and the median start offset of matched words, within their limits."""
    t, timeline = m.thresholds, m.timeline
    rule = f"median |offset| <= {t.whisper_median_ms:g} ms, WER <= {t.whisper_max_wer:.0%}"
    if not timeline.lang.lower().startswith("en"):
        return Check("whisper", None, f"not applicable: tiny.en is English-only (language {timeline.lang})", rule)
    from .. import whisper  # faster-whisper and the model load only when the check runs

    started = time.perf_counter()
    heard = whisper.measure(timeline, m.audio, m.audio_start)
    problems = []
    if heard.median_abs_ms is None or heard.median_abs_ms > t.whisper_median_ms:
        problems.append(f"median |word offset| {heard.median_abs_ms} ms")
    if heard.wer > t.whisper_max_wer:
        problems.append(f"word error rate {heard.wer:.1%}: heard {heard.heard[:80]!r}")
    # A whole line heard far from its planned word times points at the voice's word timings.
    for line, stats in heard.lines.items():
        if stats.words >= 5 and stats.median_abs_ms > 2 * t.whisper_median_ms:
            problems.append(f"line {line}: words heard {stats.median_ms:+.0f} ms (median) from their planned starts")
    # The transcription's own time is part of what it measured (it ran beside other stages).
    data = {**fields_of(heard), "seconds": round(time.perf_counter() - started, 3), "problems": problems}
    if heard.median_ms is None:
        return Check("whisper", False, f"no script word recognised (WER {heard.wer:.0%})", rule, data)
    return Check("whisper", not problems,
                 f"bias (median) {heard.median_ms:+.0f} ms, median |{heard.median_abs_ms:.0f}| ms, "
                 f"p95 |{heard.p95_abs_ms:.0f}| ms, WER {heard.wer:.1%} "
                 f"({heard.matched_words}/{heard.script_words} words)", rule, data)
