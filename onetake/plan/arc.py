"""The story's emotional arc: a mood and an energy per scene, as written or estimated from its words.

A scene that writes `mood:` / `energy:` keeps them. The rest are estimated from the narration of
the storyboard's first language with a small lexicon (stems of words that signal each mood, in
English, where most scripts are first written), the scene's layout and its place in the story (an
opening welcomes, an end card lands), and the text's own punctuation: exclamations lift the energy,
questions hold it; a mood holds from one scene to the next unless the words outweigh it, and a
front-matter `music: <mood>` colours every scene not marked. A lexicon rather than a sentence-
embedding model: the arc has six classes and a handful of scenes, a model would add 90 MB and
seconds of start-up for no visible difference, and every choice here can be read and argued with
(`Beat.scores` keeps the evidence). The music follows the arc, and
so does the voice's pace (plan/prosody.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..storyboard import Storyboard
from ..storyboard.model import MOODS, Scene

# Stems that signal each mood: matched at the start of a word, or as the whole word when this short.
LEXICON: dict[str, tuple[str, ...]] = {
    "calm": ("calm", "simpl", "gentl", "quiet", "relax", "step", "look", "notice", "open", "find", "see", "here",
             "settle", "breath", "slow", "clear", "tidy", "organi"),
    "upbeat": ("easy", "easi", "fun", "great", "awesome", "love", "enjoy", "smooth", "instant", "fast", "quick",
               "new", "try", "cool", "favo", "delight", "boost", "speed", "magic"),
    "serious": ("secur", "privacy", "private", "important", "careful", "problem", "issue", "cost", "loss", "lose",
                "data", "complian", "trust", "protect", "risk", "policy", "legal", "safe", "encrypt", "audit"),
    "urgent": ("now", "urgent", "immediat", "warning", "alert", "error", "fail", "critical", "hurry", "deadline",
               "breach", "outage", "down", "danger", "stop", "never", "must", "attack"),
    "warm": ("welcome", "hello", "hi", "hey", "together", "team", "friend", "home", "thank", "help", "care",
             "meet", "family", "people", "share", "communit"),
    "triumphant": ("done", "success", "win", "achiev", "ready", "launch", "complete", "final", "congrat",
                   "start", "grow", "best", "record", "milestone", "proud", "goal", "today"),
}
BASE_ENERGY = {"calm": 0.3, "warm": 0.4, "serious": 0.5, "upbeat": 0.65, "urgent": 0.8, "triumphant": 0.75}
LAYOUT_PRIOR = {"title": ("warm", 1.0), "end": ("triumphant", 1.5), "chart": ("serious", 0.5),
                "app": ("calm", 0.5), "image": ("calm", 0.5), "bullets": ("calm", 0.3)}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Beat:
    """One scene's place on the arc; `written` when the author gave the mood (else estimated)."""

    mood: str
    energy: float
    written: bool
    scores: tuple[tuple[str, float], ...] = ()  # the estimate's evidence, best first


def _text(scene: Scene, lang: str) -> str:
    return " ".join(beat.narration[lang].text for beat in scene.beats if lang in beat.narration)


CONTINUITY = 1.0  # the previous scene's mood holds unless the words say otherwise: one word does not swing it


def estimate(scene: Scene, lang: str, index: int, count: int, default: str | None = None,
             previous: str | None = None) -> Beat:
    """The mood and energy of one scene from its words, layout and place (see the module docstring)."""
    text = _text(scene, lang)
    words = [w.lower() for w in _WORD.findall(text)]
    scores = dict.fromkeys(MOODS, 0.0)
    for word in words:
        for mood, stems in LEXICON.items():
            if any(word.startswith(stem) if len(stem) > 3 else word in (stem, stem + "s") for stem in stems):
                scores[mood] += 1.0
    prior_mood, weight = LAYOUT_PRIOR.get(scene.layout, ("calm", 0.3))
    scores[prior_mood] += weight
    if index == 0:
        scores["warm"] += 0.5  # an opening welcomes
    if index == count - 1 and count > 1:
        scores["triumphant"] += 0.5  # and the last scene lands
    if default:
        scores[default] += 2.5  # `music: <mood>` in the front matter: more than layout and place together
    if previous:
        scores[previous] += CONTINUITY
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], MOODS.index(kv[0])))
    mood = scene.sound.mood or ranked[0][0]
    energy = BASE_ENERGY[mood] + 0.08 * min(3, text.count("!")) - 0.04 * min(2, text.count("?"))
    return Beat(mood, round(min(1.0, max(0.0, energy)), 2), False, tuple((m, s) for m, s in ranked if s))


def arc(storyboard: Storyboard) -> list[Beat]:
    """Every scene's mood and energy: as written, else estimated from the first language's words."""
    lang = storyboard.default_language
    count = len(storyboard.scenes)
    out = []
    for i, scene in enumerate(storyboard.scenes):
        sound = scene.sound
        guess = estimate(scene, lang, i, count, storyboard.music_mood, out[-1].mood if out else None)
        mood = sound.mood or guess.mood
        energy = sound.energy if sound.energy is not None else (guess.energy if not sound.mood else BASE_ENERGY[mood])
        out.append(Beat(mood, energy, sound.mood is not None, guess.scores))
    return out


def describe(beats: list[Beat]) -> str:
    """The arc in one line for the render summary: `warm 0.4 -> calm 0.3 -> triumphant 0.8 (estimated: 1, 2)`."""
    steps = " -> ".join(f"{b.mood} {b.energy:.1f}" for b in beats)
    guessed = [str(i + 1) for i, b in enumerate(beats) if not b.written]
    return steps + (f" (estimated for scene{'s' if len(guessed) > 1 else ''} {', '.join(guessed)})" if guessed else "")
