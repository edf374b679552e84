"""A scored soundtrack that follows the story: planned as bars and sections, written as MIDI,
played by FluidSynth with a General MIDI soundfont.

    plan_score(requests, duration, stings, seed) -> Score   pure: sections, tempo map, bar lines
    Score.midi() -> bytes                                     the Standard MIDI File (arrange.py)
    render_score(score, soundfont=None) -> (duration, 2)      FluidSynth, fitted to 0 LUFS (synth.py)
    render_score_file(score, target, soundfont=None)          the same into a .npy, ten seconds at a time
    soundfont_path() -> str                                   the soundfont, or an install hint

plan.py fits the tempo so every sting is a downbeat and snaps each scene's section to its nearest
bar line; moods.py says what each mood sounds like; midi.py writes the file and owns the exact
tick -> sample clock. The renderer is a subprocess, so a Score is rendered once per programme
and read by sample range afterwards, like the procedural bed in ../music.py.
"""

from __future__ import annotations

from .midi import PPQ
from .moods import MOODS, SPECS, TEMPO_TOLERANCE
from .plan import BEATS_PER_BAR, MAX_STEP, Score, Section, SectionRequest, plan_score, programme_tempi
from .synth import render_score, render_score_file, soundfont_path

__all__ = ["BEATS_PER_BAR", "MAX_STEP", "MOODS", "PPQ", "SPECS", "Score", "Section", "SectionRequest",
           "TEMPO_TOLERANCE", "plan_score", "programme_tempi", "render_score", "render_score_file",
           "soundfont_path"]
