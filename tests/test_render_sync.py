"""A real render, decoded back from the MP4: picture, sound and words agree to the frame and the sample."""

from __future__ import annotations

import re

import numpy as np
import pytest

from onetake.geometry import element_box
from onetake.measure import integrated_lufs, true_peak_dbtp
from onetake.timeline import SAMPLE_RATE
from onetake.timeline.serialize import from_json
from decoded import decode_frames, frame_count, highpass, onset_near
from onetake.verify.decode import decode_audio

ONE_MS = SAMPLE_RATE // 1000


def _word_starts(timeline) -> set[int]:
    return {w.start for w in timeline.words()}


@pytest.mark.parametrize("fixture", ["mini_en", "mini_es"])
def test_every_cue_event_lands_on_the_frame_of_its_first_word(fixture, request):
    result = request.getfixturevalue(fixture)
    timeline = result.timeline
    starts = _word_starts(timeline)
    cued = [e for e in timeline.visual_events if e.cue]
    assert len(cued) >= 4
    for event in cued:
        cue = timeline.cue(event.scene, event.cue)
        assert cue.start in starts, f"cue {cue.name} does not start on a word"
        assert event.frame == timeline.fps.frame_at(cue.start)
        assert timeline.fps.frame_start(event.frame) <= cue.start < timeline.fps.frame_start(event.frame + 1)
        assert event.at == timeline.fps.frame_start(event.frame)


def test_languages_retime_the_visuals(mini_en, mini_es):
    en = {e.cue: e.frame for e in mini_en.timeline.visual_events if e.cue}
    es = {e.cue: e.frame for e in mini_es.timeline.visual_events if e.cue}
    assert en.keys() == es.keys()
    assert en != es  # the same cues land on different frames, following each language's words


def _box_pixels(image: np.ndarray, box) -> np.ndarray:
    h, w = image.shape[:2]
    x, y, bw, bh = box
    return image[int(y * h):int((y + bh) * h) + 1, int(x * w):int((x + bw) * w) + 1].astype(np.float32)


@pytest.mark.parametrize("kind", ["enter", "click"])
def test_visual_events_appear_on_their_frame_in_the_decoded_video(mini_en, kind):
    timeline = mini_en.timeline
    events = [e for e in timeline.visual_events if e.kind == kind and e.cue]
    assert events
    wanted = {f for e in events for f in (e.frame - 2, e.frame - 1, e.frame)}
    frames = decode_frames(mini_en.video, wanted)
    for event in events:
        scene = timeline.scenes[event.scene]
        box = element_box(scene, event.element, timeline.width, timeline.height)
        before2, before, on = (_box_pixels(frames[event.frame - d], box) for d in (2, 1, 0))
        still = np.abs(before - before2).mean()
        change = np.abs(on - before).mean()
        assert change > 3 * still + 2.0, f"{event.kind} {event.element} not visible on frame {event.frame}"


def test_click_sounds_land_within_one_ms_of_their_frame(mini_en):
    timeline = mini_en.timeline
    audio = decode_audio(mini_en.video)
    bright = highpass(audio.mean(axis=1))
    clicks = [s for s in timeline.sound_events if s.kind == "click"]
    assert clicks
    for sound in clicks:
        event = timeline.visual_events[sound.source]
        assert sound.at == timeline.fps.frame_start(event.frame)
        onset = onset_near(bright, sound.at)
        assert onset is not None and abs(onset - sound.at) <= ONE_MS, (onset, sound.at)


def test_programme_loudness_and_true_peak(mini_en):
    audio = decode_audio(mini_en.video)
    assert abs(integrated_lufs(audio) - (-16.0)) <= 1.0
    assert true_peak_dbtp(audio) <= -1.5


def test_streams_match_the_timeline(mini_en):
    timeline = mini_en.timeline
    assert frame_count(mini_en.video) == timeline.frame_count
    audio = decode_audio(mini_en.video)
    assert audio.shape[1] == 2
    assert abs(len(audio) - timeline.duration) < 2048  # AAC pads the last frame at most


def _srt_times(text: str) -> list[tuple[int, int]]:
    def ms(stamp: str) -> int:
        h, m, rest = stamp.split(":")
        s, milli = rest.split(",")
        return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(milli)

    return [(ms(a), ms(b)) for a, b in re.findall(r"(\d\d:\d\d:\d\d,\d\d\d) --> (\d\d:\d\d:\d\d,\d\d\d)", text)]


def test_caption_times_equal_word_timings(mini_en):
    timeline = mini_en.timeline
    srt = next(p for p in mini_en.files if p.suffix == ".srt").read_text()
    vtt = next(p for p in mini_en.files if p.suffix == ".vtt").read_text()
    times = _srt_times(srt)
    assert times and vtt.startswith("WEBVTT")
    word_starts_ms = {round(w.start * 1000 / SAMPLE_RATE) for w in timeline.words()}
    word_ends_ms = {round(w.end * 1000 / SAMPLE_RATE) for w in timeline.words()}
    gap_ms = 2 * timeline.fps.frame_ms
    for i, (start, end) in enumerate(times):
        assert start in word_starts_ms
        trimmed = i + 1 < len(times) and abs(times[i + 1][0] - end - gap_ms) <= 1
        assert end in word_ends_ms or trimmed
    assert times[0][0] == round(timeline.lines[0].words[0].start * 1000 / SAMPLE_RATE)


def test_timeline_json_round_trips(mini_en):
    path = next(p for p in mini_en.files if p.name.endswith(".timeline.json"))
    assert from_json(path.read_text()) == mini_en.timeline
