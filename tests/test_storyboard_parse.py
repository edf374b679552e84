"""Markdown storyboards: front matter, scenes, fields, beats and cues read exactly as docs/storyboard.md says."""

from __future__ import annotations

from textwrap import dedent

import pytest

from onetake.errors import StoryboardError
from onetake.plan import voice_of
from onetake.storyboard import Pos, localize, parse
from onetake.timeline import Fps

STORY = dedent("""\
    ---
    title: Meet Acme Notes
    languages: [en, es]
    voices: {es: "espeak:es-419"}
    fps: 30000/1001
    captions: off
    music: no
    ---

    # Three things you can do
    layout: bullets
    items:
      capture: Capture an idea in one tap
      find: {en: Find anything instantly, es: Encuentra todo al instante}

    You can {capture:capture an idea} in one tap,
    and {find:find it   again} in a second.
    [es] Puedes {capture:capturar una idea} con un toque,
    y {find:encontrarla de nuevo} en un segundo.

    {note}Braces \\{like these\\} are spoken as written.
    [es] {note}Las llaves \\{así\\} se dicen tal cual.

    # Settings
    layout: app
    title: {es: Ajustes}
    transition: fade
    hold: 0
    app: {name: Acme, sidebar: [{en: Archive, es: Archivo}], buttons: [search, settings]}
    on:
      open: click settings
      arc: click archive
      find: {en: type lisbon, es: type lisboa}
      done: notify Saved

    {open:Open settings}, {arc:the archive}, {find:search} and {done:save}.
    [es] {open:Abre ajustes}, {arc:el archivo}, {find:busca} y {done:guarda}.
    """)


@pytest.fixture(scope="module")
def story():
    return parse(STORY, "story.md", "/tmp")


def test_front_matter_values_and_defaults(story):
    assert story.title == "Meet Acme Notes"
    assert story.languages == ("en", "es")
    assert story.default_language == "en"
    assert story.voices == {"es": "espeak:es-419"}  # as written; English gets the default voice
    assert voice_of(story, "en") == "joe" and voice_of(story, "es") == "espeak:es-419"
    assert story.fps == Fps(30000, 1001)
    assert (story.theme, story.width, story.height) == ("midnight", 1280, 720)
    # YAML 1.1 would read these as booleans; the storyboard reads the words as written.
    assert story.captions == "off"
    assert story.music == "none"
    assert story.pos["fps"] == Pos(5, 6)
    assert story.pos["voices.es"] == Pos(4, 14)  # the opening quote


def test_minimal_storyboard_gets_documented_defaults():
    story = parse("---\ntitle: T\n---\n# Hi\nlayout: title\n\nHello.\n")
    assert story.languages == ("en",)
    assert story.voices == {} and voice_of(story, "en") == "joe"
    assert (story.theme, story.width, story.height, story.fps) == ("midnight", 1280, 720, Fps(30))
    assert (story.music, story.music_mood, story.captions) == ("auto", None, "file")
    scene = story.scenes[0]
    assert (scene.transition, scene.hold_seconds, scene.title) == ("slide", 1.0, {"en": "Hi"})
    assert scene.props == {}


def test_other_languages_default_to_the_best_installed_voice():
    story = parse("---\ntitle: T\nlanguages: [fr, en, de, ja]\n---\n# Hi\nlayout: title\n\nSalut.\n[en] Hi.\n"
                  "[de] Hallo.\n[ja] こんにちは。\n")
    assert story.voices == {}
    assert [voice_of(story, lang) for lang in story.languages] == ["kokoro:fr", "joe", "espeak:de", "kokoro:ja"]


def test_scene_fields_are_normalised_to_every_language(story):
    bullets = story.scenes[0]
    assert bullets.layout == "bullets"
    assert bullets.title == {"en": "Three things you can do", "es": "Three things you can do"}
    assert bullets.props["items"] == {
        "capture": {"en": "Capture an idea in one tap", "es": "Capture an idea in one tap"},
        "find": {"en": "Find anything instantly", "es": "Encuentra todo al instante"},
    }
    assert list(bullets.props["items"]) == ["capture", "find"]  # display order is written order
    assert bullets.prop_pos["items.find.es"] == Pos(14, 43)
    assert bullets.pos == Pos(10, 3)


def test_title_field_overrides_heading_per_language(story):
    app = story.scenes[1]
    assert app.title == {"en": "Settings", "es": "Ajustes"}
    assert (app.transition, app.hold_seconds) == ("fade", 0.0)


def test_app_actions_are_parsed(story):
    on = story.scenes[1].props["on"]
    assert on["open"] == {"en": "click settings", "es": "click settings"}
    assert on["arc"] == {"en": "click Archive", "es": "click Archivo"}  # a sidebar item as each language shows it
    assert on["find"] == {"en": "type lisbon", "es": "type lisboa"}
    assert on["done"] == {"en": "notify Saved", "es": "notify Saved"}
    assert story.scenes[1].props["app"]["buttons"] == ("search", "settings")


def test_narration_is_cleaned_and_cues_index_into_it(story):
    beat = story.scenes[0].beats[0]
    en = beat.narration["en"]
    assert en.text == "You can capture an idea in one tap, and find it again in a second."
    spans = {c.name: en.text[c.start:c.end] for c in en.cues}
    assert spans == {"capture": "capture an idea", "find": "find it again"}
    es = beat.narration["es"]
    assert es.lang == "es"
    assert {c.name: es.text[c.start:c.end] for c in es.cues} == {
        "capture": "capturar una idea", "find": "encontrarla de nuevo",
    }
    assert en.pos == Pos(16, 1) and es.pos == Pos(18, 6)
    assert en.cues[0].pos == Pos(16, 9)
    assert beat.pos == Pos(16, 1)


def test_point_cue_and_escaped_braces(story):
    en = story.scenes[0].beats[1].narration["en"]
    assert en.text == "Braces {like these} are spoken as written."
    (note,) = en.cues
    assert (note.name, note.start, note.end) == ("note", 0, 0)


def test_point_cue_anchors_to_the_next_word():
    story = parse("---\ntitle: T\n---\n# Hi\nlayout: title\n\nSay {p} hello {q}   world.\n")
    text = story.scenes[0].beats[0].narration["en"]
    assert text.text == "Say hello world."
    assert [(c.name, c.start, c.end) for c in text.cues] == [("p", 4, 4), ("q", 10, 10)]


def test_emphasis_is_marked_like_markdown_and_stars_can_be_escaped():
    story = parse("---\ntitle: T\n---\n# Hi\nlayout: title\n\n"
                  "It is *really* simple, *twice {c:over}*. 5 * 3 = 15, a \\*star\\* and 2*3.\n")
    n = story.scenes[0].beats[0].narration["en"]
    assert n.text == "It is really simple, twice over. 5 * 3 = 15, a *star* and 2*3."
    assert [n.text[a:b] for a, b in n.emphasis] == ["really", "twice over"]
    assert [(c.name, n.text[c.start:c.end]) for c in n.cues] == [("c", "over")]


def test_cue_words_spanning_lines():
    story = parse("---\ntitle: T\n---\n# Hi\nlayout: title\n\nA {subtitle:long\n   cue} here.\n")
    n = story.scenes[0].beats[0].narration["en"]
    assert n.text[n.cues[0].start:n.cues[0].end] == "long cue"


def test_localize_resolves_texts_for_one_language(story):
    assert localize(story.scenes[0], "es")["items"] == {
        "capture": "Capture an idea in one tap", "find": "Encuentra todo al instante",
    }
    props = localize(story.scenes[1], "es")
    assert props["title"] == "Ajustes"
    assert props["app"]["sidebar"] == ("Archivo",)
    assert props["on"] == {
        "open": "click settings", "arc": "click Archivo", "find": "type lisboa", "done": "notify Saved",
    }


def test_yaml_words_are_not_booleans():
    story = parse("---\ntitle: yes\nlanguages: [no, en]\n---\n# Hi\nlayout: title\nsubtitle: No\n\nHei.\n[en] Hi.\n")
    assert story.title == "yes"
    assert story.languages == ("no", "en")
    assert story.scenes[0].props["subtitle"] == {"no": "No", "en": "No"}


def test_windows_newlines_and_bom():
    story = parse("\ufeff---\r\ntitle: T\r\n---\r\n# Hi\r\nlayout: title\r\n\r\nHello.\r\n")
    assert story.scenes[0].beats[0].narration["en"].text == "Hello."


def test_chart_and_end_props():
    story = parse(dedent("""\
        ---
        title: T
        ---
        # Growth
        layout: chart
        chart: {kind: line, labels: [Q1, Q2], unit: k, series: {s: {name: Sales, values: [1, 2.5]}}}

        {s:Sales} grew.

        # Bye
        layout: end
        cta: Try it
        url: example.com

        {cta:Try it} now.
        """))
    chart = story.scenes[0].props["chart"]
    assert chart["kind"] == "line"
    assert chart["labels"] == ({"en": "Q1"}, {"en": "Q2"})
    assert chart["series"]["s"] == {"name": {"en": "Sales"}, "values": (1.0, 2.5)}
    assert story.scenes[1].props == {"cta": {"en": "Try it"}, "url": "example.com"}


def test_image_path_is_resolved_and_absolute(tmp_path):
    (tmp_path / "shots").mkdir()
    # A PNG signature and IHDR header (64 x 40): all the check reads.
    (tmp_path / "shots" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + (64).to_bytes(4, "big")
                                               + (40).to_bytes(4, "big") + b"\x08\x06\0\0\0")
    text = dedent("""\
        ---
        title: T
        ---
        # Shot
        layout: image
        image: shots/a.png
        callouts:
          here: {box: [0.1, 0.2, 0.5, 0.5], label: Look}

        {here:Look here}.
        """)
    scene = parse(text, "s.md", tmp_path).scenes[0]
    assert scene.props["image"] == str(tmp_path / "shots" / "a.png")
    assert scene.props["camera"] == "zoom-in"
    assert scene.props["image_size"] == (64, 40)  # measured once, here; geometry reads it
    assert scene.props["callouts"]["here"] == {"box": (0.1, 0.2, 0.5, 0.5), "label": {"en": "Look"}}


def test_the_format_docs_examples_parse():
    import re
    from pathlib import Path

    from onetake.storyboard import parse_json

    doc = (Path(__file__).parent.parent / "docs" / "storyboard.md").read_text()
    markdown = re.search(r"```markdown\n(.*?)```", doc, re.S)[1]
    story = parse(markdown, "doc.md")
    assert story.voices == {"en": "joe", "es": "espeak:es"}
    assert [c.name for c in story.scenes[0].beats[0].narration["es"].cues] == ["capture", "find"]
    assert parse_json(re.search(r"```json\n(.*?)```", doc, re.S)[1], "doc.json").title == "Meet Acme Notes"


@pytest.mark.parametrize("action,result", [
    ("{en: click Archive, es: click Archivo}", {"en": "click Archive", "es": "click Archivo"}),
    ("{en: click Archive}", {"en": "click Archive", "es": "click Archivo"}),
    ("{en: click Archive, es: click settings}", "clicks different targets"),
    ("{en: click Archive, es: type x}", "every language does the same action"),
    ("{es: notify Hola}", "has no 'en' action"),
    ("{en: notify Hi, fr: notify Salut}", "language 'fr' is not in this storyboard's languages"),
])
def test_app_actions_per_language(action, result):
    text = dedent(f"""\
        ---
        title: T
        languages: [en, es]
        ---
        # App
        layout: app
        app: {{name: Acme, sidebar: [{{en: Archive, es: Archivo}}], buttons: [settings]}}
        on:
          go: {action}

        {{go:Go}}.
        [es] {{go:Ve}}.
        """)
    if isinstance(result, dict):
        assert parse(text).scenes[0].props["on"]["go"] == result
    else:
        with pytest.raises(StoryboardError) as caught:
            parse(text)
        assert result in caught.value.message
        assert caught.value.line == 9


@pytest.mark.parametrize("value, music, mood", [("true", "auto", None), ("false", "none", None), ("none", "none", None),
                                                ("calm", "auto", "calm"), ("tense", "auto", "urgent"),
                                                ("triumphant", "auto", "triumphant")])
def test_music_is_auto_none_or_a_mood(value, music, mood):
    from onetake.storyboard import parse

    story = parse(f"---\ntitle: T\nmusic: {value}\n---\n\n# Hi\nlayout: title\n\nHello there.\n")
    assert (story.music, story.music_mood) == (music, mood)


def test_the_moods_the_parser_accepts_are_the_moods_the_score_plays():
    from onetake.render.audio.score import MOODS as SCORED
    from onetake.storyboard.model import MOODS

    assert set(MOODS) == set(SCORED)


def test_a_music_file_is_named_relative_to_the_storyboard(tmp_path):
    from onetake.storyboard import parse

    (tmp_path / "song.mp3").write_bytes(b"")
    text = "---\ntitle: T\nmusic: {}\n---\n\n# Hi\nlayout: title\n\nHello there.\n"
    assert parse(text.format("song.mp3"), base_dir=tmp_path).music == "song.mp3"
    with pytest.raises(StoryboardError) as caught:
        parse(text.format("missing.ogg"), base_dir=tmp_path)
    assert "music file 'missing.ogg' not found" in caught.value.message and caught.value.line == 3


def test_scene_sound_fields():
    from onetake.storyboard import parse

    story = parse("---\ntitle: T\n---\n\n# Hi\nlayout: title\nmood: urgent\nenergy: 0.8\n"
                  "ambience: {kind: rain, x: 0.75}\nsting: big\n\nThis is {big:huge}.\n\n"
                  "# Next\nlayout: title\nambience: cafe\n\nCalm now.\n")
    first, second = (scene.sound for scene in story.scenes)
    assert (first.mood, first.energy, first.ambience, first.ambience_x, first.sting) == ("urgent", 0.8, "rain", 0.75, "big")
    assert (second.mood, second.energy, second.ambience, second.ambience_x, second.sting) == (None, None, "cafe", None, None)
