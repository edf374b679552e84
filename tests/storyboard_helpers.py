"""Helpers for the storyboard tests: compare storyboards by content, ignoring where things were written."""

from __future__ import annotations

from dataclasses import replace

from onetake.storyboard import Pos, Storyboard
from onetake.timeline import FrozenDict


def without_positions(storyboard: Storyboard) -> Storyboard:
    """The same storyboard with every Pos reset and the file name blanked (content only)."""
    def narration(n):
        return replace(n, pos=Pos(), cues=tuple(replace(c, pos=Pos()) for c in n.cues))

    scenes = tuple(
        replace(
            scene,
            pos=Pos(),
            prop_pos=FrozenDict(),
            beats=tuple(
                replace(beat, pos=Pos(), narration=FrozenDict({k: narration(n) for k, n in beat.narration.items()}))
                for beat in scene.beats
            ),
        )
        for scene in storyboard.scenes
    )
    return replace(storyboard, scenes=scenes, pos=FrozenDict(), path="")
