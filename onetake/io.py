"""Files written safely: atomically, under names no other writer uses, and cleaned up after a crash.

Every temporary name carries the writing process's id (`.<stem>.<pid>-<token>.part<suffix>`,
`onetake-<pid>-<token>` folders), so two renders, or two threads of one, never write the same
temporary file, and a later run can tell a dead process's leftovers from a live one's.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import BusyError

TEMP_PREFIX = "onetake-"
_PART = re.compile(r"\.(?:.*)\.(\d+)-[0-9a-f]+\.part(?:\.[^.]*)?\Z")
_TEMP_DIR = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-[0-9a-f]+\Z")


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temp path beside `target`; on success it replaces `target`, on any failure it is removed.

    A killed process leaves only a dot-file temp (removed by `clean_stale` at the next start),
    never a half-written file at `target`.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.stem}.{os.getpid()}-{secrets.token_hex(4)}.part{target.suffix}")
    try:
        yield temp
        os.replace(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def write_text(target: Path, text: str) -> None:
    """Write a small text file atomically (UTF-8)."""
    with atomic_path(target) as temp:
        temp.write_text(text, encoding="utf-8")


@contextlib.contextmanager
def work_dir() -> Iterator[Path]:
    """A private temporary folder, removed on exit (and by `clean_stale` if this process is killed)."""
    path = Path(tempfile.gettempdir()) / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    path.mkdir()
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def exclusive(lock: Path, busy: str) -> Iterator[None]:
    """Hold an exclusive lock on the file `lock` (created if needed); BusyError(busy) if another holds it.

    flock locks belong to an open file, so this excludes other processes and other threads of
    this one alike, and the kernel releases it when its holder dies, however it dies.
    """
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BusyError(busy) from None
        yield
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def clean_stale(*folders: Path) -> list[Path]:
    """Remove temporaries left by onetake processes that no longer run; returns what was removed.

    Looks in the system temp folder (work folders) and in each of `folders` (`.part` files).
    A live process's temporaries are never touched.
    """
    removed: list[Path] = []
    candidates = [(p, _TEMP_DIR) for p in Path(tempfile.gettempdir()).glob(f"{TEMP_PREFIX}*")]
    for folder in folders:
        if Path(folder).is_dir():
            candidates += [(p, _PART) for p in Path(folder).glob(".*.part*")]
    for path, pattern in candidates:
        match = pattern.match(path.name)
        if not match or int(match[1]) == os.getpid() or _alive(int(match[1])):
            continue
        with contextlib.suppress(OSError):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
            removed.append(path)
    return removed
