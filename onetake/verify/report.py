"""The sync report: one result per check, a one-screen summary, and the files it is saved as."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..io import write_text
from .records import to_json_value
from .thresholds import Thresholds


@dataclass(frozen=True, slots=True)
class Check:
    """One check's result: passed (None when it does not apply or could not be measured), the
    measurement and the limit in words, and every measured value in `data`: summary figures and
    lists of typed records (records.py), written to JSON as objects with the records' field names."""

    name: str
    passed: bool | None
    measured: str
    limit: str = ""
    data: dict = field(default_factory=dict)

    @property
    def status(self) -> str:
        """`pass`, `FAIL` or `n/a`, as the summary and the JSON report show it."""
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
        """True unless a check failed (checks that do not apply count as passed)."""
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
        """The JSON report (`SyncReport.1`): each check's name, status, words and every measured value."""
        return {
            "schema": "SyncReport.1", "video": self.video, "passed": self.passed,
            "av_offset_ms": self.av_offset_ms, "timeline": self.timeline, "thresholds": asdict(self.thresholds),
            "checks": [{"name": c.name, "status": c.status, "measured": c.measured, "limit": c.limit,
                        **to_json_value(c.data)} for c in self.checks],
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
