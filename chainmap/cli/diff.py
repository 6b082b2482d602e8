"""`chainmap diff`: what changed between two versions of the map."""

from __future__ import annotations

import json
import os
import sys

import click

from ..api import analyse, load
from ..errors import EXIT_FINDINGS, EXIT_OK, UsageError, usage_problem
from ..output import check_not_an_input, check_writable, write_output
from ..render import RenderOptions, format_for_suffix
from ..text import json_text
from .common import as_of_option, echo, format_from_output, input_files, lang_option, reports_errors, theme_option


@click.command()
@click.argument("args", nargs=-1, required=True, metavar="OLD [NEW] [PATH]...")
@click.option("--since", metavar="REV", help="Compare the files as they were in REV with the working tree.")
@click.option("--format", "fmt", type=click.Choice(("text", "json", "markdown")), default="text",
              show_default=True, help="text for a terminal, json for scripts, markdown for a pull request.")
@click.option("--fail-on", type=click.Choice(("worse", "never")), default="never", show_default=True,
              help="worse: exit 1 when a link got worse or feedback coverage dropped.")
@click.option("-o", "--output", metavar="FILE",
              help="Also draw the picture of the change: NEW with new, better, worse and gone links "
                   "marked, the rest dimmed (.svg, .png, .pdf or .dot), or the interactive page of it "
                   "(.html: c dims what did not change).")
@click.option("--overview", is_flag=True, help="With -o: the departments, each arrow counting its changed links.")
@click.option("--focus", metavar="TEAM", help="With -o: only the chain around this team (name or id).")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True,
              help="With --focus: levels of customers to show.")
@click.option("--up", type=click.IntRange(min=0), default=1, show_default=True,
              help="With --focus: levels of suppliers to show.")
@theme_option
@lang_option
@as_of_option
@reports_errors
def diff(args, since, fmt, fail_on, output, overview, focus, depth, up, theme, lang, as_of):
    """Show what changed between two versions of the map.

    OLD and NEW are each a folder or file, or a git revision of the PATHs.
    Arguments are read left to right: the first ones that are not files or
    folders here are revisions (one or two), the rest are the PATHs. With one
    revision, NEW is the working tree; with none, OLD and NEW are two paths.
    Revisions are read from git without a checkout. Both versions are judged
    on the same day (--as-of), so only what the files changed shows.

    It lists links that got better or worse (no feedback, hearing only, stale,
    healthy, from worse to better), scores that changed, links and teams added
    and removed, findings opened and closed, and the feedback coverage before
    and after, with file:line:col in NEW where there is one.

    \b
    Examples:
      chainmap diff old-teams/ teams/
      chainmap diff main teams/
      chainmap diff v2026-06 HEAD teams/
      chainmap diff --since main teams/ --format markdown
      chainmap diff main teams/ --fail-on worse
      chainmap diff v2026-06 HEAD teams/ -o change.svg
      chainmap diff main teams/ --overview -o change.pdf
      chainmap diff main teams/ --focus Payroll -o payroll-change.png
      chainmap diff v2026-06 HEAD teams/ -o change.html
    """
    from ..diff import as_json, as_markdown, as_text, compare  # here: it reads git revisions through the YAML loader

    old, new = _versions(list(args), since)
    picture_format = _picture_format(output, overview, focus, old, new)
    old_graph, old_findings, _ = analyse(old.load(), as_of)
    new_graph, new_findings, _ = analyse(new.load(), as_of)
    result = compare((old_graph, old_findings), (new_graph, new_findings), as_of, old.label, new.label)
    if picture_format:
        _draw_picture(result, old_graph, new_graph, new_findings, picture_format, output,
                      dict(overview=overview, focus=focus, depth=depth, up=up, theme=theme, lang=lang, as_of=as_of))
    if fmt == "json":
        echo(json_text(json.dumps(as_json(result), indent=2, ensure_ascii=False)))
    elif fmt == "markdown":
        echo(as_markdown(result).rstrip("\n"))
    else:
        echo(as_text(result).rstrip("\n"))
    sys.exit(EXIT_FINDINGS if fail_on == "worse" and result.got_worse else EXIT_OK)


def _picture_format(output, overview, focus, old, new) -> str | None:
    """The picture's format from ``-o``, checked before any map is read; None without ``-o``."""
    from ..diff import PICTURE_FORMATS

    if not output:
        if overview or focus:
            raise UsageError([usage_problem("usage", "--overview and --focus choose what the picture shows",
                                            "add -o change.svg (or .png, .pdf, .dot)")])
        return None
    if output == "-":
        raise UsageError([usage_problem("usage", "the picture is written to a file; standard output holds the diff",
                                        "-o change.svg (or .png, .pdf, .dot, .html)")])
    check_writable(output)
    fmt = format_from_output(output, default="", lookup=lambda name: format_for_suffix(os.path.splitext(name)[1]),
                             hint="end the file name in .svg, .png, .pdf, .dot or .html")
    if fmt not in PICTURE_FORMATS + ("html",):
        raise UsageError([usage_problem("format", f"the picture of a change is drawn as SVG, PNG, PDF, DOT or HTML, "
                                                  f"not {(fmt or os.path.splitext(output)[1]).upper()} yet",
                                        "end the file name in .svg, .png, .pdf, .dot or .html")])
    if fmt == "html" and overview:
        raise UsageError([usage_problem("format", "--overview draws SVG, PNG, PDF or DOT, not HTML",
                                        "the page of a map over 150 teams opens on its overview and holds "
                                        "each department's view")])
    # The team files on disk, whichever versions are read from git: the picture never replaces one.
    check_not_an_input(output, input_files(list(dict.fromkeys(old.paths + new.paths))))
    return fmt


def _draw_picture(result, old_graph, new_graph, findings, fmt: str, output: str, options: dict) -> None:
    from ..diff import picture

    warnings: list = []
    write_output(output, picture(result, old_graph, new_graph, findings, fmt, RenderOptions(**options), warnings))
    echo(f"wrote {output} ({fmt.upper()}: the picture of the change)", err=True)
    for warning in warnings:  # a PNG drawn smaller than asked, say
        echo(warning.format(), err=True)


class _Version:
    """One side of the comparison: paths on disk, or paths at a git revision."""

    def __init__(self, paths, revision=None, label=None):
        self.paths, self.revision = paths, revision
        self.label = label or revision or " ".join(paths)

    def load(self):
        from ..revisions import map_at  # here: it reads git revisions through the YAML loader

        return load(self.paths) if self.revision is None else map_at(self.paths, self.revision)


def _versions(args: list[str], since: str | None):
    revisions = []
    if since is not None:
        revisions.append(since)
    while args and len(revisions) < 2 and not os.path.lexists(args[0]):
        revisions.append(args.pop(0))
    paths = args
    if not revisions:
        if len(paths) != 2:
            raise UsageError([usage_problem(
                "usage", f"give two versions to compare, not {len(paths)}",
                "chainmap diff OLD_FOLDER NEW_FOLDER, or chainmap diff REVISION PATH... (see --help)")])
        return _Version([paths[0]]), _Version([paths[1]])
    if not paths:
        missing = revisions[-1]
        raise UsageError([usage_problem(
            "missing-path", f"no file or folder to compare: '{missing}' is not here",
            "name the team files after the revision: chainmap diff main teams/")])
    old = _Version(paths, revisions[0])
    new = _Version(paths, revisions[1]) if len(revisions) == 2 else _Version(paths, label="working tree")
    return old, new
