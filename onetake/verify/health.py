"""Audio health from the decoded programme: clicks at joins and music ducking measured here; loudness
and true peak with the project's meters (`onetake.measure`, the ones mastering aims with: BS.1770-4
gated loudness equal to pyloudnorm's, and a 4x-oversampled true peak), in checks/health.py.

A click is a discontinuity: a jump in level or slope that no instrument or voice makes within one
sample. Its signature is a spike in the second difference x[n+1] - 2x[n] + x[n-1], which is small
for anything band-limited to a few kHz. At every join the timeline knows (narration line starts
and ends, scene boundaries) the score is the largest |second difference| within +-1 ms of the join
(AAC spreads a step over about that much) over the largest 5-50 ms away on either side (less the
first 30 ms of any sound effect there), the louder channel counting. Continuous audio scores about
1 or less, its neighbourhood being as sharp as its centre. A join where a sound effect starts
within 10 ms is skipped: an effect's attack is meant to be sharp.

Calibration (bench/sync/clicks.py; figures in docs/verify.md): the 203 clean joins of real renders
of tests/data/mini.md and bench/sync/dense.md and long.md score at most 1.15; a 100 ms step of
-40 dBFS added at every join scores a median of 3.5-27, one of -30 dBFS 10-90. Hence the default
limit of 2 (1.7x the worst clean join): it catches 70-80 % of -40 dBFS steps and ~90 % of -30 dBFS. The
rest sit where speech, an effect's decay or broadband noise is as sharp as the step within 50 ms:
the score is relative to its surroundings, and the report lists every join's score.

Ducking: the music bed plays alone in the longer gaps between narration lines (from 700 ms after
one line to 200 ms before the next, the mixer's release and look-ahead) and stays ducked in the
pauses inside a line. Its level in those pauses against its level in those gaps, both the median
of 50 ms RMS values below 1 kHz away from any sound effect, is the measured depth. It needs both
kinds of stretch, so short videos often report it as not measurable.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import butter, sosfiltfilt

from ..timeline import SAMPLE_RATE, Timeline
from .records import JoinRecord

CENTRE = SAMPLE_RATE // 1000  # +-1 ms around a join
NEAR, FAR = SAMPLE_RATE * 5 // 1000, SAMPLE_RATE * 50 // 1000
_FLOOR = 1e-4  # second differences below this are inaudible hiss, not a neighbourhood to beat
_EFFECT_GUARD = SAMPLE_RATE // 100  # 10 ms
_ATTACK = SAMPLE_RATE * 30 // 1000  # an effect's sharp part: attack, a click's release, a key's thock


def joins(timeline: Timeline) -> list[tuple[str, int]]:
    """Every join the timeline knows, as (what, sample), in time order."""
    found = [(f"line {line.id} start", line.start) for line in timeline.lines]
    found += [(f"line {line.id} end", line.end) for line in timeline.lines]
    found += [(f"scene {scene.index} start", scene.start) for scene in timeline.scenes if scene.start > 0]
    return sorted(found, key=lambda item: item[1])


def click_score(audio: np.ndarray, at: int, attacks: list[int] = ()) -> float | None:
    """Second-difference spike at `at` over its neighbourhood's (see the module docstring).

    `attacks` are samples where a sound effect starts: their first 30 ms are left out of the
    neighbourhood, so an effect's deliberate attack does not hide a click at the join.
    """
    if at - FAR - 1 < 0 or at + FAR + 1 > len(audio):
        return None
    x = audio[at - FAR - 1:at + FAR + 2].astype(np.float64)
    if x.ndim == 1:
        x = x[:, None]
    d2 = np.abs(x[2:] - 2 * x[1:-1] + x[:-2])  # d2[i] is centred on sample at - FAR + i
    centre = d2[FAR - CENTRE:FAR + CENTRE + 1].max(axis=0)
    around = np.ones(d2.shape[0], bool)
    around[FAR - NEAR:FAR + NEAR + 1] = False
    for a in attacks:
        lo, hi = a - (at - FAR) - CENTRE, a - (at - FAR) + _ATTACK
        around[max(0, lo):max(0, hi)] = False
    if not around.any():
        return None
    return float(np.max(centre / np.maximum(d2[around].max(axis=0), _FLOOR)))


def join_scores(timeline: Timeline, audio: np.ndarray, audio_start: float) -> list[JoinRecord]:
    """The click score of every join, except those where a sound effect begins."""
    offset = round(audio_start * SAMPLE_RATE)
    effects = [s.at for s in timeline.sound_events]
    records = []
    for what, at in joins(timeline):
        if any(abs(e - at) <= _EFFECT_GUARD for e in effects):
            continue
        score = click_score(audio, at - offset, [e - offset for e in effects if abs(e - at) <= FAR + CENTRE])
        if score is not None:
            records.append(JoinRecord(what, at, round(score, 2)))
    return records


_BASS = butter(4, 1000.0, btype="lowpass", fs=SAMPLE_RATE, output="sos")
_WINDOW = SAMPLE_RATE // 20  # 50 ms
_RELEASE = SAMPLE_RATE * 700 // 1000  # the mixer brings the bed back over 600 ms after a line
_LEAD = SAMPLE_RATE * 200 // 1000  # and takes it down over the 150 ms before one


def _rms_db(x: np.ndarray, spans: list[tuple[int, int]]) -> float | None:
    values = []
    for a, b in spans:
        for s in range(a, b - _WINDOW + 1, _WINDOW):
            values.append(10 * np.log10(np.mean(x[s:s + _WINDOW] ** 2) + 1e-12))
    return float(np.median(values)) if len(values) >= 2 else None


def ducking_depth(timeline: Timeline, audio: np.ndarray, audio_start: float) -> float | None:
    """How far (dB, positive) the music sits lower inside lines' pauses than between lines; None if unmeasurable."""
    if not timeline.music.enabled or len(timeline.lines) < 2:
        return None
    offset = round(audio_start * SAMPLE_RATE)
    mono = audio.mean(axis=1) if audio.ndim == 2 else audio
    low = sosfiltfilt(_BASS, mono.astype(np.float64))
    busy = [(s.at - SAMPLE_RATE // 10, s.at + SAMPLE_RATE * 6 // 10) for s in timeline.sound_events]

    def quiet(a: int, b: int) -> list[tuple[int, int]]:
        """[a, b) less the stretches where a sound effect plays, shifted onto the decoded samples."""
        spans = [(a, b)]
        for x, y in busy:
            spans = [piece for s, e in spans for piece in ((s, min(e, x)), (max(s, y), e)) if piece[1] > piece[0]]
        return [(s - offset, e - offset) for s, e in spans
                if e - s >= _WINDOW and s - offset >= 0 and e - offset <= len(low)]

    inside, between = [], []
    for line in timeline.lines:  # pauses inside a line: the bed is fully ducked there
        for w0, w1 in zip(line.words, line.words[1:]):
            if w1.start - w0.end >= 4 * _WINDOW:
                inside += quiet(w0.end + _WINDOW, w1.start - _WINDOW)
    lines = sorted(timeline.lines, key=lambda line: line.start)
    for before, after in zip(lines, lines[1:]):  # between lines, once the bed is back up (the programme's
        # own fade-in and fade-out are never between two lines)
        between += quiet(before.end + _RELEASE, after.start - _LEAD)
    ducked, full = _rms_db(low, inside), _rms_db(low, between)
    return None if ducked is None or full is None else full - ducked
