"""`chainmap history`: the map's numbers at each commit that touched the team files."""

from __future__ import annotations

import json
import os

import click

from ..errors import UsageError, usage_problem
from ..output import check_not_an_input, check_writable, write_output
from ..text import json_text
from .common import echo, format_from_output, input_files, optional_date, paths_argument, reports_errors


@click.command()
@paths_argument
@click.option("--since", metavar="DATE", help="Only commits made on or after DATE (YYYY-MM-DD).")
@click.option("--max-count", "max_count", type=click.IntRange(min=1), metavar="N",
              help="Only the latest N commits.")
@click.option("--format", "fmt", type=click.Choice(("text", "csv", "json")), default="text", show_default=True,
              help="text: a table for a terminal; csv and json for scripts and spreadsheets.")
@click.option("-o", "--output", metavar="FILE",
              help="Draw a chart of coverage and the links per state over time: .svg, .png or .pdf.")
@click.option("--as-of", "as_of", callback=optional_date, metavar="DATE",
              help="Judge every commit as on this date (YYYY-MM-DD). Default: each commit's own date.")
@click.option("-v", "--verbose", is_flag=True, help="Also say how many files were parsed and reused (stderr).")
@reports_errors
def history(paths, since, max_count, fmt, output, as_of, verbose):
    """Show how the map changed over its git history, a row per commit.

    Reads each commit that touched the PATHs (git log, oldest first) without a
    checkout, and gives its date, short commit id, teams, links, feedback
    coverage, links per state (no feedback, stale, hearing only, healthy), the
    share of scored links whose latest score is 9 or higher, and the findings.
    Each commit is judged as of its own commit date, unless --as-of gives one
    day for all. A commit whose map is invalid is a row that says so.

    \b
    Examples:
      chainmap history teams/
      chainmap history teams/ --since 2026-01-01 --format csv > history.csv
      chainmap history teams/ --max-count 50 -o history.svg
    """
    from ..history import CHART_FORMATS, as_csv, as_json, as_text, chart  # here: it reads git revisions through the YAML loader
    from ..history import history as read_history

    chart_format = None
    if output:
        chart_format = format_from_output(output, default="", what="chart format",
                                          lookup=lambda name: CHART_FORMATS.get(os.path.splitext(name)[1].lower()),
                                          hint="end the file name in .svg, .png or .pdf")
        if not chart_format:
            raise UsageError([usage_problem("format", "the chart is written to a file, not to standard output",
                                            "end the file name in .svg, .png or .pdf")])
        check_writable(output)
        check_not_an_input(output, input_files(paths))

    result = read_history(paths, since=since, max_count=max_count, as_of=as_of)
    if result.shallow:
        echo("chainmap: note: this is a shallow clone, so the history is cut short; "
             "git fetch --unshallow reads all of it", err=True)
    if not result.rows:
        echo(f"chainmap: note: no commits touched {' '.join(paths)}"
             + (f" since {since}" if since else ""), err=True)
    for row in result.rows:
        if not row.valid:
            echo(row.first_error(), err=True)
    if fmt == "json":
        echo(json_text(json.dumps(as_json(result), indent=2, ensure_ascii=False)))
    elif fmt == "csv":
        echo(as_csv(result).rstrip("\n"))
    else:
        echo(as_text(result).rstrip("\n"))
    if chart_format:
        write_output(output, chart(result, chart_format))
        echo(f"wrote {output} ({chart_format.upper()} chart, {len(result.rows)} "
             f"commit{'' if len(result.rows) == 1 else 's'})", err=True)
    if verbose:
        echo(f"chainmap: {len(result.rows)} commits, {result.parsed} files parsed, "
             f"{result.reused} unchanged and reused", err=True)
