"""The one clock: integer samples at 48 kHz. Frames are derived from it, never the other way round."""

from __future__ import annotations

from dataclasses import dataclass

SAMPLE_RATE = 48_000


@dataclass(frozen=True, slots=True)
class Fps:
    """A rational frame rate, e.g. Fps(30) or Fps(30000, 1001)."""

    num: int
    den: int = 1

    def __post_init__(self) -> None:
        if self.num <= 0 or self.den <= 0:
            raise ValueError(f"fps must be positive, but got {self.num}/{self.den}")

    def frame_start(self, frame: int) -> int:
        """First sample of frame `frame`."""
        return frame * SAMPLE_RATE * self.den // self.num

    def frame_at(self, sample: int) -> int:
        """Index of the frame whose half-open sample range contains `sample`."""
        frame = sample * self.num // (SAMPLE_RATE * self.den)
        while self.frame_start(frame + 1) <= sample:
            frame += 1
        while self.frame_start(frame) > sample:
            frame -= 1
        return frame

    def frame_count(self, duration_samples: int) -> int:
        """Number of frames that start before `duration_samples`."""
        return self.frame_at(duration_samples - 1) + 1 if duration_samples > 0 else 0

    def snap(self, sample: int) -> int:
        """Start sample of the frame containing `sample`."""
        return self.frame_start(self.frame_at(sample))

    @property
    def frame_ms(self) -> float:
        """How long one frame lasts, in milliseconds (for messages and tolerances, never for placing)."""
        return 1000 * self.den / self.num

    @property
    def frame_samples(self) -> float:
        """How long one frame lasts, in (fractional) samples: animation progress steps by this."""
        return SAMPLE_RATE * self.den / self.num

    def __str__(self) -> str:
        return f"{self.num}" if self.den == 1 else f"{self.num}/{self.den}"


def seconds_to_samples(seconds: float) -> int:
    """Convert at the edges (storyboard durations, UI); rounds to the nearest sample."""
    return round(seconds * SAMPLE_RATE)


def ms_to_samples(milliseconds: float) -> int:
    """Milliseconds to samples, rounded to the nearest sample (durations written in code and docs)."""
    return round(milliseconds * SAMPLE_RATE / 1000)


@dataclass(frozen=True, slots=True)
class SampleRange:
    """A half-open range of samples [start, end), like OpenTimelineIO's TimeRange but integer."""

    start: int
    end: int

    @property
    def duration(self) -> int:
        return max(0, self.end - self.start)

    def clamped(self, other: "SampleRange") -> "SampleRange":
        """This range cut to `other` (empty, start == end, when they do not overlap)."""
        start = max(self.start, other.start)
        return SampleRange(start, max(start, min(self.end, other.end)))

    def overlaps(self, other: "SampleRange") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, sample: int) -> bool:
        return self.start <= sample < self.end
