"""Sound design on a real render (tests/data/sound.md with --stems): the score's sections, sting and
ending, ducking under every line, ambience that follows the camera, loudness, joins, the stems and
the OpenTimelineIO hand-off, all read back from the files written."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import numpy as np
import pytest

from onetake.measure import clip_lufs, integrated_lufs, true_peak_dbtp
from onetake.timeline import SAMPLE_RATE as SR

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.skipif(shutil.which("fluidsynth") is None, reason="fluidsynth is not installed")


def read_wav24(path: Path) -> np.ndarray:
    """A 24-bit stereo WAV as float64 (n, 2), read with the standard library, not the writer's code."""
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (2, 3, SR)
        raw = np.frombuffer(w.readframes(w.getnframes()), np.uint8).reshape(-1, 3).astype(np.int32)
    value = raw[:, 0] | (raw[:, 1] << 8) | (raw[:, 2] << 16)
    return (np.where(value >= 2**23, value - 2**24, value) / (2**23 - 1)).reshape(-1, 2)


def db(x: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(np.square(x)) + 1e-30))


def first_sharp(x: np.ndarray, at: int) -> int:
    """The first sample after `at` - 20 ms where the second difference (attacks) jumps 20 dB above the
    20-60 ms before; relative to `at`."""
    d = np.abs(np.diff(x.mean(axis=1), 2))
    floor = np.percentile(d[at - 3 * SR // 50:at - SR // 50], 99)
    start = at - SR // 50
    return start + int(np.argmax(d[start:at + SR // 20] > 10 * floor)) - at


@pytest.fixture(scope="module")
def sound(tmp_path_factory, voice_cache):
    from onetake.run.pipeline import render
    from onetake.settings import RenderSettings
    from onetake.storyboard import load

    settings = RenderSettings(preset="ultrafast", workers=2, stems=True, cache_dir=voice_cache)
    result = render(load(DATA / "sound.md"), tmp_path_factory.mktemp("sound"), settings)
    stems = {p.stem: read_wav24(p) for p in sorted(Path(f"{result.video.with_suffix('')}.stems").glob("*.wav"))}
    return result, stems, settings


@pytest.fixture(scope="module")
def report(sound):
    from onetake.verify import verify

    result, _, settings = sound
    return verify(result.video, whisper=False, assets=settings.assets)


def test_the_stems_are_the_video_s_length_and_sum_to_the_mix(sound):
    result, stems, _ = sound
    assert sorted(stems) == ["ambience", "effects", "mix", "music", "narration"]
    assert {x.shape for x in stems.values()} == {(result.timeline.duration, 2)}
    error = sum(stems[name] for name in ("narration", "effects", "ambience", "music")) - stems["mix"]
    assert db(error) - db(stems["mix"]) < -60  # 24-bit rounding of five files: about -100 dB
    for name in ("narration", "effects", "ambience", "music"):
        assert db(stems[name]) > -60, name  # none of them is silent


def test_sections_change_on_bar_lines_and_the_cut(sound):
    result, stems, _ = sound
    music, scenes = result.timeline.music, result.timeline.scenes
    assert music.source == "score" and [s.mood for s in music.sections] == ["calm", "upbeat", "triumphant"]
    for section, scene in zip(music.sections, scenes):
        assert section.start == music.bars[section.bar]  # on its bar line, to the sample
        assert abs(section.start - scene.start) == min(abs(b - scene.start) for b in music.bars)
    assert music.sections[1].start == scenes[1].start  # the tempo was fitted so the music changes on the cut
    onset = first_sharp(stems["music"], music.sections[1].start)
    assert 0 <= onset <= SR // 200, onset  # the new section's first notes, within 5 ms of its downbeat


def test_the_sting_lands_on_its_cue_s_downbeat(sound):
    result, stems, _ = sound
    timeline = result.timeline
    cta = [c for c in timeline.cues if c.name == "cta"][0]
    assert timeline.music.stings == (cta.start,) and cta.start in timeline.music.bars
    onset = first_sharp(stems["music"], cta.start)
    assert 0 <= onset <= SR // 200, onset  # FluidSynth's 64-sample blocks and the crash's own attack
    assert db(stems["music"][cta.start:cta.start + SR // 4]) > db(stems["music"][cta.start - SR // 4:cta.start]) + 3


def test_the_music_resolves_and_dies_away_with_the_video(sound):
    result, stems, _ = sound
    music, duration = stems["music"], result.timeline.duration
    floor = db(music) - 60  # 60 dB under the music's own level (the stem is some 30 dB under full scale)
    levels = [db(music[a:a + SR // 100]) for a in range(duration - SR // 4, duration - SR // 100 + 1, SR // 200)]
    falls = duration - SR // 4 + SR // 200 * next(i for i, v in enumerate(levels) if v < floor) + SR // 100
    assert duration - SR // 20 <= falls <= duration, (duration - falls) / SR  # silent only in the last 50 ms
    assert db(music[-SR // 20:]) < db(music) - 30  # faded, not cut off
    final = result.timeline.music.bars[-1]
    assert db(music[final:final + SR // 2]) > db(music[-SR // 2:]) + 20  # the last chord rings, then decays


def test_the_music_ducks_at_least_10_db_under_every_line(sound, report):
    result, stems, settings = sound
    ducking = report.check("ducking")
    assert ducking.passed and len(ducking.data["lines"]) == len(result.timeline.lines)
    assert min(depth for _, depth in ducking.data["lines"]) >= 10.0, ducking.data["lines"]  # from the MP4
    from onetake.render.audio.mix import soundtrack

    timeline = result.timeline
    reference = soundtrack(timeline.music, timeline.duration, 0, timeline.duration, settings.assets)
    between = [(a.end + SR, b.start - SR // 4) for a, b in zip(timeline.lines, timeline.lines[1:])
               if b.start - a.end > 3 * SR // 2]
    assert between

    def gain(a: int, b: int) -> float:
        r = reference[a:b]
        return float(np.sum(stems["music"][a:b] * r) / np.sum(r * r))

    full = np.mean([gain(a, b) for a, b in between])
    for line in timeline.lines:  # the stem against the un-ducked score: the duck itself (and the limiter,
        # which takes a few tenths of a dB more off the whole mix while the voice speaks)
        assert 12.0 - 0.05 <= 20 * np.log10(full / gain(line.start, line.end)) <= 13.0, line.id


def test_a_placed_source_grows_as_the_camera_moves_in(sound):
    result, stems, _ = sound
    scene = result.timeline.scenes[1]
    rain = [a for a in result.timeline.ambience if a.kind == "rain"][0]
    assert (rain.start, rain.end, rain.x) == (scene.start, scene.end, 0.6)
    levels = [clip_lufs(stems["ambience"][a:a + SR]) for a in range(scene.start + SR, scene.end - 2 * SR + 1, SR // 2)]
    assert all(b > a - 0.25 for a, b in zip(levels, levels[1:])), np.round(levels, 2)  # rising (noise: 0.25 dB)
    assert levels[-1] - levels[0] > 2.0, np.round(levels, 2)  # 6 dB x closeness (0.1 -> 0.6): 2.5 measured
    office = stems["ambience"][SR:scene.start - SR]
    voice = stems["narration"][result.timeline.lines[0].start:result.timeline.lines[0].end]
    assert 20 <= clip_lufs(voice) - clip_lufs(office) <= 30  # a room tone 20-30 dB under the voice


def test_loudness_true_peak_and_joins_of_the_finished_file(sound, report):
    from onetake.verify.health import join_scores

    result, stems, _ = sound
    assert report.passed, report.summary()
    audio = report.material.audio
    assert integrated_lufs(audio) == pytest.approx(-16.0, abs=1.0) and true_peak_dbtp(audio) <= -1.5
    assert integrated_lufs(stems["mix"]) == pytest.approx(-16.0, abs=0.2)
    # joins in each stem: lines, scenes (the ambience crossfade, the music's sections), inserted pauses
    timeline = result.timeline
    for name in ("narration", "ambience", "music"):
        scores = [s.score for s in join_scores(timeline, stems[name].astype(np.float32), 0.0)]
        assert scores and max(scores) <= 2.0, (name, max(scores))


def test_the_otio_hand_off_places_every_line_on_its_sample(sound, tmp_path):
    import opentimelineio as otio

    result, _, _ = sound
    timeline = result.timeline
    base = result.video.with_suffix("")
    read = otio.adapters.read_from_file(f"{base}.otio")
    tracks = {t.name: t for t in read.tracks}
    assert list(tracks) == ["V1 video", "A1 narration", "A2 effects", "A3 ambience", "A4 music"]
    video = tracks["V1 video"][0]
    assert Path(video.media_reference.target_url.removeprefix("file://")) == result.video.absolute()
    assert video.source_range.duration.to_frames() == timeline.frame_count
    clips = list(tracks["A1 narration"].find_clips())
    assert [c.name for c in clips] == [line.id for line in sorted(timeline.lines, key=lambda line: line.start)]
    for clip, line in zip(clips, sorted(timeline.lines, key=lambda line: line.start)):
        at = tracks["A1 narration"].range_of_child(clip)
        assert at.start_time.rate == SR and at.start_time.value == line.start
        assert at.duration.value == line.end - line.start == clip.source_range.duration.value
    for name in ("A2 effects", "A3 ambience", "A4 music"):
        assert tracks[name].duration().value == timeline.duration
    markers = [m.name for m in video.markers]
    assert "cue cta" in markers and sum(m.startswith("scene") for m in markers) == len(timeline.scenes)
    bundle = otio.adapters.read_from_file(f"{base}.otioz", extract_to_directory=str(tmp_path))
    assert len(list(bundle.find_clips())) == len(list(read.find_clips()))


def test_emphasis_pauses_and_keeps_cues_on_their_words(sound, report):
    result, _, _ = sound
    line = result.timeline.lines[0]
    words = [w.text for w in line.words]
    really = words.index("really")
    assert line.words[really].start - line.words[really - 1].end >= SR * 12 // 100  # the pause before emphasis
    assert report.check("cues").passed and report.check("narration").passed


def test_a_user_s_music_file_loops_at_bars_ends_on_a_phrase_and_ducks(tmp_path, voice_cache):
    from scipy.io import wavfile

    from onetake.render.audio.user_music import END_MARGIN
    from onetake.run.pipeline import render
    from onetake.settings import RenderSettings
    from onetake.storyboard import load
    from onetake.verify import verify
    from test_user_music import drums

    pcm, _, _ = drums(120.0, 4.5)  # 120 bpm: two bars and the pickup, shorter than the video
    wavfile.write(tmp_path / "loop.wav", SR, (np.clip(pcm, -1, 1) * 32767).astype(np.int16))
    text = (DATA / "mini.md").read_text(encoding="utf-8").replace("music: true", "music: loop.wav")
    (tmp_path / "story.md").write_text(text, encoding="utf-8")
    settings = RenderSettings(preset="ultrafast", workers=2, cache_dir=voice_cache)
    result = render(load(tmp_path / "story.md"), tmp_path / "out", settings)
    music = result.timeline.music
    assert music.source == "file:loop.wav" and "120.0 bpm" in music.note and "loop" in music.note, music.note
    report = verify(result.video, whisper=False, assets=settings.assets)
    assert report.passed, report.summary()
    assert min(depth for _, depth in report.check("ducking").data["lines"]) >= 10.0
    fitted = np.load(settings.assets.path(music.audio))
    assert fitted.shape == (result.timeline.duration, 2)
    assert not fitted[-END_MARGIN:].any()  # it ended on its phrase, released, before the video's end
