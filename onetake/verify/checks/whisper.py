"""whisper: what Whisper hears, and when, against the script (tiny.en for English, base for the rest; verify/whisper.py).

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
    """Whisper's error rate and the median start offset of matched words, within the language's limits."""
    from .. import whisper  # faster-whisper and the models load only when the check runs

    lang = m.timeline.lang
    max_error, max_median = m.thresholds.whisper_limits(lang)
    unit = "CER" if whisper.scored_by_characters(lang) else "WER"
    if max_error is None:
        return Check("whisper", None, f"not judged: Whisper base cannot tell a good {lang} voice from a poor one",
                     f"median |offset| <= {max_median:g} ms")
    rule = f"median |offset| <= {max_median:g} ms, {unit} <= {max_error:.0%}"
    started = time.perf_counter()
    heard = whisper.measure(m.timeline, m.audio, m.audio_start)
    problems = []
    if heard.median_abs_ms is None or heard.median_abs_ms > max_median:
        problems.append(f"median |word offset| {heard.median_abs_ms} ms")
    if heard.wer > max_error:
        problems.append(f"{unit} {heard.wer:.1%}: heard {heard.heard[:80]!r}")
    # A whole line heard far from its planned word times points at the voice's word timings.
    for line, stats in heard.lines.items():
        if stats.words >= 5 and stats.median_abs_ms > 2 * max_median:
            problems.append(f"line {line}: words heard {stats.median_ms:+.0f} ms (median) from their planned starts")
    # The transcription's own time is part of what it measured (it ran beside other stages).
    data = {**_fields(heard, unit, whisper.listener(lang)), "seconds": round(time.perf_counter() - started, 3),
            "problems": problems}
    counted = (f"{heard.matched_words} words timed, {heard.script_words} characters" if unit == "CER"
               else f"{heard.matched_words}/{heard.script_words} words")
    if heard.median_ms is None:
        return Check("whisper", False, f"no script word recognised ({unit} {heard.wer:.0%})", rule, data)
    return Check("whisper", not problems,
                 f"bias (median) {heard.median_ms:+.0f} ms, median |{heard.median_abs_ms:.0f}| ms, "
                 f"p95 |{heard.p95_abs_ms:.0f}| ms, {unit} {heard.wer:.1%} "
                 f"({counted})", rule, data)


def _fields(heard, unit: str, listener: str) -> dict:
    """The transcript's fields; for Whisper base, its rate under its unit's name ("wer" or "cer") and the listener.

    English keeps the report's established keys.
    """
    data = fields_of(heard)
    if listener == "tiny.en":
        return data
    return {("cer" if unit == "CER" and k == "wer" else k): v for k, v in data.items()} | {"listener": f"whisper {listener}"}
