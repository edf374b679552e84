"""Wording the checks share."""

from __future__ import annotations

from ...timeline import SAMPLE_RATE


def at_seconds(sample: int) -> str:
    """A sample position as people read it in a problem line: `12.345 s`."""
    return f"{sample / SAMPLE_RATE:.3f} s"
