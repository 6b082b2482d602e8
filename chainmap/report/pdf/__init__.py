"""The report as an A4 PDF, built on ``chainmap.pdf``.

``book`` is the document (title page, contents, summary, the order of the
pages); ``team_page`` and ``changes_page`` lay out their pages, ``tables``
the tables on them, ``print_diagrams`` draws the diagrams for paper,
``diagram_pages`` places them readably (the map's pages, the chain on each
team's page) and ``legend`` explains them.  fpdf2 is imported with this
package, so ``chainmap.report`` loads it only when a PDF is written.
"""

from __future__ import annotations

from ...pdf import pdf_layout_errors
from .. import Output
from ..content import Report
from .book import ReportPDF

__all__ = ["ReportPDF", "pdf_output"]


def pdf_output(report: Report, *, progress=None, **_) -> Output:
    """The report as a PDF file, with its number of pages.

    What fpdf2 says on the way goes to the output's ``messages`` (never to
    stderr); a layout fpdf2 refuses is a :class:`~chainmap.errors.UsageError`
    (``output``), one line, not a traceback.
    """
    messages: list[str] = []
    with pdf_layout_errors("the PDF report", "write the report as HTML or Markdown instead (-o FILE.html, "
                           "-o FILE.md), or a team's page with --team", messages):
        document = ReportPDF(report, {}, progress=progress)
        document.build()
        pages = document.pages_count
        data = document.to_bytes()
    return Output(data, len(report.teams), pages=pages, messages=tuple(messages))
