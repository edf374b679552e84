"""The on-disk cache of synthesised lines, keyed by (engine version, voice, text, prosody).

Each line is two files named by its key: `<key>.npy` (48 kHz mono float32 PCM, what the audio
renderer reads) and `<key>.json` (its length and word/phoneme timings). Entries are checked when
read: a truncated, corrupt or mismatched pair is treated as missing and synthesised again, so a
damaged cache heals itself instead of breaking every later render of that line.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from ...errors import VoiceError
from ...io import atomic_path, write_text
from .base import Speech, TimedUnit, tokenize
from .registry import DEFAULT_VOICES, Voices

CACHE_VERSION = "voice.5"  # 5: the engine's version is part of the key


class VoiceCache:
    """Synthesised lines on disk; `voices` are the engines it synthesises with (the installed ones by default)."""

    def __init__(self, directory: Path, voices: Voices = DEFAULT_VOICES) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.voices = voices

    def key(self, voice_id: str, text: str, rate: float) -> str:
        """The content key of one line: changes with the cache layout, the engine's version, voice, text and rate."""
        blob = json.dumps([CACHE_VERSION, self.voices.version(voice_id), voice_id, text, round(rate, 4)],
                          ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()[:32]

    def lookup(self, key: str) -> Speech | None:
        """The cached line `key`, or None when it is missing or damaged in any way."""
        try:
            data = json.loads((self.directory / f"{key}.json").read_text(encoding="utf-8"))
            samples = data["samples"]
            words = tuple(TimedUnit(str(t), int(a), int(b)) for t, a, b in data["words"])
            phonemes = tuple(TimedUnit(str(t), int(a), int(b)) for t, a, b in data["phonemes"])
            pcm = np.load(self.directory / f"{key}.npy", mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError, KeyError, TypeError, EOFError):
            return None
        if not isinstance(samples, int) or pcm.shape != (samples,) or pcm.dtype != np.float32:
            return None
        if any(not 0 <= u.start <= u.end <= samples for u in words + phonemes):
            return None
        return Speech(key=key, samples=samples, words=words, phonemes=phonemes)

    def speak(self, voice_id: str, text: str, rate: float = 1.0) -> Speech:
        """Cached speech for `text`; synthesises and stores it on a miss or a damaged entry (atomically)."""
        key = self.key(voice_id, text, rate)
        cached = self.lookup(key)
        if cached is not None:
            return cached
        words = [w for w, _ in tokenize(text)]
        try:
            pcm, timed_words, phonemes = self.voices.get(voice_id).synthesize(words, rate)
        except VoiceError:
            raise
        except Exception as error:  # engine failures become one clear message
            raise VoiceError(f"voice {voice_id!r} failed on {text[:60]!r}: {error}", voice=voice_id) from error
        speech = Speech(key, len(pcm), tuple(timed_words), tuple(phonemes))
        self._store(speech, pcm)
        return speech

    def _store(self, speech: Speech, pcm: np.ndarray) -> None:
        """PCM first, timings last: `lookup` finds a line only once both files are whole."""
        with atomic_path(self.directory / f"{speech.key}.npy") as temp, open(temp, "wb") as handle:
            np.save(handle, np.ascontiguousarray(pcm, dtype=np.float32))
        timings = {
            "samples": speech.samples,
            "words": [[w.text, w.start, w.end] for w in speech.words],
            "phonemes": [[p.text, p.start, p.end] for p in speech.phonemes],
        }
        write_text(self.directory / f"{speech.key}.json", json.dumps(timings, ensure_ascii=False))
