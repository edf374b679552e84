"""The bullets scene's fields: 2 to 6 items, each keyed by the cue that brings it in."""

from __future__ import annotations

from pathlib import Path

from ..fields import Fields, SceneCues

FIELDS = ("items",)
TEXTS = (("items", "*"),)
FILES = ()


def check(fields: Fields, cues: SceneCues, base_dir: Path) -> dict:
    """`items: {cue: item text, …}` with 2 to 6 entries, every cue spoken in the scene."""
    items = fields.required(("items",), "bullets with no items: add 'items:', a mapping from cue name to item text")
    if items is None or items == {}:
        fields.fail("bullets with no items: 'items' needs 2 to 6 lines of 'cue: item text'", fields.where(("items",)))
    fields.mapping(("items",), "a mapping from cue name to item text, like {find: Find anything}")
    if not 2 <= len(items) <= 6:
        fields.fail(f"items has {len(items)} entries: a bullets scene shows 2 to 6 items", fields.where(("items",)))
    return {"items": {cues.bound(("items", k)): fields.text(("items", k)) for k in items}}
