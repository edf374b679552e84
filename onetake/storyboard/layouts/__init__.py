"""What the storyboard knows of each layout: one module per layout, named as the layout is.

Every module of this package is a layout and declares:

- `FIELDS`: the scene fields it adds to the common ones (layout, title, transition, hold);
- `TEXTS`: the paths of its on-screen texts inside its props (`"*"` matches any key or index),
  which `localize` resolves to one language;
- `FILES`: the paths of props that name a file (checked to exist), which the planner replaces by
  their asset key so that a timeline holds no path;
- `check(fields, cues, base_dir) -> dict`: its fields checked and normalised into props, raising
  a StoryboardError (AssetError for files) at the offending line and column.

`SPECS` collects them by name and `LAYOUTS` lists the names: this package is where the set of
layouts is decided, and the other layers' registries (geometry, motion, drawing) must hold exactly
the same names (a test checks it).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..fields import Fields, SceneCues
from ..raw import FieldPath


@dataclass(frozen=True, slots=True)
class LayoutSpec:
    """One layout as the storyboard sees it: its fields, its on-screen text and file paths and its check."""

    name: str
    fields: tuple[str, ...]
    texts: tuple[FieldPath, ...]
    files: tuple[FieldPath, ...]
    check: Callable[[Fields, SceneCues, Path], dict]


def _layouts() -> dict[str, LayoutSpec]:
    """Every module of this package -> its LayoutSpec (a module lacking a declaration fails here, loudly)."""
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found[info.name] = LayoutSpec(info.name, tuple(module.FIELDS), tuple(module.TEXTS), tuple(module.FILES),
                                      module.check)
    return found


SPECS: dict[str, LayoutSpec] = _layouts()
LAYOUTS: tuple[str, ...] = tuple(SPECS)  # the layout names, in alphabetical order
