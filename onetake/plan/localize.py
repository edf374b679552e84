"""Resolve a storyboard's localizable fields ({lang: text}) for one language."""

from __future__ import annotations

from typing import Any

from ..timeline import FrozenDict, freeze


def is_localized(value: Any, languages: tuple[str, ...]) -> bool:
    """A mapping whose keys are all storyboard languages is one text in several languages."""
    return isinstance(value, dict) and bool(value) and set(value) <= set(languages)


def localize(value: Any, lang: str, languages: tuple[str, ...]) -> Any:
    """`value` with every localized text replaced by its `lang` version (default language as fallback)."""
    if is_localized(value, languages):
        return value.get(lang, value.get(languages[0], next(iter(value.values()))))
    if isinstance(value, dict):
        return FrozenDict({k: localize(v, lang, languages) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(localize(v, lang, languages) for v in value)
    return freeze(value)
