"""The built-in checks, one module per concern; importing this package registers them all (registry.py).

- sync.py: sound_visual, every sound a visual event makes against the frame it is seen on;
- narration.py: narration (word onsets after pauses) and cues (cued actions against their words);
- lipsync.py: lip_sync, the presenter's mouth in the pixels against its phonemes as heard;
- whisper.py: whisper, what Whisper hears and when (tiny.en / base by language; runs beside the video decoding);
- streams.py: streams, frames, starts, durations and AAC priming;
- health.py: loudness, true_peak, joins (clicks) and ducking.

Each turns measurements (events.py, narration.py, ... one level up, shared through the Material)
into a `Check`: pass or fail against the Thresholds, what was measured in words, every value in data.
"""

from __future__ import annotations

from . import health, lipsync, narration, streams, sync, whisper

__all__ = ["health", "lipsync", "narration", "streams", "sync", "whisper"]
