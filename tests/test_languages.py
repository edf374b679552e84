"""Six languages and four scripts rendered for real and read back from the file (tests/data/world.md).

Every cue's action is on the frame of its first word as heard, every sound on its frame, captions
start on their words, and the listener (where one applies) understands the narration.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from onetake.run.pipeline import render
from onetake.settings import RenderSettings
from onetake.storyboard import load
from onetake.timeline import SAMPLE_RATE
from onetake.timeline.captions import timeline_captions
from onetake.verify import verify

WORLD = Path(__file__).parent / "data" / "world.md"
LANGS = ("es", "de", "ja", "zh", "ar", "hi")


@pytest.fixture(scope="module", params=LANGS)
def rendered(request, tmp_path_factory, voice_cache):
    settings = RenderSettings(lang=request.param, preset="ultrafast", cache_dir=voice_cache)
    result = render(load(WORLD), tmp_path_factory.mktemp(f"world_{request.param}"), settings)
    return result, verify(result.video, result.timeline)


def test_every_cue_and_sound_is_on_its_frame(rendered):
    result, report = rendered
    cues, sounds = report.check("cues"), report.check("sound_visual")
    assert cues.passed and len(cues.data["records"]) == 4, cues.summary
    assert sounds.passed, sounds.data["problems"]
    assert report.check("narration").passed is not False


def test_the_listener_understands_the_narration_where_it_applies(rendered):
    _, report = rendered
    heard = report.check("whisper")
    assert heard.passed is not False, heard.summary


def test_captions_start_on_their_words_and_hold_every_word(rendered):
    result, _ = rendered
    captions = timeline_captions(result.timeline)
    words = [w for line in result.timeline.lines for w in line.words]
    assert [w for c in captions for w in c.words] == words
    srt = Path(f"{result.video.with_suffix('')}.srt").read_text(encoding="utf-8")
    starts = re.findall(r"(\d\d):(\d\d):(\d\d),(\d\d\d) -->", srt)
    assert len(starts) == len(captions)
    for caption, (h, m, s, ms) in zip(captions, starts):
        written = ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms)
        assert abs(written - caption.start * 1000 / SAMPLE_RATE) <= 1  # on its first word, to the ms
