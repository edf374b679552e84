"""The asset store: files kept by content, so a timeline names what it uses by hash, never by path.

Voice clips and images are put here by the planner; the renderers read them back by key. A key is
the first 32 hex digits of the content's SHA-256 plus the file's suffix (`3f2a….png`), so the same
bytes always have the same key, an edited image gets a new one (and so a new timeline), and a
timeline JSON means the same thing on any machine that has the same store.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from .errors import AssetError, RenderError, TimelineError
from .io import atomic_path

KEY = re.compile(r"[0-9a-f]{32}(\.[a-z0-9]{1,8})?\Z")


def content_key(data: bytes, suffix: str = "") -> str:
    """The store key of `data` (suffix kept lowercase, e.g. '.png')."""
    return hashlib.sha256(data).hexdigest()[:32] + suffix.lower()


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's content, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _intact(target: Path, key: str) -> bool:
    """Whether the store already holds `key` with its content (a damaged copy is written again)."""
    try:
        return file_sha256(target).startswith(key.split(".", 1)[0])
    except OSError:
        return False


class AssetStore:
    """A folder of files named by their content's hash."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"AssetStore({str(self.root)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AssetStore) and other.root == self.root

    def __hash__(self) -> int:
        return hash(self.root)

    def put_bytes(self, data: bytes, suffix: str) -> str:
        """Store `data` (once) and return its key."""
        key = content_key(data, suffix)
        target = self.root / key
        if not _intact(target, key):
            with atomic_path(target) as temp:
                temp.write_bytes(data)
        return key

    def put_file(self, source: Path) -> str:
        """Copy `source` into the store (once) and return its key."""
        source = Path(source)
        try:
            key = file_sha256(source)[:32] + source.suffix.lower()
            target = self.root / key
            if not _intact(target, key):
                with atomic_path(target) as temp:
                    shutil.copyfile(source, temp)
        except OSError as error:
            raise AssetError(f"cannot store {source}: {error.strerror or error}", path=str(source)) from error
        return key

    def has(self, key: str) -> bool:
        return isinstance(key, str) and bool(KEY.match(key)) and (self.root / key).is_file()

    def path(self, key: str) -> Path:
        """Where the asset `key` is: TimelineError if the key is malformed, RenderError if the store lacks it."""
        if not isinstance(key, str) or not KEY.match(key):
            raise TimelineError(f"{key!r} is not an asset key (32 hex digits and a suffix)")
        path = self.root / key
        if not path.is_file():
            raise RenderError(f"asset {key} is not in the store {self.root}: re-run planning to put it there")
        return path


def asset_path(assets: AssetStore | None, key: str) -> Path:
    """Where a timeline's asset `key` is, for a renderer given `assets` (None: the caller gave no store)."""
    if assets is None:
        raise RenderError(f"this timeline uses the asset {key}: pass the asset store it was planned with (assets=)")
    return assets.path(key)
