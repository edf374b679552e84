"""The example storyboards load, are the intended length, and the screenshot is a real PNG."""

from __future__ import annotations

from pathlib import Path

import pytest

from onetake.plan.voice import tokenize
from onetake.storyboard import load

EXAMPLES = Path(__file__).parent.parent / "examples"
# name -> (languages, words per language); ~150 spoken English words per minute. Words as the
# planner times them (Japanese accent phrases, Chinese dictionary words), so their counts differ.
EXPECTED = {
    "onboarding.md": (("en", "es", "de", "fr", "ja", "zh", "ar", "hi"), range(130, 156)),
    "data_story.md": (("en",), range(100, 120)),
    "social_teaser.md": (("en",), range(60, 80)),
    "presenter.md": (("en", "ja"), range(60, 80)),
}


def words(story, lang: str) -> int:
    return sum(len(tokenize(beat.narration[lang].text, lang)) for scene in story.scenes for beat in scene.beats)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_loads_with_intended_length(name):
    story = load(EXAMPLES / name)
    languages, length = EXPECTED[name]
    assert story.languages == languages
    assert words(story, "en") in length, words(story, "en")
    for lang in languages[1:]:  # the same script, told in about as many words (Japanese phrases hold several)
        assert 0.55 * words(story, "en") <= words(story, lang) <= 1.25 * words(story, "en"), (lang, words(story, lang))
    assert story.scenes[0].layout == "title" and story.scenes[-1].layout == "end"


def test_onboarding_uses_every_screen_kind():
    story = load(EXAMPLES / "onboarding.md")
    assert [s.layout for s in story.scenes] == ["title", "app", "bullets", "image", "end"]
    assert story.voices == {}  # every language gets the best installed voice
    actions = {action["en"].split()[0] for action in story.scenes[1].props["on"].values()}
    assert actions == {"click", "type", "notify"}
    image = Path(story.scenes[3].props["image"])
    assert image.is_absolute() and image == (EXAMPLES / "assets" / "acme_dashboard.png").resolve()


def test_data_story_has_bar_and_line_charts():
    story = load(EXAMPLES / "data_story.md")
    assert [s.props["chart"]["kind"] for s in story.scenes if s.layout == "chart"] == ["bar", "line"]


def test_screenshot_is_a_1600x1000_png():
    data = (EXAMPLES / "assets" / "acme_dashboard.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1600, 1000)
