"""Prosody from the arc: the pace of each scene's voice, its pauses, and its stressed words.

- Rate: every engine takes a speaking rate; a calm or serious scene is read a little slower, an
  upbeat or urgent one a little faster, and energy nudges it (0.88 .. 1.12 of the voice's pace).
- Pitch, where the engine takes it (espeak-ng; Piper and Kokoro have no pitch input): a little
  lower and flatter when calm or serious, higher and livelier when upbeat, urgent or triumphant.
- Pauses: a speaker breathes between sentences and stops a moment before a stressed word. The
  engines already leave some silence at a full stop; we add SENTENCE_PAUSE (by mood) after every
  sentence inside a line and EMPHASIS_PAUSE before `*emphasis*`, as silence inserted in the clip
  (in the gap between the two words, with 5 ms fades), so every later word and phoneme moves by
  exactly the samples inserted and cues still land on their words. Between two beats of a scene
  the gap follows the mood too (`beat_gap`).
- Emphasis: none of the neural engines we ship takes stress markup (Piper and Kokoro read plain
  text), so onetake marks it itself, alike in every engine: the pause before, and the stressed
  words EMPHASIS_GAIN_DB louder with 10 ms ramps.
"""

from __future__ import annotations

import io
import re

import numpy as np

from ..assets import AssetStore
from ..storyboard.model import Narration
from ..timeline import ms_to_samples, seconds_to_samples
from .arc import Beat
from .timing import spoken_words
from .voice import Speech
from .voice.base import TimedUnit

RATE = {"calm": 0.96, "warm": 0.98, "serious": 0.95, "upbeat": 1.04, "urgent": 1.08, "triumphant": 1.02}
SENTENCE_PAUSE = {"calm": 0.22, "warm": 0.18, "serious": 0.24, "upbeat": 0.1, "urgent": 0.06, "triumphant": 0.14}
BEAT_GAP = {"calm": 0.42, "warm": 0.36, "serious": 0.45, "upbeat": 0.26, "urgent": 0.2, "triumphant": 0.3}
PITCH = {"calm": -0.3, "warm": 0.0, "serious": -0.4, "upbeat": 0.3, "urgent": 0.4, "triumphant": 0.35}
EMPHASIS_PAUSE = 0.12
EMPHASIS_GAIN_DB = 2.0
FADE = ms_to_samples(5)
RAMP = ms_to_samples(10)
_SENTENCE_END = re.compile(r"[.!?。！？।؟]+[\"'”’)\]」』]*\Z")


def rate_of(beat: Beat) -> float:
    """The speaking rate of a scene at this point of the arc."""
    return round(min(1.12, max(0.88, RATE[beat.mood] * (1 + 0.08 * (beat.energy - 0.5)))), 3)


def pitch_of(beat: Beat) -> float:
    """The voice's pitch (-1 .. 1, 0 its own) at this point of the arc, for engines that take one."""
    return round(min(1.0, max(-1.0, PITCH[beat.mood] + 0.4 * (beat.energy - 0.5))), 3)


def beat_gap(beat: Beat) -> int:
    """Samples between two beats of a scene: a breath, longer in calm or serious scenes."""
    return seconds_to_samples(BEAT_GAP[beat.mood])


def pauses(narration: Narration, beat: Beat) -> list[tuple[int, int]]:
    """(word index, samples) of silence to insert before word i: after sentence ends, before emphasis."""
    words = spoken_words(narration)
    stressed = [i for i, (word, at) in enumerate(words)
                if any(a <= at < b for a, b in narration.emphasis) and
                (i == 0 or not any(a <= words[i - 1][1] < b for a, b in narration.emphasis))]
    out = {}
    for i in range(1, len(words)):
        if _SENTENCE_END.search(words[i - 1][0]):
            out[i] = seconds_to_samples(SENTENCE_PAUSE[beat.mood])
    for i in stressed:
        if i:
            out[i] = out.get(i, 0) + seconds_to_samples(EMPHASIS_PAUSE)
    return sorted(out.items())


def stressed_ranges(narration: Narration, speech: Speech) -> list[tuple[int, int]]:
    """Sample ranges of the clip that carry emphasis (from the first stressed word to the last of each)."""
    offsets = [at for _, at in spoken_words(narration)]
    out = []
    for a, b in narration.emphasis:
        inside = [k for k, at in enumerate(offsets) if a <= at < b and k < len(speech.words)]
        if inside:
            out.append((speech.words[inside[0]].start, speech.words[inside[-1]].end))
    return out


def shape(speech: Speech, narration: Narration, beat: Beat, assets: AssetStore) -> Speech:
    """The line with its pauses inserted and its stressed words lifted, timings moved with the samples."""
    inserts = [(i, n) for i, n in pauses(narration, beat) if i < len(speech.words) and n > 0]
    lifted = stressed_ranges(narration, speech)
    if not inserts and not lifted:
        return speech
    pcm = np.load(assets.path(speech.audio)).astype(np.float32)
    gain = np.ones(pcm.size, np.float32)
    up = 10 ** (EMPHASIS_GAIN_DB / 20)
    for a, b in lifted:
        r = min(RAMP, (b - a) // 2)
        n = np.arange(a, b)
        gain[a:b] = np.interp(n, [a, a + r, b - r, b], [1.0, up, up, 1.0])
    pcm *= gain
    cuts = []  # (position in the original clip, samples inserted there)
    for i, n in inserts:
        before, after = speech.words[i - 1].end, speech.words[i].start
        cuts.append(((before + after) // 2 if after > before else after, n))
    pieces, done = [], 0
    for at, n in cuts:
        piece = pcm[done:at].copy()
        fade = min(FADE, piece.size)
        if fade:
            piece[piece.size - fade:] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
        pieces += [piece, np.zeros(n, np.float32)]
        done = at
    tail = pcm[done:].copy()
    if cuts:
        fade = min(FADE, tail.size)
        tail[:fade] *= np.linspace(0.0, 1.0, fade, dtype=np.float32)
    pieces.append(tail)
    out = np.concatenate(pieces)

    def moved(unit: TimedUnit) -> TimedUnit:
        shift_start = sum(n for at, n in cuts if at <= unit.start)
        shift_end = sum(n for at, n in cuts if at < unit.end)  # a unit spanning a cut (a pause phoneme) grows
        return TimedUnit(unit.text, unit.start + shift_start, unit.end + shift_end)

    buffer = io.BytesIO()
    np.save(buffer, out)
    return Speech(assets.put_bytes(buffer.getvalue(), ".npy"), int(out.size),
                  tuple(moved(w) for w in speech.words), tuple(moved(p) for p in speech.phonemes))
