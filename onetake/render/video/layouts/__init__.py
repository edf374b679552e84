"""The drawing of each layout: one module per layout, named as the layout is.

Every module of this package is a layout and declares two things:

- `ops(ctx, sample) -> list[Op]`: the scene at `sample` (an integer sample of the timeline's
  clock) as paint steps in paint order (see `..scene.Op` and `..scene.SceneContext`);
- `HERO`: True when the scene sits on the hero background (the glow centred behind a big title),
  False for the plain one (the glow at the top right).

`DRAWINGS` collects them by name; the compositor looks a scene's layout up there and knows no
layout by name.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Drawing:
    """How one layout is drawn: its `ops` function and whether it uses the hero background."""

    ops: Callable
    hero: bool


def _layouts() -> dict[str, Drawing]:
    """Every module of this package -> its Drawing (a module lacking `ops` or `HERO` fails here, loudly)."""
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found[info.name] = Drawing(ops=module.ops, hero=bool(module.HERO))
    return found


DRAWINGS: dict[str, Drawing] = _layouts()
