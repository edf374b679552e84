"""Scenes and beats: each scene's layout and common fields, its narration in every language, its cues.

A scene's own fields are checked by its layout's spec (`layouts.SPECS`); the cues a field binds
must be spoken in that scene, the same in every language.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from ..timeline import FrozenDict, freeze
from .fields import Fields, SceneCues, check_language
from .layouts import LAYOUTS, SPECS
from .messages import did_you_mean, dotted, fail_at, kind_of
from .model import AMBIENCES, MOODS, TRANSITIONS, Beat, Narration, Pos, Scene, SceneSound
from .presenter import gesture_of, scene_presenter
from .raw import RawScene

SOUND_FIELDS = ("mood", "energy", "ambience", "sting")  # how the scene sounds (SceneSound)
PRESENTER_FIELDS = ("presenter", "on")  # where the presenter stands; `on: {cue: gesture NAME}` in any layout
COMMON_FIELDS = ("layout", "title", "transition", "hold") + SOUND_FIELDS + PRESENTER_FIELDS  # every layout's


def build_scene(raw: RawScene, file: str, languages: tuple[str, ...], base_dir: Path) -> Scene:
    """Check one scene: its layout, the fields common to all layouts, its beats, then its layout's own fields."""
    fields = Fields(raw.fields, file, languages)
    layouts = ", ".join(LAYOUTS)
    if raw.fields.value is None or raw.fields.value == {}:
        fields.fail(f"missing layout: write 'layout: …' on the line right under the heading ({layouts})", raw.pos)
    if not isinstance(raw.fields.value, dict):
        fields.fail(
            f"expected the scene's fields (key: value lines such as 'layout: bullets') under the heading, "
            f"got {kind_of(raw.fields.value)}; leave a blank line between the fields and the narration",
            fields.where(()),
        )
    fields.required(("layout",), f"missing layout: write 'layout: …' right under the heading ({layouts})")
    layout = fields.choice(("layout",), LAYOUTS, "", "layout")
    spec = SPECS[layout]
    belongs = {k: f"the {name} layout" for name, other in SPECS.items() for k in other.fields if name != layout}
    fields.known_keys((), COMMON_FIELDS + spec.fields, "field", belongs)
    title = fields.text(("title",), fallback=raw.heading) if fields.has(("title",)) else FrozenDict(
        {lang: raw.heading for lang in languages}
    )
    transition = fields.choice(("transition",), TRANSITIONS, "slide", "transition")
    hold = fields.number(("hold",), 0, 10, "seconds between 0 and 10") if fields.has(("hold",)) else 1.0
    beats, cues = build_beats(raw, file, languages)
    sound = scene_sound(fields, cues)
    props = {"title": title} if fields.has(("title",)) else {}
    scene_cues = SceneCues(fields, cues)
    props.update(spec.check(fields, scene_cues, base_dir))
    gestures = scene_gestures(fields, scene_cues, props, "on" in spec.fields)
    return Scene(
        title=title,
        layout=layout,
        props=freeze(props),
        beats=beats,
        transition=transition,
        hold_seconds=hold,
        sound=sound,
        presenter=scene_presenter(fields),
        gestures=gestures,
        pos=raw.pos,
        prop_pos=FrozenDict({dotted(p): at for p, at in raw.fields.pos.items() if p}),
    )


def scene_gestures(fields: Fields, cues: SceneCues, props: dict, layout_has_on: bool) -> FrozenDict:
    """The presenter's gestures of `on: {cue: gesture NAME}`: taken out of the layout's own actions
    (an app's `on` also clicks and types), or, in a layout without actions, the only thing `on` holds."""
    gestures = {}
    if layout_has_on:
        actions = dict(props.get("on", {}))
        for cue, action in list(actions.items()):
            name = gesture_of(fields, ("on", cue), action)
            if name:
                gestures[cue] = name
                del actions[cue]
        if "on" in props:
            props["on"] = FrozenDict(actions)
    elif fields.has(("on",)):
        for cue in fields.mapping(("on",), "a mapping from cue name to a gesture, like {hello: gesture wave}"):
            action = fields.string(("on", cue), "a gesture like 'gesture wave'")
            name = gesture_of(fields, ("on", cue), action)
            if name is None:
                fields.fail(f"bad action '{action}': this layout's `on` only makes the presenter gesture, as in "
                            f"'gesture wave'", fields.where(("on", cue)))
            gestures[cues.bound(("on", cue))] = name
    return FrozenDict(gestures)


def scene_sound(fields: Fields, cues: dict) -> SceneSound:
    """`mood`, `energy`, `ambience: KIND | {kind: KIND, x: 0..1}` and `sting: CUE`, checked."""
    mood = fields.choice(("mood",), MOODS, "", "mood") or None
    energy = fields.number(("energy",), 0, 1, "a number from 0 (quiet) to 1 (full)") if fields.has(("energy",)) else None
    ambience, x = "none", None
    if isinstance(fields.get(("ambience",), None), dict):
        fields.known_keys(("ambience",), ("kind", "x"), "ambience key")
        fields.required(("ambience", "kind"), f"ambience needs a kind: {{kind: rain, x: 0.8}} ({', '.join(AMBIENCES)})")
        ambience = fields.choice(("ambience", "kind"), AMBIENCES, "none", "ambience")
        if fields.has(("ambience", "x")):
            x = fields.number(("ambience", "x"), 0, 1, "the source's place across the screen, 0 (left) to 1 (right)")
    else:
        ambience = fields.choice(("ambience",), AMBIENCES, "none", "ambience")
    sting = None
    if fields.has(("sting",)):
        sting = fields.string(("sting",), "the name of a cue spoken in this scene")
        if sting not in cues:
            spoken = ", ".join(cues) or "none"
            fields.fail(f"unknown cue '{sting}': sting lands on a cue, but this scene's narration never speaks it"
                        f"{did_you_mean(sting, cues)}; mark the words with {{{sting}:…}} (cues spoken here: {spoken})",
                        fields.where(("sting",)))
    return SceneSound(mood, energy, ambience, x, sting)


def build_beats(raw: RawScene, file: str, languages: tuple[str, ...]) -> tuple[tuple[Beat, ...], dict]:
    """Every beat in every language, with the same cues in each; cue names unique in the scene."""
    def fail(message: str, at: Pos) -> NoReturn:
        fail_at(message, at, file)

    if not raw.beats:
        fail(
            f"scene '{raw.heading}' has no narration: write at least one paragraph after its fields "
            "(separated from them by a blank line)",
            raw.pos,
        )
    default = languages[0]
    scene_cues: dict[str, Pos] = {}
    beats = []
    for beat in raw.beats:
        texts: dict[str, Narration] = {}
        for lang, at, narration in beat.texts:
            lang = lang or default
            check_language(lang, languages, at, file)
            if lang in texts:
                line = texts[lang].pos.line
                fail(f"this beat already has '{lang}' narration (line {line}): one text per language", at)
            texts[lang] = replace(narration, lang=lang)
        for lang in languages:
            if lang not in texts:
                hint = f"start a line with [{lang}]" if lang != default else "write it first, before any [xx] line"
                fail(
                    f"this beat has no '{lang}' narration: every beat is spoken in every language "
                    f"({', '.join(languages)}); {hint}",
                    beat.pos,
                )
        reference = {cue.name: cue for cue in texts[default].cues}
        for lang in languages[1:]:
            names = {cue.name for cue in texts[lang].cues}
            for name, cue in reference.items():
                if name not in names:
                    fail(
                        f"cue '{name}' is spoken in '{default}' (line {cue.pos.line}) but missing from the "
                        f"'{lang}' text: mark the matching '{lang}' words with {{{name}:…}}",
                        texts[lang].pos,
                    )
            for cue in texts[lang].cues:
                if cue.name not in reference:
                    fail(
                        f"cue '{cue.name}' is in the '{lang}' text but not in the '{default}' text of this beat: "
                        "every language marks the same cues",
                        cue.pos,
                    )
        for name, cue in reference.items():
            if name in scene_cues:
                fail(
                    f"duplicate cue '{name}': already used in this scene (line {scene_cues[name].line}); "
                    "a cue names one moment, so rename one of them",
                    cue.pos,
                )
            scene_cues[name] = cue.pos
        beats.append(Beat(narration=FrozenDict({lang: texts[lang] for lang in languages}), pos=beat.pos))
    return tuple(beats), scene_cues
