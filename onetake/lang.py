"""Language codes as every layer reads them: the base language of a tag, and its direction.

Imports nothing: the voices, the fonts, the geometry and the listener all ask here.
"""

from __future__ import annotations

RTL_LANGS = frozenset({"ar", "he", "fa", "ur", "ps", "yi", "dv", "ug", "ckb", "sd"})


def base_lang(locale: str) -> str:
    """`zh-Hant-TW` -> `zh`, `pt_BR` -> `pt`."""
    return locale.replace("_", "-").split("-")[0].lower()


def direction_of(lang: str) -> str:
    """"rtl" for a language written right to left, else "ltr" (what the planner records in each Scene)."""
    return "rtl" if base_lang(lang) in RTL_LANGS else "ltr"
