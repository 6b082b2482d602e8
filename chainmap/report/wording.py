"""Small decisions every report format shares: the rows of a customer table, how an agreement reads."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import number_text, percent_text
from ..model import slugify

# The summary lists this many gaps of each kind; the rest are on the team pages.
GAPS_LISTED = 3


@dataclass(frozen=True)
class Line:
    """One row of a customer's feedback cells: a loop, or a note spanning the loop columns."""

    state: str
    kind: str = ""
    cadence: str = ""
    last: str = ""
    overdue: bool = False
    score: str = ""
    note: str | None = None  # set: a note across kind, cadence, last and score


def customer_rows(row, t) -> list[Line]:
    """A customer's feedback rows: each loop, then what the link's state asks for.

    No loop at all is one row saying so; a stale or hearing-only link gets a
    row saying what to do about it, so the table reads without colour.
    """
    if not row.loops:
        return [Line(row.state, note=t("report.loop.none"))]
    lines = [Line(row.state, loop.kind, loop.cadence, loop.last, loop.overdue, loop.score) for loop in row.loops]
    if row.state == "stale":
        lines.append(Line(row.state, note=t("report.loop.stale")))
    elif row.state == "hearing-only":
        lines.append(Line(row.state, note=t("report.loop.hearing")))
    return lines


@dataclass(frozen=True)
class Note:
    """A line under what a customer gets: its need, its promises, its score trend; ``tone`` says how it is marked."""

    text: str
    tone: str = "muted"  # "muted", "ask" (something to find out: the stale colour), "good"


def customer_notes(row, t) -> list[Note]:
    """The lines under what we deliver: the need (or the question to ask for it), promises, the score trend."""
    notes = []
    if row.need:
        notes.append(Note(t("report.need", need=row.need)))
    elif not row.implied:
        notes.append(Note(t("report.need.ask"), "ask"))
    if row.implied:
        notes.append(Note(t("report.implied")))
    if row.promises is not None:
        notes.append(Note(t("report.promises", record=promise_text(row.promises, t)),
                          "ask" if row.promises.late else "muted"))
    if len(row.trend) >= 2:
        notes.append(Note(trend_text(row.trend, t), "good" if row.trend[-1] >= 9 else "ask"))
    return notes


def promise_text(record, t) -> str:
    """``1 early, 2 on time, 1 late, 1 open``: the counts that are not zero."""
    counts = (("early", record.early), ("on-time", record.on_time), ("late", record.late), ("open", record.open))
    return ", ".join(t(f"report.promises.{key}", count=count) for key, count in counts if count)


def team_promises(record, t) -> list[str]:
    """A team's promises in a few sentences, ending with the rule; none when it made no promise."""
    if not (record.delivered or record.open):
        return []
    lines = [t("report.promises", record=promise_text(record, t))]
    if record.delivered:
        lines.append(t("report.promises.kept", kept=record.kept, delivered=record.delivered,
                       percent=percent_text(100.0 * record.kept / record.delivered, t.lang)))
    lines.append(t("report.promises.rule"))
    return lines


def trend_text(trend, t) -> str:
    """``Score 7 → 8: what would make it a 9?``; from a 9 on, ask why and what keeps it there."""
    shown = " \u2192 ".join(number_text(score, t.lang) for score in trend)
    if trend[-1] >= 9:
        return t("report.trend.loyal", trend=shown, score=number_text(trend[-1], t.lang))
    return t("report.trend", trend=shown)


def approval_text(row, t) -> str:
    """``approved on 2026-03-21``, ``… : review overdue``, ``never approved``; empty without an agreement."""
    if not row.approval:
        return ""
    if row.approval == "never":
        return t("report.approval.never")
    return t(f"report.approval.{row.approval}", date=row.approved)


def agreement_text(agreement: str, t) -> str:
    """Where the agreement is, shortened for a table cell, or that it is not written down."""
    if not agreement:
        return t("report.agreement.none")
    for scheme in ("https://", "http://"):
        if agreement.startswith(scheme):
            return agreement[len(scheme):]
    return agreement


def team_anchor(team_id: str) -> str:
    return f"team-{team_id}"


def department_anchor(name: str) -> str:
    return f"department-{slugify(name) or 'unnamed'}"


def figure_rows(figures, t) -> list[tuple[str, str]]:
    """The summary's key figures as (label, value) in the reader's language."""
    return [
        (t("report.fig.described"), str(figures.described)),
        (t("report.fig.end-customers"), str(figures.end_customers)),
        (t("report.fig.undescribed"), str(figures.undescribed)),
        (t("report.fig.links"), str(figures.links)),
        (t("report.fig.coverage"), t("report.fig.coverage.value", count=figures.links - figures.without_feedback,
                                     links=figures.links, percent=percent_text(figures.coverage, t.lang))),
        (t("report.fig.findings"), t("report.fig.findings.value", warnings=figures.warnings,
                                     infos=figures.infos)),
    ]
