"""Typed records of what the checks measured: one per sound, word, cue, join, Whisper word, and the streams.

Checks keep these in `Check.data` (lists of records beside summary figures); the JSON report
writes each record as an object with the same field names (`to_json_value`), so the report's
keys are these fields. `Seen` and `Heard` (events.py) are the sound check's intermediate results.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass


@dataclass(frozen=True, slots=True)
class SoundRecord:
    """One sound a visual event makes: where it was planned, heard and seen, and its offset.

    offset_ms = heard onset - presentation time of the seen frame - the planned lead (a whoosh's
    50 ms); None when the sound was not heard. frame_error is seen - planned frame, None when the
    event was not seen in the pixels (then the planned frame stands in).
    """

    sound: int  # index in timeline.sound_events
    kind: str  # the sound's kind (click, pop, ...)
    event: int  # index in timeline.visual_events
    visual: str  # the visual event's kind (click, enter, ...)
    element: str
    cue: str | None
    expected_sample: int
    onset_sample: float | None  # fractional sample of the decoded audio
    match: float | None  # normalised correlation of the best match
    level_db: float | None  # fitted level against the planned one
    ambiguous: bool | None
    planned_frame: int
    seen_frame: int
    seen_in_pixels: bool
    frame_error: int | None
    offset_ms: float | None


@dataclass(frozen=True, slots=True)
class WordOnset:
    """A word after a pause: its planned start, the onset heard, and heard minus planned (ms, +: late)."""

    line: str
    word: str
    expected_sample: int
    pause_ms: float
    onset_sample: int | None
    offset_ms: float | None
    near_sound: bool  # an effect starts just before it and may mask its onset


@dataclass(frozen=True, slots=True)
class CueRecord:
    """A cued visual event against its word as heard: `offset_ms` from the seen frame's start (0 <= on time < 1 frame)."""

    event: int  # index in timeline.visual_events
    cue: str
    kind: str
    frame: int
    offset_ms: float
    lag_ms: float  # how late the word's line was heard
    lag_from: str  # "line lag" or "narration median"


@dataclass(frozen=True, slots=True)
class JoinRecord:
    """A place where the timeline joins audio (a line's start or end, a scene boundary) and its click score."""

    join: str
    sample: int
    score: float


@dataclass(frozen=True, slots=True)
class WhisperWord:
    """A script word Whisper heard: its planned start and Whisper's start minus it (ms)."""

    word: str
    expected_sample: int
    line: str | None
    offset_ms: float


@dataclass(frozen=True, slots=True)
class LineOffsets:
    """Whisper's start offsets over one narration line's matched words (ms)."""

    words: int
    median_ms: float
    median_abs_ms: float


@dataclass(frozen=True, slots=True)
class Transcript:
    """What Whisper heard against the script: error rate, offsets overall and per line, each matched word."""

    heard: str
    wer: float
    script_words: int
    matched_words: int
    median_ms: float | None
    median_abs_ms: float | None
    p95_abs_ms: float | None
    lines: dict[str, LineOffsets] = field(default_factory=dict)
    words: list[WhisperWord] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StreamFacts:
    """What the container and the decoders say about the file, beside the timeline's expectations (ms)."""

    container: str
    video_codec: str
    width: int
    height: int
    fps: float | None
    audio_codec: str
    sample_rate: int
    channels: int
    audio_header_samples: int | None
    frames: int
    expected_frames: int
    video_start_ms: float | None
    audio_start_ms: float
    video_duration_ms: float
    audio_duration_ms: float
    expected_duration_ms: float
    priming_samples: int
    priming_handled: bool


def fields_of(record) -> dict:
    """A record's fields as a dict, one level deep (nested records stay records)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def to_json_value(value):
    """`value` with every record turned into a dict of its fields, recursively (JSON-ready)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {name: to_json_value(v) for name, v in fields_of(value).items()}
    if isinstance(value, dict):
        return {k: to_json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    return value
