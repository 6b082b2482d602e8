"""`chainmap report`: the map as onboarding material (PDF, HTML or Markdown)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import click

from ..api import analyse, load
from ..errors import UsageError, usage_problem
from ..model import slugify
from ..output import check_folder_holds_no_input, check_not_an_input, check_writable, write_output
from ..report import FORMATS as REPORT_FORMATS, format_for, report_output, units
from ..report.content import build_report
from ..report.svg_folder import check_folder, diagrams_folder, write_folder
from .common import (as_of_option, echo, format_from_output, input_files, lang_option, output_stem,
                     paths_argument, reports_errors, summary_line)

# More team pages than this, on a terminal, get a progress bar.
PROGRESS_AFTER = 5


@click.command()
@paths_argument
@click.option("-o", "--output", metavar="FILE",
              help="Where to write: FILE.pdf, FILE.html or FILE.md ('-' = stdout). "
                   "Default: <name of first PATH>[-<team>].pdf here.")
@click.option("-f", "--format", "fmt", type=click.Choice(list(REPORT_FORMATS)),
              help="pdf, html or md. Default: from the -o extension, else pdf.")
@click.option("--team", metavar="TEAM",
              help="Only this team's page (name or id): the one-pager for a welcome pack.")
@click.option("--department", metavar="NAME",
              help="Only this department's pack: its map, its row of the summary and its teams' pages.")
@click.option("--title", help="The organisation's name on the title page. Default: the 'organization:' "
                              "of the input.")
@click.option("--diagrams", type=click.Choice(("mermaid", "svg")),
              help="Markdown only: Mermaid code blocks (default; GitHub, GitLab and Notion draw them), or "
                   "SVG files in a folder <FILE>-diagrams beside the .md.")
@click.option("--since", metavar="REV",
              help="Add \"What changed since\" REV (a git revision of the PATHs): links better and worse, new "
                   "points to act on, score trends from REV, and the coverage chart of the commits since.")
@lang_option
@as_of_option
@reports_errors
def report(paths, output, fmt, team, department, title, diagrams, since, lang, as_of):
    """Write the map as onboarding material: who each team serves, and how it listens.

    The whole-map report has a title page, the organisation at a glance (a
    box per department; the full map when there are no departments), a table
    of contents, a summary (teams, links, feedback coverage, a row per
    department with the links to act on first, the gaps by kind), a map per
    department and one page per team: what it does, its customers and their
    feedback loops, the chain around it, its suppliers and its next steps.
    With --team, just that team's page; with --department, that department's
    pack. With --since REV, the whole-map report says what changed since the
    git revision REV (with the coverage chart of the commits since), and each
    team page what changed on its links; errors as in 'chainmap diff'.

    PDF is A4 with vector diagrams, page numbers and embedded fonts; HTML is
    one self-contained, printable file; Markdown is for wikis.

    \b
    Examples:
      chainmap report examples/acme -o acme.pdf --as-of 2026-11-22
      chainmap report examples/acme -o acme-nl.pdf --lang nl
      chainmap report examples/acme --team Radiology -o radiology.pdf
      chainmap report examples/acme --department "Clinical Care" -o clinical-care.pdf
      chainmap report examples/acme -o acme.html
      chainmap report teams/ -o wiki/chain.md
      chainmap report teams/ -o wiki/chain.md --diagrams svg
      chainmap report teams/ --since v2026-06 -o chain.pdf
    """
    # The program pauses Python's cycle collector for a run (cli.run); a report makes garbage in
    # cycles by the page (fpdf2's objects, the graphs of the drawings), which without it
    # stays until the end: 3.7 GB and growing at 5,000 teams instead of well under 1 GB.
    gc.enable()

    if output:
        check_writable(output)
    fmt = fmt or _format_from_output(output)
    if diagrams and fmt != "md":
        raise UsageError([usage_problem("diagrams", f"--diagrams applies to Markdown only, not {fmt.upper()}",
                                        "PDF and HTML always hold their diagrams")])
    if team and department:
        raise UsageError([usage_problem("view", "--team and --department are different reports",
                                        "choose one of them")])
    diagrams = diagrams or "mermaid"
    if diagrams == "svg" and output == "-":
        raise UsageError([usage_problem("diagrams", "--diagrams svg writes files beside the Markdown file",
                                        "give a file name with -o, not '-'")])
    if not output and not (team or department):
        output = f"{output_stem(paths[0])}.{fmt}"
    # Before any work; only the default name with --team waits for the team's id from the map.
    folder = _check_outputs(output, paths, diagrams) if output else None
    chain_map = load(paths)
    graph, found, summary = analyse(chain_map, as_of)
    changes = None
    if since is not None:
        from ..since import since as changes_since  # here: it reads git revisions through the YAML loader

        # The chart is the whole map's: a team's or a department's pack has none.  The PDF places a PNG,
        # HTML holds the SVG, Markdown links the SVG file (only with a diagrams folder).
        charts = () if team or department else {"pdf": ("png",), "html": ("svg",)}.get(
            fmt, ("svg",) if diagrams == "svg" and output != "-" else ())
        changes = changes_since(paths, since, (graph, found), as_of, charts=charts, lang=lang)
    content = build_report(graph, found, as_of, lang, team=team, title=title, department=department,
                           since=changes)
    if not output:
        name = content.teams[0].id if team else (slugify(content.department) or "department")
        output = f"{output_stem(paths[0])}-{name}.{fmt}"
        folder = _check_outputs(output, paths, diagrams)
    written = _output_with_progress(content, fmt, diagrams, Path(folder).name if folder else "diagrams")
    if folder:
        write_folder(folder, written.files)
    write_output(output, written.data)
    where = "stdout" if output == "-" else output
    pages = f", {written.pages} page{'' if written.pages == 1 else 's'}" if written.pages else ""
    teams = f"{written.teams} team page{'' if written.teams == 1 else 's'}"
    echo(f"wrote {where} ({fmt.upper()}{pages}): {teams}; {summary_line(summary)}", err=True)
    if folder:
        echo(f"wrote {folder}/ ({len(written.files)} SVG diagrams)", err=True)


def _check_outputs(output: str, paths, diagrams: str) -> str | None:
    """Refuse an output that cannot be written or would replace an input; the diagrams folder, if any."""
    check_writable(output)
    check_not_an_input(output, input_files(paths))
    if diagrams != "svg":
        return None
    folder = diagrams_folder(output)
    check_folder_holds_no_input(folder, input_files(paths))
    check_folder(folder)
    return folder


def _output_with_progress(content, fmt, diagrams, folder):
    """The report laid out, with a progress bar on a terminal when it has more than a handful of teams."""
    if not (_stderr_is_terminal() and len(content.teams) > PROGRESS_AFTER):
        return report_output(content, fmt, diagrams=diagrams, folder=folder)
    with click.progressbar(length=units(content), label="Drawing team pages", file=sys.stderr,
                           show_pos=True) as bar:
        def progress(done, total):
            bar.update(done - bar.pos)

        return report_output(content, fmt, diagrams=diagrams, folder=folder, progress=progress)


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _format_from_output(output: str | None) -> str:
    return format_from_output(output, default="pdf", lookup=format_for, what="report format",
                              hint="use -f pdf|html|md or a .pdf/.html/.md name")
