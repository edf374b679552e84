"""The verifier's measuring pieces on signals whose answer is known exactly."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from onetake.cli.verify_cmd import thresholds_from
from onetake.errors import OnetakeError
from onetake.timeline import SAMPLE_RATE
from onetake.verify import Thresholds, events, health, narration
from onetake.verify.whisper import align, normalize

RNG = np.random.default_rng(7)


def test_word_alignment_and_error_rate():
    errors, pairs = align(["open", "the", "app", "now"], ["open", "a", "app", "now", "please"])
    assert errors == 2 and pairs == [(0, 0), (2, 2), (3, 3)]
    assert [normalize(w) for w in ("Then,", "3", "Don’t", "2024", "—")] == ["then", "three", "don't", "2024", ""]


@pytest.mark.parametrize("true_onset", [12_000.0, 12_000.25, 12_000.5])
def test_a_sound_is_located_to_a_fraction_of_a_sample(true_onset):
    t = np.arange(2400) / SAMPLE_RATE
    template = np.sin(2 * np.pi * 3000 * t) * np.exp(-t / 0.005) + 0.3 * RNG.standard_normal(t.size) * np.exp(-t / 0.001)
    # Place it at a fractional position (band-limited shift in the frequency domain), under louder noise.
    n = 24_000
    spectrum = np.fft.rfft(np.concatenate([template, np.zeros(n - t.size)]))
    shifted = np.fft.irfft(spectrum * np.exp(-2j * np.pi * np.fft.rfftfreq(n) * true_onset), n)
    mix = shifted + 0.2 * RNG.standard_normal(n)
    onset, match, gain, _ = events.locate(mix, template, 12_100)
    assert abs(onset - true_onset) < 0.1 and match > 0.3 and abs(gain - 1) < 0.1


def test_click_score_flags_a_step_not_a_tone():
    t = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    # A bed-like tone with dither; broadband noise as loud as the step would hide it (see health.py).
    tone = (0.05 * np.sin(2 * np.pi * 220 * t) + 1e-4 * RNG.standard_normal(t.size))[:, None].repeat(2, axis=1)
    at = SAMPLE_RATE // 2
    assert health.click_score(tone, at) < 1.6
    stepped = tone.copy()
    stepped[at:at + SAMPLE_RATE // 10] += 0.01
    assert health.click_score(stepped, at) > Thresholds().click_score


def test_a_word_onset_after_a_pause_is_placed_within_a_few_ms():
    n = SAMPLE_RATE
    t = np.arange(n) / SAMPLE_RATE
    start = 30_000  # a vowel-like burst after 600 ms of quiet music-like hum
    voice = np.zeros(n)
    k = np.arange(n - start) / SAMPLE_RATE
    voice[start:] = 0.3 * np.sin(2 * np.pi * 1200 * k) * np.minimum(1, k / 0.004) * np.exp(-k / 0.3)
    mix = voice + 0.003 * np.sin(2 * np.pi * 110 * t)
    found = narration.onset(narration.envelope_db(mix), start, pause=start - 1000)
    assert found is not None and abs(found - start) <= 3 * SAMPLE_RATE // 1000


def test_thresholds_from_the_command_line():
    assert thresholds_from(["sound_visual_ms=0.5", "click_score=4"]) == Thresholds(sound_visual_ms=0.5, click_score=4.0)
    with pytest.raises(OnetakeError, match="not a number"):
        thresholds_from(["click_score=high"])


def _heavy_modules_after(statement: str) -> list[str]:
    """Which of numpy, scipy and av a fresh interpreter has loaded after running `statement`."""
    probe = f"import sys; {statement}; print(sorted(m for m in ('numpy', 'scipy', 'av') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return eval(done.stdout)


def test_the_public_names_are_pinned_and_load_lazily():
    import onetake.verify as verify_package

    assert verify_package.__all__ == ["CHECKS", "Check", "Material", "SyncReport", "Thresholds",
                                      "load_timeline", "register", "timeline_path", "verify", "write_report"]
    assert all(getattr(verify_package, name) is not None for name in verify_package.__all__)
    assert set(verify_package.__all__) <= set(dir(verify_package))
    with pytest.raises(AttributeError, match="EXTRA_CHECKS"):
        verify_package.EXTRA_CHECKS  # noqa: B018  (gone: every check is in CHECKS, with its order)
    assert _heavy_modules_after("import onetake.verify as v; v.Thresholds") == []


def test_the_thresholds_import_nothing_heavy():
    """The CLI builds `--limit`'s help from them for every command: numpy, scipy and av stay unloaded."""
    assert _heavy_modules_after("import onetake.verify.thresholds") == []
    assert _heavy_modules_after("from onetake.verify.thresholds import Thresholds; Thresholds(click_score=3)") == []


def test_the_built_in_checks_run_in_their_registered_order():
    from onetake.verify import CHECKS, register
    from onetake.verify.registry import in_order

    import onetake.verify.checks  # noqa: F401  (registers them)

    assert [(c.name, c.order) for c in in_order()] == [
        ("sound_visual", 10), ("narration", 20), ("cues", 30), ("lip_sync", 35), ("whisper", 40), ("streams", 50),
        ("loudness", 60), ("true_peak", 70), ("joins", 80), ("ducking", 90)]
    assert [c.name for c in in_order() if c.audio_only] == ["whisper"]  # runs beside the video decoding

    @register("late")
    def late(material):
        raise AssertionError("not run here")

    @register("first", order=0)
    def first(material):
        raise AssertionError("not run here")

    try:
        names = [c.name for c in in_order()]
        assert names[0] == "first" and names[-1] == "late"
    finally:
        del CHECKS["late"], CHECKS["first"]


def test_a_report_over_an_input_is_refused_before_anything_is_measured(tmp_path, monkeypatch, capsys):
    """`onetake verify V --json V` overwrote the video and still said PASS: now one line, exit 1, nothing written."""
    import onetake.verify.run
    from onetake.cli.main import main

    calls = []
    monkeypatch.setattr(onetake.verify.run, "verify", lambda *args, **kwargs: calls.append(args))
    video, timeline = tmp_path / "v.en.mp4", tmp_path / "v.en.timeline.json"
    video.write_bytes(b"the video")
    timeline.write_text("the timeline")
    for flag, target in (("--json", video), ("--png", video), ("--json", timeline), ("--png", timeline)):
        assert main(["verify", str(video), "--no-whisper", flag, str(target)]) == 1
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "overwrite an input" in err and str(target) in err
    assert not calls  # refused before measuring
    assert video.read_bytes() == b"the video" and timeline.read_text() == "the timeline"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.en.mp4", "v.en.timeline.json"]


def _voiced(n: int) -> np.ndarray:
    """A loud vowel-like voice: harmonics of a gliding 110-190 Hz pitch under three formants."""
    t = np.arange(n) / SAMPLE_RATE
    f0 = 150 + 40 * np.sin(2 * np.pi * 1.3 * t)
    phase = 2 * np.pi * np.cumsum(f0) / SAMPLE_RATE
    out = np.zeros(n)
    for h in range(1, 40):
        f = h * 150
        weight = sum(np.exp(-((f - c) / 180) ** 2) * a for c, a in ((700, 1.0), (1200, 0.6), (2600, 0.35))) + 0.02
        out += weight * np.sin(h * phase) / h**0.5
    return 0.3 * out / np.abs(out).max()


def test_a_bell_under_loud_speech_is_found_after_whitening():
    """A ping 20 dB under a voice is placed to the sample when matched whitened, not by chance elsewhere."""
    from onetake.render.audio import sound

    template = np.asarray(sound("ping", 5), np.float64)
    n, at = 4 * SAMPLE_RATE, 2 * SAMPLE_RATE
    voice = _voiced(n)
    mix = voice.copy()
    mix[at:at + template.size] += 0.1 * template * np.abs(voice).max() / np.abs(template).max()
    onset, match, _, _ = events.locate(mix, template, at + 300, tonal=True)
    plain = events.locate(mix, template, at + 300)[1]
    assert abs(onset - at) < 0.5 and match > events.MIN_MATCH and match > 2 * plain
    assert events.locate(voice, template, at + 300, tonal=True)[1] < events.MIN_MATCH
