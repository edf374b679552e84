"""One narrated line from several voices: a sentence with a span in another language.

Each part is synthesised (and cached) by its own language's voice; here they become one clip with
continuous timing. Every part is cut JOIN_MARGIN before its first word and after its last (its
engine's own lead-in and tail silence go, except at the line's two ends), parts are brought to one
loudness so the switch is not a jump in level, and JOIN_PAUSE separates the last word of one part
from the first of the next: the pause a speaker makes at a word boundary, not a gap. Word and
phoneme timings move with their samples, so cues inside a span land as anywhere else.
"""

from __future__ import annotations

import io

import numpy as np

from ...assets import AssetStore
from ...measure import clip_lufs
from ...timeline import ms_to_samples
from .base import Speech, TimedUnit

JOIN_MARGIN = ms_to_samples(40)  # kept around each part's words at an inner join
JOIN_PAUSE = ms_to_samples(90)  # from one part's last word end to the next part's first word start
EDGE = ms_to_samples(5)  # fade at each cut: the cuts are in near-silence, this keeps them click-free
TARGET_LUFS = -20.0  # parts are matched to this before joining; the mixer levels the whole line after


def join_speech(parts: list[Speech], assets: AssetStore) -> Speech:
    """The parts as one clip in the store, their words and phonemes re-timed onto it."""
    if len(parts) == 1:
        return parts[0]
    pieces, words, phonemes, at = [], [], [], 0
    for i, part in enumerate(parts):
        pcm = np.load(assets.path(part.audio)).astype(np.float32)
        voiced = [w for w in part.words if w.end > w.start] or list(part.words)
        first = voiced[0].start if voiced else 0
        last = voiced[-1].end if voiced else part.samples
        lo = 0 if i == 0 else max(0, first - JOIN_MARGIN)
        hi = part.samples if i == len(parts) - 1 else min(part.samples, last + JOIN_MARGIN)
        clip = pcm[lo:hi].copy()
        level = clip_lufs(clip)
        if np.isfinite(level):
            clip *= np.float32(10 ** ((TARGET_LUFS - level) / 20))
        ramp = np.linspace(0.0, 1.0, min(EDGE, clip.size // 2), dtype=np.float32)
        if i:
            clip[:ramp.size] *= ramp
            # the pause between the previous part's last word and this part's first
            gap = max(0, JOIN_PAUSE - (first - lo) - JOIN_MARGIN)
            pieces.append(np.zeros(gap, np.float32))
            at += gap
        if i < len(parts) - 1:
            clip[clip.size - ramp.size:] *= ramp[::-1]
        shift = at - lo
        words += [TimedUnit(w.text, min(max(w.start + shift, at), at + clip.size),
                            min(max(w.end + shift, at), at + clip.size)) for w in part.words]
        phonemes += [TimedUnit(p.text, p.start + shift, p.end + shift) for p in part.phonemes
                     if lo <= p.start and p.end <= hi]
        pieces.append(clip)
        at += clip.size
    pcm = np.concatenate(pieces)
    buffer = io.BytesIO()
    np.save(buffer, pcm)
    return Speech(assets.put_bytes(buffer.getvalue(), ".npy"), int(pcm.size), tuple(words), tuple(phonemes))
