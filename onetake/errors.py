"""One root error and its families, by cause. Every message says what is wrong and how to fix it.

    OnetakeError                  the root: the CLI and the API print these without a traceback
    ├── StoryboardError           a storyboard is malformed (always has a file, line and column)
    │   └── AssetError            an image or other file it names is missing or unreadable
    ├── VoiceError                a voice or language can't be used, or the engine failed
    ├── SettingsError             a render option is out of range (also a ValueError)
    ├── TimelineError             a timeline JSON is malformed (names the path inside it; a ValueError)
    ├── RenderError               drawing or mixing failed (says which chunk and frame where known)
    ├── EncodeError               writing the video file failed
    ├── BusyError                 another render is writing the same outputs right now
    └── VerifyError               a finished file can't be read, so nothing could be measured

`str(error)` is `FILE:LINE:COL: message` when the error knows where it happened, else the message.
"""

from __future__ import annotations


class OnetakeError(Exception):
    """Root of every error onetake raises on purpose.

    `path`, `line` and `col` (1-based) say where in a source file the problem is, when that is
    known; `location` is None otherwise, and nothing made up is ever printed in its place.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None, col: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.col = col

    @property
    def location(self) -> str | None:
        """`FILE:LINE:COL` (or less, as far as known), or None."""
        if self.path is None:
            return None
        return ":".join(str(part) for part in (self.path, self.line, self.col) if part is not None)

    def __str__(self) -> str:
        where = self.location
        return f"{where}: {self.message}" if where else self.message

    def __reduce__(self):
        # Errors cross process boundaries (a worker's failure reaches the driver): rebuild them
        # from their state, not by calling __init__ again with arguments it may not take.
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls: type, args: tuple, state: dict) -> OnetakeError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class StoryboardError(OnetakeError):
    """A storyboard is malformed; carries the file, line and column (1-based) of the problem."""

    def __init__(self, message: str, line: int = 1, col: int = 1, path: str = "<storyboard>"):
        super().__init__(message, path=path, line=line, col=col)


class AssetError(StoryboardError):
    """An asset the storyboard names is missing or unreadable."""


class VoiceError(OnetakeError):
    """A voice or language cannot be used (unknown, not installed, or the engine failed).

    Raised from a storyboard check it carries the position of the voice or language setting;
    raised by an engine it names the voice and leaves the position out.
    """

    def __init__(self, message: str, *, voice: str | None = None, path: str | None = None,
                 line: int | None = None, col: int | None = None):
        super().__init__(message, path=path, line=line, col=col)
        self.voice = voice


class SettingsError(OnetakeError, ValueError):
    """A render setting is invalid (`RenderSettings` checks itself before any work).

    `reason` writes `{option}` where the option is named, so each front end can name it its own
    way: the library by its field (`workers`), the CLI by its flag (`--workers`).
    """

    def __init__(self, option: str, reason: str):
        super().__init__(reason.format(option=option))
        self.option = option
        self.reason = reason

    def naming(self, label: str) -> str:
        """The message with the option called `label`."""
        return self.reason.format(option=label)


class TimelineError(OnetakeError, ValueError):
    """A timeline JSON cannot be read; the message names the path inside it (`scenes[0].start_samples`)."""


class RenderError(OnetakeError):
    """Rendering failed; says which chunk and frame where that is known."""

    def __init__(self, message: str, chunk: int | None = None, frame: int | None = None):
        parts = [f"{name} {value}" for name, value in (("chunk", chunk), ("frame", frame)) if value is not None]
        super().__init__(message + (f" ({', '.join(parts)})" if parts else ""))
        self.chunk = chunk
        self.frame = frame


class EncodeError(OnetakeError):
    """The encoder or the muxer failed while writing a file."""


class BusyError(OnetakeError):
    """Another render is writing the same output files right now."""


class VerifyError(OnetakeError):
    """The file or its timeline cannot be read, so nothing could be measured."""
