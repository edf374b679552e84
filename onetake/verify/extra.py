"""Extra checks, registered by name: each takes the Material and returns a Check.

`verify` runs every registered check after the built-in ones. A lip-sync check (mouth shapes seen
in the frames against the timeline's visemes) registers here once a layout draws a mouth; until
there is something to measure no check says anything about it.
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
