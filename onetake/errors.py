"""One root error and its families. Every message says what is wrong and how to fix it."""

from __future__ import annotations


class OnetakeError(Exception):
    """Root of every error onetake raises on purpose; the CLI prints these without a traceback."""


class StoryboardError(OnetakeError):
    """A storyboard is malformed; carries the file, line and column (1-based) of the problem."""

    def __init__(self, message: str, line: int = 1, col: int = 1, path: str = "<storyboard>"):
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class AssetError(StoryboardError):
    """An asset the storyboard names is missing or unreadable."""


class VoiceError(StoryboardError):
    """A voice or language cannot be used (unknown, not installed, or the engine failed)."""


class RenderError(OnetakeError):
    """Rendering failed; says which chunk and frame where that is known."""

    def __init__(self, message: str, chunk: int | None = None, frame: int | None = None):
        where = "".join(
            f" ({name} {value})" for name, value in (("chunk", chunk), ("frame", frame)) if value is not None
        )
        super().__init__(message + where)
        self.chunk = chunk
        self.frame = frame
