"""Plain data in the team-file shape -> YAML text with helpful comments.

The one writer of team files: ``chainmap init``, ``chainmap import`` (CSV, XLSX) and
``chainmap import backstage`` all write through :func:`team_yaml`.  The data is
exactly what a team file holds (README, "The team file")::

    {"team": "Payroll", "department": "Finance", "suppliers": ["HR Advisory"],
     "customers": [{"team": "HR Advisory", "delivers": "...", "feedback": [{"kind": "review"}]},
                   "Employees"]}

Keys are written in the template's order (``x-`` keys after the known ones); values
are quoted only where YAML needs it, on one line each.  Missing answers become
commented questions (``# need: what do they really need?``).  The same data gives the
same text, and the text loads back, through chainmap's own loader and validator,
to the same team.
"""

from __future__ import annotations

import functools
import re
from datetime import date

from .i18n import translator
from .model import HEARING_KINDS, LISTENING_KINDS
from .teamfile import AGREEMENT_MAP, CUSTOMER, FREE_KEY_PREFIX, LOOP, PROMISE, TEAM

# Keys in the order the file format defines them (chainmap.teamfile); lists of mappings come last.
_LATER = ("customers", "feedback", "promises")
TEAM_ORDER = tuple(name for name in TEAM.names if name not in _LATER)
LINK_ORDER = tuple(name for name in CUSTOMER.names if name not in _LATER)
LOOP_ORDER = LOOP.names
AGREEMENT_ORDER = AGREEMENT_MAP.names
PROMISE_ORDER = PROMISE.names


# Text YAML reads back as the same text without quotes: a letter first, then letters, digits and
# harmless punctuation (no ': ', ' #' or a leading indicator); most names and sentences are this.
_PLAIN = re.compile(r"[^\W\d_][\w .,/()&'+-]*(?<! )")
# Words YAML reads as a boolean or null.
_RESERVED = frozenset(("yes", "no", "on", "off", "true", "false", "null", "y", "n"))
# What ends an item inside [a, b]: such a name is quoted there.
_FLOW_INDICATORS = frozenset(",[]{}")


def scalar(value, flow: bool = False) -> str:
    """One YAML value on one line, quoted only when YAML would read it as something else.

    ``flow``: the value is an item of ``[a, b]``, where a comma or bracket would end it.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED and not (flow and _FLOW_INDICATORS & set(text)):
        return text
    return _quoted(text, flow)


@functools.lru_cache(maxsize=4096)
def _quoted(text: str, flow: bool) -> str:
    import yaml

    dumped = yaml.safe_dump(text, allow_unicode=True, width=float("inf"), default_flow_style=True)
    dumped = dumped.removesuffix("\n").removesuffix("\n...")
    if "\n" in dumped or (flow and dumped[:1] not in ("'", '"')):
        # A line break, or an item of [a, b] (where a plain value ends at more than a comma):
        # one line, double-quoted, with YAML's escapes.
        dumped = yaml.safe_dump(text, allow_unicode=True, width=float("inf"), default_style='"').rstrip("\n")
    return dumped


def _keys(mapping: dict, order) -> list:
    known = [key for key in order if mapping.get(key) not in (None, "", [], ())]
    extra = [key for key in mapping if isinstance(key, str) and key.startswith(FREE_KEY_PREFIX) and key not in order
             and mapping[key] not in (None, "")]
    return known + extra


def _flat(value) -> bool:
    return not isinstance(value, (dict, list, tuple))


class _Writer:
    def __init__(self, lang: str):
        self.t = translator(lang)
        self.lines: list[str] = []

    def comment(self, indent: int, key: str, **fields) -> None:
        for line in self.t(key, **fields).split("\n"):
            self.lines.append(f"{' ' * indent}# {line}".rstrip())

    def pair(self, indent: int, key: str, value, note: str | None = None) -> None:
        prefix = f"{' ' * indent}{scalar(key)}:"
        if _flat(value):
            line = f"{prefix} {scalar(value)}"
            self.lines.append(f"{line}  # {note}" if note else line)
        elif isinstance(value, dict):
            self.lines.append(prefix)
            for sub in _keys(value, AGREEMENT_ORDER if key == "agreement" else tuple(value)):
                self.pair(indent + 2, sub, value[sub])
        elif all(_flat(item) for item in value):
            self.lines.append(f"{prefix} [{', '.join(scalar(item, flow=True) for item in value)}]")
        else:
            self.lines.append(prefix)
            for item in value:
                self.item(indent + 2, item)

    def item(self, indent: int, item, order=None) -> None:
        """``- value`` or a mapping under ``- ``."""
        if _flat(item):
            self.lines.append(f"{' ' * indent}- {scalar(item)}")
            return
        keys = _keys(item, order) if order else list(item)
        for number, key in enumerate(keys):
            self.pair(indent + 2, key, item[key])
            if number == 0:
                self.lines[-1] = f"{' ' * indent}- " + self.lines[-1][indent + 2:]


def team_yaml(team: dict, *, lang: str = "en", header: str | None = None,
              supplier_notes: dict | None = None, footer: str | None = None) -> str:
    """The team file for ``team`` (plain data in the team-file shape), as YAML text.

    ``header`` is a comment on top (where the file came from); ``supplier_notes``
    a short comment per supplier name (what the team gets from it); ``footer`` a
    comment block at the end.  Words of the comments are in ``lang``.
    """
    out = _Writer(lang)
    if header:
        for line in header.split("\n"):
            out.lines.append(f"# {line}".rstrip())
    out.comment(0, "teamfile.header")
    out.lines.append("")
    for key in _keys(team, TEAM_ORDER):
        if key == "suppliers":
            out.comment(0, "teamfile.suppliers")
            notes = supplier_notes or {}
            if any(name in notes for name in team[key]):
                out.lines.append("suppliers:")
                for name in team[key]:
                    out.lines.append(f"  - {scalar(name)}" + (f"  # {notes[name]}" if name in notes else ""))
                continue
        out.pair(0, key, team[key])
    out.lines.append("")
    customers = team.get("customers") or []
    out.comment(0, "teamfile.customers")
    if not customers:
        out.lines.append("customers: []")
    else:
        out.lines.append("customers:")
        for number, customer in enumerate(customers):
            if number:
                out.lines.append("")
            _customer(out, customer)
    if footer:
        out.lines.append("")
        for line in footer.split("\n"):
            out.lines.append(f"# {line}".rstrip())
    return "\n".join(out.lines) + "\n"


def _customer(out: _Writer, customer) -> None:
    if _flat(customer):
        out.item(2, customer)
        out.comment(4, "teamfile.short-form")
        return
    for number, key in enumerate(_keys(customer, LINK_ORDER)):
        out.pair(4, key, customer[key])
        if number == 0:
            out.lines[-1] = "  - " + out.lines[-1][4:]
    for key, question in (("need", "teamfile.ask-need"), ("agreement", "teamfile.ask-agreement")):
        if customer.get(key) in (None, ""):
            out.comment(4, question)
    loops = customer.get("feedback") or []
    if not loops:
        out.comment(4, "teamfile.ask-feedback")
    else:
        if all(loop.get("kind") in HEARING_KINDS for loop in loops):
            out.comment(4, "teamfile.hearing-only", kinds=", ".join(LISTENING_KINDS))
        out.lines.append("    feedback:")
        for loop in loops:
            out.item(6, loop, LOOP_ORDER)
    promises = customer.get("promises") or []
    if promises:
        out.lines.append("    promises:")
        for promise in promises:
            out.item(6, promise, PROMISE_ORDER)

