"""The pass/fail limits of `verify`, in one frozen dataclass.

Imports nothing heavy (no numpy, scipy or av): the command line builds its `--limit` help and
parses overrides from it before anything is decoded.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Pass/fail limits of `verify`; every one can be changed (`Thresholds(click_score=4.0)`).

    sound_visual_ms: |audio onset - frame the event is seen on| for every sound a visual event makes.
    narration_median_frames: |median heard-minus-planned word onset|, in frames.
    cue_frames: how far outside its frame a cued action's word may be heard, in frames.
    whisper_median_ms: median |Whisper word start - planned start|; tiny.en itself is ~40 ms late.
    whisper_max_wer: word error rate of Whisper against the script (tiny.en: 0-17 % on Piper's voice).
    loudness_lufs, loudness_tolerance_lu: integrated loudness expected and tolerance; None expects the
        target the timeline was mastered for (`Timeline.loudness_target_lufs`).
    true_peak_dbtp: highest allowed true peak of the decoded audio.
    click_score: highest second-difference score at a join (clean renders <= 1.15, -40 dBFS steps ~3-27;
        see health.py and bench/sync/clicks.py).
    min_duck_db: least depth of the music under narration, when it can be measured.
    start_ms: largest start offset of either stream and slack on stream durations.
    """

    sound_visual_ms: float = 1.0
    narration_median_frames: float = 1.0
    cue_frames: float = 1.0
    whisper_median_ms: float = 120.0
    whisper_max_wer: float = 0.25
    loudness_lufs: float | None = None
    loudness_tolerance_lu: float = 1.0
    true_peak_dbtp: float = -1.5
    click_score: float = 2.0
    min_duck_db: float = 6.0
    start_ms: float = 1.0
