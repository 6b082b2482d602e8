"""How a map and an analysis show themselves in a notebook (Jupyter's ``_repr_svg_`` and ``_repr_html_``).

The drawing is the one ``chainmap render`` makes: the team map, or the department overview
for a map too large to read team by team.  Graphviz is imported only when a notebook asks.
"""

from __future__ import annotations

import html
from datetime import date

from .i18n import number_text, text


def drawing(graph, findings=None, as_of: date | None = None) -> str:
    """The map as SVG text, judged on ``as_of`` (default: today), as ``chainmap render`` draws it."""
    from .render import RenderOptions, render, too_large_to_read

    options = RenderOptions(as_of=as_of, overview=too_large_to_read(graph))
    return render(graph, "svg", options, findings=findings).decode("utf-8")


def summary_html(graph, summary, svg: str, as_of: date | None = None) -> str:
    """A title, the summary line of the interactive page, and the drawing, for a notebook's output cell."""
    as_of = as_of or date.today()
    title = graph.graph.get("organization")
    line = text("page.summary", teams=summary.teams, links=summary.links, without=summary.links_without_feedback,
                coverage=number_text(summary.feedback_coverage))
    heading = f"<strong>{html.escape(title)}</strong> · " if title else ""
    # The XML declaration and doctype belong to an SVG file, not to a page it is part of; the
    # drawing is scaled down to the cell's width (its viewBox keeps the proportions).
    inline = svg[svg.index("<svg"):].replace("<svg ", '<svg style="max-width:100%;height:auto" ', 1)
    when = text("page.as-of", date=as_of.isoformat())
    return (f'<div class="chainmap">\n<p>{heading}{html.escape(line)} · {html.escape(when)}</p>\n'
            f'{inline}</div>\n')
