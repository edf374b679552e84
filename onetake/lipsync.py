"""The mouth shapes a presenter speaks with: Rhubarb's nine visemes, and how open each one is.

One table for the three sides of lip sync: the planner maps each phoneme to a shape
(plan/visemes.py), the drawing draws it (render/video/presenter), and the verifier reads how open
the mouth is in the decoded pixels and compares it with OPENNESS (verify). Imports nothing.

    A  closed lips: p b m (and the rest pose X looks the same)
    B  slightly open, teeth together: most consonants (k s t d n ng y), and "ee"
    C  open: eh, ae, the mid vowels
    D  wide open: aa, ah
    E  slightly rounded: ao, er, the open-mid rounded vowels
    F  puckered: uw, ow, w, oo
    G  upper teeth on the lower lip: f v
    H  tongue up behind the teeth: l (and long n, th)
    X  rest: mouth closed and relaxed, in pauses
"""

from __future__ import annotations

VISEMES = ("A", "B", "C", "D", "E", "F", "G", "H", "X")
OPENNESS = {"A": 0.0, "B": 0.25, "C": 0.6, "D": 1.0, "E": 0.5, "F": 0.35, "G": 0.15, "H": 0.45, "X": 0.0}
CLOSED = frozenset({"A", "X"})  # the lips touch

GESTURES = ("point-left", "point-right", "open-hands", "nod", "thumbs-up", "wave")  # `on: {cue: gesture NAME}`
PRESENTER_STYLES = ("person", "mascot")
# The presenter's timing, shared by the planner (a gesture's end), the drawing (its easing, a blink)
# and the chunk cache (what a chunk's frames can still show of a blink that began before it).
GESTURE_IN_MS, GESTURE_OUT_MS = 250, 350  # a gesture eases in from its cue's frame and back to rest
BLINK_MS = 160  # a blink closes and opens the eyes over this long
