"""verify(): decode the file once, run the checks in report order, return the SyncReport."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import av
import numpy as np

from ..errors import VerifyError
from ..timeline import SAMPLE_RATE, Timeline
from ..timeline.serialize import from_json
from . import events, health, narration, streams
from .decode import audio_start_seconds, decode_audio, scan_video
from .extra import EXTRA_CHECKS
from .material import Material
from .report import Check, SyncReport, Thresholds


def timeline_path(video: Path) -> Path:
    """`<stem>.timeline.json` beside the video (what `render` writes)."""
    return Path(video).with_name(Path(video).stem + ".timeline.json")


def load_timeline(video: Path) -> Timeline:
    """The timeline written beside `video`."""
    path = timeline_path(video)
    try:
        return from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VerifyError(f"{path}: no timeline beside the video; pass one with --timeline") from None
    except (ValueError, KeyError, TypeError) as error:
        raise VerifyError(f"{path}: not a readable timeline ({error})") from None


def _ms(values: list[float]) -> dict:
    if not values:
        return {"median_ms": None, "max_abs_ms": None}
    return {"median_ms": round(float(np.median(values)), 4), "max_abs_ms": round(float(np.max(np.abs(values))), 4)}


def _at(sample: int) -> str:
    return f"{sample / SAMPLE_RATE:.3f} s"


def check_sound_visual(m: Material, seen: dict) -> Check:
    """Each sound a visual event makes, heard vs seen."""
    limit = m.thresholds.sound_visual_ms
    records = events.measure(m.timeline, m.audio, m.audio_start, seen)
    problems = []
    for r in records:
        what = f"{r['kind']} of {r['visual']} {r['element']} at {_at(r['expected_sample'])}"
        if r["offset_ms"] is None:
            problems.append(f"{what}: not heard")
        elif abs(r["offset_ms"]) > limit:
            problems.append(f"{what}: {r['offset_ms']:+.2f} ms")
        if r["frame_error"]:
            problems.append(f"{what}: seen on frame {r['seen_frame']}, planned {r['planned_frame']}")
    offsets = [r["offset_ms"] for r in records if r["offset_ms"] is not None]
    stats = _ms(offsets)
    in_pixels = sum(1 for s in seen.values() if s.detected)
    ambiguous = sum(1 for r in records if r["ambiguous"])
    data = {**stats, "sounds": len(records), "heard": len(offsets), "ambiguous": ambiguous,
            "seen_in_pixels": in_pixels, "visual_events": len(seen), "problems": problems, "records": records}
    if not records:
        return Check("sound_visual", None, "no sounds made by visual events", f"|offset| <= {limit:g} ms", data)
    measured = (f"median {stats['median_ms']:+.3f} ms, max |{stats['max_abs_ms']:.3f}| ms over {len(offsets)}/"
                f"{len(records)} sounds ({ambiguous} ambiguous); {in_pixels}/{len(seen)} events seen in pixels" if offsets
                else f"none of {len(records)} sounds heard")
    return Check("sound_visual", not problems, measured, f"|offset| <= {limit:g} ms", data)


def check_narration(m: Material, env: np.ndarray) -> Check:
    """Word onsets after pauses vs the timeline's word starts (median)."""
    frame_ms = m.timeline.fps.frame_ms
    limit = m.thresholds.narration_median_frames * frame_ms
    words = narration.measure(m.timeline, m.audio, m.audio_start, env)
    median = narration.median_offset(words)
    offsets = [w["offset_ms"] for w in words if w["offset_ms"] is not None]
    data = {"median_ms": None if median is None else round(median, 3), "words": words,
            "measured_words": len(offsets), "p95_abs_ms": round(float(np.percentile(np.abs(offsets), 95)), 3) if offsets else None,
            "problems": [] if median is None or abs(median) <= limit else [f"median word onset {median:+.1f} ms"]}
    rule = f"|median| <= {limit:.1f} ms"
    if median is None:
        return Check("narration", None, f"no measurable word onsets ({len(words)} words after pauses)", rule, data)
    return Check("narration", abs(median) <= limit,
                 f"median {median:+.1f} ms, p95 |{data['p95_abs_ms']:.1f}| ms over {len(offsets)} words after pauses",
                 rule, data)


def check_cues(m: Material, seen: dict, words: list[dict], median: float | None) -> Check:
    """Each cued action's frame against its first word as heard."""
    frame_ms = m.timeline.fps.frame_ms
    slack = m.thresholds.cue_frames * frame_ms
    records = narration.cue_offsets(m.timeline, words, {i: s.time for i, s in seen.items()}, median)
    problems = [f"cue {r['cue']} ({r['kind']}, frame {r['frame']}): word heard {r['offset_ms']:+.1f} ms from the frame start"
                for r in records if not -slack <= r["offset_ms"] < frame_ms + slack]
    rule = f"word within its frame +- {slack:.1f} ms"
    data = {"records": records, "problems": problems}
    if not records:
        return Check("cues", None, "no cued actions", rule, data)
    return Check("cues", not problems, f"{len(records) - len(problems)}/{len(records)} cued actions on the frame of "
                 "their word as heard", rule, data)


def check_whisper(timeline: Timeline, audio: np.ndarray, audio_start: float, t: Thresholds) -> Check:
    """Whisper tiny.en: word error rate and median start offset of matched words."""
    rule = f"median |offset| <= {t.whisper_median_ms:g} ms, WER <= {t.whisper_max_wer:.0%}"
    if not timeline.lang.lower().startswith("en"):
        return Check("whisper", None, f"not applicable: tiny.en is English-only (language {timeline.lang})", rule)
    from . import whisper

    started = time.perf_counter()
    result = whisper.measure(timeline, audio, audio_start)
    result["seconds"] = round(time.perf_counter() - started, 3)
    problems = []
    if result["median_abs_ms"] is None or result["median_abs_ms"] > t.whisper_median_ms:
        problems.append(f"median |word offset| {result['median_abs_ms']} ms")
    if result["wer"] > t.whisper_max_wer:
        problems.append(f"word error rate {result['wer']:.1%}: heard {result['heard'][:80]!r}")
    # A whole line heard far from its planned word times points at the voice's word timings.
    for line, stats in result["lines"].items():
        if stats["words"] >= 5 and stats["median_abs_ms"] > 2 * t.whisper_median_ms:
            problems.append(f"line {line}: words heard {stats['median_ms']:+.0f} ms (median) from their planned starts")
    result["problems"] = problems
    if result["median_ms"] is None:
        return Check("whisper", False, f"no script word recognised (WER {result['wer']:.0%})", rule, result)
    return Check("whisper", not problems,
                 f"bias (median) {result['median_ms']:+.0f} ms, median |{result['median_abs_ms']:.0f}| ms, "
                 f"p95 |{result['p95_abs_ms']:.0f}| ms, WER {result['wer']:.1%} "
                 f"({result['matched_words']}/{result['script_words']} words)", rule, result)


def check_streams(m: Material, av_offset_ms: float | None) -> Check:
    """Frames, size, starts, durations and AAC priming."""
    facts = streams.measure(m.video, m.timeline, len(m.audio), m.audio_start, m.scan)
    # Unskipped priming shows as all sound late by exactly 1024 or 2048 samples.
    if av_offset_ms is not None and any(abs(av_offset_ms - k * streams.AAC_FRAME * 1000 / SAMPLE_RATE) < 0.5 for k in (1, 2)):
        facts["priming_handled"] = False
    facts["problems"] = streams.problems(facts, m.timeline, m.thresholds.start_ms)
    measured = (f"{facts['frames']}/{facts['expected_frames']} frames, starts video {facts['video_start_ms']} / "
                f"audio {facts['audio_start_ms']} ms, priming {facts['priming_samples']} "
                f"{'skipped' if facts['priming_handled'] else 'NOT skipped'}")
    return Check("streams", not facts["problems"], measured, f"frames equal, starts within {m.thresholds.start_ms:g} ms",
                 facts)


def check_health(m: Material) -> list[Check]:
    """Loudness, true peak, clicks at joins, ducking."""
    t = m.thresholds
    lufs, peak = health.loudness(m.audio)
    target = m.timeline.loudness_target_lufs if t.loudness_lufs is None else t.loudness_lufs
    checks = [
        Check("loudness", bool(abs(lufs - target) <= t.loudness_tolerance_lu), f"{lufs:.2f} LUFS integrated",
              f"{target:g} +- {t.loudness_tolerance_lu:g} LU", {"lufs": round(lufs, 3), "target_lufs": target}),
        Check("true_peak", bool(peak <= t.true_peak_dbtp), f"{peak:.2f} dBTP", f"<= {t.true_peak_dbtp:g} dBTP",
              {"dbtp": round(float(peak), 3)}),
    ]
    scores = health.join_scores(m.timeline, m.audio, m.audio_start)
    problems = [f"{s['join']} at {_at(s['sample'])}: score {s['score']:.1f}" for s in scores if s["score"] > t.click_score]
    worst = max(scores, key=lambda s: s["score"], default=None)
    checks.append(Check(
        "joins", None if worst is None else not problems,
        "no joins to check" if worst is None else f"worst click score {worst['score']:.2f} ({worst['join']}) over {len(scores)} joins",
        f"score <= {t.click_score:g}", {"joins": scores, "problems": problems}))
    depth = health.ducking_depth(m.timeline, m.audio, m.audio_start)
    planned = abs(m.timeline.music.duck_db)
    need = min(t.min_duck_db, planned)
    checks.append(Check(
        "ducking", None if depth is None else bool(depth >= need),
        "not measurable (no music, or no long pauses both inside and between lines)" if depth is None
        else f"music {depth:.1f} dB lower under narration (planned {planned:g} dB)",
        f">= {need:g} dB", {"depth_db": None if depth is None else round(depth, 2), "planned_db": planned,
                            "problems": [] if depth is None or depth >= need else [f"music ducked only {depth:.1f} dB"]}))
    return checks


def verify(video: Path, timeline: Timeline | None = None, thresholds: Thresholds = Thresholds(),
           whisper: bool = True) -> SyncReport:
    """Measure `video` against its timeline (read from `<stem>.timeline.json` beside it when not given).

    `whisper=False` skips the Whisper check (it is also skipped for non-English timelines).
    Raises VerifyError when the file cannot be read at all.
    """
    video = Path(video)
    started = time.perf_counter()
    seconds: dict[str, float] = {}

    def lap(name: str, since: float) -> float:
        now = time.perf_counter()
        seconds[name] = round(now - since, 3)
        return now

    if not video.is_file():
        raise VerifyError(f"{video}: no such file")
    timeline = timeline or load_timeline(video)
    t = time.perf_counter()
    try:
        with av.open(str(video)) as container:
            missing = [kind for kind in ("video", "audio") if not getattr(container.streams, kind)]
    except av.error.FFmpegError as error:
        raise VerifyError(f"{video}: not a readable video ({error})") from None
    if missing:
        raise VerifyError(f"{video}: has no {' and no '.join(missing)} stream; verify needs both")
    try:
        audio = decode_audio(video)
        audio_start = audio_start_seconds(video)
    except (av.error.FFmpegError, IndexError) as error:
        raise VerifyError(f"{video}: not a readable video with audio ({error})") from None
    t = lap("decode_audio", t)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # Whisper (CTranslate2) releases the GIL: it runs beside the video decoding and the other checks.
        heard = pool.submit(check_whisper, timeline, audio, audio_start, thresholds) if whisper else None
        try:
            scan = scan_video(video, events.frames_needed(timeline))
        except (av.error.FFmpegError, IndexError) as error:
            raise VerifyError(f"{video}: not a readable video ({error})") from None
        t = lap("decode_video", t)
        m = Material(video, timeline, audio, audio_start, scan, thresholds)
        checks = measure(m, lap, t)
        if heard is not None:
            t = time.perf_counter()
            checks.insert(3, heard.result())
            lap("whisper_wait", t)
    checks += [extra(m) for extra in EXTRA_CHECKS.values()]
    seconds["total"] = round(time.perf_counter() - started, 3)
    summary = {"title": timeline.title, "lang": timeline.lang, "width": timeline.width, "height": timeline.height,
               "fps": str(timeline.fps), "duration_s": timeline.duration / SAMPLE_RATE, "frames": timeline.frame_count}
    return SyncReport(str(video), summary, tuple(checks), thresholds, seconds, material=m)


def measure(m: Material, lap, t: float) -> list[Check]:
    """The built-in checks except Whisper, in report order; `lap(name, since)` records stage times."""
    seen = events.seen_events(m.timeline, m.scan)
    sound_visual = check_sound_visual(m, seen)
    t = lap("sound_visual", t)
    narr = check_narration(m, narration.envelope_db(m.audio.mean(axis=1)))
    cues = check_cues(m, seen, narr.data["words"], narr.data["median_ms"])
    t = lap("narration", t)
    checks = [sound_visual, narr, cues, check_streams(m, sound_visual.data["median_ms"])]
    checks += check_health(m)
    lap("health", t)
    return checks
