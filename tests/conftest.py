"""Shared fixtures: one small real render per language, reused by the tests that inspect its output."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def voice_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


def _render(lang: str, out: Path, cache: Path):
    from onetake.run.pipeline import render
    from onetake.settings import RenderSettings
    from onetake.storyboard import load

    settings = RenderSettings(lang=lang, preset="ultrafast", workers=2, cache_dir=cache)
    return render(load(DATA / "mini.md"), out, settings)


@pytest.fixture(scope="session")
def mini_en(tmp_path_factory, voice_cache):
    """tests/data/mini.md rendered in English at 320x180 (a real render: Piper, skia, x264, AAC)."""
    return _render("en", tmp_path_factory.mktemp("render_en"), voice_cache)


@pytest.fixture(scope="session")
def mini_es(tmp_path_factory, voice_cache):
    """The same storyboard rendered in Spanish (espeak-ng)."""
    return _render("es", tmp_path_factory.mktemp("render_es"), voice_cache)
