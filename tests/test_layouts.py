"""A layout is one module per layer, tied by its name: the storyboard's spec (`storyboard/layouts/`),
its geometry (`geometry/`), its motion events (`plan/motion/`) and its drawing
(`render/video/layouts/`). These tests hold the four registries together and each file to its layer.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

import onetake
from onetake.errors import RenderError, StoryboardError
from onetake.geometry import BOXES
from onetake.plan.motion import EVENTS
from onetake.render.video import frame
from onetake.render.video.layouts import DRAWINGS
from onetake.storyboard import LAYOUTS, parse
from onetake.storyboard.layouts import SPECS
from onetake.timeline import Fps, Scene, Timeline, freeze

PACKAGE = Path(onetake.__file__).parent
# Each layer's layout folder, its shared module (not a layout), and the packages its files may import.
LAYERS = {
    "storyboard": ("storyboard/layouts", None, ("onetake.storyboard", "onetake.timeline", "onetake.errors")),
    "geometry": ("geometry", "common", ("onetake.geometry", "onetake.timeline", "onetake.errors")),
    "motion": ("plan/motion", "common", ("onetake.plan.motion", "onetake.geometry", "onetake.timeline",
                                         "onetake.errors")),
    "drawing": ("render/video/layouts", None, ("onetake.render.video", "onetake.geometry", "onetake.timeline",
                                               "onetake.errors")),
}


def test_layouts_come_from_the_storyboard_registry():
    assert LAYOUTS == tuple(SPECS) and len(LAYOUTS) >= 6
    assert all(spec.name == name for name, spec in SPECS.items())


@pytest.mark.parametrize("layer,registry", [("geometry", BOXES), ("motion", EVENTS), ("drawing", DRAWINGS)])
def test_every_layer_registers_exactly_the_storyboard_layouts(layer, registry):
    assert set(registry) == set(LAYOUTS), f"{layer}: missing {set(LAYOUTS) - set(registry)}, extra {set(registry) - set(LAYOUTS)}"


@pytest.mark.parametrize("layer", LAYERS)
def test_one_file_per_layout_in_every_layer(layer):
    folder, shared, _ = LAYERS[layer]
    names = {p.stem for p in (PACKAGE / folder).glob("*.py")} - {"__init__", shared}
    assert names == set(LAYOUTS)


def _imports(path: Path, module: str) -> set[str]:
    """Every onetake module a file imports (relative imports resolved against its own module name)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = module.split(".")[: len(module.split(".")) - node.level] if node.level else []
            found.add(".".join(base + ([node.module] if node.module else [])))
    return {name for name in found if name.startswith("onetake")}


@pytest.mark.parametrize("layer", LAYERS)
def test_each_layout_file_imports_only_its_layer_and_lower_ones(layer):
    folder, shared, allowed = LAYERS[layer]
    for path in sorted((PACKAGE / folder).glob("*.py")):
        module = "onetake." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        for name in _imports(path, module):
            assert name.startswith(allowed), f"{path.relative_to(PACKAGE)} imports {name}"


def test_the_drawing_registry_says_which_layouts_sit_on_the_hero_background():
    assert {name for name, drawing in DRAWINGS.items() if drawing.hero} == {"title", "end"}


def test_an_unknown_layout_is_a_storyboard_error_at_its_place_with_a_suggestion():
    with pytest.raises(StoryboardError) as caught:
        parse("---\ntitle: T\n---\n\n# Hi\nlayout: bulets\n\nHello.\n", "s.md")
    assert str(caught.value).startswith("s.md:6:9: unknown layout 'bulets' (did you mean 'bullets'?)")


def test_an_unknown_layout_is_a_render_error_naming_the_known_ones():
    fps = Fps(30)
    scene = Scene(0, "title", "Hi", 0, 48000, freeze({}))
    timeline = Timeline("t", "en", 320, 180, fps, 48000, scenes=(dataclasses.replace(scene, layout="poster"),))
    with pytest.raises(RenderError, match="unknown layout 'poster'; expected one of " + ", ".join(LAYOUTS)):
        frame(timeline, 0)
