"""What every voice engine returns: 48 kHz PCM with the engine's own word and phoneme timings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from math import gcd
from typing import TYPE_CHECKING, Protocol

from ...lang import base_lang
from ...timeline import SAMPLE_RATE

if TYPE_CHECKING:  # numpy and scipy load only when a voice speaks: checking a storyboard stays fast
    import numpy as np


@dataclass(frozen=True, slots=True)
class TimedUnit:
    """A word or phoneme inside one synthesised clip, in samples from the clip's start (48 kHz).

    Not the timeline's Word/Phoneme on purpose: those are absolute programme positions, these are
    relative to a clip that the cache reuses wherever the line is placed.
    """

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Speech:
    """One synthesised line: the asset key of its PCM, its length and its timings."""

    audio: str
    samples: int
    words: tuple[TimedUnit, ...]
    phonemes: tuple[TimedUnit, ...]


class Voice(Protocol):
    """A loaded speech engine voice (see registry.Engine for how one is found, checked and versioned)."""

    id: str

    def synthesize(self, words: list[str], rate: float) -> tuple["np.ndarray", list[TimedUnit], list[TimedUnit]]:
        """Speak `words` (the written words, in order) at `rate` (1.0 = the voice's own pace).

        Returns (pcm, words, phonemes): pcm is mono float32 at 48 kHz (resample with `to_48k`);
        exactly one TimedUnit per input word, in order, with start <= end inside the clip (a word
        the engine does not voice gets an empty span where the next one starts); phonemes in
        order, with the engine's own symbols. Must be deterministic: the same input gives the
        same samples (the cache and the tests rely on it). Raise VoiceError for a problem the
        user can fix; anything else is reported as the engine failing on that line.
        An engine whose Engine says `pitched` also takes `pitch=` (-1 .. 1, 0 = the voice's own).
        """
        ...


_TOKEN = re.compile(r"\S+")


UNSPACED = ("ja", "zh")  # written without spaces between words: a segmenter finds them


def tokenize(text: str, lang: str = "") -> list[tuple[str, int]]:
    """Written words and their character offsets (the unit of word timing and of cue anchoring).

    Words are what spaces separate; in Japanese, OpenJTalk's accent phrases ("設定を"), in Chinese,
    jieba's words ("设置"), so that a cue inside a sentence anchors to its own word.
    """
    words = [(m.group(0), m.start()) for m in _TOKEN.finditer(text)]
    if base_lang(lang) not in UNSPACED:
        return words
    from .g2p import split_words  # the segmenters load only for these languages

    out = []
    for chunk, at in words:
        cursor = 0
        for word in split_words(chunk, lang):
            found = chunk.find(word, cursor)
            found = cursor if found < 0 else found
            out.append((word, at + found))
            cursor = found + len(word)
    return out


def to_48k(audio: np.ndarray, rate_hz: int, word_spans, words, phonemes):
    """Resample to the timeline clock and scale every timing with it."""
    import numpy as np
    from scipy.signal import resample_poly

    if rate_hz == SAMPLE_RATE:
        pcm = audio.astype(np.float32)
    else:
        g = gcd(SAMPLE_RATE, rate_hz)
        pcm = resample_poly(audio, SAMPLE_RATE // g, rate_hz // g).astype(np.float32)

    def scale(s: int) -> int:
        return s * SAMPLE_RATE // rate_hz

    timed_words = [TimedUnit(w, scale(a), scale(b)) for w, (a, b) in zip(words, word_spans)]
    timed_phonemes = [TimedUnit(p.text, scale(p.start), scale(p.end)) for p in phonemes]
    return pcm, timed_words, timed_phonemes
