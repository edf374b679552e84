"""The on-disk cache of synthesised lines, keyed by (engine version, voice, text, prosody).

A line's PCM (48 kHz mono float32, `.npy`) goes into the asset store under its content hash:
that key is what the timeline names and the audio renderer reads. The cache itself keeps one
`<key>.json` per line: the asset key, the length and the word/phoneme timings. Entries are checked
when read: a missing, truncated or mismatched clip or a corrupt index file is treated as missing
and synthesised again, so a damaged cache heals itself instead of breaking every later render.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import numpy as np

from ...assets import AssetStore
from ...errors import VoiceError
from ...io import write_text
from .base import Speech, TimedUnit, tokenize
from .registry import DEFAULT_VOICES, Voices

CACHE_VERSION = "voice.7"  # 5: the engine's version in the key; 6: clips in the asset store; 7: words per language


class VoiceCache:
    """Synthesised lines on disk.

    `voices` are the engines it synthesises with (the installed ones by default); `assets` is where
    the clips go (by default the same folder as the index).
    """

    def __init__(self, directory: Path, voices: Voices = DEFAULT_VOICES, assets: AssetStore | None = None) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.voices = voices
        self.assets = assets or AssetStore(self.directory)

    def key(self, voice_id: str, text: str, rate: float, lang: str = "", pitch: float = 0.0) -> str:
        """The content key of one line: changes with the cache layout, the engine's version, voice, text,
        rate, pitch (when not 0) and language (which decides how the text splits into words)."""
        parts = [CACHE_VERSION, self.voices.version(voice_id), voice_id, text, round(rate, 4), lang]
        blob = json.dumps(parts + ([round(pitch, 4)] if pitch else []), ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()[:32]

    def lookup(self, key: str) -> Speech | None:
        """The cached line `key`, or None when it is missing or damaged in any way."""
        try:
            data = json.loads((self.directory / f"{key}.json").read_text(encoding="utf-8"))
            samples, audio = data["samples"], data["audio"]
            words = tuple(TimedUnit(str(t), int(a), int(b)) for t, a, b in data["words"])
            phonemes = tuple(TimedUnit(str(t), int(a), int(b)) for t, a, b in data["phonemes"])
            if not self.assets.has(audio):
                return None
            pcm = np.load(self.assets.path(audio), mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError, KeyError, TypeError, EOFError):
            return None
        if not isinstance(samples, int) or pcm.shape != (samples,) or pcm.dtype != np.float32:
            return None
        if any(not 0 <= u.start <= u.end <= samples for u in words + phonemes):
            return None
        return Speech(audio=audio, samples=samples, words=words, phonemes=phonemes)

    def speak(self, voice_id: str, text: str, rate: float = 1.0, lang: str = "", pitch: float = 0.0) -> Speech:
        """Cached speech for `text` in `lang`; synthesises and stores it on a miss or a damaged entry (atomically).
        `pitch` (-1 .. 1) reaches engines that take one (Engine.pitched) and is dropped for the others."""
        pitch = pitch if self.voices.engine(voice_id).pitched else 0.0
        key = self.key(voice_id, text, rate, lang, pitch)
        cached = self.lookup(key)
        if cached is not None:
            return cached
        words = [w for w, _ in tokenize(text, lang)]
        try:
            voice = self.voices.get(voice_id)
            pcm, timed_words, phonemes = voice.synthesize(words, rate, pitch=pitch) if pitch else \
                voice.synthesize(words, rate)
        except VoiceError:
            raise
        except Exception as error:  # engine failures become one clear message
            raise VoiceError(f"voice {voice_id!r} failed on {text[:60]!r}: {error}", voice=voice_id) from error
        return self._store(key, pcm, tuple(timed_words), tuple(phonemes))

    def _store(self, key: str, pcm: np.ndarray, words: tuple, phonemes: tuple) -> Speech:
        """The clip into the asset store first, the index entry last: `lookup` finds a line only once both are whole."""
        buffer = io.BytesIO()
        np.save(buffer, np.ascontiguousarray(pcm, dtype=np.float32))
        speech = Speech(self.assets.put_bytes(buffer.getvalue(), ".npy"), len(pcm), words, phonemes)
        entry = {
            "audio": speech.audio,
            "samples": speech.samples,
            "words": [[w.text, w.start, w.end] for w in speech.words],
            "phonemes": [[p.text, p.start, p.end] for p in speech.phonemes],
        }
        write_text(self.directory / f"{key}.json", json.dumps(entry, ensure_ascii=False))
        return speech
