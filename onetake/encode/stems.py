"""Stems for editors: narration, effects, ambience and music as 48 kHz 24-bit WAVs, plus their mix.

Each stem is exactly the video's length and carries the mastering (the programme gain and the
limiter's gain, taken from the full mix), so the four add up to `mix.wav`, the soundtrack of the
MP4 before AAC. Written block by block: memory stays bounded on a programme of any length.
"""

from __future__ import annotations

import wave
from contextlib import ExitStack
from pathlib import Path

import numpy as np

from ..assets import AssetStore
from ..io import atomic_path
from ..render import audio
from ..timeline import SAMPLE_RATE, Timeline

BLOCK = SAMPLE_RATE * 20
FULL_SCALE_24 = 2**23 - 1


def pcm24(x: np.ndarray) -> bytes:
    """(n, 2) float in [-1, 1] as interleaved little-endian 24-bit PCM bytes (rounded, clipped)."""
    q = np.clip(np.round(x.astype(np.float64) * FULL_SCALE_24), -FULL_SCALE_24 - 1, FULL_SCALE_24).astype("<i4")
    return q.reshape(-1, 1).view(np.uint8)[:, :3].tobytes()


def write_stems(timeline: Timeline, folder: Path, assets: AssetStore | None = None) -> list[Path]:
    """Write `<folder>/{narration,effects,ambience,music,mix}.wav`; returns their paths (each atomic)."""
    folder.mkdir(parents=True, exist_ok=True)
    names = (*audio.BUSES, "mix")
    paths = [folder / f"{name}.wav" for name in names]
    with ExitStack() as stack:
        writers = {}
        for name, path in zip(names, paths):
            temp = stack.enter_context(atomic_path(path))
            w = stack.enter_context(wave.open(str(temp), "wb"))
            w.setnchannels(2)
            w.setsampwidth(3)
            w.setframerate(SAMPLE_RATE)
            writers[name] = w
        for s0 in range(0, timeline.duration, BLOCK):
            s1 = min(s0 + BLOCK, timeline.duration)
            parts = audio.stems(timeline, s0, s1, assets)
            for name in audio.BUSES:
                writers[name].writeframes(pcm24(parts[name]))
            writers["mix"].writeframes(pcm24(audio.samples(timeline, s0, s1, assets)))
    return paths
