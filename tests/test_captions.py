"""Caption blocks: line lengths, line count, timing equal to the words, gaps between captions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from onetake.timeline import Fps, Word
from onetake.timeline.captions import MAX_LINE_CHARS, caption_blocks

FPS = Fps(30)
GAP = FPS.frame_start(2)


def _words(texts: list[str], step: int = 12_000) -> list[Word]:
    return [Word(t, i * step, i * step + step * 3 // 4) for i, t in enumerate(texts)]


def test_spanish_sentence_splits_into_balanced_lines():
    text = ("El panel te muestra tu semana de un vistazo: cuánto escribiste, qué días tuviste más trabajo "
            "y las últimas notas que tocaste.").split()
    captions = caption_blocks(_words(text), FPS)
    for caption in captions:
        assert len(caption.lines) <= 2
        assert all(len(" ".join(w.text for w in line)) <= MAX_LINE_CHARS for line in caption.lines)
        assert all(len(line) > 1 for line in caption.lines)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abcdefghij,.", min_size=1, max_size=14), min_size=1, max_size=60))
def test_captions_keep_the_rules(texts):
    words = _words(texts)
    captions = caption_blocks(words, FPS)
    assert [w for c in captions for w in c.words] == words  # every word once, in order
    for i, caption in enumerate(captions):
        assert caption.start == caption.words[0].start
        assert len(caption.lines) <= 2
        assert all(len(" ".join(w.text for w in line)) <= MAX_LINE_CHARS for line in caption.lines)
        if i + 1 < len(captions):
            nxt = captions[i + 1]
            assert caption.end == min(caption.words[-1].end, nxt.start - GAP) or caption.end == caption.start + 1
            assert caption.end <= nxt.start - GAP or caption.end == caption.start + 1
        else:
            assert caption.end == caption.words[-1].end
