"""The questions of `chainmap init` and the team file built from the answers.

The command line asks them one at a time (or takes them from flags); this module
holds what is asked, how an answer is read, and what the answers make.  The
questions follow the seeds: who would have a problem if we stopped?  What do they
really need?  When did we last ask them, and how?

>>> team = build_team({"team": "Payroll", "customers": [{"team": "HR Advisory", "kind": "review"}]})
>>> team["customers"][0]["feedback"]
[{'kind': 'review'}]
"""

from __future__ import annotations

from dataclasses import dataclass

from .link_rows import CellError, parse_cell
from .model import slugify
from .teamfile import MAX_NAME_CHARS, MAX_TEXT_CHARS


@dataclass(frozen=True)
class Question:
    """One question: its answer's key, the column of the links sheet that reads it (None: free text).

    ``name``: the answer is a name (at most MAX_NAME_CHARS); ``required``: it may not be
    empty; ``after_kind``: asked only when the customer was asked for feedback in some way.
    """

    key: str
    column: str | None = None
    name: bool = False
    required: bool = False
    after_kind: bool = False

    @property
    def prompt(self) -> str:
        """The i18n key of the question."""
        return f"init.{self.key}"


TEAM_QUESTIONS = (Question("team", name=True, required=True), Question("department", name=True))
CUSTOMER_QUESTION = Question("customer", name=True)  # asked until the answer is empty
LINK_QUESTIONS = (
    Question("delivers"),
    Question("need"),
    Question("agreement"),
    Question("external", column="external"),
    Question("kind", column="feedback kind"),
    Question("cadence", column="cadence", after_kind=True),
    Question("last", column="last", after_kind=True),
    Question("score", column="score", after_kind=True),
)


def read_answer(question: Question, text: str | None):
    """The value of an answer, None when empty; :class:`~chainmap.link_rows.CellError` when it cannot be used."""
    text = (text or "").strip()
    if not text:
        if question.required:
            raise CellError("empty-name", "an answer is needed here")
        return None
    if question.column:
        return parse_cell(question.column, text)
    limit = MAX_NAME_CHARS if question.name else MAX_TEXT_CHARS
    if len(text) > limit:
        raise CellError("too-long", f"{len(text):,} characters; the limit is {limit:,}",
                        "use a short name" if question.name else "keep it to a few sentences")
    if question.name and not slugify(text):
        raise CellError("no-id", f"{text!r} has no letters or digits", "use a name with letters or digits")
    return text


def read_customer(answers: dict, text: str | None) -> str | None:
    """A customer's name: as :func:`read_answer`, and neither the team itself nor a customer named before."""
    name = read_answer(CUSTOMER_QUESTION, text)
    if name is None:
        return None
    if slugify(name) == slugify(answers.get("team") or ""):
        raise CellError("self-customer", f"{name!r} is this team", "a team's customers are other teams")
    if any(slugify(name) == slugify(customer["team"]) for customer in answers.get("customers") or []):
        raise CellError("duplicate-link", f"{name!r} is a customer already",
                        "describe each customer once; put several deliveries in one answer")
    return name


def build_team(answers: dict) -> dict:
    """The team data (the team-file shape) the answers describe.

    ``answers``: ``team``, ``department`` and ``customers``, a list of dicts with a
    customer's ``team`` and the keys of :data:`LINK_QUESTIONS`.
    """
    team = {"team": answers["team"]}
    if answers.get("department"):
        team["department"] = answers["department"]
    customers = []
    for answer in answers.get("customers") or []:
        customer = {"team": answer["team"]}
        for key in ("delivers", "need", "agreement", "external"):
            if answer.get(key) is not None:
                customer[key] = answer[key]
        if answer.get("kind"):
            loop = {"kind": answer["kind"]}
            loop.update({key: answer[key] for key in ("cadence", "last", "score") if answer.get(key) is not None})
            customer["feedback"] = [loop]
        customers.append(customer)
    team["customers"] = customers
    return team
