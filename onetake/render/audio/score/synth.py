"""Rendering a score: FluidSynth plays the MIDI into a float WAV, which is fitted to the programme.

FluidSynth runs as a subprocess in fast-render mode (no audio device, no MIDI input, no shell),
so it is as deterministic as the file it plays: one synthesis thread, sample-clocked player,
float output (no dither). Reverb and chorus stay on (they are deterministic filters and make the
General MIDI sounds less dry). The output is then made exactly `duration` samples long, brought
to 0 LUFS integrated (the mixer sets the bed's real level), given a 2 ms fade-in (a note struck
on sample 0 would otherwise start with a step) and a 30 ms raised-cosine safety fade that ends
SILENT_TAIL before the end. The score's own diminuendo has the sound 40-50 dB down by then (a
trim over the last second makes that exactly TAIL_DB), so the fade only closes what is left of
the release and reverb tail: the audio falls below -60 dBFS (RMS, 10 ms) about 20 ms before the
end, inside the last 50 ms and not before, and the last 10 ms are exact zeros.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from ....errors import RenderError
from ....measure import clip_lufs
from ....timeline import SAMPLE_RATE
from .plan import SILENT_TAIL, Score

SOUNDFONTS = (
    "/usr/share/sounds/sf3/MuseScore_General_Lite.sf3",  # MIT (see /usr/share/doc/musescore-general-soundfont-small)
    "/usr/share/sounds/sf3/MuseScore_General.sf3",
    "/usr/share/sounds/sf2/FluidR3_GM.sf2",  # MIT, larger
    "/usr/share/sounds/sf2/default-GM.sf2",
)
INSTALL_HINT = "install them with: apt-get install fluidsynth musescore-general-soundfont-small"
FADE_IN = SAMPLE_RATE // 500  # 2 ms
SAFETY_FADE = SAMPLE_RATE * 30 // 1000  # 30 ms, ending SILENT_TAIL before the end
TAIL_DB = -50.0  # the ending's level just before the safety fade, re the programme's loudness
TAIL_RAMP = SAMPLE_RATE  # the ending's trim ramps in over the last second
GAIN = 0.5  # FluidSynth's master gain: headroom for dense chords (we normalise afterwards anyway)
_OPTIONS = (
    "-o", "synth.cpu-cores=1",  # one synthesis thread: the mix order, hence every bit, is fixed
    "-o", "player.timing-source=sample",  # the MIDI player clocked by samples rendered, not the wall clock
    "-o", "synth.dynamic-sample-loading=1",  # decode only the presets used (sf3 is compressed): ~1.3 s
)  # faster to start, and verified to give the same samples as loading everything
TIMEOUT_S = 60.0  # plus 1 s per 10 s of music: fast rendering runs at tens of times real time


def fluidsynth_path() -> str:
    """The FluidSynth binary, or a RenderError saying how to install it."""
    found = shutil.which("fluidsynth")
    if found is None:
        raise RenderError(f"the score needs the fluidsynth program, which is not on PATH; {INSTALL_HINT}")
    return found


def soundfont_path() -> str:
    """The General MIDI soundfont to play the score with (MuseScore General Lite, else FluidR3), or
    a RenderError saying how to install one; also checks that fluidsynth itself is installed."""
    fluidsynth_path()
    for path in SOUNDFONTS:
        if os.path.isfile(path):
            return path
    raise RenderError(f"no General MIDI soundfont found (looked for {', '.join(SOUNDFONTS)}); {INSTALL_HINT}")


def _read_wav(path: Path) -> np.ndarray:
    """A FluidSynth float WAV (IEEE float, format 3, or 16/32-bit PCM) as (n, 2) float64."""
    data = path.read_bytes()
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise RenderError(f"fluidsynth wrote no WAV file at {path}")
    pos, fmt, pcm = 12, None, None
    while pos + 8 <= len(data):  # walk the chunks ourselves: `wave` refuses IEEE float
        kind, size = data[pos:pos + 4], int.from_bytes(data[pos + 4:pos + 8], "little")
        body = data[pos + 8:pos + 8 + size]
        if kind == b"fmt ":
            fmt = (int.from_bytes(body[0:2], "little"), int.from_bytes(body[2:4], "little"),
                   int.from_bytes(body[4:8], "little"), int.from_bytes(body[14:16], "little"))
        elif kind == b"data":
            pcm = body
        pos += 8 + size + (size & 1)
    if fmt is None or pcm is None:
        raise RenderError(f"fluidsynth's WAV at {path} has no fmt or data chunk")
    tag, channels, rate, bits = fmt
    if rate != SAMPLE_RATE:
        raise RenderError(f"fluidsynth rendered at {rate} Hz, expected {SAMPLE_RATE}")
    if tag in (3, 0xFFFE) and bits == 32:
        x = np.frombuffer(pcm[:len(pcm) // 4 * 4], "<f4").astype(np.float64)
    elif tag == 1 and bits == 16:
        x = np.frombuffer(pcm[:len(pcm) // 2 * 2], "<i2") / 32768.0
    else:
        raise RenderError(f"unexpected WAV format from fluidsynth (tag {tag}, {bits} bits)")
    x = x[:x.size // channels * channels].reshape(-1, channels)
    return x if channels == 2 else np.repeat(x[:, :1], 2, axis=1)


def _db(x: np.ndarray) -> float:
    power = float(np.mean(np.square(x, dtype=np.float64))) if x.size else 0.0
    return 10 * np.log10(power) if power > 0 else float("-inf")


def _shape(x: np.ndarray, duration: int) -> np.ndarray:
    """Exactly `duration` samples at 0 LUFS, with the fades (see the module docstring).

    The ending is trimmed to a known level: the 10 ms just before the safety fade are brought to
    TAIL_DB below the programme's loudness by a gain that ramps in (linear in dB) over the last
    second, at most -30 or +6 dB. The diminuendo in the MIDI already lands within a few dB of
    that; the trim makes the fall to -60 dBFS sit about 20 ms before the end, whatever the mood.
    """
    out = np.zeros((duration, 2))
    n = min(duration, x.shape[0])
    out[:n] = x[:n]
    live = max(0, duration - SILENT_TAIL)
    out[live:] = 0.0
    fade = live - SAFETY_FADE  # where the safety fade starts
    window = fade - SILENT_TAIL  # the 10 ms before it set the trim
    loudness = clip_lufs(out)
    if window > 0 and np.isfinite(loudness) and np.isfinite(level := _db(out[window:fade])):
        trim = float(np.clip(TAIL_DB - (level - loudness), -30.0, 6.0))
        ramp = max(0, window - TAIL_RAMP)
        u = np.arange(window - ramp) / max(window - ramp, 1)
        out[ramp:window] *= (10 ** (trim * u / 20))[:, None]
        out[window:] *= 10 ** (trim / 20)
    k = min(SAFETY_FADE, live)
    if k:
        u = (np.arange(k) + 0.5) / k
        out[live - k:live] *= (0.5 + 0.5 * np.cos(np.pi * u))[:, None]
    k = min(FADE_IN, live)
    if k:
        out[:k] *= (0.5 - 0.5 * np.cos(np.pi * (np.arange(k) + 0.5) / k))[:, None]
    loudness = clip_lufs(out)
    if np.isfinite(loudness):
        out *= 10 ** (-loudness / 20)
    return out.astype(np.float32)


def play(score: Score, soundfont: str | None = None) -> np.ndarray:
    """FluidSynth's raw rendering of the score's MIDI, (n, 2) float64 at 48 kHz, as it came out."""
    binary = fluidsynth_path()
    font = soundfont or soundfont_path()
    if not os.path.isfile(font):
        raise RenderError(f"soundfont {font!r} does not exist; {INSTALL_HINT}")
    timeout = TIMEOUT_S + score.duration / SAMPLE_RATE / 10
    with tempfile.TemporaryDirectory(prefix="onetake-score-") as tmp:
        mid, wav = Path(tmp) / "score.mid", Path(tmp) / "score.wav"
        mid.write_bytes(score.midi())
        command = [binary, "-ni", "-q", "-g", str(GAIN), "-r", str(SAMPLE_RATE), "-R", "1", "-C", "1", *_OPTIONS,
                   "-F", str(wav), "-T", "wav", "-O", "float", font, str(mid)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as error:
            tail = (error.stderr or b"").decode(errors="replace")[-500:]
            raise RenderError(f"fluidsynth took longer than {timeout:.0f} s to render the score: {tail}") from None
        tail = (done.stderr or b"").decode(errors="replace").strip()[-800:]
        # A bad soundfont is only an error message: FluidSynth still exits 0 and renders silence.
        if done.returncode != 0 or not wav.exists() or "error" in tail.lower():
            raise RenderError(f"fluidsynth failed (exit {done.returncode}) rendering the score with {font}: {tail}")
        return _read_wav(wav)


def render_score(score: Score, soundfont: str | None = None) -> np.ndarray:
    """The score played by FluidSynth: (duration, 2) float32 at 48 kHz, 0 LUFS integrated.

    Bit-identical for the same score and soundfont. FluidSynth failures and timeouts raise a
    RenderError carrying the end of its stderr.
    """
    if score.duration == 0:
        return np.zeros((0, 2), np.float32)
    return _shape(play(score, soundfont), score.duration)
