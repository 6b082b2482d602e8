"""One team's page in the PDF report: who it is, its customers, its chain, its suppliers, its next steps."""

from __future__ import annotations

import re

from ..pdf import MUTED
from .content import EXTERNAL, UNDESCRIBED, TeamSection
from .layout import agreement_text, customer_rows
from .pdf_diagrams import THEME
from .pdf_legend import _rgb
from .pdf_place import team_diagram
from .pdf_table import Block, Part, Table, cell

# Column widths in mm on a portrait page's 174 mm: customer, what we
# deliver (with the need and the agreement under it), kind, how often, last, score.
CUSTOMER_COLUMNS = (32, 58, 25, 22, 23, 14)
SUPPLIER_COLUMNS = (45, 79, 50)
TABLE_SIZE = 8.2


def team_page(pdf, section: TeamSection) -> None:
    t = pdf.t
    if section.department:
        pdf.para(section.department, size=10, color=MUTED, bold=True, after=0.5)
    pdf.big_title(section.name)
    pdf.ln(1)
    pdf.hrule(3)
    _facts(pdf, section)
    pdf.subheading(t("report.customers.title"))
    if section.customers:
        pdf.para(t("report.customers.intro"), size=9, color=MUTED)
        _customers(pdf, section)
        pdf.subheading(t("report.chain.title"))
        _chain(pdf, section)
    else:
        pdf.para(t("report.customers.none", team=section.name), size=9.5, bold=True)
    pdf.subheading(t("report.suppliers.title"))
    _suppliers(pdf, section)
    pdf.subheading(t("report.steps.title"))
    _steps(pdf, section)
    team_diagram(pdf, section)


def _facts(pdf, section: TeamSection) -> None:
    t = pdf.t
    facts = [(t("report.team.what"), section.description or t("report.team.no-description"))]
    if section.contact:
        facts.append((t("report.team.contact"), section.contact))
    label_width = max(pdf.get_string_width(label) for label, _ in facts) + 8
    for label, value in facts:
        y = pdf.get_y()
        pdf.body(9.5, bold=True, color=MUTED)
        pdf.cell(label_width, pdf.line_height(9.5), label)
        pdf.body(9.5)
        pdf.set_xy(pdf.l_margin + label_width, y)
        pdf.multi_cell(pdf.epw - label_width, pdf.line_height(9.5), value, align="L",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)


def _name_cell(row, t):
    parts = [Part(row.name, bold=True)]
    if row.kind == EXTERNAL:
        parts.append(Part(t("node.external.subtitle"), color=MUTED, size=7.5))
    elif row.kind == UNDESCRIBED:
        parts.append(Part(t("node.undescribed.subtitle"), color=MUTED, size=7.5))
    return cell(*parts)


def _state_colour(state: str):
    return _rgb(THEME.links[state].color)


def _customers(pdf, section: TeamSection) -> None:
    t = pdf.t
    header = [cell(Part(t(f"report.col.{key}"), bold=True), align="R" if key == "score" else "L")
              for key in ("customer", "delivers", "kind", "cadence", "last", "score")]
    blocks = []
    for row in section.customers:
        delivers = [Part(row.delivers)] if row.delivers else []
        if row.need:
            delivers.append(Part(t("report.need", need=row.need), color=MUTED, size=7.5))
        if row.implied:
            delivers.append(Part(t("report.implied"), color=MUTED, size=7.5))
        agreement = t("report.agreement", agreement=agreement_text(row.agreement, t))
        if row.agreement:
            agreement = _wrapped(pdf, agreement, CUSTOMER_COLUMNS[1] - 3, 7.5)
        delivers.append(Part(agreement, size=7.5, color=MUTED if row.agreement else _state_colour("stale")))
        sub_rows = []
        for line in customer_rows(row, t):
            if line.note is not None:
                sub_rows.append([cell(Part(line.note, bold=True, color=_state_colour(line.state)), span=4)])
                continue
            last = [Part(line.last)] if line.last else []
            if line.overdue:
                last.append(Part(t("loop.overdue"), bold=True, color=_state_colour("stale"), size=7.5))
            sub_rows.append([cell(line.kind), cell(line.cadence), cell(*last), cell(line.score, align="R")])
        blocks.append(Block({0: _name_cell(row, t), 1: cell(*delivers)},
                            tuple(sub_rows), (2, 3, 4, 5)))
    Table(pdf, CUSTOMER_COLUMNS, header, size=TABLE_SIZE).draw(blocks)


def _wrapped(pdf, text: str, width: float, size: float) -> str:
    """Text with a long address in it, broken after slashes, dots or dashes rather than mid-word."""
    pdf.body(size)
    lines, line = [], ""
    for piece in re.findall(r"[^/.\- ]*[/.\- ]?", text):
        if line and pdf.get_string_width((line + piece).rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        line += piece
    lines.append(line.rstrip())
    return "\n".join(line for line in lines if line)


def _chain(pdf, section: TeamSection) -> None:
    t = pdf.t
    second = (t("report.chain.second", names=", ".join(section.customers_of_customers))
              if section.customers_of_customers else t("report.chain.second.none"))
    end = (t("report.chain.end", names=", ".join(section.end_customers))
           if section.end_customers else t("report.chain.end.none"))
    pdf.para(second, size=9.5, after=0.8)
    pdf.para(end, size=9.5, after=0.5)


def _suppliers(pdf, section: TeamSection) -> None:
    t = pdf.t
    if not section.suppliers:
        pdf.para(t("report.suppliers.none"), size=9.5, color=MUTED)
        return
    header = [cell(Part(t(f"report.col.{key}"), bold=True)) for key in ("supplier", "delivers-us", "asks-us")]
    blocks = [Block({0: _name_cell(row, t), 1: cell(row.delivers),
                     2: cell(Part(t(f"state.{row.state}"), bold=True, color=_state_colour(row.state)))})
              for row in section.suppliers]
    Table(pdf, SUPPLIER_COLUMNS, header, size=TABLE_SIZE).draw(blocks)


def _steps(pdf, section: TeamSection) -> None:
    t = pdf.t
    if not section.steps:
        pdf.para(t("report.steps.none"), size=9.5)
        return
    size = 9.5
    line = pdf.line_height(size)
    left = pdf.l_margin
    for number, step in enumerate(section.steps, 1):
        if pdf.get_y() + line > pdf.page_break_trigger:
            pdf.add_page()
        y = pdf.get_y()
        pdf.body(size, bold=True, color=MUTED)
        pdf.set_xy(left, y)
        pdf.cell(7, line, f"{number}.", align="R")
        pdf.body(size, bold=step.severity == "warning")
        pdf.set_xy(left + 9, y)
        pdf.multi_cell(pdf.epw - 9, line, step.text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)
