"""An A4 document with chainmap's fonts, styles, footer and diagram boxes (built on fpdf2)."""

from __future__ import annotations

import logging
import re
import warnings
from contextlib import contextmanager
from datetime import date, datetime, timezone

from fpdf import FPDF
from fpdf.errors import FPDFException
from fpdf.fonts import FontFace

from .. import fonts
from ..errors import UsageError, usage_problem
from ..i18n import translator
from ..text import document_layout, document_text, shown
from ..theme import PAPER
from .drawing import Drawing, paint
from .geometry import PT, Box, fitted

FAMILY = "chainmap"  # fpdf2's name for the bundled text family (DejaVu Sans)
EMOJI = "chainmap-emoji"

# fpdf2 always writes a creation date; a document that asked for none has it blanked out.
_CREATION_DATE = re.compile(rb"/CreationDate \((?:[^()\\]|\\.)*\)")


class Document(FPDF):
    """An A4 PDF in chainmap's style, for cards and reports.

    >>> doc = Document("Acme Health: onboarding", lang="nl")
    >>> doc.add_page()
    >>> doc.heading("Ketenkaart")
    >>> box = doc.reserve(120)           # room for a diagram on this page
    >>> doc.place_drawing(drawing, box)  # a Graphviz layout, in the document's fonts
    >>> data = doc.to_bytes()

    All text is set in the bundled fonts (DejaVu Sans, with Noto Emoji for
    emoji), embedded as subsets.  The same content gives the same bytes: the
    creation date is ``created`` (a date or datetime) or left out, and the
    file id is derived from the content.  Every fpdf2 method stays available.
    """

    def __init__(self, title: str, *, lang: str = "en", orientation: str = "portrait",
                 footer: bool = True, footer_text: str | None = None, subject: str | None = None,
                 author: str | None = None, keywords: str | None = None,
                 created: date | datetime | None = None, margins: tuple = (18, 16, 18)):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.t = translator(lang)
        self.show_footer = footer
        self.footer_text = title if footer_text is None else footer_text
        # What fpdf2 had to say while this document was written (see library_messages).
        self.messages: list[str] = []
        self._register_fonts()
        self._glyphs: dict[str, frozenset] = {}
        # Widths of the words drawings set, in points (chainmap.pdf.drawing): the same names and
        # marks come back on page after page.
        self.word_widths: dict[tuple, float] = {}
        self.set_margins(*margins)
        self.set_auto_page_break(True, margin=20 if footer else margins[1])
        self._set_metadata(title, lang, subject, author, keywords, created)
        self.body()

    # -- set up -------------------------------------------------------------------------------

    def _register_fonts(self) -> None:
        self.add_font(FAMILY, "", str(fonts.REGULAR))
        self.add_font(FAMILY, "B", str(fonts.BOLD))
        self.add_font(EMOJI, "", str(fonts.EMOJI))
        # Characters DejaVu lacks (most emoji) come from Noto Emoji, in bold text too.
        self.set_fallback_fonts([EMOJI], exact_match=False)

    def _set_metadata(self, title, lang, subject, author, keywords, created) -> None:
        title, subject, author, keywords = (None if value is None else document_text(value)
                                            for value in (title, subject, author, keywords))
        self.set_title(title)
        self.set_lang(lang)
        self.set_creator("chainmap")
        if subject:
            self.set_subject(subject)
        if author:
            self.set_author(author)
        if keywords:
            self.set_keywords(keywords)
        # Same input, same bytes: the creation date is the one asked for, or
        # none (fpdf2 always writes one, so to_bytes() takes this one out).
        self.dated = created is not None
        if created is None:
            created = datetime(2000, 1, 1, tzinfo=timezone.utc)
        elif not isinstance(created, datetime):
            created = datetime(created.year, created.month, created.day, tzinfo=timezone.utc)
        self.set_creation_date(created.replace(tzinfo=created.tzinfo or timezone.utc))

    text_family = FAMILY

    def font_runs(self, text: str, style: str = "") -> list[tuple[str, str]]:
        """``text`` cut into (font family, text) runs: the text family, and Noto Emoji where it lacks a glyph."""
        glyphs = self._glyphs
        if not glyphs:
            glyphs[""] = frozenset(self.fonts[FAMILY.lower()].cmap)
            glyphs["B"] = frozenset(self.fonts[FAMILY.lower() + "B"].cmap)
            glyphs["emoji"] = frozenset(self.fonts[EMOJI.lower()].cmap)
        own, emoji = glyphs[style], glyphs["emoji"]
        runs: list[tuple[str, str]] = []
        for char in text:
            family = EMOJI if ord(char) not in own and ord(char) in emoji else FAMILY
            if runs and runs[-1][0] == family:
                runs[-1] = (family, runs[-1][1] + char)
            else:
                runs.append((family, char))
        return runs

    # -- text: shown, never interpreted ------------------------------------------------------------

    def normalize_text(self, text: str) -> str:
        """Every text fpdf2 sets, measures or wraps passes here: control and direction characters show as escapes.

        Names arrive shown already (``chainmap.text.document_text``); this is
        the last line of defence, so fpdf2 never gets a control character (it
        has no glyph for one, and would say so on stderr).  Line breaks the
        document itself wraps with stay.
        """
        return super().normalize_text(document_layout(text).replace("\t", " ").replace("\r", " "))

    def start_section(self, name: str, level: int = 0, strict: bool = True) -> None:
        """A bookmark (and an entry of the contents), its name shown like any other text."""
        super().start_section(document_text(name), level=level, strict=strict)

    # -- text styles ----------------------------------------------------------------------------

    def body(self, size: float = PAPER.body, *, bold: bool = False, color=PAPER.text) -> None:
        """Switch to body text of ``size`` points."""
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*color)

    def line_height(self, size: float | None = None) -> float:
        """A comfortable line height in mm for text of ``size`` points (default: the current size)."""
        return (size or self.font_size_pt) * PAPER.line * PT

    def heading(self, text: str, level: int = 1) -> None:
        """A bold heading; it moves to the next page rather than end a page on its own."""
        size = PAPER.headings[level - 1]
        needed = self.line_height(size) * 2 + 25  # the heading and a few lines under it
        if self.y + needed > self.page_break_trigger:
            self.add_page()
        if self.y > self.t_margin + 1:
            self.ln(size * 0.45)
        self.body(size, bold=True)
        self.multi_cell(0, self.line_height(size), text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(size * 0.2)
        self.body()

    def paragraph(self, text: str, *, size: float = PAPER.body, bold: bool = False, color=PAPER.text,
                  after: float = 2.5) -> None:
        """Wrapped text across the page's width, then ``after`` mm of space."""
        self.body(size, bold=bold, color=color)
        self.multi_cell(0, self.line_height(size), text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(after)
        self.body()

    def rows(self, rows, *, header=None, col_widths=None, size: float = 9.5) -> None:
        """A table: ``rows`` of cell texts, an optional ``header`` row repeated on each page.

        Cells wrap; text is taken literally (no markup).  ``col_widths`` are
        relative widths, one per column.
        """
        self.body(size)
        self.set_draw_color(*PAPER.rule)
        self.set_line_width(0.2)
        headings = FontFace(emphasis="BOLD", color=PAPER.text, fill_color=PAPER.shade)
        with self.table(col_widths=col_widths, first_row_as_headings=header is not None,
                        headings_style=headings, line_height=self.line_height(size),
                        text_align="LEFT", borders_layout="HORIZONTAL_LINES", padding=(1.2, 1.5)) as table:
            for cells in ([header] if header is not None else []) + [list(row) for row in rows]:
                row = table.row()
                for cell in cells:
                    row.cell("" if cell is None else str(cell))
        self.ln(3)

    # -- page furniture -------------------------------------------------------------------------

    def footer(self) -> None:
        """A thin rule, the document's title on the left, "Page 3 / 12" on the right."""
        if not self.show_footer:
            return
        y = self.h - 13
        self.set_draw_color(*PAPER.rule)
        self.set_line_width(0.2)
        self.line(self.l_margin, y, self.w - self.r_margin, y)
        self.set_xy(self.l_margin, y + 1.5)
        self.body(PAPER.footer, color=PAPER.muted)
        width = self.w - self.l_margin - self.r_margin
        page = self.t("pdf.page", page=self.page_no(), pages=self.str_alias_nb_pages)
        self.cell(width * 0.75, 5, self.footer_text, align="L")
        self.cell(width * 0.25, 5, page, align="R")

    # -- diagrams ---------------------------------------------------------------------------------

    def reserve(self, height: float, width: float | None = None) -> Box:
        """Keep ``height`` mm (and ``width``, default the text width) free for a diagram.

        Starts a new page when the box does not fit on this one; the text
        after it continues below the box.
        """
        width = self.epw if width is None else width
        if self.y + height > self.page_break_trigger:
            self.add_page()
        box = Box(self.page, self.l_margin, self.y, width, height)
        self.set_y(self.y + height)
        return box

    def operators(self, text: str) -> None:
        """PDF drawing operators, as they are, onto the page being written (``chainmap.pdf.drawing``)."""
        self._out(text)

    @contextmanager
    def butt_caps(self):
        """Lines drawn inside end where they end, so a dash pattern keeps its gaps.

        fpdf2 starts every page with square caps, which reach half the line's
        width past each end: on a thick dashed line they fill the gaps.  The
        settings made inside stay inside (a local graphics state).
        """
        with self.local_context():
            self._out("0 J")
            yield

    def remaining(self) -> float:
        """Millimetres left on this page above the footer."""
        return self.page_break_trigger - self.y

    def place_drawing(self, drawing: Drawing, box: Box, *, max_scale: float | None = 1.0, valign: str = "top",
                      region: tuple | None = None) -> Box:
        """Draw ``drawing`` (a Graphviz layout, :mod:`chainmap.pdf.drawing`) into ``box`` on this page, now.

        Scaled to fit, keeping its proportions, never above ``max_scale``
        (1.0 = its own size, so a small drawing is not blown up), centred
        across the box.  Its words are set in the document's fonts, so each
        font is embedded once however many drawings there are.  ``region``
        (x, y, w, h in mm from the drawing's top-left corner) draws only that
        part, clipped: one piece of a drawing too large for one sheet.
        Returns the area it covers.
        """
        if box.page != self.page:
            raise ValueError(f"a drawing goes onto the page being written ({self.page}), not page {box.page}")
        crop = drawing.crop(region)
        area = fitted(box, crop[2] * PT, crop[3] * PT, max_scale=max_scale, valign=valign)
        paint(self, drawing, area, crop)
        return area

    def to_bytes(self) -> bytes:
        """The finished PDF; same content, same bytes."""
        with library_messages(self.messages):
            data = self.output()
            # fpdf2's copy of every page is not needed any more: free it before the bytes are made.
            self.buffer = bytearray()
            self.pages = {}
        if not self.dated:
            # Blanked where it stands, not cut out: every byte offset stays where fpdf2 wrote it,
            # and a large report is not copied once more for it.
            found = _CREATION_DATE.search(data)
            if found:
                data[found.start():found.end()] = b" " * (found.end() - found.start())
        return bytes(data)


# The libraries that write the PDFs, and say things on their own (fpdf2: "Font ... is missing
# the following glyphs").
LIBRARIES = ("fpdf",)


# The lists collecting now, innermost last: library_messages() may nest (a report collects
# while each of its documents does too).
_COLLECTING: list[list] = []


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)

    def emit(self, record) -> None:
        try:
            message = shown(record.getMessage())
        except Exception:  # pragma: no cover - a message that cannot be formatted is not worth a crash
            message = shown(str(record.msg))
        for messages in _COLLECTING:
            messages.append(message)


@contextmanager
def library_messages(messages: list | None = None):
    """Keep what fpdf2 logs or warns off stderr: collected into ``messages``, shown safely.

    Their words are not chainmap's, and quote the raw text they were given
    ("Font ... is missing the following glyphs: '\\x1b'").  What they report
    is kept on the list, and at debug level on the ``chainmap.pdf`` logger,
    for whoever wants to look.  Other warnings are passed on as they came.
    """
    messages = [] if messages is None else messages
    if _COLLECTING:  # nested: the outer collection has the loggers and warnings in hand
        _COLLECTING.append(messages)
        try:
            yield messages
        finally:
            _COLLECTING.remove(messages)
        return
    loggers = [logging.getLogger(name) for name in LIBRARIES]
    handler = _Collect()
    saved = [logger.propagate for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.propagate = False
    _COLLECTING.append(messages)
    caught: list = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield messages
    finally:
        _COLLECTING.remove(messages)
        for logger, propagate in zip(loggers, saved):
            logger.removeHandler(handler)
            logger.propagate = propagate
        for warning in caught:
            module = (warning.filename or "").replace("\\", "/")
            if any(f"/{name}/" in module for name in LIBRARIES):
                messages.append(shown(f"{warning.category.__name__}: {warning.message}"))
            else:
                warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno,
                                       source=warning.source)
        for message in messages:
            _LOG.debug("%s", message)


@contextmanager
def pdf_layout_errors(subject: str, hint: str, messages: list | None = None):
    """Write a document: what fpdf2 says goes to ``messages`` (:func:`library_messages`), and a layout
    fpdf2 refuses is a :class:`~chainmap.errors.UsageError` (``output``) that names ``subject``, one
    line with ``hint``, not a traceback."""
    with library_messages(messages):
        try:
            yield
        except FPDFException as exc:
            raise UsageError([usage_problem("output", f"{subject} could not be laid out: {exc}", hint)]) from None


_LOG = logging.getLogger("chainmap.pdf")
