"""Mouth shapes from the voice's own phoneme timings, for every engine and language.

Every engine here times IPA (Piper and espeak-ng phoneme by phoneme, Kokoro token by token with
stress and length folded into the token, e.g. "ˈu", "eː"), so one table maps a phoneme's base
letter to a viseme (onetake/lipsync.py) whatever the language; docs/presenter.md lists it.

The track is smoothed so that the mouth does not flicker: a shape that would be shown for less
than one frame gives way to the next one (co-articulation: the lips already move toward the coming
sound), except a bilabial closure (p, b, m), which is always shown, from its phoneme's first
sample, for at least a frame. Silences of PAUSE_MS or more close the mouth (X).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Sequence

from ..lipsync import CLOSED
from ..timeline import Fps, Phoneme, Viseme, ms_to_samples

PAUSE_MS = 120  # a silence this long closes the mouth; shorter gaps hold the shape (a breath between words)

# A phoneme's base letter (stress, length, diacritics and secondary articulations removed) -> viseme.
_TABLE = {
    "A": "pbmʙ",  # bilabial closure
    "B": "kgɡtdnsz" "ʃʒʧʤʨʥɕʑçʝxɣhɦʔŋɴɲɳɟcqɢʈɖrɾɹɺɽʀʁχʕħjʂʐiɪɨɯ",  # teeth together, and "ee"
    "C": "eɛæəɜʌɐɘɵɞ",  # open
    "D": "aɑɒä",  # wide open
    "E": "oɔøœɚɝ",  # slightly rounded
    "F": "uʊwʍɥyʏɸβ",  # puckered (β and ɸ: the lips nearly touch)
    "G": "fvɱʋ",  # upper teeth on the lower lip
    "H": "lɫɭʎʟθð",  # tongue up behind, or between, the teeth
}
VISEME_OF_LETTER = {letter: viseme for viseme, letters in _TABLE.items() for letter in letters}
_MARKS = "ˈˌːˑ" "ʲʷʰˤˠ̪̃" "-"  # stress, length, secondary articulation: not a sound of their own


def viseme_of(symbol: str) -> str | None:
    """The viseme of one phoneme as an engine writes it; None for a mark with no sound of its own
    (a Piper stress or length token) or for punctuation and silence."""
    for char in unicodedata.normalize("NFD", symbol):
        if unicodedata.combining(char) or char in _MARKS:
            continue
        viseme = VISEME_OF_LETTER.get(char.lower())
        if viseme is not None:
            return viseme
        if char.isalpha():
            return "B"  # a letter the table lacks: a neutral, half-closed mouth
    return None


def track(phonemes: Sequence[Phoneme], fps: Fps) -> tuple[Viseme, ...]:
    """The mouth over a whole programme: its shapes in time order, from X at sample 0.

    Each shape holds until the next one starts. A mark token (Piper's "ˈ", "ː") joins the sound it
    belongs to: stress the one after it, length the one before.
    """
    frame = fps.frame_samples
    pause = ms_to_samples(PAUSE_MS)
    spans: list[list] = []  # [viseme, start, end]
    pending_start = None  # a stress mark's start, given to the next sound
    for ph in sorted(phonemes, key=lambda p: p.start):
        viseme = viseme_of(ph.symbol)
        if viseme is None:
            if "ː" in ph.symbol and spans and ph.start - spans[-1][2] < pause:
                spans[-1][2] = max(spans[-1][2], ph.end)  # length: the sound before lasts longer
            elif any(c in ph.symbol for c in "ˈˌ"):
                pending_start = ph.start if pending_start is None else pending_start
            continue
        start = ph.start if pending_start is None else min(pending_start, ph.start)
        pending_start = None
        if spans and start - spans[-1][2] >= pause:
            spans.append(["X", spans[-1][2], start])
        elif spans:
            spans[-1][2] = start  # a short gap: the shape holds until the next sound
        spans.append([viseme, start, max(start + 1, ph.end)])
    if spans:
        spans.append(["X", spans[-1][2], spans[-1][2] + 1])
    changes = _smooth(spans, frame)
    if not changes or changes[0][1] > 0:
        changes.insert(0, ("X", 0))
    return tuple(Viseme(shape, start) for shape, start in changes)


def _smooth(spans: list[list], frame: float) -> list[tuple[str, int]]:
    """Drop shapes shorter than a frame into the next one; keep every closure at least a frame long."""
    out: list[list] = []
    for viseme, start, end in spans:
        if out and out[-1][0] == viseme:
            out[-1][2] = end
            continue
        if out and out[-1][2] - out[-1][1] < frame and out[-1][0] not in CLOSED:
            out[-1][0] = viseme  # too short to be seen: the mouth is already on its way to this one
            out[-1][2] = end
            if len(out) > 1 and out[-2][0] == viseme:
                out[-2][2] = out.pop()[2]
            continue
        if out and out[-1][0] in CLOSED and out[-1][2] - out[-1][1] < frame:
            start = min(end - 1, int(out[-1][1] + frame + 0.999))  # a closure is held for one frame
            out[-1][2] = start
        out.append([viseme, start, end])
    return [(viseme, start) for viseme, start, _ in out]


def viseme_at(changes: Sequence[Viseme], sample: int, starts: Sequence[int] | None = None) -> str:
    """The shape the mouth holds at `sample` (X before the first); `starts` (the changes' starts,
    precomputed) saves a pass on long tracks."""
    i = bisect_right(starts if starts is not None else [v.start for v in changes], sample) - 1
    return changes[i].shape if i >= 0 else "X"


def shown_on(changes: Sequence[Viseme], fps: Fps, n: int) -> str:
    """The shape drawn on frame n: the one held at the frame's last sample, so that a shape starting
    inside a frame is already on it (the mouth leads its sound by less than a frame, never lags)."""
    return viseme_at(changes, fps.frame_start(n + 1) - 1)
