"""Measure sync and sound from a finished file, as an outside reviewer would.

`verify(video)` decodes the MP4 (audio once, the video frames it needs) and compares what it finds
with the timeline JSON written beside the video (the expected side; the in-memory timeline is never
trusted for the measured side):

- sound_visual: every sound a visual event makes, found in the audio, against the frame the event
  is seen on in the pixels (events.py);
- narration and cues: word onsets heard after pauses against the timeline's word starts, and the
  cued actions against their words (narration.py);
- whisper: Whisper tiny.en's words and times against the script, English only (whisper.py);
- streams: frame count, start offsets, durations, AAC priming (streams.py);
- loudness, true_peak, joins, ducking: audio health (health.py);
- any registered extra check (extra.py), e.g. lip sync once a layout draws a mouth.

    report = verify(Path("out/demo.en.mp4"))
    print(report.summary()); write_report(report, json_path, png_path)
"""

from __future__ import annotations

import importlib

# Public name -> the module that defines it. Loaded on first use, so `import onetake.verify.report`
# (the Thresholds, for the CLI's parser) costs nothing heavy: no numpy, scipy or av.
_EXPORTS = {
    "Check": "report", "SyncReport": "report", "Thresholds": "report", "write_report": "report",
    "EXTRA_CHECKS": "extra", "register": "extra", "Material": "material",
    "load_timeline": "run", "timeline_path": "run", "verify": "run",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
