"""Ambience beds: pure in their range, calibrated, recognisable, crossfaded with equal power, and
following a placed source's pan and the camera's closeness."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import signal

from onetake.measure import integrated_lufs
from onetake.render.audio.ambience import (
    FADE_SAMPLES, KINDS, NEAR_BOOST_DB, SERVER_HUM_HZ, Zone, ambience, loudness_of,
)
from onetake.render.audio.ambience.kinds import render_block, source
from onetake.render.audio.ambience.synth import BLOCK, TILE
from onetake.render.audio.mix import pan_gains
from onetake.timeline import SAMPLE_RATE as SR

SECONDS = 20

# A programme crossing many blocks and zone boundaries: diffuse and placed sources, one scene
# continued across a cut (office), a silent scene, zones shorter than a fade.
PROGRAMME = (
    Zone(0, 70_000, "room"),
    Zone(70_000, 150_000, "office", x=0.3, seed=4),
    Zone(150_000, 200_000, "office", x=0.3, seed=4),
    Zone(200_000, 236_000, "cafe", x=0.8, seed=2),
    Zone(236_000, 260_000, "none"),
    Zone(260_000, 330_000, "rain"),
    Zone(330_000, 340_000, "city", x=0.1),
    Zone(340_000, 400_000, "nature", seed=9),
    Zone(400_000, 450_001, "server-room", x=0.9),
)
END = PROGRAMME[-1].end


def near(zone, n):
    """A camera wandering in and out, different per scene."""
    return 0.5 + 0.5 * np.sin(n / 9000.0 + zone.start / 1000.0)


def db(x):
    return 10 * np.log10(x)


def power(x):
    """Mean power of a signal (a stereo one's channels summed)."""
    e = np.square(x, dtype=np.float64)
    return float(np.mean(e.sum(axis=1) if e.ndim == 2 else e))


def spectrum(x):
    """Welch power spectrum of a stereo signal, both channels summed: (f, p)."""
    f, p = signal.welch(x, SR, nperseg=1 << 14, axis=0)
    return f, p.sum(axis=1)


def band(spec, lo, hi):
    """Share of the energy between lo and hi Hz."""
    f, p = spec
    return float(p[(f >= lo) & (f < hi)].sum() / p.sum())


def centroid(spec):
    f, p = spec
    return float((f * p).sum() / p.sum())


def windows(x, size, hop=None):
    """Mean power of each window of `size` samples (every `hop`), both channels summed."""
    hop = hop or size
    e = np.square(x, dtype=np.float64).sum(axis=1)
    return np.array([e[i:i + size].mean() for i in range(0, len(e) - size + 1, hop)])


@pytest.fixture(scope="module")
def beds():
    """Every kind alone, diffuse, 20 s."""
    return {kind: ambience([Zone(0, SECONDS * SR, kind)], 0, SECONDS * SR) for kind in KINDS}


@pytest.fixture(scope="module")
def whole():
    return ambience(PROGRAMME, -5000, END + 5000, near)


# -- purity -------------------------------------------------------------------------------------

def chunked(cuts, fresh=False):
    edges = [-5000, *sorted(set(cuts)), END + 5000]
    parts = []
    for a, b in zip(edges, edges[1:]):
        if fresh:
            source.cache_clear()
        parts.append(ambience(PROGRAMME, a, b, near))
    return np.concatenate(parts)


def test_chunked_equals_whole_across_blocks_and_zones(whole):
    assert whole.shape == (END + 10_000, 2) and whole.dtype == np.float32
    boundaries = [z.start for z in PROGRAMME] + [END]
    special = [c + d for c in boundaries + [k * BLOCK for k in range(1, END // BLOCK + 1)] for d in (-1, 0, 1)]
    rng = np.random.default_rng(5)
    assert np.array_equal(chunked(special), whole)
    for trial in range(3):
        cuts = list(rng.integers(-5000, END + 5000, 40)) + list(rng.choice(special, 12))
        assert np.array_equal(chunked(cuts, fresh=trial == 0), whole)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(-5000, END + 5000), max_size=12))
def test_any_chunking_gives_the_same_samples(whole, cuts):
    assert np.array_equal(chunked(cuts), whole)


def test_chunks_in_any_order_and_from_a_cold_cache(whole):
    rng = np.random.default_rng(8)
    cuts = np.sort(rng.integers(0, END, 25))
    spans = list(zip([-5000, *cuts], [*cuts, END + 5000]))
    out = np.zeros_like(whole)
    for i in rng.permutation(len(spans)):
        a, b = spans[i]
        source.cache_clear()
        out[a + 5000:b + 5000] = ambience(PROGRAMME, a, b, near)
    assert np.array_equal(out, whole)


def test_deterministic_and_seeded():
    zones = [Zone(0, 3 * SR, "cafe", seed=3)]
    a = ambience(zones, 0, 3 * SR)
    source.cache_clear()
    assert np.array_equal(ambience(zones, 0, 3 * SR), a)
    assert not np.allclose(ambience([Zone(0, 3 * SR, "cafe", seed=4)], 0, 3 * SR), a)
    assert not np.allclose(ambience([Zone(0, 3 * SR, "cafe", x=0.5, seed=3)], 0, 3 * SR), a)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("placed", [False, True])
def test_warm_up_hides_the_filters_start(kind, placed):
    """Blocks meet without a seam: the same block with a much longer warm-up differs < -140 dB."""
    a = render_block(kind, 3, 17, placed)
    b = render_block(kind, 3, 17, placed, warm=6 * TILE)
    assert np.max(np.abs(a - b)) < 1e-7 * np.sqrt(np.mean(b ** 2))


# -- levels and sound ---------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_calibrated_to_0_lufs(kind, beds):
    assert abs(integrated_lufs(beds[kind])) <= 1.0
    later = 200 * SR  # another seed, elsewhere in the programme: the constant still holds
    other = ambience([Zone(later, later + SECONDS * SR, kind, seed=11)], later, later + SECONDS * SR)
    assert abs(integrated_lufs(other)) <= 1.0
    placed = [Zone(0, SECONDS * SR, kind, x=0.7, seed=2)]
    assert abs(integrated_lufs(ambience(placed, 0, SECONDS * SR))) <= 1.0  # closeness 0
    closest = ambience(placed, 0, SECONDS * SR, lambda z, n: np.ones(n.shape))
    assert abs(integrated_lufs(closest) - NEAR_BOOST_DB) <= 1.0
    assert loudness_of(kind) == 0.0


@pytest.mark.parametrize("kind", KINDS)
def test_no_harsh_transients(kind, beds):
    x = beds[kind][SR:-SR]
    assert db(np.max(np.abs(x)) ** 2) - integrated_lufs(x) < 14.0  # a noise bed's crest, no more
    w = windows(x, SR // 100)  # 10 ms: a click would jump out here
    assert db(w.max() / np.median(w)) < 8.0


def test_kinds_sound_different(beds):
    spec = {k: spectrum(x) for k, x in beds.items()}
    low = {k: band(x, 0, 300) for k, x in spec.items()}
    mid = {k: band(x, 300, 3000) for k, x in spec.items()}
    hiss = {k: band(x, 1000, 8000) for k, x in spec.items()}
    birds = {k: band(x, 2000, 6000) for k, x in spec.items()}
    cent = {k: centroid(x) for k, x in spec.items()}
    assert band(spec["room"], 0, 1500) > 0.98 and cent["room"] < 500  # soft air tone
    assert cent["rain"] > 3000 and hiss["rain"] == max(hiss.values()) and hiss["rain"] > 0.6
    assert low["city"] > 0.9 and low["city"] == max(low.values())
    assert mid["cafe"] > 0.6 and mid["cafe"] == max(mid.values())
    assert birds["nature"] > 5 * birds["room"]
    assert band(spec["office"], 1500, 6000) > 3 * band(spec["room"], 1500, 6000)  # keys, air
    assert low["office"] > low["room"]  # the HVAC under the room tone
    # Every pair differs by at least 4 dB in some octave band.
    edges = 62.5 * 2.0 ** np.arange(9)
    shape = {k: np.array([db(band(x, a, b) + 1e-9) for a, b in zip(edges, edges[1:])]) for k, x in spec.items()}
    for i, a in enumerate(KINDS):
        for b in KINDS[i + 1:]:
            assert np.max(np.abs(shape[a] - shape[b])) > 4.0, (a, b)


def test_server_room_hums_at_its_fan_frequency(beds):
    f, p = signal.welch(beds["server-room"].mean(axis=1), SR, nperseg=2 * SR)  # 0.5 Hz bins
    at = p[np.abs(f - SERVER_HUM_HZ) <= 0.5].max()
    around = p[(np.abs(f - SERVER_HUM_HZ) > 8) & (np.abs(f - SERVER_HUM_HZ) < 30)]
    assert db(at / np.median(around)) > 15
    for kind in ("room", "office", "city", "nature"):
        f, q = signal.welch(beds[kind].mean(axis=1), SR, nperseg=2 * SR)
        ref = q[(np.abs(f - SERVER_HUM_HZ) > 8) & (np.abs(f - SERVER_HUM_HZ) < 30)]
        assert db(q[np.abs(f - SERVER_HUM_HZ) <= 0.5].max() / np.median(ref)) < 8


def test_cafe_murmur_moves_at_syllable_rate(beds):
    def syllabic(x):
        voice = signal.sosfiltfilt(signal.butter(4, [300, 3000], "bandpass", fs=SR, output="sos"), x.mean(axis=1))
        env = signal.sosfiltfilt(signal.butter(2, 40, fs=SR, output="sos"), np.abs(voice))[::480]
        f, p = signal.welch(env - env.mean(), 100, nperseg=512)
        return p[(f >= 3) & (f <= 6)].sum() / p[(f >= 0.5) & (f <= 20)].sum()

    share = {k: syllabic(x) for k, x in beds.items()}
    assert share["cafe"] > 0.4 and all(share["cafe"] > 2 * v for k, v in share.items() if k != "cafe")


@pytest.mark.parametrize("kind", KINDS)
def test_diffuse_is_decorrelated_stereo(kind, beds):
    left, right = beds[kind].T.astype(np.float64)
    assert abs(np.corrcoef(left, right)[0, 1]) < (0.2 if kind == "server-room" else 0.05)  # fans hum in both


# -- zones --------------------------------------------------------------------------------------

def test_crossfade_keeps_power_between_independent_beds():
    b = 4 * SR
    for first, second in ((Zone(0, b, "room"), Zone(b, 2 * b, "room", seed=1)),
                          (Zone(0, b, "rain", seed=3), Zone(b, 2 * b, "rain", seed=5))):
        x = ambience([first, second], 0, 2 * b)
        steady = (power(x[SR:b - SR]), power(x[b + SR:2 * b - SR]))
        w = windows(x[b - FADE_SAMPLES // 2:b + FADE_SAMPLES // 2], SR // 5, SR // 10)
        assert db(w.min() / min(steady)) > -1.5 and db(w.max() / max(steady)) < 1.5


def test_crossfade_between_kinds_is_equal_power_and_clickless():
    b = 4 * SR
    for a, c in (("room", "rain"), ("server-room", "room"), ("rain", "server-room")):  # steady beds
        x = ambience([Zone(0, b, a), Zone(b, 2 * b, c)], 0, 2 * b)
        steady = (power(x[SR:b - SR]), power(x[b + SR:2 * b - SR]))
        w = windows(x[b - FADE_SAMPLES // 2:b + FADE_SAMPLES // 2], SR // 5, SR // 10)
        assert db(w.min() / min(steady)) > -1.5 and db(w.max() / max(steady)) < 1.5, (a, c)
    for i, a in enumerate(KINDS):
        for c in KINDS[i + 1:]:
            x = ambience([Zone(0, b, a), Zone(b, 2 * b, c, x=0.3)], 0, 2 * b)
            # The change is the sum of each side fading against silence: nothing else happens there.
            alone = (ambience([Zone(0, b, a), Zone(b, 2 * b, "none")], 0, 2 * b)
                     + ambience([Zone(0, b, "none"), Zone(b, 2 * b, c, x=0.3)], 0, 2 * b))
            assert np.allclose(x, alone, rtol=0, atol=1e-6)
            # No click: across the fade no sample-to-sample step exceeds what the two beds, left
            # running without a change, make there themselves (their steps, added in power).
            fade = slice(b - FADE_SAMPLES // 2, b + FADE_SAMPLES // 2)
            steps = [np.abs(np.diff(y[fade].astype(np.float64), axis=0)).max()
                     for y in (ambience([Zone(0, 2 * b, a)], 0, 2 * b), ambience([Zone(0, 2 * b, c, x=0.3)], 0, 2 * b))]
            assert np.abs(np.diff(x[fade].astype(np.float64), axis=0)).max() <= 1.01 * np.hypot(*steps), (a, c)


def test_fade_follows_equal_power_law_into_silence():
    b = 4 * SR
    x = ambience([Zone(0, b, "rain"), Zone(b, 2 * b, "none")], 0, 2 * b)
    assert not np.any(x[b + FADE_SAMPLES // 2:])
    steady = power(x[SR:b - SR])
    half = FADE_SAMPLES // 2
    for centre in (b - half // 2, b, b + half // 2):  # cos^2 of the fade at a quarter, half, three quarters
        expected = np.cos(0.5 * np.pi * (centre - (b - half)) / FADE_SAMPLES) ** 2
        got = power(x[centre - 1200:centre + 1200]) / steady
        assert abs(db(got / expected)) < 1.0


def test_same_zone_continued_is_one_bed():
    b = 4 * SR
    zones = lambda x: [Zone(0, b, "office", x=x, seed=2), Zone(b, 2 * b, "office", x=x, seed=2)]  # noqa: E731
    one = lambda x: [Zone(0, 2 * b, "office", x=x, seed=2)]  # noqa: E731
    # No crossfade at all: no dip, no bump, the very same samples.
    assert np.array_equal(ambience(zones(None), 0, 2 * b), ambience(one(None), 0, 2 * b))
    steady = lambda z, n: np.full(n.shape, 0.7)  # noqa: E731
    assert np.allclose(ambience(zones(0.4), 0, 2 * b, steady), ambience(one(0.4), 0, 2 * b, steady), rtol=1e-5, atol=1e-7)


def test_cut_within_a_placed_scene_glides_without_dip():
    b = 4 * SR
    zones = [Zone(0, b, "room", x=0.5), Zone(b, 2 * b, "room", x=0.5)]
    x = ambience(zones, 0, 2 * b, lambda z, n: np.full(n.shape, 0.0 if z.start == 0 else 1.0))
    far = ambience(zones, 0, 2 * b)  # the same bed, to take its own wander out of the measure
    gain = db(windows(x, SR // 10) / windows(far, SR // 10))
    assert np.allclose(gain[10:30], 0, atol=1e-3) and np.allclose(gain[50:70], NEAR_BOOST_DB, atol=0.3)
    assert np.all(np.diff(gain[35:45]) > 0.1)  # the cut glides up over the whole fade, no dip


def test_first_and_last_zones_fade_within_themselves():
    x = ambience([Zone(SR, 5 * SR, "room")], 0, 6 * SR)
    assert not np.any(x[:SR]) and not np.any(x[5 * SR:])
    steady = power(x[2 * SR:4 * SR])
    half = FADE_SAMPLES // 2
    assert power(x[SR:SR + half // 4]) < 0.2 * steady
    assert power(x[SR + half:SR + 2 * half]) > 0.8 * steady
    assert power(x[5 * SR - half // 4:5 * SR]) < 0.2 * steady


def test_none_and_outside_are_silent():
    assert not np.any(ambience([Zone(0, 3 * SR, "none")], 0, 3 * SR))
    assert not np.any(ambience([], 0, SR))
    assert not np.any(ambience(PROGRAMME, END, END + SR)) and not np.any(ambience(PROGRAMME, -SR, 0))
    assert ambience(PROGRAMME, 10, 10).shape == (0, 2)
    assert loudness_of("none") == float("-inf")


def test_placed_source_pans_with_x():
    zone = lambda x: [Zone(0, 3 * SR, "city", x=x)]  # noqa: E731
    left, right = ambience(zone(0.0), 0, 3 * SR).T
    assert power(left) > 0 and not np.any(right)
    left, right = ambience(zone(1.0), 0, 3 * SR).T
    assert power(left) < 1e-20 * power(right)
    left, right = ambience(zone(0.5), 0, 3 * SR).T
    assert np.array_equal(left, right)
    quarter = ambience(zone(0.25), 0, 3 * SR)
    gl, gr = pan_gains(-0.5)
    assert abs(db(power(quarter[:, 0]) / power(quarter[:, 1])) - db(gl ** 2 / gr ** 2)) < 0.01
    loud = [integrated_lufs(ambience(zone(x), 0, 3 * SR)) for x in (0.0, 0.25, 0.5, 1.0)]
    assert max(loud) - min(loud) < 0.05  # constant power


def short_term(x, group=10):
    """Loudness of 400 ms windows every 100 ms, averaged over `group` windows (10: one second)."""
    step, size = SR // 10, 4 * SR // 10
    short = np.array([integrated_lufs(x[i:i + size]) for i in range(0, len(x) - size + 1, step)])
    return short[:len(short) // group * group].reshape(-1, group).mean(axis=1)


def highs(x, f=3000):
    return signal.sosfilt(signal.butter(4, f, "highpass", fs=SR, output="sos"), x, axis=0)


def lows(x, f=700):
    return signal.sosfilt(signal.butter(4, f, "lowpass", fs=SR, output="sos"), x, axis=0)


def mids(x):
    """200-700 Hz: under the split, and wide enough to measure steadily second by second."""
    return signal.sosfilt(signal.butter(4, [200, 700], "bandpass", fs=SR, output="sos"), x, axis=0)


RAMP_ZONES = lambda kind: [Zone(0, SR, "none"), Zone(SR, 11 * SR, kind, x=0.6), Zone(11 * SR, 12 * SR, "none")]  # noqa: E731


def ramp(zone, n):
    return (n - zone.start) / (zone.end - zone.start)


def ramped(kind, closeness):
    """A placed source in a 10 s zone (1-11 s) between silent ones: the whole 12 s."""
    return ambience(RAMP_ZONES(kind), 0, 12 * SR, closeness).astype(np.float64)


def inner(x):
    """1.5-10.5 s, where no fade touches the zone (cut after filtering: no filter start in it)."""
    return x[SR + SR // 2:11 * SR - SR // 2]


@pytest.mark.parametrize("kind", ["room", "rain", "server-room"])
def test_closeness_rising_makes_a_steady_source_louder_and_brighter(kind):
    x = ramped(kind, ramp)
    loud = short_term(inner(x), 20)  # 2 s averages
    # Each average's closeness at its windows' centres: 0.165, 0.365, 0.565, 0.765.
    expected = NEAR_BOOST_DB * (0.165 + 0.2 * np.arange(loud.size))
    assert np.all(np.diff(loud) > 0.5)
    assert abs((loud[-1] - loud[0]) - (expected[-1] - expected[0])) < 0.6
    ratio = db(windows(inner(highs(x)), SR) / windows(inner(mids(x)), SR))
    assert np.all(np.diff(ratio) > 0) and ratio[-1] - ratio[0] > 4


@pytest.mark.parametrize("kind", KINDS)
def test_closeness_effect_against_the_same_bed_from_far(kind):
    """For every kind (gusts, cars and murmur wander by themselves): against the same source at
    closeness 0, the ramp adds loudness (400 ms windows, averaged per second) and brightness
    (the gain above 6 kHz grows faster than the gain under 700 Hz), all the way up."""
    x, far = ramped(kind, ramp), ramped(kind, None)
    gain = short_term(inner(x)) - short_term(inner(far))
    assert np.all(np.diff(gain) > 0.3) and 3.5 < gain[-1] - gain[0] < 5.0
    # Far above the split (6 kHz) a source is all "high part": the gain there is the brightening's own.
    band_gain = lambda f: db(windows(inner(f(x)), SR) / windows(inner(f(far)), SR))  # noqa: E731
    brighter = band_gain(lambda y: highs(y, 6000)) - band_gain(lows)
    assert np.all(np.diff(brighter) > 0) and brighter[-1] > 3


def test_diffuse_ignores_closeness():
    zones = [Zone(0, 2 * SR, "rain")]
    assert np.array_equal(ambience(zones, 0, 2 * SR), ambience(zones, 0, 2 * SR, near))


def test_bad_input_says_what_to_do():
    with pytest.raises(ValueError) as error:
        Zone(0, SR, "jungle")
    assert all(kind in str(error.value) for kind in KINDS)
    with pytest.raises(ValueError, match="room"):
        loudness_of("forest")
    with pytest.raises(ValueError, match="end after"):
        Zone(SR, SR, "room")
    with pytest.raises(ValueError, match="x must be"):
        Zone(0, SR, "room", x=1.5)
    with pytest.raises(ValueError, match="time order"):
        ambience([Zone(0, SR, "room"), Zone(SR // 2, 2 * SR, "rain")], 0, SR)
    with pytest.raises(ValueError, match="reversed"):
        ambience([Zone(0, SR, "room")], 10, 5)
