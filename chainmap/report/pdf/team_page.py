"""One team's page in the PDF report: who it is, its customers, its next steps (and with --since what changed),
its chain and what its customers' customers need, its promises, its suppliers and the drawing of its chain."""

from __future__ import annotations

import re

from ...theme import PAPER
from ..content import EXTERNAL, UNDESCRIBED, TeamSection
from ..wording import agreement_text, approval_text, customer_notes, customer_rows, team_promises
from .diagram_pages import team_diagram
from .tables import Block, Part, Table, cell

# Column widths in mm on a portrait page's 174 mm: customer, what we
# deliver (with the need and the agreement under it), kind, how often, last, score.
CUSTOMER_COLUMNS = (32, 67, 22, 21, 20, 12)
SUPPLIER_COLUMNS = (45, 79, 50)
TABLE_SIZE = 8.2


def team_page(pdf, section: TeamSection) -> None:
    t = pdf.t
    if section.department:
        pdf.para(section.department, size=10, color=PAPER.muted, bold=True, after=0.5)
    pdf.big_title(section.name)
    pdf.ln(1)
    pdf.hrule(3)
    _facts(pdf, section)
    pdf.subheading(t("report.customers.title"))
    if section.customers:
        pdf.para(t("report.customers.intro"), size=9, color=PAPER.muted)
        _customers(pdf, section)
    else:
        pdf.para(t("report.customers.none", team=section.name), size=9.5, bold=True)
    # What to do next comes right under whom we serve: on the first page, whatever follows.
    pdf.subheading(t("report.steps.title"))
    _steps(pdf, section)
    if section.changes is not None:
        pdf.subheading(pdf.report.changes_title)
        change_lists(pdf, section.changes, t("report.changes.none"))
    if section.customers:
        pdf.subheading(t("report.chain.title"))
        _chain(pdf, section)
        if section.customers_of_customers:  # else "Our customers serve no one else on the map" said it
            pdf.subheading(t("report.needs.title"))
            _needs(pdf, section)
    promises = team_promises(section.promises, t)
    if promises:
        pdf.subheading(t("report.promises.title"))
        pdf.para(" ".join(promises), size=9.5)
    pdf.subheading(t("report.suppliers.title"))
    _suppliers(pdf, section)
    team_diagram(pdf, section)


def _facts(pdf, section: TeamSection) -> None:
    t = pdf.t
    facts = [(t("report.team.what"), section.description or t("report.team.no-description"))]
    if section.contact:
        facts.append((t("report.team.contact"), section.contact))
    label_width = max(pdf.get_string_width(label) for label, _ in facts) + 8
    for label, value in facts:
        y = pdf.get_y()
        pdf.body(9.5, bold=True, color=PAPER.muted)
        pdf.cell(label_width, pdf.line_height(9.5), label)
        pdf.body(9.5)
        pdf.set_xy(pdf.l_margin + label_width, y)
        pdf.multi_cell(pdf.epw - label_width, pdf.line_height(9.5), value, align="L",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)


def _name_cell(row, t):
    parts = [Part(row.name, bold=True)]
    if row.kind == EXTERNAL:
        parts.append(Part(t("node.external.subtitle"), color=PAPER.muted, size=7.5))
    elif row.kind == UNDESCRIBED:
        parts.append(Part(t("node.undescribed.subtitle"), color=PAPER.muted, size=7.5))
    return cell(*parts)


def _customers(pdf, section: TeamSection) -> None:
    t = pdf.t
    header = [cell(Part(t(f"report.col.{key}"), bold=True), align="R" if key == "score" else "L")
              for key in ("customer", "delivers", "kind", "cadence", "last", "score")]
    blocks = []
    for row in section.customers:
        delivers = [Part(row.delivers)] if row.delivers else []
        for note in customer_notes(row, t):
            delivers.append(Part(note.text, size=7.5, bold=note.tone != "muted", color=NOTE_COLOURS[note.tone]))
        agreement = t("report.agreement", agreement=agreement_text(row.agreement, t))
        if row.approval == "current":  # on the agreement's line: it only confirms
            agreement += f" \u00b7 {approval_text(row, t)}"
        if row.agreement:
            agreement = _wrapped(pdf, agreement, CUSTOMER_COLUMNS[1] - 3, 7.5)
        delivers.append(Part(agreement, size=7.5, color=PAPER.muted if row.agreement else PAPER.state("stale")))
        if row.approval and row.approval != "current":  # never approved, or overdue: a line of its own, marked
            delivers.append(Part(approval_text(row, t), size=7.5, bold=True, color=PAPER.state("stale")))
        sub_rows = []
        for line in customer_rows(row, t):
            if line.note is not None:
                sub_rows.append([cell(Part(line.note, bold=True, color=PAPER.state(line.state)), span=4)])
                continue
            last = [Part(line.last)] if line.last else []
            if line.overdue:
                last.append(Part(t("loop.overdue"), bold=True, color=PAPER.state("stale"), size=7.5))
            sub_rows.append([cell(line.kind), cell(line.cadence), cell(*last), cell(line.score, align="R")])
        blocks.append(Block({0: _name_cell(row, t), 1: cell(*delivers)},
                            tuple(sub_rows), (2, 3, 4, 5)))
    Table(pdf, CUSTOMER_COLUMNS, header, size=TABLE_SIZE).draw(blocks)


# How a note under what we deliver is coloured: as the table's other notes, a question to ask, a 9 or more.
NOTE_COLOURS = {"muted": PAPER.muted, "ask": PAPER.state("stale"), "good": PAPER.state("healthy")}


def _needs(pdf, section: TeamSection) -> None:
    t = pdf.t
    if not section.needs:
        pdf.para(t("report.needs.none"), size=9.5, color=PAPER.muted)
        return
    items = [(need.need, "; ".join(need.links)) for need in section.needs]
    if section.more_needs:
        items.append((None, t("report.needs.more", count=section.more_needs)))
    for need, where in items:
        pdf.bullet([(need, True, PAPER.text, "")] if need else [], (f" ({where})" if need else where), 9.5)


def change_lists(pdf, changes, none: str) -> None:
    """What got worse, what got better, what is new to act on: a short list each (``--since``)."""
    t = pdf.t
    more = getattr(changes, "more", {})
    lists = [(key, getattr(changes, key)) for key in ("worse", "better", "opened")]
    if not any(items for _, items in lists):
        pdf.para(none, size=9.5, color=PAPER.muted)
        return
    colours = {"worse": PAPER.state("no-feedback"), "better": PAPER.state("healthy"), "opened": PAPER.accent}
    for key, items in lists:
        if not items:
            continue
        pdf.para(f"{t(f'report.changes.{key}')} ({len(items) + more.get(key, 0)})", size=9.5, bold=True,
                 color=colours[key], after=0.5)
        for item in items:
            pdf.bullet([], item, 9)
        if more.get(key):
            pdf.bullet([], t("report.changes.more", count=more[key]), 9)
        pdf.ln(1)


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
        pdf.para(t("report.suppliers.none"), size=9.5, color=PAPER.muted)
        return
    header = [cell(Part(t(f"report.col.{key}"), bold=True)) for key in ("supplier", "delivers-us", "asks-us")]
    blocks = [Block({0: _name_cell(row, t), 1: cell(row.delivers),
                     2: cell(Part(t(f"state.{row.state}"), bold=True, color=PAPER.state(row.state)))})
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
        pdf.body(size, bold=True, color=PAPER.muted)
        pdf.set_xy(left, y)
        pdf.cell(7, line, f"{number}.", align="R")
        pdf.body(size, bold=step.severity == "warning")
        pdf.set_xy(left + 9, y)
        pdf.multi_cell(pdf.epw - 9, line, step.text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)
