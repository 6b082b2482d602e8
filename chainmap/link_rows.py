"""The map as a table of links, one row per feedback loop: the shape of `import` and `render -f csv`.

One row per link, and one more for each further feedback loop of the link (the
link's own cells repeated, or left empty on the further rows).  A row with a
supplier and no customer describes a team without customers.  ``declared by``
says who wrote the link down: ``supplier`` (in its ``customers:``, the default),
``customer`` (only in the customer's ``suppliers:``) or ``both``.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import date

from .model import FEEDBACK_KINDS, NAMED_CADENCES, cadence_days

COLUMNS = ("supplier", "supplier department", "customer", "external", "delivers", "need", "agreement",
           "agreement approved", "agreement review", "feedback kind", "cadence", "last", "score", "note",
           "declared by")
# What a cell says about: the link (the same on every row of the link), the loop, or the supplier team.
LINK_COLUMNS = ("external", "delivers", "need", "agreement", "agreement approved", "agreement review",
                "declared by")
LOOP_COLUMNS = ("feedback kind", "cadence", "last", "score", "note")
REQUIRED = ("supplier",)
DECLARED_BY = ("supplier", "customer", "both")
TRUE_WORDS = ("true", "yes", "y", "1", "ja", "j", "x")
FALSE_WORDS = ("false", "no", "n", "0", "nee")


def column_key(header: str) -> str:
    """A header as a column name: ``Feedback_Kind`` and ``feedback kind`` are one column."""
    return " ".join(str(header).replace("_", " ").replace("-", " ").lower().split())


class CellError(ValueError):
    """A cell that does not hold what its column needs: ``rule``, message and hint."""

    def __init__(self, rule: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.rule = rule
        self.hint = hint


def parse_cell(column: str, value):
    """The value of a cell of ``column`` (text, or what a spreadsheet holds); None when empty.

    Raises :class:`CellError` for a value the column cannot hold.
    """
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):  # as render -f csv escaped it
            value = value[1:]
        if not value:
            return None
    if column in ("last", "agreement approved"):
        return _date(column, value)
    if column == "score":
        return _score(value)
    if column == "external":
        return _flag(value)
    if column == "feedback kind":
        kind = str(value).lower()
        if kind not in FEEDBACK_KINDS:
            from .errors import did_you_mean

            raise CellError("bad-kind", f"unknown feedback kind {value!r}",
                            did_you_mean(kind, FEEDBACK_KINDS, 0.6) or f"use one of: {', '.join(FEEDBACK_KINDS)}")
        return kind
    if column in ("cadence", "agreement review"):
        text = str(value).lower()
        if isinstance(value, (int, float)) or cadence_days(text) is None:
            raise CellError("bad-cadence", f"unknown cadence {value!r}",
                            f"use {', '.join(NAMED_CADENCES)} or 'N days|weeks|months'")
        return text
    if column == "declared by":
        text = str(value).lower()
        if text not in DECLARED_BY:
            raise CellError("bad-value", f"'declared by' is {value!r}", f"use one of: {', '.join(DECLARED_BY)}")
        return text
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value) if not isinstance(value, str) else value


def _date(column: str, value):
    from datetime import datetime

    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise CellError("bad-date", f"'{column}' {value!r} is not a date", "write an ISO date: YYYY-MM-DD") from None


def _score(value):
    number = value
    if isinstance(value, str):
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            number = None
    if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number) \
            or not 0 <= number <= 10:
        raise CellError("bad-score", f"score {value!r} is not a grade from 0 to 10", "scores are grades from 0 to 10")
    return int(number) if float(number).is_integer() else float(number)


def _flag(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError("bad-value", f"'external' is {value!r}", "write true or false (empty: false)")


def cell_text(value) -> str:
    """A value as the text of its cell: ``true``/``false``, ISO dates, ``8`` rather than ``8.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rows_from_graph(graph) -> list[dict]:
    """The rows of a map (a graph from :func:`chainmap.graph.build_graph`), in the map's order."""
    rows = []
    supplying = set()
    for supplier, customer, data in graph.edges(data=True):
        link = data["link"]
        declared = _declared_by(graph, link)
        if declared != "customer":
            supplying.add(supplier)
        row = {
            "supplier": graph.nodes[supplier]["name"],
            "supplier department": graph.nodes[supplier].get("department"),
            "customer": graph.nodes[customer]["name"] if declared == "customer" else link.customer_ref,
            "external": link.external, "delivers": link.delivers, "need": link.need,
            "agreement": link.agreement, "agreement approved": link.agreement_approved,
            "agreement review": link.agreement_review,
            "declared by": None if declared == "supplier" else declared,
        }
        for loop in link.feedback or (None,):
            loop_cells = {} if loop is None else {"feedback kind": loop.kind, "cadence": loop.cadence,
                                                  "last": loop.last, "score": loop.score, "note": loop.note}
            rows.append(dict(row, **loop_cells))
    for node, data in graph.nodes(data=True):
        if data["described"] and node not in supplying:
            rows.append({"supplier": data["name"], "supplier department": data.get("department")})
    return [[cell_text(row.get(column)) for column in COLUMNS] for row in rows]


def _declared_by(graph, link) -> str:
    if link.declared_by == "customer":
        return "customer"
    team = graph.nodes[link.customer].get("team")
    if team is not None and any(ref.id == link.supplier for ref in team.suppliers or ()):
        return "both"
    return "supplier"


def csv_bytes(header, rows) -> bytes:
    """A CSV file (UTF-8, CRLF line ends, as spreadsheets write them) of ``header`` and ``rows``; None is empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue().encode("utf-8")
