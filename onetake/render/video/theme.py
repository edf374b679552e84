"""The look: palettes for the two themes, easing curves and motion durations (docs/visual.md values)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ...timeline import ms_to_samples


@dataclass(frozen=True, slots=True)
class Theme:
    """Colours as 0xAARRGGBB. `accent` marks what the narration talks about; everything else is calm."""

    name: str
    bg_top: int
    bg_bottom: int
    glow: int  # a faint accent glow in the background (alpha carries its strength)
    surface: int  # cards, windows
    surface_alt: int  # sidebars, plot areas, inputs
    border: int
    text: int
    muted: int
    faint: int  # skeleton lines, gridlines
    accent: int
    on_accent: int  # text on an accent fill
    accent_soft: int  # selected rows, highlights (accent at low alpha)
    shadow: int
    series: tuple[int, ...]  # chart series colours, accent first
    plate: int = 0xB8080C18  # caption plate: ~72 % opaque, dark in both themes
    caption_text: int = 0xFFF8FAFC
    caption_accent: int = 0xFFFFD166  # the spoken word: warm yellow reads on the dark plate


MIDNIGHT = Theme(
    name="midnight",
    bg_top=0xFF111A2E,
    bg_bottom=0xFF0A0F1C,
    glow=0x2E5B7CFA,
    surface=0xFF18233A,
    surface_alt=0xFF131C30,
    border=0xFF2A3754,
    text=0xFFF1F5F9,
    muted=0xFFA3B1C6,
    faint=0xFF2C3A57,
    accent=0xFF7C9CFF,
    on_accent=0xFF0A0F1C,
    accent_soft=0x337C9CFF,
    shadow=0x8C000000,
    series=(0xFF7C9CFF, 0xFF34D3B0, 0xFFF7B955, 0xFFF47BA8),
)

DAYLIGHT = Theme(
    name="daylight",
    bg_top=0xFFF7F9FC,
    bg_bottom=0xFFE9EEF6,
    glow=0x243B5BDB,
    surface=0xFFFFFFFF,
    surface_alt=0xFFF3F6FA,
    border=0xFFDDE3EC,
    text=0xFF0F172A,
    muted=0xFF4A5568,
    faint=0xFFE2E8F0,
    accent=0xFF3B5BDB,
    on_accent=0xFFFFFFFF,
    accent_soft=0x243B5BDB,
    shadow=0x2E1E2A44,
    series=(0xFF3B5BDB, 0xFF0E8F7A, 0xFFC77700, 0xFFC2336B),
)

THEMES = {t.name: t for t in (MIDNIGHT, DAYLIGHT)}


def theme(name: str) -> Theme:
    """The theme called `name`; an unknown name falls back to midnight (the storyboard validates it)."""
    return THEMES.get(name, MIDNIGHT)


def with_alpha(color: int, alpha: float) -> int:
    """`color` with its alpha multiplied by `alpha` (0..1)."""
    a = round(((color >> 24) & 0xFF) * min(1.0, max(0.0, alpha)))
    return (a << 24) | (color & 0xFFFFFF)


def mix(a: int, b: int, k: float) -> int:
    """Blend two opaque-ish colours channel by channel: k=0 gives a, k=1 gives b."""
    out = 0
    for shift in (24, 16, 8, 0):
        ca, cb = (a >> shift) & 0xFF, (b >> shift) & 0xFF
        out |= round(ca + (cb - ca) * k) << shift
    return out


def luminance(color: int) -> float:
    """WCAG relative luminance of an opaque colour."""
    def lin(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin((color >> 16) & 0xFF) + 0.7152 * lin((color >> 8) & 0xFF) + 0.0722 * lin(color & 0xFF)


def contrast(fg: int, bg: int) -> float:
    """WCAG contrast ratio between two opaque colours (1..21)."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


# ------------------------------------------------------------------------------------------- easing


@lru_cache(maxsize=8)
def _bezier_table(x1: float, y1: float, x2: float, y2: float, n: int = 1024) -> tuple[np.ndarray, np.ndarray]:
    # Sample the curve densely in its parameter; easing then interpolates y at a given x.
    s = np.linspace(0.0, 1.0, 8 * n)
    x = 3 * (1 - s) ** 2 * s * x1 + 3 * (1 - s) * s**2 * x2 + s**3
    y = 3 * (1 - s) ** 2 * s * y1 + 3 * (1 - s) * s**2 * y2 + s**3
    return x, y


def cubic_bezier(x1: float, y1: float, x2: float, y2: float):
    """A CSS-style cubic-bezier easing function of p in [0, 1]."""
    xs, ys = _bezier_table(x1, y1, x2, y2)

    def ease(p: float) -> float:
        if p <= 0.0:
            return 0.0
        if p >= 1.0:
            return 1.0
        return float(np.interp(p, xs, ys))

    return ease


decelerate = cubic_bezier(0.05, 0.7, 0.1, 1.0)  # entrances
accelerate = cubic_bezier(0.3, 0.0, 0.8, 0.15)  # exits
emphasized = cubic_bezier(0.2, 0.0, 0.0, 1.0)  # moves, transitions, the cursor


ms = ms_to_samples  # motion durations are written in milliseconds


# Motion durations (docs/visual.md): small elements 200-300 ms, panels 400-600 ms, exits faster.
SMALL_IN = ms(280)
LARGE_IN = ms(500)
EXIT = ms(200)
GROW = ms(500)  # chart series
RING = ms(450)  # click ring
PRESS = ms(110)  # cursor press
ARRIVE_BEFORE_CLICK = ms(120)
TOAST_HOLD = ms(3500)
