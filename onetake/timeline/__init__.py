"""Time and the timeline schema. Imports nothing else of onetake (lowest layer)."""

from .frozen import FrozenDict, freeze, thaw
from .model import (Ambience, Cue, Gesture, Line, Music, MusicSection, Phoneme, Placement, Presenter, Scene, SoundEvent,
                    Timeline, Viseme, VisualEvent, Word)
from .time import SAMPLE_RATE, Fps, SampleRange, ms_to_samples, seconds_to_samples

__all__ = [
    "SAMPLE_RATE", "Ambience", "Cue", "Fps", "FrozenDict", "Gesture", "Line", "Music", "MusicSection", "Phoneme", "Placement", "Presenter", "SampleRange", "Scene",
    "SoundEvent", "Timeline", "Viseme", "VisualEvent", "Word", "freeze", "ms_to_samples", "seconds_to_samples", "thaw",
]
