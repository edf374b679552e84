"""Place scenes, narration lines and cues on the clock, from the voice's own timings."""

from __future__ import annotations

from dataclasses import dataclass

from ..storyboard import Storyboard
from ..timeline import Cue, Fps, Line, Phoneme, Word, seconds_to_samples
from .voice import Speech, tokenize

TRANSITION_SECONDS = 0.5
LEAD_IN_SECONDS = 0.6  # after a scene starts, before its first words
FIRST_LEAD_IN_SECONDS = 0.9  # the title card gets a breath before the voice
BEAT_GAP_SECONDS = 0.3  # between two beats of one scene
TAIL_SECONDS = 0.8  # after the last scene's hold, before the end


@dataclass(frozen=True, slots=True)
class SceneTiming:
    start: int
    end: int
    transition_samples: int


def place(storyboard: Storyboard, lang: str, speech: list[list[Speech]], fps: Fps,
          gaps: list[int] | None = None) -> tuple[list[SceneTiming], list[Line], list[Cue]]:
    """Sequence scenes and beats; `speech[s][b]` is beat b of scene s, synthesised in `lang`;
    `gaps[s]` the samples between two beats of scene s (BEAT_GAP_SECONDS when not given).

    Scenes start on a frame's first sample, so a scene's first frame shows that scene (and its
    transition, and the whoosh that goes with it, land on the same frame).
    """
    timings: list[SceneTiming] = []
    lines: list[Line] = []
    cues: list[Cue] = []
    cursor = 0
    for s, scene in enumerate(storyboard.scenes):
        transition = 0 if s == 0 or scene.transition == "cut" else seconds_to_samples(TRANSITION_SECONDS)
        start = cursor
        gap = gaps[s] if gaps else seconds_to_samples(BEAT_GAP_SECONDS)
        at = start + seconds_to_samples(FIRST_LEAD_IN_SECONDS if s == 0 else LEAD_IN_SECONDS)
        for b, (beat, spoken) in enumerate(zip(scene.beats, speech[s])):
            narration = beat.narration[lang]
            line = Line(
                id=f"s{s}b{b}",
                scene=s,
                text=narration.text,
                start=at,
                end=at + spoken.samples,
                audio=spoken.audio,
                words=tuple(Word(w.text, at + w.start, at + w.end) for w in spoken.words),
                phonemes=tuple(Phoneme(p.text, at + p.start, at + p.end) for p in spoken.phonemes),
            )
            lines.append(line)
            cues.extend(_cues(narration, line, s))
            at = line.end + gap
        end = at - gap + seconds_to_samples(scene.hold_seconds)
        if s == len(storyboard.scenes) - 1:
            end += seconds_to_samples(TAIL_SECONDS)
        end = _next_frame_start(end, fps)
        timings.append(SceneTiming(start, end, transition))
        cursor = end
    return timings, lines, cues


def spoken_words(narration) -> list[tuple[str, int]]:
    """The line's written words and their offsets, each part split in its own language (what is spoken)."""
    return [(word, a + offset) for lang, a, b in narration.segments()
            for word, offset in tokenize(narration.text[a:b], lang or narration.lang)]


def _next_frame_start(sample: int, fps: Fps) -> int:
    """The first frame boundary at or after `sample`."""
    frame = fps.frame_at(sample)
    return sample if fps.frame_start(frame) == sample else fps.frame_start(frame + 1)


def _cues(narration, line: Line, scene: int) -> list[Cue]:
    """Each cue starts at its first word's first sample and ends at its last word's last sample."""
    spans = [(offset, offset + len(word)) for word, offset in spoken_words(narration)]
    cues = []
    for span in narration.cues:
        first = next((i for i, (_, end) in enumerate(spans) if end > span.start), len(spans) - 1)
        last = max(first, max((i for i, (start, _) in enumerate(spans) if start < span.end), default=first))
        cues.append(Cue(span.name, scene, line.words[first].start, line.words[last].end))
    return cues
