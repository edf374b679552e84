"""Time and the timeline schema. Imports nothing else of onetake (lowest layer)."""

from .frozen import FrozenDict, freeze, thaw
from .model import Cue, Line, Music, Phoneme, Scene, SoundEvent, Timeline, VisualEvent, Word
from .time import SAMPLE_RATE, Fps, SampleRange, ms_to_samples, seconds_to_samples

__all__ = [
    "SAMPLE_RATE", "Cue", "Fps", "FrozenDict", "Line", "Music", "Phoneme", "SampleRange", "Scene",
    "SoundEvent", "Timeline", "VisualEvent", "Word", "freeze", "ms_to_samples", "seconds_to_samples", "thaw",
]
