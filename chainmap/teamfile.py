"""The team file's keys, in one place: the validator (validate.py) and `chainmap schema` (schema.py) read them.

A :class:`Shape` is a mapping of the file (a team, a customer, a feedback loop...) and its
:class:`Key` entries say what each key holds (one of the ``VALUES`` below), whether it is
required and what it means.  Keys starting with ``x-`` are free annotations in every shape.
"""

from __future__ import annotations

from dataclasses import dataclass

# Longest values, in characters.  Real names are a few words and real texts a
# few sentences; far longer ones are pasted by mistake.  Graphviz fails on a
# name of some 8,000 characters (it is in the label, the id and the tooltips)
# and on a text of 16 KB on one line of a tooltip: 4,096 characters that take
# 4 bytes each.  These limits stay well below both, every field at its limit
# together included (tests/test_hostile_input.py draws that to SVG, PNG and PDF).
MAX_NAME_CHARS = 200
MAX_TEXT_CHARS = 2_000

FREE_KEY_PREFIX = "x-"

# What a key's value is.
NAME = "name"            # short text, not empty, at most MAX_NAME_CHARS
TEXT = "text"            # free text (a number is kept as written), at most MAX_TEXT_CHARS
BOOLEAN = "boolean"      # true or false
DATE = "date"            # an ISO date, YYYY-MM-DD
CADENCE = "cadence"      # weekly ... yearly, or "N days|weeks|months"
SCORE = "score"          # a number from 0 to 10
KIND = "kind"            # a feedback kind (chainmap.model.FEEDBACK_KINDS)
NAMES = "names"          # a list of names
TEAMS = "teams"          # a list of team mappings
CUSTOMERS = "customers"  # a list of customers: a name (short form) or a customer mapping
LOOPS = "loops"          # a list of feedback-loop mappings
PROMISES = "promises"    # a list of promise mappings
AGREEMENT = "agreement"  # where the agreement is (text), or an agreement mapping
VALUES = (NAME, TEXT, BOOLEAN, DATE, CADENCE, SCORE, KIND, NAMES, TEAMS, CUSTOMERS, LOOPS, PROMISES, AGREEMENT)


@dataclass(frozen=True)
class Key:
    """One key of a shape: what its value is, whether it must be there, and one sentence on what it means.

    ``label`` names the value in the validator's messages ("team name is empty"); default: the key.
    """

    name: str
    value: str
    description: str
    required: bool = False
    label: str | None = None

    @property
    def what(self) -> str:
        return self.label or self.name


@dataclass(frozen=True)
class Shape:
    """A mapping of the file: ``what`` names it in messages ("unknown key 'x' in a team").

    ``any_of``: keys of which the mapping holds at least one (a map has a title, teams or both).
    """

    name: str
    what: str
    description: str
    keys: tuple[Key, ...]
    any_of: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.keys)

    def key(self, name: str) -> Key:
        return next(key for key in self.keys if key.name == name)


TEAM = Shape("team", "a team", "One team: its name, where it sits and the customers it delivers to.", (
    Key("team", NAME, "The team's display name.", required=True, label="team name"),
    Key("id", NAME, "A short id for references; default: the slug of the name."),
    Key("department", NAME, "The department; its teams are drawn together in one box."),
    Key("description", TEXT, "What the team does; shown in tooltips."),
    Key("contact", TEXT, "Who to talk to: a name, an e-mail address or a phone number; shown in tooltips."),
    Key("suppliers", NAMES, "Teams this team depends on, by name or id; enables the acknowledgement checks.",
        label="supplier name"),
    Key("customers", CUSTOMERS, "Who would have a problem if this team stopped: a customer mapping, "
                                "or just a name."),
))

MAP = Shape("map", "a map", "A whole map: the organisation's title and a list of teams.", (
    Key("organization", NAME, "The organisation's name; the diagram's title."),
    Key("teams", TEAMS, "The teams of the map, each a team mapping."),
), any_of=("organization", "teams"))

CUSTOMER = Shape("customer", "a customer", "A customer of the team: one link of the chain.", (
    Key("team", NAME, "Name or id of the customer team.", required=True, label="customer name"),
    Key("delivers", TEXT, "What the team delivers to this customer; the arrow's label."),
    Key("need", TEXT, "The need behind the request: the question behind the question."),
    Key("agreement", AGREEMENT, "Where the written agreement is (an address or text), "
                                "or a mapping with where, approved and review."),
    Key("external", BOOLEAN, "True for an end customer, outside the organisation."),
    Key("feedback", LOOPS, "The feedback loops on this link; missing or empty: no feedback loop."),
    Key("promises", PROMISES, "What the team promised this customer, and by when."),
))

AGREEMENT_MAP = Shape("agreement", "an agreement", "A written agreement, approved by the customer.", (
    Key("where", TEXT, "Where the agreement is written down, such as its address on the intranet.",
        required=True, label="agreement"),
    Key("approved", DATE, "The date the customer approved it (YYYY-MM-DD)."),
    Key("review", CADENCE, "How often it is reviewed together; default yearly."),
))

LOOP = Shape("loop", "a feedback loop", "A feedback loop on a link: how the team learns what the customer thinks.", (
    Key("kind", KIND, "The kind of loop: listening (a conversation) or hearing (a signal).", required=True),
    Key("cadence", CADENCE, "How often it happens; default yearly."),
    Key("last", DATE, "When it last happened (YYYY-MM-DD)."),
    Key("score", SCORE, "The customer's last grade, from 0 to 10."),
    Key("note", TEXT, "Free text."),
))

PROMISE = Shape("promise", "a promise", "Something promised to the customer by a date.", (
    Key("what", TEXT, "What was promised, in a few words.", required=True),
    Key("promised", DATE, "The date it was promised for (YYYY-MM-DD).", required=True),
    Key("delivered", DATE, "When it was delivered (YYYY-MM-DD); missing: not yet."),
    Key("told", DATE, "When the customer was told it would be late (YYYY-MM-DD)."),
    Key("note", TEXT, "Free text."),
))

SHAPES = (TEAM, MAP, CUSTOMER, AGREEMENT_MAP, LOOP, PROMISE)
# The shape each list or mapping value holds.
ITEM_SHAPES = {TEAMS: TEAM, CUSTOMERS: CUSTOMER, LOOPS: LOOP, PROMISES: PROMISE, AGREEMENT: AGREEMENT_MAP}
