"""load(path): picks the form by extension; unreadable files are errors at 1:1, like any other."""

from __future__ import annotations

from pathlib import Path

import pytest

from onetake.errors import StoryboardError
from onetake.storyboard import load, to_json

MINI = Path(__file__).parent / "data" / "mini.md"


def test_markdown_and_json_by_extension(tmp_path):
    story = load(MINI)
    assert story.path == str(MINI)
    assert story.base_dir == MINI.parent.absolute()
    json_file = tmp_path / "mini.JSON"
    json_file.write_text(to_json(story))
    assert load(json_file).title == story.title


@pytest.mark.parametrize("name,content,message", [
    ("missing.md", None, "cannot read the storyboard"),
    ("story.txt", "hello", "expected a .md or .json file"),
])
def test_unreadable_or_unknown_files(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(StoryboardError) as caught:
        load(path)
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{path}:1:1: ")


def test_a_folder_is_not_a_storyboard(tmp_path):
    folder = tmp_path / "dir.md"
    folder.mkdir()
    with pytest.raises(StoryboardError, match="cannot read"):
        load(folder)


def test_non_utf8_points_at_the_bad_byte(tmp_path):
    path = tmp_path / "latin.md"
    path.write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    with pytest.raises(StoryboardError) as caught:
        load(path)
    assert (caught.value.line, caught.value.col) == (2, 11)
    assert "UTF-8" in caught.value.message
