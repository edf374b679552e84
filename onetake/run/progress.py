"""Progress on long work: stage, percent and ETA on one terminal line."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

STAGES = ("voice", "music", "video", "audio")  # in the order a render runs them
Progress = Callable[[str, float], None]  # progress(stage, fraction done 0..1), called often: keep it cheap


class ProgressBar:
    """Draws `stage [#####.....] 42% ETA 0:07` on stderr, redrawn in place (plain lines when not a TTY)."""

    def __init__(self, stream=None, enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = getattr(self.stream, "isatty", lambda: False)()
        self._stage = ""
        self._stage_started = time.monotonic()
        self._last_draw = 0.0
        self._last_percent = -1

    def __call__(self, stage: str, fraction: float) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if stage != self._stage:
            if self._stage and self.tty:
                self.stream.write("\n")
            self._stage, self._stage_started, self._last_percent = stage, now, -1
        percent = int(max(0.0, min(1.0, fraction)) * 100)
        if self.tty and now - self._last_draw < 0.1 and percent < 100:
            return
        if not self.tty and (percent == self._last_percent or (percent % 25 and percent != 100)):
            return
        elapsed = now - self._stage_started
        eta = elapsed * (1 - fraction) / fraction if fraction > 0.02 else None
        bar = "#" * (percent // 5) + "." * (20 - percent // 5)
        eta_text = f"ETA {int(eta) // 60}:{int(eta) % 60:02d}" if eta is not None and percent < 100 else f"{elapsed:.1f}s"
        line = f"{stage:<7} [{bar}] {percent:3d}% {eta_text}"
        self.stream.write(("\r" + line) if self.tty else line + "\n")
        self.stream.flush()
        self._last_draw, self._last_percent = now, percent

    def done(self) -> None:
        if self.enabled and self.tty and self._stage:
            self.stream.write("\n")
            self.stream.flush()
