"""Lay out and draw DOT text with the Graphviz engine bundled in pygraphviz."""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from contextlib import contextmanager

from ..errors import Problem, RenderError

# Above this many teams, dot's crossing minimisation takes minutes; these
# settings keep dot's left-to-right chain layout but bound the work.
LARGE_MAP = 400
LARGE_MAP_ATTRS = {"nslimit": "0.5", "nslimit1": "0.5", "mclimit": "0.05", "searchsize": "20", "remincross": "false",
                   "splines": "line"}


def draw(dot_text: str, fmt: str, *, engine: str = "dot", dpi: float | None = None,
         team_count: int = 0) -> bytes:
    """Render DOT text to ``svg``, ``png`` or ``pdf`` bytes."""
    import pygraphviz

    try:
        graph = pygraphviz.AGraph(string=dot_text)
    except Exception as exc:  # pragma: no cover - our DOT is generated, so this is a bug
        raise RenderError([Problem("", 0, 0, "error", "graphviz",
                                   f"Graphviz could not read the map: {exc}")]) from None
    if dpi:
        graph.graph_attr["dpi"] = str(dpi)
    if team_count > LARGE_MAP and engine == "dot":
        graph.graph_attr.update(LARGE_MAP_ATTRS)
    if engine != "dot":
        # The bundled Graphviz has no triangulation library, which the default
        # overlap removal ("prism") and spline routing need there; scaling
        # removes overlaps without it, and edges are drawn straight.
        graph.graph_attr.update(overlap="scale", splines="false")
    with _bundled_fonts(), _graphviz_stderr() as messages:
        try:
            data = graph.draw(format=fmt, prog=engine)
        except Exception as exc:
            raise RenderError([Problem("", 0, 0, "error", "graphviz",
                                       f"Graphviz failed to draw the map: {exc}".strip())]) from None
    # Graphviz also prints "Error:" for problems it recovers from (sfdp's
    # overlap removal, say): only a missing drawing is a failure.
    errors = [line for line in messages if line.lower().startswith("error")]
    if not data:
        raise RenderError([Problem("", 0, 0, "error", "graphviz",
                                   errors[0] if errors else "Graphviz produced no output")])
    return data


# One drawing at a time: FONTCONFIG_FILE is process-wide, and Graphviz's
# context is not thread-safe either.
_DRAWING = threading.Lock()


@contextmanager
def _bundled_fonts():
    """Let Graphviz (pango/cairo, through fontconfig) see only chainmap's bundled fonts.

    Without this, PNG and PDF text comes from whatever fonts the machine has:
    a different look on every machine, emoji drawn as boxes when no emoji font
    is installed, and no text at all on a machine without fonts.  Fontconfig
    reads FONTCONFIG_FILE when it starts, on the first drawing; the variable
    is put back afterwards so child processes (a browser, say) keep the
    system's fonts.
    """
    from ..fonts import fontconfig_file

    with _DRAWING:
        saved = os.environ.get("FONTCONFIG_FILE")
        os.environ["FONTCONFIG_FILE"] = fontconfig_file()
        try:
            yield
        finally:
            if saved is None:
                os.environ.pop("FONTCONFIG_FILE", None)
            else:
                os.environ["FONTCONFIG_FILE"] = saved


@contextmanager
def _graphviz_stderr():
    """Capture what the C libraries print on stderr (file descriptor 2).

    The bundled fontconfig warns about the system's newer config files on
    every run; that noise is dropped.  Other lines are handed back.
    """
    messages: list[str] = []
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield messages
        return
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 2)
        try:
            yield messages
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            capture.seek(0)
            text = capture.read().decode("utf-8", "replace")
            messages.extend(line for line in text.splitlines()
                            if line.strip() and not line.startswith("Fontconfig"))


def render_dot(job) -> bytes:
    return job.dot.encode("utf-8")


def _drawn(fmt: str):
    def render_format(job) -> bytes:
        return draw(job.dot, fmt, engine=job.options.engine, dpi=job.options.dpi if fmt == "png" else None,
                    team_count=job.shown.number_of_nodes())

    render_format.__name__ = f"render_{fmt}"
    return render_format


render_svg = _drawn("svg")
render_png = _drawn("png")
render_pdf = _drawn("pdf")
