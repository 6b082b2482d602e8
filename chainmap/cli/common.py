"""What the commands share: path arguments, common options, error reporting, wording."""

from __future__ import annotations

import codecs
import errno
import functools
import os
import signal
import sys
from datetime import date
from pathlib import Path

import click

from ..errors import EXIT_BROKEN_PIPE, ChainmapError, UsageError, say_interrupted, usage_problem
from ..i18n import LANGUAGES, counted, percent_text as percent  # noqa: F401  (the commands' wording)
from ..render.theme import THEMES



def optional_date(ctx, param, value):
    """A click callback: a YYYY-MM-DD option as a date, None when not given."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def _parse_date(ctx, param, value):
    return date.today() if value is None else optional_date(ctx, param, value)


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
    return click.option("--lang", type=click.Choice(LANGUAGES), callback=_resolve_lang,
                        help="Language of what readers see (legend, headings, next steps). "
                             "Default: from LANG, else en.")(command)


def theme_option(command):
    return click.option("--theme", type=click.Choice(tuple(THEMES)), default="default", show_default=True,
                        help="projector: large type, thick lines; print: greyscale.")(command)


def reports_errors(command):
    """Turn chainmap's own errors into `path:line:col: error[...]` lines and an exit code.

    A reader that went away (``chainmap check teams/ | head -1``) ends the
    command quietly, as it ends other Unix tools: no message, exit code 141.
    """

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            try:
                return command(*args, **kwargs)
            except ChainmapError as exc:
                for problem in exc.problems:
                    echo(problem.format(), err=True)
                sys.exit(exc.exit_code)
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            _discard_stdout()
            sys.exit(EXIT_BROKEN_PIPE)

    return wrapper


def echo(message: str = "", *, err: bool = False, color: bool | None = None) -> None:
    """Print a line, as ``click.echo`` does; on stdout, all of it or an error.

    A stdout that cannot be written (a full disk) is chainmap's `output`
    error; a reader that went away is left to :func:`reports_errors`.  A
    stderr that cannot be written is let go: there is nowhere left to say so.
    """
    if err:
        try:
            click.echo(message, err=True, color=color)
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise
        return
    from ..output import write_stdout

    stdout = sys.stdout
    text = f"{message}\n"
    if not (color if color is not None else _isatty(stdout)):
        text = click.unstyle(text)
    encoding = getattr(stdout, "encoding", None) or "utf-8"
    errors = getattr(stdout, "errors", None) or "strict"
    if codecs.lookup(encoding).name == "ascii":  # a misconfigured locale: click writes UTF-8 then, too
        encoding, errors = "utf-8", "replace"
    try:
        write_stdout(text.encode(encoding, errors))
    except UsageError:
        _discard_stdout()
        raise


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _discard_stdout() -> None:
    """Send what stdout still holds to the null device, so no flush at exit fails (or says so) again."""
    try:
        stdout = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (click's test runner, say)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, stdout)
    finally:
        os.close(null)


class Interrupted(BaseException):
    """Ctrl-C (SIGINT) during a command.

    Not a KeyboardInterrupt, which click turns into ``Aborted!`` and exit code
    1 (the code for findings): this passes click by, to ``chainmap.cli.run``.
    Like KeyboardInterrupt it is no Exception, so ``except Exception`` in the
    library lets it through, and ``finally`` and ``with`` clean up on the way.
    """


def interrupt_on_ctrl_c() -> None:
    """Make Ctrl-C raise :class:`Interrupted`, unless SIGINT is ignored (a background job, ``nohup``)."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupt)


def _interrupt(number, frame):
    # Once only: a second Ctrl-C must not break the clean-up the first one started.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # An object the interruption left half-built (a pygraphviz graph, say) may fail in its
    # __del__ on the way out: Python would print that as "Exception ignored in ...".
    sys.unraisablehook = lambda unraisable: None
    raise Interrupted()


def input_files(paths):
    """The YAML files PATH... names, as the loader finds them (a directory: every YAML file in it).

    A generator: the folders are only walked when an output check needs them.
    Missing paths are left for loading to report.
    """
    from ..files import find_files

    yield from find_files(paths, [])




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
