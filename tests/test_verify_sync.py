"""The verifier can fail: shifted audio, a missing click and a click at a join are each measured and
make `onetake verify` exit 3, while the untouched file passes with exit 0.

The material is the verifier's own test clip (real Piper narration, the project's sound effects,
encoded like a render); each broken copy re-muxes the same video packets with changed audio.
"""

from __future__ import annotations

import argparse
import json

import pytest

from onetake.assets import AssetStore
from onetake.cli import verify_cmd
from onetake.errors import OnetakeError
from onetake.timeline import SAMPLE_RATE
from onetake.verify import Thresholds, verify, write_report
from onetake.verify.decode import decode_audio
from verify_clip import make_clip, remux, shifted, without_sound

FRAME = SAMPLE_RATE // 30


@pytest.fixture(scope="module")
def clip(tmp_path_factory, voice_cache):
    return make_clip(tmp_path_factory.mktemp("verify_clip"), voice_cache / "voice")


@pytest.fixture(scope="module")
def clean(clip):
    return verify(clip)  # with Whisper: the one run of it in this file


def cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    verify_cmd.add_parser(parser.add_subparsers(dest="command"))
    return verify_cmd.run(parser.parse_args(["verify", *argv]))


def test_the_untouched_file_passes(clip, clean, capsys):
    assert clean.passed, clean.summary()
    sv = clean.check("sound_visual")
    assert sv.data["heard"] == sv.data["sounds"] == 5
    assert abs(clean.av_offset_ms) < 0.02 and sv.data["max_abs_ms"] < 0.05
    # The click ring, the toast and both cards are found in the pixels on their planned frames.
    records = {r.element: r for r in sv.data["records"]}
    for element in ("target:settings", "toast", "item:fast", "item:easy"):
        assert records[element].seen_in_pixels and records[element].frame_error == 0
    assert clean.check("streams").passed and clean.check("streams").data["priming_samples"] in (1024, 2048)
    assert clean.check("whisper").data["wer"] <= 0.1
    assert abs(clean.check("narration").data["median_ms"]) < 20
    assert cli(str(clip), "--no-files", "--no-whisper", "-q") == 0
    assert "PASS" in capsys.readouterr().out


@pytest.mark.parametrize("shift", [FRAME, -FRAME // 2, 7 * SAMPLE_RATE // 1000], ids=["+1 frame", "-half frame", "+7 ms"])
def test_a_shifted_audio_track_is_measured_and_fails(clip, tmp_path, shift):
    broken = shifted(clip, tmp_path / "shifted.en.mp4", shift)
    report = verify(broken, whisper=False)
    expected_ms = shift * 1000 / SAMPLE_RATE
    assert abs(report.av_offset_ms - expected_ms) <= 0.5, report.summary()
    for record in report.check("sound_visual").data["records"]:
        assert abs(record.offset_ms - expected_ms) <= 0.5, record
    assert not report.passed and report.check("sound_visual").passed is False
    assert cli(str(broken), "--no-files", "--no-whisper") == verify_cmd.EXIT_FAIL


def test_a_dropped_click_is_reported_missing(clip, tmp_path, voice_cache, capsys):
    broken = without_sound(clip, tmp_path / "noclick.en.mp4", 0, AssetStore(voice_cache / "voice"))
    report = verify(broken, whisper=False)
    records = report.check("sound_visual").data["records"]
    assert records[0].kind == "click" and records[0].offset_ms is None
    assert all(r.offset_ms is not None for r in records[1:])  # the others are still found
    assert any("click" in p and "not heard" in p for p in report.check("sound_visual").data["problems"])
    assert cli(str(broken), "--no-files", "--no-whisper") == verify_cmd.EXIT_FAIL
    assert "not heard" in capsys.readouterr().out


def test_a_click_at_a_join_fails_the_join_check(clip, clean, tmp_path):
    timeline = clean.material.timeline
    audio = decode_audio(clip)[:timeline.duration]
    at = timeline.scenes[1].start
    audio[at:at + SAMPLE_RATE // 10] += 0.01  # a -40 dBFS step in and out: a missing fade at the scene cut
    report = verify(remux(clip, tmp_path / "step.en.mp4", audio), whisper=False)
    joins = report.check("joins")
    assert joins.passed is False and "scene 1 start" in joins.data["problems"][0]
    assert clean.check("joins").data["joins"] and max(j.score for j in clean.check("joins").data["joins"]) < 1.6
    assert report.check("sound_visual").passed  # nothing else moved


def test_thresholds_decide(clip, tmp_path):
    broken = shifted(clip, tmp_path / "late.en.mp4", 7 * SAMPLE_RATE // 1000)
    assert verify(broken, whisper=False, thresholds=Thresholds(sound_visual_ms=10)).check("sound_visual").passed
    assert cli(str(broken), "--no-files", "--no-whisper", "--limit", "sound_visual_ms=10") == 0


def test_report_files(clean, tmp_path):
    write_report(clean, tmp_path / "r.json", tmp_path / "r.png")
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["schema"] == "SyncReport.1" and data["passed"] is True
    names = [c["name"] for c in data["checks"]]
    assert names[:3] == ["sound_visual", "narration", "cues"] and "lip_sync" not in names
    assert (tmp_path / "r.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(clean.summary().splitlines()) <= 24


def test_a_language_without_a_trusted_listener_is_not_judged_and_lip_sync_says_nothing(clip, clean):
    report = verify(clip, clean.material.timeline.with_(lang="ar"), whisper=True)
    assert report.check("whisper").passed is None  # Whisper base hears Arabic too poorly to judge it
    assert "lip_sync" not in [c.name for c in report.checks]  # nothing to measure: no line in the summary
    assert report.passed


def test_unreadable_input_is_one_clear_error(tmp_path):
    with pytest.raises(OnetakeError, match="no such file"):
        cli(str(tmp_path / "missing.mp4"))
    (tmp_path / "junk.mp4").write_bytes(b"not a video")
    (tmp_path / "junk.timeline.json").write_text("{}")
    with pytest.raises(OnetakeError, match="timeline"):
        cli(str(tmp_path / "junk.mp4"))
    with pytest.raises(OnetakeError, match="unknown threshold"):
        cli(str(tmp_path / "junk.mp4"), "--limit", "nope=1")


@pytest.mark.parametrize("flag, target", [
    ("--json", "video"), ("--png", "video"), ("--json", "timeline"), ("--png", "timeline"), ("--png", "json"),
])
def test_a_report_never_overwrites_an_input(clip, tmp_path, flag, target):
    video = remux(clip, tmp_path / "copy.en.mp4", decode_audio(clip))
    timeline = tmp_path / "copy.en.timeline.json"
    paths = {"video": video, "timeline": timeline, "json": tmp_path / "copy.en.sync.json"}
    before = {p: p.read_bytes() for p in (video, timeline)}
    with pytest.raises(OnetakeError, match="overwrite an input|same file"):
        cli(str(video), flag, str(paths[target]), *(["--json", str(paths["json"])] if target == "json" else []))
    assert {p: p.read_bytes() for p in (video, timeline)} == before
    assert not (tmp_path / "copy.en.sync.png").exists()


def test_an_extra_check_runs_with_every_verification(clip):
    from onetake.verify import CHECKS, Check, register

    @register("frame_size")
    def frame_size(material):
        wide = material.timeline.width == 320
        return Check("frame_size", wide, f"{material.timeline.width} px wide", "320 px")

    @register("early_bird", order=15)  # asks for a place: between sound_visual (10) and narration (20)
    def early_bird(material):
        return Check("early_bird", None, "placed by its order")

    try:
        report = verify(clip, whisper=False)
        assert report.check("frame_size").passed is True
        names = [c.name for c in report.checks]
        assert names == ["sound_visual", "early_bird", "narration", "cues", "streams", "loudness", "true_peak",
                         "joins", "ducking", "frame_size"]  # no order given: after every built-in check
        assert set(report.seconds) >= {"decode_audio", "decode_video", "total", *names}
    finally:
        del CHECKS["frame_size"], CHECKS["early_bird"]


# Every key of the JSON report's records, as docs/verify.md describes them and tools read them.
RECORD_KEYS = {
    ("sound_visual", "records"): ["sound", "kind", "event", "visual", "element", "cue", "expected_sample",
                                  "onset_sample", "match", "level_db", "ambiguous", "planned_frame", "seen_frame",
                                  "seen_in_pixels", "frame_error", "offset_ms"],
    ("narration", "words"): ["line", "word", "expected_sample", "pause_ms", "onset_sample", "offset_ms", "near_sound"],
    ("cues", "records"): ["event", "cue", "kind", "frame", "offset_ms", "lag_ms", "lag_from"],
    ("joins", "joins"): ["join", "sample", "score"],
    ("whisper", "words"): ["word", "expected_sample", "line", "offset_ms"],
}
CHECK_KEYS = {
    "sound_visual": ["median_ms", "max_abs_ms", "sounds", "heard", "ambiguous", "seen_in_pixels", "visual_events",
                     "problems", "records"],
    "narration": ["median_ms", "words", "measured_words", "p95_abs_ms", "problems"],
    "cues": ["records", "problems"],
    "whisper": ["heard", "wer", "script_words", "matched_words", "median_ms", "median_abs_ms", "p95_abs_ms", "lines",
                "words", "seconds", "problems"],
    "streams": ["container", "video_codec", "width", "height", "fps", "audio_codec", "sample_rate", "channels",
                "audio_header_samples", "frames", "expected_frames", "video_start_ms", "audio_start_ms",
                "video_duration_ms", "audio_duration_ms", "expected_duration_ms", "priming_samples", "priming_handled",
                "problems"],
    "loudness": ["lufs", "target_lufs"],
    "true_peak": ["dbtp"],
    "joins": ["joins", "problems"],
    "ducking": ["depth_db", "planned_db", "problems", "lines"],
}


def test_the_json_report_keeps_its_keys_with_typed_records(clean, tmp_path):
    """In memory the records are dataclasses; in the JSON each is an object with the same keys as before."""
    write_report(clean, tmp_path / "r.json", None)
    checks = {c["name"]: c for c in json.loads((tmp_path / "r.json").read_text())["checks"]}
    for name, keys in CHECK_KEYS.items():
        assert list(checks[name]) == ["name", "status", "measured", "limit", *keys], name
    for (name, key), fields in RECORD_KEYS.items():
        assert checks[name][key], (name, key)
        assert all(list(record) == fields for record in checks[name][key]), (name, key)
        assert all(not isinstance(record, dict) for record in clean.check(name).data[key])  # typed in memory
    assert set(checks["whisper"]["lines"]["s0b0"]) == {"words", "median_ms", "median_abs_ms"}
