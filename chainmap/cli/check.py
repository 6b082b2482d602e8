"""`chainmap check`: list every gap."""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import date

import click

from ..text import json_text
from ..errors import EXIT_FINDINGS, EXIT_INVALID, EXIT_OK, SEVERITY_RANK, ChainmapError, formatted
from .common import as_of_option, counted, echo, paths_argument, percent, reports_errors


@click.command()
@paths_argument
@click.option("--format", "fmt", type=click.Choice(("text", "json", "github", "sarif", "gitlab")), default="text",
              show_default=True,
              help="text: one finding a line; json: for scripts; github: GitHub Actions annotations; "
                   "sarif: SARIF 2.1.0 for code scanning; gitlab: GitLab's Code Quality report.")
@click.option("--fail-on", type=click.Choice(("warning", "info", "never")), default="warning",
              show_default=True, help="Exit 1 when there are findings of this severity or worse.")
@as_of_option
@reports_errors
def check(paths, fmt, fail_on, as_of):
    """List every gap in the chain, with file:line:col.

    Findings are sorted by file and line, and a summary ends the list:
    teams, links, links without feedback, feedback coverage and counts per
    severity. Invalid input is listed the same way (severity error, exit 2).
    A map of 500 files or more is read with one process per core
    (CHAINMAP_JOBS=N: N processes), with the same output.

    \b
    Examples:
      chainmap check examples/acme
      chainmap check teams/ --fail-on never
      chainmap check teams/ --format json --as-of 2026-11-01
      chainmap check teams/ --format github
      chainmap check teams/ --format sarif > chainmap.sarif
      chainmap check teams/ --format gitlab > gl-code-quality-report.json
      CHAINMAP_JOBS=1 chainmap check teams/
    """
    from ..api import analyse, load
    from ..errors import InputError

    try:
        graph, found, summary = analyse(load(paths), as_of)
    except InputError as exc:
        _print_check(fmt, as_of, exc.problems, None)
        sys.exit(EXIT_INVALID)
    except ChainmapError as exc:
        for problem in exc.problems:
            echo(problem.format(), err=True)
        sys.exit(exc.exit_code)
    _print_check(fmt, as_of, found, summary)
    threshold = {"warning": SEVERITY_RANK["warning"], "info": SEVERITY_RANK["info"], "never": -1}[fail_on]
    failing = any(SEVERITY_RANK[problem.severity] <= threshold for problem in found)
    sys.exit(EXIT_FINDINGS if failing else EXIT_OK)


def _print_check(fmt: str, as_of: date, problems, summary) -> None:
    found = Counter(problem.severity for problem in problems)
    counts = {severity: found[severity] for severity in SEVERITY_RANK}
    if fmt == "github":
        from ..check_formats import github_annotations

        # On stdout, where the runner reads workflow commands; the summary goes to stderr.
        if problems:
            echo(github_annotations(problems))
        _summary_to_stderr(summary, counts)
        return
    if fmt == "sarif":
        from .. import __version__
        from ..check_formats import sarif_log

        document = sarif_log(problems, summary, version=__version__)
        echo(json_text(json.dumps(document, indent=2, ensure_ascii=False)))
        return
    if fmt == "gitlab":
        from ..check_formats import gitlab_code_quality

        # A report GitLab reads from a file; the summary goes to stderr, to the job's log.
        echo(json_text(json.dumps(gitlab_code_quality(problems), indent=2, ensure_ascii=False)))
        _summary_to_stderr(summary, counts)
        return
    if fmt == "json":
        from ..check_formats import summary_data

        document = {
            "as_of": as_of.isoformat(),
            "summary": summary_data(problems, summary),
            "findings": [problem.as_dict() for problem in problems],
        }
        # JSON keeps every name as written; what it would leave raw is written as \uXXXX.
        echo(json_text(json.dumps(document, indent=2, ensure_ascii=False)))
        return
    if problems:
        # One echo: echo() flushes, so a line each would be a write each.
        echo(formatted(problems), err=summary is None)
    if summary is None:
        echo(f"{counted(counts['error'], 'error')}: nothing was checked", err=True)
        return
    echo(_summary_text(summary, counts))


def _summary_to_stderr(summary, counts) -> None:
    if summary is None:
        echo(f"{counted(counts['error'], 'error')}: nothing was checked", err=True)
    else:
        echo(_summary_text(summary, counts), err=True)


def _summary_text(summary, counts) -> str:
    """The last line: the map, its coverage and findings, then (where there are any) the road to 9 and promises kept."""
    text = (
        f"{counted(summary.teams, 'team')}, {counted(summary.links, 'link')}, "
        f"{summary.links_without_feedback} without feedback "
        f"({percent(summary.feedback_coverage)} feedback coverage); "
        f"{counted(counts['warning'], 'warning')}, {counted(counts['info'], 'info')}"
    )
    if summary.scored_links:
        text += f"; {percent(summary.loyal_share)} of scored links at 9 or more"
    if summary.promises.delivered:
        text += (f"; {summary.promises.kept} of {counted(summary.promises.delivered, 'delivered promise')} "
                 f"on time or early")
    return text
