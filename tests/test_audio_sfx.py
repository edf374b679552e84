"""Sound effects: pure functions of (kind, seed), onsets on sample 0, faded tails, sensible spectra."""

import numpy as np
import pytest

from onetake.measure import onsets
from onetake.render.audio import sound
from onetake.render.audio.sfx import KINDS, SOUNDS, WHOOSH_PEAK_SAMPLES

SR = 48_000
# (shortest, longest) duration in ms, per kind
DURATIONS = {"click": (20, 30), "key": (25, 35), "pop": (60, 100), "ping": (350, 500), "notify": (400, 650),
             "whoosh": (400, 500), "rise": (350, 450)}


def band_share(x: np.ndarray, lo: float, hi: float) -> float:
    """Share of the signal's energy between lo and hi Hz."""
    spectrum = np.abs(np.fft.rfft(x.astype(np.float64), 1 << 16)) ** 2
    f = np.fft.rfftfreq(1 << 16, 1 / SR)
    return float(spectrum[(f >= lo) & (f < hi)].sum() / spectrum.sum())


@pytest.mark.parametrize("kind", KINDS)
def test_sound_is_pure_cached_and_read_only(kind):
    a, b = sound(kind, 7), sound(kind, 7)
    assert a is b and a.dtype == np.float32 and a.ndim == 1
    assert not a.flags.writeable
    assert not np.array_equal(a, sound(kind, 8))  # seeds vary the sound


@pytest.mark.parametrize("kind", KINDS)
def test_duration_level_and_fade_out(kind):
    x = sound(kind, 3)
    lo, hi = DURATIONS[kind]
    assert lo * SR // 1000 <= x.size <= hi * SR // 1000
    peak_db = 20 * np.log10(np.max(np.abs(x)))
    level = SOUNDS[kind].peak_dbfs
    assert level - 0.5 <= peak_db <= level + 6.0  # the body's peak, plus a strike on top
    assert abs(x[-1]) < 1e-4 * np.max(np.abs(x))  # faded to (almost) nothing
    tail = np.abs(x[-3 * SR // 1000:])  # the last 3 ms lie inside the fade: well below the peak
    assert tail.max() < 0.5 * np.abs(x).max()


@pytest.mark.parametrize("kind", [kind for kind in KINDS if SOUNDS[kind].impulsive])
@pytest.mark.parametrize("seed", [0, 1, 12345])
def test_impulsive_onset_is_sample_zero(kind, seed):
    x = sound(kind, seed)
    assert x[0] == 0.0  # no pre-roll and no step: the attack starts from silence on sample 0
    # A clear level within 1 ms (0.5 ms attack), found by the same energy detector the mix tests use.
    assert np.argmax(np.abs(x) > 0.1 * np.abs(x).max()) < SR // 1000
    padded = np.concatenate([np.zeros(SR // 10, np.float32), x, np.zeros(SR // 10, np.float32)])
    found = onsets(padded)
    assert found and abs(found[0] - SR // 10) <= 48


def test_whoosh_builds_to_its_peak_250_ms_after_the_start():
    x = sound("whoosh", 4).astype(np.float64)
    window = SR // 50  # 20 ms energy
    energy = np.convolve(x * x, np.ones(window) / window, mode="same")
    assert abs(int(np.argmax(energy)) - WHOOSH_PEAK_SAMPLES) < SR * 40 // 1000
    assert np.max(np.abs(x[: SR // 20])) < 0.05 * np.max(np.abs(x))  # it swells in: no onset click


def test_spectra_match_their_character():
    assert band_share(sound("click", 0), 1000, 24000) > 0.9  # crisp
    assert min(band_share(sound("key", s), 1000, 24000) for s in range(5)) > 0.8
    assert band_share(sound("pop", 0), 300, 2000) > 0.9  # pitched, soft
    assert band_share(sound("ping", 0), 900, 6000) > 0.9  # bell
    assert band_share(sound("whoosh", 0), 500, 12000) > 0.9  # filtered noise, no rumble


def test_keystrokes_vary_by_seed():
    centroids = []
    for seed in range(6):
        spectrum = np.abs(np.fft.rfft(sound("key", seed), 4096))
        centroids.append(float(np.sum(spectrum * np.arange(spectrum.size)) / spectrum.sum()))
    assert np.std(centroids) > 10  # bins: audibly different brightness, not one sample repeated


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown sound kind 'boing'"):
        sound("boing", 0)


def test_every_sound_the_planner_or_verify_names_is_one_registered_record():
    from onetake.plan.sfx import SOUND_OF
    from onetake.verify.events import ATTACKS

    assert set(SOUND_OF.values()) <= set(KINDS) and set(ATTACKS) <= set(KINDS)
    assert KINDS == tuple(SOUNDS) and all(name == spec.name for name, spec in SOUNDS.items())
    # The whoosh is the one sound that swells in, so it is the one the planner starts early.
    assert [kind for kind in KINDS if not SOUNDS[kind].impulsive] == ["whoosh"]
