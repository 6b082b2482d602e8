"""The report as Markdown for wikis (GitHub, GitLab, Notion, Confluence).

Diagrams are Mermaid code blocks, which GitHub, GitLab and Notion draw
themselves; or, with ``diagrams="svg"``, SVG files in a folder beside the
Markdown file, linked as images.  Every name from the input is escaped, so
it shows literally and never becomes a link, emphasis, a table cell break or
HTML.  Control and direction characters show as their escapes (``\\x1b``,
``\\u202e``: :mod:`chainmap.text`), in the Mermaid blocks too.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ..i18n import percent_text, translator
from ..render.mermaid import to_mermaid
from ..rules import STATE_SYMBOLS
from ..text import document_layout, document_text, markup_layout
from . import Output, Progress, diagrams as drawings
from .content import EXTERNAL, UNDESCRIBED, Report, TeamSection
from .wording import (GAPS_LISTED, agreement_text, approval_text, customer_notes, customer_rows, department_anchor,
                      figure_rows, team_anchor, team_promises)

DIAGRAM_KINDS = ("mermaid", "svg")

# Characters Markdown (and GitHub's extensions: tables, strikethrough, math)
# reads as markup anywhere in a line.
_ACTIVE = re.compile(r"([\\`*_\[\]<>|~#$])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def md(value: str) -> str:
    """Text that shows literally in Markdown, on one line."""
    # Newlines and tabs would end a table row or a list item; control characters show as escapes.
    value = " ".join(document_text(value).split())
    value = _ENTITY.sub("&amp;", value)
    return _ACTIVE.sub(lambda m: {"<": "&lt;", ">": "&gt;"}.get(m.group(1), "\\" + m.group(1)), value)




def markdown_output(report: Report, *, diagrams: str = "mermaid", folder: str = "diagrams",
                    progress=None) -> Output:
    """The report as Markdown, and the diagram files to write into ``folder`` (``svg`` only)."""
    if diagrams not in DIAGRAM_KINDS:
        raise ValueError(f"diagrams must be one of {DIAGRAM_KINDS}, not {diagrams!r}")
    writer = _Writer(report, diagrams, folder)
    advance = Progress(report, progress).advance

    t = writer.t
    if report.single_team:
        writer.line(f"*{md(report.title)} · {md(t('report.as-of', date=report.date_text))}*", "")
    else:
        writer.title_page()
        writer.contents()
        if report.overview is not None and report.overview.kind == "overview":
            writer.whole_map()
            advance()
            writer.summary()
            writer.map_changes()
        elif report.overview is not None:
            writer.summary()
            writer.map_changes()
            writer.whole_map()
            advance()
        else:
            writer.summary()
            writer.map_changes()
        for index, diagram in enumerate(report.department_maps):
            if index == 0:
                writer.heading(2, md(t("report.departments.title")), "departments")
            writer.heading(3, md(diagram.key), department_anchor(diagram.key))
            writer.diagram(diagram, department_anchor(diagram.key), legend=False)
            advance()
    for section in report.teams:
        writer.team(section)
        advance()
    text = "\n".join(writer.lines).rstrip("\n") + "\n"
    # Whatever reached the page without md() (a diagram's code, say) is shown, not interpreted, too.
    return Output(document_layout(text).encode("utf-8"), len(report.teams), files=writer.files)


class _Writer:
    def __init__(self, report: Report, diagrams: str, folder: str):
        self.report = report
        self.diagrams = diagrams
        self.folder = folder
        self.t = translator(report.lang)
        self.lines: list[str] = []
        self.files: dict[str, bytes] = {}

    def line(self, *lines: str) -> None:
        self.lines.extend(lines)

    def heading(self, level: int, text: str, anchor: str | None = None) -> None:
        if anchor:
            # An explicit anchor: wiki engines make different ids from the same heading.
            self.line(f'<a id="{anchor}"></a>', "")
        self.line(f"{'#' * level} {text}", "")

    # -- the whole map's pages ----------------------------------------------

    def title_page(self) -> None:
        t = self.t
        self.heading(1, md(self.report.title))
        self.line(f"**{md(t('report.kicker'))}** · {md(t('report.as-of', date=self.report.date_text))}", "",
                  f"*{md(t('report.subtitle'))}*", "", md(t("report.intro")), "")

    def contents(self) -> None:
        t = self.t
        self.heading(2, md(t("report.contents")))
        summary = f"- [{md(t('report.summary.title'))}](#summary)"
        if self.report.changes is not None:
            summary += f"\n- [{md(self.report.changes.title)}](#changes)"
        overview = self.report.overview
        if overview is None:
            self.line(summary)
        elif overview.kind == "overview":
            self.line(f"- [{md(t('report.overview.title'))}](#map)", summary)
        else:
            self.line(summary, f"- [{md(t('report.map.title'))}](#map)")
        if self.report.department_maps:
            self.line(f"- [{md(t('report.departments.title'))}](#departments)")
            for diagram in self.report.department_maps:
                self.line(f"  - [{md(diagram.key)}](#{department_anchor(diagram.key)})")
        for department in self.report.departments:
            self.line(f"- {md(department.name or t('report.no-department'))}")
            for node in department.teams:
                self.line(f"  - {self.team_link(node)}")
        self.line("")

    def team_link(self, node: str) -> str:
        return f"[{md(self.report.team(node).name)}](#{team_anchor(node)})"

    def summary(self) -> None:
        t, figures = self.t, self.report.figures
        self.heading(2, md(t("report.summary.title")), "summary")
        if figures is None:
            self.department_rows()
            return
        self.line(f"| {md(t('report.fig.title'))} | |", "|---|---:|")
        self.line(*(f"| {md(label)} | {md(value)} |" for label, value in figure_rows(figures, t)))
        self.line("", f"| {md(t('report.fig.states'))} | |", "|---|---:|")
        self.line(*(f"| {md(t(f'state.{state}'))} | {count} |" for state, count in figures.states))
        self.line("")
        if self.report.summary_rows:
            self.heading(3, md(t("report.by-department")))
            self.department_rows()
        self.heading(3, md(t("report.gaps.title")))
        self.line(md(t("report.gaps.intro") if self.report.gaps else t("report.gaps.none")), "")
        for group in self.report.gaps:
            self.line(f"**{md(group.title)} ({len(group.gaps)})**", "")
            for gap in group.gaps[:GAPS_LISTED]:
                who = ", ".join(self.team_link(node) for node in gap.owners) if gap.owners else md(gap.who)
                self.line(f"- **{who}**: {md(gap.text)}")
            if len(group.gaps) > GAPS_LISTED:
                self.line(f"- {md(t('report.gaps.more', count=len(group.gaps) - GAPS_LISTED))}")
            self.line("")

    def department_rows(self) -> None:

        t, report = self.t, self.report
        self.line(md(t("report.by-department.intro")), "")
        marks = STATE_SYMBOLS
        head = [t("report.col.department"), t("report.col.teams"), t("report.col.links"), t("report.col.coverage"),
                *(marks[state] for state, _ in report.summary_rows[0].states), t("report.col.first")]
        self.line("| " + " | ".join(md(cell) for cell in head) + " |", "|---|" + "---:|" * 7 + "---|")
        for row in report.summary_rows:
            first = "<br>".join(
                f"{md(marks[link.state])} "
                + (self.team_link(link.supplier) if report.has_page(link.supplier) else md(link.supplier_name))
                + f" → {md(link.customer_name)}" for link in row.worst) or "–"
            cells = [f"**{md(row.name or t('report.no-department'))}**", str(row.teams), str(row.links),
                     md(percent_text(row.coverage, t.lang)) if row.coverage is not None else "–",
                     *(str(count) for _, count in row.states), first]
            self.line("| " + " | ".join(cells) + " |")
        self.line("")

    def map_changes(self) -> None:
        """``--since``: what changed in the whole map, with the coverage chart (a file with --diagrams svg)."""
        changes, t = self.report.changes, self.t
        if changes is None:
            return
        self.heading(2, md(changes.title), "changes")
        self.line(f"**{md(changes.coverage)}**", "")
        self.line(f"| {md(t('report.changes.states'))} | {md(t('report.changes.then'))} | "
                  f"{md(t('report.changes.now'))} |", "|---|---:|---:|")
        self.line(*(f"| {md(t(f'state.{state}'))} | {before} | {after} |"
                    for state, before, after in changes.states))
        self.line("")
        self.change_lists(changes, t("report.changes.map.none"))
        if changes.chart and self.diagrams == "svg":
            self.files["changes.svg"] = changes.chart["svg"]
            self.line(f"![{md(changes.chart_caption)}]({quote(self.folder)}/changes.svg)", "",
                      f"*{md(changes.chart_caption)}*", "")

    def change_lists(self, changes, none: str, level: int = 3) -> None:
        t = self.t
        more = getattr(changes, "more", {})
        lists = [(key, getattr(changes, key)) for key in ("worse", "better", "opened")]
        if not any(items for _, items in lists):
            self.line(md(none), "")
            return
        for key, items in lists:
            if not items:
                continue
            self.line(f"**{md(t(f'report.changes.{key}'))} ({len(items) + more.get(key, 0)})**", "")
            self.line(*(f"- {md(item)}" for item in items))
            if more.get(key):
                self.line(f"- {md(t('report.changes.more', count=more[key]))}")
            self.line("")

    def whole_map(self) -> None:
        overview = self.report.overview.kind == "overview"
        self.heading(2, md(self.t("report.overview.title" if overview else "report.map.title")), "map")
        self.diagram(self.report.overview, "map", legend=True)

    # -- a team ---------------------------------------------------------------

    def team(self, section: TeamSection) -> None:
        t = self.t
        if not self.report.single_team:
            self.line("---", "")
        self.heading(2, md(section.name), team_anchor(section.id))
        if section.department:
            self.line(f"*{md(section.department)}*", "")
        self.line(f"- **{md(t('report.team.what'))}:** "
                  f"{md(section.description or t('report.team.no-description'))}")
        if section.contact:
            self.line(f"- **{md(t('report.team.contact'))}:** {md(section.contact)}")
        self.line("")
        self.heading(3, md(t("report.customers.title")))
        if section.customers:
            self.line(md(t("report.customers.intro")), "")
            self.customer_table(section)
        else:
            self.line(md(t("report.customers.none", team=section.name)), "")
        # What to do next right under whom we serve, then the chain around: as the PDF's page.
        self.heading(3, md(t("report.steps.title")))
        if section.steps:
            self.line(*(f"{number}. {md(step.text)}" for number, step in enumerate(section.steps, 1)))
        else:
            self.line(md(t("report.steps.none")))
        self.line("")
        if section.changes is not None:
            self.heading(3, md(self.report.changes_title))
            self.change_lists(section.changes, t("report.changes.none"))
        if section.customers:
            self.chain(section)
            if section.customers_of_customers:  # else the chain said: they serve no one else on the map
                self.needs(section)
        promises = team_promises(section.promises, t)
        if promises:
            self.heading(3, md(t("report.promises.title")))
            self.line(*(f"- {md(line)}" for line in promises), "")
        self.heading(3, md(t("report.suppliers.title")))
        self.supplier_table(section)
        self.diagram(section.diagram, team_anchor(section.id), legend=self.report.single_team)

    def name_cell(self, row) -> str:
        text = f"**{md(row.name)}**"
        if row.kind == EXTERNAL:
            text += f" *({md(self.t('node.external.subtitle'))})*"
        elif row.kind == UNDESCRIBED:
            text += f" *({md(self.t('node.undescribed.subtitle'))})*"
        return text

    def customer_table(self, section: TeamSection) -> None:
        t = self.t
        keys = ("customer", "delivers", "kind", "cadence", "last", "score", "agreement")
        self.line("| " + " | ".join(md(t(f"report.col.{key}")) for key in keys) + " |",
                  "|---|---|---|---|---|---:|---|")
        for row in section.customers:
            delivers = md(row.delivers)
            for note in customer_notes(row, t):
                delivers += f"<br>**{md(note.text)}**" if note.tone == "ask" else f"<br>*{md(note.text)}*"
            agreement = md(agreement_text(row.agreement, t))
            if row.approval:
                mark = "*" if row.approval == "current" else "**"
                agreement += f"<br>{mark}{md(approval_text(row, t))}{mark}"
            for index, line in enumerate(customer_rows(row, t)):
                first = index == 0
                if line.note is not None:
                    loop = [f"**{md(line.note)}**", "", "", ""]
                else:
                    last = md(line.last) + (f" ({md(t('loop.overdue'))})" if line.overdue else "")
                    loop = [md(line.kind), md(line.cadence), last, md(line.score)]
                cells = [self.name_cell(row) if first else "", delivers if first else "", *loop,
                         agreement if first else ""]
                self.line("| " + " | ".join(cells) + " |")
        self.line("")

    def chain(self, section: TeamSection) -> None:
        t = self.t
        self.heading(3, md(t("report.chain.title")))
        second = (t("report.chain.second", names=", ".join(section.customers_of_customers))
                  if section.customers_of_customers else t("report.chain.second.none"))
        end = (t("report.chain.end", names=", ".join(section.end_customers))
               if section.end_customers else t("report.chain.end.none"))
        self.line(f"- {md(second)}", f"- {md(end)}", "")

    def needs(self, section: TeamSection) -> None:
        t = self.t
        self.heading(3, md(t("report.needs.title")))
        if not section.needs:
            self.line(md(t("report.needs.none")), "")
            return
        self.line(md(t("report.needs.intro")), "")
        self.line(*(f"- **{md(need.need)}** ({md('; '.join(need.links))})" for need in section.needs))
        if section.more_needs:
            self.line(f"- {md(t('report.needs.more', count=section.more_needs))}")
        self.line("")

    def supplier_table(self, section: TeamSection) -> None:
        t = self.t
        if not section.suppliers:
            self.line(md(t("report.suppliers.none")), "")
            return
        keys = ("supplier", "delivers-us", "asks-us")
        self.line("| " + " | ".join(md(t(f"report.col.{key}")) for key in keys) + " |", "|---|---|---|")
        for row in section.suppliers:
            self.line(f"| {self.name_cell(row)} | {md(row.delivers)} | {md(t(f'state.{row.state}'))} |")
        self.line("")

    # -- diagrams -------------------------------------------------------------

    def diagram(self, diagram, name: str, legend: bool) -> None:
        if self.diagrams == "svg":
            filename = f"{name}.svg"
            svg = drawings.draw(self.report, diagram, "svg", legend=legend).decode("utf-8")
            self.files[filename] = markup_layout(svg).encode("utf-8")
            self.line(f"![{md(diagram.caption)}]({quote(self.folder)}/{quote(filename)})", "")
        elif diagram.kind in ("overview", "department-view"):
            self.line("```mermaid", drawings.department_mermaid(self.report, diagram).rstrip("\n"), "```", "")
        else:
            self.line("```mermaid", to_mermaid(drawings.job(self.report, diagram, legend=legend)).rstrip("\n"),
                      "```", "")
        self.line(f"*{md(diagram.caption)}*", "")
