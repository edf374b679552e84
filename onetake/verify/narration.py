"""Narration <-> cues: word onsets heard in the decoded audio against the timeline's word starts,
and the visual actions anchored to those words.

Only words that follow a pause (>= MIN_PAUSE of silence in the voice's own timing, or the start of a
line) have an onset an energy detector can place: inside running speech one word slides into the
next. For each such word the 500 Hz - 4 kHz band (where the voice's formants and bursts are and the
music bed's bass and pads mostly are not; zero-phase filtered) becomes a 1 ms energy envelope in dB.
Searching forward from 30 ms before the planned start, the onset is where the envelope first
rises through max(pause floor + 10 dB, peak - 40 dB) (peak: the loudest point in the word's first
150 ms), interpolated between 1 ms bins. The level sits 10 dB over the pause's floor, so quiet
noise in the pause is not taken for the word; walking back from the peak instead (an earlier
version) stopped at dips inside a word and placed some onsets 80 ms late. On the same narration alone and under music and effects this places onsets
within a few ms of each other; a sound effect that starts on the word's own frame can pull its
onset early by up to that frame, so such words are flagged (`near_sound`) and left out of the
median when enough others remain.

The voice engine's word start is where its first phoneme begins; the heard onset is where energy
rises. For Piper's voice the heard onset comes a little earlier (a median of about -10 ms). That
bias is a property of the voice, so the check is on the median offset (<= 1 frame by default).
"""

from __future__ import annotations

import numpy as np
from scipy.signal import butter, sosfiltfilt

from ..timeline import SAMPLE_RATE, Timeline, Word
from .records import CueRecord, WordOnset

MIN_PAUSE = SAMPLE_RATE * 100 // 1000
HOP = SAMPLE_RATE // 1000  # 1 ms envelope resolution, refined to the sample at the end
_SMOOTH = 2  # ms
_LOOK_BACK = 150  # ms of pause considered before the word
_LOOK_AHEAD = 150  # ms of the word considered for its peak
ABOVE_FLOOR_DB = 10.0
BELOW_PEAK_DB = 40.0
MIN_RISE_DB = 20.0  # a word must stand this far above its pause to be measured
MIN_LINE_WORDS = 3  # a line's own lag needs this many measured words; else the narration's median
NEAR_SOUND = SAMPLE_RATE * 40 // 1000  # an effect starting this close before a word can mask its onset
_VOICE_BAND = butter(4, [1000.0, 5000.0], btype="bandpass", fs=SAMPLE_RATE, output="sos")


def words_after_pauses(timeline: Timeline) -> list[tuple[str, Word, int]]:
    """Each word whose onset is measurable: (line id, word, the pause in samples in front of it)."""
    found = []
    previous_end = 0
    for line in timeline.lines:
        for i, word in enumerate(line.words):
            before = line.words[i - 1].end if i else max(previous_end, line.start - SAMPLE_RATE)
            if word.end > word.start and word.start - before >= MIN_PAUSE:
                found.append((line.id, word, word.start - before))
        previous_end = line.end
    return found


ENVELOPE_BLOCK = HOP * 20_000  # 20 s: the band filter runs block by block, with CONTEXT each side
CONTEXT = HOP * 500  # 0.5 s: the zero-phase filter's response has died away by then


def envelope_db(mono: np.ndarray) -> np.ndarray:
    """Voice-band energy in dB on a 1 ms grid (index i covers samples [i*HOP, (i+1)*HOP)).

    Filtered in blocks with half a second of real signal either side (the filter has forgotten it by
    then), so a long programme is never widened to float64 whole."""
    n = mono.size // HOP
    energy = np.empty(n)
    for a in range(0, n * HOP, ENVELOPE_BLOCK):
        b = min(a + ENVELOPE_BLOCK, n * HOP)
        lo, hi = max(0, a - CONTEXT), min(mono.size, b + CONTEXT)
        band = sosfiltfilt(_VOICE_BAND, mono[lo:hi].astype(np.float64))[a - lo:b - lo]
        energy[a // HOP:b // HOP] = (band ** 2).reshape(-1, HOP).mean(axis=1)
    energy = np.convolve(energy, np.ones(_SMOOTH) / _SMOOTH, mode="same")
    return 10 * np.log10(energy + 1e-12)


def onset(env: np.ndarray, band_start: int, pause: int, shift: int = 0) -> int | None:
    """Onset (sample) of the word expected at `band_start` after `pause` samples of silence, or None.

    `shift` (samples) moves the search, e.g. by the programme's measured audio lag.
    """
    at = (band_start + shift) // HOP
    back = min(_LOOK_BACK, pause // HOP - 10)
    if back < 20 or at + _LOOK_AHEAD > env.size or at - back < 0:
        return None
    quiet = env[at - back:at - 10]
    floor = float(np.percentile(quiet, 20))
    ahead = env[at - 30:at + _LOOK_AHEAD]  # a word heard up to 30 ms early is still found
    peak = float(ahead.max())
    if peak - floor < MIN_RISE_DB:
        return None  # nothing stands out of the pause: no voice here
    level = max(floor + ABOVE_FLOOR_DB, peak - BELOW_PEAK_DB)
    # The first rise above the level, searching forward from the pause: walking back from the
    # loudest point stopped at dips inside a word ("and on" was placed 80 ms late).
    i = at - 30 + int(np.argmax(ahead >= level))
    # Interpolate between the 1 ms bins on either side of the crossing.
    below, above = env[i - 1], env[i]
    frac = (level - below) / (above - below) if above > below else 0.0
    return int(round((i - 1 + frac) * HOP + HOP / 2))


def measure(timeline: Timeline, audio: np.ndarray, audio_start: float, env: np.ndarray | None = None) -> list[WordOnset]:
    """Heard onset vs planned start of every word after a pause; offsets in ms (+: heard late)."""
    mono = audio.mean(axis=1) if audio.ndim == 2 else audio
    env = envelope_db(mono) if env is None else env
    sounds = [s.at for s in timeline.sound_events if s.kind != "whoosh"]
    records = []
    for line, word, pause in words_after_pauses(timeline):
        heard = onset(env, word.start, pause)
        offset = None if heard is None else (audio_start + heard / SAMPLE_RATE - word.start / SAMPLE_RATE) * 1000
        near = any(word.start - NEAR_SOUND <= at <= word.start + HOP * 5 for at in sounds)
        records.append(WordOnset(line=line, word=word.text, expected_sample=word.start,
                                 pause_ms=round(pause * 1000 / SAMPLE_RATE, 1), onset_sample=heard,
                                 offset_ms=None if offset is None else round(offset, 3), near_sound=near))
    return records


def median_offset(words: list[WordOnset]) -> float | None:
    """Median heard-minus-planned offset (ms), leaving out words an effect may mask when 3+ others remain."""
    clean = [w.offset_ms for w in words if w.offset_ms is not None and not w.near_sound]
    every = [w.offset_ms for w in words if w.offset_ms is not None]
    chosen = clean if len(clean) >= 3 else every
    return float(np.median(chosen)) if chosen else None


def cue_offsets(timeline: Timeline, words: list[WordOnset], seen: dict[int, float],
                median_ms: float | None) -> list[CueRecord]:
    """Each cued visual event against its first word as heard.

    A line's narration is one clip, so where its words are heard is its planned time moved by the
    line's lag: the median offset of its measured words (the narration's median when fewer than
    MIN_LINE_WORDS were measured). That is steadier than one word's onset, which a soft first sound (w, h, f) or an
    effect on the same frame can move by tens of ms. `seen` maps a visual event index to the
    presentation time (s) of the frame it was seen on; `offset_ms` is the word's estimated onset
    minus that frame's start, so an action on time has 0 <= offset < one frame.
    """
    by_line: dict[str, list[WordOnset]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    line_of = {word.start: line.id for line in timeline.lines for word in line.words}
    records = []
    for index, event in enumerate(timeline.visual_events):
        cue = timeline.cue(event.scene, event.cue) if event.cue else None
        if cue is None or index not in seen:
            continue
        measured = [w for w in by_line.get(line_of.get(cue.start, ""), []) if w.offset_ms is not None]
        lag = median_offset(measured) if len(measured) >= MIN_LINE_WORDS else None
        how = "line lag"
        if lag is None:
            lag, how = median_ms, "narration median"
        if lag is None:
            continue
        records.append(CueRecord(event=index, cue=cue.name, kind=event.kind, frame=event.frame,
                                 offset_ms=round((cue.start / SAMPLE_RATE + lag / 1000 - seen[index]) * 1000, 3),
                                 lag_ms=round(lag, 3), lag_from=how))
    return records
