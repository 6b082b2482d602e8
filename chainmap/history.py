"""How the map grew: one row per commit that touched the team files, oldest first.

Each row holds the commit's date and short id (never an author), the teams, the
links, the feedback coverage, the links per state, the findings per rule and the
share of scored links whose latest score is 9 or higher ("loyalty starts at 9").
Each commit's map is judged as of its own commit date, unless one day is given
for all (``as_of``): a row says what the state was then.

A commit whose map is invalid is a row that says so, with its errors; the history
goes on.  Files unchanged between commits are parsed once (the repository keeps
them by blob id).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from .api import analyse
from .diff import STATE_ORDER, Coverage
from .errors import Problem, UsageError, usage_problem
from .i18n import translator
from .model import latest_score
from .render.theme import THEMES
from .revisions import Repository
from .rules import RULES, link_states
from .text import shown
from .validate import ModelBuilder

LOYAL_SCORE = 9  # the seeds' line between satisfied and loyal


@dataclass
class Row:
    commit: str  # the full id
    short: str
    when: str  # the committer date, ISO 8601
    as_of: date
    valid: bool = True
    errors: list[Problem] = field(default_factory=list)
    teams: int = 0
    links: int = 0
    coverage: float = 0.0
    states: dict = field(default_factory=dict)
    findings: dict = field(default_factory=dict)
    scored: int = 0
    loyal: int = 0
    better: int = 0  # links whose state got better since the previous valid commit

    @property
    def day(self) -> str:
        return self.when[:10]

    @property
    def loyal_percent(self) -> float | None:
        return round(100.0 * self.loyal / self.scored, 1) if self.scored else None

    def first_error(self) -> str:
        """The first error as ``REV:path:line:col: error[rule]: message``."""
        problem = self.errors[0]
        line = problem.format()
        return f"{self.short}:{line}" if problem.path else f"{self.short}: {line}"


@dataclass
class History:
    paths: list[str]
    rows: list[Row]
    shallow: bool = False
    parsed: int = 0  # files read and parsed
    reused: int = 0  # files unchanged since an earlier commit, not parsed again


def parse_since(value: str) -> str:
    """``--since`` as git reads it: a day (YYYY-MM-DD) or a moment in ISO 8601; else a usage error."""
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat() + "T00:00:00"
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError([usage_problem("since", f"'{value}' is not a date",
                                        "use YYYY-MM-DD (or YYYY-MM-DDTHH:MM:SS)")]) from None


def history(paths, *, since: str | None = None, max_count: int | None = None,
            as_of: date | None = None) -> History:
    """The history of the team files under ``paths`` (all in one git repository)."""

    build_model = ModelBuilder(remember=True)
    paths = list(paths)
    repository = Repository(paths[0])
    for path in paths[1:]:
        other = Repository(path)
        if other.root != repository.root:
            raise UsageError([usage_problem("usage", f"'{path}' is in another git repository than '{paths[0]}'",
                                            "give paths of one repository")])
    commits = repository.log(paths, since=parse_since(since) if since is not None else None,
                             max_count=max_count)
    rows, previous = [], None
    for full, short, when in commits:
        day = as_of or date.fromisoformat(when[:10])
        row = Row(full, short, when, day)
        rows.append(row)
        problems: list[Problem] = []
        documents = repository.documents(full, paths, problems, bare=True)
        chain_map = build_model(documents, problems)  # as `check` does: every error, not only the first file's
        if _errors(problems):
            row.valid, row.errors = False, _errors(problems)
            continue
        graph, found, summary = analyse(chain_map, day)
        links = [(s, c, link) for s, c, link in graph.edges(data="link")]
        states = link_states(graph, day)
        counts = {state: 0 for state in STATE_ORDER}
        for state in states.values():
            counts[state] += 1
        # diff.coverage's numbers, from the states worked out once here
        cover = Coverage(len(links), sum(1 for _, _, link in links if link.feedback), counts)
        row.teams, row.links, row.coverage, row.states = summary.teams, cover.links, cover.percent, cover.states
        row.findings = {rule: 0 for rule in RULES}
        for problem in found:
            row.findings[problem.rule] = row.findings.get(problem.rule, 0) + 1
        scores = [latest_score(link) for _, _, link in links]
        scores = [score for score in scores if score is not None]
        row.scored, row.loyal = len(scores), sum(1 for score in scores if score >= LOYAL_SCORE)
        if previous is not None:
            row.better = sum(1 for key, state in states.items() if key in previous
                             and STATE_ORDER.index(state) > STATE_ORDER.index(previous[key]))
        previous = states
    return History(paths, rows, repository.shallow(), repository.parsed, repository.reused)


def _errors(problems: list[Problem]) -> list[Problem]:
    return sorted((p for p in problems if p.severity == "error"), key=Problem.sort_key)


# -- how a history is shown -------------------------------------------------------------------

COLUMNS = ("date", "commit", "teams", "links", "coverage %", "no feedback", "stale", "hearing only",
           "healthy", ">=9 %", "findings")


def _percent(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def as_text(result: History) -> str:
    """An aligned table, a row per commit; an invalid commit says so in place of its numbers."""

    table = [list(COLUMNS)]
    for row in result.rows:
        if not row.valid:
            count = len(row.errors)
            table.append([row.day, row.short, f"invalid ({count} error{'' if count == 1 else 's'})"])
            continue
        table.append([row.day, row.short, str(row.teams), str(row.links), _percent(row.coverage),
                      *(str(row.states[s]) for s in ("no-feedback", "stale", "hearing-only", "healthy")),
                      _percent(row.loyal_percent), str(sum(row.findings.values()))])
    widths = [max(len(r[i]) for r in table if len(r) == len(COLUMNS)) for i in range(len(COLUMNS))]
    lines = []
    for r in table:
        if len(r) != len(COLUMNS):  # an invalid commit: its note after date and commit
            lines.append("  ".join([r[0].ljust(widths[0]), r[1].ljust(widths[1]), r[2]]))
            continue
        cells = [cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i]) for i, cell in enumerate(r)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(shown(line) for line in lines) + "\n"


def _record(row: Row) -> dict:
    if not row.valid:
        return {"date": row.when, "commit": row.short, "as_of": row.as_of.isoformat(), "valid": False,
                "errors": len(row.errors), "first_error": row.first_error()}
    return {"date": row.when, "commit": row.short, "as_of": row.as_of.isoformat(), "valid": True,
            "teams": row.teams, "links": row.links, "feedback_coverage": row.coverage,
            "states": {s: row.states[s] for s in STATE_ORDER}, "findings": dict(row.findings),
            "scored_links": row.scored, "loyal_percent": row.loyal_percent, "links_better": row.better}


def as_json(result: History) -> dict:
    return {"paths": result.paths, "commits": [_record(row) for row in result.rows]}


def as_csv(result: History) -> str:
    """A header row, then a row per commit; an invalid commit has its error count and empty numbers."""

    rules = list(RULES)
    header = ["date", "commit", "as_of", "valid", "errors", "teams", "links", "feedback_coverage",
              *STATE_ORDER, "scored_links", "loyal_percent", "links_better", *[f"findings:{r}" for r in rules]]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in result.rows:
        if not row.valid:
            writer.writerow([row.when, row.short, row.as_of.isoformat(), "false", len(row.errors)]
                            + [""] * (len(header) - 5))
            continue
        writer.writerow([row.when, row.short, row.as_of.isoformat(), "true", 0, row.teams, row.links,
                         row.coverage, *(row.states[s] for s in STATE_ORDER), row.scored,
                         "" if row.loyal_percent is None else row.loyal_percent, row.better,
                         *(row.findings.get(r, 0) for r in rules)])
    return out.getvalue()


# -- the chart --------------------------------------------------------------------------------

CHART_FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf"}

_LINE = {  # as the map draws the states: dashed, dotted, thin, solid; and a marker each
    "no-feedback": {"linestyle": (0, (6, 3)), "linewidth": 2.6, "marker": "s"},
    "stale": {"linestyle": (0, (1, 2)), "linewidth": 3.0, "marker": "o"},
    "hearing-only": {"linestyle": "solid", "linewidth": 1.2, "marker": "D"},
    "healthy": {"linestyle": "solid", "linewidth": 3.0, "marker": "P"},
}


def chart(result: History, fmt: str, lang: str = "en") -> bytes:
    """Coverage (%) and the links per state over time: SVG, PNG or PDF bytes, the same for the same history.

    Its words are in ``lang``, the months on its time axis too.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    theme = THEMES["default"]
    t = translator(lang)
    valid = [row for row in result.rows if row.valid]
    invalid = [row for row in result.rows if not row.valid]
    when = [_utc(row.when) for row in valid]
    # Each value holds until the next commit; the last one is drawn a little past its commit.
    if when:
        span = (when[-1] - when[0]) if len(when) > 1 else timedelta(days=175)  # one commit: a week
        x = when + [when[-1] + max(span * 0.04, timedelta(hours=12))]
    else:
        x = []
    # A marker on every commit, up to 30; beyond that on every k-th one, so the line patterns still show.
    points = list(range(0, len(when), max(1, -(-len(when) // 30))))
    many = len(when) > 30

    def y(values):
        return values + values[-1:]

    settings = {"svg.hashsalt": "chainmap", "svg.fonttype": "path", "font.family": "DejaVu Sans",
                "font.size": 15, "axes.titlesize": 18, "axes.labelsize": 15, "legend.fontsize": 13,
                "xtick.labelsize": 13, "ytick.labelsize": 13, "pdf.fonttype": 42}
    with plt.rc_context(settings):
        figure, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(12, 8.5),
                                             gridspec_kw={"height_ratios": (1, 1.6)})
        try:
            # A value holds from its commit to the next one: steps, not slopes.
            top.plot(x, y([row.coverage for row in valid]), color=theme.text, linewidth=2.6, marker="o",
                     markersize=6, markevery=points, drawstyle="steps-post", label=t("history.coverage.line"))
            top.set_ylim(-4, 104)
            top.set_ylabel(t("history.coverage.axis"))
            top.set_title(t("history.coverage.title"), loc="left")
            top.grid(True, color="#dddddd")
            handles = {}
            for state in STATE_ORDER[::-1]:  # healthy drawn first, the worse states over it
                style = theme.links[state]
                handles[state], = bottom.plot(x, y([row.states[state] for row in valid]), color=style.color,
                                              markersize=8, markevery=points, drawstyle="steps-post",
                                              label=t(f"state.{state}"), **_LINE[state])
            legend = [handles[state] for state in ("no-feedback", "stale", "hearing-only", "healthy")]
            up = [(w, row.states["healthy"]) for w, row in zip(when, valid) if row.better]
            if up:
                better, = bottom.plot([w for w, _ in up], [count for _, count in up], linestyle="none", marker="^",
                                      markersize=10 if many else 16, markerfacecolor="white", markeredgewidth=2.4,
                                      markeredgecolor=theme.links["healthy"].color, zorder=5,
                                      label=t("history.better"))
                legend.append(better)
            for row in invalid:
                for axes in (top, bottom):
                    line = axes.axvline(_utc(row.when), color=theme.muted, linestyle=(0, (2, 4)), linewidth=1.6,
                                        label=t("history.invalid"))
                if row is invalid[0]:
                    legend.append(line)
            bottom.set_ylabel(t("history.states.axis"))
            bottom.set_title(t("history.states.title"), loc="left")
            bottom.set_ylim(bottom=0)
            bottom.grid(True, color="#dddddd")
            bottom.yaxis.get_major_locator().set_params(integer=True)
            bottom.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
                          handlelength=3.2)
            locator = AutoDateLocator(minticks=3, maxticks=8)
            bottom.xaxis.set_major_locator(locator)
            bottom.xaxis.set_major_formatter(_in_language(ConciseDateFormatter, locator, t))
            figure.tight_layout()
            metadata = {"svg": {"Date": None, "Creator": "chainmap"}, "pdf": {"CreationDate": None,
                        "Creator": "chainmap"}, "png": {"Software": "chainmap"}}[fmt]
            out = io.BytesIO()
            figure.savefig(out, format=fmt, dpi=150 if fmt == "png" else None, metadata=metadata)
            return out.getvalue()
        finally:
            plt.close(figure)


# matplotlib's concise date labels (its defaults), a month written as a marked number: strftime's
# month names are the C locale's English, so chainmap writes them from its catalogue instead.
_MONTH = "\x01%m\x01"
_DATE_FORMATS = {
    "formats": ["%Y", _MONTH, "%d", "%H:%M", "%H:%M", "%S.%f"],
    "zero_formats": ["", "%Y", _MONTH, f"{_MONTH} %d", "%H:%M", "%H:%M"],
    "offset_formats": ["", "%Y", f"{_MONTH} %Y", f"%d {_MONTH} %Y", f"%d {_MONTH} %Y", f"%d {_MONTH} %Y %H:%M"],
}


def _in_language(formatter_class, locator, t):
    """A ``ConciseDateFormatter`` whose month names are ``t``'s (``mrt``, ``okt`` in Dutch)."""
    def months(label: str) -> str:
        return re.sub(r"\x01(\d\d)\x01", lambda m: t(f"history.month.{int(m.group(1))}"), label)

    class InLanguage(formatter_class):
        def format_ticks(self, values):
            return [months(label) for label in super().format_ticks(values)]

        def get_offset(self):
            return months(super().get_offset())

    return InLanguage(locator, **_DATE_FORMATS)


def _utc(when: str) -> datetime:
    """A committer date as a naive UTC time, for the chart's axis."""
    return datetime.fromisoformat(when).astimezone(timezone.utc).replace(tzinfo=None)
