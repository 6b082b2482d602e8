"""Onboarding reports: the map as a document for a new colleague, in PDF, HTML or Markdown.

>>> from chainmap.report import make_report
>>> output = make_report(graph, findings, "pdf", as_of=date(2026, 11, 22), lang="nl")
>>> output.data[:5]
b'%PDF-'

``content.build_report`` decides what the report says; ``pdf``, ``html``
and ``markdown`` lay it out.  No module here imports click; the progress of a
long report is reported through a callback ``progress(done, total)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..formats import Format, Formats
from .layout import units

__all__ = ["FORMATS", "Output", "format_for", "make_report", "units", "write"]

# The report's formats; `chainmap report -f` and the -o name choose among them.
FORMATS = Formats("report",
                  Format("pdf", "chainmap.report:_pdf_output", (".pdf",), binary=True),
                  Format("html", "chainmap.report:_html_output", (".html", ".htm")),
                  Format("md", "chainmap.report:_markdown_output", (".md", ".markdown")))


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
    # PDF only: what fpdf2 and pypdf said while writing it (a glyph the fonts lack, say), shown
    # safely; kept off stderr, for a caller that wants to pass it on.
    messages: tuple = ()


def make_report(graph, findings, fmt: str, *, as_of: date, lang: str = "en", team: str | None = None,
                title: str | None = None, diagrams: str = "mermaid", folder: str = "diagrams",
                progress=None) -> Output:
    """Build the report's content and write it as ``fmt`` (``pdf``, ``html`` or ``md``)."""
    from .content import build_report

    return write(build_report(graph, findings, as_of, lang, team=team, title=title), fmt,
                 diagrams=diagrams, folder=folder, progress=progress)


def write(report, fmt: str, *, diagrams: str = "mermaid", folder: str = "diagrams", progress=None) -> Output:
    """Lay out a built report as ``fmt`` (one of ``FORMATS``)."""
    return FORMATS.get_or_fail(fmt)(report, diagrams=diagrams, folder=folder, progress=progress)


def _pdf_output(report, *, progress=None, **_) -> Output:
    from .pdf import write_pdf

    messages: list[str] = []
    data, pages = write_pdf(report, progress=progress, messages=messages)
    return Output(data, len(report.teams), pages=pages, messages=tuple(messages))


def _html_output(report, *, progress=None, **_) -> Output:
    from .html import write_html

    return Output(write_html(report, progress=progress), len(report.teams))


def _markdown_output(report, *, diagrams: str, folder: str, progress=None) -> Output:
    from .markdown import write_markdown

    data, files = write_markdown(report, diagrams=diagrams, folder=folder, progress=progress)
    return Output(data, len(report.teams), files=files)
