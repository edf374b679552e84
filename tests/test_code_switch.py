"""Code-switching: `<span lang="ja">…</span>` inside a sentence, spoken by that language's voice."""

from __future__ import annotations

import numpy as np
import pytest

from onetake.assets import AssetStore
from onetake.errors import StoryboardError, VoiceError
from onetake.plan import plan, preflight
from onetake.plan.voice import VoiceCache
from onetake.plan.voice.join import JOIN_PAUSE
from onetake.settings import RenderSettings
from onetake.storyboard import parse, parse_json, to_json

STORY = """---
title: Code switch
resolution: 320x180
music: false
---

# Cheer them on
layout: bullets
items:
  cheer: Say it in Japanese
  team: To your whole team

When the launch goes well, just say <span lang="ja">{cheer:がんばって}</span> to your {team:whole team}.
"""


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    root = tmp_path_factory.mktemp("switch")
    cache = VoiceCache(root / "voice", assets=AssetStore(root / "assets"))
    return plan(parse(STORY), RenderSettings(lang="en"), cache=cache), cache.assets


def test_the_span_is_spoken_by_the_other_voice_with_continuous_timing(planned):
    timeline, assets = planned
    (line,) = timeline.lines
    words = [w.text for w in line.words]
    assert words == "When the launch goes well, just say がんばって to your whole team.".split()
    k = words.index("がんばって")
    before, span, after = line.words[k - 1], line.words[k], line.words[k + 1]
    assert span.start - before.end == JOIN_PAUSE and after.start - span.end == JOIN_PAUSE  # no gap, no overlap
    pcm = np.load(assets.path(line.audio))
    rms = lambda w: float(np.sqrt(np.mean(pcm[w.start - line.start:w.end - line.start] ** 2)))  # noqa: E731
    assert rms(span) > 0.3 * rms(before)  # the span is voiced, at the level of its sentence
    cue = timeline.cue(0, "cheer")
    assert cue.start == span.start  # a cue inside the span lands on its word


def test_a_span_survives_the_json_form():
    story = parse(STORY)
    again = parse_json(to_json(story))
    assert again.scenes[0].beats[0].narration["en"].spans == story.scenes[0].beats[0].narration["en"].spans


def test_a_span_without_a_voice_or_closing_tag_says_where():
    with pytest.raises(VoiceError) as caught:
        preflight(parse(STORY.replace('lang="ja"', 'lang="tlh"'), "s.md"), "en")
    assert str(caught.value).startswith('s.md:13:37: <span lang="tlh">: no installed voice speaks')
    with pytest.raises(StoryboardError, match=r"s.md:13:37: unclosed <span"):
        parse(STORY.replace("</span>", ""), "s.md")
