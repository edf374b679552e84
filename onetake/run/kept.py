"""A render whose inputs did not change keeps its finished files: nothing is drawn, mixed or encoded.

After a render, `<out>/.<name>.<lang>.render` records a hash of everything the files were made from
(the planned timeline before mastering, the settings that shape the output, the whole package's
code and the libraries that draw and encode) and the SHA-256 of every file written. The next
render of the same storyboard plans (voices and music come from their caches), and when the hash
and every file's content still match, it returns those files as they are.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..assets import file_sha256
from ..io import write_text
from ..settings import RenderSettings
from ..timeline import Timeline
from ..timeline.serialize import to_json
from .chunk_cache import code_fingerprint


def inputs_key(timeline: Timeline, settings: RenderSettings, captions: str) -> str:
    """The hash of what a render's files are made from (the planned timeline, before mastering)."""
    shaping = [settings.x264_preset, settings.crf, settings.loudness_lufs, settings.stems, captions]
    text = json.dumps([to_json(timeline, indent=None), shaping, code_fingerprint(("",))], default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def stamp_path(base: Path) -> Path:
    return base.with_name(f".{base.name}.render")


def kept_files(base: Path, key: str) -> list[Path] | None:
    """The files of the last render at `base` when it was made from `key` and none changed since; else None."""
    try:
        stamp = json.loads(stamp_path(base).read_text(encoding="utf-8"))
        if stamp.get("inputs") != key:
            return None
        files = [Path(name) for name in stamp["files"]]
        if all(file_sha256(path) == digest for path, digest in zip(files, stamp["sha256"])):
            return files
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def remember(base: Path, key: str, files: list[Path]) -> None:
    """Record what the files at `base` were made from (after they are all written)."""
    files = [path for path in files if path.is_file()]  # a stems folder's WAVs are listed one by one
    write_text(stamp_path(base), json.dumps({"inputs": key, "files": [str(p) for p in files],
                                             "sha256": [file_sha256(p) for p in files]}, indent=1) + "\n")
