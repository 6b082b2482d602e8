"""The command line: a thin click layer over the library.  The only module that imports click."""

from __future__ import annotations

import functools
import gc
import json
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import click

from .errors import EXIT_FINDINGS, EXIT_INVALID, EXIT_OK, SEVERITY_RANK, ChainmapError, UsageError, usage_problem

OUTPUT_SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot"}
FORMAT_NAMES = ("svg", "png", "pdf", "dot")
THEME_NAMES = ("default", "projector", "print")


def _parse_date(ctx, param, value):
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def paths_argument(command):
    return click.argument("paths", nargs=-1, required=True, metavar="PATH...",
                          type=click.Path(path_type=str))(command)


def as_of_option(command):
    return click.option("--as-of", "as_of", callback=_parse_date, metavar="DATE",
                        help="Judge staleness as on this date (YYYY-MM-DD). Default: today.")(command)


def reports_errors(command):
    """Turn chainmap's own errors into `path:line:col: error[...]` lines and an exit code."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ChainmapError as exc:
            for problem in exc.problems:
                click.echo(problem.format(), err=True)
            sys.exit(exc.exit_code)

    return wrapper


@contextmanager
def _cycle_collector_paused():
    """Pause Python's cycle collector while the input is loaded and analysed.

    That builds a few hundred thousand small objects (documents, model, graph)
    that live to the end and form no garbage cycles; the collector would scan
    them again and again for nothing, about a tenth of `check` on 2,000 teams.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="chainmap", prog_name="chainmap")
def main():
    """Map internal-customer chains and the feedback loops on each link.

    Teams describe in YAML who their customers are, what they deliver and how
    they hear back.  chainmap builds the chain (your customer, their customer,
    ... up to the end customer outside), draws it, and points out the links
    without a real feedback loop.

    \b
    Examples:
      chainmap render team.yaml
      chainmap render examples/acme -o acme.png --theme projector
      chainmap check examples/acme

    Exit codes: 0 ok, 1 findings at or above --fail-on (check), 2 invalid
    input or usage, 3 Graphviz failed.
    """


@main.command()
@paths_argument
@click.option("-o", "--output", metavar="FILE",
              help="Where to write ('-' = stdout). Default: <name of first PATH>.<format> here.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_NAMES),
              help="Output format. Default: from the -o extension, else svg.")
@click.option("--title", help="Title above the map. Default: the 'organization:' of the input.")
@click.option("--legend/--no-legend", default=True, show_default=True, help="Draw the legend.")
@click.option("--focus", metavar="TEAM", help="Draw only the chain around this team (name or id).")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True,
              help="With --focus: levels of customers to show.")
@click.option("--up", type=click.IntRange(min=0), default=1, show_default=True,
              help="With --focus: levels of suppliers to show.")
@click.option("--theme", type=click.Choice(THEME_NAMES), default="default", show_default=True,
              help="projector: large type, thick lines; print: greyscale.")
@click.option("--engine", type=click.Choice(("dot", "sfdp")), default="dot", show_default=True,
              help="Graphviz layout engine. dot draws the chain left to right; sfdp is faster on "
                   "thousands of teams.")
@as_of_option
@reports_errors
def render(paths, output, fmt, title, legend, focus, depth, up, theme, engine, as_of):
    """Draw the customer chain as SVG, PNG, PDF or DOT.

    Links without any feedback loop get the strongest mark (thick dashed,
    NO FEEDBACK LOOP); stale and hearing-only links are marked too. Hover a
    team or link in the SVG for details.

    \b
    Examples:
      chainmap render examples/team.yaml
      chainmap render examples/acme -o acme.pdf
      chainmap render examples/acme --focus Payroll --depth 3 -o payroll.svg
      chainmap render teams/ -f dot -o - | less
    """
    from .api import analyse, load
    from .output import check_writable, write_output
    from .render import RenderOptions
    from .render import render as draw

    if output:
        check_writable(output)  # before guessing the format: "-o maps/" names a directory
    fmt = fmt or _format_from_output(output)
    if not output:
        output = f"{_stem(paths[0])}.{fmt}"
        check_writable(output)
    with _cycle_collector_paused():
        graph, found, summary = analyse(load(paths), as_of)
    options = RenderOptions(title=title, legend=legend, theme=theme, focus=focus, depth=depth, up=up,
                            as_of=as_of, engine=engine)
    data = draw(graph, fmt, options, findings=found)
    write_output(output, data)
    where = "stdout" if output == "-" else output
    click.echo(f"wrote {where} ({fmt.upper()}): {_counted(summary.teams, 'team')}, "
               f"{_counted(summary.links, 'link')}, {summary.links_without_feedback} without feedback", err=True)


def _format_from_output(output: str | None) -> str:
    if not output or output == "-":
        return "svg"
    suffix = Path(output).suffix.lower()
    if suffix in OUTPUT_SUFFIXES:
        return OUTPUT_SUFFIXES[suffix]
    raise UsageError([usage_problem("format", f"cannot tell the format from '{output}'",
                                    "use -f svg|png|pdf|dot or a .svg/.png/.pdf/.dot name")])


def _stem(path: str) -> str:
    resolved = Path(path).resolve()
    return (resolved.name if resolved.is_dir() else resolved.stem) or "chainmap"


@main.command()
@paths_argument
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="text: one finding a line; json: for scripts and CI.")
@click.option("--fail-on", type=click.Choice(("warning", "info", "never")), default="warning",
              show_default=True, help="Exit 1 when there are findings of this severity or worse.")
@as_of_option
def check(paths, fmt, fail_on, as_of):
    """List every gap in the chain, with file:line:col.

    Findings are sorted by file and line, and a summary ends the list:
    teams, links, links without feedback, feedback coverage and counts per
    severity. Invalid input is listed the same way (severity error, exit 2).

    \b
    Examples:
      chainmap check examples/acme
      chainmap check teams/ --fail-on never
      chainmap check teams/ --format json --as-of 2026-11-01
    """
    from .api import analyse, load
    from .errors import InputError

    try:
        with _cycle_collector_paused():
            graph, found, summary = analyse(load(paths), as_of)
    except InputError as exc:
        _print_check(fmt, as_of, exc.problems, None)
        sys.exit(EXIT_INVALID)
    except ChainmapError as exc:
        for problem in exc.problems:
            click.echo(problem.format(), err=True)
        sys.exit(exc.exit_code)
    _print_check(fmt, as_of, found, summary)
    threshold = {"warning": SEVERITY_RANK["warning"], "info": SEVERITY_RANK["info"], "never": -1}[fail_on]
    failing = any(SEVERITY_RANK[problem.severity] <= threshold for problem in found)
    sys.exit(EXIT_FINDINGS if failing else EXIT_OK)


def _print_check(fmt: str, as_of: date, problems, summary) -> None:
    counts = {severity: sum(1 for p in problems if p.severity == severity) for severity in SEVERITY_RANK}
    if fmt == "json":
        document = {
            "as_of": as_of.isoformat(),
            "summary": {
                "teams": summary.teams if summary else None,
                "links": summary.links if summary else None,
                "links_without_feedback": summary.links_without_feedback if summary else None,
                "feedback_coverage": summary.feedback_coverage if summary else None,
                "errors": counts["error"],
                "warnings": counts["warning"],
                "infos": counts["info"],
            },
            "findings": [problem.as_dict() for problem in problems],
        }
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    if problems:
        # One echo: echo() flushes, so a line each would be a write each.
        click.echo("\n".join(problem.format() for problem in problems), err=summary is None)
    if summary is None:
        click.echo(f"{_counted(counts['error'], 'error')}: nothing was checked", err=True)
        return
    click.echo(
        f"{_counted(summary.teams, 'team')}, {_counted(summary.links, 'link')}, "
        f"{summary.links_without_feedback} without feedback "
        f"({_percent(summary.feedback_coverage)} feedback coverage); "
        f"{_counted(counts['warning'], 'warning')}, {_counted(counts['info'], 'info')}"
    )


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _percent(value: float) -> str:
    return f"{value:.0f}%" if float(value).is_integer() else f"{value:.1f}%"
