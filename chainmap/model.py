"""The domain: teams, the links to their customers and the feedback loops on them.

Frozen dataclasses and small pure helpers; no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

# Listening: someone talks with the customer and can ask "why a 7 and not a 9?".
LISTENING_KINDS = ("conversation", "review", "retro", "callback", "interview", "visit", "demo", "workshop")
# Hearing: a signal arrives, but nobody asked why.  "Horen is nog geen luisteren."
HEARING_KINDS = ("survey", "nps", "score", "complaints", "tickets")
FEEDBACK_KINDS = LISTENING_KINDS + HEARING_KINDS

DAYS_PER_MONTH = 365.25 / 12
NAMED_CADENCES = {
    "weekly": 7.0,
    "biweekly": 14.0,
    "monthly": DAYS_PER_MONTH,
    "quarterly": 3 * DAYS_PER_MONTH,
    "half-yearly": 6 * DAYS_PER_MONTH,
    "yearly": 365.25,
}
UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": DAYS_PER_MONTH}
DEFAULT_CADENCE_DAYS = NAMED_CADENCES["yearly"]
# A loop is still current until 1.5 x its cadence has passed since it last happened.
STALE_FACTOR = 1.5

CADENCE_RE = re.compile(r"^\s*(\d+)\s+(day|week|month)s?\s*$")
_NON_SLUG_RE = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """Lowercase, accents stripped, runs of other characters turned to ``-``.

    >>> slugify("Patiënten & Zorg")
    'patienten-zorg'
    """
    ascii_only = name
    if not name.isascii():  # ASCII has no accents to strip: most names skip this
        decomposed = unicodedata.normalize("NFKD", name)
        ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_SLUG_RE.sub("-", ascii_only.lower()).strip("-")


# Worked out once per cadence as written (up to this many): a large map judges hundreds of thousands of loops.
@lru_cache(maxsize=10_000)
def cadence_days(cadence: str) -> float | None:
    """Days in a cadence such as ``quarterly`` or ``6 weeks``; None when not a cadence."""
    text = cadence.strip().lower()
    if text in NAMED_CADENCES:
        return NAMED_CADENCES[text]
    match = CADENCE_RE.match(text)
    if match and int(match.group(1)) > 0:
        return int(match.group(1)) * UNIT_DAYS[match.group(2)]
    return None


def within_cadence(last: date, days: float, as_of: date) -> bool:
    """The one staleness rule: what last happened on ``last`` is current within 1.5 x its cadence of ``days``."""
    return (as_of - last).days <= STALE_FACTOR * days


def latest_score(link) -> float | None:
    """The score of a link's most recent scored loop (undated loops count as oldest)."""
    scored = [loop for loop in link.feedback if loop.score is not None]
    if not scored:
        return None
    return max(scored, key=lambda loop: (loop.last is not None, loop.last or date.min)).score


@dataclass(frozen=True)
class Source:
    """Where something was written: file path and 1-based line and column."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class FeedbackLoop:
    kind: str
    source: Source
    cadence: str | None = None
    last: date | None = None
    score: float | None = None
    note: str | None = None

    @property
    def listening(self) -> bool:
        return self.kind in LISTENING_KINDS

    @property
    def cadence_days(self) -> float:
        return cadence_days(self.cadence) if self.cadence else DEFAULT_CADENCE_DAYS

    def is_current(self, as_of: date) -> bool:
        """True when the loop has no ``last`` or happened within 1.5 x its cadence."""
        return self.last is None or within_cadence(self.last, self.cadence_days, as_of)


@dataclass(frozen=True)
class Promise:
    """Something promised to the customer by a date: ``promises:`` on a link.

    ``delivered`` is when it was delivered (None: not yet), ``told`` when the
    customer was told it would be late (None: never).  Promise less, deliver
    more: early is good; call before you are called.
    """

    what: str
    promised: date
    source: Source
    delivered: date | None = None
    told: date | None = None
    note: str | None = None

    @property
    def outcome(self) -> str | None:
        """``early``, ``on-time`` or ``late`` once delivered; None while open."""
        if self.delivered is None:
            return None
        if self.delivered < self.promised:
            return "early"
        return "on-time" if self.delivered == self.promised else "late"

    @property
    def told_in_time(self) -> bool:
        """The customer was told on or before the promised date."""
        return self.told is not None and self.told <= self.promised

    def is_overdue(self, as_of: date) -> bool:
        """The date has passed (as_of after it) and it was not delivered by as_of."""
        return as_of > self.promised and (self.delivered is None or self.delivered > as_of)


@dataclass(frozen=True)
class Link:
    """A supplier delivering to a customer: one link of the chain.

    ``declared_by`` is ``"supplier"`` for a link from a ``customers:`` list, or
    ``"customer"`` for one known only from the customer's ``suppliers:`` list.

    ``agreement`` is where the agreement is written down (text or an address),
    whether the file gave it as a plain string or as ``agreement: {where: ...}``;
    ``agreement_approved`` is when the customer approved it and
    ``agreement_review`` how often it is reviewed (default yearly).
    """

    supplier: str
    customer: str
    customer_ref: str
    source: Source
    delivers: str | None = None
    need: str | None = None
    agreement: str | None = None
    external: bool | None = None
    feedback: tuple[FeedbackLoop, ...] = ()
    declared_by: str = "supplier"
    agreement_approved: date | None = None
    agreement_review: str | None = None
    promises: tuple[Promise, ...] = ()

    @property
    def agreement_review_days(self) -> float:
        return cadence_days(self.agreement_review) if self.agreement_review else DEFAULT_CADENCE_DAYS

    def agreement_is_current(self, as_of: date) -> bool:
        """Approved within 1.5 x its review cadence (the same STALE_FACTOR as feedback loops)."""
        return self.agreement_approved is not None and within_cadence(self.agreement_approved,
                                                                      self.agreement_review_days, as_of)

    @property
    def latest_score(self) -> float | None:
        """The score of the most recent scored loop (undated loops count as oldest)."""
        return latest_score(self)


@dataclass(frozen=True)
class SupplierRef:
    name: str
    id: str
    source: Source


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    source: Source
    department: str | None = None
    description: str | None = None
    contact: str | None = None
    suppliers: tuple[SupplierRef, ...] | None = None
    customers: tuple[Link, ...] = ()


@dataclass(frozen=True)
class ChainMap:
    """Everything loaded from the input files, validated."""

    teams: tuple[Team, ...]
    organization: str | None = None
    files: tuple[str, ...] = field(default=())

    def team(self, team_id: str) -> Team | None:
        for team in self.teams:
            if team.id == team_id:
                return team
        return None
