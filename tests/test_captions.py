"""Caption blocks: line lengths, line count, timing equal to the words, gaps between captions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from onetake.timeline import SAMPLE_RATE, Fps, Word
from onetake.timeline.captions import MAX_LINE_CHARS, MAX_SAMPLES, MIN_SAMPLES, caption_blocks

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
        held = max(caption.words[-1].end, caption.start + MIN_SAMPLES)  # its words, and at least 0.83 s
        if i + 1 < len(captions):
            nxt = captions[i + 1]
            assert caption.end == min(held, nxt.start - GAP) or caption.end == caption.start + 1
            assert caption.end <= nxt.start - GAP or caption.end == caption.start + 1
        else:
            assert caption.end == held


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet="abcdefgh.", min_size=1, max_size=10), st.integers(2_000, 60_000)),
                min_size=1, max_size=40))
def test_captions_stay_between_the_duration_limits(spoken):
    """At least 0.83 s on screen, and no caption of several words spanning more than 7 s, at any pace speech has.

    Up to 40 characters a second (fast speech is about 20): faster, two lines of text can pass in
    under 0.83 s and no caption can both start on its first word and stay that long.
    """
    words, at = [], 0
    for text, length in spoken:
        length = max(length, (len(text) + 1) * SAMPLE_RATE // 40)
        words.append(Word(text, at, at + length))
        at += length + 1_000
    for caption in caption_blocks(words, FPS):
        assert caption.end - caption.start >= MIN_SAMPLES, caption
        if len(caption.words) > 1:
            assert caption.words[-1].end - caption.start <= MAX_SAMPLES


def test_a_quick_word_before_a_new_line_is_not_flashed():
    """The review's probe: "Hi." (0.18 s) right before the next narration line was shown for 0.183 s."""
    hi = Word("Hi.", 0, 8_800)
    line = [Word(t, 19_000 + i * 12_000, 28_000 + i * 12_000) for i, t in enumerate("Welcome to Acme Notes.".split())]
    captions = caption_blocks([hi] + line, FPS, line_breaks=(0, 1))
    assert all(c.end - c.start >= MIN_SAMPLES for c in captions)
    assert captions[0].text.startswith("Hi.")


def test_a_quick_word_with_room_after_it_stays_up_longer_than_its_sound():
    hi = Word("Hi.", 0, 8_800)
    later = Word("Later.", 200_000, 220_000)
    captions = caption_blocks([hi, later], FPS, line_breaks=(0, 1))
    assert [c.text for c in captions] == ["Hi.", "Later."]
    assert captions[0].end == MIN_SAMPLES


def test_japanese_words_join_as_written_and_lines_are_measured_in_columns():
    from onetake.timeline.captions import columns, join_words

    phrases = "支払いタブを タップして、 設定アイコンを クリックします。 変更は 自動で 保存されます。".split()
    words = [Word(p, i * 30_000, i * 30_000 + 25_000) for i, p in enumerate(phrases)]
    captions = caption_blocks(words, FPS)
    assert "".join(c.text.replace("\n", "") for c in captions) == "".join(phrases)  # no spaces put in
    for caption in captions:
        assert all(columns(join_words([w.text for w in line])) <= MAX_LINE_CHARS for line in caption.lines)
    assert join_words(["Acme", "の", "設定"]) == "Acme の設定"  # a space only next to a spaced word
    assert columns("設定 ok") == 7
