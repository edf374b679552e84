"""A user's own music file as the soundtrack: decoded, its bars found, cut to the programme's length.

Music cut at an arbitrary sample sounds broken, so the cuts fall where a musician would make them:
- longer than the programme: it plays from its start and stops at the last phrase boundary (a
  downbeat starting a group of `phrase_bars` bars) at least END_MARGIN before the programme's end,
  released by a raised-cosine fade (a bar, at most 2 s) that finishes exactly on that boundary;
- shorter: it loops, jumping from a late phrase boundary back to an early one, so the bar grid
  and the phrase grid both continue across the join (the beat interval over it is a real one of
  the source). The two downbeats are aligned to the sample by correlation and joined by a 30 ms
  crossfade centred on them, power-complementary for their correlation (no dip, no 3 dB bump on
  a shared drum hit); then it ends as above;
- with no steady pulse (ambient music; `Beats.reliable` is false) bars mean nothing: it is cut and
  looped at its quietest nearby points with 3 s fades instead, and `Fitted.grid` says so.
A phrase boundary can leave a long silence on a short programme, so a boundary is only taken if
the silence after it is at most a fifth of the programme; otherwise the next smaller group of bars
that divides the phrase (a half phrase, then a bar) is, and if even bars don't fit (a programme
of a few seconds) the quiet-point fit is used. Only the output is ever materialised: an hour of
looped music costs an hour of samples, never more, and the same input always gives the same samples.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import av
import numpy as np

from ...errors import RenderError
from ...timeline import SAMPLE_RATE
from .beats import Beats, track

FORMATS = ("wav", "mp3", "flac", "ogg")
MIN_SAMPLES = 2 * SAMPLE_RATE  # shorter music can't be looped at a bar, and is more likely a mistake
END_MARGIN = SAMPLE_RATE // 2  # the music ends at least this long before the programme does
JOIN = SAMPLE_RATE * 30 // 1000  # crossfade at a loop join, centred on the downbeat
MAX_RELEASE = 2 * SAMPLE_RATE  # the release fade: one bar, at most this
QUIET_FADE = 3 * SAMPLE_RATE  # fades and joins when there is no beat grid
QUIET_SEARCH = 4 * SAMPLE_RATE  # how far before the end to look for a quiet point
START_FADE = SAMPLE_RATE * 5 // 1000  # a file that starts mid-waveform must not click
SILENT = 1e-4  # peak (-80 dBFS) below which a file counts as silent


@dataclass(frozen=True, slots=True, eq=False)
class Fitted:
    """The music cut to the programme, with how it was cut (for the render summary and the tests)."""

    pcm: np.ndarray  # (duration, 2) float32, exactly `duration` samples
    beats: Beats  # of the source
    segments: tuple[tuple[int, int, int], ...]  # (source_start, source_end, output_start), in order
    ends_at: int  # output sample where the music ends (its phrase end, after the release fade)
    grid: bool = True  # cut at bars and phrases; False: no steady beat, cut at quiet points
    note: str = ""  # one line saying how it was fitted


_HOW = f"use a {', '.join(FORMATS[:-1])} or {FORMATS[-1]} file"


def _where(path: Path) -> str:
    return f"the music file {str(path)!r}"


def decode(path: str | Path, max_samples: int | None = None) -> np.ndarray:
    """The file's audio as (n, 2) float32 at SAMPLE_RATE (mono on both channels, more than two mixed down).

    `max_samples` stops decoding once that much is read (a long song for a short programme). Any
    failure is a RenderError naming the file and the formats it may be in; so are a file with
    under 2 s of audio and a silent one.
    """
    path = Path(path)
    how = _HOW
    if not path.is_file():
        raise RenderError(f"{_where(path)} does not exist: {how}")
    chunks, total = [], 0
    try:
        with av.open(str(path)) as container:
            stream = next((s for s in container.streams if s.type == "audio"), None)
            if stream is None:
                raise RenderError(f"{_where(path)} has no audio in it: {how}")
            mono = stream.codec_context.channels == 1
            resampler = av.AudioResampler(format="flt", layout="mono" if mono else "stereo", rate=SAMPLE_RATE)
            width = 1 if mono else 2
            done = False
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1, width))
                    total += out.samples
                if max_samples is not None and total >= max_samples:
                    done = True
                    break
            if not done:
                for out in resampler.resample(None):
                    chunks.append(out.to_ndarray().reshape(-1, width))
    except RenderError:
        raise
    except (av.error.FFmpegError, OSError, ValueError, UnicodeError) as error:
        raise RenderError(f"can't decode {_where(path)} ({error}): {how}") from None
    pcm = np.concatenate(chunks) if chunks else np.zeros((0, 1), np.float32)
    if max_samples is not None:
        pcm = pcm[:max_samples]
    if mono:
        pcm = np.repeat(pcm, 2, axis=1)
    pcm = np.ascontiguousarray(pcm, np.float32)
    if pcm.shape[0] < MIN_SAMPLES:
        raise RenderError(f"{_where(path)} is only {pcm.shape[0] / SAMPLE_RATE:.2f} s long: "
                          f"music must be at least {MIN_SAMPLES // SAMPLE_RATE} s")
    if not np.isfinite(pcm).all() or np.abs(pcm).max() < SILENT:
        raise RenderError(f"{_where(path)} is silent: {how} with music in it")
    return pcm


# ---- planning: where to cut ---------------------------------------------------------------------

class _Plan(NamedTuple):
    segments: list[tuple[int, int, int]]
    ends_at: int
    release: int  # fade-out length, finishing at ends_at
    join: int  # crossfade length at each join
    ends_on: str  # what ends_at is, for the note


def _units(phrase_bars: int) -> list[int]:
    """Phrase, then each smaller group of bars that divides it, down to one bar: the fallbacks for the end."""
    return [u for u in range(phrase_bars, 0, -1) if phrase_bars % u == 0]


def _bar_rms(mono: np.ndarray, downs: np.ndarray, bar: int) -> tuple[np.ndarray, np.ndarray, float]:
    """RMS of the bar after and the bar before each downbeat, and the median bar RMS."""
    c = np.concatenate([[0.0], np.cumsum(mono.astype(np.float64) ** 2)])
    n = mono.size

    def rms(a, b):
        a, b = np.clip(a, 0, n), np.clip(b, 0, n)
        return np.sqrt((c[b] - c[a]) / np.maximum(b - a, 1))

    after, before = rms(downs, downs + bar), rms(downs - bar, downs)
    return after, before, float(np.median(after))


def _neighbour_gap(beats: np.ndarray, at: int, side: int) -> float:
    """The beat interval just before (side -1) or after (+1) the beat at `at`."""
    k = int(np.searchsorted(beats, at))
    if side < 0:
        return float(at - beats[k - 1]) if k > 0 else np.nan
    k = k + 1 if k < beats.size and beats[k] == at else k
    return float(beats[k] - at) if k < beats.size else np.nan


def _loop_points(mono: np.ndarray, beats: Beats, downs: np.ndarray, unit: int) -> tuple[int, int] | None:
    """Indices (i, j) into `downs`: the loop jumps from downbeat j back to downbeat i.

    Both start a group of `unit` bars, the bar after i and the bar before j are full (not a fade-in
    intro or a fade-out ending), and the beat intervals either side match to 1 %: among such
    pairs, the longest loop (least repetition). Without a 1 % match, the closest one.
    """
    bar = int(round(beats.period * beats.beats_per_bar))
    after, before, median = _bar_rms(mono, downs, bar)
    k = np.arange(downs.size)
    group = k % unit == 0
    starts = k[group & (after >= 0.5 * median)][:3]
    ends = k[group & (before >= 0.5 * median) & (downs + JOIN // 2 <= mono.size)][-3:]
    best, best_key = None, None
    for i in starts:
        for j in ends:
            if j <= i:
                continue
            into = _neighbour_gap(beats.beats, int(downs[j]), -1)
            out_of = _neighbour_gap(beats.beats, int(downs[i]), 1)
            mismatch = abs(into - out_of) / beats.period if np.isfinite(into - out_of) else 1.0
            key = (mismatch <= 0.01, -mismatch if mismatch > 0.01 else 0.0, int(downs[j] - downs[i]))
            if best_key is None or key > best_key:
                best, best_key = (int(i), int(j)), key
    return best


def _align(mono: np.ndarray, ref: int, at: int, reach: int = SAMPLE_RATE // 500,
           span: int = SAMPLE_RATE // 25) -> int:
    """`at` moved by up to `reach` samples so the `span` after it matches the span after `ref` best.

    The loop plays the bar after `at` where the bar after `ref` would have come; where the two
    start alike (the same drum hit), a fraction of a millisecond between them would be a flam.
    Left where it is unless the match is good (correlation over 0.5).
    """
    if ref + span > mono.size or at - reach < 0 or at + reach + span > mono.size:
        return at
    target = mono[ref:ref + span].astype(np.float64)
    frames = np.lib.stride_tricks.sliding_window_view(mono[at - reach:at + reach + span].astype(np.float64), span)
    energy = np.sqrt(np.sum(frames ** 2, axis=1) * np.sum(target ** 2)) + 1e-20
    r = frames @ target / energy
    k = int(np.argmax(r))
    return at - reach + k if r[k] > 0.5 else at


def _end(positions: np.ndarray, labels: np.ndarray, units: list[int], duration: int, bar: float):
    """(output sample, bars in its unit) to end on: the last boundary of the largest unit leaving little silence.

    Little: a fifth of the programme, or for single bars a bar; and the music must fill half the programme.
    """
    target = duration - END_MARGIN
    for unit in units:
        ok = positions[(labels % unit == 0) & (positions <= target) & (positions > 0)]
        if not ok.size:
            continue
        end = int(ok.max())
        if duration - end <= max(duration / 5, bar if unit == 1 else 0) and end >= duration / 2:
            return end, unit
    return None


def _grid_plan(pcm: np.ndarray, duration: int, beats: Beats, phrase_bars: int) -> _Plan | None:
    """The cuts at bars and phrases, or None if the grid can't be used."""
    mono = 0.5 * (pcm[:, 0] + pcm[:, 1])
    n = mono.size
    downs = beats.downbeats[(beats.downbeats >= 0) & (beats.downbeats < n)].astype(np.int64)
    bar = beats.period * beats.beats_per_bar
    if downs.size < 2 or not bar:
        return None
    units = _units(max(1, phrase_bars))
    if n >= duration:  # long enough: play from the start and stop at a phrase
        positions, labels = downs, np.arange(downs.size)
        i = j = None
    else:
        pair = next((p for u in units if (p := _loop_points(mono, beats, downs, u))), None)
        if pair is None:
            return None
        i, j = pair
        downs = downs.copy()
        downs[i] = _align(mono, int(downs[j]), int(downs[i]))
        units = [u for u in units if (j - i) % u == 0 and i % u == 0]
        length = int(downs[j] - downs[i])
        repeats = (duration - int(downs[j])) // length + 2
        inner = downs[i + 1:j + 1] - downs[i]  # a loop's downbeats after its start, ending on the next start
        positions = np.concatenate([downs[:j + 1]] + [downs[j] + r * length + inner for r in range(repeats)])
        labels = np.concatenate([np.arange(j + 1)] + [np.arange(i + 1, j + 1)] * repeats)
    end = _end(positions, labels, units, duration, bar)
    if end is None:
        return None
    ends_at, unit = end
    if i is None:
        segments = [(0, ends_at, 0)]
    else:
        first, start, length = int(downs[j]), int(downs[i]), int(downs[j] - downs[i])
        segments = [(0, min(first, ends_at), 0)]
        at = first
        while at < ends_at:
            segments.append((start, start + min(length, ends_at - at), at))
            at += length
    what = "bar line" if unit == 1 else f"{unit}-bar phrase" if unit == phrase_bars else f"{unit}-bar half phrase"
    return _Plan(segments, ends_at, int(min(round(bar), MAX_RELEASE, ends_at)), JOIN, what)


def _short_rms(mono: np.ndarray, hop: int, width: int) -> np.ndarray:
    """RMS over `width` samples centred on every `hop`-th sample."""
    c = np.concatenate([[0.0], np.cumsum(mono.astype(np.float64) ** 2)])
    centre = np.arange(0, mono.size, hop)
    a, b = np.clip(centre - width // 2, 0, mono.size), np.clip(centre + width // 2, 0, mono.size)
    return np.sqrt((c[b] - c[a]) / np.maximum(b - a, 1))


def _quiet_plan(pcm: np.ndarray, duration: int) -> _Plan:
    """The cuts and loop joins at quiet points, with 3 s fades."""
    mono = 0.5 * (pcm[:, 0] + pcm[:, 1])
    n = mono.size
    hop = SAMPLE_RATE // 100
    level = _short_rms(mono, hop, SAMPLE_RATE // 20)

    def quietest(lo: int, hi: int) -> int:  # the quietest point in [lo, hi], the latest of equals
        a = int(np.clip(lo // hop, 0, level.size - 1))
        b = int(np.clip(hi // hop + 1, a + 1, level.size))
        window = level[a:b]
        return (a + window.size - 1 - int(np.argmin(window[::-1]))) * hop

    target = max(0, duration - END_MARGIN)
    search = max(target - QUIET_SEARCH, target // 2)  # a short programme: not in its first half
    if n >= duration:
        ends_at = quietest(search, target)
        return _Plan([(0, ends_at, 0)], ends_at, min(QUIET_FADE, ends_at // 2), QUIET_FADE, "quiet point")
    half = min(QUIET_FADE // 2, n // 8)
    start = quietest(half, n // 3)
    stop = quietest(max(2 * n // 3, start + 4 * half), n - half)
    length = stop - start
    # Where does each output sample come from? The end's quiet point is looked for on that map.
    grid = np.arange(search, target + 1, hop)
    source = np.where(grid < stop, grid, start + (grid - stop) % length)
    ends_at = int(grid[len(grid) - 1 - int(np.argmin(level[np.minimum(source // hop, level.size - 1)][::-1]))])
    segments = [(0, min(stop, ends_at), 0)]
    at = stop
    while at < ends_at:
        segments.append((start, start + min(length, ends_at - at), at))
        at += length
    return _Plan(segments, ends_at, min(QUIET_FADE, ends_at // 2), 2 * half, "quiet point")


# ---- rendering ----------------------------------------------------------------------------------

def _window(pcm: np.ndarray, a: int, b: int) -> np.ndarray:
    """pcm[a:b], zero outside the source."""
    out = np.zeros((b - a, 2), np.float32)
    lo, hi = max(a, 0), min(b, pcm.shape[0])
    if hi > lo:
        out[lo - a:hi - a] = pcm[lo:hi]
    return out


def _crossfade(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """From a to b, keeping the power constant: equal power for unrelated material, equal gain for alike.

    Sides joined at a downbeat are often alike (the same drum hit): a plain sin/cos crossfade
    would add them 3 dB loud there. The gains are normalised for the two sides' correlation r,
    g_a^2 + g_b^2 + 2 r g_a g_b = 1, which is sin/cos at r = 0 and sums to 1 at r = 1.
    """
    m = a.shape[0]
    x = (np.arange(m) + 0.5) / m
    pa, pb = np.cos(0.5 * np.pi * x), np.sin(0.5 * np.pi * x)
    energy = float(np.sqrt(np.sum(a.astype(np.float64) ** 2) * np.sum(b.astype(np.float64) ** 2)))
    r = float(np.clip(np.sum(a.astype(np.float64) * b) / energy, 0.0, 1.0)) if energy > 0 else 0.0
    norm = np.sqrt(pa ** 2 + pb ** 2 + 2 * r * pa * pb)
    return (a * (pa / norm)[:, None] + b * (pb / norm)[:, None]).astype(np.float32)


def _render(pcm: np.ndarray, duration: int, segments, ends_at: int, release: int, join: int) -> np.ndarray:
    out = np.zeros((duration, 2), np.float32)
    for s, e, o in segments:
        out[o:o + e - s] = pcm[s:e]
    half = join // 2
    for (_, prev_end, _), (next_start, _, at) in zip(segments, segments[1:]):
        lo, hi = max(0, at - half), min(duration, at + half)
        if hi > lo:
            mixed = _crossfade(_window(pcm, prev_end - half, prev_end + half),
                               _window(pcm, next_start - half, next_start + half))
            out[lo:hi] = mixed[lo - (at - half):hi - (at - half)]
    head = min(START_FADE, ends_at)
    out[:head] *= (0.5 - 0.5 * np.cos(np.pi * (np.arange(head) + 0.5) / START_FADE))[:, None].astype(np.float32)
    if release:
        g = 0.5 + 0.5 * np.cos(np.pi * (np.arange(release) + 1) / release)  # 0 on the last sample before the end
        out[ends_at - release:ends_at] *= g[:, None].astype(np.float32)
    out[ends_at:] = 0.0
    return out


def fit(pcm: np.ndarray, duration: int, beats: Beats | None = None, phrase_bars: int = 4) -> Fitted:
    """`pcm` ((n, 2) or (n,) at SAMPLE_RATE) cut or looped to exactly `duration` samples at musical boundaries.

    `beats` are tracked when not given. See the module docstring for the rules.
    """
    if duration < 0:
        raise ValueError(f"duration must not be negative, but got {duration}")
    pcm = np.asarray(pcm, np.float32)
    if pcm.ndim == 1:
        pcm = np.repeat(pcm[:, None], 2, axis=1)
    if pcm.ndim != 2 or pcm.shape[1] != 2 or pcm.shape[0] == 0:
        raise ValueError(f"the music must be (n, 2) or (n,) samples, n > 0, but got shape {pcm.shape}")
    beats = beats if beats is not None else track(pcm)
    if duration == 0:
        return Fitted(np.zeros((0, 2), np.float32), beats, (), 0, beats.reliable, "no programme to fit")
    plan = _grid_plan(pcm, duration, beats, phrase_bars) if beats.reliable else None
    grid = plan is not None
    if grid:
        how = f"looped {len(plan.segments) - 1} times at downbeats" if len(plan.segments) > 1 else "trimmed"
        note = f"{beats.tempo_bpm:.1f} bpm; {how}, ends on a {plan.ends_on} at {plan.ends_at / SAMPLE_RATE:.2f} s"
    else:
        plan = _quiet_plan(pcm, duration)
        why = (f"no steady beat (pulse clarity {beats.confidence:.2f})" if not beats.reliable
               else "its bars don't fit this length")
        note = (f"{why}: cut at quiet points with {QUIET_FADE // SAMPLE_RATE} s fades, "
                f"ends at {plan.ends_at / SAMPLE_RATE:.2f} s")
    segments, ends_at = plan.segments, plan.ends_at
    out = _render(pcm, duration, segments, ends_at, plan.release, plan.join)
    return Fitted(out, beats, tuple((int(s), int(e), int(o)) for s, e, o in segments), int(ends_at), grid, note)


def load(path: str | Path, duration: int) -> Fitted:
    """decode + track + fit, cached by (path, modification time, size, duration). The result is read-only."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        raise RenderError(f"{_where(path)} does not exist: {_HOW}") from None
    return _load(str(path.resolve()), stat.st_mtime_ns, stat.st_size, int(duration))


@lru_cache(maxsize=4)
def _load(path: str, mtime_ns: int, size: int, duration: int) -> Fitted:
    # Music beyond the programme (and a little for the release and a join) is never heard: don't decode it.
    pcm = decode(path, max_samples=max(duration, MIN_SAMPLES) + 2 * SAMPLE_RATE)
    fitted = fit(pcm, duration)
    fitted.pcm.flags.writeable = False
    return fitted
