"""The premaster: narration, sound effects and the ducked music bed summed on one stereo bus.

Every contribution is computed from absolute sample positions, and summed in the same order
whatever the requested range, so `premaster` over any chunking gives the same samples.

Levels (before the master gain):
- narration: each line normalised to NARRATION_LUFS (-18 LUFS, gated), then `line.gain_db`;
- music: the un-ducked bed at `music.gain_db` LUFS (default -25, 7 dB under the voice between
  lines), `music.duck_db` lower under narration (default -10): 17 dB under the voice while it speaks;
- sound effects: nominal levels in `sfx.SOUNDS` (each Sound's peak_dbfs), then `SoundEvent.gain_db`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ...assets import AssetStore, asset_path
from ...errors import RenderError
from ...measure import clip_lufs
from ...timeline import SAMPLE_RATE, SampleRange, Timeline
from .music import bed
from .sfx import sound

NARRATION_LUFS = -18.0
MAX_NORMALISE_DB = 24.0  # never boost a near-silent line into noise
EDGE_FADE = SAMPLE_RATE * 5 // 1000  # >= 3 ms raised-cosine on every audio edge
DUCK_LEAD = SAMPLE_RATE * 150 // 1000  # the bed starts ducking 150 ms before a line
DUCK_RELEASE = SAMPLE_RATE * 600 // 1000  # and comes back over 600 ms after it
DUCK_MERGE_GAP = SAMPLE_RATE * 700 // 1000  # lines closer than this duck as one (no pumping)
MIX_BLOCK_SAMPLES = 1 << 20  # ~22 s: `premaster` sums long ranges in pieces this long, so temporaries stay small


def pan_gains(pan: float) -> tuple[float, float]:
    """Constant-power (-3 dB at centre) left/right gains for pan in -1 (left) .. 1 (right)."""
    theta = (min(max(pan, -1.0), 1.0) + 1.0) * np.pi / 4
    return float(np.cos(theta)), float(np.sin(theta))


def _ramp_in(n: int) -> np.ndarray:
    return (0.5 - 0.5 * np.cos(np.pi * (np.arange(n) + 0.5) / n)).astype(np.float32)


def _pcm(path: str) -> np.ndarray:
    """A narration clip as mono float32 (not cached itself: `_placed` caches the prepared copy)."""
    try:
        data = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as error:
        raise RenderError(
            f"narration audio {path} cannot be read ({error}); re-run planning to synthesise it"
        ) from error
    data = np.asarray(data, dtype=np.float32)
    if data.ndim == 2 and 1 in data.shape:
        data = data.reshape(-1)
    if data.ndim != 1:
        raise RenderError(f"narration audio {path} has shape {data.shape}; expected mono (n,) float32 at 48 kHz")
    return data


@lru_cache(maxsize=64)
def _placed(path: str, length: int) -> np.ndarray:
    """A line's audio clipped/zero-padded to `length`, normalised to NARRATION_LUFS, edges faded.

    Cached per process by (path, length): the file is read and measured once, not per chunk.
    Blocks are rendered in time order, so a few dozen lines cover any block and its neighbours
    while memory stays bounded on long programmes (~1.5 MB per 8 s line).
    """
    pcm = _pcm(path)
    out = np.zeros(length, np.float32)
    m = min(length, pcm.size)
    out[:m] = pcm[:m]
    # Measured on the whole clip as synthesised, so trimming its range does not change its level.
    loudness = clip_lufs(pcm)
    if np.isfinite(loudness):
        out *= 10 ** (min(NARRATION_LUFS - loudness, MAX_NORMALISE_DB) / 20)
    fade = min(EDGE_FADE, m // 2)
    if fade:
        ramp = _ramp_in(fade)
        out[:fade] *= ramp
        out[m - fade:m] *= ramp[::-1]
    out.flags.writeable = False
    return out


def duck_intervals(timeline: Timeline) -> list[tuple[int, int]]:
    """Narration ranges the bed ducks under, with gaps shorter than DUCK_MERGE_GAP closed."""
    spans = sorted((line.start, line.end) for line in timeline.lines if line.end > line.start)
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start - merged[-1][1] < DUCK_MERGE_GAP:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def duck_gain(timeline: Timeline, s0: int, s1: int) -> np.ndarray:
    """Linear gain of the music bed over [s0, s1): 1 between lines, duck_db under them.

    Driven by the timeline, not by an envelope follower: the bed goes down over the 150 ms before
    each (merged) line and comes back over 600 ms after it, raised-cosine in dB.
    """
    depth = -abs(timeline.music.duck_db)
    amount = np.zeros(s1 - s0, np.float64)  # 0 = not ducked, 1 = fully ducked
    wanted = SampleRange(s0, s1)
    for a, b in duck_intervals(timeline):
        span = SampleRange(a - DUCK_LEAD, b + DUCK_RELEASE).clamped(wanted)
        if not span.duration:
            continue
        lo, hi = span.start, span.end
        n = np.arange(lo, hi, dtype=np.float64)
        shape = np.ones(hi - lo)
        pre = n < a
        shape[pre] = 0.5 - 0.5 * np.cos(np.pi * (n[pre] - (a - DUCK_LEAD) + 0.5) / DUCK_LEAD)
        post = n >= b
        shape[post] = 0.5 + 0.5 * np.cos(np.pi * (n[post] - b + 0.5) / DUCK_RELEASE)
        np.maximum(amount[lo - s0:hi - s0], shape, out=amount[lo - s0:hi - s0])
    return (10 ** (depth * amount / 20)).astype(np.float32)


def narration(timeline: Timeline, s0: int, s1: int, assets: AssetStore | None = None) -> np.ndarray:
    """The voice bus over [s0, s1): every line at its place, centred, (n, 2) float32 (clips from `assets`)."""
    out = np.zeros((s1 - s0, 2), np.float32)
    centre = np.float32(pan_gains(0.0)[0])
    wanted = SampleRange(s0, s1)
    for line in timeline.lines:
        span = SampleRange(line.start, line.end).clamped(wanted)
        if not span.duration:
            continue
        a, b = span.start, span.end
        clip = _placed(str(asset_path(assets, line.audio)), line.end - line.start)
        seg = clip[a - line.start:b - line.start] * np.float32(10 ** (line.gain_db / 20) * centre)
        out[a - s0:b - s0] += seg[:, None]
    return out


def effects(timeline: Timeline, s0: int, s1: int) -> np.ndarray:
    """The sound-effects bus over [s0, s1): each SoundEvent's sound from `at`, panned, (n, 2) float32."""
    out = np.zeros((s1 - s0, 2), np.float32)
    wanted = SampleRange(s0, s1)
    for event in timeline.sound_events:
        if event.at >= s1:
            continue
        x = sound(event.kind, event.seed)
        span = SampleRange(event.at, event.at + x.size).clamped(wanted)
        if not span.duration:
            continue
        a, b = span.start, span.end
        left, right = pan_gains(event.pan)
        level = 10 ** (event.gain_db / 20)
        seg = x[a - event.at:b - event.at]
        out[a - s0:b - s0, 0] += seg * np.float32(level * left)
        out[a - s0:b - s0, 1] += seg * np.float32(level * right)
    return out


def music(timeline: Timeline, s0: int, s1: int) -> np.ndarray:
    """The music bus over [s0, s1): the bed with its fades, ducked under narration, (n, 2) float32."""
    out = bed(timeline.music, timeline.duration, s0, s1)
    if timeline.music.enabled and timeline.lines:
        out *= duck_gain(timeline, s0, s1)[:, None]
    return out


def premaster(timeline: Timeline, s0: int, s1: int, assets: AssetStore | None = None) -> np.ndarray:
    """The mix before mastering over [s0, s1): (s1 - s0, 2) float32, zero outside [0, duration).

    A pure function of (timeline, s0, s1) and the narration clips the timeline names in `assets`.
    """
    out = np.zeros((max(s1 - s0, 0), 2), np.float32)
    inside = SampleRange(s0, s1).clamped(SampleRange(0, timeline.duration))
    for lo in range(inside.start, inside.end, MIX_BLOCK_SAMPLES):  # every sample is computed alike in any block
        hi = min(lo + MIX_BLOCK_SAMPLES, inside.end)
        out[lo - s0:hi - s0] = _mix(timeline, lo, hi, assets)
    return out


def _mix(timeline: Timeline, a: int, b: int, assets: AssetStore | None) -> np.ndarray:
    mix = narration(timeline, a, b, assets)
    mix += effects(timeline, a, b)
    mix += music(timeline, a, b)
    # The programme's own edges: anything still sounding at the end is cut by a short fade, not a click.
    if a < EDGE_FADE:
        mix[: EDGE_FADE - a] *= _ramp_in(EDGE_FADE)[a:min(b, EDGE_FADE)][:, None]
    tail = timeline.duration - EDGE_FADE
    if b > tail:
        lo = max(a, tail)
        mix[lo - a:] *= _ramp_in(EDGE_FADE)[::-1][lo - tail:b - tail][:, None]
    return mix
