"""End card events: the call-to-action button enters on its `cta` cue (or shortly after the start)."""

from __future__ import annotations

from collections.abc import Mapping

from ...timeline import Cue, Scene, seconds_to_samples
from .common import Emit

CTA_DELAY_SECONDS = 0.4  # without a `cta` cue, the button enters this long after the scene starts


def events(scene: Scene, cues: Mapping[str, Cue], emit: Emit) -> None:
    """Emit "enter" for the "cta" button."""
    cue = cues.get("cta")
    emit("enter", "cta", cue.start if cue else scene.start + seconds_to_samples(CTA_DELAY_SECONDS),
         cue.name if cue else None)
