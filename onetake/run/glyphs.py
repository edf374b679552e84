"""Before anything renders: every text the video will draw must have a font, or the render stops.

A character no font of onetake can draw would show as a box ("tofu"); this finds the first one and
names it, where it was written: `story.md:14:8: scene 2's title: no font can draw 'ᚠ' (U+16A0 RUNIC
LETTER FEHU U F) in 'ᚠᚢᚦ'`. Burned-in captions draw the narration, so it is checked too.
"""

from __future__ import annotations

from ..errors import StoryboardError
from ..storyboard import Storyboard
from ..storyboard.localize import texts_of


def check_glyphs(storyboard: Storyboard, lang: str, burn_captions: bool) -> None:
    """StoryboardError at the first on-screen text in `lang` that some character of lacks a font."""
    from ..fonts import describe, fonts  # skia (0.2 s): only once a storyboard has parsed

    found = fonts()
    texts = [(f"scene {i + 1}'s {path}", text, at) for i, scene in enumerate(storyboard.scenes)
             for path, text, at in texts_of(scene, lang)]
    if burn_captions:
        texts += [(f"scene {i + 1}'s narration", beat.narration[lang].text, beat.narration[lang].pos)
                  for i, scene in enumerate(storyboard.scenes) for beat in scene.beats if lang in beat.narration]
    for what, text, at in texts:
        missing = found.missing(text, lang)
        if missing:
            shown = text if len(text) <= 40 else text[:39] + "…"
            raise StoryboardError(f"{what}: no font can draw {', '.join(map(describe, missing[:3]))} in '{shown}'",
                                  path=storyboard.path, line=at.line, col=at.col)
