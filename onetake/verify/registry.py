"""Every check `verify` runs, registered by name with its place in the report.

A check is a function `(Material) -> Check`. The built-in ones register from `verify.checks` in
this order (their `order`); a check added from outside (`@register("frame_size")`) goes after
them unless it asks for a place, and one registered under an existing name replaces it:

    10 sound_visual   20 narration   30 cues   35 lip_sync   40 whisper   50 streams
    60 loudness       70 true_peak   80 joins  90 ducking   1000 (default) anything added

A check that reads only the audio side (`audio_only=True`: Whisper) is given a Material whose
`scan` is None and runs in a thread beside the video decoding; its result still takes its place.
A check with `applies` runs only on timelines it is true for (lip_sync: those with a presenter),
so a report says nothing of what there is nothing to measure of.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for the annotations: the registry imports no measuring code
    from ..timeline import Timeline
    from .material import Material
    from .report import Check

CheckFunction = Callable[["Material"], "Check"]
LAST = 1000  # where checks registered without an order go: after every built-in one


@dataclass(frozen=True, slots=True)
class RegisteredCheck:
    """A check as `verify` runs it: its name, its place in the report, the function, what it reads."""

    name: str
    order: int
    run: CheckFunction
    audio_only: bool = False
    applies: Callable[["Timeline"], bool] | None = None


CHECKS: dict[str, RegisteredCheck] = {}


def register(name: str, order: int = LAST, audio_only: bool = False,
             applies: Callable[["Timeline"], bool] | None = None) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator: run the check with every verification (whose timeline it `applies` to) under
    `name`, at place `order` in the report."""

    def add(check: CheckFunction) -> CheckFunction:
        CHECKS[name] = RegisteredCheck(name, order, check, audio_only, applies)
        return check

    return add


def in_order() -> list[RegisteredCheck]:
    """The registered checks in report order (equal orders: in the order they were registered)."""
    return sorted(CHECKS.values(), key=lambda check: check.order)
