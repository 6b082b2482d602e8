"""Conversation cards: one printable A6 card per link that needs a conversation.

A team takes its cards to its customers and asks the three questions (keep,
stop, start) and what would make their grade a 9.  Which links get a card:

* by default every link that is not ``healthy``: ``no-feedback`` (nobody asks
  this customer), ``stale`` (the last loop is overdue) and ``hearing-only``
  (scores or tickets, no conversation: hearing is not listening, so these
  need the conversation most);
* every link with a promise delivered late, or past its date and not
  delivered: that card starts by saying sorry (``Card.sorry``);
* with ``all_links`` every link, healthy ones too;
* with ``team`` only the links that team supplies: the cards it takes to
  its own customers.

>>> from chainmap.cards import select_cards, render_cards
>>> cards = select_cards(graph, as_of, team="Payroll")
>>> pdf = render_cards(cards, "pdf", title="Acme Health", lang="nl", as_of=as_of)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from ..formats import Format, Formats
from ..graph import find_team
from ..i18n import number_text
from ..model import latest_score
from ..rules import link_state
from ..scores import score_trend
from ..text import document_text

NEEDS_CONVERSATION = ("no-feedback", "stale", "hearing-only")
# The cards' formats; `chainmap cards -f` and the -o name choose among them.
FORMATS = Formats("cards",
                  Format("pdf", "chainmap.cards.pdf:cards_pdf", (".pdf",), binary=True),
                  Format("html", "chainmap.cards.html:cards_html", (".html", ".htm")))


@dataclass(frozen=True)
class Card:
    """What one card shows: the link, what flows over it, the last grade, its state."""

    supplier: str  # display names
    customer: str
    supplier_id: str
    customer_id: str
    state: str  # one of rules.LINK_STATES
    delivers: str | None = None
    need: str | None = None
    score: float | None = None  # the customer's most recent grade, if any
    external: bool = False  # the customer is outside the organisation
    sorry: tuple = ()  # promises (chainmap.model.Promise) delivered late or overdue: say sorry first
    trend: tuple = ()  # the link's scores, oldest first (chainmap.scores.score_trend): "7 → 8"


def broken_promises(link, as_of: date) -> tuple:
    """The link's promises delivered after their date, or past it and not delivered by ``as_of``."""
    return tuple(p for p in link.promises if p.outcome == "late" or p.is_overdue(as_of))


def select_cards(graph, as_of: date, *, all_links: bool = False, team: str | None = None,
                 earlier=None) -> list[Card]:
    """The cards to print, in the map's order (grouped by supplier).

    ``earlier``: ``(graph, day)``, the map as it was on an earlier day (``cards --since REV``);
    a card's score trend then starts at the score the link had that day.

    Raises :class:`UsageError` (``unknown-team``) when ``team`` is not in the map.
    """
    supplier_id = find_team(graph, team) if team else None

    def shown(value):  # control and direction characters as escapes, line breaks as spaces (chainmap.text)
        return None if value is None else document_text(value)

    cards = []
    for supplier, customer, data in graph.edges(data=True):
        if supplier_id is not None and supplier != supplier_id:
            continue
        link = data["link"]
        state = link_state(link, as_of)
        sorry = broken_promises(link, as_of)
        before, day = None, None
        if earlier is not None and earlier[0].has_edge(supplier, customer):
            before, day = latest_score(earlier[0].edges[supplier, customer]["link"]), earlier[1]
        if not all_links and state not in NEEDS_CONVERSATION and not sorry:
            continue
        cards.append(Card(
            supplier=shown(graph.nodes[supplier]["name"]), customer=shown(graph.nodes[customer]["name"]),
            supplier_id=supplier, customer_id=customer, state=state, delivers=shown(link.delivers),
            need=shown(link.need), score=last_score(link), external=bool(graph.nodes[customer].get("external")),
            sorry=tuple(replace(p, what=shown(p.what)) for p in sorry), trend=score_trend(link, before, day)))
    return cards


def last_score(link) -> float | None:
    """The grade of the most recent feedback loop that has one (undated loops count as oldest)."""
    scored = [(loop.last or date.min, index, loop.score) for index, loop in enumerate(link.feedback)
              if loop.score is not None]
    return max(scored)[2] if scored else None


def score_sentence(card: Card, t) -> str:
    """"You gave us a 7. What would make it a 9?", or with a blank for the grade when none is known.

    With two scores or more on record the card shows the trend: "Your grades for us: 7 → 8. What would make it a 9?"
    """
    if card.score is None:
        return t("cards.score.blank")
    trend = " \u2192 ".join(number_text(score, t.lang) for score in card.trend) if len(card.trend) >= 2 else None
    if card.score >= 10:
        if trend:
            return t("cards.score.trend.top", trend=trend, score=number_text(card.score, t.lang))
        return t("cards.score.top", score=number_text(card.score, t.lang))
    target = 9 if card.score < 9 else 10
    if trend:
        return t("cards.score.trend", trend=trend, target=number_text(target, t.lang))
    return t("cards.score.known", score=number_text(card.score, t.lang), target=number_text(target, t.lang))


def sorry_sentence(card: Card, t) -> str | None:
    """"Sorry: ... came on ..., later than the ... we promised.", one sentence per broken promise; None if none."""
    if not card.sorry:
        return None
    sentences = []
    for promise in card.sorry:
        if promise.outcome == "late":
            sentences.append(t("cards.sorry.late", what=promise.what, delivered=promise.delivered.isoformat(),
                               promised=promise.promised.isoformat()))
        else:
            sentences.append(t("cards.sorry.open", what=promise.what, promised=promise.promised.isoformat()))
    return " ".join(sentences)


def document_title(title: str | None, t) -> str:
    return t("cards.document", title=title) if title else t("cards.document.untitled")


def format_for_suffix(suffix: str) -> str | None:
    """The cards' format a file suffix such as ``.pdf`` chooses, or None."""
    return FORMATS.for_suffix(suffix)


def render_cards(cards, fmt: str, *, title: str | None = None, lang: str = "en",
                 as_of: date | None = None) -> bytes:
    """The cards as a ``pdf`` or ``html`` file: four A6 cards to an A4 page, with cut marks.

    ``title`` (the map's title) goes in each card's footer.  The PDF's
    creation date is ``as_of`` (or none), so the same input gives the same bytes.
    """
    writer = FORMATS.get_or_fail(fmt)
    title = None if title is None else document_text(title)
    return writer(list(cards), title=title, lang=lang, as_of=as_of)
