"""Every bad storyboard fails with one StoryboardError at the right line and column, never a raw exception."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bad_storyboards import BAD
from onetake.errors import StoryboardError
from onetake.storyboard import parse

MINI = (Path(__file__).parent / "data" / "mini.md").read_text()


def test_the_table_covers_enough_kinds():
    assert len(BAD) >= 14
    assert len({b.name for b in BAD}) == len(BAD)


@pytest.mark.parametrize("bad", BAD, ids=[b.name for b in BAD])
def test_bad_storyboard_reports_where_and_what(bad, tmp_path):
    with pytest.raises(StoryboardError) as caught:
        parse(bad.text, "bad.md", tmp_path)
    error = caught.value
    assert type(error) is bad.error
    assert bad.message in error.message
    assert (error.line, error.col) == (bad.line, bad.col), str(error)
    assert str(error).startswith(f"bad.md:{bad.line}:{bad.col}: ")
    assert "\n" not in str(error)


@pytest.mark.parametrize("bad", BAD, ids=[b.name for b in BAD])
def test_position_is_inside_the_text(bad, tmp_path):
    with pytest.raises(StoryboardError) as caught:
        parse(bad.text, "bad.md", tmp_path)
    lines = bad.text.split("\n")
    assert 1 <= caught.value.line <= len(lines)
    assert 1 <= caught.value.col <= len(lines[caught.value.line - 1]) + 1


def _mutations():
    """A storyboard with a few characters deleted, replaced or inserted anywhere."""
    edit = st.tuples(
        st.integers(0, len(MINI)),
        st.integers(0, 3),
        st.text(alphabet="{}[]:#-\n \t\\\"'x,|>&*!%@`", max_size=3),
    )
    return st.lists(edit, min_size=1, max_size=3)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations())
def test_mangled_storyboards_raise_only_storyboard_errors(edits):
    text = MINI
    for at, cut, insert in edits:
        text = text[:at] + insert + text[at + cut:]
    try:
        parse(text, "fuzz.md", "/nonexistent")
    except StoryboardError as error:
        assert error.line >= 1 and error.col >= 1
        assert "\n" not in str(error)
