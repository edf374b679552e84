"""The voice registry and the on-disk cache of synthesised lines (keyed by engine, voice, text, prosody)."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

import numpy as np

from ...errors import VoiceError
from ...timeline import SAMPLE_RATE
from .base import Speech, TimedUnit, Voice, tokenize
from .espeak import EspeakVoice, espeak_languages
from .piper import PiperEnglishVoice

CACHE_VERSION = "voice.3"


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
                raise VoiceError(f"unknown voice {voice_id!r}: use 'joe' (English, Piper) or 'espeak:<language>'")
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
            raise VoiceError(f"voice {voice_id!r} failed on {text[:60]!r}: {error}") from error
        pcm = _trim_and_fade(pcm, timed_words)
        speech = Speech(key, len(pcm), tuple(timed_words), tuple(phonemes))
        self._store(speech, pcm)
        return speech

    def _store(self, speech: Speech, pcm: np.ndarray) -> None:
        for suffix, write in (
            (".npy", lambda f: np.save(f, pcm.astype(np.float32))),
            (".json", lambda f: f.write(json.dumps({
                "samples": speech.samples,
                "words": [[w.text, w.start, w.end] for w in speech.words],
                "phonemes": [[p.text, p.start, p.end] for p in speech.phonemes],
            }, ensure_ascii=False).encode())),
        ):
            final = self.directory / f"{speech.key}{suffix}"
            temp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
            with open(temp, "wb") as handle:
                write(handle)
            os.replace(temp, final)


def _trim_and_fade(pcm: np.ndarray, words: list[TimedUnit]) -> np.ndarray:
    """Give every clip clean 3 ms edges so placing it on the timeline never clicks."""
    fade = min(len(pcm) // 2, SAMPLE_RATE * 3 // 1000)
    if fade:
        ramp = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, fade, dtype=np.float32))
        pcm = pcm.copy()
        pcm[:fade] *= ramp
        pcm[-fade:] *= ramp[::-1]
    return pcm
