"""Streams: what the container and the decoders say, against the timeline.

Frame count and size, the rate, where each stream starts (presentation time of the first decoded
frame and sample), how long each lasts, and the AAC encoder's priming: AAC encoders put 1024
priming samples (2048 for some) before the programme, which an MP4 edit list tells the decoder to
skip. If it is not skipped, all audio is late by exactly that much; the sound <-> visual offsets
would show it, and `priming_handled` says so directly.
"""

from __future__ import annotations

from pathlib import Path

import av

from ..timeline import SAMPLE_RATE, Timeline
from .decode import VideoScan
from .records import StreamFacts

AAC_FRAME = 1024


def measure(path: Path, timeline: Timeline, audio_samples: int, audio_start: float, scan: VideoScan) -> StreamFacts:
    """Stream facts of the file next to the timeline's expectations (times in ms)."""
    with av.open(str(path)) as container:
        video, audio = container.streams.video[0], container.streams.audio[0]
        first = next((p for p in container.demux(audio) if p.pts is not None), None)
        priming = max(0, -int(first.pts * audio.time_base * audio.rate)) if first is not None else 0
        return StreamFacts(
            container=container.format.name.split(",")[0],
            video_codec=video.codec_context.name,
            width=video.codec_context.width,
            height=video.codec_context.height,
            fps=float(video.average_rate) if video.average_rate else None,
            audio_codec=audio.codec_context.name,
            sample_rate=audio.rate,
            channels=audio.codec_context.channels,
            audio_header_samples=int(audio.duration * audio.time_base * audio.rate) if audio.duration else None,
            frames=scan.count,
            expected_frames=timeline.frame_count,
            video_start_ms=round(scan.times[0] * 1000, 3) if scan.count else None,
            audio_start_ms=round(audio_start * 1000, 3),
            video_duration_ms=round((scan.times[-1] * 1000 + timeline.fps.frame_ms) if scan.count else 0.0, 3),
            audio_duration_ms=round(audio_samples * 1000 / SAMPLE_RATE, 3),
            expected_duration_ms=round(timeline.duration * 1000 / SAMPLE_RATE, 3),
            priming_samples=priming,
            # Skipped priming puts the first decoded sample at time 0; unskipped, at -priming or as late audio.
            priming_handled=abs(audio_start) * SAMPLE_RATE < 1,
        )


def problems(facts: StreamFacts, timeline: Timeline, start_ms: float) -> list[str]:
    """What is wrong with the streams, in words (empty when all is well)."""
    found = []
    frame_ms = timeline.fps.frame_ms
    if facts.frames != facts.expected_frames:
        found.append(f"{facts.frames} frames, timeline has {facts.expected_frames}")
    if (facts.width, facts.height) != (timeline.width, timeline.height):
        found.append(f"size {facts.width}x{facts.height}, timeline {timeline.width}x{timeline.height}")
    if facts.sample_rate != SAMPLE_RATE:
        found.append(f"audio at {facts.sample_rate} Hz, expected {SAMPLE_RATE}")
    for stream, start in (("video", facts.video_start_ms), ("audio", facts.audio_start_ms)):
        if start is None or abs(start) > start_ms:
            found.append(f"{stream} starts at {start} ms")
    if not facts.priming_handled:
        found.append(f"AAC priming ({facts.priming_samples} samples) not skipped")
    expected = facts.expected_duration_ms
    if abs(facts.video_duration_ms - expected) > frame_ms:
        found.append(f"video lasts {facts.video_duration_ms:.1f} ms, timeline {expected:.1f} ms")
    # Decoded AAC ends on a whole frame: up to 1024 samples of padding past the programme are expected.
    slack = 1000 * AAC_FRAME / SAMPLE_RATE
    if not -start_ms <= facts.audio_duration_ms - expected < slack + start_ms:
        found.append(f"audio lasts {facts.audio_duration_ms:.1f} ms, timeline {expected:.1f} ms")
    return found
