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

Ducking under every line. The music's own un-ducked audio (from the asset store that rendered it,
or the procedural bed, a pure function of the timeline) is the reference r, and the least-squares
gain (y . r) / (r . r) is how loud the music plays in a stretch, where y is the decoded programme
less the narration and effects the timeline says are there (the same store's voice clips, the
effects' pure waveforms, at the master gain). What remains besides the music, the ambience, the
codec's error and the limiter's few tenths of a dB, is uncorrelated with it, so the gain can be
taken under the speech itself: per line, against the gain pooled over every stretch between lines
where the music is fully back up. A line's depth is that ratio in dB (`line_ducking`). Without
the subtraction the voice, 18 dB over the ducked music, throws a 3 s estimate off by up to 3 dB
when the music is sparse (a drum loop measured 8.8 dB for an exact 12.0). The score's own dynamics cancel out: an earlier measure, the music's
level in pauses inside lines against its level between them, read a score's swells as ducking and
found 3 dB on a render ducked by 10 (and 10.3 dB this way).
"""

from __future__ import annotations

import numpy as np

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


_WINDOW = SAMPLE_RATE // 20  # 50 ms: the least stretch worth a gain estimate


def line_ducking(timeline: Timeline, audio: np.ndarray, audio_start: float, assets=None) -> list[tuple[str, float]] | None:
    """(line id, dB the music plays lower under it than between lines) for every line, by the
    music's least-squares gain against its own un-ducked audio; None without music, without
    stretches between lines to compare with, or when its audio is not at hand."""
    from ..errors import RenderError
    from ..render.audio.mix import DUCK_LEAD, DUCK_RELEASE, duck_intervals, effects, narration, soundtrack

    music = timeline.music
    if not music.enabled or not timeline.lines or (music.audio and assets is None):
        return None
    offset = round(audio_start * SAMPLE_RATE)
    gain = 10 ** (timeline.master_gain_db / 20)
    edge = SAMPLE_RATE // 2  # the buses' own fades at the programme's start and end
    ducked = duck_intervals(timeline)
    free, cursor = [], edge
    for a, b in ducked:
        free.append((cursor, a - DUCK_LEAD - _WINDOW))
        cursor = b + DUCK_RELEASE + _WINDOW
    free.append((cursor, timeline.duration - edge))

    def fit(a: int, b: int) -> tuple[float, float] | None:
        a, b = max(a, offset), min(b, offset + audio.shape[0])
        if b - a < _WINDOW:
            return None
        try:
            r = soundtrack(music, timeline.duration, a, b, assets).astype(np.float64)
            known = (narration(timeline, a, b, assets) + effects(timeline, a, b)).astype(np.float64) * gain
        except RenderError:
            return None
        y = audio[a - offset:b - offset].astype(np.float64)
        y = y - (known if y.ndim == 2 else known.mean(axis=1))
        if y.ndim == 1:
            y, r = y[:, None], r.mean(axis=1, keepdims=True)
        return float(np.sum(y * r[:, :y.shape[1]])), float(np.sum(r * r))

    pooled = [f for f in (fit(a, b) for a, b in free if b - a >= _WINDOW) if f]
    if not pooled or sum(rr for _, rr in pooled) <= 0:
        return None
    full = sum(yr for yr, _ in pooled) / sum(rr for _, rr in pooled)
    if full <= 0:
        return None
    out = []
    for line in sorted(timeline.lines, key=lambda line: line.start):
        f = fit(line.start, line.end)
        if f is None or f[1] <= 0:
            continue
        gain = f[0] / f[1]
        out.append((line.id, round(float(20 * np.log10(full / gain)) if gain > 0 else 99.0, 2)))
    return out or None
