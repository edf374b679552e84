"""Atomic output: write to a temp file beside the target, rename when complete."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temp path; on success it replaces `target`, on any failure it is removed.

    A killed process leaves only a dot-file temp, never a half-written file at `target`.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.stem}.{os.getpid()}.part{target.suffix}")
    try:
        yield temp
        os.replace(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def write_text(target: Path, text: str) -> None:
    """Write a small text file atomically."""
    with atomic_path(target) as temp:
        temp.write_text(text, encoding="utf-8")
