"""Kokoro-82M from its PyPI parts: assembled without a download, timed by its own durations, deterministic."""

from __future__ import annotations

import numpy as np
import pytest

from onetake.plan.voice import check_voice
from onetake.plan.voice.g2p import phonemize
from onetake.plan.voice.kokoro import KokoroModel, KokoroVoice, model_file, styles
from onetake.plan.voice.registry import KOKORO_STYLES


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> KokoroModel:
    return KokoroModel(tmp_path_factory.mktemp("models"))


def test_the_model_is_made_from_the_packages_and_a_damaged_copy_is_made_again(model, tmp_path):
    made = model_file(tmp_path)
    size = made.stat().st_size
    assert size > 90_000_000 and made.with_suffix(".sha256").is_file()
    made.write_bytes(made.read_bytes()[:1000])  # truncated
    assert model_file(tmp_path).stat().st_size == size


@pytest.mark.parametrize("lang, words", [
    ("ja", ["まず", "設定アイコンを", "クリックして、", "保存します。"]),
    ("zh", ["点击", "设置", "图标，", "然后", "保存。"]),
    ("es", ["Primero,", "pulsa", "el", "icono", "de", "ajustes."]),
])
def test_every_word_is_timed_inside_the_clip_and_the_voice_repeats_itself(model, lang, words):
    voice = KokoroVoice(f"kokoro:{lang}", model)
    pcm, timed, phonemes = voice.synthesize(words, 1.0)
    assert pcm.dtype == np.float32 and pcm.size > 48_000
    assert [w.text for w in timed] == words
    starts = [w.start for w in timed]
    assert starts == sorted(starts) and all(0 <= w.start < w.end <= pcm.size for w in timed)
    assert len(phonemes) > len(words)
    # Speech is where the words say: quiet before the first word, sound inside it.
    rms = lambda a, b: float(np.sqrt(np.mean(pcm[a:b] ** 2)))  # noqa: E731
    assert rms(0, max(1, timed[0].start - 2400)) < 0.1 * rms(timed[0].start, timed[-1].end)
    again, _, _ = voice.synthesize(words, 1.0)
    assert np.array_equal(pcm, again)  # bit-identical


def test_a_latin_word_in_japanese_is_read_not_spelled():
    assert phonemize(["Acmeの", "設定を"], "ja").startswith("ˈækmi")  # not エー・シー・エム・イー
    assert phonemize(["PDFを"], "ja").startswith("pʲiːdʲiː")  # a short acronym is spelled, as people say it


def test_voice_ids_are_checked_without_loading_the_model():
    assert check_voice("kokoro:ja", "ja") is None and check_voice("kokoro:es:jm_kumo", "es") is None
    assert "does not speak 'de'" in check_voice("kokoro:de", "de")
    assert "no style 'robot'" in check_voice("kokoro:ja:robot", "ja")
    assert "speaks 'ja', not 'zh'" in check_voice("kokoro:ja", "zh")
    assert KOKORO_STYLES == styles()  # the registry's list is the package's
