"""The planner on a fake voice: timing rules hold whatever the engine, and no engine is loaded."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from fakes import fake_voices
from onetake.assets import AssetStore, content_key
from onetake.errors import VoiceError
from onetake.plan import plan
from onetake.plan.voice import VoiceCache, Voices
from onetake.settings import RenderSettings
from onetake.storyboard import load
from onetake.timeline.serialize import to_json

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    voices, voice = fake_voices()
    cache = VoiceCache(tmp_path_factory.mktemp("fake_cache"), voices)
    storyboard = load(DATA / "mini.md")
    return {lang: plan(storyboard, RenderSettings(lang=lang), cache=cache) for lang in ("en", "es")}, voice


def test_every_line_is_spoken_once_by_the_given_engine(planned):
    timelines, voice = planned
    assert voice.calls == sum(len(t.lines) for t in timelines.values()) == 4


def test_cues_start_on_their_first_word(planned):
    for timeline in planned[0].values():
        for cue in timeline.cues:
            line = next(line for line in timeline.lines if line.scene == cue.scene and line.start <= cue.start < line.end)
            assert cue.start in [w.start for w in line.words]


def test_cued_events_land_on_the_frame_of_their_cue(planned):
    for timeline in planned[0].values():
        for event in timeline.visual_events:
            if event.cue:
                cue = timeline.cue(event.scene, event.cue)
                assert event.frame == timeline.fps.frame_at(cue.start)
                assert event.at == timeline.fps.frame_start(event.frame)


def test_scenes_start_on_frames_and_lines_never_overlap(planned):
    for timeline in planned[0].values():
        assert [s.start for s in timeline.scenes] == [timeline.fps.snap(s.start) for s in timeline.scenes]
        assert all(a.end == b.start for a, b in zip(timeline.scenes, timeline.scenes[1:]))
        lines = timeline.lines
        assert all(a.end <= b.start for a, b in zip(lines, lines[1:]))
        assert all(scene.start <= line.start and line.end <= scene.end
                   for line in lines for scene in [timeline.scenes[line.scene]])


def test_the_spanish_words_retime_the_same_cues(planned):
    timelines, _ = planned
    en, es = timelines["en"], timelines["es"]
    assert [c.name for c in en.cues] == [c.name for c in es.cues]
    assert [e.kind for e in en.visual_events] == [e.kind for e in es.visual_events]


def test_an_upgraded_engine_speaks_every_line_again(tmp_path):
    storyboard = load(DATA / "mini.md")
    for version, new_lines in [("1", 2), ("1", 0), ("2", 2)]:
        voices, voice = fake_voices(version)
        plan(storyboard, RenderSettings(lang="en"), cache=VoiceCache(tmp_path, voices))
        assert voice.calls == new_lines, version  # same version: reused; new version: synthesised


def test_preflight_asks_the_engines_the_planner_was_given(tmp_path):
    voices, voice = fake_voices()
    refusing = Voices((replace(voices.engines[0], check=lambda voice_id, lang: f"fake can't speak {lang!r}"),))
    with pytest.raises(VoiceError, match="fake can't speak 'en'") as caught:
        plan(load(DATA / "mini.md"), RenderSettings(lang="en"), cache=VoiceCache(tmp_path, refusing))
    assert caught.value.line is not None and voice.calls == 0  # refused at its line, before speaking


def test_files_a_scene_shows_are_planned_into_the_asset_store(tmp_path):
    """The onboarding example's screenshot: the timeline names it by content, the store holds the same bytes."""
    voices, _ = fake_voices()
    cache = VoiceCache(tmp_path / "voice", voices, assets=AssetStore(tmp_path / "assets"))
    example = Path(__file__).resolve().parents[1] / "examples" / "onboarding.md"
    timeline = plan(load(example), RenderSettings(lang="en"), cache=cache)
    (scene,) = [s for s in timeline.scenes if s.layout == "image"]
    key = scene.props["image"]
    screenshot = example.parent / "assets" / "acme_dashboard.png"
    assert key == content_key(screenshot.read_bytes(), ".png")
    assert cache.assets.path(key).read_bytes() == screenshot.read_bytes()
    assert all(cache.assets.has(line.audio) for line in timeline.lines)
    assert str(tmp_path) not in to_json(timeline) and str(example.parent) not in to_json(timeline)
