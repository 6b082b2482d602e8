"""Lay out and draw DOT text with the Graphviz engine bundled in pygraphviz.

A library keeps to itself: drawing never redirects the process's stderr
(file descriptor 2) and never changes its environment, so another thread's
output (a notebook's, a server's) is never lost.  Instead, once per process:

- Graphviz's messages come back through its own hook (cgraph's ``agseterrf``):
  while chainmap draws they are collected, and an error becomes chainmap's
  ``error[graphviz]``; outside chainmap's drawings they go to ``sys.stderr``
  as Graphviz would print them.
- Graphviz's fontconfig is handed chainmap's bundled fonts through its API
  (``FcConfigSetCurrent``); ``FONTCONFIG_FILE`` is neither read nor set.

Both are reached through the C libraries pygraphviz loads, with ctypes.  Where
they cannot be (a Graphviz build that does not export them), Graphviz prints
its own messages and, if ``FONTCONFIG_FILE`` is unset, it is set once to the
bundled fonts' configuration.
"""

from __future__ import annotations

import math
import os
import struct
import sys
import threading

from ..errors import Problem, RenderError
from .dot import LARGE_MAP, LARGE_MAP_ATTRS, layout_attributes  # noqa: F401  (LARGE_MAP*: benchmarks/bench.py)

# Graphviz's cairo bitmaps are at most this many pixels a side; Graphviz
# shrinks a larger PNG (and says so only on stderr).
PNG_SIDE_LIMIT = 32_767
# A PNG canvas takes 4 bytes a pixel: 100 million pixels is 400 MB.  A large
# map laid out by sfdp would otherwise fill 32,767 x 30,000 px: 4 GB.
PNG_PIXEL_BUDGET = 100_000_000
_DEFAULT_DPI = 96.0  # Graphviz's, for bitmaps
_DEFAULT_PAD = 4.0  # points, Graphviz's


def draw(dot_text: str, fmt: str, *, engine: str = "dot", dpi: float | None = None,
         team_count: int = 0, warnings: list | None = None) -> bytes:
    """Render DOT text to ``svg``, ``png`` or ``pdf`` bytes.

    ``team_count`` adds the layout attributes of a map that size
    (:func:`chainmap.render.dot.layout_attributes`) for DOT text that lacks
    them.  A PNG larger than Graphviz can draw, or than
    ``PNG_PIXEL_BUDGET``, is drawn smaller, and a warning
    (:class:`~chainmap.errors.Problem`) says so in ``warnings``.
    """
    import pygraphviz
    from pygraphviz import graphviz as gv

    with _DRAWING:
        _set_up_graphviz()
        messages: list[str] = []
        _CAPTURE.messages = messages
        try:
            try:
                graph = pygraphviz.AGraph(string=dot_text)
            except Exception as exc:  # chainmap's DOT is generated: this is a bug, or someone else's DOT
                raise RenderError([Problem("", 0, 0, "error", "graphviz",
                                           f"Graphviz could not read the map: {_first_error(messages) or exc}")]
                                  ) from None
            if dpi:
                graph.graph_attr["dpi"] = str(dpi)
            if team_count:
                graph.graph_attr.update(layout_attributes(team_count, engine))
            data = _lay_out_and_render(gv, graph, engine, fmt, messages, warnings)
        finally:
            _CAPTURE.messages = None
    if not data:
        raise RenderError([Problem("", 0, 0, "error", "graphviz",
                                   _first_error(messages) or "Graphviz produced no output")])
    return data


def _lay_out_and_render(gv, graph, engine: str, fmt: str, messages: list, warnings: list | None) -> bytes:
    """What ``pygraphviz.AGraph.draw`` does, with a look at the layout's size before a PNG is drawn."""
    context = gv.gvContextWithBuiltins()
    try:
        if gv.gvLayout(context, graph.handle, engine.encode("ascii")) != 0:
            raise RenderError([Problem("", 0, 0, "error", "graphviz",
                                       _first_error(messages) or f"Graphviz could not lay out the map with {engine}")])
        warning = None
        try:
            if fmt == "png":
                warning = _fit_png(gv, context, graph)
            error, data = gv.gvRenderData(context, graph.handle, fmt.encode("ascii"))
        finally:
            gv.gvFreeLayout(context, graph.handle)
    finally:
        gv.gvFreeContext(context)
    if error:
        raise RenderError([Problem("", 0, 0, "error", "graphviz",
                                   _first_error(messages) or f"Graphviz failed to draw the map as {fmt.upper()}")])
    if warning is not None and data:
        warning = warning(_png_size(data))
        if warnings is not None:
            warnings.append(warning)
    return data


def _fit_png(gv, context, graph):
    """Shrink the PNG of the laid-out ``graph`` to what Graphviz can draw, within ``PNG_PIXEL_BUDGET``.

    Graphviz itself would shrink a PNG wider or taller than ``PNG_SIDE_LIMIT``
    and only say so on stderr; and a large square layout would still fill a
    canvas of gigabytes.  Here the layout's size is read first (the "dot"
    renderer writes its bounding box into the graph's attributes, without
    output), and a zoom is set with Graphviz's ``viewport`` attribute, read
    when drawing.  Returns a function that makes the warning from the drawn
    size, or None when the PNG fits.
    """
    gv.gvRender(context, graph.handle, b"dot", None)
    box = [_number(value) for value in (graph.graph_attr.get("bb") or "").split(",")]
    if len(box) != 4 or None in box:  # pragma: no cover - Graphviz always writes it
        return None
    left, bottom, right, top = box
    pad_x, pad_y = _pad(graph.graph_attr.get("pad"))
    dpi = _number(graph.graph_attr.get("dpi")) or _DEFAULT_DPI
    width_pt, height_pt = right - left + 2 * pad_x, top - bottom + 2 * pad_y
    width, height = width_pt * dpi / 72, height_pt * dpi / 72
    if width <= 0 or height <= 0:  # pragma: no cover
        return None
    # A pixel to spare for Graphviz's rounding: at the limit itself it would shrink again.
    side = min((PNG_SIDE_LIMIT - 2) / width, (PNG_SIDE_LIMIT - 2) / height)
    area = math.sqrt(PNG_PIXEL_BUDGET / (width * height))
    zoom = min(side, area)
    if zoom >= 1:
        return None
    while (math.ceil(width * zoom) + 1) * (math.ceil(height * zoom) + 1) > PNG_PIXEL_BUDGET:
        zoom *= 0.999  # Graphviz rounds each side up to a whole pixel
    graph.graph_attr["viewport"] = (f"{width_pt * zoom:.3f},{height_pt * zoom:.3f},{zoom:.6f},"
                                    f"{(left + right) / 2:.3f},{(bottom + top) / 2:.3f}")
    fontsize = _number(graph.node_attr.get("fontsize")) or 14.0
    if side <= area:
        limit = f"more than Graphviz draws as PNG ({PNG_SIDE_LIMIT:,} px a side)"
    else:
        limit = (f"more than chainmap draws as one PNG ({PNG_PIXEL_BUDGET // 1_000_000:,} million pixels, "
                 f"{PNG_PIXEL_BUDGET * 4 // 1_000_000:,} MB of memory)")
    hint = "draw part of the map with --focus TEAM, or use SVG or PDF"
    if dpi > _DEFAULT_DPI:
        hint += ", or a lower --dpi"

    def warning(drawn: tuple[int, int]) -> Problem:
        text = max(1, round(fontsize * dpi / 72 * zoom))
        return Problem("", 0, 0, "warning", "png-size",
                       f"the map is {round(width):,}\u00d7{round(height):,} px at {dpi:g} dpi, {limit}; "
                       f"it was drawn at {drawn[0]:,}\u00d7{drawn[1]:,} px ({dpi * zoom:.0f} dpi), "
                       f"text about {text} px high", hint)

    return warning


def _pad(value: str | None) -> tuple[float, float]:
    """Graphviz's ``pad`` attribute ("x" or "x,y", inches) in points."""
    parts = [_number(part) for part in (value or "").split(",")]
    if not parts or parts[0] is None:
        return _DEFAULT_PAD, _DEFAULT_PAD
    x = parts[0] * 72
    y = parts[1] * 72 if len(parts) > 1 and parts[1] is not None else x
    return x, y


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    return struct.unpack(">II", data[16:24])


def _first_error(messages: list[str]) -> str | None:
    """Graphviz's first error line.  It also prints "Error:" for problems it recovers from
    (sfdp's overlap removal, say): only a failed layout or drawing makes it the reason."""
    lines = [line.strip() for line in "".join(messages).splitlines()]
    return next((line for line in lines if line.lower().startswith("error")), None)


# -- once per process: Graphviz's messages and fonts -----------------------------------------

# One drawing at a time: Graphviz's context is not thread-safe, and its
# messages go to the drawing that holds this lock.
_DRAWING = threading.Lock()
_CAPTURE = threading.local()  # .messages: the list the current drawing collects into, on its thread
_SET_UP = False
_HOOK = None  # the ctypes callback Graphviz holds: kept alive for the process's life


def _set_up_graphviz() -> None:
    global _SET_UP
    if _SET_UP:
        return
    library = _graphviz_library()
    _hook_messages(library)
    _use_bundled_fonts(library)
    _SET_UP = True


def _graphviz_library():
    """The C libraries pygraphviz runs (its extension and what it links: cgraph, fontconfig...), or None."""
    import ctypes

    from pygraphviz import _graphviz

    try:
        return ctypes.CDLL(_graphviz.__file__)
    except OSError:  # pragma: no cover - the extension is loaded already
        return None


def _hook_messages(library) -> None:
    """Route Graphviz's messages through ``_message``, not straight to file descriptor 2."""
    import ctypes

    global _HOOK
    setter = getattr(library, "agseterrf", None) if library is not None else None
    if setter is None:  # pragma: no cover - a Graphviz build without the hook: it prints
        return
    callback_type = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_char_p)
    _HOOK = callback_type(_message)
    setter.argtypes = [callback_type]
    setter.restype = ctypes.c_void_p
    setter(_HOOK)


def _message(text: bytes) -> int:
    """Graphviz's message hook: a piece of a message ("Error", ": ", the text)."""
    try:
        piece = text.decode("utf-8", "replace") if text else ""
        messages = getattr(_CAPTURE, "messages", None)
        if messages is not None:
            messages.append(piece)
        else:  # someone else's Graphviz work in this process: what Graphviz would print
            sys.stderr.write(piece)
    except Exception:  # pragma: no cover - never raise into C
        pass
    return 0


def _use_bundled_fonts(library) -> None:
    """Let Graphviz (pango/cairo, through fontconfig) see only chainmap's bundled fonts.

    Without this, PNG and PDF text comes from whatever fonts the machine has:
    a different look on every machine, emoji drawn as boxes when no emoji font
    is installed, and no text at all on a machine without fonts.  The
    configuration is made current in the fontconfig that Graphviz uses (the
    one bundled with pygraphviz), once; the process's environment, and so its
    child processes (a browser, say), keep the system's fonts.
    """
    import ctypes

    from ..fonts import fontconfig_file

    path = fontconfig_file()
    functions = [getattr(library, name, None) if library is not None else None
                 for name in ("FcConfigCreate", "FcConfigParseAndLoad", "FcConfigBuildFonts",
                              "FcConfigSetRescanInterval", "FcConfigSetCurrent", "FcConfigDestroy")]
    if None in functions:  # pragma: no cover - a Graphviz build that hides fontconfig
        os.environ.setdefault("FONTCONFIG_FILE", path)
        return
    create, parse, build, rescan, set_current, destroy = functions
    create.restype = ctypes.c_void_p
    create.argtypes = []
    parse.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    for function in (build, set_current):
        function.argtypes = [ctypes.c_void_p]
    rescan.argtypes = [ctypes.c_void_p, ctypes.c_int]
    destroy.argtypes = [ctypes.c_void_p]
    destroy.restype = None
    config = create()
    # No rescans: the folder is chainmap's own, and a rescan that finds it
    # changed would load the system's configuration instead.
    if config and parse(config, os.fsencode(path), 1) and build(config) and rescan(config, 0) \
            and set_current(config):
        return  # fontconfig now owns the configuration, for the process's life
    if config:  # pragma: no cover - the fonts could not be read: Graphviz keeps the system's
        destroy(config)


def render_dot(job) -> bytes:
    return job.dot.encode("utf-8")


def _drawn(fmt: str):
    def render_format(job) -> bytes:
        # job.dot carries the layout attributes already: this draws exactly what -f dot exports.
        return draw(job.dot, fmt, engine=job.engine, dpi=job.options.dpi if fmt == "png" else None,
                    warnings=job.warnings)

    render_format.__name__ = f"render_{fmt}"
    return render_format


render_svg = _drawn("svg")
render_png = _drawn("png")
render_pdf = _drawn("pdf")
