"""Measure sync and sound from a finished file, as an outside reviewer would.

`verify(video)` decodes the MP4 (audio once, the video frames it needs) and compares what it finds
with the timeline JSON written beside the video (the expected side; the in-memory timeline is never
trusted for the measured side). The checks, in report order (registry.py):

- sound_visual: every sound a visual event makes, found in the audio, against the frame the event
  is seen on in the pixels (measured in events.py, judged in checks/sync.py);
- narration and cues: word onsets heard after pauses against the timeline's word starts, and the
  cued actions against their words (narration.py, checks/narration.py);
- whisper: what Whisper hears (tiny.en for English, base for other languages) against the script (whisper.py);
- streams: frame count, start offsets, durations, AAC priming (streams.py);
- loudness, true_peak, joins, ducking: audio health (health.py, meters from `onetake.measure`);
- any check registered from outside with `register(name, order=...)`.

Layout: thresholds.py (the limits; imports nothing heavy), records.py (typed per-sound, per-word,
per-cue, per-join records), material.py (what every check reads), run.py (the orchestration),
checks/ (the built-in checks), report.py (the SyncReport, its JSON and summary), plot.py (its PNG).

    report = verify(Path("out/demo.en.mp4"))
    print(report.summary()); write_report(report, json_path, png_path)
"""

from __future__ import annotations

import importlib

# Public name -> the module that defines it. Loaded on first use, so `import onetake.verify` and
# `onetake.verify.thresholds` (for the CLI's parser) cost nothing heavy: no numpy, scipy or av.
_EXPORTS = {
    "CHECKS": "registry", "Check": "report", "Material": "material", "SyncReport": "report",
    "Thresholds": "thresholds", "load_timeline": "run", "register": "registry", "timeline_path": "run",
    "verify": "run", "write_report": "report",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    """Import the module defining `name` on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def __dir__() -> list[str]:
    """The public names with the module's own, for `dir()` and completion."""
    return sorted(set(globals()) | set(__all__))
