"""What the commands share: path arguments, common options, error reporting, wording."""

from __future__ import annotations

import functools
import sys
from datetime import date
from pathlib import Path

import click

from ..errors import ChainmapError, UsageError, usage_problem

THEME_NAMES = ("default", "projector", "print")
LANGUAGE_NAMES = ("en", "nl")


def _parse_date(ctx, param, value):
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def _resolve_lang(ctx, param, value):
    from ..i18n import resolve_lang

    return resolve_lang(value)


def paths_argument(command):
    return click.argument("paths", nargs=-1, required=True, metavar="PATH...",
                          type=click.Path(path_type=str))(command)


def as_of_option(command):
    return click.option("--as-of", "as_of", callback=_parse_date, metavar="DATE",
                        help="Judge staleness as on this date (YYYY-MM-DD). Default: today.")(command)


def lang_option(command):
    return click.option("--lang", type=click.Choice(LANGUAGE_NAMES), callback=_resolve_lang,
                        help="Language of what readers see (legend, headings, next steps). "
                             "Default: from LANG, else en.")(command)


def theme_option(command):
    return click.option("--theme", type=click.Choice(THEME_NAMES), default="default", show_default=True,
                        help="projector: large type, thick lines; print: greyscale.")(command)


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


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def percent(value: float) -> str:
    return f"{value:.0f}%" if float(value).is_integer() else f"{value:.1f}%"


def summary_line(summary) -> str:
    """``26 teams, 47 links, 4 without feedback``: what a command that writes a file says it drew."""
    return (f"{counted(summary.teams, 'team')}, {counted(summary.links, 'link')}, "
            f"{summary.links_without_feedback} without feedback")


def output_stem(path: str) -> str:
    """The name a default output file is built from: a folder's name, or a file's name without suffix."""
    resolved = Path(path).resolve()
    return (resolved.name if resolved.is_dir() else resolved.stem) or "chainmap"


def format_from_output(output: str | None, *, default: str, lookup, hint: str, what: str = "format") -> str:
    """The format ``-o`` asks for: ``default`` for none or stdout, else ``lookup(output)``.

    An output name no format claims is a usage error, with ``hint`` saying what works.
    """
    if not output or output == "-":
        return default
    fmt = lookup(output)
    if fmt:
        return fmt
    raise UsageError([usage_problem("format", f"cannot tell the {what} from '{output}'", hint)])
