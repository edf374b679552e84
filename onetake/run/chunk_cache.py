"""Encoded video chunks kept by what they show: an edit redraws only the chunks whose inputs changed.

Chunks are cut at scene starts, and long scenes every MAX_CHUNK_FRAMES frames from their own start
(`chunks.scene_chunks`), so an edit that moves later scenes in time moves their cuts with them. A chunk's
key (`chunk_key`) hashes everything its frames are drawn from, with every time measured from its
scene's start: the scene (layout, props, length, transition, stage), its visual events and cues,
the scene before it while its transition runs, the presenter's mouth shapes, blinks and gestures
inside the chunk, the burned captions over it, the frame size, rate, theme and language, the
encoder's settings, and a fingerprint of the drawing code and the libraries that draw and encode.
A scene that only moved, later in the programme, keeps its key, and its chunks are reused as they
were encoded (the joiner re-times packets, so a chunk plays anywhere).

`ChunkCache` stores chunks as `<cache>/chunks/<key[:2]>/<key>.mp4`, each written atomically, and
keeps the folder under MAX_CACHE_BYTES by removing the chunks used longest ago.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..io import atomic_path
from ..lipsync import BLINK_MS
from ..timeline import Scene, Timeline, ms_to_samples, thaw
from .chunks import Chunk

MAX_CACHE_BYTES = 4 * 2**30  # about 4 hours of 720p video at the default quality
CHUNK_FORMAT = 1  # part of every key: bump it when what a key covers changes
CODE = ("render/video", "geometry", "encode/video.py", "fonts.py", "lipsync.py", "plan/visemes.py", "timeline")
LIBRARIES = ("skia-python", "av", "opencv-python-headless", "numpy")


@lru_cache(maxsize=2)
def code_fingerprint(parts: tuple[str, ...] = CODE) -> str:
    """A hash of the code that draws and encodes frames (or of the package parts named), and of the
    libraries it calls."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for part in parts:
        path = root / part
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.relative_to(root).as_posix().encode())
            digest.update(file.read_bytes())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing".encode())
    return digest.hexdigest()


def _scene_view(timeline: Timeline, scene: Scene) -> dict:
    """One scene as its frames see it, every time from its start."""
    origin, first = scene.start, timeline.fps.frame_at(scene.start)
    presenter = timeline.presenter
    place = presenter.placement(scene.index) if presenter else None
    return {
        "layout": scene.layout, "title": scene.title, "props": thaw(scene.props), "length": scene.end - origin,
        "transition": [scene.transition, scene.transition_samples], "direction": scene.direction,
        "stage": list(scene.stage),
        "events": [[e.kind, e.element, e.frame - first, e.at - origin, e.x, e.cue, thaw(e.data)]
                   for e in timeline.events_of(scene.index)],
        "cues": [[c.name, c.start - origin, c.end - origin] for c in timeline.cues if c.scene == scene.index],
        "presenter": None if place is None else [place.position, list(place.box)],
    }


def chunk_keys(timeline: Timeline, chunks: list[Chunk], preset: str, crf: int) -> list[str]:
    """`chunk_key` of each chunk, the timeline's caption blocks laid out once for all of them."""
    captions = None
    if timeline.burn_captions:
        from ..render.video.captions import blocks

        captions = blocks(timeline)
    return [chunk_key(timeline, chunk, preset, crf, captions) for chunk in chunks]


def chunk_key(timeline: Timeline, chunk: Chunk, preset: str, crf: int, captions: list | None = None) -> str:
    """The hash of everything the frames of `chunk` are drawn and encoded from (see the module docstring);
    `captions`, the timeline's caption blocks when they are burned in (laid out here when not given)."""
    fps = timeline.fps
    scene = timeline.scenes[chunk.scene]
    origin, scene_first = scene.start, fps.frame_at(scene.start)
    start, end = fps.frame_start(chunk.first), fps.frame_start(chunk.last)
    view = {
        "format": CHUNK_FORMAT, "code": code_fingerprint(), "encode": [preset, crf],
        "frame": [timeline.width, timeline.height, fps.num, fps.den, timeline.theme, timeline.lang],
        "frames": [chunk.first - scene_first, chunk.last - scene_first],
        "scene": _scene_view(timeline, scene),
    }
    if scene.transition_samples and chunk.scene > 0 and start < origin + scene.transition_samples:
        view["previous"] = _scene_view(timeline, timeline.scenes[chunk.scene - 1])  # blended into the entrance
    presenter = timeline.presenter
    if presenter is not None and presenter.placement(chunk.scene) is not None:
        # A frame shows the shape held at its last sample: the one held at the first frame's, then every change.
        first_probe, last_probe = fps.frame_start(chunk.first + 1) - 1, end - 1
        held = [v.shape for v in presenter.visemes if v.start <= first_probe][-1:]
        view["mouth"] = [held, [[v.shape, v.start - origin] for v in presenter.visemes
                                if first_probe < v.start <= last_probe]]
        view["look"] = [presenter.style, presenter.skin, presenter.hair]
        view["blinks"] = [b - origin for b in presenter.blinks if start - ms_to_samples(BLINK_MS) <= b < end]
        view["gestures"] = [[g.name, g.start - origin, g.end - origin] for g in presenter.gestures
                            if g.start < end and g.end > start]
    if timeline.burn_captions:
        if captions is None:
            from ..render.video.captions import blocks

            captions = blocks(timeline)
        view["captions"] = [[c.start - origin, c.end - origin, [[[w.text, w.start - origin, w.end - origin]
                                                                 for w in line] for line in c.lines]]
                            for c in captions if c.start < end and c.end > start]
    text = json.dumps(view, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:40]


class ChunkCache:
    """Encoded chunks by key under `folder` (`<key[:2]>/<key>.mp4`)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.mp4"

    def get(self, key: str) -> bytes | None:
        """The chunk stored under `key`, or None (also for one that cannot be read); marks it used."""
        path = self._path(key)
        try:
            data = path.read_bytes()
            os.utime(path)
        except OSError:
            return None
        return data

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as temp:
            temp.write_bytes(data)

    def trim(self, max_bytes: int = MAX_CACHE_BYTES) -> int:
        """Remove the chunks used longest ago until the folder holds at most `max_bytes`; returns how many."""
        files = []
        for path in self.folder.glob("*/*.mp4"):
            with contextlib.suppress(OSError):
                stat = path.stat()
                files.append((stat.st_mtime, stat.st_size, path))
        total, removed = sum(size for _, size, _ in files), 0
        for _, size, path in sorted(files):
            if total <= max_bytes:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                total, removed = total - size, removed + 1
        return removed
