"""``report --since REV`` in the PDF: "What changed since <date>", a page after the summary.

The feedback coverage then and now, the links per state then and now, the
links that got worse and better, the new points to act on, and the coverage
chart of the commits since (``chainmap.history.chart``, placed as a PNG).
"""

from __future__ import annotations

import io

from ...theme import PAPER
from .tables import Block, Part, Table, cell
from .team_page import change_lists

CHART_RATIO = 8.5 / 12  # the chart's height over its width (history.chart draws 12 x 8.5 inches)
STATE_COLUMNS = (80, 35, 35)


def changes_page(pdf) -> None:
    """The whole map's changes, on a page (or more) of their own."""
    t, changes = pdf.t, pdf.report.changes
    pdf.add_page()
    pdf.start_section(changes.title, level=0)
    pdf.big_title(changes.title)
    pdf.ln(2)
    pdf.para(changes.coverage, size=11, bold=True)
    header = [cell(Part(t("report.changes.states"), bold=True)),
              cell(Part(t("report.changes.then"), bold=True), align="R"),
              cell(Part(t("report.changes.now"), bold=True), align="R")]
    rows = [Block({0: cell(Part(t(f"state.{state}"), bold=True, color=PAPER.state(state))),
                   1: cell(str(before), align="R"), 2: cell(str(after), align="R")})
            for state, before, after in changes.states]
    Table(pdf, STATE_COLUMNS, header, size=9.5).draw(rows)
    pdf.ln(3)
    change_lists(pdf, changes, t("report.changes.map.none"))
    if changes.chart:
        width = pdf.epw
        height = width * CHART_RATIO
        if pdf.get_y() + height + 10 > pdf.page_break_trigger:
            pdf.add_page()
        pdf.ln(2)
        pdf.image(io.BytesIO(changes.chart["png"]), x=pdf.l_margin, y=pdf.get_y(), w=width, h=height)
        pdf.set_y(pdf.get_y() + height + 1.5)
        pdf.para(changes.chart_caption, size=8, color=PAPER.muted)
