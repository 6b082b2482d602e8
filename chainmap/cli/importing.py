"""`chainmap import`: team files from a spreadsheet of links, or from a Backstage catalog."""

from __future__ import annotations

import os

import click

from ..errors import UsageError, usage_problem
from ..i18n import text
from ..output import check_writable, write_output
from .common import echo, lang_option, reports_errors


@click.command("import")
@click.argument("sources", nargs=-1, metavar="FILE | backstage CATALOG...", type=click.Path(path_type=str))
@click.option("-o", "--output", "folder", default="teams", show_default=True, metavar="DIR",
              help="The folder to write one team file per team into (created when missing).")
@click.option("--merge", is_flag=True,
              help="Add to team files already in DIR: new customers, loops and suppliers are added; "
                   "what a file already says wins. Without it, an existing file is an error.")
@click.option("--sheet", metavar="NAME", help="XLSX: the sheet to read. Default: the first.")
@click.option("--template", metavar="FILE",
              help="Write an empty links sheet with its columns and an example row (.xlsx with checks "
                   "on kinds and cadences, or .csv) and stop.")
@click.option("--both-sides", is_flag=True,
              help="backstage: write each relation on both teams' files, as Backstage shows it. "
                   "Default: each team's own view, so `check` still finds unacknowledged links.")
@lang_option
@reports_errors
def importing(sources, folder, merge, sheet, template, both_sides, lang):
    """Write team files from a spreadsheet of links (CSV or XLSX), or from Backstage catalog files.

    The spreadsheet has one row per link: supplier, supplier department,
    customer, external, delivers, need, agreement, agreement approved,
    agreement review, feedback kind, cadence, last, score, note, declared by.
    Further rows of the same supplier and customer add feedback loops. Every
    bad cell is reported at once (exit 2) and nothing is written. `render -f
    csv` writes the same columns, so a map goes to a spreadsheet and back.

    `chainmap import backstage catalog-info.yaml...` reads Groups, Users,
    Components, APIs, Resources and Systems: when group B's component depends
    on (or consumes an API of) group A's component, A supplies B.

    Nothing is overwritten: a team already in DIR is an error (exit 2)
    unless --merge. All files are written, or none.

    \b
    Examples:
      chainmap import --template links.xlsx
      chainmap import links.xlsx -o teams/
      chainmap import links.csv -o teams/ --merge
      chainmap render teams/ -o links.csv
      chainmap import backstage catalog/*.yaml -o teams/
    """
    from ..importing import write_team_files  # here: it reads team files through the YAML loader

    if template:
        from ..importing.spreadsheet import template_bytes

        suffix = os.path.splitext(template)[1].lower()
        if suffix not in (".xlsx", ".csv"):
            raise UsageError([usage_problem("format", f"cannot tell the template's format from '{template}'",
                                            "name it .xlsx or .csv")])
        if os.path.lexists(template):
            raise UsageError([usage_problem("exists", f"'{template}' already exists",
                                            "nothing was written; choose another name", template)])
        check_writable(template)
        write_output(template, template_bytes(suffix, lang))
        echo(f"wrote {template}: fill in one row per link, then: chainmap import {template} -o teams/", err=True)
        return
    if not sources:
        raise UsageError([usage_problem("usage", "nothing to import",
                                        "give a .csv or .xlsx file, 'backstage' and catalog files, "
                                        "or --template FILE")])
    if sources[0] == "backstage":
        from ..importing.backstage import read_catalog

        if len(sources) < 2:
            raise UsageError([usage_problem("usage", "no catalog files", "chainmap import backstage "
                                            "catalog-info.yaml...")])
        imported = read_catalog(sources[1:], both_sides=both_sides, lang=lang)
        command = "chainmap import backstage"
    else:
        from ..importing.spreadsheet import read_links

        if len(sources) > 1:
            raise UsageError([usage_problem("usage", "one spreadsheet at a time",
                                            "import each file in turn, with --merge for the second")])
        imported = read_links(sources[0], sheet)
        command = f"chainmap import {os.path.basename(sources[0])}"

    header = text("teamfile.written-by", lang, command=command)
    written = write_team_files(imported, folder, merge=merge, lang=lang, header=header)
    for warning in written.warnings:
        echo(warning.format(), err=True)
    merged = f" ({len(written.merged)} merged)" if written.merged else ""
    count = len(written.paths)
    echo(f"wrote {count} team file{'s' if count != 1 else ''} into {folder}{merged}; "
         f"next: chainmap check {folder}", err=True)
