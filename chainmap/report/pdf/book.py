"""The PDF report as a book: title page, contents, summary, the map's pages, one page per team.

:class:`ReportPDF` is a ``chainmap.pdf.Document`` (embedded fonts, footer
with page numbers, vector diagrams drawn from Graphviz's layouts).  The
contents and the summary point to team pages by number: fpdf2 keeps pages
for them and draws them at the end, when the numbers are known.  Same input,
same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...i18n import percent_text, translator
from ...pdf import Document, Drawing
from ...rules import STATE_SYMBOLS
from ...theme import PAPER
from .. import Progress
from ..content import Report
from ..wording import GAPS_LISTED, figure_rows
from .changes_page import changes_page
from .diagram_pages import department_map, map_pages, overview_page
from .legend import draw_key
from .print_diagrams import draw
from .tables import Block, Part, Table, cell
from .team_page import team_page

TOC_LINE = 6.2  # mm per line of the table of contents
# The summary's department table, on a portrait page's 174 mm: department, teams, links,
# coverage, a column per state, the links to act on first.
DEPARTMENT_COLUMNS = (33, 14, 13, 16, 8, 8, 8, 8, 66)


@dataclass(frozen=True)
class _Entry:
    """An entry of the contents as the scratch document sees it (fpdf2 passes its own, alike)."""

    name: str
    level: int
    page_number: int = 999


class ReportPDF(Document):
    """The report as a PDF document (a scratch one measures how many pages the contents and the summary take)."""

    def __init__(self, report: Report, drawings: dict, page_refs: dict | None = None, progress=None):
        t = translator(report.lang)
        if report.single_team:
            title = f"{report.teams[0].name} · {report.title}"
            footer = f"{report.title} · {report.teams[0].name} · {report.date_text}"
        else:
            title = f"{report.title} · {t('report.kicker')}"
            footer = f"{report.title} · {t('report.kicker')} · {report.date_text}"
        super().__init__(title, lang=report.lang, footer_text=footer, subject=t("report.subtitle"))
        self.report = report
        self.drawings = drawings
        self.page_refs = page_refs or {}
        self.team_pages: dict[str, int] = {}
        # Links to team pages need their page numbers: known from the first pass.
        self.team_links = {node: self.add_link(page=page) for node, page in self.page_refs.items()}
        self.progress = Progress(report, progress)
        # How many lines a table cell's text takes, by (text, bold, size, width): see tables.Table.
        self.table_lines: dict[tuple, int] = {}

    # -- the whole document ---------------------------------------------------------------

    def build(self) -> None:
        report = self.report
        if report.single_team:
            self.add_page()
            self._single_header()
            self.team_page(report.teams[0], first=True)
            return
        self.title_page()
        if report.overview is not None and report.overview.kind == "overview":
            overview_page(self)  # the organisation at a glance, right after the title
            self.progress.advance()
        # The contents and the summary name the pages of the teams, known only at the end: fpdf2
        # draws them then, on pages kept for them now, so the document is laid out only once.
        self.add_page()
        self.insert_toc_placeholder(self._render_front, pages=self._front_pages())
        self._fresh = True  # fpdf2 has started the page after the kept ones: the next add_page takes it
        if report.changes is not None:  # --since: what changed, right after the summary
            changes_page(self)
        if report.overview is not None and report.overview.kind == "map":
            map_pages(self)
            self.progress.advance()
        for index, diagram in enumerate(report.department_maps):
            department_map(self, diagram, first=index == 0)
            self.drawings.clear()
            self.progress.advance()
        current = None
        for section in report.teams:
            department = section.department or self.t("report.no-department")
            self.add_page()
            if department != current:
                self.start_section(department, level=0)
                current = department
            self.team_page(section)
            self.progress.advance()

    def add_page(self, orientation: str = "", *args, **kwargs) -> None:
        if self.__dict__.pop("_fresh", False):
            # The page fpdf2 started after the contents' kept pages, empty: turn it as asked.
            wanted = (orientation or "P")[0].upper()
            if wanted != str(self.cur_orientation.value)[0].upper():
                self._set_orientation(wanted, self.dw_pt, self.dh_pt)
                self.pages[self.page].set_dimensions(self.w_pt, self.h_pt)
            self.set_xy(self.l_margin, self.t_margin)
            return
        super().add_page(orientation, *args, **kwargs)

    def footer(self) -> None:
        if self.page_no() == 1 and not self.report.single_team:
            return  # the title page
        super().footer()

    def drawing(self, diagram, direction: str, labels: str) -> Drawing:
        """``diagram`` drawn for print, once per report (both layout passes share drawings)."""
        key = (diagram, direction, labels)
        if key not in self.drawings:
            self.drawings[key] = draw(self.report, diagram, direction, labels)
        return self.drawings[key]

    # -- text helpers -------------------------------------------------------------------------

    def big_title(self, text: str, size: float = 20) -> None:
        self.body(size, bold=True, color=PAPER.accent)
        self.multi_cell(0, self.line_height(size), text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.body()

    def subheading(self, text: str, size: float = 11.5) -> None:
        """A heading that never ends a page on its own."""
        if self.get_y() + self.line_height(size) + 22 > self.page_break_trigger:
            self.add_page()
        self.ln(3)
        self.body(size, bold=True, color=PAPER.accent)
        self.multi_cell(0, self.line_height(size), text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)
        self.body()

    def para(self, text: str, size: float = 9.5, color=PAPER.text, bold: bool = False, after: float = 1.5) -> None:
        self.body(size, bold=bold, color=color)
        self.multi_cell(0, self.line_height(size), text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(after)
        self.body()

    def hrule(self, after: float = 3) -> None:
        self.set_draw_color(*PAPER.rule)
        self.set_line_width(0.3)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(after)

    # -- title page, contents, summary --------------------------------------------------

    def title_page(self) -> None:
        t, report = self.t, self.report
        self.add_page()
        self.set_y(70)
        self.set_fill_color(*PAPER.accent)
        self.rect(self.l_margin, self.get_y(), 24, 2.2, style="F")
        self.ln(9)
        self.para(t("report.kicker").upper(), size=11, color=PAPER.muted, bold=True, after=2)
        self.big_title(report.title, size=32)
        self.ln(3)
        self.para(t("report.subtitle"), size=14, after=10)
        self.para(t("report.as-of", date=report.date_text), size=11, color=PAPER.muted, bold=True, after=12)
        left = self.l_margin
        self.set_left_margin(left)
        self.set_right_margin(self.r_margin + 30)
        self.para(t("report.intro"), size=10.5, color=PAPER.text)
        self.set_right_margin(self.r_margin - 30)
        # How to read the diagrams, at the foot of the title page.
        self.set_y(self.page_break_trigger - 62)
        self.hrule(4)
        self.para(t("report.key.title"), size=10, bold=True, color=PAPER.muted, after=1.5)
        draw_key(self)

    def _toc_outline(self) -> list:
        """The entries the contents will list, as :meth:`build` starts its sections."""
        t, report = self.t, self.report
        overview = report.overview
        if overview is not None and overview.kind == "overview":
            entries = [_Entry(t("report.overview.title"), 0), _Entry(t("report.summary.title"), 0)]
        elif overview is not None:
            entries = [_Entry(t("report.summary.title"), 0), _Entry(t("report.map.title"), 0)]
        else:
            entries = [_Entry(t("report.summary.title"), 0)]
        if report.changes is not None:  # --since: right after the summary
            entries.insert(2 if overview is not None and overview.kind == "overview" else 1,
                           _Entry(report.changes.title, 0))
        entries = [_Entry(entry.name, entry.level, self._guess) for entry in entries]
        for index, diagram in enumerate(report.department_maps):
            if index == 0:
                entries.append(_Entry(t("report.departments.title"), 0))
            entries.append(_Entry(diagram.key, 1))
        current = None
        for section in report.teams:
            department = section.department or t("report.no-department")
            if department != current:
                entries.append(_Entry(department, 0))
                current = department
            entries.append(_Entry(section.name, 1))
        return entries

    @property
    def _guess(self) -> int:
        """A page number at least as wide as any the report will have, for measuring the front pages."""
        report = self.report
        return 10 ** len(str(5 * (len(report.teams) + len(report.department_maps)) + 60)) - 1

    def page_ref(self, page: int) -> str:
        """"p. 12", never broken over two lines."""
        return self.t("report.page-ref", page=page).replace(" ", "\u00a0")

    def _front_pages(self) -> int:
        """How many pages the contents and the summary take: drawn once in a scratch document.

        fpdf2 keeps exactly this many pages for them.  The scratch document
        gives every page number as wide as the widest the report can have, so
        the real ones never take more room; in the rare case they take a line
        less at the foot of a page, the last page kept stays empty rather than
        moving every team page.
        """
        refs = {section.id: self._guess for section in self.report.teams}
        scratch = ReportPDF(self.report, {}, page_refs=refs)
        scratch.add_page()
        first = scratch.page
        scratch._front(scratch._toc_outline())
        return scratch.page - first + 1

    def _render_front(self, pdf, outline) -> None:
        """The contents, then the summary, on the pages kept for them (fpdf2 calls this at the end)."""
        start = pdf.page
        end = start + pdf.toc_placeholder.pages - 1
        toc_pages = self._front_pages_of_toc()
        summary = _Entry(self.t("report.summary.title"), 0, start + toc_pages)
        entries = list(outline)
        entries.insert(1 if self.report.overview is not None and self.report.overview.kind == "overview" else 0,
                       summary)
        pdf.page_refs = dict(pdf.team_pages)
        pdf.team_links = {node: pdf.add_link(page=page) for node, page in pdf.page_refs.items()}
        self._front(entries, outline_summary=True)
        while pdf.page < end:  # the real page numbers took less room than the widest ones
            pdf.add_page()

    def _front_pages_of_toc(self) -> int:
        scratch = ReportPDF(self.report, {})
        scratch.add_page()
        first = scratch.page
        scratch._render_toc(scratch, [_Entry(entry.name, entry.level, self._guess)
                                      for entry in self._toc_outline()])
        return scratch.page - first + 1

    def _front(self, entries, outline_summary: bool = False) -> None:
        self._render_toc(self, entries)
        self.add_page()
        index = len(self._outline)
        self.summary()
        if outline_summary:
            # The summary's bookmark, started after every other section, goes where the summary is.
            section = self._outline.pop(index)
            position = 1 if self.report.overview is not None and self.report.overview.kind == "overview" else 0
            self._outline.insert(position, section)

    def _render_toc(self, pdf, outline) -> None:
        pdf.set_y(pdf.t_margin)
        pdf.big_title(self.t("report.contents"))
        pdf.ln(4)
        for entry in outline:
            top = entry.level == 0
            # A department's entry has a little space above it, except at the top of a page.
            space = 1.5 if top and pdf.get_y() > pdf.t_margin + 20 else 0
            if pdf.get_y() + space + TOC_LINE > pdf.page_break_trigger:
                pdf.add_page()
                space = 0
            if space:
                pdf.ln(space)
            indent = 0 if top else 7
            pdf.body(10.5 if top else 10, bold=top)
            link = pdf.add_link(page=entry.page_number)
            number = str(entry.page_number)
            width = pdf.epw - indent
            name_width = min(pdf.get_string_width(entry.name) + 1, width - 16)
            y = pdf.get_y()
            pdf.set_x(pdf.l_margin + indent)
            pdf.cell(name_width, TOC_LINE - 1, entry.name, link=link)
            # Dot leaders from the name to the page number.
            pdf.body(10, color=PAPER.muted)
            dots_width = width - name_width - 10
            dots = "." * max(0, int(dots_width / max(pdf.get_string_width("."), 0.1)) - 1)
            pdf.cell(dots_width, TOC_LINE - 1, dots, align="R", link=link)
            pdf.body(10.5 if top else 10, bold=top)
            pdf.cell(10, TOC_LINE - 1, number, align="R", link=link)
            pdf.set_xy(pdf.l_margin, y + TOC_LINE)
        pdf.body()

    def summary(self) -> None:
        t, report = self.t, self.report
        # The table of contents' placeholder (or the overview) has just started this page.
        self.start_section(t("report.summary.title"), level=0)
        self.big_title(t("report.summary.title"))
        self.ln(2)
        if report.figures is not None:
            self._figures()
        if report.summary_rows:
            self._department_rows()
        if report.figures is None:
            return
        self.subheading(t("report.gaps.title"), size=14)
        self.para(t("report.gaps.intro") if report.gaps else t("report.gaps.none"), color=PAPER.muted)
        for group in report.gaps:
            self.subheading(f"{group.title} ({len(group.gaps)})", size=10.5)
            for gap in group.gaps[:GAPS_LISTED]:
                self._gap(gap)
            if len(group.gaps) > GAPS_LISTED:
                left = self.l_margin
                self.set_left_margin(left + 5.5)  # under the bullets' text
                self.set_x(left + 5.5)
                self.para(t("report.gaps.more", count=len(group.gaps) - GAPS_LISTED), size=9.5, color=PAPER.muted)
                self.set_left_margin(left)
                self.set_x(left)

    def _figures(self) -> None:
        t, report = self.t, self.report
        rows = [Block({0: cell(label), 1: cell(value, align="R")}) for label, value in figure_rows(report.figures, t)]
        rows += [Block({0: cell(Part(t(f"state.{state}"), bold=True, color=PAPER.state(state))),
                        1: cell(str(count), align="R")}) for state, count in report.figures.states]
        Table(self, (80, 70), [cell(Part(t("report.fig.title"), bold=True)), cell("")], size=9.5).draw(rows)

    def _department_rows(self) -> None:
        """A row per department: teams, links, coverage, links per state, and the links to act on first."""
        t, report = self.t, self.report
        if report.figures is not None:
            self.subheading(t("report.by-department"), size=14)
        self.para(t("report.by-department.intro"), size=9, color=PAPER.muted)
        header = [cell(Part(t("report.col.department"), bold=True)),
                  *(cell(Part(t(f"report.col.{key}"), bold=True), align="R") for key in ("teams", "links", "coverage")),
                  *(cell(Part(STATE_SYMBOLS[state], bold=True, color=PAPER.state(state)), align="R")
                    for state, _ in report.summary_rows[0].states),
                  cell(Part(t("report.col.first"), bold=True))]
        blocks = []
        for row in report.summary_rows:
            cells = {0: cell(Part(row.name or t("report.no-department"), bold=True)),
                     1: cell(str(row.teams), align="R"), 2: cell(str(row.links), align="R"),
                     3: cell(percent_text(row.coverage, t.lang) if row.coverage is not None else "–", align="R")}
            for index, (state, count) in enumerate(row.states):
                cells[4 + index] = cell(Part(str(count), bold=bool(count) and state != "healthy",
                                             color=PAPER.state(state) if count else PAPER.muted), align="R")
            first = []
            for link in row.worst:
                page = self.page_refs.get(link.supplier)
                where = f" ({self.page_ref(page)})" if page else ""
                words = f"{STATE_SYMBOLS[link.state]} {link.supplier_name} \u2192 {link.customer_name}{where}"
                first.append(Part(words, color=PAPER.state(link.state) if link.state == "no-feedback" else PAPER.text))
            cells[8] = cell(*first) if first else cell(Part("–", color=PAPER.muted))
            blocks.append(Block(cells))
        Table(self, DEPARTMENT_COLUMNS, header, size=8).draw(blocks)

    def _gap(self, gap) -> None:
        """A gap of the summary: who acts on it (each a link to their page, with its number), and what it is."""
        lead = []
        for index, node in enumerate(list(gap.owners) or [None]):
            if node is None:
                lead.append((gap.who, True, PAPER.text, ""))
                continue
            link = self.team_links.get(node, "")
            lead.append((("" if index == 0 else ", ") + self.report.team(node).name, True, PAPER.text, link))
            page = self.page_refs.get(node)
            if page:
                lead.append((f" ({self.page_ref(page)})", False, PAPER.muted, link))
        self.bullet(lead, f": {gap.text}", 9.5, rest_color=PAPER.text, body_after=False)

    def bullet(self, lead, rest: str, size: float, rest_color=None, body_after: bool = True) -> None:
        """A bullet, then ``lead`` parts ``(text, bold, colour, link)`` and ``rest``, wrapped under the bullet.

        ``rest`` is muted after a lead and in the text colour without one, unless ``rest_color`` is given.
        ``body_after``: back to body text after it (the summary's gaps leave that to what follows them).
        """
        line = self.line_height(size)
        if self.get_y() + 2 * line > self.page_break_trigger:
            self.add_page()
        left = self.l_margin
        self.body(size, color=PAPER.muted)
        self.set_x(left + 1.5)
        self.cell(4, line, "\u2022")
        self.set_left_margin(left + 5.5)
        for text, bold, colour, link in lead:
            self.body(size, bold=bold, color=colour)
            self.write(line, text, link=link)
        self.body(size, color=rest_color or (PAPER.muted if lead else PAPER.text))
        self.write(line, rest)
        self.ln(line + 0.6)
        self.set_left_margin(left)
        self.set_x(left)
        if body_after:
            self.body()

    # -- team pages -------------------------------------------------------------------------

    def _single_header(self) -> None:
        t, report = self.t, self.report
        self.body(9, color=PAPER.muted)
        self.cell(self.epw / 2, 5, report.title)
        self.cell(self.epw / 2, 5, t("report.as-of", date=report.date_text), align="R",
                  new_x="LMARGIN", new_y="NEXT")
        self.ln(1)
        self.hrule(4)

    def team_page(self, section, first: bool = False) -> None:
        self.team_pages[section.id] = self.page_no()
        if not self.report.single_team:
            self.start_section(section.name, level=1)
        team_page(self, section)
        self.drawings.clear()  # placed; the document keeps what it needs until it is written
