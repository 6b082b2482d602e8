"""YAML documents -> the model, collecting every problem with file:line:col."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, datetime

from .errors import Problem, did_you_mean
from .loader import Document, Pos, YList, YMap
from .model import (
    FEEDBACK_KINDS,
    NAMED_CADENCES,
    ChainMap,
    FeedbackLoop,
    Link,
    Promise,
    Source,
    SupplierRef,
    Team,
    cadence_days,
    slugify,
)
from .teamfile import (
    AGREEMENT_MAP,
    BOOLEAN,
    CADENCE,
    CUSTOMER,
    DATE,
    FREE_KEY_PREFIX,
    LOOP,
    MAP,
    MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
    NAME,
    PROMISE,
    SCORE,
    TEAM,
    TEXT,
    Key,
    Shape,
)

# What each mapping of the file holds (keys, values, limits) is defined once, in chainmap.teamfile;
# `chainmap schema` reads the same definition.  The limits stay importable from here.
__all__ = ["MAX_NAME_CHARS", "MAX_TEXT_CHARS", "ModelBuilder", "assemble", "build_model", "validate_document"]

_LONG_NAME_HINTS = {
    "team name": "use a short name here and put the rest in 'description:'",
    "id": "use a short id, such as 'payroll'",
    "department": "use a short name for the department",
    "organization": "use a short title",
}
_LONG_TEXT_HINTS = {
    "contact": "give a name, an e-mail address or a phone number",
    "delivers": "the arrow's label shows it: name the delivery in a few words",
    "agreement": "give where the agreement is, such as its address on the intranet",
}
_LONG_TEXT_HINT = "keep it to a few sentences, and link to a longer text if there is one"

_TYPE_NAMES = {bool: "a boolean", int: "a number", float: "a number", date: "a date",
               datetime: "a date and time", type(None): "empty", YMap: "a mapping", YList: "a list"}


def _type_name(value) -> str:
    for kind, name in _TYPE_NAMES.items():
        if type(value) is kind:
            return name
    return "text" if isinstance(value, str) else type(value).__name__


def _any_bad(fields: dict) -> bool:
    """A value was reported bad (the readers give False for those; no boolean key is read with this)."""
    return any(value is False for value in fields.values())


# The reader of each kind of one-value key (a _Validator method).
_READERS = {NAME: "optional_name", TEXT: "text", BOOLEAN: "boolean", DATE: "date_field", CADENCE: "cadence",
            SCORE: "score"}
_PLANS: dict[str, tuple] = {}


def _plan(shape: Shape) -> tuple[frozenset, list]:
    """A shape's key names, and ``(name, reader, key)`` of its one-value keys but required names.

    Worked out once per shape: a large map checks hundreds of thousands of mappings.
    """
    plan = _PLANS.get(shape.name)
    if plan is None:
        plan = _PLANS[shape.name] = (
            frozenset(shape.names),
            [(key.name, _READERS[key.value], key) for key in shape.keys
             if key.value in _READERS and not (key.required and key.value == NAME)])
    return plan


class _Validator:
    def __init__(self):
        self.problems: list[Problem] = []
        self.path = ""

    # -- problems -----------------------------------------------------------
    def error(self, pos: Pos, rule: str, message: str, hint: str | None = None):
        self.problems.append(Problem(self.path, pos.line, pos.col, "error", rule, message, hint))

    def source(self, pos: Pos) -> Source:
        return Source(self.path, pos.line, pos.col)

    # -- shapes ---------------------------------------------------------------
    def check_keys(self, mapping: YMap, shape: Shape) -> None:
        allowed = _plan(shape)[0]
        for key in mapping:
            if key in allowed or (isinstance(key, str) and key.startswith(FREE_KEY_PREFIX)):
                continue
            hint = did_you_mean(str(key), shape.names) or f"keys starting with '{FREE_KEY_PREFIX}' are free annotations"
            self.error(mapping.key_pos[key], "unknown-key", f"unknown key '{key}' in {shape.what}", hint)

    def fields(self, mapping: YMap, shape: Shape) -> dict:
        """The values of a shape's one-value keys: None when absent or empty, False when bad (reported).

        Required names (a team's or a customer's) are read where they are required.
        """
        # Every reader gives None for a key the mapping lacks: only the keys written are read.
        return {name: getattr(self, reader)(mapping, key) if name in mapping else None
                for name, reader, key in _plan(shape)[1]}

    def too_long(self, value: str, limit: int, pos: Pos, what: str, hint: str) -> bool:
        if len(value) <= limit:
            return False
        self.error(pos, "too-long", f"{what} is {len(value):,} characters; the limit is {limit:,}", hint)
        return True

    def name(self, value, pos: Pos, what: str) -> str | None:
        """A name (team, reference, department): must be text, not empty, and short."""
        if isinstance(value, str):
            value = value.strip()
            if not value:
                self.error(pos, "empty-name", f"{what} is empty")
                return None
            hint = _LONG_NAME_HINTS.get(what, "use the team's short name or its id")
            if self.too_long(value, MAX_NAME_CHARS, pos, what, hint):
                return None
            return value
        if isinstance(value, (bool, int, float, date)) and pos.raw is not None:
            self.error(pos, "not-text",
                       f"{what} must be text, but YAML read {pos.raw!r} as {_type_name(value)}",
                       f'put it in quotes: "{pos.raw}"')
        else:
            self.error(pos, "wrong-type", f"{what} must be text, not {_type_name(value)}")
        return None

    def text(self, mapping: YMap, key: Key) -> str | None:
        """A free-text field: scalars are kept as written (``note: 8`` is "8")."""
        what, key = key.what, key.name
        if key not in mapping or mapping[key] is None:
            return None
        value, pos = mapping[key], mapping.value_pos[key]
        if isinstance(value, (YMap, YList)):
            self.error(pos, "wrong-type", f"{what} must be text, not {_type_name(value)}")
            return None
        text = value.strip() if isinstance(value, str) else pos.raw
        if text and self.too_long(text, MAX_TEXT_CHARS, pos, what, _LONG_TEXT_HINTS.get(what, _LONG_TEXT_HINT)):
            return None
        return text or None

    def optional_name(self, mapping: YMap, key: Key) -> str | None:
        if key.name not in mapping or mapping[key.name] is None:
            return None
        return self.name(mapping[key.name], mapping.value_pos[key.name], key.what)

    def boolean(self, mapping: YMap, key: Key) -> bool | None:
        value = mapping.get(key.name)
        if value is None or isinstance(value, bool):
            return value
        self.error(mapping.value_pos[key.name], "wrong-type",
                   f"{key.what} must be true or false, not {_type_name(value)}")
        return None

    def listing(self, mapping: YMap, key: str, what: str) -> YList | None:
        value = mapping.get(key)
        if value is None:
            return None
        if not isinstance(value, YList):
            hint = "start each item on its own line with '- '" if isinstance(value, (YMap, str)) else None
            self.error(mapping.value_pos[key], "wrong-type", f"{what} must be a list, not {_type_name(value)}",
                       hint)
            return None
        return value

    # -- documents ---------------------------------------------------------
    def document(self, document: Document):
        """Team mappings of one document, and its organisation title."""
        self.path = document.path
        root = document.root
        if not isinstance(root, YMap):
            self.error(document.pos, "not-a-team",
                       f"file holds {_type_name(root)}, not a team or a map",
                       "start with 'team: <name>' for one team, or 'teams:' for a map")
            return [], None
        if "team" in root:
            return [root], None
        if any(key in root for key in MAP.any_of):
            self.check_keys(root, MAP)
            organization = self.fields(root, MAP)["organization"]
            teams = self.listing(root, "teams", "teams")
            mappings = []
            if teams is None:
                return mappings, organization
            for item, pos in zip(teams, teams.item_pos):
                if isinstance(item, YMap) and "team" in item:
                    mappings.append(item)
                elif isinstance(item, YMap):
                    self.error(pos, "missing-key", "team in 'teams' has no 'team:' name")
                else:
                    self.error(pos, "wrong-type", f"each item of 'teams' must be a team mapping, not {_type_name(item)}")
            return mappings, organization
        hint = did_you_mean(next(iter(root), ""), ("team", *MAP.any_of))
        self.error(document.pos, "not-a-team", "file is neither a team (team: ...) nor a map (teams: [...])",
                   hint or "start with 'team: <name>' for one team, or 'teams:' for a map")
        return [], None

    def team(self, mapping: YMap) -> Team | None:
        self.check_keys(mapping, TEAM)
        pos = mapping.key_pos["team"]
        name = self.name(mapping["team"], mapping.value_pos["team"], TEAM.key("team").what)
        fields = self.fields(mapping, TEAM)
        given_id = fields["id"]
        team_id = slugify(given_id or name or "")
        if name is not None and not team_id:
            self.error(mapping.value_pos["id" if given_id else "team"], "no-id",
                       f"cannot make an id from {given_id or name!r}: it has no letters or digits",
                       "add an 'id:' such as 'id: support-desk'")
        suppliers = None
        supplier_list = self.listing(mapping, "suppliers", "suppliers")
        if supplier_list is not None:
            refs = []
            for item, item_pos in zip(supplier_list, supplier_list.item_pos):
                ref = self.name(item, item_pos, TEAM.key("suppliers").what)
                if ref is not None:
                    refs.append(SupplierRef(ref, slugify(ref), self.source(item_pos)))
            suppliers = tuple(refs)
        links = []
        for item, item_pos in zip(*self._items(mapping, "customers")):
            link = self.link(team_id, item, item_pos)
            if link is not None:
                links.append(link)
        if name is None or not team_id:
            return None  # reported above; the rest of the team was still checked
        return Team(
            id=team_id,
            name=name,
            source=self.source(pos),
            department=fields["department"],
            description=fields["description"],
            contact=fields["contact"],
            suppliers=suppliers,
            customers=tuple(links),
        )

    def _items(self, mapping: YMap, key: str):
        items = self.listing(mapping, key, key)
        return (items, items.item_pos) if items is not None else ((), ())

    def link(self, supplier_id: str, item, pos: Pos) -> Link | None:
        if isinstance(item, YMap):
            self.check_keys(item, CUSTOMER)
            if "team" not in item:
                self.error(pos, "missing-key", "customer has no 'team:'", "name the customer: 'team: <name>'")
                return None
            ref = self.name(item["team"], item.value_pos["team"], CUSTOMER.key("team").what)
            values = self.fields(item, CUSTOMER)
            loops = tuple(
                loop for loop_item, loop_pos in zip(*self._items(item, "feedback"))
                if (loop := self.loop(loop_item, loop_pos)) is not None
            )
            promises = tuple(
                promise for promise_item, promise_pos in zip(*self._items(item, "promises"))
                if (promise := self.promise(promise_item, promise_pos)) is not None
            )
            fields = dict(
                delivers=values["delivers"],
                need=values["need"],
                external=values["external"],
                feedback=loops,
                promises=promises,
            )
            fields.update(self.agreement(item))
        else:
            ref = self.name(item, pos, CUSTOMER.key("team").what)
            fields = {}
        if ref is None:
            return None
        customer_id = slugify(ref)
        if not customer_id:
            self.error(pos, "no-id", f"cannot make an id from {ref!r}: it has no letters or digits",
                       "name the customer with letters or digits")
            return None
        return Link(supplier=supplier_id, customer=customer_id, customer_ref=ref, source=self.source(pos), **fields)

    def agreement(self, item: YMap) -> dict:
        """``agreement:`` as text (where it is) or as ``{where, approved, review}``."""
        value = item.get("agreement")
        if not isinstance(value, YMap):
            return {"agreement": self.text(item, CUSTOMER.key("agreement"))}
        self.check_keys(value, AGREEMENT_MAP)
        fields = self.fields(value, AGREEMENT_MAP)
        if fields["where"] is None and not isinstance(value.get("where"), (YMap, YList)):
            self.error(item.value_pos["agreement"], "missing-key", "agreement has no 'where:'",
                       "say where it is written down, such as its address on the intranet")
        return {"agreement": fields["where"],
                "agreement_approved": fields["approved"] or None,
                "agreement_review": fields["review"] or None}

    def promise(self, item, pos: Pos) -> Promise | None:
        if not isinstance(item, YMap):
            hint = "write '- what: ...' with 'promised: YYYY-MM-DD'" if isinstance(item, str) else None
            self.error(pos, "wrong-type", f"a promise must be a mapping with 'what:' and 'promised:', "
                       f"not {_type_name(item)}", hint)
            return None
        self.check_keys(item, PROMISE)
        fields = self.fields(item, PROMISE)
        if fields["what"] is None and not isinstance(item.get("what"), (YMap, YList)):
            self.error(pos, "missing-key", "promise has no 'what:'", "say what was promised, in a few words")
        if fields["promised"] is None:
            self.error(pos, "missing-key", "promise has no 'promised:' date",
                       "write the date you promised it for: promised: YYYY-MM-DD")
        if fields["what"] is None or fields["promised"] is None or _any_bad(fields):
            return None
        return Promise(source=self.source(pos), **fields)

    def loop(self, item, pos: Pos) -> FeedbackLoop | None:
        if not isinstance(item, YMap):
            hint = "write '- kind: review'" if isinstance(item, str) else None
            self.error(pos, "wrong-type", f"a feedback loop must be a mapping with a 'kind:', not {_type_name(item)}",
                       hint)
            return None
        self.check_keys(item, LOOP)
        if "kind" not in item:
            self.error(pos, "missing-key", "feedback loop has no 'kind:'", f"use one of: {', '.join(FEEDBACK_KINDS)}")
            return None
        kind = self.kind(item["kind"], item.value_pos["kind"])
        fields = self.fields(item, LOOP)
        if kind is None or _any_bad(fields):
            return None
        return FeedbackLoop(kind=kind, source=self.source(pos), **fields)

    def kind(self, value, pos: Pos) -> str | None:
        if isinstance(value, str) and value.strip().lower() in FEEDBACK_KINDS:
            return value.strip().lower()
        valid = ", ".join(FEEDBACK_KINDS)
        if isinstance(value, (YMap, YList)) or pos.raw is None:
            self.error(pos, "bad-kind", f"a feedback kind must be one word, not {_type_name(value)}",
                       f"use one of: {valid}; put each loop in its own '- kind:' entry")
            return None
        shown = value if isinstance(value, str) else pos.raw
        hint = did_you_mean(str(shown).lower(), FEEDBACK_KINDS, cutoff=0.6)
        self.error(pos, "bad-kind", f"unknown feedback kind {shown!r}; valid kinds: {valid}", hint)
        return None

    def cadence(self, item: YMap, key: Key):
        key = key.name
        value = item.get(key)
        if value is None:
            return None
        pos = item.value_pos[key]
        if isinstance(value, str) and cadence_days(value) is not None:
            return value.strip().lower()
        if isinstance(value, int) and not isinstance(value, bool):
            hint = f"write '{value} days', '{value} weeks' or '{value} months'"
        else:
            hint = did_you_mean(str(value).lower(), NAMED_CADENCES, cutoff=0.6)
        shown = repr(pos.raw) if pos.raw is not None else _type_name(value)
        self.error(pos, "bad-cadence",
                   f"unknown cadence {shown}; use {', '.join(NAMED_CADENCES)} or 'N days|weeks|months'",
                   hint)
        return False

    def date_field(self, item: YMap, key: Key):
        """A date (``last``, ``approved``, ``promised``...): None when absent, False when bad (reported)."""
        key = key.name
        value = item.get(key)
        if value is None:
            return None
        pos = item.value_pos[key]
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError as exc:
                reason = str(exc) if "range" in str(exc) else "not a date"
                self.error(pos, "bad-date", f"'{key}' {value!r} is not a valid date ({reason})",
                           "write an ISO date: YYYY-MM-DD")
                return False
        shown = f" ({pos.raw})" if pos.raw is not None else ""
        self.error(pos, "bad-date", f"'{key}' must be a date, not {_type_name(value)}{shown}",
                   "write an ISO date: YYYY-MM-DD")
        return False

    def score(self, item: YMap, key: Key):
        value = item.get(key.name)
        if value is None:
            return None
        pos = item.value_pos[key.name]
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            if 0 <= value <= 10:
                return value
            self.error(pos, "bad-score", f"score {pos.raw} is outside 0-10", "scores are grades from 0 to 10")
            return False
        shown = repr(pos.raw) if pos.raw is not None else _type_name(value)
        self.error(pos, "bad-score", f"score must be a number from 0 to 10, not {shown}",
                   "scores are grades from 0 to 10")
        return False


def build_model(documents: list[Document], problems: list[Problem]) -> ChainMap:
    """Validate documents into a :class:`ChainMap`; problems are appended, never raised."""
    return ModelBuilder()(documents, problems)


class ModelBuilder:
    """Validates documents into a :class:`ChainMap`, as :func:`build_model` does.

    With ``remember=True`` each document object is validated once and its teams
    kept: a history that reads the same unchanged file at every commit (the same
    ``Document``, kept by its blob id) validates it once.  What needs all the teams
    (names resolved, duplicates, links to themselves) runs on every call.
    """

    def __init__(self, remember: bool = False):
        self._kept: dict | None = {} if remember else None

    def __call__(self, documents: list[Document], problems: list[Problem]) -> ChainMap:
        return assemble(map(self._document, documents), [d.path for d in documents], problems)

    def _document(self, document: Document):
        kept = self._kept.get(id(document)) if self._kept is not None else None
        if kept is None or kept[0] is not document:  # an id can be reused once its document is gone
            kept = (document, *validate_document(document))
            if self._kept is not None:
                self._kept[id(document)] = kept
        return kept[1:]


def validate_document(document: Document) -> tuple[list[Team], str | None, list[Problem]]:
    """One document's teams, its organisation title and its problems: all that needs no other file."""
    validator = _Validator()
    mappings, title = validator.document(document)
    found = [team for team in map(validator.team, mappings) if team is not None]
    return found, title, validator.problems


def assemble(validated, files, problems: list[Problem]) -> ChainMap:
    """The map from each document's ``validate_document`` result, in the files' order.

    What needs all the teams (names resolved, duplicates, links to themselves) is
    done here; the documents' problems, then those, are appended to ``problems``.
    """
    teams: list[Team] = []
    organization = None
    for found, title, document_problems in validated:
        organization = organization or title
        teams.extend(found)
        problems.extend(document_problems)
    across = _Validator()
    teams = _check_across(_resolve_names(teams), across)
    problems.extend(across.problems)
    return ChainMap(teams=tuple(teams), organization=organization, files=tuple(files))


def _resolve_names(teams: list[Team]) -> list[Team]:
    """Point references by name at teams that have an ``id:`` of their own.

    A reference is slugified; it matches a team whose id is that slug, or else
    a team whose name has that slug (``IT Service Desk`` -> ``id: servicedesk``).
    """
    ids = {team.id for team in teams}
    by_name = {slugify(team.name): team.id for team in teams if slugify(team.name) not in ids}
    if not by_name:
        return teams

    def target(ref_id: str) -> str:
        return ref_id if ref_id in ids else by_name.get(ref_id, ref_id)

    resolved = []
    for team in teams:
        customers = tuple(replace(link, customer=target(link.customer)) for link in team.customers)
        suppliers = None if team.suppliers is None else tuple(
            replace(ref, id=target(ref.id)) for ref in team.suppliers)
        resolved.append(replace(team, customers=customers, suppliers=suppliers))
    return resolved


def _check_across(teams: list[Team], validator: _Validator) -> list[Team]:
    """Problems that need more than one team: duplicates and self-links."""
    first: dict[str, Team] = {}
    kept = []
    for team in teams:
        if team.id in first:
            other = first[team.id]
            validator.problems.append(Problem(
                team.source.path, team.source.line, team.source.col, "error", "duplicate-team",
                f"team {team.name!r} is described twice: here and at {other.source}",
                "merge the two descriptions, or give one a different name or id"))
            continue
        first[team.id] = team
        kept.append(team)
    for team in kept:
        seen: dict[str, Link] = {}
        for link in team.customers:
            where = link.source
            if link.customer == team.id:
                validator.problems.append(Problem(
                    where.path, where.line, where.col, "error", "self-customer",
                    f"team {team.name!r} lists itself as a customer",
                    "a team's customers are other teams or outside customers"))
            elif link.customer in seen:
                validator.problems.append(Problem(
                    where.path, where.line, where.col, "error", "duplicate-link",
                    f"customer {link.customer_ref!r} is listed twice for {team.name!r} "
                    f"(first at line {seen[link.customer].source.line})",
                    "describe each customer once; put several deliveries in one 'delivers'"))
            else:
                seen[link.customer] = link
    return kept
