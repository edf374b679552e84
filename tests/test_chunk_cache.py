"""Video chunks kept by what they show: cut at scenes, keyed by their scene's content from its start,
reused byte for byte after an edit elsewhere, and only the edited scenes drawn again."""

from __future__ import annotations

from pathlib import Path

import av
import pytest

from onetake.plan import plan
from onetake.run.chunk_cache import ChunkCache, chunk_key
from onetake.run.chunks import MAX_CHUNK_FRAMES, scene_chunks
from onetake.run.pipeline import render, render_chunk
from onetake.settings import RenderSettings
from onetake.storyboard import parse_markdown

STORY = """---
title: Edits
resolution: 320x180
captions: {captions}
presenter: {{position: right}}
---

# First
layout: bullets
items: {{a: Alpha, b: Beta}}

{{a}}Alpha comes first, and {{b}}beta after it.

# Second
layout: app
transition: fade
app: {{name: Acme, buttons: [search, settings]}}
on: {{open: click settings, look: gesture point-left}}

{{look}}{second} {{open:settings}}.

# Third
layout: end
cta: Try it

That is {{cta:all}}. Thank you.
"""


def _story(second: str = "Now open the", captions: str = "burn"):
    return parse_markdown(STORY.format(second=second, captions=captions))


def _settings(cache: Path, **changes) -> RenderSettings:
    return RenderSettings(preset="ultrafast", workers=2, cache_dir=cache, **changes)


@pytest.fixture(scope="module")
def timelines(voice_cache):
    """The storyboard planned, and again with one line of the second scene changed."""
    settings = _settings(voice_cache)
    return plan(_story(), settings), plan(_story("Now, in the corner, open the"), settings)


def _keys(timeline):
    return [(c, chunk_key(timeline, c, "ultrafast", 20)) for c in scene_chunks(timeline)]


def test_chunks_cover_every_frame_and_cut_at_scenes_and_entrances(timelines):
    timeline = timelines[0]
    chunks = scene_chunks(timeline, max_frames=40)
    assert chunks[0].first == 0 and chunks[-1].last == timeline.frame_count
    assert all(a.last == b.first for a, b in zip(chunks, chunks[1:]))
    assert all(0 < c.last - c.first <= 40 for c in chunks)
    fps = timeline.fps
    starts = {c.first for c in chunks}
    for scene in timeline.scenes[1:]:
        assert fps.frame_at(scene.start) in starts
        if scene.transition_samples:  # the entrance, which shows the scene before, is a chunk of its own
            assert fps.frame_count(scene.start + scene.transition_samples) in starts
    assert MAX_CHUNK_FRAMES >= 300


def test_an_edit_changes_the_keys_of_its_scene_only(timelines):
    before, after = (_keys(t) for t in timelines)
    assert timelines[1].scenes[2].start > timelines[0].scenes[2].start  # the third scene moved later
    kept = {key for _, key in before}
    assert [c for c, key in after if key not in kept] == _touched(timelines[1])


def _touched(timeline):
    """The chunks an edit of the second scene touches: all of it, and the third's entrance (which shows
    the second's end); the third scene's body only moved."""
    third = timeline.scenes[2]
    entrance = timeline.fps.frame_count(third.start + third.transition_samples)
    return [c for c in scene_chunks(timeline) if c.scene == 1 or (c.scene == 2 and c.last <= entrance)]


def test_a_reused_chunk_is_byte_identical_to_one_drawn_at_its_new_place(timelines, voice_cache):
    before, after = timelines
    assets = _settings(voice_cache).assets
    old = dict((key, c) for c, key in _keys(before))
    moved = [(c, old[key]) for c, key in _keys(after) if key in old and c.scene == 2]  # the third scene's body
    assert moved and all(c.first != o.first for c, o in moved)  # the same content, at other frames
    for now, was in moved:
        fresh = render_chunk(after, assets, 0, now.first, now.last, "ultrafast", 20, progress=None)
        kept = render_chunk(before, assets, 0, was.first, was.last, "ultrafast", 20, progress=None)
        assert fresh == kept


def test_a_global_change_keeps_nothing(timelines):
    timeline = timelines[0]
    keys = {key for _, key in _keys(timeline)}
    for other in (timeline.with_(theme="daylight"), timeline.with_(lang="es"), timeline.with_(burn_captions=False)):
        assert not keys & {key for _, key in _keys(other)}
    assert not keys & {chunk_key(timeline, c, "ultrafast", 24) for c in scene_chunks(timeline)}


def _packets(path: Path) -> list[bytes]:
    with av.open(str(path)) as container:
        return [bytes(p) for p in container.demux(video=0) if p.size]


def test_rendering_again_redraws_only_what_changed_and_makes_the_same_file(tmp_path, voice_cache):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "voice").symlink_to(voice_cache / "voice")  # voices already spoken; chunks start empty
    (cache / "assets").symlink_to(voice_cache / "assets")
    settings = _settings(cache)
    first = render(_story(), tmp_path / "a", settings)
    assert first.reused.chunks == 0
    again = render(_story(), tmp_path / "b", settings)
    assert (again.reused.chunks, again.reused.frames) == (again.reused.of_chunks, again.reused.of_frames)
    assert _packets(again.video) == _packets(first.video)
    edited = render(_story("Now, in the corner, open the"), tmp_path / "c", settings)
    redrawn = edited.reused.of_chunks - edited.reused.chunks
    assert redrawn == len(_touched(edited.timeline)) == 3
    fresh = render(_story("Now, in the corner, open the"), tmp_path / "d", _settings(tmp_path / "cold"))
    assert fresh.reused.chunks == 0
    assert _packets(edited.video) == _packets(fresh.video)  # reused chunks join into the very same video


def test_the_cache_keeps_the_chunks_used_last_within_its_size(tmp_path):
    import os

    cache = ChunkCache(tmp_path)
    for i, key in enumerate(["aa" + "0" * 38, "bb" + "1" * 38, "cc" + "2" * 38]):
        cache.put(key, bytes(1000))
        os.utime(cache._path(key), (1000 + i, 1000 + i))
    assert cache.get("aa" + "0" * 38) == bytes(1000)  # used now: the newest
    assert cache.trim(2500) == 1
    assert cache.get("bb" + "1" * 38) is None and cache.get("aa" + "0" * 38) and cache.get("cc" + "2" * 38)


def test_a_render_of_an_unchanged_storyboard_keeps_its_files_until_one_changes(tmp_path, voice_cache):
    settings = _settings(voice_cache)
    out = tmp_path / "out"
    first = render(_story(captions="file"), out, settings)
    assert not first.reused.whole
    kept = render(_story(captions="file"), out, settings)
    assert kept.reused.whole and "nothing changed" in str(kept.reused)
    assert kept.files == first.files and kept.timeline == first.timeline
    assert "master" not in kept.seconds and "video" not in kept.seconds  # nothing mixed, drawn or encoded
    made = _packets(first.video)
    with open(first.video, "ab") as f:  # a file changed since: it is made again, from the chunks
        f.write(b"x")
    repaired = render(_story(captions="file"), out, settings)
    assert not repaired.reused.whole and repaired.reused.chunks == repaired.reused.of_chunks
    assert _packets(repaired.video) == made
    louder = render(_story(captions="file"), out, settings.with_(loudness_lufs=-14.0))
    assert not louder.reused.whole  # another loudness target: the same frames, but new audio
