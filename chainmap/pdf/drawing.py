"""Graphviz drawings in a document, drawn with the document's own fonts and pens.

Graphviz lays a diagram out and describes every line, shape and word of it
(its ``json`` output: the xdot drawing operations).  The document draws those
operations itself, as vector graphics, so:

- a report of thousands of drawings embeds each font once, as one subset,
  where a Graphviz PDF per drawing brought a font copy each;
- every name stays real, selectable text, in the bundled fonts (emoji from
  Noto Emoji), exactly as in the document's own text;
- nothing is read back from a finished file: the drawing goes onto the page
  as the page is written.

Graphviz measured its text with the same bundled fonts (``chainmap.fonts``);
should a word still come out wider than the room Graphviz left (its
measurements are rounded), it is set a little narrower, never smaller.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from ..theme import LINE_PATTERNS
from .geometry import PT, Box

_DEFAULT_PAD = 4.0  # points: Graphviz's padding when the graph sets none
_KAPPA = 4 * (math.sqrt(2) - 1) / 3  # a quarter ellipse as one Bézier curve
_NAMED = {"black": (0, 0, 0), "white": (255, 255, 255)}
# Graphviz's xdot attributes, in the order it draws them.
_OBJECT = ("_draw_", "_ldraw_")
_EDGE = ("_draw_", "_tdraw_", "_hdraw_", "_ldraw_", "_tldraw_", "_hldraw_")


@dataclass(frozen=True)
class Drawing:
    """A diagram laid out by Graphviz: its drawing operations and its size.

    ``groups`` are the drawing operations, one tuple per Graphviz attribute
    (each starts from Graphviz's defaults: black pens, 1 pt lines, 14 pt
    type), and ``extents`` the area each group covers at most (left, bottom,
    right, top); ``left``, ``bottom``, ``width``, ``height`` the area the
    drawing covers, in points, Graphviz's padding included.
    """

    groups: tuple
    extents: tuple
    left: float
    bottom: float
    width_pt: float
    height_pt: float

    @property
    def width(self) -> float:
        """Width in millimetres."""
        return self.width_pt * PT

    @property
    def height(self) -> float:
        """Height in millimetres."""
        return self.height_pt * PT

    def scale_to_fit(self, width: float, height: float) -> float:
        """The scale that fits the drawing in a ``width`` x ``height`` mm box, at most 1."""
        return min(1.0, width / self.width, height / self.height)

    def crop(self, region: tuple | None) -> tuple[float, float, float, float]:
        """The part to draw, in points (left, bottom, width, height): all of it, or ``region``
        ((x, y, w, h) in millimetres from the drawing's top-left corner)."""
        if region is None:
            return self.left, self.bottom, self.width_pt, self.height_pt
        x, y, w, h = (value / PT for value in region)
        top = self.bottom + self.height_pt - y
        return self.left + x, top - h, w, h

    def shows_anything(self, region: tuple | None) -> bool:
        """Whether any line, shape or word of the drawing falls in ``region`` (as in :meth:`crop`)."""
        crop = self.crop(region)
        return any(_meets(extent, crop) for extent in self.extents)


def from_graphviz_json(data: bytes | str) -> Drawing:
    """The :class:`Drawing` Graphviz's ``json`` output describes (``render.graphviz.draw(dot, "json")``)."""
    graph = json.loads(data)
    left, bottom, right, top = (float(value) for value in graph["bb"].split(","))
    pad_x, pad_y = _pad(graph.get("pad"))
    objects = graph.get("objects", [])
    clusters, nodes = objects[:graph.get("_subgraph_cnt", 0)], objects[graph.get("_subgraph_cnt", 0):]
    # The graph's own _draw_ is its background (white, like the page): only its label is drawn.
    sources = [(graph, ("_ldraw_",))] + [(cluster, _OBJECT) for cluster in clusters]
    sources += [(edge, _EDGE) for edge in graph.get("edges", [])] + [(node, _OBJECT) for node in nodes]
    swap = _beziers_swapped(graph.get("edges", []))
    groups = tuple(group for item, keys in sources for key in keys
                   if (group := tuple(_operations(item.get(key) or (), swap))))
    return Drawing(groups, tuple(_extent(group) for group in groups),
                   left - pad_x, bottom - pad_y, right - left + 2 * pad_x, top - bottom + 2 * pad_y)


def _pad(value) -> tuple[float, float]:
    if not value:
        return _DEFAULT_PAD, _DEFAULT_PAD
    parts = [float(part) * 72 for part in str(value).split(",")]
    return parts[0], parts[-1]


def _beziers_swapped(edges) -> bool:
    """Whether this Graphviz's JSON says ``b`` for an unfilled curve and ``B`` for a filled one.

    xdot's own text says ``B`` (unfilled) and ``b`` (filled); the JSON writer
    of the Graphviz pygraphviz bundles has them the other way round.  An
    edge's line is never filled, so the first edge tells; without edges, the
    way the bundled Graphviz writes it.
    """
    for edge in edges:
        for op in edge.get("_draw_") or ():
            if op["op"] in ("b", "B"):
                return op["op"] == "b"
    return True


def _operations(ops, swap: bool):
    """Graphviz's operations as small tuples; what the report never draws (images, gradients' stops) is left out."""
    for op in ops:
        kind = op["op"]
        if swap and kind in ("b", "B"):
            kind = kind.swapcase()
        if kind in ("c", "C"):
            yield kind, _colour(op.get("color") or (op.get("stops") or [{}])[0].get("color", "black"))
        elif kind == "S":
            yield kind, op["style"]
        elif kind == "F":
            yield kind, float(op["size"]), op.get("face", "")
        elif kind == "t":
            yield kind, int(op["fontchar"])
        elif kind == "T":
            x, y = op["pt"]
            yield kind, float(x), float(y), op.get("align", "c"), float(op.get("width", 0)), op.get("text", "")
        elif kind in ("E", "e"):
            yield (kind, *map(float, op["rect"]))
        elif kind in ("P", "p", "L", "B", "b"):
            yield kind, tuple(float(value) for point in op["points"] for value in point)


def _extent(ops) -> tuple[float, float, float, float]:
    """The area ``ops`` cover at most: a curve stays inside its points, a word within its size and width."""
    xs: list[float] = []
    ys: list[float] = []
    size = 14.0
    for op in ops:
        kind = op[0]
        if kind == "F":
            size = op[1]
        elif kind == "T":
            xs += (op[1] - op[4] - size, op[1] + op[4] + size)
            ys += (op[2] - size, op[2] + size)
        elif kind in ("E", "e"):
            xs += (op[1] - op[3], op[1] + op[3])
            ys += (op[2] - op[4], op[2] + op[4])
        elif kind in ("P", "p", "L", "B", "b"):
            xs += op[1][0::2]
            ys += op[1][1::2]
    if not xs:
        return (0.0, 0.0, -1.0, -1.0)  # nothing drawn: meets no area
    return min(xs), min(ys), max(xs), max(ys)


def _meets(extent: tuple, crop: tuple) -> bool:
    left, bottom, width, height = crop
    return extent[0] <= left + width and extent[2] >= left and extent[1] <= bottom + height and extent[3] >= bottom


def _colour(value: str):
    """(r, g, b), or None for a transparent colour."""
    value = value.strip().lower()
    if value in _NAMED:
        return _NAMED[value]
    if not value.startswith("#") or len(value) not in (7, 9):
        return None if value in ("none", "transparent") else (0, 0, 0)
    if len(value) == 9 and value[7:] == "00":
        return None
    return tuple(int(value[i:i + 2], 16) for i in (1, 3, 5))


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def paint(doc, drawing: Drawing, area: Box, crop: tuple) -> None:
    """Draw ``crop`` (points, see :meth:`Drawing.crop`) of ``drawing`` into ``area`` of ``doc``'s page.

    The page draws in Graphviz's coordinates through one transformation
    (``cm``), clipped to ``crop``; lines, dashes and type scale with it.
    """
    left, bottom, width, height = crop
    scale = area.w / (width * PT)
    k = doc.k
    with doc.butt_caps():  # as Graphviz draws them
        x = area.x * k - left * scale
        y = (doc.h - area.y - area.h) * k - bottom * scale
        doc.operators(f"{scale:.5f} 0 0 {scale:.5f} {x:.3f} {y:.3f} cm {_n(left)} {_n(bottom)} {_n(width)} "
                 f"{_n(height)} re W n")
        painter = _Painter(doc)
        for group, extent in zip(drawing.groups, drawing.extents):
            if _meets(extent, crop):  # a piece of a large map draws only what falls on it
                painter.group(group)


class _Painter:
    """Runs Graphviz's operations on a document whose page is in Graphviz's coordinates."""

    def __init__(self, doc):
        self.doc = doc
        self.k = doc.k
        self.widths = doc.word_widths

    def group(self, ops) -> None:
        self.pen = self.fill = (0, 0, 0)
        self.width, self.style, self.invisible = 1.0, "solid", False
        self.size, self.bold_face, self.flags = 14.0, False, 0
        for op in ops:
            kind = op[0]
            if kind == "c":
                self.pen = op[1]
            elif kind == "C":
                self.fill = op[1]
            elif kind == "S":
                self._style(op[1])
            elif kind == "F":
                self.size, self.bold_face = op[1], "bold" in op[2].lower()
            elif kind == "t":
                self.flags = op[1]
            elif kind == "T":
                self._text(*op[1:])
            elif not self.invisible:
                self._shape(kind, op[1:])

    def _style(self, style: str) -> None:
        if style.startswith("setlinewidth("):
            self.width = float(style[len("setlinewidth("):-1])
        elif style == "bold":
            self.width = 2.0
        elif style in ("dashed", "dotted", "solid"):
            self.style = style
        elif style == "invis":
            self.invisible = True

    # -- shapes -----------------------------------------------------------------------------

    def _shape(self, kind: str, values) -> None:
        filled = kind in ("E", "P", "b") and self.fill is not None
        stroked = self.pen is not None
        if not (filled or stroked):
            return
        if kind in ("E", "e"):
            path = _ellipse(*values)
        elif kind in ("B", "b"):
            path = _bezier(values[0], closed=kind == "b")
        else:
            path = _polygon(values[0], closed=kind != "L")
        doc = self.doc
        if filled:
            doc.set_fill_color(*self.fill)
        if stroked:
            doc.set_draw_color(*self.pen)
            doc.set_line_width(self.width / self.k)
            pattern = LINE_PATTERNS.get(self.style)
            if pattern:
                doc.set_dash_pattern(dash=pattern[0] / self.k, gap=pattern[1] / self.k)
            else:
                doc.set_dash_pattern()
        doc.operators(f"{path} {'B' if filled and stroked else 'f' if filled else 'S'}")

    # -- text ---------------------------------------------------------------------------------

    def _text(self, x: float, y: float, align: str, room: float, text: str) -> None:
        if not text.strip() or self.invisible or self.pen is None:
            return
        doc = self.doc
        style = "B" if self.bold_face or self.flags & 1 else ""
        runs = doc.font_runs(doc.normalize_text(text), style)  # measured as it will be shown
        widths = [self._width(family, style, self.size, run) for family, run in runs]
        total = sum(widths)
        stretch = 100.0
        if room > 0 and total > room * 1.03:
            # Never much wider than the room Graphviz measured: narrower, never smaller, type.
            stretch, widths, total = 100 * room / total, [w * room / total for w in widths], room
        x -= {"l": 0.0, "r": total}.get(align, total / 2)
        doc.set_text_color(*self.pen)
        doc.set_stretching(stretch)
        for (family, run), width in zip(runs, widths):
            doc.set_font(family, style if family == doc.text_family else "", self.size)
            if self.flags & 2:  # italic: DejaVu Sans slanted, as Graphviz's own drawings do
                font_set = doc.current_font_is_set_on_page
                with doc.skew(ax=12, x=x / self.k, y=doc.h - y / self.k):
                    doc.text(x / self.k, doc.h - y / self.k, run)
                # A font chosen inside the skew's own graphics state ends with it.
                doc.current_font_is_set_on_page = font_set
            else:
                doc.text(x / self.k, doc.h - y / self.k, run)
            x += width
        doc.set_stretching(100.0)

    def _width(self, family: str, style: str, size: float, text: str) -> float:
        """Width in points; remembered, as a report draws the same names and marks again and again."""
        key = (family, style, size, text)
        width = self.widths.get(key)
        if width is None:
            doc = self.doc
            doc.set_font(family, style if family == doc.text_family else "", size)
            width = self.widths[key] = doc.get_string_width(text) * self.k
        return width


def _polygon(values, closed: bool) -> str:
    points = [f"{_n(values[i])} {_n(values[i + 1])}" for i in range(0, len(values), 2)]
    return f"{points[0]} m " + " ".join(f"{point} l" for point in points[1:]) + (" h" if closed else "")


def _bezier(values, closed: bool) -> str:
    numbers = [_n(value) for value in values]
    parts = [f"{numbers[0]} {numbers[1]} m"]
    for i in range(2, len(numbers) - 5, 6):
        parts.append(" ".join(numbers[i:i + 6]) + " c")
    return " ".join(parts) + (" h" if closed else "")


def _ellipse(cx: float, cy: float, rx: float, ry: float) -> str:
    ox, oy = rx * _KAPPA, ry * _KAPPA
    values = [cx + rx, cy,
              cx + rx, cy + oy, cx + ox, cy + ry, cx, cy + ry,
              cx - ox, cy + ry, cx - rx, cy + oy, cx - rx, cy,
              cx - rx, cy - oy, cx - ox, cy - ry, cx, cy - ry,
              cx + ox, cy - ry, cx + rx, cy - oy, cx + rx, cy]
    return _bezier(values, closed=True)
