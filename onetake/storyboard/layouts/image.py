"""The image scene's fields: a screenshot file, a camera move, and callouts keyed by their cues.

The check reads the image's header once, here: it proves the file is a PNG or JPEG and records its
size in the props (`image_size: (w, h)`), so the geometry never opens the file and the renderer
only decodes its pixels.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

from ...errors import AssetError
from ..fields import Fields, SceneCues
from ..messages import show
from ..raw import FieldPath

FIELDS = ("image", "camera", "callouts")
TEXTS = (("callouts", "*", "label"),)
FILES = (("image",),)  # props that name a file: the planner puts it in the asset store, keyed by content
CAMERAS = ("zoom-in", "zoom-out", "pan-left", "pan-right", "still")
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"


def check(fields: Fields, cues: SceneCues, base_dir: Path) -> dict:
    """`image: path` (required, relative to the storyboard), `camera: zoom-in|…` (optional),
    `callouts: {cue: {box: [x, y, w, h], label: text}}` (optional; boxes as fractions of the image)."""
    fields.required(("image",), "missing image: add 'image: path/to/screenshot.png' (relative to the storyboard)")
    path, size = check_image(fields, ("image",), base_dir)
    props = {
        "image": path,
        "image_size": size,
        "camera": fields.choice(("camera",), CAMERAS, "zoom-in", "camera"),
        "callouts": {},
    }
    if fields.has(("callouts",)):
        for cue in fields.mapping(("callouts",), "a mapping from cue name to {box: [x, y, w, h], label: text}"):
            at = ("callouts", cue)
            fields.mapping(at, "{box: [x, y, w, h], label: text}")
            fields.known_keys(at, ("box", "label"), "callout key")
            box = _box(fields, at + ("box",))
            label = {"label": fields.text(at + ("label",))} if fields.has(at + ("label",)) else {}
            props["callouts"][cues.bound(at)] = {"box": box, **label}
    return props


def _box(fields: Fields, path: FieldPath) -> tuple[float, ...]:
    what = "[x, y, w, h] as fractions of the image, each 0..1"
    fields.required(path, f"missing box: a callout needs 'box: {what}'")
    values = fields.sequence(path, what)
    if len(values) != 4:
        fields.fail(f"box has {len(values)} numbers: expected 4, {what}", fields.where(path))
    x, y, w, h = (fields.number(path + (i,), 0, 1, "a fraction between 0 and 1") for i in range(4))
    if w <= 0 or h <= 0 or x + w > 1.0001 or y + h > 1.0001:
        fields.fail(f"box {show(values)} does not fit the image: need w, h > 0, x + w <= 1 and y + h <= 1",
                    fields.where(path))
    return (x, y, w, h)


def check_image(fields: Fields, path: FieldPath, base_dir: Path) -> tuple[str, tuple[int, int]]:
    """Resolve an image path against base_dir; it must be a readable PNG or JPEG. Returns (absolute path, size)."""
    written = fields.string(path, "a path to a PNG or JPEG file")
    at = fields.where(path)
    full = os.path.abspath(os.path.join(base_dir, os.path.expanduser(written)))
    if not os.path.isfile(full):
        fields.fail(
            f"image '{written}' not found (looked for {full}): paths are relative to the storyboard's folder",
            at, AssetError,
        )
    try:
        size = image_size(full)
    except OSError as error:
        fields.fail(f"cannot read image '{written}': {error.strerror}", at, AssetError)
    except ValueError as error:
        fields.fail(f"image '{written}' is {error}", at, AssetError)
    return full, size


def image_size(path: str) -> tuple[int, int]:
    """(width, height) of a PNG or JPEG, read from its header (no decoding): onetake's one header reader.

    Raises ValueError ("not a PNG or JPEG file", or damaged) and OSError when the file can't be read.
    """
    with open(path, "rb") as handle:
        head = handle.read(32)
        try:
            if head.startswith(PNG):
                width, height = struct.unpack(">II", head[16:24])
                if width and height:
                    return (width, height)
            elif head.startswith(JPEG):
                handle.seek(2)
                while True:
                    marker = handle.read(2)
                    if len(marker) < 2 or marker[0] != 0xFF:
                        break
                    size = struct.unpack(">H", handle.read(2))[0]
                    # A start-of-frame marker (not DHT, JPG or DAC, which share the range) holds the size.
                    if 0xC0 <= marker[1] <= 0xCF and marker[1] not in (0xC4, 0xC8, 0xCC):
                        height, width = struct.unpack(">xHH", handle.read(5))
                        if width and height:
                            return (width, height)
                        break
                    handle.seek(size - 2, 1)
            else:
                raise ValueError("not a PNG or JPEG file")
        except struct.error:
            pass  # the header ends early: a damaged file
    raise ValueError("a damaged PNG or JPEG file (its header has no image size)")
