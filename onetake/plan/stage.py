"""Where the presenter stands: a column of the frame beside the layout's stage.

left / right: a column of 22-38 % of the width (by `size`), the presenter's bust in it from under
the top margin down to the frame's bottom (or to the caption band when captions are burned in);
corner: a narrow column with a small bust at its foot; full: nearly half the frame, a close-up.
The layout is drawn in the rest (`Scene.stage`), so nothing of it is ever under the presenter, and
a right-to-left language puts the presenter on the other side, as its layouts are mirrored.
"""

from __future__ import annotations

from ..geometry.common import CONTENT_BOTTOM, Box

MIRROR = {"left": "right", "right": "left"}


def column_share(position: str, size: float) -> float:
    """The presenter's column as a share of the frame's width."""
    if position == "corner":
        return 0.15 + 0.08 * size
    if position == "full":
        return 0.42 + 0.08 * size
    return 0.22 + 0.16 * size


def side_of(position: str, home: str, rtl: bool) -> str:
    """Which side of the frame the column is on: corner sits at the bottom right and full on the
    front matter's side (`home`); a right-to-left language swaps sides."""
    side = "right" if position == "corner" else home if position == "full" else position
    side = side if side in MIRROR else "right"
    return MIRROR[side] if rtl else side


def placement(position: str, home: str, size: float, rtl: bool, burn_captions: bool,
              width: int, height: int) -> tuple[tuple[float, float], Box]:
    """(the layout's stage as columns (x0, x1) of the frame, the presenter's box in pixels)."""
    share = column_share(position, size)
    side = side_of(position, home, rtl)
    stage = (0.0, 1.0 - share) if side == "right" else (share, 1.0)
    left = (1.0 - share) * width if side == "right" else 0.0
    column = share * width
    bottom = CONTENT_BOTTOM * height if burn_captions else float(height)
    top = (0.58 if position == "corner" else 0.12 if position == "full" else 0.16) * height
    inset = 0.04 * column  # breathing room from the stage and from the frame's edge
    return stage, (left + inset, top, column - 2 * inset, bottom - top)
