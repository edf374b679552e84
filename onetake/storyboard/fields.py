"""Typed, positioned access to the fields an author wrote, and the checks every field shares.

`Fields` wraps a `Block` (front matter or one scene's fields): each accessor returns the value in
the shape the storyboard needs or raises a StoryboardError at the exact line and column, quoting
what was written. `SceneCues` checks that a field key binding a visual action to a cue names a cue
the scene's narration speaks.

Normalised on-screen text: every text becomes a FrozenDict with one entry per storyboard language
(missing languages filled from the default language's).
"""

from __future__ import annotations

import re
from typing import Any, NoReturn

from ..errors import StoryboardError
from ..timeline import FrozenDict
from .messages import did_you_mean, dotted, fail_at, kind_of, show
from .model import Pos
from .raw import Block, FieldPath

LANG_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")
CUE_NAME = re.compile(r"[a-z0-9_-]+\Z")

_MISSING = object()


class Fields:
    """Typed, positioned access to a Block; every failure is a StoryboardError at the right spot."""

    def __init__(self, block: Block, file: str, languages: tuple[str, ...] = ("en",)):
        self.block = block
        self.file = file
        self.languages = languages

    # -- where and what ------------------------------------------------------------------
    def fail(self, message: str, at: Pos, error: type = StoryboardError) -> NoReturn:
        """Raise `error` (a StoryboardError by default) with `message` at `at` in this file."""
        fail_at(message, at, self.file, error)

    def where(self, path: FieldPath) -> Pos:
        """Position of the value at path, or of the nearest enclosing value that was written."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.block.pos:
                return self.block.pos[path[:end]]
        return self.block.origin

    def key_where(self, path: FieldPath) -> Pos:
        """Position of the mapping key naming the value at path (else of the value)."""
        return self.block.keys.get(path) or self.where(path)

    def get(self, path: FieldPath, default: Any = _MISSING) -> Any:
        """The value at path, or `default` when nothing was written there."""
        value = self.block.value
        for part in path:
            if isinstance(value, dict) and part in value:
                value = value[part]
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                return default
        return value

    def has(self, path: FieldPath) -> bool:
        """Whether anything was written at path."""
        return self.get(path) is not _MISSING

    def quote(self, path: FieldPath) -> str:
        """The value at path as the author wrote it."""
        return show(self.block.raw.get(path, self.get(path)))

    def expect(self, path: FieldPath, what: str) -> NoReturn:
        """Fail at path saying what was found there and that `what` was expected."""
        value = self.get(path)
        found = "empty" if value is None else f"{kind_of(value)} '{self.quote(path)}'"
        self.fail(f"{dotted(path)} is {found}: expected {what}", self.where(path))

    # -- shapes --------------------------------------------------------------------------
    def mapping(self, path: FieldPath, what: str) -> dict:
        """The mapping at path (else fail, expecting `what`)."""
        value = self.get(path)
        if not isinstance(value, dict):
            self.expect(path, what)
        return value

    def sequence(self, path: FieldPath, what: str) -> list:
        """The list at path (else fail, expecting `what`)."""
        value = self.get(path)
        if not isinstance(value, list):
            self.expect(path, what)
        return value

    def known_keys(self, path: FieldPath, allowed, what: str, elsewhere: dict | None = None) -> None:
        """Reject keys not in `allowed`, suggesting the closest; `elsewhere` maps key -> where it belongs."""
        for key in self.mapping(path, "a mapping"):
            if key in allowed:
                continue
            if elsewhere and key in elsewhere:
                hint = f": it belongs to {elsewhere[key]}"
            else:
                hint = did_you_mean(key, allowed) + "; expected one of " + ", ".join(allowed)
            self.fail(f"unknown {what} '{key}'{hint}", self.key_where(path + (key,)))

    def required(self, path: FieldPath, message: str) -> Any:
        """The value at path; when it is missing, fail with `message` where it should have been."""
        if not self.has(path):
            self.fail(message, self.where(path[:-1]) if len(path) > 1 else self.block.origin)
        return self.get(path)

    # -- scalars -------------------------------------------------------------------------
    def string(self, path: FieldPath, what: str = "text") -> str:
        """One line of text; a plain YAML scalar counts as text as written (`subtitle: 2024`)."""
        value = self.get(path)
        if not isinstance(value, str):
            if value is None or isinstance(value, (dict, list)) or path not in self.block.raw:
                self.expect(path, what)
            value = self.block.raw[path]
        if not value.strip():
            self.fail(f"{dotted(path)} is empty: expected {what}", self.where(path))
        return value.strip()

    def text(self, path: FieldPath, fallback: str | None = None) -> FrozenDict:
        """On-screen text: a string, or {lang: string}; returned with an entry for every language."""
        value = self.get(path)
        default = self.languages[0]
        if not isinstance(value, dict):
            text = self.string(path)
            return FrozenDict({lang: text for lang in self.languages})
        by_lang = {}
        for lang in value:
            self.language(path + (lang,), key=True)
            by_lang[lang] = self.string(path + (lang,))
        if default not in by_lang:
            if fallback is None:
                self.fail(
                    f"{dotted(path)} has no '{default}' text: the default language's text is the fallback "
                    f"for the others, so give it (e.g. {{{default}: …}})",
                    self.where(path),
                )
            by_lang[default] = fallback
        return FrozenDict({lang: by_lang.get(lang, by_lang[default]) for lang in self.languages})

    def language(self, path: FieldPath, key: bool = False) -> str:
        """A language code that this storyboard uses (a key of a text mapping, or a value)."""
        code = path[-1] if key else self.string(path, "a language code")
        at = self.key_where(path) if key else self.where(path)
        check_language(code, self.languages, at, self.file)
        return code

    def choice(self, path: FieldPath, options, default: str, what: str = "") -> str:
        """One of `options` as written at path (`default` when absent); `what` names it in the error."""
        if not self.has(path):
            return default
        value = self.get(path)
        raw = self.block.raw.get(path, value)
        if not isinstance(raw, str) or raw not in options:
            name = what or dotted(path)
            self.fail(
                f"unknown {name} '{show(raw)}'{did_you_mean(raw, options)}; expected one of {', '.join(options)}",
                self.where(path),
            )
        return raw

    def number(self, path: FieldPath, low: float, high: float, what: str) -> float:
        """A number in [low, high] at path, as a float (true/false is not a number)."""
        value = self.get(path)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.expect(path, what)
        if not low <= value <= high:
            self.fail(f"{dotted(path)} is {self.quote(path)}: expected {what}", self.where(path))
        return float(value)


def check_language(code: Any, languages: tuple[str, ...] | None, at: Pos, file: str) -> None:
    """A well-formed code (en, es, pt-BR) and, when `languages` is given, one of them."""
    if not isinstance(code, str) or not LANG_CODE.match(code):
        fail_at(f"malformed language code '{show(code)}': expected a lowercase code like en, es or pt-BR", at, file)
    if languages is not None and code not in languages:
        fail_at(
            f"language '{code}' is not in this storyboard's languages ({', '.join(languages)}): "
            f"add it to 'languages' in the front matter, or remove this text",
            at, file,
        )


class SceneCues:
    """The cues spoken in one scene, for fields whose keys bind a visual action to a cue.

    `spoken` maps each cue name to where it was written.
    """

    def __init__(self, fields: Fields, spoken: dict):
        self.fields = fields
        self.spoken = spoken

    def bound(self, path: FieldPath) -> str:
        """The cue name that the key at `path` binds, checked: well-formed and spoken in this scene."""
        name = path[-1]
        at = self.fields.key_where(path)
        if not CUE_NAME.match(name):
            self.fields.fail(f"bad cue name '{name}': use lowercase a-z, 0-9, '-' and '_'", at)
        if name not in self.spoken:
            spoken = ", ".join(self.spoken) or "none"
            self.fields.fail(
                f"unknown cue '{name}': {dotted(path[:-1])} binds it, but the narration of this scene never "
                f"speaks it{did_you_mean(name, self.spoken)}; mark the words with {{{name}:…}} "
                f"(cues spoken here: {spoken})",
                at,
            )
        return name
