"""Cue markup: a cue's span in the cleaned narration holds exactly the words written in its braces."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from onetake.storyboard import parse
from onetake.storyboard.parse import parse_narration
from onetake.storyboard.model import Pos

WORD = st.text(alphabet=st.characters(blacklist_characters="{}[]\\#*", blacklist_categories=("Cs", "Cc", "Z")),
               min_size=1, max_size=8)
GAP = st.sampled_from([" ", "  ", "\t", " \u00a0 "])


@st.composite
def narration(draw):
    """Plain runs and cues in any order: (markup, [(name, words as they should read)])."""
    parts, cues = [], []
    for i in range(draw(st.integers(1, 5))):
        before = draw(st.lists(WORD, max_size=3))
        words = draw(st.lists(WORD, min_size=1, max_size=4))
        gap = draw(GAP)
        name = f"c{i}"
        parts.append(" ".join(before) + " {" + name + ":" + draw(GAP) + gap.join(words) + draw(GAP) + "}")
        cues.append((name, " ".join(words)))
    parts.append(" ".join(draw(st.lists(WORD, max_size=2))))
    return " ".join(parts), cues


@settings(max_examples=300, deadline=None)
@given(narration())
def test_cue_span_text_equals_the_words_in_braces(case):
    markup, expected = case
    result = parse_narration([(markup, Pos(1, 1))])
    assert [(c.name, result.text[c.start:c.end]) for c in result.cues] == expected
    assert "  " not in result.text and result.text == result.text.strip()


@settings(max_examples=100, deadline=None)
@given(narration(), st.integers(1, 3))
def test_cues_survive_line_breaks_in_a_storyboard(case, every):
    markup, expected = case
    # Break the paragraph at every `every`-th single space between two words (never a blank line).
    gaps = iter(range(10**6))
    body = re.sub(r"(?<=\S) (?=\S)", lambda m: "\n" if next(gaps) % every == 0 else " ", markup.strip())
    story = parse(f"---\ntitle: T\n---\n# S\nlayout: title\n\n{body}\n")
    text = story.scenes[0].beats[0].narration["en"]
    assert [(c.name, text.text[c.start:c.end]) for c in text.cues] == expected


def test_point_cues_start_at_the_next_word():
    result = parse_narration([("Now {a}  {b}look\there {c}.", Pos(1, 1))])
    assert result.text == "Now look here ."
    assert [(c.name, c.start, c.end) for c in result.cues] == [("a", 4, 4), ("b", 4, 4), ("c", 14, 14)]


def test_escapes():
    result = parse_narration([(r"a \{b\} \\ \[c] {x:d\}e}", Pos(1, 1))])
    assert result.text == r"a {b} \ [c] d}e"
    assert result.text[result.cues[0].start:result.cues[0].end] == "d}e"
