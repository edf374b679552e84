"""A user's own music as the soundtrack: decoding, beat tracking on real synthesised music, fitting."""

from __future__ import annotations

import os
import tracemalloc

import av
import numpy as np
import pytest
from scipy import signal
from scipy.io import wavfile

from onetake.errors import RenderError
from onetake.render.audio.beats import RELIABLE, track
from onetake.render.audio.user_music import END_MARGIN, Fitted, decode, fit, load
from onetake.verify.health import click_score

SR = 48_000


# ---- test music: a drum-and-bass pattern whose every beat and bar is known ----------------------

def _beat_times(bpm: float, seconds: float, offset: float, drift: float) -> np.ndarray:
    """Beat onsets (s) from `offset`; the tempo moves linearly by `drift` (a fraction) over the piece."""
    times, t = [], offset
    while t < seconds:
        times.append(t)
        t += 60.0 / (bpm * (1 + drift * t / seconds))
    return np.array(times)


def _kick(amp: float) -> np.ndarray:
    t = np.arange(int(0.35 * SR)) / SR
    f = 48 + 110 * np.exp(-t / 0.025)  # the pitch drop of a kick drum
    return amp * np.sin(2 * np.pi * np.cumsum(f) / SR) * np.exp(-t / 0.12)


def _hat(amp: float) -> np.ndarray:
    n = int(0.06 * SR)
    noise = np.diff(np.random.default_rng(7).standard_normal(n + 1))  # high-passed noise, the same every hit
    return amp * noise * np.exp(-np.arange(n) / (0.012 * SR))


def _note(f: float, seconds: float, harmonics: int, attack: float, decay: float) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    tone = sum(np.sin(2 * np.pi * h * f * t) / h for h in range(1, harmonics + 1))
    env = np.minimum(t / attack, 1.0) * np.exp(-t / decay)
    release = int(0.03 * SR)
    env[-release:] *= np.linspace(1, 0, release)
    return tone * env


def _add(out: np.ndarray, at: float, x: np.ndarray, pan: float = 0.0) -> None:
    i = int(round(at * SR))
    m = min(x.size, out.shape[0] - i)
    if m > 0:
        out[i:i + m, 0] += x[:m] * (1 - pan)
        out[i:i + m, 1] += x[:m] * (1 + pan)


def drums(bpm: float, seconds: float, offset: float = 0.37, pickup: int = 2, swing: float = 0.5,
          drift: float = 0.0, hats: bool = True, jitter: float = 0.0, noise: float = 0.0, seed: int = 0):
    """(pcm, beats, downbeats): kick on 1 and 3 (1 louder), hi-hat eighths, a bass note and a pad chord per bar.

    The chords go round Am F C G, so the music repeats every 4 bars (exactly, at a tempo whose beat
    is a whole number of samples).

    The music starts `offset` s in, `pickup` beats before its first bar line; `swing` is where the
    off-beat hi-hat falls between two beats (0.5 straight); `drift` changes the tempo linearly by that
    fraction over the piece; `jitter` (s) moves each beat at random. Beats and downbeats are the
    true sample positions.
    """
    rng = np.random.default_rng(seed)
    times = _beat_times(bpm, seconds, offset, drift)
    times[1:] += rng.normal(0, jitter, times.size - 1)  # a human drummer: each beat early or late by ~jitter s
    out = np.zeros((int(seconds * SR), 2))
    chords = [(57, 60, 64), (53, 57, 60), (48, 52, 55), (55, 59, 62)]  # Am F C G
    bar_index = 0
    for k, t in enumerate(times):
        in_bar = (k - pickup) % 4
        step = (times[k + 1] - t) if k + 1 < times.size else 60 / bpm
        if in_bar in (0, 2):
            _add(out, t, _kick(1.0 if in_bar == 0 else 0.55))
        if hats:
            _add(out, t, _hat(0.10), 0.3)
            _add(out, t + swing * step, _hat(0.06), 0.3)
        if in_bar == 0:
            chord = chords[bar_index % 4]
            bar = 4 * step
            root = 440 * 2 ** ((chord[0] - 24 - 69) / 12)
            _add(out, t, 0.35 * _note(root, bar, 4, 0.004, 0.8))
            for i, pitch in enumerate(chord):
                f = 440 * 2 ** ((pitch - 69) / 12)
                _add(out, t, 0.07 * _note(f, bar + 0.05, 3, 0.04, 4.0), (-0.4, 0.0, 0.4)[i])
            bar_index += 1
    beats = np.round(times * SR).astype(np.int64)
    down = beats[[k for k in range(times.size) if (k - pickup) % 4 == 0]]
    if noise:  # a wash of pink-ish noise `noise` times the music's RMS: a busy mix, a hissy recording
        wash = np.cumsum(rng.standard_normal(out.shape), axis=0)
        wash -= np.convolve(wash[:, 0], np.ones(481) / 481, "same")[:, None]
        out += noise * np.sqrt(np.mean(out ** 2)) * wash / np.sqrt(np.mean(wash ** 2))
    # A fixed gain, so a shorter piece is exactly the start of a longer one (and repeats exactly every 4 bars).
    return (0.3 * out).astype(np.float32), beats, down


def ambient(seconds: float, seed: int = 1) -> np.ndarray:
    """No pulse: slow-swelling pad notes at random times over a breathing noise bed."""
    rng = np.random.default_rng(seed)
    n = int(seconds * SR)
    out = np.zeros((n, 2))
    t = 0.0
    while t < seconds:
        f = 440 * 2 ** ((rng.choice([45, 48, 52, 55, 57, 60, 64, 67]) - 69) / 12)
        length = rng.uniform(3, 7)
        m = np.arange(int(length * SR)) / SR
        env = np.sin(np.pi * m / length) ** 2  # swells in and out: no attack anywhere
        tone = sum(np.sin(2 * np.pi * h * f * m) / h ** 2 for h in (1, 2, 3))
        _add(out, t, 0.2 * env * tone, rng.uniform(-0.5, 0.5))
        t += rng.exponential(1.3)
    lfo = 0.6 + 0.4 * np.sin(2 * np.pi * 0.07 * np.arange(n) / SR)
    noise = np.cumsum(rng.standard_normal((n, 2)), axis=0)
    noise -= np.convolve(noise[:, 0], np.ones(4801) / 4801, "same")[:, None]  # a soft, low-passed wash
    out += 0.02 * noise / np.abs(noise).max() * lfo[:, None]
    return (0.5 * out / np.abs(out).max()).astype(np.float32)


def encode(path, pcm: np.ndarray, codec: str, rate: int = SR) -> None:
    """Write (n, channels) float32 `pcm` sampled at `rate` with PyAV's encoder `codec` (container by suffix).

    The ffmpeg command line is not needed (nor always installed): PyAV has the same encoders.
    """
    layout = "mono" if pcm.shape[1] == 1 else "stereo"
    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=rate, layout=layout)
        stream.codec_context.options = {"strict": "experimental"}  # FFmpeg's own Vorbis encoder
        fmt = next(f.name for f in stream.codec_context.codec.audio_formats if f.name in ("fltp", "s16"))
        for i in range(0, pcm.shape[0], 1152):
            chunk = pcm[i:i + 1152]
            if fmt == "s16":
                data = np.round(np.clip(chunk, -1, 1) * 32767).astype(np.int16).reshape(1, -1)
            else:
                data = np.ascontiguousarray(chunk.T)
            frame = av.AudioFrame.from_ndarray(data, format=fmt, layout=layout)
            frame.rate = rate
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def hits(found: np.ndarray, truth: np.ndarray, tolerance_s: float) -> float:
    """The share of `truth` with a distinct entry of `found` within the tolerance (recall; swap for precision)."""
    found, used, n = np.sort(found), set(), 0
    for t in truth:
        k = int(np.argmin(np.abs(found - t))) if found.size else -1
        if k >= 0 and k not in used and abs(found[k] - t) <= tolerance_s * SR:
            used.add(k)
            n += 1
    return n / max(truth.size, 1)


def f_measure(found: np.ndarray, truth: np.ndarray, tolerance_s: float = 0.07) -> float:
    r, p = hits(found, truth, tolerance_s), hits(truth, found, tolerance_s)
    return 2 * p * r / (p + r) if p + r else 0.0


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.asarray(x, np.float64) ** 2)))


# ---- the beat tracker ---------------------------------------------------------------------------

@pytest.mark.parametrize("bpm", [100, 128])
def test_tracks_tempo_beats_and_bars(bpm):
    pcm, beats, downs = drums(bpm, 30)  # starts 0.37 s in, two beats before its first bar line
    found = track(pcm)
    assert found.beats.dtype == np.int64 and found.downbeats.dtype == np.int64
    assert abs(found.tempo_bpm - bpm) <= 0.02 * bpm
    assert found.reliable and found.beats_per_bar == 4
    assert hits(found.beats, beats, 0.02) >= 0.9 and hits(beats, found.beats, 0.02) >= 0.9
    assert hits(found.downbeats, downs, 0.02) >= 0.9 and hits(downs, found.downbeats, 0.02) >= 0.9
    assert np.isin(found.downbeats, found.beats).all()
    assert abs(found.downbeats[0] - downs[0]) <= 0.02 * SR  # the pickup is not taken for a bar


@pytest.mark.parametrize("style", [
    dict(bpm=120, swing=0.66),  # swung eighths
    dict(bpm=100, drift=-0.06, swing=0.6),  # slowing down by 6 % over the piece
    dict(bpm=110, drift=0.04, jitter=0.01, noise=1.0),  # speeding up, a loose drummer, a noisy mix
])
def test_follows_swing_drift_and_a_loose_drummer(style):
    pcm, beats, downs = drums(seconds=30, **style)
    found = track(pcm)
    assert found.reliable
    assert f_measure(found.beats, beats) >= 0.95
    assert f_measure(found.downbeats, downs) >= 0.9


def test_music_without_a_pulse_is_not_trusted():
    found = track(ambient(30))
    assert found.confidence < RELIABLE and not found.reliable
    silent = track(np.zeros((5 * SR, 2), np.float32))
    assert silent.beats.size == 0 and not silent.reliable


# ---- decoding -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def clip():
    return drums(128, 8)


@pytest.mark.parametrize("name, codec, rate, mono", [
    ("music.wav", "pcm_s16le", 44_100, False),  # resampled to 48 kHz
    ("music.mp3", "libmp3lame", 44_100, True),  # mono: on both channels
    ("music.flac", "flac", SR, False),
    ("music.ogg", "vorbis", SR, False),
])
def test_decodes_each_format_at_48k_stereo(tmp_path, clip, name, codec, rate, mono):
    pcm, beats, _ = clip
    x = pcm[:, :1] if mono else pcm
    if rate != SR:
        x = signal.resample_poly(x, rate // 300, SR // 300, axis=0).astype(np.float32)
    encode(tmp_path / name, x, codec, rate)
    y = decode(tmp_path / name)
    assert y.dtype == np.float32 and y.ndim == 2 and y.shape[1] == 2
    assert abs(y.shape[0] - pcm.shape[0]) <= 0.06 * SR  # codecs pad by up to a frame
    assert abs(20 * np.log10(rms(y) / rms(x))) < 0.5
    if mono:
        assert np.array_equal(y[:, 0], y[:, 1])
    assert hits(track(y).beats, beats, 0.02) >= 0.9  # the beats survive the codec and the resampler


def test_a_text_file_named_mp3_is_a_clear_error(tmp_path):
    path = tmp_path / "song.mp3"
    path.write_text("these are lyrics, not audio\n" * 50)
    with pytest.raises(RenderError) as caught:
        decode(path)
    assert "song.mp3" in str(caught.value) and "wav, mp3, flac or ogg" in str(caught.value)


def test_too_short_silent_and_missing_files_are_clear_errors(tmp_path, clip):
    wavfile.write(tmp_path / "short.wav", SR, clip[0][:SR])
    with pytest.raises(RenderError, match=r"short\.wav.* only 1\.00 s long: music must be at least 2 s"):
        decode(tmp_path / "short.wav")
    wavfile.write(tmp_path / "silent.wav", SR, np.zeros((5 * SR, 2), np.int16))
    with pytest.raises(RenderError, match=r"silent\.wav.* is silent"):
        decode(tmp_path / "silent.wav")
    with pytest.raises(RenderError, match=r"nowhere\.flac.* does not exist"):
        load(tmp_path / "nowhere.flac", 10 * SR)


# ---- fitting ------------------------------------------------------------------------------------

def _check_ending(fitted: Fitted, duration: int) -> None:
    """The music stops by END_MARGIN before the end, fading to exactly zero, then silence."""
    out = fitted.pcm
    e = fitted.ends_at
    assert e <= duration - END_MARGIN
    assert not out[e:].any()  # silence after the phrase
    assert np.abs(out[e - 1]).max() < 1e-3  # the release reaches zero exactly there: no click
    release = min(2 * SR, e)
    assert rms(out[e - SR // 20:e]) < 0.1 * rms(out[e - release - SR:e - release])
    assert fitted.segments[-1][2] + fitted.segments[-1][1] - fitted.segments[-1][0] == e  # the last piece ends there


# At 128 bpm the last phrase start before 49.5 s is at 46.3 s. At 100 bpm it is at 39.97 s, which
# would leave over a fifth of the programme silent, so the music ends on the half phrase after it.
@pytest.mark.parametrize("bpm, end_bars", [(128, 4), (100, 2)])
def test_a_short_piece_loops_at_downbeats_and_ends_on_a_phrase(bpm, end_bars):
    pcm, beats, downs = drums(bpm, 30)
    duration = 50 * SR
    fitted = fit(pcm, duration)
    out, segments = fitted.pcm, fitted.segments
    assert out.shape == (duration, 2) and out.dtype == np.float32 and fitted.grid
    assert len(segments) >= 2 and segments[0][:1] == (0,) and segments[0][2] == 0
    for (s0, e0, o0), (s1, e1, o1) in zip(segments, segments[1:]):
        assert o1 == o0 + e0 - s0  # back to back
    period = 60 * SR / bpm
    long, _, _ = drums(bpm, 60)  # the same music, going on: what a seamless loop must sound like
    for (s0, e0, o0), (s1, e1, o1) in zip(segments, segments[1:]):
        # Out of a phrase-starting downbeat, into an earlier one.
        k0, k1 = np.argmin(np.abs(downs - e0)), np.argmin(np.abs(downs - s1))
        assert abs(downs[k0] - e0) <= 0.001 * SR and abs(downs[k1] - s1) <= 0.001 * SR
        assert (k0 - k1) % 4 == 0 and k1 % 4 == 0
        # The true beat grid runs on across the join.
        before = beats[beats < e0][-1] - s0 + o0
        after = beats[beats >= s1][0] - s1 + o1
        assert abs((after - before) / period - 1) <= 0.01
        # This music repeats every phrase, so the loop must be the music going on, sample for sample
        # after the crossfade, where only the previous bar's release is cut short.
        j = o1
        settled = slice(j + SR * 6 // 100, j + SR)
        assert rms(out[settled] - long[settled]) <= 0.01 * rms(long[settled])
        near = slice(j - SR // 20, j + SR * 6 // 100)
        assert rms(out[near] - long[near]) <= 0.15 * rms(long[near])
        # No click: no sharper sample step near the join than the music has, nor second-difference spike.
        steps = np.abs(np.diff(out[j - SR // 40:j + SR // 40].astype(np.float64), axis=0)).max()
        assert steps <= 1.1 * np.abs(np.diff(pcm.astype(np.float64), axis=0)).max()
        assert click_score(out, j) <= 1.1 * max(click_score(pcm, int(d)) for d in downs[1:-1])
    # It ends on a phrase boundary: the last phrase start that fits, then silence.
    k_end = np.argmin(np.abs(downs - segments[-1][1]))
    assert abs(downs[k_end] - segments[-1][1]) <= 0.001 * SR and k_end % end_bars == 0
    assert fitted.ends_at + end_bars * 4 * period > duration - END_MARGIN  # no later one would have fitted
    _check_ending(fitted, duration)


def test_a_long_piece_is_trimmed_at_a_phrase():
    pcm, beats, downs = drums(128, 60)
    duration = 20 * SR
    fitted = fit(pcm, duration)
    assert fitted.pcm.shape == (duration, 2) and fitted.grid
    (segment,) = fitted.segments
    assert segment == (0, fitted.ends_at, 0)
    k = np.argmin(np.abs(downs - fitted.ends_at))
    assert abs(downs[k] - fitted.ends_at) <= 0.001 * SR and k % 4 == 0  # a phrase start...
    assert fitted.ends_at <= duration - END_MARGIN < downs[k + 4]  # ...the last that fits
    bar = 4 * 60 * SR // 128
    assert np.array_equal(fitted.pcm[SR // 100:fitted.ends_at - bar], pcm[SR // 100:fitted.ends_at - bar])
    _check_ending(fitted, duration)


def test_a_short_programme_ends_on_a_bar_rather_than_in_a_long_silence():
    pcm, _, downs = drums(100, 60)  # 4-bar phrases of 9.6 s: the last one before 19.5 s leaves 8.8 s of silence
    fitted = fit(pcm, 20 * SR)
    assert fitted.grid and fitted.ends_at in downs
    assert 20 * SR - fitted.ends_at <= max(4 * SR, 2.4 * SR)


@pytest.mark.parametrize("duration", [1, SR // 2, 2 * SR + 1, 7 * SR + 12345, 29 * SR + 999, 31 * SR, 75 * SR + 7])
def test_the_output_is_exactly_the_programme_long(duration):
    pcm, _, _ = drums(128, 30)
    fitted = fit(pcm, duration)
    assert fitted.pcm.shape == (duration, 2) and np.isfinite(fitted.pcm).all()
    assert 0 <= fitted.ends_at <= duration
    assert np.abs(fitted.pcm).max() <= 1.05 * np.abs(pcm).max()


def test_long_output_is_bounded_and_deterministic():
    pcm, _, _ = drums(128, 12)
    beats = track(pcm)
    duration = 10 * 60 * SR  # ten minutes here; an hour measured the same way peaks at the output's size too
    tracemalloc.start()
    fitted = fit(pcm, duration, beats)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak <= 1.2 * fitted.pcm.nbytes  # the output, and little more
    assert len(fitted.segments) > 50 and fitted.ends_at > duration - 16 * 60 * SR / 128
    again = fit(pcm, duration, beats)
    assert again.segments == fitted.segments and np.array_equal(again.pcm, fitted.pcm)


def test_ambient_music_is_fitted_at_quiet_points_instead():
    pcm = ambient(30)
    fitted = fit(pcm, 50 * SR)
    assert not fitted.grid and "no steady beat" in fitted.note
    assert fitted.pcm.shape == (50 * SR, 2) and len(fitted.segments) >= 2
    for _, _, at in fitted.segments[1:]:
        assert click_score(fitted.pcm, at) <= 2.0  # the verifier's limit for a join
    _check_ending(fitted, 50 * SR)
    trimmed = fit(pcm, 20 * SR)
    assert not trimmed.grid and trimmed.segments == ((0, trimmed.ends_at, 0),)
    assert 20 * SR - END_MARGIN - 4 * SR <= trimmed.ends_at <= 20 * SR - END_MARGIN


def test_load_decodes_fits_and_caches(tmp_path):
    pcm, _, downs = drums(128, 30)
    path = tmp_path / "song.wav"
    wavfile.write(path, SR, pcm)
    first = load(path, 20 * SR)
    assert load(str(path), 20 * SR) is first  # cached
    assert not first.pcm.flags.writeable and first.grid
    assert first.pcm.shape == (20 * SR, 2)
    wavfile.write(path, SR, pcm[: 25 * SR])
    os.utime(path, ns=(1, 1))
    assert load(path, 20 * SR) is not first  # the file changed
    assert load(path, 40 * SR).segments != first.segments
