"""The presenter in real renders (tests/data/presenter.md in en, es, ja, hi): lip sync read back from the
decoded frames, a gesture on its cue's frame, room made in the layouts, mirrored for right-to-left."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from onetake.geometry import boxes_px
from onetake.geometry.common import CONTENT_BOTTOM
from onetake.lipsync import OPENNESS
from onetake.plan.visemes import shown_on
from onetake.render.video import clear_caches, frame
from onetake.render.video.presenter import openness_from_pixels
from onetake.render.video.presenting import Presenting
from onetake.timeline import Placement, Presenter, Viseme, seconds_to_samples
from onetake.settings import RenderSettings
from onetake.storyboard import load, parse_markdown
from onetake.timeline.serialize import from_json, to_json
from onetake.verify import verify
from onetake.verify.mouth import SHUT, mouth_boxes

from decoded import decode_frames
from golden import assert_golden
from sample_timeline import sample_assets, sample_timeline, write_sample_image
from verify_clip import shifted

DATA = Path(__file__).parent / "data"
LANGS = ("en", "es", "ja", "hi")


def _settings(lang: str, cache: Path, **changes) -> RenderSettings:
    return RenderSettings(lang=lang, preset="ultrafast", workers=2, cache_dir=cache, **changes)


@pytest.fixture(scope="module")
def renders(tmp_path_factory, voice_cache):
    """tests/data/presenter.md rendered and verified in each language (lazily, once per module)."""
    from onetake.run.pipeline import render

    done = {}

    def get(lang: str):
        if lang not in done:
            settings = _settings(lang, voice_cache)
            story = load(DATA / "presenter.md")
            if lang == "hi":  # the other style: its mouth is read back the same way
                story = replace(story, presenter=replace(story.presenter, style="mascot"))
            result = render(story, tmp_path_factory.mktemp(f"presenter_{lang}"), settings)
            done[lang] = (result, verify(result.video, assets=settings.assets, whisper=False))
        return done[lang]

    return get


@pytest.mark.parametrize("lang", LANGS)
def test_the_mouth_follows_every_phoneme_within_a_frame_in_the_decoded_video(lang, renders):
    result, report = renders(lang)
    check = report.check("lip_sync")
    assert check.passed, check.data["problems"][:5]
    assert check.data["changes"] >= 12 and check.data["on_time"] == check.data["changes"]
    # The picture follows the timeline to the frame; the voice is heard within a frame of it.
    assert check.data["as_planned"] >= 0.95 * check.data["changes"]
    assert abs(check.data["voice_offset_ms"]) < result.timeline.fps.frame_ms
    assert check.data["pauses"] >= 2 and check.data["closed_in_pauses"] == check.data["pauses"]
    assert report.passed, report.summary()


@pytest.mark.parametrize("lang", LANGS)
def test_closed_and_wide_shapes_read_as_such_from_the_pixels(lang, renders):
    """Independently of the verifier's scan: decode to RGB, crop the mouth, measure."""
    result, _ = renders(lang)
    timeline = result.timeline
    boxes = mouth_boxes(timeline)
    shapes = {n: shown_on(timeline.presenter.visemes, timeline.fps, n) for n in boxes}
    closed = [n for n, v in shapes.items() if OPENNESS[v] == 0]
    wide = [n for n, v in shapes.items() if OPENNESS[v] >= 0.6]
    assert len(closed) >= 20 and len(wide) >= 5
    frames = decode_frames(result.video, set(closed) | set(wide))
    read = {n: openness_from_pixels(frames[n][y0:y1, x0:x1]) for n in frames for x0, y0, x1, y1 in [boxes[n]]}
    assert max(read[n] for n in closed) <= SHUT
    assert min(read[n] for n in wide) >= 0.35
    assert np.median([read[n] for n in wide]) > 5 * (np.median([read[n] for n in closed]) + 0.02)


def test_audio_two_frames_late_fails_lip_sync(renders, tmp_path, voice_cache):
    result, _ = renders("en")
    late = shifted(result.video, tmp_path / "late.mp4", 2 * round(result.timeline.fps.frame_samples))
    (tmp_path / "late.timeline.json").write_text(to_json(result.timeline), encoding="utf-8")
    check = verify(late, whisper=False, assets=_settings("en", voice_cache).assets).check("lip_sync")
    assert check.passed is False
    assert check.data["voice_offset_ms"] == pytest.approx(66.7, abs=8)


def test_a_gesture_starts_on_its_cue_frame(renders, voice_cache):
    result, _ = renders("es")
    timeline = result.timeline
    assets = _settings("es", voice_cache).assets
    still = timeline.with_(presenter=replace(timeline.presenter, gestures=()))
    for gesture in timeline.presenter.gestures:
        cue = timeline.cue(gesture.scene, gesture.cue)
        n = timeline.fps.frame_at(cue.start)
        assert gesture.start == timeline.fps.frame_start(n)
        before = frame(timeline, n - 1, assets), frame(still, n - 1, assets)
        on = frame(timeline, n, assets), frame(still, n, assets)
        assert np.array_equal(*before), gesture  # nothing of it a frame early
        assert np.abs(on[0].astype(int) - on[1]).max() > 40, gesture  # already moving on its frame


def test_frames_come_out_the_same_in_any_order(renders, voice_cache):
    result, _ = renders("ja")
    timeline, assets = result.timeline, _settings("ja", voice_cache).assets
    picks = [3, timeline.frame_count // 2, 40, timeline.frame_count - 1, 41, 90]
    clear_caches()
    forward = {n: frame(timeline, n, assets) for n in picks}
    clear_caches()
    backward = {n: frame(timeline, n, assets) for n in reversed(picks)}
    assert all(np.array_equal(forward[n], backward[n]) for n in picks)


def test_the_layouts_make_room_for_the_presenter(renders):
    result, _ = renders("en")
    timeline = result.timeline
    assert [p.position for p in timeline.presenter.placements] == ["right", "left"]
    for place in timeline.presenter.placements:
        scene = timeline.scenes[place.scene]
        x, y, w, h = (v * s for v, s in zip(place.box, (timeline.width, timeline.height) * 2))
        for name, (bx, by, bw, bh) in boxes_px(scene, timeline.width, timeline.height).items():
            assert bx + bw <= x or bx >= x + w, (scene.index, name)  # side by side, never over each other
        mx, my, mw, mh = place.mouth
        assert place.box[0] <= mx and mx + mw <= place.box[0] + place.box[2]


def test_the_timeline_records_the_mouth_and_reads_back(renders):
    result, _ = renders("hi")
    timeline = result.timeline
    again = from_json(to_json(timeline))
    assert again.presenter == timeline.presenter
    assert {v.shape for v in timeline.presenter.visemes} >= {"A", "B", "C", "D", "X"}
    assert timeline.presenter.blinks and all(b < timeline.duration for b in timeline.presenter.blinks)


STORY = """---
title: Sides
languages: [{lang}]
presenter: {{position: left}}
captions: burn
resolution: 640x360
---

# One
layout: bullets
items: {{a: A, b: B}}

{{a}}{one} {{b}}{two}
"""


def test_right_to_left_mirrors_the_presenter_and_captions_stay_clear(voice_cache):
    from onetake.plan import plan

    for lang, words in (("en", ("one", "two")), ("ar", ("واحد", "اثنان"))):
        story = parse_markdown(STORY.format(lang=lang, one=words[0], two=words[1]))
        timeline = plan(story, _settings(lang, voice_cache))
        place, scene = timeline.presenter.placements[0], timeline.scenes[0]
        left_side = place.box[0] + place.box[2] / 2 < 0.5
        assert left_side == (lang == "en")  # `left` reads from the reading side: the right in Arabic
        assert (scene.stage[0] > 0) == (lang == "en")
        assert place.box[1] + place.box[3] <= CONTENT_BOTTOM + 1e-9  # above the burned captions


def test_a_code_switched_span_moves_the_mouth_with_the_other_voice(voice_cache):
    from onetake.plan import plan

    story = parse_markdown(STORY.replace("languages: [{lang}]", "languages: [es]").format(
        lang="es", one='Abre <span lang="en">Maps</span> ahora', two="y mira"))
    timeline = plan(story, _settings("es", voice_cache))
    line = timeline.lines[0]
    maps = next(w for w in line.words if w.text.startswith("Maps"))
    inside = [v for v in timeline.presenter.visemes if maps.start <= v.start < maps.end]
    assert any(v.shape == "A" for v in inside)  # the English voice's "m", closed on its own sample
    assert len(inside) >= 3


def test_the_eyes_glance_at_what_the_narration_brings_in(renders):
    result, _ = renders("en")
    timeline = result.timeline
    presenting = Presenting(timeline)
    click = next(e for e in timeline.visual_events if e.kind == "click")  # settings, right of the presenter
    items = [e for e in timeline.visual_events if e.kind == "enter" and e.element.startswith("item:")]
    assert presenting.pose(click.scene, click.at + seconds_to_samples(0.5)).gaze > 0.3
    assert presenting.pose(items[0].scene, items[0].at + seconds_to_samples(0.5)).gaze < -0.3  # left of it
    assert presenting.pose(click.scene, click.at + seconds_to_samples(3.0)).gaze == 0.0  # back to the viewer


def _staged(timeline, placements: dict, style: str):
    """The sample timeline with a presenter standing in some scenes (the planner's stages, by hand)."""
    from onetake.plan.stage import placement

    scenes, places = list(timeline.scenes), []
    for index, position in placements.items():
        stage, box = placement(position, "right", 0.5, False, False, timeline.width, timeline.height)
        scenes[index] = replace(scenes[index], stage=stage)
        frac = (box[0] / timeline.width, box[1] / timeline.height, box[2] / timeline.width, box[3] / timeline.height)
        places.append(Placement(index, position, frac, frac))
    talk = tuple(Viseme(shape, seconds_to_samples(t)) for shape, t in
                 (("X", 0), ("D", 10.9), ("A", 11.2), ("C", 15.0), ("X", 16.0)))
    return timeline.with_(scenes=tuple(scenes), presenter=Presenter(style=style, placements=tuple(places),
                                                                    visemes=talk, blinks=(seconds_to_samples(1),)))


@pytest.mark.parametrize("name,scene,position,style,seconds", [
    ("presenter_stage_image", 2, "left", "person", 11.0),  # the photo is resampled into its stage (pixel ops)
    ("presenter_stage_app", 3, "right", "mascot", 15.2),
])
def test_golden_frames_with_the_presenter_beside_the_stage(name, scene, position, style, seconds, tmp_path_factory,
                                                           tmp_path):
    image = write_sample_image(tmp_path_factory.mktemp("img") / "screen.png", 480, 300)
    staged = _staged(sample_timeline(image, 320, 180), {scene: position}, style)
    arr = frame(staged, staged.fps.frame_at(seconds_to_samples(seconds)), sample_assets(image))
    assert_golden(name, arr, tmp_path)
