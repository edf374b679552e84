"""The clock and the chunking: exact integer arithmetic, no frame lost or doubled."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onetake.run.chunks import split_frames
from onetake.timeline import SAMPLE_RATE, Fps

RATES = [Fps(24), Fps(25), Fps(30), Fps(60), Fps(30000, 1001), Fps(24000, 1001)]


@pytest.mark.parametrize("fps, frame, start", [
    (Fps(30), 1, 1600), (Fps(25), 1, 1920), (Fps(24), 3, 6000),
    (Fps(30000, 1001), 1, 1601), (Fps(30000, 1001), 30000, 48048000),
])
def test_frame_start_is_exact(fps, frame, start):
    assert fps.frame_start(frame) == start


@given(st.sampled_from(RATES), st.integers(min_value=0, max_value=10 * 3600 * SAMPLE_RATE))
def test_every_sample_belongs_to_exactly_one_frame(fps, sample):
    frame = fps.frame_at(sample)
    assert fps.frame_start(frame) <= sample < fps.frame_start(frame + 1)
    assert fps.snap(sample) == fps.frame_start(frame)


@given(st.sampled_from(RATES), st.integers(min_value=1, max_value=10 * 3600 * SAMPLE_RATE))
def test_frame_count_counts_frames_that_start_inside(fps, duration):
    count = fps.frame_count(duration)
    assert fps.frame_start(count - 1) < duration <= fps.frame_start(count)


@given(st.integers(min_value=0, max_value=200_000), st.integers(min_value=1, max_value=64))
def test_chunks_cover_every_frame_once_in_order(frames, workers):
    chunks = split_frames(frames, workers)
    covered = [n for a, b in chunks for n in range(a, b)] if frames < 5000 else None
    if covered is not None:
        assert covered == list(range(frames))
    assert all(a < b for a, b in chunks)
    assert all(b == c for (_, b), (c, _) in zip(chunks, chunks[1:]))
    assert (chunks[0][0], chunks[-1][1]) == (0, frames) if frames else chunks == []
    assert len(chunks) <= 2 * workers
