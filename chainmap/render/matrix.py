"""A dense overview as a table: a row per department, a column per customer.

Forty departments that all deliver to each other make 750 arrows, which no one
can follow.  As a table the same facts read at a glance: each cell counts the
links from the row's department to the column's, with the states that need
work as symbols (``✗`` no feedback, ``!`` stale, ``~`` hearing only, as in
``chainmap chain``) and the cell's border in the pattern of its worst state,
so the table reads without colour; colour only adds a tint.  The diagonal holds
the links inside a department.

chainmap places every cell itself (Graphviz's ``nop`` layout draws nodes where
their ``pos`` says), so a table of 200 departments takes a fraction of a second.
Each cell keeps the overview's SVG contract: the classes ``link group`` and its
worst state, and the id ``group-<from>--<to>``; a row's heading is its
department (class ``department``, id ``department-<slug>``).
"""

from __future__ import annotations

from ..i18n import percent_text, translator
from ..rules import STATE_SYMBOLS
from .dot import HtmlLabel, attrs, html, number, quote, tooltip_text
from .overview import counted, element_id
from .theme import FONT, Theme

SYMBOLS = {state: STATE_SYMBOLS[state] for state in ("no-feedback", "stale", "hearing-only")}
_WORST_FIRST = ("no-feedback", "stale", "hearing-only", "healthy")
_BORDER = {"no-feedback": "dashed", "stale": "dotted", "hearing-only": "solid", "healthy": "solid"}


def matrix_dot(overview, theme: Theme, *, title: str | None, legend: bool, lang: str, changes=None,
               part: tuple[list, list] | None = None) -> str:
    """DOT text drawing the department graph ``overview`` as a table, laid out by chainmap (``layout=nop``).

    ``changes`` (a :class:`chainmap.render.change.Changes`) marks the cells whose links
    changed, for the picture of a change: a third line counts them per kind (``+2 ▼1``).
    ``part`` (rows, columns; see :func:`table_parts`) draws only those rows and columns,
    numbered as in the whole table, with their headings: a piece of a table for paper.
    """
    t = translator(lang)
    ids = {node: element_id(overview, node) for node in overview}
    every_row, columns = _rows_and_columns(overview)
    number_of = {node: index + 1 for index, node in enumerate(columns)}
    rows, columns = part or (every_row, columns)
    cell_w, cell_h, head_w = _sizes(overview, theme, t, changes is not None, rows, number_of)
    left = head_w + 8

    lines = ["digraph chainmap_overview {"]
    graph_attrs = dict(layout="nop", splines="false", pad="0.4", bgcolor=theme.background, fontname=FONT,
                       fontsize=theme.edge_fontsize, fontcolor=theme.text)
    label = _heading(title, legend, theme, t, changes)
    if label:
        graph_attrs.update(label=HtmlLabel(label), labelloc="t", labeljust="l")
    lines.append("  graph " + attrs(**graph_attrs) + ";")
    lines.append("  node " + attrs(fontname=FONT, fontsize=theme.small_fontsize, fontcolor=theme.text,
                                    shape="box", fixedsize="true", penwidth=1.2 * theme.line_scale,
                                    margin="0.02,0.02") + ";")

    def place(x: float, y: float) -> str:
        return f"{number(round(x, 1))},{number(round(-y, 1))}!"

    # Column headings: the number of each department, then of each end customer.
    for column, node in enumerate(columns):
        lines.append(f"  {quote('column-' + ids[node])} " + attrs(
            label=str(number_of[node]), pos=place(left + column * cell_w + cell_w / 2, 0), width=cell_w / 72,
            height=cell_h / 72, shape="plaintext", fontsize=theme.fontsize,
            tooltip=tooltip_text(overview.nodes[node]["name"])) + ";")
    for row, node in enumerate(rows):
        y = (row + 1) * cell_h
        lines.append(f"  {quote(node)} " + attrs(
            id=ids[node], label=HtmlLabel(_row_heading(number_of[node], overview.nodes[node], theme, t)),
            # A box filled with the background: the whole row heading is something to click or hover.
            pos=place(head_w / 2, y), width=head_w / 72, height=cell_h / 72, shape="box", style="filled",
            fillcolor=theme.background, color=theme.background,
            tooltip=tooltip_text(_row_tooltip(overview.nodes[node], t)),
            **{"class": "department" + (" no-department" if overview.nodes[node]["kind"] == "none" else "")}) + ";")
        for column, target in enumerate(columns):
            x = left + column * cell_w + cell_w / 2
            if target == node:
                data = overview.nodes[node]
                if data["links_inside"]:
                    lines.append("  " + _cell(f"inside-{ids[node]}", data["links_inside"], data["states_inside"],
                                              place(x, y), cell_w, cell_h, theme, "inside",
                                              t("overview.inside.tip", name=_name(data, t)), t,
                                              changes and changes.cell_look(data.get("changes_inside"))))
                continue
            if not overview.has_edge(node, target):
                continue
            data = overview.edges[node, target]
            lines.append("  " + _cell(f"group-{ids[node]}--{ids[target]}", data["links"], data["states"],
                                      place(x, y), cell_w, cell_h, theme, "link group",
                                      f"{_name(overview.nodes[node], t)} -> {_name(overview.nodes[target], t)}", t,
                                      changes and changes.cell_look(data.get("changes"))))
    # End customers are columns only: a key under the table says who they are (on paper, in as
    # many columns as the table is wide, so that it takes few lines of the page).
    customers = [node for node in columns if overview.nodes[node]["kind"] == "external"]
    key_h = max(0.8 * cell_h, 1.3 * theme.fontsize)
    key_w = head_w
    per_line = 1
    if theme.compact_table and customers:  # as wide as the longest "51  Tax Office (end customer)"
        subtitle = t("node.external.subtitle")
        key_w = 0.6 * theme.fontsize * max(len(f"{number_of[node]}  {overview.nodes[node]['name']} ({subtitle})")
                                           for node in customers) + 12
        per_line = max(1, int((left + len(columns) * cell_w) // key_w))
    for index, node in enumerate(customers):
        x = key_w / 2 + (index % per_line) * key_w
        y = (len(rows) + 1.6) * cell_h + (index // per_line) * key_h
        data = overview.nodes[node]
        lines.append(f"  {quote(node)} " + attrs(
            id=ids[node], label=HtmlLabel(f"<B>{number_of[node]}</B>  {html(data['name'])} "
                                          f"<I>({html(t('node.external.subtitle'))})</I>"),
            pos=place(x, y), width=key_w / 72, height=key_h / 72, shape="plaintext",
            **{"class": "department external"}) + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


def table_parts(overview, theme: Theme, lang: str, width: float, height: float) -> list[tuple[list, list]]:
    """The table of ``overview`` cut into parts of at most ``width`` x ``height`` points each.

    Runs of columns, and for each the rows with a cell in them, in bands: a row without a
    link to those columns is left out of their parts, so the parts are dense.  Each part is
    drawn with its own row and column headings (``matrix_dot(..., part=part)``), so a table
    of 200 departments prints as pages that each read on their own.
    """
    t = translator(lang)
    rows, columns = _rows_and_columns(overview)
    number_of = {node: index + 1 for index, node in enumerate(columns)}
    cell_w, cell_h, head_w = _sizes(overview, theme, t, False, rows, number_of)
    pad = 2 * 0.4 * 72  # the drawing's border (matrix_dot's pad)
    across = max(1, int((width - pad - head_w - 8) // cell_w))
    # Down: the row of column numbers, and room for the key of end customers under the table.
    down = max(1, int((height - pad) // cell_h) - 4)
    parts = []
    for first_column in range(0, len(columns), across):
        run = columns[first_column:first_column + across]
        shown = [row for row in rows if any(overview.has_edge(row, column) or
                                            (row == column and overview.nodes[row]["links_inside"])
                                            for column in run)]
        parts.extend((shown[first:first + down], run) for first in range(0, len(shown), down))
    return parts


def _rows_and_columns(overview) -> tuple[list, list]:
    """The table's rows (departments and the teams without one) and columns (those, then end customers)."""
    rows = [node for node, data in overview.nodes(data=True) if data["kind"] != "external"]
    return rows, rows + [node for node, data in overview.nodes(data=True) if data["kind"] == "external"]


def _sizes(overview, theme: Theme, t, changes: bool, rows: list, number_of: dict) -> tuple[float, float, float]:
    """A cell's width and height and the row headings' width, in points."""
    if theme.compact_table:  # the count alone: as narrow and low as its digits allow
        cell_w, cell_h = 2.4 * theme.small_fontsize, 1.4 * theme.small_fontsize + (12 if changes else 0)
        # As wide as the longest "12  Name" (bold digits, about 0.6 em a character).
        head_w = 0.62 * theme.fontsize * max(len(f"{number_of[node]}  {_name(overview.nodes[node], t)}")
                                             for node in rows) + 6
        return cell_w, cell_h, head_w
    scale = theme.fontsize / 14
    return 62 * scale, (46 if changes else 34) * scale, 7.5 * theme.fontsize * 2.2


def _cell(element: str, links: int, states: dict, pos: str, width: float, height: float, theme: Theme,
          classes: str, heading: str, t, change: dict | None = None) -> str:
    worst = next(state for state in _WORST_FIRST if states[state])
    marks = "" if theme.compact_table else " ".join(f"{states[s]}{SYMBOLS[s]}" for s in _WORST_FIRST[:3] if states[s])
    label = f"<B>{links}</B>" + (f'<BR/><FONT POINT-SIZE="{number(theme.small_fontsize * 0.85)}">{html(marks)}</FONT>'
                                 if marks else "")
    change = change or {}
    if change.get("mark"):  # the picture of a change: its changed links per kind
        label += f'<BR/><FONT POINT-SIZE="{number(theme.small_fontsize * 0.85)}"><B>{html(change["mark"])}</B></FONT>'
    classes += f" {change['class']}" if change.get("class") else ""
    look = theme.links[worst]
    # On paper the digits fill the cell (no margin: the row is barely taller than its type).
    gap, heavy, margin = (0.03, 1.6, "0") if theme.compact_table else (0.06, 2.2, None)
    tooltip = "\n".join([heading] + [f"{t(f'state.{s}')}: {states[s]}" for s in _WORST_FIRST])
    fill = theme.state_tints.get(worst, "#ffffff") if "color" not in change else "#ffffff"  # dimmed: no tint
    return f"{quote(element)} " + attrs(
        # Cells a little apart, so that a heavy border never runs into the next cell's.
        id=element, label=HtmlLabel(label), pos=pos, width=width / 72 - gap, height=height / 72 - gap, margin=margin,
        style=f"filled,{_BORDER[worst]}", fillcolor=fill, color=change.get("color", look.color),
        fontcolor=change.get("fontcolor"), penwidth=(heavy if worst != "healthy" else 1.0) * theme.line_scale,
        tooltip=tooltip_text(tooltip), **{"class": f"{classes} {worst}"}) + ";"


def _name(data: dict, t) -> str:
    return data["name"] if data["kind"] != "none" else t("overview.no-department")


def _row_heading(index: int, data: dict, theme: Theme, t) -> str:
    if theme.compact_table:  # one line: the number and the name (the report's summary has the rest)
        return (f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR><TD ALIGN="LEFT"><B>{index}</B>  '
                f'{html(_name(data, t))}</TD></TR></TABLE>')
    facts = counted(t, "overview.teams", len(data["teams"]))
    if data["coverage"] is not None:
        facts += " · " + t("overview.coverage", percent=percent_text(data["coverage"], t.lang))
    return (f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR><TD ALIGN="LEFT"><B>{index}  '
            f'{html(_name(data, t))}</B></TD></TR><TR><TD ALIGN="LEFT"><FONT POINT-SIZE="'
            f'{number(theme.small_fontsize * 0.9)}" COLOR="{theme.muted}">{html(facts)}</FONT></TD></TR></TABLE>')


def _row_tooltip(data: dict, t) -> str:
    lines = [_name(data, t), counted(t, "overview.teams", len(data["teams"]))]
    if data["worst"] is not None:
        lines.append(t("overview.worst", finding=t(f"page.rule.{data['worst'].rule}")))
    return "\n".join(lines)


def _heading(title: str | None, legend: bool, theme: Theme, t, changes=None) -> str | None:
    rows = []
    if title:
        rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{number(theme.title_fontsize)}"><B>{html(title)}</B>'
                    "</FONT></TD></TR>")
    if legend:
        key = t("overview.table.legend", none=SYMBOLS["no-feedback"], stale=SYMBOLS["stale"],
                hearing=SYMBOLS["hearing-only"])
        rows.append(f'<TR><TD ALIGN="LEFT">{html(key)}</TD></TR>')
    if changes is not None and changes.drawn_legend:
        rows.append(f'<TR><TD ALIGN="LEFT">{changes.legend(theme, t)}</TD></TR>')
    if not rows:
        return None
    return f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="4">{"".join(rows)}</TABLE>'
