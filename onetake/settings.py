"""RenderSettings: every knob of one render, explicit and frozen. CLI flags and API JSON parse into it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path


def default_cache_dir() -> Path:
    """Where synthesised voices are kept between runs ($XDG_CACHE_HOME/onetake)."""
    import os

    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "onetake"


@dataclass(frozen=True, slots=True)
class RenderSettings:
    """How to render: language, size overrides, quality, captions, workers, loudness target."""

    lang: str | None = None  # None: the storyboard's default language
    preview: bool = False  # 360p, ultrafast: for iterating
    width: int | None = None  # overrides the storyboard's resolution
    height: int | None = None
    preset: str = "veryfast"  # libx264 preset
    crf: int = 20
    workers: int = 2  # video chunks rendered in parallel processes
    burn_captions: bool | None = None  # None: as the storyboard says
    loudness_lufs: float = -16.0
    cache_dir: Path = default_cache_dir()

    def with_(self, **changes) -> "RenderSettings":
        return replace(self, **changes)
