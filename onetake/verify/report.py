"""The sync report: limits, one result per check, a one-screen summary, and the files it is saved as."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..io import write_text


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


@dataclass(frozen=True, slots=True)
class Check:
    """One check's result: passed (None when it does not apply or could not be measured), the
    measurement and the limit in words, and every measured value in `data` (JSON-ready)."""

    name: str
    passed: bool | None
    measured: str
    limit: str = ""
    data: dict = field(default_factory=dict)

    @property
    def status(self) -> str:
        return {True: "pass", False: "FAIL", None: "n/a"}[self.passed]


@dataclass(frozen=True, slots=True)
class SyncReport:
    """Everything `verify` measured on one file. `passed` is False when any check failed."""

    video: str
    timeline: dict  # title, lang, size, fps, duration and frames of the expected side
    checks: tuple[Check, ...]
    thresholds: Thresholds
    seconds: dict = field(default_factory=dict)  # time spent per stage
    material: object = field(default=None, repr=False, compare=False)  # decoded audio etc., for the PNG

    @property
    def passed(self) -> bool:
        return all(c.passed is not False for c in self.checks)

    def check(self, name: str) -> Check:
        """The result of the check called `name` (KeyError if it did not run)."""
        for c in self.checks:
            if c.name == name:
                return c
        raise KeyError(f"no check {name!r}; ran: {', '.join(c.name for c in self.checks)}")

    @property
    def av_offset_ms(self) -> float | None:
        """Median audio-minus-picture offset of the sounds visual events make (the headline sync figure)."""
        return self.check("sound_visual").data.get("median_ms")

    def to_dict(self) -> dict:
        return {
            "schema": "SyncReport.1", "video": self.video, "passed": self.passed,
            "av_offset_ms": self.av_offset_ms, "timeline": self.timeline, "thresholds": asdict(self.thresholds),
            "checks": [{"name": c.name, "status": c.status, "measured": c.measured, "limit": c.limit, **c.data}
                       for c in self.checks],
            "seconds": self.seconds,
        }

    def summary(self) -> str:
        """A readable one-screen summary: a line per check, then the first problems found."""
        t = self.timeline
        head = (f"{Path(self.video).name}: {t['duration_s']:.1f} s, {t['width']}x{t['height']} @ {t['fps']} fps, "
                f"{t['lang']}: {'PASS' if self.passed else 'FAIL'}"
                f" (verified in {self.seconds.get('total', 0):.1f} s)")
        width = max(len(c.name) for c in self.checks)
        lines = [head]
        for c in self.checks:
            lines.append(f"  {c.status:4}  {c.name:<{width}}  {c.measured}" + (f"   [{c.limit}]" if c.limit else ""))
        problems = [(c.name, p) for c in self.checks for p in c.data.get("problems", ())]
        if problems:
            lines.append("problems:")
            lines += [f"  {name}: {p}" for name, p in problems[:8]]
            if len(problems) > 8:
                lines.append(f"  ... and {len(problems) - 8} more in the JSON report")
        return "\n".join(lines)


def write_report(report: SyncReport, json_path: Path | None, png_path: Path | None = None) -> None:
    """Write the JSON report and/or the PNG (waveform + spectrogram with events and words marked)."""
    if json_path is not None:
        write_text(Path(json_path), json.dumps(report.to_dict(), indent=1, ensure_ascii=False) + "\n")
    if png_path is not None:
        from .plot import plot

        plot(report, Path(png_path))
