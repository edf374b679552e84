"""Sound <-> visual: each sound a visual event emits, found in the decoded audio, against the frame
on which the event is seen in the decoded video.

Audio side: the timeline names each sound (kind and seed), and the sounds are pure functions of
those (`onetake.render.audio.sound`) whose first sample is their onset. So each is located by
normalised cross-correlation of the decoded mono mix with its own waveform (plain and second-
differenced, added: see `locate`) to a fraction of a sample. This holds under narration and music,
where an energy detector picks up plosives, and it also places a whoosh, which swells for 250 ms
and has no attack. The programme's lag comes first, from sounds far from any other, each looked
for within 100 ms of its sample; then every sound is looked for around its sample plus that lag,
sounds closer together than 200 ms (typing: a key every ~70 ms) no further than half-way to a
neighbour. The fitted gain, against the level the timeline plans (sound gain, pan, master gain),
tells a sound that is there from a chance resemblance: a sound is missing when the match is below
MIN_MATCH or its level is more than MAX_LEVEL_DB off.

Picture side: the event's element box (`onetake.geometry.element_box`, enlarged for rings and
shadows) is compared frame to frame; the event is seen on the frame whose change is more than three
times the previous frame's change plus half a level (of 255, over its Y, U and V samples), the one
nearest the planned frame within +-3 frames, or fewer where another event on the same element is
closer than that (typing: a glyph every 2 frames), so one event's change is never credited to
another. The offset is measured against that frame's decoded timestamp; when nothing is seen the
planned frame's timestamp is used and the result says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.ndimage import uniform_filter1d
from scipy.signal import correlate

from ..geometry import element_box
from ..render.audio.sfx import SOUNDS  # the expected sounds themselves (see module docstring)
from ..timeline import SAMPLE_RATE, SoundEvent, Timeline, VisualEvent
from .decode import Box, VideoScan
from .records import SoundRecord

REACH = SAMPLE_RATE // 10  # each sound is looked for within 100 ms of its planned sample
ATTACKS = tuple(name for name, sound in SOUNDS.items() if sound.sharp)  # one sharp correlation peak each
TONAL = frozenset(SOUNDS) - frozenset(ATTACKS)  # bells: matched whitened (see `locate`)
FRAME_SEARCH = 3  # frames either side of the planned one
MIN_CHANGE = 0.5  # mean change (of 255 levels, Y/U/V) a frame must add over 3x the previous frame's change
MIN_MATCH = 0.1  # normalised correlation below this: the sound is not there
TIE = 0.85  # peaks this close to the best one cannot be told apart
WHITEN_HZ = 100  # tonal sounds are matched after whitening by the mix's own spectrum, smoothed this wide
MAX_LEVEL_DB = 20.0  # a match this far from the planned level is something else (AAC can smear a
# click's attack under loud speech: its fitted level has been seen 11 dB low, its position still exact)


@dataclass(frozen=True, slots=True)
class Seen:
    """Where a visual event was seen: the decoded frame index and its presentation time (s)."""

    frame: int
    time: float
    detected: bool  # False: not seen in the pixels, the planned frame's timestamp stands in


@dataclass(frozen=True, slots=True)
class Heard:
    """Where a sound was found: its onset (fractional sample), match quality, level vs plan (dB), and
    whether other positions matched as well (then the one nearest the programme's lag was taken)."""

    onset: float
    match: float
    level_db: float
    ambiguous: bool = False


def planned_gain(sound: SoundEvent, master_gain_db: float) -> float:
    """Linear gain of `sound` in the mono mix (L + R) / 2, as the mixer plans it (constant-power pan)."""
    theta = (min(max(sound.pan, -1.0), 1.0) + 1.0) * np.pi / 4
    return 10 ** ((sound.gain_db + master_gain_db) / 20) * (np.cos(theta) + np.sin(theta)) / 2


def _ncc(segment: np.ndarray, template: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Normalised correlation and least-squares gain of `template` at every lag within `segment`."""
    n = template.size
    corr = correlate(segment, template, mode="valid", method="fft")
    c = np.concatenate([[0.0], np.cumsum(segment * segment)])
    energy = np.maximum(c[n:] - c[:-n], 0.0)
    # near-silent windows (after the other stems are taken out, only codec noise is left beside a
    # sound) would correlate by chance as well as the sound itself: floor them at 1 % of the loudest
    energy = np.maximum(energy, 1e-2 * float(energy.max(initial=0.0)))
    norm = float(np.dot(template, template)) or 1e-20
    return corr / (np.sqrt(norm * energy) + 1e-12), corr / norm


def _whitened(segment: np.ndarray, template: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both signals through one zero-phase filter that flattens the segment's spectrum (1/|S|, smoothed)."""
    n = 1 << int(np.ceil(np.log2(segment.size + template.size)))
    spectrum = np.fft.rfft(segment, n)
    bins = max(1, round(WHITEN_HZ * n / SAMPLE_RATE))
    weight = 1 / (np.sqrt(uniform_filter1d(np.abs(spectrum) ** 2, bins)) + 1e-12)
    return (np.fft.irfft(spectrum * weight, n)[:segment.size],
            np.fft.irfft(np.fft.rfft(template, n) * weight, n)[:template.size])


def locate(mono: np.ndarray, template: np.ndarray, centre: int, reach: int = REACH,
           prefer: int | None = None, tonal: bool = False) -> tuple[float, float, float, bool] | None:
    """(onset, match, least-squares gain, ambiguous) of `template` near `centre` in `mono`.

    The correlation is taken twice, on the waveforms and on their second differences, and the two
    normalised correlations are added: the plain one is sure of tonal sounds (a bell, a rising tone)
    and the differenced one of noisy attacks (keys, clicks, a whoosh) under speech; a chance
    resemblance rarely peaks in both at once. A `tonal` sound (a bell: its energy in a few partials
    that a voice can cover) is matched instead after whitening both by the segment's own spectrum,
    which weighs each band by how free of speech it is: a ping under loud Hindi narration matched
    0.07 plainly (below MIN_MATCH, though exactly placed) and 0.34 whitened, where chance positions
    in speech reach 0.11. A quiet bell under speech can leave several peaks
    within TIE of the best, more than half a millisecond apart: the audio cannot tell them apart, so
    the result is `ambiguous` and, given `prefer` (a sample), the tied peak nearest it is taken.
    The match reported is the mean of the two correlations, the gain that of the plain fit.
    """
    a = max(0, centre - reach)
    n = min(template.size, mono.size - a)
    b = min(mono.size, centre + reach + n)
    if n < SAMPLE_RATE // 1000 or b - a < n + 2:
        return None
    x = np.asarray(template[:n], dtype=np.float64)
    seg = np.asarray(mono[a:b], dtype=np.float64)
    plain, gain = _ncc(seg, x)
    if tonal:
        score = 2 * _ncc(*_whitened(seg, x))[0]
    else:
        score = plain + _ncc(_emphasis(seg), _emphasis(x))[0]
    best = int(np.argmax(score))
    peaks = np.flatnonzero((score[1:-1] >= score[:-2]) & (score[1:-1] >= score[2:]) & (score[1:-1] >= TIE * score[best])) + 1
    ambiguous = peaks.size > 0 and int(np.ptp(np.append(peaks, best))) > SAMPLE_RATE // 2000
    k = best if prefer is None or not ambiguous else int(min(np.append(peaks, best), key=lambda i: abs(a + i - prefer)))
    shift = 0.0
    if 0 < k < score.size - 1:  # parabolic interpolation of the peak: a fraction of a sample
        y0, y1, y2 = score[k - 1:k + 2]
        curvature = y0 - 2 * y1 + y2
        shift = 0.5 * (y0 - y2) / curvature if curvature < 0 else 0.0
    return a + k + shift, float(score[k] / 2), float(gain[k]), bool(ambiguous)


def _box_px(timeline: Timeline, event: VisualEvent) -> Box | None:
    """The element's box in pixels, enlarged: a click ring and a card's shadow reach outside it."""
    try:
        scene = timeline.scenes[event.scene]
        x, y, w, h = element_box(scene, event.element, timeline.width, timeline.height, event.at)
    except (ValueError, IndexError, KeyError):
        return None
    W, H = timeline.width, timeline.height
    pad = min(0.6 * min(w * W, h * H), 0.1 * W) + 2  # a click ring reaches ~0.6 of a button beyond it
    x0, y0 = int(max(0, x * W - pad)), int(max(0, y * H - pad))
    x1, y1 = int(min(W, (x + w) * W + pad + 1)), int(min(H, (y + h) * H + pad + 1))
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def frames_needed(timeline: Timeline) -> dict[int, set[Box]]:
    """The regions of which frames the picture side needs (each event's box around its planned frame)."""
    wanted: dict[int, set[Box]] = {}
    for event in timeline.visual_events:
        box = _box_px(timeline, event)
        if box is None:
            continue
        for k in range(max(0, event.frame - FRAME_SEARCH - 1), event.frame + FRAME_SEARCH + 1):
            wanted.setdefault(k, set()).add(box)
    return wanted


def seen(timeline: Timeline, event: VisualEvent, scan: VideoScan, reach: int = FRAME_SEARCH) -> Seen:
    """The decoded frame on which `event` first shows, within `reach` frames (see the module docstring)."""
    planned = min(event.frame, scan.count - 1)
    fallback = Seen(planned, scan.times[planned] if scan.count else 0.0, False)
    box = _box_px(timeline, event)
    if box is None:
        return fallback

    def change(k: int) -> float | None:
        return scan.changes.get((k, box))

    diffs = {k: change(k) for k in range(event.frame - FRAME_SEARCH - 1, event.frame + FRAME_SEARCH + 1)}
    onsets = [k for k in range(event.frame - reach, event.frame + reach + 1)
              if diffs.get(k) is not None and diffs.get(k - 1) is not None and diffs[k] > 3 * diffs[k - 1] + MIN_CHANGE]
    if not onsets:
        return fallback
    k = min(onsets, key=lambda f: (abs(f - event.frame), f))
    return Seen(k, scan.times[k], True)


def seen_events(timeline: Timeline, scan: VideoScan) -> dict[int, Seen]:
    """Where every visual event was seen, by its index in `timeline.visual_events`."""
    if not scan.count:
        return {}
    boxes = [_box_px(timeline, e) for e in timeline.visual_events]
    found = {}
    for i, event in enumerate(timeline.visual_events):
        gaps = [abs(other.frame - event.frame) for j, other in enumerate(timeline.visual_events)
                if j != i and boxes[j] == boxes[i]]
        reach = min([FRAME_SEARCH] + [(g - 1) // 2 for g in gaps])
        found[i] = seen(timeline, event, scan, max(0, reach))
    return found


def _emphasis(x: np.ndarray) -> np.ndarray:
    """Second difference (+12 dB/octave): speech and music are mostly low, the effects' attacks are not.

    Each soft sound starts with a 3-10 kHz strike (sfx.py); at +12 dB/octave that strike outweighs
    a loud vowel, where at +6 dB/octave a pop under the word "opens" (social_teaser.md, 17 dB
    under the voice) correlated best 13 ms late.
    """
    x = np.asarray(x, dtype=np.float64)
    return np.diff(x, n=2, prepend=x[:1].repeat(2)) if x.size else x


def measure(timeline: Timeline, audio: np.ndarray, audio_start: float, seen_at: dict[int, Seen]) -> list[SoundRecord]:
    """One record per sound emitted by a visual event: where it was heard, where it was seen, the offset."""
    from ..render.audio import sound as waveform  # the expected sound, a pure function of (kind, seed)
    from ..render.audio.mix import edge_gain

    signal = audio.mean(axis=1) if audio.ndim == 2 else audio
    sounds = [(i, s) for i, s in enumerate(timeline.sound_events) if s.source in seen_at]
    starts = sorted(s.at for _, s in sounds)

    def hear(sound: SoundEvent, lag: int, reach: int, prefer: bool) -> Heard | None:
        try:
            template = np.asarray(waveform(sound.kind, sound.seed))
        except ValueError:  # a kind this version cannot synthesise
            return None
        template = template * edge_gain(timeline.duration, sound.at + np.arange(template.size))  # as mixed
        found = locate(signal, template, sound.at + lag, reach, sound.at + lag if prefer else None,
                       tonal=sound.kind in TONAL)
        if found is None:
            return None
        onset, match, gain, ambiguous = found
        level = float(20 * np.log10(max(gain, 1e-9) / planned_gain(sound, timeline.master_gain_db)))
        return Heard(onset, match, level, ambiguous) if match >= MIN_MATCH and abs(level) <= MAX_LEVEL_DB else None

    # First the programme's lag: the median offset of up to 24 sounds far from any other, attacks
    # first (they are never ambiguous), each looked for +-REACH around its sample. Then every sound
    # around its sample plus that lag; crowded ones (typing) no further than half-way to a
    # neighbour, so a neighbour's similar sound is never taken for theirs.
    reach = {}
    for i, sound in sounds:
        k = int(np.searchsorted(starts, sound.at))
        gaps = [abs(starts[j] - sound.at) for j in (k - 1, k + 1) if 0 <= j < len(starts)]
        reach[i] = max(SAMPLE_RATE // 1000, min([REACH] + [g // 2 for g in gaps if g > 0]))
    isolated = sorted((s for i, s in sounds if reach[i] == REACH), key=lambda s: s.kind not in ATTACKS)[:24]
    first = [(s, hear(s, 0, REACH, False)) for s in isolated]
    lags = [h.onset - s.at for s, h in first if h is not None and not h.ambiguous]
    lag = int(round(float(np.median(lags)))) if lags else 0
    heard = {i: hear(s, lag, reach[i], True) for i, s in sounds}

    records = []
    for index, sound in sounds:
        event = timeline.visual_events[sound.source]
        where, h = seen_at[sound.source], heard[index]
        planned_lead = (sound.at - event.at) / SAMPLE_RATE  # a whoosh is meant to start before its motion
        records.append(SoundRecord(
            sound=index, kind=sound.kind, event=sound.source, visual=event.kind,
            element=event.element, cue=event.cue, expected_sample=sound.at,
            onset_sample=round(float(h.onset), 2) if h else None,
            match=round(h.match, 3) if h else None,
            level_db=round(h.level_db, 2) if h else None,
            ambiguous=h.ambiguous if h else None,
            planned_frame=event.frame, seen_frame=where.frame, seen_in_pixels=where.detected,
            frame_error=where.frame - event.frame if where.detected else None,
            offset_ms=round(float(audio_start + h.onset / SAMPLE_RATE - where.time - planned_lead) * 1000, 4)
            if h else None,
        ))
    return records
