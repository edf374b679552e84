"""The voice registry and the on-disk cache of synthesised lines (keyed by engine, voice, text, prosody)."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

import numpy as np

from ...io import atomic_path, write_text
from ...errors import VoiceError
from .base import Speech, TimedUnit, Voice, tokenize
from .espeak import EspeakVoice, espeak_languages
from .piper import PiperEnglishVoice

CACHE_VERSION = "voice.4"  # 4: clips stored as synthesised (the renderer fades every edge)


_VOICES: dict[str, Voice] = {}
_VOICES_LOCK = threading.Lock()


def get_voice(voice_id: str) -> Voice:
    """The engine for a storyboard voice id: "joe" (Piper) or "espeak:<voice>"; loaded once per process."""
    with _VOICES_LOCK:
        if voice_id not in _VOICES:
            if voice_id == "joe":
                _VOICES[voice_id] = PiperEnglishVoice()
            elif voice_id.startswith("espeak:"):
                _VOICES[voice_id] = EspeakVoice(voice_id.split(":", 1)[1])
            else:
                raise VoiceError(f"unknown voice {voice_id!r}: use 'joe' (English, Piper) or 'espeak:<language>'",
                                 voice=voice_id)
        return _VOICES[voice_id]


def check_voice(voice_id: str, lang: str) -> str | None:
    """Why `voice_id` can't speak `lang`, or None if it can. Cheap: no model is loaded."""
    if voice_id == "joe":
        return None if lang.split("-")[0] == "en" else f"voice 'joe' speaks English only, not {lang!r}"
    if voice_id.startswith("espeak:"):
        name = voice_id.split(":", 1)[1].lower()
        known = espeak_languages()
        if name not in known:
            return f"espeak-ng has no voice {name!r} (for language {lang!r}); `espeak-ng --voices` lists them"
        return None
    return f"unknown voice {voice_id!r}: use 'joe' (English, Piper) or 'espeak:<language>'"


class VoiceCache:
    """Synthesised lines on disk, keyed by a hash of (engine, voice, text, prosody)."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    @staticmethod
    def key(voice_id: str, text: str, rate: float) -> str:
        blob = json.dumps([CACHE_VERSION, voice_id, text, round(rate, 4)], ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()[:32]

    def lookup(self, key: str) -> Speech | None:
        meta = self.directory / f"{key}.json"
        if not meta.exists() or not (self.directory / f"{key}.npy").exists():
            return None
        data = json.loads(meta.read_text())
        return Speech(
            key=key,
            samples=data["samples"],
            words=tuple(TimedUnit(*w) for w in data["words"]),
            phonemes=tuple(TimedUnit(*p) for p in data["phonemes"]),
        )

    def speak(self, voice_id: str, text: str, rate: float = 1.0) -> Speech:
        """Cached speech for `text`; synthesises and stores it on a miss (atomically)."""
        key = self.key(voice_id, text, rate)
        cached = self.lookup(key)
        if cached is not None:
            return cached
        words = [w for w, _ in tokenize(text)]
        try:
            pcm, timed_words, phonemes = get_voice(voice_id).synthesize(words, rate)
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
            np.save(handle, pcm.astype(np.float32))
        timings = {
            "samples": speech.samples,
            "words": [[w.text, w.start, w.end] for w in speech.words],
            "phonemes": [[p.text, p.start, p.end] for p in speech.phonemes],
        }
        write_text(self.directory / f"{speech.key}.json", json.dumps(timings, ensure_ascii=False))
