"""Small honest stand-ins for backends, to test the layers above them (the product never runs on these)."""

from __future__ import annotations

import numpy as np

from onetake.plan.voice import Engine, TimedUnit, Voices
from onetake.timeline import SAMPLE_RATE

WORD_SAMPLES = SAMPLE_RATE * 3 // 10  # every word lasts 0.3 s
GAP_SAMPLES = SAMPLE_RATE // 20  # with 50 ms of silence after it


class FakeVoice:
    """A voice that hums: each word a 0.3 s tone (its pitch from its length), 50 ms apart, one phoneme per letter."""

    def __init__(self, voice_id: str = "fake") -> None:
        self.id = voice_id
        self.calls = 0

    def synthesize(self, words: list[str], rate: float = 1.0):
        """The base.Voice contract, honestly: one span per word, in order, deterministic; counts its calls."""
        self.calls += 1
        length = round(WORD_SAMPLES / rate)
        step = length + GAP_SAMPLES
        pcm = np.zeros(len(words) * step, np.float32)
        timed, phonemes = [], []
        t = np.arange(length) / SAMPLE_RATE
        for i, word in enumerate(words):
            start = i * step
            pcm[start:start + length] = 0.3 * np.sin(2 * np.pi * (150 + 20 * len(word)) * t)
            timed.append(TimedUnit(word, start, start + length))
            letters = [c for c in word if c.isalnum()] or ["_"]
            for k, letter in enumerate(letters):
                a = start + length * k // len(letters)
                phonemes.append(TimedUnit(letter.lower(), a, start + length * (k + 1) // len(letters)))
        return pcm, timed, phonemes


def fake_voices(version: str = "1") -> tuple[Voices, FakeVoice]:
    """Voices whose only engine owns every id and speaks every language with one FakeVoice."""
    voice = FakeVoice()
    engine = Engine("fake", "<anything>", lambda voice_id: True, lambda voice_id, lang: None,
                    lambda voice_id: voice, lambda: version, lambda lang: (f"fake:{lang}",))
    return Voices((engine,)), voice
