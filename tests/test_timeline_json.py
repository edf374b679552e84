"""The timeline JSON: versioned per node type, read strictly, upgraded from old versions, documented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onetake.errors import TimelineError
from onetake.timeline import (Ambience, Cue, Fps, Line, Music, MusicSection, Phoneme, Scene, SoundEvent, Timeline,
                              VisualEvent, Word, freeze)
from onetake.timeline.serialize import UPGRADES, from_json, schema_doc, to_json

DOC = Path(__file__).resolve().parents[1] / "docs" / "timeline.md"
DATA = Path(__file__).parent / "data"


def small_timeline() -> Timeline:
    """One node of every type, with values that differ from their defaults."""
    words = (Word("Hello", 28800, 40000), Word("there.", 40000, 52000))
    return Timeline(
        title="T", lang="en", width=320, height=180, fps=Fps(30000, 1001), duration=96000, theme="daylight",
        scenes=(Scene(0, "bullets", "Hi", 0, 96000, freeze({"items": {"a": "Item"}}), "fade", 24000),),
        lines=(Line("s0b0", 0, "Hello there.", 28800, 52000, "abc123", words,
                    (Phoneme("h", 28800, 30000),), gain_db=-1.5),),
        cues=(Cue("a", 0, 28800, 40000),),
        visual_events=(VisualEvent("enter", 0, "item:a", 18, 28828, 0.25, "a", freeze({"n": 1})),),
        sound_events=(SoundEvent("pop", 28828, -0.3, 1.0, 7, 0),),
        music=Music(enabled=True, mood="calm", audio="f" * 32 + ".npy", source="score",
                    sections=(MusicSection(0, 0, "serious", 0.7, 76.0, "A minor", ("i", "VI"), ("Strings",)),),
                    bars=(0, 120000), stings=(120000,), end=95000),
        ambience=(Ambience(0, "rain", 0, 96000, 0.8, 3),), burn_captions=True, master_gain_db=2.5, loudness_target_lufs=-14.0,
    )


def data() -> dict:
    return json.loads(to_json(small_timeline()))


def test_every_node_round_trips():
    assert from_json(to_json(small_timeline())) == small_timeline()


def test_each_node_names_its_own_type_and_version():
    d = data()
    assert d["schema"] == "Timeline.4" and d["fps"]["schema"] == "Fps.1" and d["music"]["schema"] == "Music.2"
    assert d["ambience"][0]["schema"] == "Ambience.1" and d["music"]["sections"][0]["start_samples"] == 0
    assert d["lines"][0]["words"][0]["schema"] == "Word.2"


def test_sample_fields_say_their_unit_and_no_path_is_written():
    d = data()
    assert d["duration_samples"] == 96000 and "duration" not in d and "cache_dir" not in d
    assert set(d["scenes"][0]) >= {"start_samples", "end_samples", "transition_samples"}
    assert {"start_samples", "end_samples"} <= set(d["lines"][0]["words"][0])
    assert "at_samples" in d["visual_events"][0] and "at_samples" in d["sound_events"][0]
    assert d["visual_events"][0]["frame"] == 18  # a frame index, not a count of samples


def _refused(d: dict) -> str:
    with pytest.raises(TimelineError) as caught:
        from_json(json.dumps(d))
    return str(caught.value)


def test_a_newer_version_is_refused():
    d = data()
    d["schema"] = "Timeline.7"
    assert "Timeline.7 was written by a newer onetake" in _refused(d)
    d = data()
    d["scenes"][0]["schema"] = "Scene.9"
    assert _refused(d).startswith("scenes[0]: Scene.9 was written by a newer onetake")


def test_an_unknown_field_is_refused_by_name():
    d = data()
    d["colour"] = "red"
    assert _refused(d).startswith("colour: unknown field of Timeline")
    d = data()
    d["lines"][0]["words"][1]["stress"] = 1
    assert _refused(d).startswith("lines[0].words[1].stress: unknown field of Word")


def test_an_unknown_or_misplaced_node_type_is_refused():
    d = data()
    d["scenes"][0]["schema"] = "Scen.1"
    assert _refused(d).startswith("scenes[0]: unknown node type 'Scen'")
    d = data()
    d["scenes"][0]["schema"] = "Cue.1"
    assert _refused(d).startswith("scenes[0]: expected a Scene node here, got a Cue")


def test_a_value_of_the_wrong_type_names_its_path_and_unit():
    d = data()
    d["scenes"][0]["start_samples"] = "48000"
    assert _refused(d) == "scenes[0].start_samples: expected an integer number of samples, got '48000'"
    d = data()
    d["duration_samples"] = 4.5
    assert _refused(d) == "duration_samples: expected an integer number of samples, got 4.5"
    d = data()
    d["visual_events"][0]["frame"] = 18.5
    assert _refused(d) == "visual_events[0].frame: expected an integer number of frames, got 18.5"
    d = data()
    d["burn_captions"] = "yes"
    assert _refused(d) == "burn_captions: expected true or false, got 'yes'"


def test_missing_fields_and_bad_tags_are_refused():
    d = data()
    del d["scenes"][0]["layout"]
    assert _refused(d) == "scenes[0].layout: missing (a Scene needs it)"
    for tag in ("Timeline.x", "Timeline"):
        d = data()
        d["schema"] = tag
        assert "Timeline" in _refused(d)
    d = data()
    d["fps"]["num"] = 0
    assert _refused(d) == "fps: fps must be positive, but got 0/1001"


def test_not_json_or_not_a_timeline():
    with pytest.raises(TimelineError, match="not JSON"):
        from_json("{")
    with pytest.raises(TimelineError, match="not a timeline"):
        from_json('{"schema": "Storyboard.1"}')


def test_an_old_version_is_upgraded_on_reading(monkeypatch):
    """A Word.3 that changed nothing: files written as Word.2 still load, through the chain of upgrades."""
    monkeypatch.setattr(Word, "SCHEMA_VERSION", 3, raising=False)
    monkeypatch.setitem(UPGRADES, ("Word", 2), lambda node: node)  # the fields did not change here
    d = data()
    assert d["lines"][0]["words"][0]["schema"] == "Word.3"
    d["lines"][0]["words"][0]["schema"] = "Word.2"
    assert from_json(json.dumps(d)) == small_timeline()
    monkeypatch.delitem(UPGRADES, ("Word", 2))
    assert "Word.2 is no longer readable" in _refused(d)


def test_a_file_written_by_version_1_loads_with_every_timing():
    """tests/data/timeline.v1.json was written by the onetake before units were named (commit 4c04ec0)."""
    old = (DATA / "timeline.v1.json").read_text(encoding="utf-8")
    assert '"schema": "Timeline.1"' in old and '"cache_dir": "/home/someone/' in old
    # The writer's cache folder is dropped, every sample kept; it had no score and no ambience yet.
    music = Music(enabled=False, mood="calm", gain_db=-25.0, duck_db=-10.0)  # as the v1 file says
    assert from_json(old) == small_timeline().with_(music=music, ambience=())


def test_the_schema_document_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == schema_doc(), "docs/timeline.md is stale: run `make docs`"
