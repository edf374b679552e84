"""What one render writes belongs to it: a lock per output set, private temporaries, the target it mastered for."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from onetake.errors import BusyError
from onetake.io import atomic_path, exclusive
from onetake.run.pipeline import render
from onetake.settings import RenderSettings
from onetake.storyboard import load

DATA = Path(__file__).parent / "data"


def test_a_second_render_of_the_same_outputs_is_refused_at_once(tmp_path, voice_cache):
    out = tmp_path / "out"
    out.mkdir()
    holding, release = threading.Event(), threading.Event()

    def first_render_holds_the_lock():  # another thread of this process, as a server would run renders
        with exclusive(out / ".mini.en.lock", "busy"):
            holding.set()
            release.wait(30)

    thread = threading.Thread(target=first_render_holds_the_lock)
    thread.start()
    holding.wait(30)
    try:
        with pytest.raises(BusyError, match=r"another render is writing .*mini\.en\.\* right now"):
            render(load(DATA / "mini.md"), out, RenderSettings(cache_dir=voice_cache))
    finally:
        release.set()
        thread.join()
    assert [p.name for p in out.iterdir() if not p.name.startswith(".")] == []


def test_another_language_of_the_same_storyboard_is_not_blocked(tmp_path):
    with exclusive(tmp_path / ".mini.en.lock", "busy"), exclusive(tmp_path / ".mini.es.lock", "busy"):
        pass


def test_two_writers_of_one_file_never_share_a_temporary(tmp_path):
    target = tmp_path / "video.mp4"
    names = []
    with atomic_path(target) as first, atomic_path(target) as second:
        names += [first.name, second.name]
        first.write_bytes(b"a")
        second.write_bytes(b"b")
    assert names[0] != names[1]
    assert target.read_bytes() == b"a"  # the outer one finished last: whole files only, never a mix


def test_a_render_at_minus_14_passes_its_own_verification(tmp_path, voice_cache):
    from onetake.verify import verify

    settings = RenderSettings(lang="en", preset="ultrafast", loudness_lufs=-14.0, cache_dir=voice_cache)
    result = render(load(DATA / "mini.md"), tmp_path, settings)
    assert result.timeline.loudness_target_lufs == -14.0
    report = verify(result.video, whisper=False)  # reads the timeline JSON written beside the video
    loudness = report.check("loudness")
    assert loudness.passed, loudness.measured
    assert abs(loudness.data["lufs"] + 14.0) <= 1.0
    assert report.passed, report.summary()
