"""Onboarding reports: the map as a document for a new colleague, in PDF, HTML or Markdown.

>>> from chainmap.report import make_report
>>> output = make_report(graph, findings, "pdf", as_of=date(2026, 11, 22), lang="nl")
>>> output.data[:5]
b'%PDF-'

The report is its content, then one module per format.  ``content.build_report``
decides what the report says, ``wording`` how the words all formats share read,
and ``diagrams`` which drawings it has (drawn by ``chainmap.render``).  Then
``pdf`` (a package), ``html`` and ``markdown`` (with ``svg_folder``, the folder of
its SVG diagrams) lay it out.  No module here imports click; the progress of a
long report is reported through a callback ``progress(done, total)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..formats import Format, Formats
from .content import build_report

__all__ = ["FORMATS", "Output", "Progress", "format_for", "make_report", "report_output", "units"]

# The report's formats; `chainmap report -f` and the -o name choose among them.  Each function
# takes a built report (and diagrams=, folder=, progress=) and returns its Output.
FORMATS = Formats("report",
                  Format("pdf", "chainmap.report.pdf:pdf_output", (".pdf",), binary=True),
                  Format("html", "chainmap.report.html:html_output", (".html", ".htm")),
                  Format("md", "chainmap.report.markdown:markdown_output", (".md", ".markdown")))


def format_for(path: str | None) -> str | None:
    """The report format a file name chooses, or None."""
    return FORMATS.for_path(path)


@dataclass(frozen=True)
class Output:
    """A written report: the file's bytes, and for Markdown with SVG diagrams the files beside it."""

    data: bytes
    teams: int  # team pages in it
    pages: int | None = None  # PDF only
    files: dict = field(default_factory=dict)  # file name -> bytes, for the diagrams folder
    # PDF only: what fpdf2 said while writing it (a glyph the fonts lack, say), shown
    # safely; kept off stderr, for a caller that wants to pass it on.
    messages: tuple = ()


def make_report(graph, findings, fmt: str, *, as_of: date, lang: str = "en", team: str | None = None,
                title: str | None = None, diagrams: str = "mermaid", folder: str = "diagrams",
                progress=None) -> Output:
    """Build the report's content and write it as ``fmt`` (``pdf``, ``html`` or ``md``)."""
    return report_output(build_report(graph, findings, as_of, lang, team=team, title=title), fmt,
                         diagrams=diagrams, folder=folder, progress=progress)


def report_output(report, fmt: str, *, diagrams: str = "mermaid", folder: str = "diagrams",
                  progress=None) -> Output:
    """A built report laid out as ``fmt`` (one of ``FORMATS``)."""
    return FORMATS.get_or_fail(fmt)(report, diagrams=diagrams, folder=folder, progress=progress)


def units(report) -> int:
    """How many steps ``progress`` counts to: the whole map (or overview), each department's map, each team page."""
    return len(report.teams) + (1 if report.overview else 0) + len(report.department_maps)


class Progress:
    """Counts the steps of laying out ``report`` and tells ``callback(done, total)`` after each."""

    def __init__(self, report, callback=None):
        self.total = units(report)
        self.done = 0
        self.callback = callback

    def advance(self) -> None:
        self.done += 1
        if self.callback:
            self.callback(self.done, self.total)
