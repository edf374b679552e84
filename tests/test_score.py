"""The scored soundtrack: tempo map and bar lines read back from its own MIDI, sections on bar
lines, stings on downbeats and audible, a real ending, determinism, and FluidSynth's real output."""

from __future__ import annotations

import shutil
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onetake.errors import RenderError
from onetake.measure import integrated_lufs, onsets
from onetake.render.audio.score import (
    MAX_STEP, MOODS, SPECS, TEMPO_TOLERANCE, SectionRequest, plan_score, programme_tempi, render_score,
    soundfont_path,
)

SR = 48_000
pytestmark = pytest.mark.skipif(shutil.which("fluidsynth") is None, reason="fluidsynth is not installed")

STORY = [SectionRequest(0, "calm", 0.3), SectionRequest(int(6.5 * SR), "upbeat", 0.7),
         SectionRequest(int(13.4 * SR), "serious", 0.5), SectionRequest(int(19.6 * SR), "triumphant", 0.85)]
STINGS = [int(7.6 * SR), int(14.2 * SR), int(21.0 * SR)]
DURATION = 28 * SR


def read_midi(data: bytes) -> dict:
    """A Standard MIDI File parsed from scratch (not with the writer's own reader): its division,
    tempo and time-signature meta events, programs and note-ons, each with its absolute tick."""
    assert data[:4] == b"MThd" and int.from_bytes(data[4:8], "big") == 6
    fmt, ntracks, ppq = (int.from_bytes(data[i:i + 2], "big") for i in (8, 10, 12))
    out = {"format": fmt, "ppq": ppq, "tempos": [], "meters": [], "programs": {}, "notes": [], "tracks": 0}
    pos = 14
    while pos < len(data):
        assert data[pos:pos + 4] == b"MTrk"
        size = int.from_bytes(data[pos + 4:pos + 8], "big")
        track, pos, i, tick, status = data[pos + 8:pos + 8 + size], pos + 8 + size, 0, 0, None
        out["tracks"] += 1
        while i < len(track):
            delta = 0
            while True:
                delta, i = (delta << 7) | (track[i] & 0x7F), i + 1
                if track[i - 1] < 0x80:
                    break
            tick += delta
            if track[i] & 0x80:
                status, i = track[i], i + 1
            if status == 0xFF:
                kind, length = track[i], track[i + 1]
                body, i = track[i + 2:i + 2 + length], i + 2 + length
                if kind == 0x51:
                    out["tempos"].append((tick, int.from_bytes(body, "big")))
                elif kind == 0x58:
                    out["meters"].append((tick, body[0], 2 ** body[1]))
            elif status >> 4 == 0xC:
                out["programs"][status & 0xF], i = track[i], i + 1
            elif status >> 4 == 0xD:
                i += 1
            else:
                if status >> 4 == 0x9 and track[i + 1]:
                    out["notes"].append((tick, status & 0xF, track[i], track[i + 1]))
                i += 2
    assert out["tracks"] == ntracks
    return out


def bar_lines(midi: dict, count: int) -> list[Fraction]:
    """Exact sample positions of the first `count` bar lines (4/4) under the file's tempo map."""
    ppq, tempos = midi["ppq"], sorted(midi["tempos"])
    lines = []
    for bar in range(count):
        tick, pos, at, us = bar * 4 * ppq, Fraction(0), 0, 500_000
        for t, u in tempos:
            if t >= tick:
                break
            pos, at, us = pos + Fraction((t - at) * us * SR, 10**6 * ppq), t, u
        lines.append(pos + Fraction((tick - at) * us * SR, 10**6 * ppq))
    return lines


def tempo_at(midi: dict, tick: int) -> int:
    return [u for t, u in sorted(midi["tempos"]) if t <= tick][-1]


def db(x: np.ndarray) -> float:
    power = float(np.mean(np.square(x, dtype=np.float64)))
    return 10 * np.log10(power) if power > 0 else -300.0


def fall_point(x: np.ndarray) -> int:
    """The end of the last 10 ms window (1 ms hop) whose RMS is at or above -60 dBFS."""
    power = np.concatenate([[0.0], np.cumsum(np.square(x, dtype=np.float64).mean(axis=1))])
    ends = np.arange(480, x.shape[0] + 1, 48)
    loud = ends[10 * np.log10(np.maximum((power[ends] - power[ends - 480]) / 480, 1e-30)) >= -60]
    return int(loud.max()) if loud.size else 0


@pytest.fixture(scope="module")
def story():
    score = plan_score(STORY, DURATION, STINGS, seed=4)
    return score, render_score(score)


def check_plan(score, requests, duration):
    """The invariants every plan keeps, read back from its own MIDI file."""
    midi = read_midi(score.midi())
    assert midi["format"] == 1 and midi["meters"] == [(0, 4, 4)]
    exact = bar_lines(midi, len(score.bars))
    assert list(score.bars) == [round(x) for x in exact]  # bar lines are where the tempo map puts them
    assert max(abs(x - b) for x, b in zip(exact, score.bars)) <= Fraction(1, 2)
    assert all(b < c for b, c in zip(score.bars, score.bars[1:])) and score.bars[-1] <= duration
    for s in score.stings:  # each sting is a downbeat, hit to within 0.1 sample
        assert s in score.bars and min(abs(x - s) for x in exact) <= Fraction(1, 10)
    for r, sec in zip(requests, score.sections, strict=True):
        nearest = min(range(len(score.bars)), key=lambda i: (abs(score.bars[i] - r.start), -i))
        assert abs(score.bars[nearest] - r.start) == min(abs(b - r.start) for b in score.bars)
        assert (sec.bar, sec.start, sec.mood) == (nearest, score.bars[nearest], r.mood)
    nominal = programme_tempi(requests, duration)
    for i in range(len(score.bars) - 1):  # every bar's tempo is within tolerance of its section's
        j = max(j for j, s in enumerate(score.sections) if s.bar <= i)
        bpm = 60e6 / tempo_at(midi, i * 4 * midi["ppq"])
        assert abs(bpm / nominal[j] - 1) <= TEMPO_TOLERANCE, (i, score.sections[j].mood, bpm)
    for sec, bpm in zip(score.sections, nominal):
        assert abs(sec.tempo_bpm / bpm - 1) <= TEMPO_TOLERANCE
    for a, b in zip(score.sections, score.sections[1:]):  # one key family: same tonic or relative keys
        major = lambda s: s.key if s.mode == "major" else (s.key + 3) % 12  # noqa: E731
        assert major(a) == major(b)
    assert score.end == max(0, duration - SR // 100)


def test_the_story_plan(story):
    score, _ = story
    check_plan(score, STORY, DURATION)
    assert score.stings == tuple(STINGS) and not score.dropped_stings  # all three fit
    assert [s.mode for s in score.sections] == ["major", "major", "minor", "major"]
    assert score.beats_per_bar == 4 and DURATION - 4.5 * SR <= score.bars[-1] <= DURATION - 2 * SR


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 30 * SR), st.sampled_from(MOODS), st.floats(0, 1)), max_size=6),
       st.sampled_from(MOODS), st.integers(0, 90 * SR), st.lists(st.integers(0, 90 * SR), max_size=6),
       st.integers(0, 2**32))
def test_any_plan_keeps_the_invariants(scenes, first, duration, stings, seed):
    starts = sorted(s for s, _, _ in scenes)
    requests = [SectionRequest(0, first, 0.5)] + [SectionRequest(s, m, e) for s, (_, m, e) in zip(starts, scenes)]
    score = plan_score(requests, duration, stings, seed)
    check_plan(score, requests, duration)
    assert sorted(set(score.stings) | set(score.dropped_stings)) == sorted(set(stings))


def test_one_piece_not_spliced_tempi():
    """A faster mood is still faster than its neighbours, but no section leaps more than MAX_STEP."""
    jumpy = [SectionRequest(0, "calm", 0.5), SectionRequest(10 * SR, "urgent", 0.5),
             SectionRequest(20 * SR, "calm", 0.5), SectionRequest(30 * SR, "upbeat", 0.5)]
    nominal = programme_tempi(jumpy, 40 * SR)
    assert nominal[0] < nominal[1] > nominal[2] < nominal[3]
    assert all(1 / MAX_STEP - 1e-9 <= b / a <= MAX_STEP + 1e-9 for a, b in zip(nominal, nominal[1:]))
    score = plan_score(jumpy, 40 * SR)
    check_plan(score, jumpy, 40 * SR)
    tempi = [s.tempo_bpm for s in score.sections]
    assert max(b / a for a, b in zip(tempi, tempi[1:])) < MAX_STEP * (1 + TEMPO_TOLERANCE)
    assert max(tempi) / min(tempi) < SPECS["urgent"].tempo_bpm / SPECS["calm"].tempo_bpm


def test_sections_change_on_the_cut_when_a_bar_count_reaches_it():
    score = plan_score(STORY, DURATION, seed=4)  # no stings to make room for: every scene is an anchor
    check_plan(score, STORY, DURATION)
    assert [s.start for s in score.sections] == [r.start for r in STORY]
    crowded = plan_score(STORY, DURATION, STINGS, seed=4)  # each scene is within three bars of a sting
    assert crowded.stings == tuple(STINGS) and [s.start for s in crowded.sections][1:] != [r.start for r in STORY][1:]


def test_stings_too_close_are_dropped():
    score = plan_score([SectionRequest(0, "upbeat", 0.5)], 30 * SR, [10 * SR, 10 * SR + SR // 2], seed=1)
    assert score.stings == (10 * SR,) and score.dropped_stings == (10 * SR + SR // 2,)


def test_every_sting_is_an_onset(story):
    score, x = story
    found = onsets(x)
    for s in score.stings:
        assert any(abs(o - s) <= SR // 100 for o in found), (s, [o - s for o in found if abs(o - s) < SR])


def test_the_music_ends_by_dying_away(story):
    score, x = story
    fall = fall_point(x)
    assert DURATION - SR // 20 <= fall <= DURATION - SR // 100  # falls below -60 dBFS in the last 50 ms
    assert not np.any(x[-SR // 100:])  # the last 10 ms are exactly silent
    assert np.abs(x[-SR // 20:]).max() < 10 ** (-30 / 20)  # a decayed tail, not a cut-off
    final = score.bars[-1]
    assert db(x[final:final + SR // 2]) > -15  # the final chord sounds, then fades ...
    levels = [db(x[a:a + SR // 4]) for a in range(final + SR, DURATION - SR // 4, SR // 4)]
    assert all(b < a + 1.5 for a, b in zip(levels, levels[1:]))  # ... steadily


def test_render_is_loud_enough_in_every_section_and_stereo(story):
    score, x = story
    assert x.shape == (DURATION, 2) and x.dtype == np.float32
    assert integrated_lufs(x) == pytest.approx(0.0, abs=0.05)
    edges = [s.start for s in score.sections] + [score.bars[-1]]
    for a, b in zip(edges, edges[1:]):
        assert -20 < db(x[a:b]) < 0, (a, b)
    assert not np.array_equal(x[:, 0], x[:, 1])


def test_render_is_deterministic(story):
    score, x = story
    assert np.array_equal(render_score(score), x)  # bit for bit


def test_short_programmes_are_one_chord():
    score = plan_score([SectionRequest(0, "warm", 0.5), SectionRequest(SR, "upbeat", 0.9)], 5 * SR // 2, [0, SR])
    assert score.bars == (0,) and score.stings == (0,) and score.dropped_stings == (SR,)
    assert [s.start for s in score.sections] == [0, 0]
    x = render_score(score)
    assert x.shape == (5 * SR // 2, 2) and np.isfinite(x).all()
    assert 5 * SR // 2 - SR // 20 <= fall_point(x) <= 5 * SR // 2 - SR // 100
    assert db(x[SR // 2:SR]) > db(x[-SR // 5:]) + 20  # it swells and dies away
    for n in (0, 100, 2000):
        y = render_score(plan_score([SectionRequest(0, "calm", 0.5)], n))
        assert y.shape == (n, 2) and np.isfinite(y).all()


def test_energy_raises_density_and_velocity():
    for mood in MOODS:
        low, high = (read_midi(plan_score([SectionRequest(0, mood, e)], 30 * SR, seed=2).midi())["notes"]
                     for e in (0.1, 0.9))
        assert len(high) > len(low), mood
        assert np.mean([n[3] for n in high]) > np.mean([n[3] for n in low]) + 5, mood


def test_programs_and_drums():
    midi = read_midi(plan_score([SectionRequest(0, "upbeat", 0.8)], 20 * SR, [8 * SR]).midi())
    assert midi["programs"][0] == 0 and midi["programs"][3] == 33  # piano, fingered bass
    assert any(ch == 9 and key == 49 for _, ch, key, _ in midi["notes"])  # a crash on channel 10


def test_bad_requests_say_what_is_allowed():
    with pytest.raises(ValueError, match="calm, upbeat, serious, urgent, warm, triumphant"):
        plan_score([SectionRequest(0, "jolly", 0.5)], 10 * SR)
    with pytest.raises(ValueError, match="energy"):
        plan_score([SectionRequest(0, "calm", 1.5)], 10 * SR)
    with pytest.raises(ValueError, match="sample 0"):
        plan_score([SectionRequest(5, "calm", 0.5)], 10 * SR)


def test_missing_tools_and_bad_soundfonts_raise_render_errors(tmp_path, monkeypatch):
    assert soundfont_path().endswith((".sf2", ".sf3"))
    score = plan_score([SectionRequest(0, "calm", 0.5)], 2 * SR)
    bogus = tmp_path / "bogus.sf2"
    bogus.write_text("not a soundfont")
    with pytest.raises(RenderError, match="not a SoundFont"):
        render_score(score, str(bogus))
    with pytest.raises(RenderError, match="apt-get install fluidsynth musescore-general-soundfont-small"):
        render_score(score, str(tmp_path / "missing.sf2"))
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(RenderError, match="apt-get install"):
        soundfont_path()
