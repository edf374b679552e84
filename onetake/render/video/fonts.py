"""Fonts loaded by path from the font packages we depend on, never from the system.

Inter is the one family of the theme (display cut for headings, text cut for the rest); Noto Sans
and any installed Noto script packages are fallbacks for glyphs Inter lacks. Variable fonts are
instanced at pinned weights: a paragraph never gets a weight the designer did not pick.
"""

from __future__ import annotations

import importlib.resources
from functools import lru_cache
from pathlib import Path

import skia

from ...errors import RenderError

WEIGHTS = (400, 500, 600, 700)
# Optional script packages (installed by the storyboard's languages); loaded when present.
FALLBACK_PACKAGES = (
    "fontpkg_noto_sans",
    "fontpkg_noto_sans_arabic",
    "fontpkg_noto_sans_devanagari",
    "fontpkg_noto_sans_thai",
)


def _tag(name: str) -> int:
    return int.from_bytes(name.encode(), "big")


def package_fonts(package: str) -> list[Path]:
    """Upright .ttf/.otf files shipped in a font package (empty if it is not installed)."""
    try:
        root = importlib.resources.files(package)
    except ModuleNotFoundError:
        return []
    files = [Path(str(p)) for p in _walk(root) if p.name.lower().endswith((".ttf", ".otf"))]
    return sorted(f for f in files if "italic" not in f.name.lower())


def _walk(node):
    for child in node.iterdir():
        if child.is_dir():
            yield from _walk(child)
        else:
            yield child


def _instance(typeface: skia.Typeface, weight: int, opsz: float | None) -> skia.Typeface:
    axes = {a.tag: a for a in typeface.getVariationDesignParameters()}
    coords = []
    for tag, value in ((_tag("wght"), weight), (_tag("opsz"), opsz), (_tag("wdth"), 100.0)):
        if tag in axes and value is not None:
            coords.append(skia.FontArguments.VariationPosition.Coordinate(tag, min(axes[tag].max, max(axes[tag].min, value))))
    if not coords:
        return typeface
    # Keep every piece alive until makeClone: the position only points at the coordinates.
    array = skia.FontArguments.VariationPosition.Coordinates(coords)
    position = skia.FontArguments.VariationPosition(array)
    args = skia.FontArguments()
    args.setVariationDesignPosition(position)
    clone = typeface.makeClone(args)
    del args, position, array
    return clone


class Fonts:
    """The font collection for paragraphs plus the family names to ask for, per weight and cut."""

    def __init__(self) -> None:
        inter = [p for p in package_fonts("fontpkg_inter") if p.name.startswith("Inter")]
        if not inter:
            raise RenderError("the Inter font is missing: install the fontpkg-inter package")
        # An empty custom manager reads files without ever consulting fontconfig or system fonts.
        loader = skia.FontMgr.New_Custom_Empty()
        self.provider = skia.textlayout_TypefaceFontProvider()
        self.typefaces: dict[str, skia.Typeface] = {}
        base = loader.makeFromFile(str(inter[0]))
        for w in WEIGHTS:
            for cut, opsz in (("text", 14.0), ("display", 32.0)):
                self._register(f"inter-{cut}-{w}", _instance(base, w, opsz))
        self.fallbacks: dict[int, list[str]] = {w: [] for w in WEIGHTS}
        for package in FALLBACK_PACKAGES:
            for i, path in enumerate(package_fonts(package)):
                tf = loader.makeFromFile(str(path))
                if tf is None:
                    continue
                for w in WEIGHTS:
                    alias = f"{package}-{i}-{w}"
                    self._register(alias, _instance(tf, w, None))
                    self.fallbacks[w].append(alias)
        self.collection = skia.textlayout_FontCollection()
        # Only our provider: a missing glyph never silently pulls in a system font.
        self.collection.setDefaultFontManager(self.provider)
        self.unicode = skia.Unicode.ICU_Make()

    def _register(self, alias: str, typeface: skia.Typeface) -> None:
        self.provider.registerTypeface(typeface, alias)
        self.typefaces[alias] = typeface

    def families(self, weight: int, display: bool) -> list[str]:
        """Family names to put in a TextStyle: pinned Inter first, then the fallbacks."""
        return [f"inter-{'display' if display else 'text'}-{weight}", *self.fallbacks[weight]]

    def missing(self, text: str) -> set[str]:
        """Characters of `text` that no loaded font can draw (they would show as boxes)."""
        faces = [self.typefaces["inter-text-400"]] + [self.typefaces[a] for a in self.fallbacks[400]]
        return {ch for ch in set(text) if not ch.isspace() and all(tf.unicharToGlyph(ord(ch)) == 0 for tf in faces)}

    def typeface(self, weight: int, display: bool = False) -> skia.Typeface:
        """The pinned Inter instance itself (for glyph-positioned text such as tabular figures)."""
        return self.typefaces[f"inter-{'display' if display else 'text'}-{weight}"]


@lru_cache(maxsize=1)
def fonts() -> Fonts:
    """The process-wide font set (loaded once)."""
    return Fonts()
