"""SRT and WebVTT captions from the timeline's word timings."""

from __future__ import annotations

from ..timeline import SAMPLE_RATE
from ..timeline.captions import Caption


def _clock(samples: int, separator: str) -> str:
    ms = (samples * 1000 + SAMPLE_RATE // 2) // SAMPLE_RATE
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def to_srt(captions: list[Caption]) -> str:
    """SubRip text of the captions."""
    blocks = [
        f"{i}\n{_clock(c.start, ',')} --> {_clock(c.end, ',')}\n{c.text}\n" for i, c in enumerate(captions, 1)
    ]
    return "\n".join(blocks)


def to_vtt(captions: list[Caption]) -> str:
    """WebVTT text of the captions."""
    blocks = [f"{_clock(c.start, '.')} --> {_clock(c.end, '.')}\n{c.text}\n" for c in captions]
    return "WEBVTT\n\n" + "\n".join(blocks)
