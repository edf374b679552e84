"""Every upgrade from an older node version to the next, kept forever so any file onetake wrote still loads.

Each function takes a node's fields as written at `version` (a dict, the "schema" tag removed) and
returns them as `version + 1` has them. They are pure: they rename and reshape, they never read files.

Version 2 of every timed node names its sample fields with their unit, and the timeline no longer
carries its writer's cache folder: voice clips and images are asset keys (onetake.assets). A
version-1 file therefore loads with all its timings (what `onetake verify` reads), but its clips
and images were files in another machine's cache, so drawing it again needs a fresh plan; the
renderer says so by naming the missing asset.
"""

from __future__ import annotations

from .serialize import register_upgrade


def _with_units(node: dict, *names: str) -> dict:
    """`node` with each of `names` renamed to `<name>_samples`."""
    return {f"{key}_samples" if key in names else key: value for key, value in node.items()}


for _name in ("Word", "Phoneme", "Line", "Cue", "Scene"):
    register_upgrade(_name, 1)(lambda node: _with_units(node, "start", "end"))
for _name in ("VisualEvent", "SoundEvent"):
    register_upgrade(_name, 1)(lambda node: _with_units(node, "at"))


@register_upgrade("Timeline", 1)
def _timeline_1(node: dict) -> dict:
    node.pop("cache_dir", None)  # an absolute path on the writer's machine; assets are keys now
    return _with_units(node, "duration")


@register_upgrade("Scene", 2)
def _scene_2(node: dict) -> dict:
    return node  # 3 adds `direction`, whose default ("ltr") is what every earlier scene was


@register_upgrade("Music", 1)
def _music_1(node: dict) -> dict:
    return node  # 2 adds the rendered soundtrack; without one the bed of `mood` plays, as it did


@register_upgrade("Timeline", 2)
def _timeline_2(node: dict) -> dict:
    return node  # 3 adds `ambience`, which every earlier timeline was without


@register_upgrade("Scene", 3)
def _scene_3(node: dict) -> dict:
    return node  # 4 adds `stage`, whose default (the whole width) is where every earlier scene was drawn


@register_upgrade("Timeline", 3)
def _timeline_3(node: dict) -> dict:
    return node  # 4 adds `presenter`, which every earlier timeline was without
