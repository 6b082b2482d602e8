"""Where things go on a page: boxes in millimetres, and fitting a drawing into one."""

from __future__ import annotations

from dataclasses import dataclass

PT = 25.4 / 72  # one point in millimetres


@dataclass(frozen=True)
class Box:
    """A rectangle on a page: ``page`` counts from 1; x, y (top-left), w, h in millimetres."""

    page: int
    x: float
    y: float
    w: float
    h: float


def fitted(box: Box, width: float, height: float, *, max_scale: float | None = 1.0, valign: str = "top") -> Box:
    """Where a ``width`` x ``height`` mm drawing lands in ``box``: scaled to fit, centred across."""
    if valign not in ("top", "middle"):
        raise ValueError(f"valign must be 'top' or 'middle', not {valign!r}")
    scale = min(box.w / width, box.h / height)
    if max_scale:
        scale = min(scale, max_scale)
    w, h = width * scale, height * scale
    y = box.y if valign == "top" else box.y + (box.h - h) / 2
    return Box(box.page, box.x + (box.w - w) / 2, y, w, h)
