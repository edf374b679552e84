"""The presenter as written: `presenter:` in the front matter, and per scene where it stands and
which gestures it makes on which cues (`on: {cue: gesture wave}`)."""

from __future__ import annotations

import re

from ..lipsync import GESTURES, PRESENTER_STYLES
from ..timeline import FrozenDict
from .fields import Fields
from .messages import did_you_mean, fail_at
from .model import HAIRS, PRESENTER_POSITIONS, SKINS, PresenterLook, Scene

SCENE_POSITIONS = PRESENTER_POSITIONS + ("full",)
LOOK_KEYS = ("style", "position", "size", "skin", "hair")
_HEX = re.compile(r"#?([0-9a-fA-F]{6})\Z")


def presenter_look(fields: Fields) -> PresenterLook | None:
    """`presenter: true | false | {style, position, size, skin, hair}` -> its look, or None for none."""
    path = ("presenter",)
    if not fields.has(path):
        return None
    value = fields.get(path)
    if isinstance(value, bool):
        return PresenterLook() if value else None
    if not isinstance(value, dict):
        fields.expect(path, "true, false, or a mapping like {style: person, position: right, size: 0.5}")
    fields.known_keys(path, LOOK_KEYS, "presenter key")
    default = PresenterLook()
    return PresenterLook(
        style=fields.choice(path + ("style",), PRESENTER_STYLES, default.style, "presenter style"),
        position=fields.choice(path + ("position",), PRESENTER_POSITIONS, default.position, "presenter position"),
        size=fields.number(path + ("size",), 0, 1, "a size from 0 (small) to 1 (large)")
        if fields.has(path + ("size",)) else default.size,
        skin=_colour(fields, path + ("skin",), SKINS, default.skin),
        hair=_colour(fields, path + ("hair",), HAIRS, default.hair),
    )


def _colour(fields: Fields, path, names: dict[str, int], default: int) -> int:
    """A named colour (light, dark, ...) or '#RRGGBB', as 0xAARRGGBB."""
    if not fields.has(path):
        return default
    written = fields.string(path, "a colour")
    if written in names:
        return names[written]
    match = _HEX.match(written)
    if not match:
        fields.fail(f"unknown {path[-1]} colour '{written}'{did_you_mean(written, names)}; expected one of "
                    f"{', '.join(names)} or a hex colour like '#c68e5e' (quote it in YAML)", fields.where(path))
    return 0xFF000000 | int(match[1], 16)


def scene_presenter(fields: Fields) -> str | None:
    """A scene's `presenter: false | left | right | corner | full` ('hidden' for false); None when not written."""
    if not fields.has(("presenter",)):
        return None
    value = fields.get(("presenter",))
    if value is False:
        return "hidden"
    if value is True:
        return None
    return fields.choice(("presenter",), SCENE_POSITIONS, "", "presenter position (or false to hide it)")


def gesture_of(fields: Fields, path, action) -> str | None:
    """The gesture an `on` action names ('gesture wave'), checked; None for any other action."""
    texts = set(action.values()) if isinstance(action, FrozenDict) else {action}
    names = {text.partition(" ")[2].strip() for text in texts if str(text).startswith("gesture ")}
    if not names:
        return None
    if len(names) > 1 or len(texts) > 1:
        fields.fail(f"{'.'.join(map(str, path))}: a gesture is the same in every language; write it once",
                    fields.where(path))
    name = names.pop()
    if name not in GESTURES:
        fields.fail(f"unknown gesture '{name}'{did_you_mean(name, GESTURES)}; expected one of {', '.join(GESTURES)}",
                    fields.where(path))
    return name


def check_presenter_scenes(scenes: tuple[Scene, ...], look: PresenterLook | None, file: str) -> None:
    """A scene that places or gestures the presenter needs one in the front matter."""
    if look is not None:
        return
    for scene in scenes:
        if scene.presenter not in (None, "hidden") or scene.gestures:
            what = f"presenter: {scene.presenter}" if scene.presenter else "a gesture"
            at = scene.prop_pos.get("presenter") or scene.prop_pos.get("on") or scene.pos
            fail_at(f"{what} in a storyboard without a presenter: add 'presenter: true' (or "
                    "{style: person, position: right}) to the front matter", at, file)
