"""Prosody from the arc: rates, pauses inserted sample-exactly with every timing moved, emphasis lifted;
and the arc itself (written moods kept, estimates from words, layout and place)."""

from __future__ import annotations

import numpy as np
import pytest

from audio_helpers import SR, put_pcm
from onetake.assets import AssetStore
from onetake.plan.arc import Beat, arc
from onetake.plan.prosody import EMPHASIS_GAIN_DB, EMPHASIS_PAUSE, SENTENCE_PAUSE, pauses, rate_of, shape
from onetake.plan.voice.base import Speech, TimedUnit
from onetake.storyboard import parse
from onetake.storyboard.model import MOODS, Narration

CALM = Beat("calm", 0.3, True)


def tone_words(lengths: list[int], gap: int) -> tuple[np.ndarray, list[TimedUnit]]:
    """A clip of tone bursts, one per word, `gap` samples of silence between them."""
    pcm, words, at = [], [], 0
    for k, n in enumerate(lengths):
        t = np.arange(n) / SR
        pcm += [0.2 * np.sin(2 * np.pi * (200 + 50 * k) * t) * np.hanning(n), np.zeros(gap)]
        words.append(TimedUnit(f"w{k}", at, at + n))
        at += n + gap
    return np.concatenate(pcm).astype(np.float32), words


def test_rates_follow_mood_and_energy_within_bounds():
    rates = {mood: rate_of(Beat(mood, 0.5, True)) for mood in MOODS}
    assert rates["urgent"] > rates["upbeat"] > rates["warm"] > rates["calm"] > rates["serious"]
    assert rate_of(Beat("urgent", 1.0, True)) > rates["urgent"] > rate_of(Beat("urgent", 0.0, True))
    assert all(0.88 <= rate_of(Beat(m, e, True)) <= 1.12 for m in MOODS for e in (0.0, 1.0))


def test_pauses_after_sentences_and_before_emphasis():
    text = "One two. Three four five."
    n = Narration("en", text, emphasis=((text.index("four"), text.index("four") + 4),))
    assert pauses(n, CALM) == [(2, round(SENTENCE_PAUSE["calm"] * SR)), (3, round(EMPHASIS_PAUSE * SR))]


def test_shape_inserts_silence_and_moves_every_timing_exactly(tmp_path):
    assets = AssetStore(tmp_path)
    pcm, words = tone_words([4800, 6000, 5200, 4000], gap=2400)
    phonemes = tuple(TimedUnit(w.text + "a", w.start, (w.start + w.end) // 2) for w in words)
    speech = Speech(put_pcm(assets, pcm), pcm.size, tuple(words), phonemes)
    text = "Go on. Now *this* one"  # a sentence pause before word 2, an emphasis pause before word 3
    n = Narration("en", text.replace("*", ""), emphasis=((11, 15),))
    out = shape(speech, n, CALM, assets)
    sentence, stress = round(SENTENCE_PAUSE["calm"] * SR), round(EMPHASIS_PAUSE * SR)
    assert out.samples == pcm.size + sentence + stress
    shifts = [0, 0, sentence, sentence + stress]
    assert [(w.start, w.end) for w in out.words] == [(w.start + s, w.end + s) for w, s in zip(words, shifts)]
    assert [(p.start, p.end) for p in out.phonemes] == [(p.start + s, p.end + s) for p, s in zip(phonemes, shifts)]
    y = np.load(assets.path(out.audio))
    # the pause is silence in the gap between the words, and every word keeps its exact samples ...
    mid = (words[1].end + words[2].start) // 2
    assert not y[mid + 240:mid + sentence - 240].any()
    for k in (0, 1, 2):
        w, s = words[k], shifts[k]
        assert np.array_equal(y[w.start + s:w.end + s], pcm[w.start:w.end])
    # ... but the stressed one, EMPHASIS_GAIN_DB louder inside its 10 ms ramps
    w, s = words[3], shifts[3]
    inner = slice(w.start + 480, w.end - 480)
    ratio = y[w.start + s + 480:w.end + s - 480] / np.where(pcm[inner] == 0, 1, pcm[inner])
    assert np.allclose(ratio[pcm[inner] != 0], 10 ** (EMPHASIS_GAIN_DB / 20), rtol=1e-5)


def test_a_line_without_pauses_or_emphasis_is_left_alone(tmp_path):
    assets = AssetStore(tmp_path)
    pcm, words = tone_words([4800, 4800], gap=1000)
    speech = Speech(put_pcm(assets, pcm), pcm.size, tuple(words), ())
    assert shape(speech, Narration("en", "plain words"), CALM, assets) is speech


STORY = """---
title: T
---

# Welcome
layout: title

Hello and welcome, team.

# The problem
layout: title

A data breach is a serious risk: protect your privacy and security.

# More
layout: title

It goes on, with one or two words.

# Urgent
layout: title
mood: urgent
energy: 0.9

Stop.

# Done
layout: end
cta: Go

You are ready: launch it today!
"""


def test_the_arc_keeps_what_is_written_and_estimates_the_rest():
    beats = arc(parse(STORY))
    assert [b.mood for b in beats] == ["warm", "serious", "serious", "urgent", "triumphant"]
    assert [b.written for b in beats] == [False, False, False, True, False]
    assert beats[3].energy == 0.9
    assert beats[4].energy > 0.75  # an exclamation lifts it
    assert dict(beats[1].scores)["serious"] >= 5  # the evidence is kept, for the summary


@pytest.mark.parametrize("mood", MOODS)
def test_a_front_matter_mood_colours_unmarked_scenes(mood):
    story = parse(f"---\ntitle: T\nmusic: {mood}\n---\n\n# A\nlayout: title\n\nSome words.\n")
    assert arc(story)[0].mood == mood
