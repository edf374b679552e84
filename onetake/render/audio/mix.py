"""The premaster: narration, sound effects, ambience and the ducked music summed on one stereo bus.

Every contribution is computed from absolute sample positions, and summed in the same order
whatever the requested range, so `premaster` over any chunking gives the same samples.

Levels (before the master gain):
- narration: each line normalised to NARRATION_LUFS (-18 LUFS, gated), then `line.gain_db`;
- music: the un-ducked score (or file, or the older procedural bed) at `music.gain_db` LUFS
  (default -24, 6 dB under the voice between lines), `music.duck_db` lower under narration
  (default -12): 18 dB under the voice while it speaks;
- ambience: AMBIENCE_LUFS (-45, 27 dB under the voice), up to +6 dB as the camera nears a placed
  source (21 dB under): the 20-30 dB a room tone sits under speech;
- sound effects: nominal levels in `sfx.SOUNDS` (each Sound's peak_dbfs), then `SoundEvent.gain_db`.

`buses` gives the four separately (the stems); `premaster` is their sum.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ...assets import AssetStore, asset_path
from ...errors import RenderError
from ...measure import clip_lufs
from ...timeline import SAMPLE_RATE, Music, SampleRange, Timeline
from .ambience import Zone, ambience as ambience_bed
from .music import bed
from .sfx import sound

NARRATION_LUFS = -18.0
AMBIENCE_LUFS = NARRATION_LUFS - 27.0
BUSES = ("narration", "effects", "ambience", "music")  # the stems, in the order they are summed
CAMERA_STEP = SAMPLE_RATE // 100  # the camera's closeness to a source is sampled every 10 ms (absolute grid)
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


@lru_cache(maxsize=4)
def _soundtrack(path: str) -> tuple[int, int]:
    """(where the samples start in the file, how many frames) of a rendered score or music file (.npy)."""
    try:
        with open(path, "rb") as f:
            version = np.lib.format.read_magic(f)
            header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            shape, fortran, dtype = header(f)
            offset = f.tell()
    except (OSError, ValueError) as error:
        raise RenderError(f"music audio {path} cannot be read ({error}); re-run planning to render it") from error
    if len(shape) != 2 or shape[1] != 2 or fortran or dtype != np.dtype("<f4"):
        raise RenderError(f"music audio {path} has shape {shape} ({dtype}); expected (n, 2) float32 at 48 kHz")
    return offset, shape[0]


def read_frames(path: str, lo: int, hi: int) -> np.ndarray:
    """Frames [lo, hi) of a rendered soundtrack, read from the file (not mapped: reading the whole
    programme range by range never makes it resident in this process)."""
    offset, frames = _soundtrack(path)
    hi = min(hi, frames)
    if hi <= lo:
        return np.zeros((0, 2), np.float32)
    with open(path, "rb") as f:
        f.seek(offset + lo * 8)
        return np.fromfile(f, "<f4", count=(hi - lo) * 2).reshape(-1, 2)


def soundtrack(m: Music, duration: int, s0: int, s1: int, assets: AssetStore | None) -> np.ndarray:
    """The un-ducked music over [s0, s1) at `m.gain_db` LUFS: the rendered audio, or the bed without one."""
    if not m.audio:
        return bed(m, duration, s0, s1)
    out = np.zeros((s1 - s0, 2), np.float32)
    inside = SampleRange(s0, s1).clamped(SampleRange(0, duration))
    if m.enabled and inside.duration:
        data = read_frames(str(asset_path(assets, m.audio)), inside.start, inside.end)
        lo = inside.start
        out[lo - s0:lo - s0 + data.shape[0]] = data * np.float32(10 ** (m.gain_db / 20))
    return out


def music(timeline: Timeline, s0: int, s1: int, assets: AssetStore | None = None) -> np.ndarray:
    """The music bus over [s0, s1): the score (or bed) ducked under narration, (n, 2) float32."""
    out = soundtrack(timeline.music, timeline.duration, s0, s1, assets)
    if timeline.music.enabled and timeline.lines:
        out *= duck_gain(timeline, s0, s1)[:, None]
    return out


def closeness(timeline: Timeline, zone: Zone, n: np.ndarray) -> np.ndarray:
    """How near the camera is to a placed ambience source at samples `n`, 0 (wide, away) .. 1 (closest).

    Only the image layout moves a camera: its zoom (scale 1 .. ZOOM) times how near the view's centre
    is to the source across the screen. Sampled on an absolute 10 ms grid and interpolated, so any
    chunking gives the same values.
    """
    from ...geometry.image import ZOOM, camera

    scene = timeline.scene_at(int(zone.start))
    if scene.layout != "image" or zone.x is None or not n.size:
        return np.zeros(n.size)
    grid = np.arange(n.min() // CAMERA_STEP * CAMERA_STEP, n.max() + 2 * CAMERA_STEP, CAMERA_STEP)
    values = []
    for t in grid:
        scale, cx, _ = camera(scene, int(min(max(t, scene.start), scene.end - 1)))
        zoom = (scale - 1) / (ZOOM - 1)
        values.append(zoom * (1 - min(1.0, 2 * abs(cx - zone.x))))
    return np.clip(np.interp(n, grid, values), 0.0, 1.0)


def ambience(timeline: Timeline, s0: int, s1: int) -> np.ndarray:
    """The ambience bus over [s0, s1): every scene's bed, crossfaded, at AMBIENCE_LUFS, (n, 2) float32."""
    if not timeline.ambience:
        return np.zeros((s1 - s0, 2), np.float32)
    zones = [Zone(a.start, a.end, a.kind, a.x, a.seed) for a in timeline.ambience]
    out = ambience_bed(zones, s0, s1, lambda zone, n: closeness(timeline, zone, n))
    return out * np.float32(10 ** (AMBIENCE_LUFS / 20))


def buses(timeline: Timeline, s0: int, s1: int, assets: AssetStore | None = None) -> dict[str, np.ndarray]:
    """The four stems before mastering over [s0, s1) (BUSES, each (n, 2) float32, zero outside the programme)."""
    out = {name: np.zeros((max(s1 - s0, 0), 2), np.float32) for name in BUSES}
    inside = SampleRange(s0, s1).clamped(SampleRange(0, timeline.duration))
    for lo in range(inside.start, inside.end, MIX_BLOCK_SAMPLES):  # every sample is computed alike in any block
        hi = min(lo + MIX_BLOCK_SAMPLES, inside.end)
        for name, x in _buses(timeline, lo, hi, assets).items():
            out[name][lo - s0:hi - s0] = x
    return out


def premaster(timeline: Timeline, s0: int, s1: int, assets: AssetStore | None = None) -> np.ndarray:
    """The mix before mastering over [s0, s1): (s1 - s0, 2) float32, zero outside [0, duration).

    A pure function of (timeline, s0, s1) and the clips the timeline names in `assets`: the sum of `buses`.
    """
    out = np.zeros((max(s1 - s0, 0), 2), np.float32)
    inside = SampleRange(s0, s1).clamped(SampleRange(0, timeline.duration))
    for lo in range(inside.start, inside.end, MIX_BLOCK_SAMPLES):
        hi = min(lo + MIX_BLOCK_SAMPLES, inside.end)
        out[lo - s0:hi - s0] = sum_buses(_buses(timeline, lo, hi, assets))
    return out


def sum_buses(parts: dict[str, np.ndarray]) -> np.ndarray:
    """The buses added in BUSES order (the same order everywhere, so sums agree to the bit)."""
    mix = parts[BUSES[0]].copy()
    for name in BUSES[1:]:
        mix += parts[name]
    return mix


def edge_gain(duration: int, n: np.ndarray) -> np.ndarray:
    """The programme's own edges at samples `n`: anything sounding at sample 0 or still sounding at
    the end is faded over EDGE_FADE, not cut with a click (1.0 everywhere else)."""
    edge = np.ones(n.size, np.float32)
    head = (n >= 0) & (n < EDGE_FADE)
    edge[head] = _ramp_in(EDGE_FADE)[n[head]]
    tail = (n >= duration - EDGE_FADE) & (n < duration)
    edge[tail] *= _ramp_in(EDGE_FADE)[::-1][n[tail] - (duration - EDGE_FADE)]
    return edge


def _buses(timeline: Timeline, a: int, b: int, assets: AssetStore | None) -> dict[str, np.ndarray]:
    parts = {"narration": narration(timeline, a, b, assets), "effects": effects(timeline, a, b),
             "ambience": ambience(timeline, a, b), "music": music(timeline, a, b, assets)}
    if a < EDGE_FADE or b > timeline.duration - EDGE_FADE:
        edge = edge_gain(timeline.duration, np.arange(a, b))
        for x in parts.values():
            x *= edge[:, None]
    return parts
