"""The premaster: narration placement and level, panning, timeline-driven ducking, sound placement."""

from dataclasses import replace

import numpy as np
import pytest

from onetake.assets import AssetStore
from onetake.errors import RenderError, TimelineError
from onetake.measure import integrated_lufs
from onetake.render.audio import pan_gains, premaster
from onetake.render.audio.mix import EDGE_FADE, MAX_NORMALISE_DB, NARRATION_LUFS, duck_gain, music, narration
from onetake.timeline import Fps, Line, Music, SoundEvent, Timeline

from audio_helpers import SR, put_pcm, speech


def timeline(tmp_path, clips, duration, sounds=(), music_on=False, **music_kw) -> Timeline:
    """clips: [(start_sample, pcm)] or [(start, pcm, end)] stored in an asset store at tmp_path as narration lines."""
    lines = []
    for i, clip in enumerate(clips):
        start, pcm = clip[0], clip[1]
        end = clip[2] if len(clip) > 2 else start + pcm.size
        lines.append(Line(id=f"l{i}", scene=0, text="…", start=start, end=end,
                          audio=put_pcm(AssetStore(tmp_path), pcm)))
    return Timeline("t", "en", 320, 180, Fps(30), duration, lines=tuple(lines), sound_events=tuple(sounds),
                    music=Music(enabled=music_on, **music_kw))


def db(x) -> float:
    return 10 * np.log10(np.mean(np.asarray(x, np.float64) ** 2))


# ---------------------------------------------------------------- narration


def test_line_is_placed_normalised_clipped_and_faded(tmp_path):
    tone = (0.3 * np.cos(2 * np.pi * 1000 * np.arange(3 * SR) / SR)).astype(np.float32)  # starts at full level
    start, end = SR // 2, SR // 2 + 2 * SR  # the range is shorter than the audio: clipped
    tl = timeline(tmp_path, [(start, tone, end)], 4 * SR)
    x = premaster(tl, 0, tl.duration, AssetStore(tmp_path))
    assert not np.any(x[:start]) and not np.any(x[end:])
    assert np.array_equal(x[:, 0], x[:, 1])  # centred
    assert abs(x[start, 0]) < 0.01 * np.abs(x).max() and abs(x[end - 1, 0]) < 0.01 * np.abs(x).max()  # faded edges
    # In between: exactly the source, scaled once (normalisation x centre pan).
    body = slice(start + EDGE_FADE, end - EDGE_FADE)
    scale = x[body, 0] / tone[body.start - start:body.stop - start]
    assert np.ptp(scale) < 1e-5
    assert integrated_lufs(x[start + SR // 4:end - SR // 4]) == pytest.approx(NARRATION_LUFS, abs=0.1)


def test_short_audio_is_zero_padded_and_gain_applies(tmp_path):
    pcm = speech(1.0, level=0.5)
    tl = timeline(tmp_path, [(SR, pcm, 3 * SR)], 4 * SR)
    x = premaster(tl, 0, tl.duration, AssetStore(tmp_path))
    assert not np.any(x[2 * SR:])
    louder = tl.with_(lines=(replace(tl.lines[0], gain_db=6.0),))
    y = premaster(louder, 0, tl.duration, AssetStore(tmp_path))
    assert db(y[SR:2 * SR]) - db(x[SR:2 * SR]) == pytest.approx(6.0, abs=1e-3)


def test_voice_level_does_not_depend_on_the_engine(tmp_path):
    """Quiet and loud engines come out at NARRATION_LUFS; a near-silent clip is boosted by at most MAX_NORMALISE_DB.

    (Before clips were stored by content, both timelines here wrote the same file name and the
    quiet one was never measured.)
    """
    store = AssetStore(tmp_path)
    for level in (0.05, 0.5):  # -35 and -15 LUFS as synthesised
        tl = timeline(tmp_path, [(0, speech(4.0, level=level))], 4 * SR)
        assert integrated_lufs(narration(tl, 0, 4 * SR, store)) == pytest.approx(NARRATION_LUFS, abs=0.2)
    hiss = timeline(tmp_path, [(0, speech(4.0, level=0.01))], 4 * SR)  # -49 LUFS
    raised = integrated_lufs(narration(hiss, 0, 4 * SR, store)) - integrated_lufs(speech(4.0, level=0.01))
    assert raised == pytest.approx(MAX_NORMALISE_DB, abs=0.2)


def test_missing_narration_says_what_to_do(tmp_path):
    key = "0123456789abcdef0123456789abcdef.npy"
    tl = Timeline("t", "en", 320, 180, Fps(30), SR, lines=(Line("l", 0, "x", 0, SR, key),))
    with pytest.raises(RenderError, match=f"asset {key} is not in the store .*re-run planning"):
        premaster(tl, 0, SR, AssetStore(tmp_path))
    with pytest.raises(RenderError, match="pass the asset store it was planned with"):
        premaster(tl, 0, SR)
    with pytest.raises(TimelineError, match="not an asset key"):
        premaster(tl.with_(lines=(replace(tl.lines[0], audio="/home/me/voice.npy"),)), 0, SR, AssetStore(tmp_path))


# ---------------------------------------------------------------- effects and panning


def test_pan_is_constant_power():
    for pan in np.linspace(-1, 1, 9):
        left, right = pan_gains(pan)
        assert left**2 + right**2 == pytest.approx(1.0)
    assert pan_gains(-1.0) == pytest.approx((1.0, 0.0)) and pan_gains(1.0) == pytest.approx((0.0, 1.0))


def test_pan_left_puts_the_energy_left(tmp_path):
    tl = timeline(tmp_path, [], SR, sounds=[SoundEvent("click", 1000, pan=-1.0, seed=1)])
    x = premaster(tl, 0, SR, AssetStore(tmp_path)).astype(np.float64)
    assert np.sum(x[:, 1] ** 2) < 1e-6 * np.sum(x[:, 0] ** 2)
    centre = premaster(timeline(tmp_path, [], SR, sounds=[SoundEvent("click", 1000, pan=0.0, seed=1)]), 0, SR, AssetStore(tmp_path))
    assert np.sum(centre.astype(np.float64) ** 2) == pytest.approx(np.sum(x**2), rel=1e-5)  # same power


@pytest.mark.parametrize("at", [0, 1, 4321, SR - 1000])
def test_sound_lands_on_its_sample(tmp_path, at):
    from onetake.render.audio import sound

    tl = timeline(tmp_path, [], SR, sounds=[SoundEvent("key", at, seed=5, gain_db=-3.0)])
    x = premaster(tl, 0, SR, AssetStore(tmp_path))
    key = sound("key", 5)
    n = min(key.size, SR - EDGE_FADE - at)  # the programme's end fade may cut the tail
    expected = key[:n] * np.float32(10 ** (-3 / 20) * pan_gains(0.0)[0])
    assert not np.any(x[:at])
    if at >= EDGE_FADE:  # away from the programme's own edge fades: sample for sample the sound
        np.testing.assert_allclose(x[at:at + n, 0], expected, atol=1e-7)


# ---------------------------------------------------------------- ducking


def silent_lines_timeline(tmp_path, spans, duration, **music_kw):
    """Lines with silent audio: their ranges still duck the bed, so the bed alone can be measured."""
    clips = [(a, np.zeros(b - a, np.float32)) for a, b in spans]
    return timeline(tmp_path, clips, duration, music_on=True, **music_kw)


@pytest.mark.parametrize("duck_db", [-12.0, -14.0, -18.0])
def test_ducking_depth_under_speech(tmp_path, duck_db):
    spans = [(4 * SR, 8 * SR)]
    tl = silent_lines_timeline(tmp_path, spans, 14 * SR, duck_db=duck_db)
    free = tl.with_(lines=())
    ducked, open_ = premaster(tl, 0, tl.duration, AssetStore(tmp_path)), premaster(free, 0, tl.duration, AssetStore(tmp_path))
    under = slice(5 * SR, 7 * SR)
    depth = db(open_[under]) - db(ducked[under])
    assert 12.0 <= depth <= 18.05
    assert depth == pytest.approx(abs(duck_db), abs=0.1)
    between = slice(10 * SR, 12 * SR)  # > 600 ms after the line: back to full level
    assert db(open_[between]) - db(ducked[between]) == pytest.approx(0.0, abs=0.01)


def test_default_bed_sits_12_to_18_db_under_the_voice(tmp_path):
    """VISUAL.md: music under speech 12-18 dB below the voice (narration is normalised to NARRATION_LUFS)."""
    import pyloudnorm

    tl = silent_lines_timeline(tmp_path, [(2 * SR, 12 * SR)], 16 * SR)
    bed = premaster(tl, 3 * SR, 11 * SR, AssetStore(tmp_path))
    below = NARRATION_LUFS - pyloudnorm.Meter(SR).integrated_loudness(bed)
    assert 12.0 <= below <= 18.0


def test_duck_looks_ahead_and_releases(tmp_path):
    a, b = 3 * SR, 6 * SR
    tl = silent_lines_timeline(tmp_path, [(a, b)], 10 * SR, duck_db=-14.0)
    g = 20 * np.log10(duck_gain(tl, 0, tl.duration))
    assert g[a - SR * 160 // 1000] == 0.0  # untouched before the 150 ms look-ahead
    assert g[a - SR * 75 // 1000] == pytest.approx(-7.0, abs=0.2)  # half way down
    assert g[a] == pytest.approx(-14.0, abs=0.01)  # fully down when the voice starts
    assert g[b + SR * 300 // 1000] == pytest.approx(-7.0, abs=0.2)
    assert g[b + SR * 600 // 1000] == pytest.approx(0.0, abs=0.01)  # back within 0.6 s
    assert np.max(np.abs(np.diff(g))) < 0.01  # smooth: no pumping clicks


def test_close_lines_duck_as_one(tmp_path):
    gap = SR // 2  # 500 ms < 700 ms: stays down
    tl = silent_lines_timeline(tmp_path, [(2 * SR, 4 * SR), (4 * SR + gap, 6 * SR)], 9 * SR, duck_db=-14.0)
    g = 20 * np.log10(duck_gain(tl, 4 * SR, 4 * SR + gap))
    assert np.all(g == pytest.approx(-14.0, abs=0.01))
    wide = silent_lines_timeline(tmp_path, [(2 * SR, 4 * SR), (6 * SR, 8 * SR)], 9 * SR)
    assert duck_gain(wide, 5 * SR, 5 * SR + 1)[0] == pytest.approx(1.0)  # a 2 s gap lets it rise


def test_music_under_speech_sits_12_to_18_db_below_the_voice(tmp_path):
    tl = timeline(tmp_path, [(2 * SR, speech(6.0, 1, level=0.3))], 10 * SR, music_on=True)
    voice = narration(tl, 2 * SR, 8 * SR, AssetStore(tmp_path))
    bed = music(tl, 2 * SR, 8 * SR)
    assert 12.0 <= integrated_lufs(voice) - integrated_lufs(bed) <= 18.0


@pytest.mark.parametrize("duck_db", [0.0, -6.0, -12.0])
def test_the_verifier_measures_the_duck_under_loud_speech(tmp_path, duck_db):
    """verify's per-line ducking (the music's least-squares gain, the known voice subtracted) finds
    the planned depth under speech 18 dB louder than the music, and no duck where there is none."""
    from audio_helpers import speech
    from onetake.render.audio import samples
    from onetake.verify.health import line_ducking

    spans = [(2 * SR, speech(3.0, seed=1)), (7 * SR, speech(2.5, seed=2)), (12 * SR, speech(3.5, seed=3))]
    tl = timeline(tmp_path, spans, 18 * SR, music_on=True, duck_db=duck_db)
    mix = samples(tl, 0, tl.duration, AssetStore(tmp_path))
    depths = line_ducking(tl, mix, 0.0, AssetStore(tmp_path))
    assert [line for line, _ in depths] == ["l0", "l1", "l2"]
    for _, depth in depths:
        assert depth == pytest.approx(abs(duck_db), abs=0.5)  # the limiter takes a little more under speech
    without = line_ducking(tl, mix, 0.0, AssetStore(tmp_path / "elsewhere"))  # the voice clips not at hand
    assert without is None
