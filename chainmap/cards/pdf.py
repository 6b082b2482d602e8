"""The cards as a PDF: A6 cards, four to an A4 portrait page (2 x 2), with light cut marks."""

from __future__ import annotations

import math

from ..i18n import translator
from ..pdf import PT, Document, pdf_layout_errors
from ..theme import PAPER
from . import document_title, score_sentence, sorry_sentence

CARD_W, CARD_H = 105.0, 148.5  # A4 in four; A6 is 105 x 148 mm
INSET = 9.0  # white border left and right inside each card: clear of the printer's margin and the cut
INSET_Y = 7.5  # and at top and bottom
WIDTH = CARD_W - 2 * INSET
WRITE_LINE = 6.5  # mm between writing lines: room for handwriting (narrow-ruled paper: 6.35)

TITLE_SIZES = PAPER.card_titles  # the link's names: largest that fits in three lines
MAX_TITLE_LINES = 3
QUESTION = PAPER.card_question  # point sizes, from the theme registry
BODY = PAPER.card_body
LABEL = PAPER.card_label
SMALL = PAPER.card_footer
MIN_NOTES = 3  # writing lines for notes, at least, before the prompts get two each


def cards_pdf(cards, *, title, lang, as_of) -> bytes:
    """The cards as PDF bytes; fpdf2's own words stay off stderr, a layout it refuses is one line."""
    with pdf_layout_errors("the cards", "write them as HTML instead: -o FILE.html"):
        return _cards_pdf(cards, title=title, lang=lang, as_of=as_of)


def _cards_pdf(cards, *, title, lang, as_of) -> bytes:
    t = translator(lang)
    doc = Document(document_title(title, t), lang=lang, footer=False, created=as_of, margins=(0, 0, 0))
    doc.set_auto_page_break(False)
    doc.c_margin = 0  # text starts where the writing lines start
    doc.wrapped = {}
    for start in range(0, len(cards), 4):
        doc.add_page()
        _cut_marks(doc)
        for slot, card in enumerate(cards[start:start + 4]):
            _Card(doc, card, t, title, slot).draw()
    return doc.to_bytes()


def _cut_marks(doc) -> None:
    """Short ticks where the two cuts meet the page edges, and a cross where they meet each other."""
    doc.set_draw_color(*PAPER.cut)
    doc.set_line_width(0.2)
    x, y = CARD_W, CARD_H
    for start, end in ((3, 7), (doc.h - 7, doc.h - 3)):
        doc.line(x, start, x, end)
    for start, end in ((3, 7), (doc.w - 7, doc.w - 3)):
        doc.line(start, y, end, y)
    doc.line(x - 4, y, x + 4, y)
    doc.line(x, y - 4, x, y + 4)


class _Card:
    """One card, drawn top-down inside its quarter of the page."""

    def __init__(self, doc: Document, card, t, map_title: str | None, slot: int):
        self.doc, self.card, self.t, self.map_title = doc, card, t, map_title
        self.x = (slot % 2) * CARD_W + INSET
        self.top = (slot // 2) * CARD_H + INSET_Y
        self.bottom = (slot // 2 + 1) * CARD_H - INSET_Y
        self.y = self.top

    # -- text helpers --------------------------------------------------------------------------

    def lines(self, text: str, size: float, bold: bool = False) -> list[str]:
        """How ``text`` wraps across the card (remembered: every card asks about the same questions)."""
        key = (text, size, bold)
        if key not in self.doc.wrapped:
            self.doc.body(size, bold=bold)
            self.doc.wrapped[key] = self.doc.multi_cell(WIDTH, size * PT * 1.25, text, dry_run=True,
                                                        output="LINES")
        return self.doc.wrapped[key]

    def fit(self, text: str, size: float, max_lines: int, bold: bool = False) -> str:
        """``text``, cut short with an ellipsis when it needs more than ``max_lines`` lines."""
        lines = self.lines(text, size, bold)
        if len(lines) <= max_lines:
            return text
        kept = lines[:max_lines]
        last = kept[-1].rstrip()
        while last and self.doc.get_string_width(last + " …") > WIDTH:
            last = last[:-1].rstrip()
        return "\n".join(kept[:-1] + [last + " …"])

    def text(self, text: str, size: float, *, bold=False, color=PAPER.text, gap: float = 0.0) -> None:
        self.doc.body(size, bold=bold, color=color)
        height = size * PT * 1.25
        self.doc.set_xy(self.x, self.y)
        self.doc.multi_cell(WIDTH, height, text, align="L", new_x="LEFT", new_y="NEXT")
        self.y = self.doc.get_y() + gap

    def writing_lines(self, count: int) -> None:
        self.doc.set_draw_color(*PAPER.writing_line)
        self.doc.set_line_width(0.2)
        for _ in range(count):
            self.y += WRITE_LINE
            self.doc.line(self.x, self.y, self.x + WIDTH, self.y)
        self.y += 2.2

    # -- the card, top to bottom -------------------------------------------------------------------

    def draw(self) -> None:
        self.header()
        sorry = sorry_sentence(self.card, self.t)
        if sorry:  # a broken promise: the card starts by saying sorry
            self.text(self.fit(sorry, BODY, 3, bold=True), BODY, bold=True, gap=1.2)
        self.link()
        self.flow(self.t("cards.delivers"), self.card.delivers, self.t("cards.delivers.unknown"))
        self.flow(self.t("cards.need"), self.card.need, self.t("cards.need.unknown"))
        self.y += 1.5
        self.prompts()
        self.footer()

    def header(self) -> None:
        """A bar in the colour of the link's state, and what kind of card this is."""
        doc = self.doc
        doc.set_fill_color(*PAPER.state(self.card.state))
        doc.rect(self.x, self.y + 0.9, 9, 1.6, style="F")
        kind = self.t("cards.kind").upper()
        if self.card.external:
            kind += "  ·  " + self.t("cards.external").upper()
        doc.body(LABEL, bold=True, color=PAPER.muted)
        doc.set_xy(self.x + 11, self.y)
        doc.cell(WIDTH - 11, 3.4, kind)
        self.y += 3.4 + 1.6

    def link(self) -> None:
        names = self.t("cards.link", supplier=self.card.supplier, customer=self.card.customer)
        for size in TITLE_SIZES:
            if len(self.lines(names, size, bold=True)) <= MAX_TITLE_LINES:
                break
        self.text(self.fit(names, size, MAX_TITLE_LINES + 1, bold=True), size, bold=True, gap=2.0)

    def flow(self, label: str, value: str | None, unknown: str) -> None:
        """``LABEL value`` as one paragraph of at most three lines (longer values are cut short)."""
        doc = self.doc
        label = label.upper() + "  "
        text = value or unknown
        # Measured as if the label were body text, a little wider than it is: never too narrow.
        text = self.fit(label + text, BODY, 3)[len(label):].replace("\n", " ")
        height = BODY * PT * 1.25
        doc.set_left_margin(self.x)
        doc.set_right_margin(doc.w - self.x - WIDTH)
        doc.set_xy(self.x, self.y)
        doc.body(LABEL, bold=True, color=PAPER.muted)
        doc.write(height, label)
        doc.body(BODY, color=PAPER.text if value else PAPER.muted)
        doc.write(height, text)
        doc.set_margins(0, 0, 0)
        self.y = doc.get_y() + height + 1.2

    def prompts(self) -> None:
        """The three questions and the grade, each with writing lines; the rest is for notes.

        Each prompt gets the same number of lines (two when the card has room,
        else one); the notes take every line left above the date.
        """
        t = self.t
        questions = [t("cards.keep"), t("cards.stop"), t("cards.start"), score_sentence(self.card, t)]
        labels = [len(self.lines(q, self.one_line_size(q), bold=True)) * QUESTION * PT * 1.25 + 2.2
                  for q in questions]
        notes_head = LABEL * PT * 1.25 + 2.2
        limit = self.date_row()
        room = limit - self.y - sum(labels) - notes_head
        per_question = 2 if room >= (4 * 2 + MIN_NOTES) * WRITE_LINE else 1
        for question in questions:
            self.text(question, self.one_line_size(question), bold=True, gap=0)
            self.writing_lines(per_question)
        self.text(t("cards.notes").upper(), LABEL, bold=True, color=PAPER.muted, gap=0)
        self.writing_lines(max(1, math.floor((limit - 1.5 - self.y) / WRITE_LINE)))

    def one_line_size(self, text: str) -> float:
        """The question size, or a little smaller when that keeps ``text`` on one line."""
        for size in (QUESTION, QUESTION - 0.5, QUESTION - 1):
            if len(self.lines(text, size, bold=True)) == 1:
                return size
        return QUESTION

    def date_row(self) -> float:
        """Where the date field starts."""
        return self.bottom - 6.0 - 6.5

    def footer(self) -> None:
        doc = self.doc
        y = self.date_row()
        doc.body(BODY)
        date_label, with_label = self.t("cards.date") + ":", self.t("cards.with") + ":"
        doc.set_xy(self.x, y)
        doc.cell(doc.get_string_width(date_label) + 1.5, 5, date_label)
        start = doc.get_x()
        half = self.x + WIDTH * 0.42
        doc.set_draw_color(*PAPER.writing_line)
        doc.line(start, y + 4.4, half, y + 4.4)
        doc.set_xy(half + 3, y)
        doc.cell(doc.get_string_width(with_label) + 1.5, 5, with_label)
        doc.line(doc.get_x(), y + 4.4, self.x + WIDTH, y + 4.4)

        y = self.bottom - 4.0
        doc.set_draw_color(*PAPER.rule)
        doc.line(self.x, y - 1, self.x + WIDTH, y - 1)
        state = self.t("cards.footer.state", state=self.t(f"state.{self.card.state}"))
        doc.body(SMALL, color=PAPER.muted)
        state_width = doc.get_string_width(state) + 1
        title = self.map_title or ""
        while title and doc.get_string_width(title) > WIDTH - state_width - 3:
            title = title[:-2].rstrip() + "…"
        doc.set_xy(self.x, y)
        doc.cell(WIDTH - state_width, 4, title, align="L")
        doc.cell(state_width, 4, state, align="R")
        doc.body()
