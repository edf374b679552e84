"""The JSON form (Storyboard.1): same content as Markdown gives an equal Storyboard; errors carry positions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onetake.errors import StoryboardError
from onetake.storyboard import SCHEMA, load, parse_json, to_json
from storyboard_helpers import without_positions

EXAMPLES = Path(__file__).parent.parent / "examples"
MINI = Path(__file__).parent / "data" / "mini.md"


@pytest.mark.parametrize("name", ["onboarding.md", "data_story.md", "social_teaser.md"])
def test_markdown_and_json_forms_give_equal_storyboards(name, tmp_path):
    from_markdown = load(EXAMPLES / name)
    json_file = tmp_path / "story.json"
    json_file.write_text(to_json(from_markdown))
    from_json = parse_json(json_file.read_text(), str(json_file), EXAMPLES)
    assert without_positions(from_json) == without_positions(from_markdown)


def test_docs_example_parses():
    text = """{"schema": "Storyboard.1", "title": "Meet Acme Notes", "languages": ["en"],
 "scenes": [{"heading": "Meet Acme Notes", "layout": "title", "fields": {"subtitle": "Notes that keep up"},
             "beats": [{"en": "Meet {subtitle:Acme Notes}."}]}]}"""
    story = parse_json(text, "doc.json")
    scene = story.scenes[0]
    assert scene.props == {"subtitle": {"en": "Notes that keep up"}}
    narration = scene.beats[0].narration["en"]
    assert narration.text == "Meet Acme Notes."
    cue = narration.cues[0]
    assert narration.text[cue.start:cue.end] == "Acme Notes"
    assert (cue.pos.line, cue.pos.col) == (3, 37)  # the `{` inside the JSON string
    assert scene.prop_pos["subtitle"].line == 2


def test_json_positions_for_fields_and_scene_level_keys():
    data = json.loads(to_json(load(MINI)))
    story = parse_json(json.dumps(data, indent=1), "mini.json", MINI.parent)
    text = json.dumps(data, indent=1).split("\n")
    for scene in story.scenes:
        for key in ("layout", "on", "items"):
            if key in scene.prop_pos:
                line = text[scene.prop_pos[key].line - 1]
                assert f'"{key}"' in line


def _story(**changes) -> str:
    data = json.loads(to_json(load(MINI)))
    data.update(changes)
    return json.dumps(data, indent=2)


BAD_JSON = [
    ("invalid JSON", '{"schema": "Storyboard.1",\n  "title": }', 2, 12, "invalid JSON"),
    ("not an object", "[1, 2]", 1, 1, "expected a JSON object"),
    ("missing schema", '{"title": "x"}', 1, 1, 'missing "schema"'),
    ("future schema", '{"schema": "Storyboard.9"}', 1, 12, "unsupported schema 'Storyboard.9'"),
    ("unknown key", '{"schema": "Storyboard.1",\n "titel": "x"}', 2, 2, "unknown key 'titel' (did you mean 'title'?)"),
    ("wrong type", '{"schema": "Storyboard.1", "title": "x",\n "languages": "en"}', 2, 15, "languages"),
    ("NaN", '{"schema": "Storyboard.1", "title": "x",\n "fps": NaN}', 2, 9, "not a number"),
    ("duplicate key", '{"schema": "Storyboard.1", "title": "x",\n "title": "y"}', 2, 2, "duplicate key 'title'"),
    ("missing heading", '{"schema": "Storyboard.1", "title": "x",\n "scenes": [{"layout": "title", "beats": []}]}',
     2, 13, "missing 'heading' in scenes.0"),
    ("bad resolution", '{"schema": "Storyboard.1", "title": "x",\n "resolution": "1281x720"}', 2, 16, "is odd"),
    ("missing title", '{"schema": "Storyboard.1",\n "scenes": []}', 1, 1, "missing title"),
    ("unknown layout", '{"schema": "Storyboard.1", "title": "x", "scenes": [\n {"heading": "H", "layout": "nope",'
     ' "beats": [{"en": "Hi."}]}]}', 2, 29, "unknown layout 'nope'"),
    ("layout twice", '{"schema": "Storyboard.1", "title": "x", "scenes": [\n {"heading": "H", "layout": "title",'
     ' "fields": {"layout": "end"}, "beats": [{"en": "Hi."}]}]}', 2, 49, "'layout' is written twice"),
    ("unclosed cue", '{"schema": "Storyboard.1", "title": "x", "scenes": [\n {"heading": "H", "layout": "title",'
     ' "beats": [{"en": "Hi {subtitle:there."}]}]}', 2, 59, "unclosed cue"),
    ("no scenes", '{"schema": "Storyboard.1", "title": "x",\n "scenes": []}', 2, 2, "no scenes"),
]


@pytest.mark.parametrize("name,text,line,col,message", BAD_JSON, ids=[b[0] for b in BAD_JSON])
def test_bad_json_reports_where_and_what(name, text, line, col, message):
    with pytest.raises(StoryboardError) as caught:
        parse_json(text, "bad.json")
    assert message in caught.value.message
    assert (caught.value.line, caught.value.col) == (line, col), str(caught.value)


def test_semantic_errors_match_markdown_wording():
    data = json.loads(_story())
    data["scenes"][0]["fields"]["on"]["open"] = "jump settings"
    with pytest.raises(StoryboardError, match="bad app action 'jump settings'"):
        parse_json(json.dumps(data), "x.json", MINI.parent)


def test_schema_constant():
    assert json.loads(_story())["schema"] == SCHEMA == "Storyboard.1"
