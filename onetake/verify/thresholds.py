"""The pass/fail limits of `verify`, in one frozen dataclass.

Imports nothing heavy (no numpy, scipy or av): the command line builds its `--limit` help and
parses overrides from it before anything is decoded.
"""

from __future__ import annotations

from dataclasses import dataclass

# Whisper base's limit on its error rate per language (the unit is whisper.py's: characters for ja,
# zh, th, lo, km, my and hi, words elsewhere); None: Whisper base cannot judge the language, so the
# check says "not judged". Languages not listed: WHISPER_BASE_MAX_WER. What each rests on: docs/verify.md.
WHISPER_BASE_LIMITS: dict[str, float | None] = {
    "ja": 0.35,  # kana CER: Kokoro 0.01-0.13, espeak-ng on kana 0.47-0.70, espeak-ng on kanji 4.6 ("Chinese letter")
    "zh": 0.35,  # pinyin CER: Kokoro 0.02, espeak-ng 1.9 (tone digits read in English)
    "fr": 0.70,  # WER: espeak-ng 0.43-0.55 (two texts), Kokoro 0.25; Whisper base is harshest on French
    "hi": None,  # Kokoro: CER 0.33 on two lines, but 0.99 on the 87 s onboarding (Whisper base loops: "गे गे गे")
    "ar": None,  # WER >= 0.8 for every voice tried (espeak-ng, Kokoro, with or without tashkeel)
    "ko": None,  # CER 0.43 at best (Kokoro, untrained), espeak-ng 1.09
}
# WER: espeak-ng es 0.19-0.39, it 0.32, de 0.33-0.38 (pt 0.62 fails: heard as another language);
# Kokoro es, it, pt 0.05-0.08; speech in another language or none: 0.9 and more.
WHISPER_BASE_MAX_WER = 0.6



@dataclass(frozen=True, slots=True)
class Thresholds:
    """Pass/fail limits of `verify`; every one can be changed (`Thresholds(click_score=4.0)`).

    sound_visual_ms: |audio onset - frame the event is seen on| for every sound a visual event makes.
    narration_median_frames: |median heard-minus-planned word onset|, in frames.
    cue_frames: how far outside its frame a cued action's word may be heard, in frames.
    lip_frames: how far from its phoneme as heard a change of the presenter's mouth may be seen, in frames.
    whisper_median_ms: median |Whisper word start - planned start|; tiny.en itself is ~40 ms late.
    whisper_max_wer: word error rate of Whisper against the script (tiny.en: 0-17 % on Piper's voice).
    whisper_base_median_ms: the same median limit for multilingual Whisper base (every language but
        English): it hears espeak-ng's words 40-75 ms and Kokoro's 80-150 ms before their planned starts.
    whisper_base_max_error: one error-rate limit for every language Whisper base hears; None keeps
        each language's own (`whisper_base_limit`).
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
    lip_frames: float = 1.0
    whisper_median_ms: float = 120.0
    whisper_max_wer: float = 0.25
    whisper_base_median_ms: float = 200.0
    whisper_base_max_error: float | None = None
    loudness_lufs: float | None = None
    loudness_tolerance_lu: float = 1.0
    true_peak_dbtp: float = -1.5
    click_score: float = 2.0
    min_duck_db: float = 10.0
    start_ms: float = 1.0

    def whisper_limits(self, lang: str) -> tuple[float | None, float]:
        """(largest error rate or None when not judged, largest median |offset| ms) for `lang`'s listener."""
        base = lang.split("-")[0].split("_")[0].lower()
        if base == "en":
            return self.whisper_max_wer, self.whisper_median_ms
        if self.whisper_base_max_error is not None:
            return self.whisper_base_max_error, self.whisper_base_median_ms
        return WHISPER_BASE_LIMITS.get(base, WHISPER_BASE_MAX_WER), self.whisper_base_median_ms
