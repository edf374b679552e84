"""The music bed: seamless loop, absolute-phase rendering, fades, level, spectrum."""

import numpy as np
import pytest

from onetake.measure import integrated_lufs, onsets
from onetake.render.audio.music import FADE_IN, FADE_OUT, MOODS, bed, loop
from onetake.timeline import Music

SR = 48_000


def test_any_range_renders_identically():
    music, duration = Music(mood="warm"), 100 * SR  # longer than the loop: crosses its seam
    whole = bed(music, duration, 0, duration)
    p = loop("warm", 0).shape[0]
    for s0, s1 in [(p - 5000, p + 5000), (12345, 12346), (3 * SR, 3 * SR + 777), (duration - SR, duration + 99)]:
        part = bed(music, duration, s0, s1)
        assert np.array_equal(part[: max(0, min(s1, duration) - s0)], whole[s0:min(s1, duration)])
    assert not np.any(bed(music, duration, duration, duration + 500))
    assert not np.any(bed(music, duration, -500, 0))


def test_loop_is_seamless():
    x = loop("warm", 0).astype(np.float64)
    steps = np.abs(np.diff(np.concatenate([x, x[:1]]), axis=0))
    assert steps[-1].max() <= np.percentile(steps, 99.99)  # the wrap is no bigger a step than any other


def test_fades_at_programme_edges():
    duration = 20 * SR
    x = bed(Music(), duration, 0, duration)
    rms = lambda a, b: float(np.sqrt(np.mean(x[a:b].astype(np.float64) ** 2)))  # noqa: E731
    assert np.abs(x[:10]).max() < 1e-4 and np.abs(x[-10:]).max() < 1e-4
    assert rms(0, SR // 10) < 0.2 * rms(FADE_IN, FADE_IN + SR)
    assert rms(duration - SR // 10, duration) < 0.2 * rms(duration - FADE_OUT - SR, duration - FADE_OUT)


@pytest.mark.parametrize("mood", list(MOODS))
def test_each_mood_is_a_low_steady_bed_at_its_level(mood):
    duration = 40 * SR
    x = bed(Music(mood=mood, gain_db=-20.0), duration, 0, duration)
    assert integrated_lufs(x[5 * SR:35 * SR]) == pytest.approx(-20.0, abs=1.5)
    spectrum = np.abs(np.fft.rfft(x[:, 0] + x[:, 1])) ** 2
    f = np.fft.rfftfreq(x.shape[0], 1 / SR)
    assert spectrum[f < 2000].sum() / spectrum.sum() > 0.98  # a pad: out of the voice's presence band
    # No sharp attacks: nothing that an onset detector at a strict threshold mistakes for an interface sound.
    assert onsets(x) == []


def test_seed_and_mood_change_the_music():
    a = loop("warm", 0)
    assert not np.array_equal(a[:SR], loop("warm", 1)[:SR])
    assert loop("tense", 0).shape != a.shape or not np.array_equal(a[:SR], loop("tense", 0)[:SR])


def test_disabled_and_unknown():
    assert not np.any(bed(Music(enabled=False), 10 * SR, 0, 10 * SR))
    with pytest.raises(ValueError, match="unknown music mood 'jazzy'"):
        loop("jazzy", 0)


@pytest.mark.parametrize("seconds", [1.0, 3.0])
def test_short_programme_gets_both_fades_once(seconds):
    duration = int(seconds * SR)
    x = bed(Music(gain_db=-20.0), duration, 0, duration)
    expected = loop("warm", 0)[:duration] * np.float32(10 ** (-20 / 20))
    from onetake.render.audio.music import envelope

    np.testing.assert_allclose(x, expected * envelope(duration, 0, duration)[:, None], atol=1e-7)
