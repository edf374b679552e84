"""The storyboard layer of the layouts: the image's header is read once, by the image layout's check,
and what the check measured stays out of what an author writes back (`to_json`)."""

from __future__ import annotations

import json
from textwrap import dedent

import cv2
import numpy as np
import pytest

from onetake.errors import AssetError
from onetake.storyboard import parse, parse_json, to_json
from onetake.storyboard.layouts.image import image_size


def test_image_size_reads_png_and_jpeg_headers(tmp_path):
    arr = np.zeros((37, 53, 3), np.uint8)
    for ext in ("png", "jpg"):
        path = tmp_path / f"a.{ext}"
        cv2.imwrite(str(path), arr)
        assert image_size(str(path)) == (53, 37)
    (tmp_path / "x.png").write_bytes(b"not an image at all......")
    with pytest.raises(ValueError):
        image_size(str(tmp_path / "x.png"))


def image_story(name: str) -> str:
    return dedent(f"""\
        ---
        title: T
        ---
        # Shot
        layout: image
        image: {name}

        Look here.
        """)


def test_the_check_records_the_image_size_and_to_json_leaves_it_out(tmp_path):
    cv2.imwrite(str(tmp_path / "shot.png"), np.zeros((30, 70, 3), np.uint8))
    story = parse(image_story("shot.png"), "s.md", tmp_path)
    assert story.scenes[0].props["image_size"] == (70, 30)
    fields = json.loads(to_json(story))["scenes"][0]["fields"]
    assert "image_size" not in fields and fields["image"] == str(tmp_path / "shot.png")
    assert parse_json(to_json(story), "s.json", tmp_path).scenes[0].props == story.scenes[0].props


@pytest.mark.parametrize("data,message", [
    (b"GIF89a" + b"\0" * 40, "is not a PNG or JPEG file"),
    (b"\x89PNG\r\n\x1a\n\0\0", "is a damaged PNG or JPEG file"),  # cut off before its size
    (b"\xff\xd8\xff\xe0\0\x10JFIF", "is a damaged PNG or JPEG file"),  # no frame header
])
def test_an_unreadable_image_is_an_asset_error_at_its_line(tmp_path, data, message):
    (tmp_path / "bad.png").write_bytes(data)
    with pytest.raises(AssetError, match=message) as caught:
        parse(image_story("bad.png"), "s.md", tmp_path)
    assert (caught.value.line, caught.value.col) == (6, 8)
