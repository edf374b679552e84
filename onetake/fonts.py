"""Fonts loaded by path from the font packages we depend on, never from the system.

Inter is the one family of the theme (display cut for headings, text cut for the rest). Every
other script comes from Noto: `manimgx-fonts` (Arabic, Hebrew, Devanagari, Bengali, Tamil, Thai and
~15 more), `manimgx-fonts-cjk` (Noto Sans CJK, one face per region of a collection) and the colour
emoji of Debian's `fonts-noto-color-emoji`. skia's font provider does no fallback of its own, so the
family list of a text style is the whole chain; it is built per language, with that language's
script right after Inter (a Japanese paragraph that walked 20 script fonts first laid out 8x slower).

Variable fonts are instanced at pinned weights: a paragraph never gets a weight the designer did
not pick (Noto CJK's default instance is its thinnest).
"""

from __future__ import annotations

import importlib.util
import unicodedata
from functools import lru_cache
from pathlib import Path

import skia

from .errors import RenderError
from .lang import base_lang

WEIGHTS = (400, 500, 600, 700)
EMOJI_FILE = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")  # Debian fonts-noto-color-emoji
# manimgx-fonts files, in fallback order after Inter (order matters only for characters they share).
SCRIPT_FONTS = (
    "NotoSans", "NotoSansArabic", "NotoSansHebrew", "NotoSansDevanagari", "NotoSansBengali", "NotoSansTamil",
    "NotoSansTelugu", "NotoSansKannada", "NotoSansMalayalam", "NotoSansGujarati", "NotoSansGurmukhi",
    "NotoSansOriya", "NotoSansSinhala", "NotoSansThai", "NotoSansLao", "NotoSansKhmer", "NotoSansMyanmar",
    "NotoSansArmenian", "NotoSansGeorgian", "NotoSansEthiopic",
)
# The faces of NotoSansCJK-VF.otf.ttc: Han characters are drawn as each region writes them.
CJK_FACES = {"ja": 0, "ko": 1, "zh-Hans": 2, "zh-Hant": 3, "zh-HK": 4}
LANG_SCRIPT = {
    "ar": "NotoSansArabic", "fa": "NotoSansArabic", "ur": "NotoSansArabic", "ps": "NotoSansArabic",
    "ug": "NotoSansArabic", "sd": "NotoSansArabic", "ckb": "NotoSansArabic",
    "he": "NotoSansHebrew", "yi": "NotoSansHebrew",
    "hi": "NotoSansDevanagari", "mr": "NotoSansDevanagari", "ne": "NotoSansDevanagari", "sa": "NotoSansDevanagari",
    "bn": "NotoSansBengali", "as": "NotoSansBengali", "ta": "NotoSansTamil", "te": "NotoSansTelugu",
    "kn": "NotoSansKannada", "ml": "NotoSansMalayalam", "gu": "NotoSansGujarati", "pa": "NotoSansGurmukhi",
    "or": "NotoSansOriya", "si": "NotoSansSinhala", "th": "NotoSansThai", "lo": "NotoSansLao",
    "km": "NotoSansKhmer", "my": "NotoSansMyanmar", "hy": "NotoSansArmenian", "ka": "NotoSansGeorgian",
    "am": "NotoSansEthiopic", "ti": "NotoSansEthiopic",
}


def _tag(name: str) -> int:
    return int.from_bytes(name.encode(), "big")


def package_dir(module: str) -> Path | None:
    """The folder of an installed font package (None if it is not installed)."""
    spec = importlib.util.find_spec(module)
    return Path(spec.origin).parent if spec is not None and spec.origin else None


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
    clone = typeface.makeClone(args)  # a clone keeps its face of a collection (SC stays SC)
    del args, position, array
    return clone


def script_files(locale: str) -> list[Path]:
    """The font files that draw `locale`'s script (for other renderers of text, such as matplotlib)."""
    noto, cjk = package_dir("manimgx_fonts"), package_dir("manimgx_fonts_cjk")
    files = [noto / f"{name}[wght].ttf" for name in ("NotoSans", LANG_SCRIPT.get(base_lang(locale))) if noto and name]
    if cjk and base_lang(locale) in ("ja", "zh", "ko"):
        files.append(cjk / "NotoSansCJK-VF.otf.ttc")
    return [f for f in files if f.is_file()]


def cjk_face(locale: str) -> str:
    """Which CJK face draws Han characters first for this language (their shapes differ by region)."""
    lang, low = base_lang(locale), locale.lower()
    if lang == "zh":
        return "zh-HK" if "hk" in low or "mo" in low else "zh-Hant" if "hant" in low or "tw" in low else "zh-Hans"
    return "ko" if lang == "ko" else "ja"  # ja, and stray kana or kanji in any other language


def needs_glyph(ch: str) -> bool:
    """Whether `ch` is drawn (not whitespace, a control or format character, a variation selector or a skin tone)."""
    cp = ord(ch)
    if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
        return False
    return not (0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF or 0x1F3FB <= cp <= 0x1F3FF)


class Fonts:
    """The font collection for paragraphs and the family chain to ask for, per weight, cut and language."""

    def __init__(self) -> None:
        inter = package_dir("fontpkg_inter")
        noto = package_dir("manimgx_fonts")
        cjk = package_dir("manimgx_fonts_cjk")
        missing = [name for name, found in (("fontpkg-inter", inter), ("manimgx-fonts", noto),
                                            ("manimgx-fonts-cjk", cjk)) if found is None]
        if missing:
            raise RenderError(f"fonts are missing: install {' and '.join(missing)} (make install does)")
        # An empty custom manager reads files without ever consulting fontconfig or system fonts.
        self.loader = skia.FontMgr.New_Custom_Empty()
        self.provider = skia.textlayout_TypefaceFontProvider()
        self.typefaces: dict[str, skia.Typeface] = {}
        base = self._open(next((inter / "files").glob("Inter[[]*.ttf")))
        for w in WEIGHTS:
            for cut, opsz in (("text", 14.0), ("display", 32.0)):
                self._register(f"inter-{cut}-{w}", _instance(base, w, opsz))
        self.scripts = [name for name in SCRIPT_FONTS if self._load(name, noto / f"{name}[wght].ttf")]
        for face, index in CJK_FACES.items():
            self._load(f"cjk-{face}", cjk / "NotoSansCJK-VF.otf.ttc", index)
        self.tail = [name for name in ("NotoSansSymbols",) if self._load(name, noto / f"{name}[wght].ttf")]
        # Colour emoji when the Debian package is there, Noto's monochrome emoji as the last resort.
        self.emoji = [name for name, path in (("emoji-colour", EMOJI_FILE), ("emoji-mono", noto / "NotoEmoji[wght].ttf"))
                      if self._load(name, path, static=name == "emoji-colour")]
        self.collection = skia.textlayout_FontCollection()
        # Only our provider: a missing glyph never silently pulls in a system font.
        self.collection.setDefaultFontManager(self.provider)
        self.unicode = skia.Unicode.ICU_Make()

    def _open(self, path: Path, index: int = 0) -> skia.Typeface:
        typeface = self.loader.makeFromFile(str(path), index)
        if typeface is None:
            raise RenderError(f"cannot read the font {path}: reinstall its package")
        return typeface

    def _load(self, name: str, path: Path, index: int = 0, static: bool = False) -> bool:
        if not path.is_file():
            return False
        typeface = self._open(path, index)
        for w in WEIGHTS:
            self._register(f"{name}-{w}", typeface if static else _instance(typeface, w, None))
        return True

    def _register(self, alias: str, typeface: skia.Typeface) -> None:
        self.provider.registerTypeface(typeface, alias)
        self.typefaces[alias] = typeface

    def families(self, weight: int, display: bool, locale: str = "", first: str = "") -> list[str]:
        """Family names for a TextStyle: pinned Inter, then the language's script, then every other.

        `first="cjk"` puts the language's CJK face before Inter (full-width punctuation in ja/zh);
        `first="emoji"` puts the colour emoji first (❤️ and keycaps, which Inter or Symbols would take).
        """
        lang = base_lang(locale)
        scripts = sorted(self.scripts, key=lambda name: name != LANG_SCRIPT.get(lang))  # stable: its own first
        own = f"cjk-{cjk_face(locale)}"
        cjk = [own] + [f"cjk-{face}" for face in CJK_FACES if f"cjk-{face}" != own]
        inter = f"inter-{'display' if display else 'text'}"
        names = [inter, cjk[0], *scripts, *cjk[1:]] if lang in ("ja", "zh", "ko") else [inter, *scripts, *cjk]
        names += [*self.tail, *self.emoji]
        if first == "cjk":
            names.remove(own)
            names.insert(0, own)
        elif first == "emoji":
            names = [*self.emoji, *(n for n in names if n not in self.emoji)]
        return [f"{name}-{weight}" for name in names]

    def missing(self, text: str, locale: str = "") -> list[str]:
        """Characters of `text` that no loaded font can draw (they would show as boxes), in order."""
        faces = [self.typefaces[name] for name in self.families(400, False, locale)]
        seen: set[str] = set()
        out = []
        for ch in text:
            if ch not in seen and needs_glyph(ch) and all(tf.unicharToGlyph(ord(ch)) == 0 for tf in faces):
                out.append(ch)
            seen.add(ch)
        return out

    def typeface(self, weight: int, display: bool = False) -> skia.Typeface:
        """The pinned Inter instance itself (for glyph-positioned text such as tabular figures)."""
        return self.typefaces[f"inter-{'display' if display else 'text'}-{weight}"]


@lru_cache(maxsize=1)
def fonts() -> Fonts:
    """The process-wide font set (loaded once)."""
    return Fonts()


def describe(ch: str) -> str:
    """'क' -> "'क' (U+0915 DEVANAGARI LETTER KA)", for error messages."""
    return f"'{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')})"
