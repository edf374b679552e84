"""The mastered programme: loudness target, true-peak ceiling, limiter behaviour, purity, onsets."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onetake.assets import AssetStore
from onetake.measure import LoudnessMeter, integrated_lufs, onsets, peak_envelope, true_peak_dbtp
from onetake.render.audio import master_gain_db, premaster, samples, sound
from onetake.render.audio.loudness import gain_for_target, whole
from onetake.render.audio.master import limit, limiter_gain
from onetake.timeline import Fps, Line, Music, SoundEvent, Timeline
from onetake.render.audio.sfx import KINDS

from audio_helpers import SR, put_pcm, speech


@pytest.fixture(scope="module")
def programme(tmp_path_factory):
    """12 s: three lines with pauses between them, sounds of every kind, the warm bed."""
    assets = AssetStore(tmp_path_factory.mktemp("assets"))
    lines, pos = [], SR
    for i, seconds in enumerate((2.5, 3.0, 2.0)):
        pcm = speech(seconds, i, level=0.2)
        lines.append(Line(id=f"l{i}", scene=0, text="…", start=pos, end=pos + pcm.size, audio=put_pcm(assets, pcm)))
        pos += pcm.size + int(1.5 * SR)
    pauses = [(a.end, b.start) for a, b in zip(lines, lines[1:])]
    click_at = (pauses[0][0] + pauses[0][1]) // 2 + 17  # in a pause, on an odd sample
    sounds = [SoundEvent("click", click_at, pan=-0.3, seed=11)]
    sounds += [SoundEvent(kind, lines[0].start + (i + 1) * SR // 3, pan=0.2, seed=i) for i, kind in enumerate(KINDS)]
    sounds.append(SoundEvent("pop", pauses[1][0] + SR // 2 + 5, seed=3))
    tl = Timeline("t", "en", 320, 180, Fps(30), 12 * SR, lines=tuple(lines), sound_events=tuple(sounds),
                  music=Music(mood="warm"))
    return tl.with_(master_gain_db=master_gain_db(tl, assets=assets)), click_at, assets


# ---------------------------------------------------------------- loudness and peak


@pytest.mark.parametrize("target", [-16.0, -14.0])
def test_loudness_target_and_true_peak(programme, target):
    tl, _, assets = programme
    if target != -16.0:
        tl = tl.with_(master_gain_db=master_gain_db(tl, target_lufs=target, assets=assets))
    x = samples(tl, 0, tl.duration, assets)
    assert x.dtype == np.float32 and x.shape == (tl.duration, 2)
    assert integrated_lufs(x) == pytest.approx(target, abs=0.5)
    assert true_peak_dbtp(x) <= -1.5


def test_the_solver_brings_a_signal_in_memory_to_its_target(programme):
    """The one solver `master_gain_db` uses, fed one block: what the verifier's test clip masters with."""
    tl, _, assets = programme
    x = premaster(tl, 0, tl.duration, assets)
    for target, ceiling in ((-16.0, -2.0), (-14.0, -2.5)):
        gain = gain_for_target(whole(x), target, ceiling_dbtp=ceiling)
        y = limit(x * np.float32(10 ** (gain / 20)), ceiling)
        assert integrated_lufs(y) == pytest.approx(target, abs=0.05)
        assert true_peak_dbtp(y) <= ceiling + 0.01
    # Fed the premaster whole or in the renderer's blocks, the solver finds the same gain.
    assert gain_for_target(whole(x), -16.0) == pytest.approx(tl.master_gain_db, abs=0.05)
    assert gain_for_target(whole(np.zeros((SR, 2), np.float32)), -16.0) == 0.0


def test_silence_masters_to_silence():
    tl = Timeline("t", "en", 320, 180, Fps(30), 2 * SR, music=Music(enabled=False))
    assert master_gain_db(tl) == 0.0  # a timeline without clips needs no asset store
    assert not np.any(samples(tl, 0, tl.duration))


def test_zero_outside_the_programme(programme):
    tl, _, assets = programme
    x = samples(tl, -1000, 1000, assets)
    assert not np.any(x[:1000]) and np.array_equal(x[1000:], samples(tl, 0, 1000, assets))
    assert not np.any(samples(tl, tl.duration, tl.duration + 500, assets))


# ---------------------------------------------------------------- purity


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.lists(st.integers(min_value=-SR // 10, max_value=12 * SR + SR // 10), max_size=6))
def test_chunked_rendering_equals_whole(programme, cuts):
    tl, _, assets = programme
    loud = tl.with_(master_gain_db=tl.master_gain_db + 8.0)  # drive the limiter hard across the cuts
    lo, hi = -SR // 10, tl.duration + SR // 10
    bounds = sorted({lo, hi, *cuts})
    whole = _whole(loud.master_gain_db, loud, assets)
    chunked = np.concatenate([samples(loud, a, b, assets) for a, b in zip(bounds, bounds[1:])])
    assert chunked.shape == whole.shape
    assert np.max(np.abs(chunked - whole)) <= 1e-6


_WHOLE: dict = {}


def _whole(key, tl, assets):
    """The whole render, computed once per gain (Hypothesis calls the test many times)."""
    if key not in _WHOLE:
        _WHOLE[key] = samples(tl, -SR // 10, tl.duration + SR // 10, assets)
    return _WHOLE[key]


def test_the_limiter_is_at_work_in_the_purity_test(programme):
    tl, _, assets = programme
    loud = tl.with_(master_gain_db=tl.master_gain_db + 8.0)
    gained = premaster(loud, 0, tl.duration, assets) * np.float32(10 ** (loud.master_gain_db / 20))
    assert np.mean(limiter_gain(peak_envelope(gained)) < 0.9) > 0.01  # else chunk equality proves little


# ---------------------------------------------------------------- onsets


def test_click_onset_in_the_mastered_mix(programme):
    tl, click_at, assets = programme
    x = samples(tl, 0, tl.duration, assets)
    window = x[click_at - SR // 5:click_at + SR // 5]  # the pause around it still holds the music bed
    found = [click_at - SR // 5 + i for i in onsets(window)]
    assert found, "no onset found"
    assert min(abs(f - click_at) for f in found) <= 48
    assert found[0] >= click_at - 48  # and nothing earlier in the pause reads as an onset


def test_pop_onset_in_the_mastered_mix(programme):
    tl, _, assets = programme
    pop = tl.sound_events[-1]
    x = samples(tl, pop.at - SR // 5, pop.at + SR // 5, assets)
    found = [pop.at - SR // 5 + i for i in onsets(x)]
    assert found and abs(found[0] - pop.at) <= 48


# ---------------------------------------------------------------- the limiter


def loud_sine(f=220.0, seconds=1.0):
    """A -12 dBFS sine with smooth 100 ms swells to +6 dBFS: the limiter must pull each one down."""
    n = np.arange(int(seconds * SR))
    swell = np.clip(np.sin(2 * np.pi * 4 * n / SR), 0, None) ** 2  # raised-cosine bursts, 4 per second
    amp = 0.25 + 1.75 * swell
    return (amp * np.sin(2 * np.pi * f * n / SR)).astype(np.float32)[:, None].repeat(2, axis=1), f


def sine_residual(y: np.ndarray, f: float) -> float:
    """For a pure sine, y[n+1] - 2y[n] + y[n-1] = -4 sin^2(w/2) y[n] exactly; what is left is a click."""
    w = 2 * np.pi * f / SR
    y = y[:, 0].astype(np.float64)
    return float(np.max(np.abs(y[2:] - 2 * y[1:-1] + y[:-2] + 4 * np.sin(w / 2) ** 2 * y[1:-1])))


def test_limiter_never_increases_level_and_holds_the_ceiling():
    x, _ = loud_sine()
    y = limit(x)
    assert np.all(np.abs(y) <= np.abs(x) + 1e-7)
    assert true_peak_dbtp(y) <= -1.5
    quiet = x * np.float32(0.1)
    assert np.array_equal(limit(quiet), quiet)  # below the ceiling: untouched


def test_limiter_gain_is_at_most_the_required_gain_everywhere():
    rng = np.random.default_rng(0)
    peaks = np.abs(rng.standard_normal(SR)) * 0.6
    g = limiter_gain(peaks, ceiling_dbtp=-1.5)
    required = np.minimum(1.0, 10 ** (-1.5 / 20) / peaks)
    assert np.all(g <= required + 1e-12) and np.all(g <= 1.0)


def test_limiter_leaves_no_clicks():
    x, f = loud_sine()
    y = limit(x)
    assert sine_residual(x, f) < 2e-4  # the swells themselves are smooth
    assert np.max(np.abs(y)) < 0.5 * np.max(np.abs(x))  # the limiter is working hard here
    assert sine_residual(y, f) < 2e-4
    # The same check catches limiters that click: hard clipping, or a gain that steps by 1 %.
    assert sine_residual(np.clip(x, -0.84, 0.84), f) > 1e-2
    stepped = y.copy()
    stepped[int(np.argmax(np.abs(y[:, 0]))):] *= np.float32(0.99)
    assert sine_residual(stepped, f) > 1e-3


# ---------------------------------------------------------------- meters


def test_true_peak_sees_between_samples():
    n = np.arange(SR)
    x = np.sin(2 * np.pi * (SR / 4) * n / SR + np.pi / 4)  # samples at +-0.707, the wave peaks at 1
    assert 20 * np.log10(np.max(np.abs(x))) == pytest.approx(-3.01, abs=0.01)
    assert true_peak_dbtp(x[100:-100]) == pytest.approx(0.0, abs=0.2)


def test_integrated_lufs_of_a_reference_tone():
    n = np.arange(5 * SR)
    tone = 0.1 * np.sin(2 * np.pi * 1000 * n / SR)
    assert integrated_lufs(np.stack([tone, tone], axis=1)) == pytest.approx(-20.0, abs=0.1)
    assert integrated_lufs(np.zeros((SR, 2))) == float("-inf")


# ---------------------------------------------------------------- listen by numbers


def test_listen_by_numbers(programme):
    """Print what a listener would check; `pytest -s` shows it."""
    tl, _, assets = programme
    x = samples(tl, 0, tl.duration, assets)
    found = onsets(x)
    print(f"\nprogramme: {integrated_lufs(x):.2f} LUFS, {true_peak_dbtp(x):.2f} dBTP, "
          f"master gain {tl.master_gain_db:+.2f} dB")
    for event in tl.sound_events:
        near = [f - event.at for f in found if abs(f - event.at) < SR // 20]
        print(f"  {event.kind:7s} at {event.at:7d}  onset offsets {near}")
    f = np.fft.rfftfreq(1 << 15, 1 / SR)
    click = np.abs(np.fft.rfft(sound("click", 0), 1 << 15)) ** 2
    assert click[f > 1000].sum() / click.sum() > 0.9
    bed = premaster(tl.with_(lines=(), sound_events=()), 2 * SR, 10 * SR, assets)
    pad = np.abs(np.fft.rfft(bed[:, 0] + bed[:, 1])) ** 2
    assert pad[np.fft.rfftfreq(bed.shape[0], 1 / SR) < 2000].sum() / pad.sum() > 0.95


def test_block_meter_equals_pyloudnorm_on_the_whole_signal():
    """The constant-memory meter mastering uses gives pyloudnorm's value, whatever the pieces."""
    import pyloudnorm

    rng = np.random.default_rng(7)
    n = SR * 7 + 1234
    x = np.stack([speech(n / SR, 1, level=0.2), speech(n / SR, 2, level=0.1)], axis=1)[:n]
    x[SR * 2:SR * 3] = 0  # a silent stretch the gates must drop
    meter = LoudnessMeter()
    cuts = np.sort(rng.integers(0, len(x), 9))
    for a, b in zip(np.r_[0, cuts], np.r_[cuts, len(x)]):
        meter.add(x[a:b])
    expected = pyloudnorm.Meter(SR).integrated_loudness(x.astype(np.float64))
    assert meter.integrated() == pytest.approx(expected, abs=1e-9)


def test_the_mux_reuses_the_premaster_the_gain_was_solved_on(programme):
    tl, _, assets = programme
    kept = []
    assert master_gain_db(tl, assets=assets, kept=kept) == pytest.approx(tl.master_gain_db, abs=1e-9)
    assert kept and sum(block.length for block in kept) == tl.duration
    step = 10 * SR  # as the mux asks for it
    for a in range(0, tl.duration, step):
        b = min(a + step, tl.duration)
        again = samples(tl, a, b, assets, premixed=kept)
        assert np.max(np.abs(again - samples(tl, a, b, assets))) <= 1e-6
    silent = [type(block)(np.zeros_like(block.x), block.margin, block.length) for block in kept]
    assert not samples(tl, 0, step, assets, premixed=silent).any()  # the kept blocks are what is played
