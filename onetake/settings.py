"""RenderSettings: every knob of one render, explicit, frozen and checked before any work.

Each option is defined once, in `OPTIONS`: its field, command-line flag, type, allowed values and
help. The CLI builds its flags from it and the HTTP API its JSON fields, so both accept, reject
and explain exactly the same values. `RenderSettings(...)` raises `SettingsError` on a bad value,
whoever builds it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import SettingsError

if TYPE_CHECKING:
    from .assets import AssetStore

X264_PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow")
DEFAULT_PRESET, PREVIEW_PRESET = "veryfast", "ultrafast"
DEFAULT_LOUDNESS_LUFS = -16.0
_LANG_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")


def default_cache_dir() -> Path:
    """Where synthesised voices are kept between runs ($XDG_CACHE_HOME/onetake), read when settings are made."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "onetake"


@dataclass(frozen=True, slots=True)
class Option:
    """One render option: the RenderSettings field, its flag, its type and what it accepts.

    `low`/`high` bound numbers (inclusive); `choices` lists the allowed words; `even` asks for an
    even integer (video sizes). `check` turns a candidate value into a reason it is bad, or None.
    """

    name: str
    flag: str
    help: str
    type: type = str
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    even: bool = False
    hint: str = ""

    def problem(self, value: Any) -> str | None:
        """Why `value` is not acceptable, as '{option} …' text, or None. None (unset) is always fine."""
        if value is None or self.type is bool and isinstance(value, bool):
            return None
        if self.type is Path:
            return None if isinstance(value, (str, os.PathLike)) else f"{{option}} must be a folder path, but got {value!r}"
        if self.type in (int, float):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or (self.type is int and value != int(value)):
                return f"{{option}} must be {'an integer' if self.type is int else 'a number'}, but got {value!r}"
            if self.low is not None and self.high is None and value < self.low:
                return f"{{option}} must be at least {self.low:g}, but got {value:g}"
            if self.low is not None and self.high is not None and not self.low <= value <= self.high:
                return f"{{option}} {value:g} is out of range; use {self.low:g}..{self.high:g}{self.hint}"
            if self.even and value % 2:
                return f"{{option}} must be even (video needs even sizes), but got {value:g}"
            return None
        if self.type is str:
            if not isinstance(value, str):
                return f"{{option}} must be text, but got {value!r}"
            if self.choices and value not in self.choices:
                return f"unknown {{option}} {value!r}; expected one of {', '.join(self.choices)}"
            if self.name == "lang" and not _LANG_CODE.match(value):
                return f"{{option}} {value!r} is not a language code like en, es or pt-BR"
            return None
        return f"{{option}} must be true or false, but got {value!r}"


OPTIONS: tuple[Option, ...] = (
    Option("lang", "--lang", "language to render (default: the storyboard's first)"),
    Option("preview", "--preview", "360p and the fastest encoder preset, for iterating", bool),
    Option("width", "--width", "output width in pixels (default: the storyboard's)", int, low=64, high=3840, even=True),
    Option("height", "--height", "output height in pixels (default: the storyboard's)", int, low=64, high=3840,
           even=True),
    Option("preset", "--preset", f"libx264 preset (default: {DEFAULT_PRESET}; {PREVIEW_PRESET} with --preview)",
           choices=X264_PRESETS),
    Option("crf", "--crf", "x264 quality: 0 (lossless) .. 51 (worst); default 20", int, low=0, high=51),
    Option("workers", "--workers", "parallel render processes (default: 2)", int, low=1),
    Option("executor", "--executor", "where video chunks are drawn: local (processes here, the default) or ray "
           "(a Ray cluster at RAY_ADDRESS, else Ray on this machine; pip install 'onetake[ray]')",
           choices=("local", "ray")),
    Option("burn_captions", "--burn-captions", "draw captions into the picture (default: as the storyboard says)",
           bool),
    Option("loudness_lufs", "--loudness", f"target integrated loudness in LUFS (default: {DEFAULT_LOUDNESS_LUFS:g})",
           float, low=-40.0, high=-5.0, hint=" (e.g. -16, or -14 for platforms)"),
    Option("cache_dir", "--cache-dir", "cache folder for voices and assets (default: ~/.cache/onetake)", Path),
    Option("stems", "--stems", "also write NAME.LANG.stems/ (narration, effects, ambience, music and mix WAVs, "
           "48 kHz 24-bit) and NAME.LANG.otio / .otioz for editors", bool),
)
OPTION = {option.name: option for option in OPTIONS}


@dataclass(frozen=True, slots=True)
class RenderSettings:
    """How to render: language, size overrides, quality, captions, workers, loudness target.

    Checked when made: a bad value raises SettingsError naming the option and the value.
    """

    lang: str | None = None  # None: the storyboard's default language
    preview: bool = False  # 360p, ultrafast: for iterating
    width: int | None = None  # overrides the storyboard's resolution
    height: int | None = None
    preset: str | None = None  # libx264 preset; None: DEFAULT_PRESET (PREVIEW_PRESET with preview)
    crf: int = 20
    workers: int = 2  # video chunks rendered in parallel processes
    executor: str = "local"  # local processes, or ray (run/ray_executor.py)
    burn_captions: bool | None = None  # None: as the storyboard says
    loudness_lufs: float = DEFAULT_LOUDNESS_LUFS
    cache_dir: Path = field(default_factory=default_cache_dir)
    stems: bool = False  # also write the stems and an OpenTimelineIO hand-off

    def __post_init__(self) -> None:
        for f in fields(self):
            reason = OPTION[f.name].problem(getattr(self, f.name))
            if reason:
                raise SettingsError(f.name, reason)
        if not isinstance(self.cache_dir, Path):
            object.__setattr__(self, "cache_dir", Path(self.cache_dir))

    @property
    def assets(self) -> AssetStore:
        """The asset store of this cache: voice clips and images by content hash (what timelines name)."""
        from .assets import AssetStore

        return AssetStore(self.cache_dir / "assets")

    @property
    def x264_preset(self) -> str:
        """The encoder preset this render uses."""
        return self.preset or (PREVIEW_PRESET if self.preview else DEFAULT_PRESET)

    def with_(self, **changes) -> "RenderSettings":
        """A checked copy with some fields replaced."""
        return replace(self, **changes)
