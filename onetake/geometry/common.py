"""What every layout's geometry shares: the unit, the safe area, the heading and the content area.

One unit `u` is a pixel at 1080p (`u = min(height / 1080, width / 1920)`); spacing follows the 8-px
grid of docs/visual.md scaled by `u`, and text stays inside the 5 % safe margins. The bottom band
(below `CONTENT_BOTTOM`) is kept free for burned-in captions, so a caption never covers a callout.
Boxes are `(x, y, w, h)` in pixels.
"""

from __future__ import annotations

Box = tuple[float, float, float, float]  # (x, y, w, h)


def mirrored(boxes: dict[str, Box], width: int) -> dict[str, Box]:
    """The same boxes reflected left to right (for a right-to-left scene)."""
    return {key: (width - x - w, y, w, h) for key, (x, y, w, h) in boxes.items()}

MARGIN = 0.05  # safe area: text inside the central 90 % of width and height
CONTENT_BOTTOM = 0.83  # below this is the caption band (bottom 10-15 % of the frame)


def unit(width: int, height: int) -> float:
    """Pixels per design pixel at 1080p; scales with height for 16:9, limited by width otherwise."""
    return min(height / 1080, width / 1920)


def safe_box(width: int, height: int) -> Box:
    """The title-safe area: the frame less 5 % margins on each side, in pixels."""
    return (MARGIN * width, MARGIN * height, (1 - 2 * MARGIN) * width, (1 - 2 * MARGIN) * height)


def heading_box(width: int, height: int) -> Box:
    """The scene heading (top left, under a small accent bar), in pixels."""
    u = unit(width, height)
    x, y, w, _ = safe_box(width, height)
    return (x, y + 22 * u, w, 64 * u)


def content_box(width: int, height: int) -> Box:
    """The area under the heading and above the caption band, in pixels."""
    u = unit(width, height)
    x, _, w, _ = safe_box(width, height)
    _, heading_y, _, heading_h = heading_box(width, height)
    top = heading_y + heading_h + 32 * u
    return (x, top, w, CONTENT_BOTTOM * height - top)
