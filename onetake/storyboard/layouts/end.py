"""The end card's fields: its call to action (the button's text) and an optional URL under it."""

from __future__ import annotations

from pathlib import Path

from ..fields import Fields, SceneCues

FIELDS = ("cta", "url")
TEXTS = (("cta",),)
FILES = ()


def check(fields: Fields, cues: SceneCues, base_dir: Path) -> dict:
    """`cta: Button text` (required), `url: a web address` (optional, shown as written in every language)."""
    fields.required(("cta",), "missing cta: an end card needs 'cta: Button text' (its call to action)")
    props = {"cta": fields.text(("cta",))}
    if fields.has(("url",)):
        props["url"] = fields.string(("url",), "a web address")
    return props
