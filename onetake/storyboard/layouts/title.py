"""The title card's fields: an optional subtitle under the video's title."""

from __future__ import annotations

from pathlib import Path

from ..fields import Fields, SceneCues

FIELDS = ("subtitle",)
TEXTS = (("subtitle",),)
FILES = ()


def check(fields: Fields, cues: SceneCues, base_dir: Path) -> dict:
    """`subtitle: text` (optional)."""
    return {"subtitle": fields.text(("subtitle",))} if fields.has(("subtitle",)) else {}
