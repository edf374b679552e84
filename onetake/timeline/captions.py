"""Caption blocks derived from word timings (shared by the caption files and burned-in captions).

Rules from docs/visual.md: at most 2 lines of at most 42 columns (a Chinese or Japanese character
takes two, as it is twice as wide), 0.83-7 s on screen, breaks at
phrase boundaries where possible, a 2-frame gap between consecutive captions. A caption stays up
at least 0.83 s (longer than its words when they are quick) unless the next one must start; one
that still could not stay that long joins its neighbour.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .model import Timeline, Word
from .time import SAMPLE_RATE, Fps

MAX_LINE_CHARS = 42
MAX_LINES = 2
MIN_SAMPLES = SAMPLE_RATE * 83 // 100
MAX_SAMPLES = 7 * SAMPLE_RATE
GAP_FRAMES = 2
_PHRASE_END = (",", ".", ";", ":", "!", "?", "—", "…")


@dataclass(frozen=True, slots=True)
class Caption:
    """One caption on screen over [start, end): its words, split into lines."""

    start: int
    end: int
    lines: tuple[tuple[Word, ...], ...]

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for line in self.lines for w in line)

    @property
    def text(self) -> str:
        return "\n".join(join_words([w.text for w in line]) for line in self.lines)


def _unspaced(ch: str) -> bool:
    """A character of a script written without spaces between words (Han, kana, Thai, ...)."""
    return unicodedata.east_asian_width(ch) in "WF" or "\u0e00" <= ch <= "\u0eff"


def separator(left: str, right: str) -> str:
    """What goes between two written words: a space, except between two unspaced characters
    (Japanese and Chinese words, which the planner splits, join again as they were written)."""
    return "" if left and right and _unspaced(left[-1]) and _unspaced(right[0]) else " "


def join_words(texts: list[str]) -> str:
    """Words as a line of text (see `separator`)."""
    out = ""
    for word in texts:
        out += (separator(out, word) if out else "") + word
    return out


def columns(text: str) -> int:
    """Display width in columns: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _line_len(words: list[Word]) -> int:
    return columns(join_words([w.text for w in words]))


def _split_lines(words: list[Word]) -> tuple[tuple[Word, ...], ...] | None:
    """Split one caption's words into at most MAX_LINES (2) balanced lines, preferring a phrase boundary.

    None if no split keeps both lines within MAX_LINE_CHARS.
    """
    if _line_len(words) <= MAX_LINE_CHARS:
        return (tuple(words),)
    assert MAX_LINES == 2, "the balanced split below makes two lines"
    best, best_score = None, None
    for i in range(1, len(words)):
        a, b = _line_len(words[:i]), _line_len(words[i:])
        if a > MAX_LINE_CHARS or b > MAX_LINE_CHARS:
            continue
        score = abs(a - b) - (12 if words[i - 1].text.endswith(_PHRASE_END) else 0)
        if best_score is None or score < best_score:
            best, best_score = i, score
    return None if best is None else (tuple(words[:best]), tuple(words[best:]))


def caption_blocks(words: tuple[Word, ...] | list[Word], fps: Fps, line_breaks: tuple[int, ...] = ()) -> list[Caption]:
    """Group timed words into captions.

    A caption starts on its first word's first sample and ends on its last word's last sample,
    shortened only where needed to leave a 2-frame gap before the next caption.
    `line_breaks` are word indices that must start a new caption (e.g. the start of each narration line).
    """
    breaks = set(line_breaks)
    groups: list[list[Word]] = []
    current: list[Word] = []
    for i, word in enumerate(words):
        candidate = current + [word]
        too_long = _split_lines(candidate) is None or (current and word.end - current[0].start > MAX_SAMPLES)
        if current and (i in breaks or too_long):
            groups.append(current)
            current = []
        current.append(word)
        # Close early on a sentence end once the caption holds a reasonable amount of text.
        if word.text.endswith((".", "!", "?")) and _line_len(current) >= MAX_LINE_CHARS * 0.6:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    gap = fps.frame_start(GAP_FRAMES)
    groups = _join_short(groups, gap)
    captions: list[Caption] = []
    for i, group in enumerate(groups):
        start = group[0].start
        end = max(group[-1].end, start + MIN_SAMPLES)
        if i + 1 < len(groups):
            end = min(end, groups[i + 1][0].start - gap)
        # A single word longer than a line is the only group that can't be split: it stands alone.
        lines = _split_lines(group) or (tuple(group),)
        captions.append(Caption(start=start, end=max(end, start + 1), lines=lines))
    return captions


def _fits(words: list[Word]) -> bool:
    return _split_lines(words) is not None and words[-1].end - words[0].start <= MAX_SAMPLES


def _join_short(groups: list[list[Word]], gap: int) -> list[list[Word]]:
    """Give each group that can't stay MIN_SAMPLES on screen (the next starts too soon) more words.

    Joined whole to a neighbour it fits with; failing that, it takes the next group's first words
    until it can stay long enough (the rest of that group is then checked in its turn).
    """
    out = [list(g) for g in groups]
    i = 0
    while i < len(out):
        room = out[i + 1][0].start - gap - out[i][0].start if i + 1 < len(out) else MIN_SAMPLES
        if room < MIN_SAMPLES and len(out) > 1:
            if i + 1 < len(out) and _fits(out[i] + out[i + 1]):
                out[i:i + 2] = [out[i] + out[i + 1]]
                continue
            if i > 0 and _fits(out[i - 1] + out[i]):
                out[i - 1:i + 1] = [out[i - 1] + out[i]]
                i -= 1
                continue
            if i + 1 < len(out) and _fits(out[i] + out[i + 1][:1]):
                out[i].append(out[i + 1].pop(0))
                if not out[i + 1]:
                    del out[i + 1]
                continue
        i += 1
    return out


def timeline_captions(timeline: Timeline) -> list[Caption]:
    """The timeline's captions: every narration line starts a new one (unless it is too short to stand)."""
    words: list[Word] = []
    breaks: list[int] = []
    for line in timeline.lines:
        breaks.append(len(words))
        words.extend(line.words)
    return caption_blocks(words, timeline.fps, tuple(breaks))
