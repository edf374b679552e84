"""Extra checks, registered by name: each takes the Material and returns a Check.

`verify` runs every registered check after the built-in ones. Lip sync lives here: when a timeline
has a talking character, the languages work fills `lip_sync` in (mouth shapes seen in the frames
against the timeline's phonemes); until then it reports "not applicable".
"""

from __future__ import annotations

from collections.abc import Callable

from .material import Material
from .report import Check

ExtraCheck = Callable[[Material], Check]
EXTRA_CHECKS: dict[str, ExtraCheck] = {}


def register(name: str) -> Callable[[ExtraCheck], ExtraCheck]:
    """Decorator: run `check` with every verification under `name` (a later one replaces it)."""

    def add(check: ExtraCheck) -> ExtraCheck:
        EXTRA_CHECKS[name] = check
        return check

    return add


@register("lip_sync")
def lip_sync(material: Material) -> Check:
    """Mouth shapes vs phonemes: no onetake layout draws a mouth yet, so there is nothing to compare."""
    return Check("lip_sync", None, "not applicable: no talking character in this timeline",
                 "mouth shape within 1 frame of its phoneme")
