"""The soundtrack's plan: the score (or the user's music file) and each scene's ambience, on the timeline.

The music is rendered here, once per programme, into the asset store ((duration, 2) float32 at
48 kHz, 0 LUFS), so the audio renderer only reads it by sample range and no chunking can change a
sample. A rendering is remembered by its recipe (the MIDI, or the file and the length), so planning
the same story again, or another language of the same length, costs nothing.
"""

from __future__ import annotations

import hashlib
import tempfile
import zlib
from pathlib import Path

import numpy as np

from ..assets import AssetStore
from ..io import atomic_path
from ..storyboard import Storyboard
from ..timeline import Ambience, Cue, Music, MusicSection, Scene
from .arc import Beat

RENDER_VERSION = "music.2"  # bump when a rendering of the same recipe would sound different


def seed_of(storyboard: Storyboard) -> int:
    """A seed that stays the same for a story in every language and render (voicings, ambience events)."""
    return zlib.crc32(storyboard.title.encode("utf-8"))


def _remembered(memo: Path | None, recipe: str, assets: AssetStore, render) -> tuple[str, str]:
    """(asset key, note) of what `render(path)` writes into the .npy `path` (returning its note), from
    the memo of `recipe` when the store still has it."""
    entry = memo / f"{recipe}.key" if memo else None
    if entry and entry.is_file():
        key, _, note = entry.read_text(encoding="utf-8").partition("\n")
        if assets.has(key.strip()):
            return key.strip(), note.strip()
    with tempfile.TemporaryDirectory(prefix="onetake-music-") as tmp:
        made = Path(tmp) / "music.npy"
        note = render(made)
        key = assets.put_file(made)
    if entry:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(entry) as temp:
            temp.write_text(f"{key}\n{note}", encoding="utf-8")
    return key, note


def _recipe(*parts: bytes | str) -> str:
    digest = hashlib.sha256(RENDER_VERSION.encode())
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def plan_music(storyboard: Storyboard, scenes: list[Scene], cues: list[Cue], arc: list[Beat], duration: int,
               assets: AssetStore, memo: Path | None = None) -> Music:
    """The music of one language's timeline: none, the user's file cut to length, or the score of the arc."""
    seed = seed_of(storyboard)
    if storyboard.music == "none":
        return Music(enabled=False, source="none", seed=seed)
    if storyboard.music != "auto":
        from ..render.audio.user_music import load

        path = storyboard.base_dir / storyboard.music
        source_key = assets.put_file(path)

        def render(target: Path) -> str:
            fitted = load(assets.path(source_key), duration)
            np.save(target, np.ascontiguousarray(fitted.pcm, dtype=np.float32), allow_pickle=False)
            return fitted.note

        key, note = _remembered(memo, _recipe("file", source_key, str(duration)), assets, render)
        return Music(enabled=True, seed=seed, audio=key, source=f"file:{Path(storyboard.music).name}", note=note)

    from ..render.audio.score import SectionRequest, plan_score, render_score_file, soundfont_path

    requests = [SectionRequest(scene.start, beat.mood, beat.energy) for scene, beat in zip(scenes, arc)]
    stings = sorted(cue.start for scene, source in zip(scenes, storyboard.scenes) if source.sound.sting
                    for cue in cues if cue.scene == scene.index and cue.name == source.sound.sting)
    score = plan_score(requests, duration, stings, seed)
    font = Path(soundfont_path())
    key, _ = _remembered(memo, _recipe("score", score.midi(), font.name, str(font.stat().st_size)), assets,
                         lambda target: render_score_file(score, target, str(font)) or "")
    sections = tuple(MusicSection(s.start, s.bar, s.mood, s.energy, round(s.tempo_bpm, 3), _key_name(s.key, s.mode),
                                  tuple(s.progression), tuple(s.instruments)) for s in score.sections)
    return Music(enabled=True, mood=arc[0].mood if arc else "warm", seed=seed, audio=key, source="score",
                 sections=sections, bars=tuple(int(b) for b in score.bars), stings=tuple(int(s) for s in score.stings),
                 end=int(score.end))


_NOTE_NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")


def _key_name(tonic: int, mode: str) -> str:
    return f"{_NOTE_NAMES[tonic % 12]} {mode}"


def plan_ambience(storyboard: Storyboard, scenes: list[Scene]) -> tuple[Ambience, ...]:
    """One ambience per scene that has one (none elsewhere); the renderer crossfades between them.

    One seed for the whole story: a kind that goes on into the next scene continues without a seam."""
    seed = seed_of(storyboard) & 0x7FFFFFFF
    out = []
    for scene, source in zip(scenes, storyboard.scenes):
        if source.sound.ambience != "none":
            out.append(Ambience(scene.index, source.sound.ambience, scene.start, scene.end, source.sound.ambience_x, seed))
    return tuple(out)
