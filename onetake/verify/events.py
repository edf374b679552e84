"""Sound <-> visual: each sound a visual event emits, found in the decoded audio, against the frame
on which the event is seen in the decoded video.

Audio side: the timeline names each sound (kind and seed), and the sounds are pure functions of
those (`onetake.render.audio.sound`) whose first sample is their onset. So each is located by
normalised cross-correlation of the decoded mono mix with its own waveform, within +-100 ms of
where the timeline puts it, to a fraction of a sample (parabolic peak). This holds under narration
and music, where an energy detector picks up plosives, and it also places a whoosh, which swells
for 250 ms and has no attack. The fitted gain, against the level the timeline plans (sound gain,
pan, master gain), tells a sound that is there from a chance resemblance: a sound is missing when
the match is below MIN_MATCH or its level is more than MAX_LEVEL_DB off.

Picture side: the event's element box (`onetake.layout.element_box`, enlarged for rings and
shadows) is compared frame to frame; the event is seen on the frame whose change is more than three
times the previous frame's change plus 2 levels (of 255), the one nearest the planned frame within
+-3 frames. The offset is measured against that frame's decoded timestamp; when nothing is seen the
planned frame's timestamp is used and the result says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import correlate

from ..layout import element_box
from ..timeline import SAMPLE_RATE, SoundEvent, Timeline, VisualEvent
from .decode import VideoScan

REACH = SAMPLE_RATE // 10  # each sound is looked for within 100 ms of its planned sample
FRAME_SEARCH = 3  # frames either side of the planned one
MIN_MATCH = 0.1  # normalised correlation below this: the sound is not there
MAX_LEVEL_DB = 10.0  # a match this far from the planned level is something else


@dataclass(frozen=True, slots=True)
class Seen:
    """Where a visual event was seen: the decoded frame index and its presentation time (s)."""

    frame: int
    time: float
    detected: bool  # False: not seen in the pixels, the planned frame's timestamp stands in


@dataclass(frozen=True, slots=True)
class Heard:
    """Where a sound was found: its onset (fractional sample), match quality and level vs plan (dB)."""

    onset: float
    match: float
    level_db: float


def planned_gain(sound: SoundEvent, master_gain_db: float) -> float:
    """Linear gain of `sound` in the mono mix (L + R) / 2, as the mixer plans it (constant-power pan)."""
    theta = (min(max(sound.pan, -1.0), 1.0) + 1.0) * np.pi / 4
    return 10 ** ((sound.gain_db + master_gain_db) / 20) * (np.cos(theta) + np.sin(theta)) / 2


def locate(mono: np.ndarray, template: np.ndarray, centre: int, reach: int = REACH) -> tuple[float, float, float] | None:
    """(onset, normalised correlation, least-squares gain) of `template` near `centre` in `mono`."""
    a = max(0, centre - reach)
    n = min(template.size, mono.size - a)
    b = min(mono.size, centre + reach + n)
    if n < SAMPLE_RATE // 1000 or b - a < n:
        return None
    x = template[:n].astype(np.float64)
    seg = mono[a:b].astype(np.float64)
    corr = correlate(seg, x, mode="valid", method="fft")
    c = np.concatenate([[0.0], np.cumsum(seg * seg)])
    energy = np.maximum(c[n:] - c[:-n], 0.0)
    norm = float(np.dot(x, x))
    ncc = corr / (np.sqrt(norm * energy) + 1e-12)
    k = int(np.argmax(ncc))
    shift = 0.0
    if 0 < k < ncc.size - 1:  # parabolic interpolation of the peak: a fraction of a sample
        y0, y1, y2 = ncc[k - 1:k + 2]
        curvature = y0 - 2 * y1 + y2
        shift = 0.5 * (y0 - y2) / curvature if curvature < 0 else 0.0
    return a + k + shift, float(ncc[k]), float(corr[k] / norm)


def _box_px(timeline: Timeline, event: VisualEvent) -> tuple[int, int, int, int] | None:
    """The element's box in pixels, enlarged: a click ring and a card's shadow reach outside it."""
    try:
        scene = timeline.scenes[event.scene]
        x, y, w, h = element_box(scene, event.element, timeline.width, timeline.height, event.at)
    except (ValueError, IndexError, KeyError):
        return None
    W, H = timeline.width, timeline.height
    pad = min(0.6 * max(w * W, h * H), 0.1 * W) + 2
    x0, y0 = int(max(0, x * W - pad)), int(max(0, y * H - pad))
    x1, y1 = int(min(W, (x + w) * W + pad + 1)), int(min(H, (y + h) * H + pad + 1))
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def frames_needed(timeline: Timeline, count: int | None = None) -> set[int]:
    """Frame indices the picture side needs decoded (each event's neighbourhood)."""
    last = (count or timeline.frame_count) - 1
    return {k for e in timeline.visual_events
            for k in range(e.frame - FRAME_SEARCH - 1, e.frame + FRAME_SEARCH + 1) if 0 <= k <= last}


def seen(timeline: Timeline, event: VisualEvent, scan: VideoScan) -> Seen:
    """The decoded frame on which `event` first shows (see the module docstring)."""
    planned = min(event.frame, scan.count - 1)
    fallback = Seen(planned, scan.times[planned] if scan.count else 0.0, False)
    box = _box_px(timeline, event)
    if box is None:
        return fallback
    x0, y0, x1, y1 = box

    def change(k: int) -> float | None:
        a, b = scan.frames.get(k - 1), scan.frames.get(k)
        if a is None or b is None:
            return None
        return float(np.mean(np.abs(b[y0:y1, x0:x1].astype(np.int16) - a[y0:y1, x0:x1])))

    diffs = {k: change(k) for k in range(event.frame - FRAME_SEARCH - 1, event.frame + FRAME_SEARCH + 1)}
    onsets = [k for k in range(event.frame - FRAME_SEARCH, event.frame + FRAME_SEARCH + 1)
              if diffs.get(k) is not None and diffs.get(k - 1) is not None and diffs[k] > 3 * diffs[k - 1] + 2.0]
    if not onsets:
        return fallback
    k = min(onsets, key=lambda f: (abs(f - event.frame), f))
    return Seen(k, scan.times[k], True)


def seen_events(timeline: Timeline, scan: VideoScan) -> dict[int, Seen]:
    """Where every visual event was seen, by its index in `timeline.visual_events`."""
    return {i: seen(timeline, e, scan) for i, e in enumerate(timeline.visual_events)} if scan.count else {}


def measure(timeline: Timeline, audio: np.ndarray, audio_start: float, seen_at: dict[int, Seen]) -> list[dict]:
    """One record per sound emitted by a visual event: where it was heard, where it was seen, the offset."""
    from ..render.audio import sound as waveform  # the expected sound, a pure function of (kind, seed)

    mono = audio.mean(axis=1) if audio.ndim == 2 else audio
    records = []
    for index, sound in enumerate(timeline.sound_events):
        if sound.source not in seen_at:
            continue
        event = timeline.visual_events[sound.source]
        where = seen_at[sound.source]
        try:
            found = locate(mono, np.asarray(waveform(sound.kind, sound.seed)), sound.at)
        except ValueError:  # a kind this version cannot synthesise
            found = None
        heard = None
        if found is not None:
            onset, match, gain = found
            level = 20 * np.log10(max(gain, 1e-9) / planned_gain(sound, timeline.master_gain_db))
            if match >= MIN_MATCH and abs(level) <= MAX_LEVEL_DB:
                heard = Heard(onset, match, float(level))
        planned_lead = (sound.at - event.at) / SAMPLE_RATE  # a whoosh is meant to start before its motion
        record = {
            "sound": index, "kind": sound.kind, "event": sound.source, "visual": event.kind,
            "element": event.element, "cue": event.cue, "expected_sample": sound.at,
            "onset_sample": round(float(heard.onset), 2) if heard else None,
            "match": round(heard.match, 3) if heard else None,
            "level_db": round(heard.level_db, 2) if heard else None,
            "planned_frame": event.frame, "seen_frame": where.frame, "seen_in_pixels": where.detected,
            "frame_error": where.frame - event.frame if where.detected else None,
            "offset_ms": None,
        }
        if heard is not None:
            at = audio_start + heard.onset / SAMPLE_RATE
            record["offset_ms"] = round(float(at - where.time - planned_lead) * 1000, 4)
        records.append(record)
    return records
