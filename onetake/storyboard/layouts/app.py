"""The app scene's fields: the window mock-up (name, sidebar, buttons) and what happens on each cue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...timeline import FrozenDict
from ..fields import CUE_NAME, Fields, SceneCues
from ..messages import did_you_mean, dotted
from ..raw import FieldPath

FIELDS = ("app", "on")
TEXTS = (("app", "name"), ("app", "sidebar", "*"), ("on", "*"))
FILES = ()
APP_ACTIONS = ("click", "type", "notify", "gesture")  # a gesture is the presenter's (storyboard/presenter.py)


def check(fields: Fields, cues: SceneCues, base_dir: Path) -> dict:
    """`app: {name, sidebar: [texts], buttons: [ids]}` (name required), `on: {cue: action}` (optional).

    An action is `click TARGET` (search, a button id or a sidebar item as any language shows it),
    `type TEXT`, `notify TEXT` or the presenter's `gesture NAME`, or a mapping {lang: that}; every
    language does the same action.
    """
    fields.required(("app",), "missing app: add 'app: {name: Acme, sidebar: [Inbox], buttons: [search, settings]}'")
    fields.mapping(("app",), "a mapping like {name: Acme, sidebar: [Inbox], buttons: [search]}")
    fields.known_keys(("app",), ("name", "sidebar", "buttons"), "app key")
    fields.required(("app", "name"), "missing app name: add 'name: …' inside app")
    count = len(fields.sequence(("app", "sidebar"), "a list of texts")) if fields.has(("app", "sidebar")) else 0
    sidebar = tuple(fields.text(("app", "sidebar", i)) for i in range(count))
    buttons = []
    count = len(fields.sequence(("app", "buttons"), "a list of button ids")) if fields.has(("app", "buttons")) else 0
    for i in range(count):
        button = fields.string(("app", "buttons", i), "a button id like search or settings")
        if not CUE_NAME.match(button):
            fields.fail(f"bad button id '{button}': use lowercase a-z, 0-9, '-' and '_'",
                        fields.where(("app", "buttons", i)))
        buttons.append(button)
    app = {"name": fields.text(("app", "name")), "sidebar": sidebar, "buttons": tuple(buttons)}
    on = {}
    if fields.has(("on",)):
        for cue in fields.mapping(("on",), "a mapping from cue name to an action like 'click settings'"):
            on[cues.bound(("on", cue))] = _action(fields, ("on", cue), app)
    return {"app": app, "on": on}


def _action(fields: Fields, path: FieldPath, app: dict) -> FrozenDict:
    """Check 'click TARGET' | 'type TEXT' | 'notify TEXT' (or {lang: that}); return it per language.

    A click names its target as that language shows it (a sidebar item's own text), so the string
    stays the one thing a planner needs to read: "click Archivo" in Spanish, "click Archive" in English.
    """
    value = fields.get(path)
    written: dict[str | None, tuple[str, str, FieldPath]] = {}  # lang (None: all) -> (verb, argument, where)
    for p in [path + (lang,) for lang in value] if isinstance(value, dict) else [path]:
        lang = fields.language(p, key=True) if p != path else None
        action = fields.string(p, "an action: 'click TARGET', 'type TEXT' or 'notify TEXT'")
        verb, _, argument = action.partition(" ")
        if verb not in APP_ACTIONS:
            fields.fail(
                f"bad app action '{action}': expected 'click TARGET', 'type TEXT', 'notify TEXT' or 'gesture NAME'"
                f"{did_you_mean(verb, APP_ACTIONS)}",
                fields.where(p),
            )
        if not argument.strip():
            fields.fail(f"'{verb}' needs {'a target' if verb == 'click' else 'a text'}: write '{verb} …'",
                        fields.where(p))
        first = next(iter(written.values()), None)
        if first and verb != first[0]:
            fields.fail(f"action '{action}' differs from '{first[0]} …': every language does the same action",
                        fields.where(p))
        written[lang] = (verb, argument.strip(), p)
    default = fields.languages[0]
    if isinstance(value, dict) and default not in written:
        fields.fail(f"{dotted(path)} has no '{default}' action: give the default language's one", fields.where(path))
    fallback = written.get(None) or written[default]
    chosen = {lang: written.get(lang, fallback) for lang in fields.languages}
    verb = fallback[0]
    if verb != "click":
        return FrozenDict({lang: f"{verb} {argument}" for lang, (_, argument, _) in chosen.items()})
    targets = {_click_target(fields, p, argument, app) for _, argument, p in written.values()}
    if len(targets) > 1:
        fields.fail(f"{dotted(path)} clicks different targets in different languages: click the same thing",
                    fields.where(path))
    kind, key = targets.pop()
    names = {lang: app["sidebar"][key][lang] if kind == "sidebar" else key for lang in fields.languages}
    return FrozenDict({lang: f"click {name}" for lang, name in names.items()})


def _click_target(fields: Fields, path: FieldPath, target: str, app: dict) -> tuple[str, Any]:
    """Which element a click target names: ("search", "search"), ("button", id) or ("sidebar", index)."""
    wanted = target.casefold()
    if wanted == "search":
        return ("search", "search")
    for button in app["buttons"]:
        if button.casefold() == wanted:
            return ("button", button)
    for index, item in enumerate(app["sidebar"]):
        if any(text.casefold() == wanted for text in item.values()):
            return ("sidebar", index)
    sidebar = (item[fields.languages[0]] for item in app["sidebar"])
    options = list(dict.fromkeys(["search", *app["buttons"], *sidebar]))
    fields.fail(
        f"click target '{target}' is not in the app{did_you_mean(target, options)}: expected 'search', a button id "
        f"or a sidebar item ({', '.join(options)})",
        fields.where(path),
    )
