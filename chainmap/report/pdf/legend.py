"""The diagram legend, drawn with the PDF's own lines and type: small, crisp, one block.

Graphviz's legend is part of a drawing and is scaled with it; on paper the
legend should keep one readable size wherever it stands, so the PDF report
draws it itself, in the same line patterns, weights, arrowheads, colours
and marks as the diagrams (``chainmap.render.theme``).
"""

from __future__ import annotations

from ...pdf import PT
from ...theme import LINE_PATTERNS, PAPER, REPORT, rgb

SAMPLE = 8.5  # mm of line or shape sample
GAP = 1.3  # mm between a sample and its words
SPACE = 3.5  # mm between entries
SIZE = PAPER.legend  # points
ROW = 5.0  # mm per row


def _entries(focus: bool):
    """Two groups, one a row: the link states, and the kinds of team."""
    links = [("link", state) for state in REPORT.links]
    nodes = [("node", kind) for kind in ("team", "external", "undescribed")] + ([("node", "focus")] if focus else [])
    return links, nodes


def _label(t, kind: str, key: str) -> str:
    return t(f"state.{key}") if kind == "link" else t(f"node.{key}")


def _layout(pdf, focus: bool):
    """(title width, column widths, rows of entries) that fit the text width."""
    t = pdf.t
    links, nodes = _entries(focus)

    def width(entry) -> float:
        pdf.body(SIZE, bold=entry[0] == "link")
        return SAMPLE + GAP + pdf.get_string_width(_label(t, *entry)) + SPACE

    pdf.body(SIZE, bold=True)
    title = pdf.get_string_width(t("legend.title")) + SPACE + 1
    for per_row in (4, 3, 2):
        rows = [group[i:i + per_row] for group in (links, nodes) for i in range(0, len(group), per_row)]
        columns = [max(width(row[i]) for row in rows if i < len(row)) for i in range(per_row)]
        if title + sum(columns) <= pdf.epw:
            return title, columns, rows
    return title, columns, rows


def legend_height(pdf, focus: bool) -> float:
    """The height in mm the legend takes."""
    return 1.5 + len(_layout(pdf, focus)[2]) * ROW


def draw_legend(pdf, focus: bool = False) -> None:
    """The legend as one block across the text width, from the current position down.

    Each link state shows its line (pattern, weight, colour, arrowhead) and
    its name; each kind of team its shape.  Columns line up across rows.
    """
    t = pdf.t
    title, columns, rows = _layout(pdf, focus)
    x0, y0 = pdf.l_margin, pdf.get_y() + 1.5
    pdf.body(SIZE, bold=True, color=PAPER.muted)
    pdf.set_xy(x0, y0)
    pdf.cell(title, ROW, t("legend.title"))
    for number, row in enumerate(rows):
        y = y0 + number * ROW
        x = x0 + title
        for (kind, key), column in zip(row, columns):
            if kind == "link":
                _link_sample(pdf, key, x, y + ROW / 2)
                pdf.body(SIZE, bold=True, color=PAPER.state(key))
            else:
                _node_sample(pdf, key, x, y + 0.9, ROW - 1.8)
                pdf.body(SIZE)
            pdf.set_xy(x + SAMPLE + GAP, y)
            pdf.cell(column - SAMPLE - GAP, ROW, _label(t, kind, key))
            x += column
    pdf.set_xy(x0, y0 + len(rows) * ROW)
    pdf.set_dash_pattern()
    pdf.body()


def _link_sample(pdf, state: str, x: float, y: float) -> None:
    look = REPORT.links[state]
    colour = PAPER.state(state)
    pdf.set_draw_color(*colour)
    pdf.set_fill_color(*colour)
    pdf.set_line_width(max(0.25, look.penwidth * PT * 0.8))
    end = x + SAMPLE - 2.2
    with pdf.butt_caps():
        if look.style in LINE_PATTERNS:
            dash, gap = LINE_PATTERNS[look.style]
            pdf.set_dash_pattern(dash=dash * PT, gap=gap * PT)
        pdf.line(x, y, end, y)
    head = [(end, y - 1.1), (x + SAMPLE, y), (end, y + 1.1)]
    pdf.set_line_width(0.25)
    pdf.polygon(head, style="D" if look.arrowhead == "empty" else "DF")


def _node_sample(pdf, kind: str, x: float, y: float, height: float) -> None:
    fills = {"team": REPORT.team_fill, "external": REPORT.external_fill, "undescribed": REPORT.undescribed_fill,
             "focus": REPORT.focus_fill}
    pdf.set_fill_color(*rgb(fills[kind]))
    pdf.set_draw_color(*rgb(REPORT.team_line))
    pdf.set_line_width(0.3 if kind != "focus" else 0.7)
    if kind == "external":
        pdf.ellipse(x, y, SAMPLE, height, style="DF")
        pdf.set_line_width(0.2)
        pdf.ellipse(x + 0.7, y + 0.6, SAMPLE - 1.4, height - 1.2, style="D")
        return
    if kind == "undescribed":
        pdf.set_dash_pattern(dash=0.8, gap=0.6)
    pdf.rect(x, y, SAMPLE, height, style="DF", round_corners=kind != "undescribed", corner_radius=1.0)
    pdf.set_dash_pattern()


def draw_key(pdf, size: float = 9.0) -> None:
    """The legend spelled out, one line per entry: for the title page, before any diagram."""
    t = pdf.t
    line = pdf.line_height(size) + 1.2
    links, nodes = _entries(focus=True)
    for kind, key in links + nodes:
        y = pdf.get_y()
        x = pdf.l_margin
        if kind == "link":
            _link_sample(pdf, key, x, y + line / 2)
            pdf.body(size, bold=True, color=PAPER.state(key))
            words = t(f"state.{key}.legend")
        else:
            _node_sample(pdf, key, x, y + 0.8, line - 1.6)
            pdf.body(size)
            words = f"{t(f'node.{key}')}: {t(f'node.{key}.legend')}"
        pdf.set_xy(x + SAMPLE + 3, y)
        pdf.cell(pdf.epw - SAMPLE - 3, line, words, new_x="LMARGIN", new_y="NEXT")
    pdf.set_dash_pattern()
    pdf.body()
