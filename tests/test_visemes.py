"""Mouth shapes from phoneme timings: the IPA table, the smoothing, and real engines' phonemes (en, es, ja, hi)."""

from __future__ import annotations

import pytest

from onetake.lipsync import VISEMES
from onetake.plan.visemes import PAUSE_MS, shown_on, track, viseme_at, viseme_of
from onetake.timeline import Fps, Phoneme, ms_to_samples

FPS = Fps(30)
FRAME = FPS.frame_samples  # 1600 samples


@pytest.mark.parametrize("symbol,viseme", [
    ("p", "A"), ("b", "A"), ("m", "A"), ("bʲ", "A"), ("ˈa", "D"), ("aː", "D"), ("ɑ", "D"), ("eː", "C"),
    ("ə", "C"), ("i", "B"), ("s", "B"), ("k", "B"), ("ʨ", "B"), ("o", "E"), ("ɔː", "E"), ("ˈu", "F"), ("w", "F"),
    ("f", "G"), ("v", "G"), ("l", "H"), ("ð", "H"), ("t̪", "B"), ("dˤ", "B"), ("ˈĩ", "B"), ("ɡ", "B"),
])
def test_each_phoneme_maps_to_its_viseme(symbol, viseme):
    assert viseme_of(symbol) == viseme


@pytest.mark.parametrize("symbol", ["ˈ", "ˌ", "ː", "", " ", ",", "."])
def test_marks_and_punctuation_have_no_shape_of_their_own(symbol):
    assert viseme_of(symbol) is None


def _ph(*items):
    """(symbol, start ms, length ms) -> Phonemes."""
    return [Phoneme(s, ms_to_samples(a), ms_to_samples(a + d)) for s, a, d in items]


def test_bilabials_close_on_their_first_sample_and_pauses_rest():
    changes = track(_ph(("m", 100, 60), ("a", 160, 120), ("p", 280, 50), ("a", 330, 100),
                        ("b", 430 + PAUSE_MS, 60), ("o", 490 + PAUSE_MS, 90)), FPS)
    starts = {(v.shape, v.start) for v in changes}
    assert ("A", ms_to_samples(100)) in starts and ("A", ms_to_samples(280)) in starts
    assert ("X", ms_to_samples(430)) in starts  # the pause closes the mouth where the last sound ends
    assert ("A", ms_to_samples(430 + PAUSE_MS)) in starts
    assert changes[0].shape == "X" and changes[0].start == 0 and changes[-1].shape == "X"


def test_a_short_gap_holds_the_shape_and_a_short_sound_gives_way_to_the_next():
    changes = track(_ph(("a", 100, 100), ("s", 250, 10), ("o", 260, 100)), FPS)  # 50 ms gap, 10 ms "s"
    assert [v.shape for v in changes] == ["X", "D", "E", "X"]
    assert changes[2].start == ms_to_samples(250)  # "o" looks ahead: it starts where "s" would have


def test_a_closure_shorter_than_a_frame_is_still_shown_for_one():
    changes = track(_ph(("a", 100, 100), ("p", 200, 15), ("a", 215, 100)), FPS)
    closure = next(i for i, v in enumerate(changes) if v.shape == "A")
    assert changes[closure].start == ms_to_samples(200)
    assert changes[closure + 1].start - changes[closure].start >= FRAME
    n = FPS.frame_at(changes[closure].start)
    assert shown_on(changes, FPS, n) == "A"  # drawn on the frame that holds its first sample


def test_stress_and_length_marks_join_their_sounds():
    # Piper times "ˈ" before a vowel and "ː" after it as tokens of their own.
    changes = track(_ph(("k", 100, 50), ("ˈ", 150, 40), ("ɑ", 190, 80), ("ː", 270, 60), ("m", 330, 60)), FPS)
    assert [(v.shape, v.start) for v in changes[1:4]] == [("B", ms_to_samples(100)), ("D", ms_to_samples(150)),
                                                         ("A", ms_to_samples(330))]


def test_viseme_at_reads_the_held_shape():
    changes = track(_ph(("a", 100, 100), ("m", 200, 100)), FPS)
    assert viseme_at(changes, 0) == "X"
    assert viseme_at(changes, ms_to_samples(150)) == "D"
    assert viseme_at(changes, ms_to_samples(250)) == "A"


@pytest.mark.parametrize("voice,lang,text", [
    ("joe", "en", "Maya opens the map, then picks a bright blue button."),
    ("kokoro:es", "es", "Maya abre el mapa y pulsa un botón azul."),
    ("kokoro:ja", "ja", "マヤは地図を開いて、青いボタンを押します。"),
    ("kokoro:hi", "hi", "माया नक्शा खोलती है, फिर बटन दबाती है।"),
])
def test_real_voices_give_smooth_tracks_that_close_on_every_bilabial(voice, lang, text, voice_cache):
    from onetake.assets import AssetStore
    from onetake.plan.voice.cache import VoiceCache

    cache = VoiceCache(voice_cache / "voice", assets=AssetStore(voice_cache / "assets"))
    speech = cache.speak(voice, text, 1.0, lang=lang)
    phonemes = [Phoneme(p.text, p.start, p.end) for p in speech.phonemes]
    changes = track(phonemes, FPS)
    assert all(v.shape in VISEMES for v in changes)
    assert len(changes) >= 10
    starts = [v.start for v in changes]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    # Every bilabial is closed from its own first sample (a stress mark before it: from the mark's).
    bilabials = [p for p in phonemes if viseme_of(p.symbol) == "A"]
    assert len(bilabials) >= 2, [p.symbol for p in phonemes]
    for p in bilabials:
        assert viseme_at(changes, p.start) == "A", (p.symbol, p.start)
    # No flicker: every shape but the last rest lasts at least a frame, so each is drawn on a frame.
    for this, after in zip(changes, changes[1:]):
        assert after.start - this.start >= FRAME or this.start == 0, (this, after)
        assert shown_on(changes, FPS, FPS.frame_at(after.start)) == after.shape
    # Every change starts on a phoneme's start (or within a frame after it, past a held closure).
    phoneme_starts = [p.start for p in phonemes]
    for v in changes[1:]:
        if v.shape != "X":
            assert min(abs(v.start - s) for s in phoneme_starts) < FRAME, v
