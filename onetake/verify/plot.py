"""The report's picture: waveform over spectrogram on one time axis, with every visual event (where it
was seen), every sound onset (where it was heard) and the words (planned, and heard after pauses)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy.signal import resample_poly, spectrogram

from ..io import atomic_path
from ..timeline import SAMPLE_RATE
from .report import SyncReport

_SEEN, _HEARD, _WORD, _ONSET, _BAD = "#3b6cf6", "#f08a24", "#8a94a6", "#1fa67a", "#e0245e"
_MAX_LABELS = 160  # past this many, words and events are marked but not labelled


def _fonts_for(matplotlib, lang: str) -> None:
    """Word labels in the timeline's script: our Noto files after DejaVu Sans (matplotlib falls back
    per character along the list), instead of a box and a warning per missing glyph."""
    import logging

    from matplotlib import font_manager

    from ..fonts import script_files

    # Noto CJK is a variable font that matplotlib draws at its default (thin) weight; it says so per label.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)

    families = ["DejaVu Sans"]
    for path in script_files(lang):
        font_manager.fontManager.addfont(str(path))
        families.append(font_manager.FontProperties(fname=str(path)).get_name())
    matplotlib.rcParams["font.family"] = families


def plot(report: SyncReport, path: Path) -> Path:
    """Draw `report` to a PNG at `path` (atomically); returns the path."""
    import matplotlib

    matplotlib.use("Agg")  # no display: files only
    import matplotlib.pyplot as plt

    m = report.material
    _fonts_for(matplotlib, m.timeline.lang if m is not None else "")
    if m is None:
        raise ValueError("this report carries no decoded audio to draw; make it with verify()")
    mono = m.audio.mean(axis=1) if m.audio.ndim == 2 else m.audio
    seconds = mono.size / SAMPLE_RATE
    t0 = m.audio_start
    width = float(np.clip(seconds * 2.0, 12, 40))
    fig, (wave, spec) = plt.subplots(2, 1, figsize=(width, 7.5), sharex=True, gridspec_kw={"height_ratios": [1, 1.2]})

    # Waveform as a min/max envelope per pixel column: fast for any length.
    columns = int(width * 100)
    per = max(1, mono.size // columns)
    n = mono.size // per
    blocks = mono[:n * per].reshape(n, per)
    x = t0 + (np.arange(n) + 0.5) * per / SAMPLE_RATE
    wave.fill_between(x, blocks.min(axis=1), blocks.max(axis=1), color="#5b6478", linewidth=0)
    wave.set_ylim(-1, 1)
    wave.set_ylabel("level")

    # Spectrogram up to 12 kHz (resampled to 24 kHz: half the work, nothing of interest lost).
    low = resample_poly(mono.astype(np.float32), 1, 2)
    f, times, power = spectrogram(low, fs=SAMPLE_RATE // 2, nperseg=512, noverlap=256)
    spec.imshow(10 * np.log10(power + 1e-12), origin="lower", aspect="auto", cmap="magma", vmin=-130, vmax=-40,
                extent=(t0 + times[0], t0 + times[-1], f[0] / 1000, f[-1] / 1000))
    spec.set_ylabel("kHz")
    spec.set_xlabel("seconds")

    events = report.check("sound_visual").data.get("records", [])
    label = len(events) <= _MAX_LABELS
    for r in events:
        seen = m.scan.times[r.seen_frame] if r.seen_frame < m.scan.count else None
        bad = r.offset_ms is None or abs(r.offset_ms) > report.thresholds.sound_visual_ms
        if seen is not None:
            for ax in (wave, spec):
                ax.axvline(seen, color=_BAD if bad else _SEEN, linewidth=1.2, alpha=0.8)
        if r.onset_sample is not None:
            wave.plot([t0 + r.onset_sample / SAMPLE_RATE], [0.9], marker="v", color=_HEARD, markersize=6)
        if label and seen is not None:
            offset = "missing" if r.offset_ms is None else f"{r.offset_ms:+.2f} ms"
            wave.text(seen, 0.82, f" {r.visual}: {r.kind} {offset}", color=_BAD if bad else _SEEN, fontsize=7,
                      va="top", rotation=90)

    words = m.timeline.words()
    label = len(words) <= _MAX_LABELS
    for w in words:
        at = w.start / SAMPLE_RATE
        wave.axvline(at, ymin=0, ymax=0.06, color=_WORD, linewidth=0.8)
        if label:
            wave.text(at, -0.9, w.text, color="#39414f", fontsize=7, rotation=90, va="bottom")
    for r in report.check("narration").data.get("words", []):
        if r.onset_sample is not None:
            wave.plot([t0 + r.onset_sample / SAMPLE_RATE], [-0.97], marker="^", color=_ONSET, markersize=5)

    wave.set_xlim(0, max(seconds, m.timeline.duration / SAMPLE_RATE))
    sv = report.check("sound_visual")
    narr = report.check("narration")
    fig.suptitle(f"{Path(report.video).name}: {'PASS' if report.passed else 'FAIL'}    sound<->visual {sv.measured}    "
                 f"narration {narr.measured}", fontsize=9, x=0.01, ha="left")
    handles = [plt.Line2D([], [], color=_SEEN, label="visual event (frame seen)"),
               plt.Line2D([], [], color=_BAD, label="event out of sync / sound missing"),
               plt.Line2D([], [], color=_HEARD, marker="v", linestyle="", label="sound onset heard"),
               plt.Line2D([], [], color=_WORD, label="word start (timeline)"),
               plt.Line2D([], [], color=_ONSET, marker="^", linestyle="", label="word onset heard")]
    wave.legend(handles=handles, loc="upper right", fontsize=7, ncol=5, framealpha=0.8)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    path = Path(path)
    with atomic_path(path) as temp:
        fig.savefig(temp, dpi=100, format="png")
    plt.close(fig)
    return path
