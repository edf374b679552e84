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
from ....measure.loudness import LoudnessMeter
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


class Wav:
    """FluidSynth's WAV (IEEE float, format 3, or 16-bit PCM), read in pieces as stereo float64."""

    def __init__(self, path: Path):
        self.path = path
        with open(path, "rb") as f:
            head = f.read(12)
            if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                raise RenderError(f"fluidsynth wrote no WAV file at {path}")
            fmt = data = None
            while data is None:  # walk the chunks ourselves: `wave` refuses IEEE float
                chunk = f.read(8)
                if len(chunk) < 8:
                    break
                kind, size = chunk[:4], int.from_bytes(chunk[4:8], "little")
                if kind == b"fmt ":
                    body = f.read(size + (size & 1))
                    fmt = (int.from_bytes(body[0:2], "little"), int.from_bytes(body[2:4], "little"),
                           int.from_bytes(body[4:8], "little"), int.from_bytes(body[14:16], "little"))
                elif kind == b"data":
                    data = (f.tell(), size)
                else:
                    f.seek(size + (size & 1), 1)
        if fmt is None or data is None:
            raise RenderError(f"fluidsynth's WAV at {path} has no fmt or data chunk")
        tag, self.channels, rate, bits = fmt
        if rate != SAMPLE_RATE:
            raise RenderError(f"fluidsynth rendered at {rate} Hz, expected {SAMPLE_RATE}")
        if tag in (3, 0xFFFE) and bits == 32:
            self.dtype, self.scale = np.dtype("<f4"), 1.0
        elif tag == 1 and bits == 16:
            self.dtype, self.scale = np.dtype("<i2"), 1 / 32768.0
        else:
            raise RenderError(f"unexpected WAV format from fluidsynth (tag {tag}, {bits} bits)")
        self.offset = data[0]
        self.frames = data[1] // (self.dtype.itemsize * self.channels)

    def read(self, a: int, b: int) -> np.ndarray:
        """Frames [a, b) as (n, 2) float64; zeros past the end."""
        out = np.zeros((max(0, b - a), 2))
        hi = min(b, self.frames)
        if hi > a:
            with open(self.path, "rb") as f:
                f.seek(self.offset + a * self.channels * self.dtype.itemsize)
                x = np.fromfile(f, self.dtype, count=(hi - a) * self.channels).reshape(-1, self.channels)
            out[:hi - a] = x[:, :2] * self.scale if self.channels >= 2 else np.repeat(x[:, :1] * self.scale, 2, axis=1)
        return out


def _db(x: np.ndarray) -> float:
    power = float(np.mean(np.square(x, dtype=np.float64))) if x.size else 0.0
    return 10 * np.log10(power) if power > 0 else float("-inf")


BLOCK = SAMPLE_RATE * 10  # the score is shaped and measured ten seconds at a time: bounded memory


class Shape:
    """How FluidSynth's output becomes the soundtrack: exactly `duration` samples at 0 LUFS, with the
    fades (see the module docstring), as gains over sample positions, so it is applied block by block.

    The ending is trimmed to a known level: the 10 ms just before the safety fade are brought to
    TAIL_DB below the programme's loudness by a gain that ramps in (linear in dB) over the last
    second, at most -30 or +6 dB. The diminuendo in the MIDI already lands within a few dB of
    that; the trim makes the fall to -60 dBFS sit about 20 ms before the end, whatever the mood.
    """

    def __init__(self, wav: Wav, duration: int):
        self.wav, self.duration = wav, duration
        self.live = max(0, duration - SILENT_TAIL)
        self.trim, self.norm = 0.0, 1.0
        fade = self.live - SAFETY_FADE  # where the safety fade starts
        self.window = fade - SILENT_TAIL  # the 10 ms before it set the trim
        self.ramp = max(0, self.window - TAIL_RAMP)
        loudness = self.loudness()
        if self.window > 0 and np.isfinite(loudness) and np.isfinite(level := _db(self.raw(self.window, fade))):
            self.trim = float(np.clip(TAIL_DB - (level - loudness), -30.0, 6.0))
        loudness = self.loudness(shaped=True)
        self.norm = 10 ** (-loudness / 20) if np.isfinite(loudness) else 1.0

    def raw(self, a: int, b: int) -> np.ndarray:
        """FluidSynth's output over [a, b), cut to the programme and silent from `live` on."""
        x = self.wav.read(a, b)
        if b > self.live:
            x[max(0, self.live - a):] = 0.0
        return x

    def gain(self, a: int, b: int) -> np.ndarray:
        """The trim and both fades over [a, b), per sample."""
        i = np.arange(a, b, dtype=np.float64)
        g = np.ones(b - a)
        if self.trim:
            u = np.clip((i - self.ramp) / max(self.window - self.ramp, 1), 0.0, 1.0)
            g *= np.where(i >= self.ramp, 10 ** (self.trim * u / 20), 1.0)
        k = min(SAFETY_FADE, self.live)
        if k:
            u = (i - (self.live - k) + 0.5) / k
            g *= np.where((i >= self.live - k) & (i < self.live), 0.5 + 0.5 * np.cos(np.pi * u), 1.0)
        k = min(FADE_IN, self.live)
        if k:
            g *= np.where(i < k, 0.5 - 0.5 * np.cos(np.pi * (i + 0.5) / k), 1.0)
        return g

    def block(self, a: int, b: int, shaped: bool = True) -> np.ndarray:
        x = self.raw(a, b)
        return x * (self.gain(a, b) * self.norm)[:, None] if shaped else x

    def loudness(self, shaped: bool = False) -> float:
        """Integrated loudness (LUFS) of the programme-length output, before or after the shaping."""
        if self.duration < int(0.4 * SAMPLE_RATE):
            return clip_lufs(self.block(0, self.duration, shaped))
        meter = LoudnessMeter(2)
        for a in range(0, self.duration, BLOCK):
            meter.add(self.block(a, min(a + BLOCK, self.duration), shaped))
        return meter.integrated()

    def write(self, target: Path) -> None:
        """The soundtrack as a .npy file of (duration, 2) float32, written block by block."""
        header = {"descr": "<f4", "fortran_order": False, "shape": (self.duration, 2)}
        with open(target, "wb") as f:
            np.lib.format.write_array_header_1_0(f, header)
            for a in range(0, self.duration, BLOCK):
                f.write(self.block(a, min(a + BLOCK, self.duration)).astype("<f4").tobytes())


def play(score: Score, wav: Path, soundfont: str | None = None) -> Wav:
    """FluidSynth's raw rendering of the score's MIDI into `wav` (48 kHz), as it came out."""
    binary = fluidsynth_path()
    font = soundfont or soundfont_path()
    if not os.path.isfile(font):
        raise RenderError(f"soundfont {font!r} does not exist; {INSTALL_HINT}")
    timeout = TIMEOUT_S + score.duration / SAMPLE_RATE / 10
    mid = wav.with_suffix(".mid")
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
    return Wav(wav)


def render_score_file(score: Score, target: Path, soundfont: str | None = None) -> None:
    """The score played by FluidSynth into `target`: a .npy of (duration, 2) float32 at 48 kHz, 0 LUFS
    integrated, made ten seconds at a time (a long programme's music is never all in memory).

    Bit-identical for the same score and soundfont. FluidSynth failures and timeouts raise a
    RenderError carrying the end of its stderr.
    """
    with tempfile.TemporaryDirectory(prefix="onetake-score-") as tmp:
        if score.duration == 0:
            np.save(target, np.zeros((0, 2), np.float32))
            return
        Shape(play(score, Path(tmp) / "score.wav", soundfont), score.duration).write(Path(target))


def render_score(score: Score, soundfont: str | None = None) -> np.ndarray:
    """`render_score_file` read back into memory: (duration, 2) float32 (for short scores and tests)."""
    with tempfile.TemporaryDirectory(prefix="onetake-score-") as tmp:
        target = Path(tmp) / "score.npy"
        render_score_file(score, target, soundfont)
        return np.load(target)
