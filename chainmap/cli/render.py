"""`chainmap render`: draw the chain."""

from __future__ import annotations

import click

from ..api import analyse, load
from ..errors import UsageError, usage_problem
from ..output import check_not_an_input, check_writable, write_output
from ..render import (DEPARTMENT_FORMATS, DRAWINGS, FORMATS, GRAPHVIZ_FORMATS, RenderOptions, described_teams,
                      too_large_to_read)
from ..render import render as draw
from ..render.mermaid import size_warning
from .common import (as_of_option, echo, format_from_output, input_files, lang_option, output_stem,
                     paths_argument, reports_errors, summary_line, theme_option)


@click.command()
@paths_argument
@click.option("-o", "--output", metavar="FILE",
              help="Where to write ('-' = stdout). Default: <name of first PATH>.<format> here.")
@click.option("-f", "--format", "fmt", type=click.Choice(tuple(FORMATS)),
              help="Output format. Default: from the -o extension, else svg.")
@click.option("--title", help="Title above the map. Default: the 'organization:' of the input.")
@click.option("--legend/--no-legend", default=True, show_default=True, help="Draw the legend.")
@click.option("--focus", metavar="TEAM",
              help="Draw only the chain around this team (name or id). HTML: the team the page opens on.")
@click.option("--overview", is_flag=True,
              help="One box per department and one arrow per pair of departments, counting its links "
                   "per state. The default on a map of more than 150 teams.")
@click.option("--department", metavar="NAME",
              help="This department's teams in full, every other department as one box.")
@click.option("--teams", "all_teams", is_flag=True,
              help="Every team, however large the map (the default up to 150 teams).")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True,
              help="With --focus: levels of customers to show.")
@click.option("--up", type=click.IntRange(min=0), default=1, show_default=True,
              help="With --focus: levels of suppliers to show.")
@theme_option
@click.option("--engine", type=click.Choice(("dot", "sfdp")), default="dot", show_default=True,
              help="Graphviz layout engine. dot draws the chain left to right; sfdp is faster on "
                   "thousands of teams.")
@click.option("--dpi", type=click.IntRange(min=30, max=1200), metavar="N",
              help="PNG only: dots per inch, e.g. 300 for print or slides. Default: 96.")
@click.option("--since", metavar="REV",
              help="HTML only: mark what changed since this git revision (new, better, worse, gone links); "
                   "c on the page dims what did not change. For a drawing: chainmap diff REV PATH -o FILE.")
@lang_option
@as_of_option
@reports_errors
def render(paths, output, fmt, title, legend, focus, overview, department, all_teams, depth, up, theme, engine, dpi,
           since, lang, as_of):
    """Draw the customer chain as SVG, PNG, PDF, DOT, an interactive HTML page or Mermaid (for wikis),
    or export it for analysts as GraphML, GEXF, node-link JSON or Kumu's CSVs (a ZIP), or as the
    links spreadsheet (CSV, a row per feedback loop) that chainmap import reads back.

    Links without any feedback loop get the strongest mark (thick dashed,
    NO FEEDBACK LOOP); stale and hearing-only links are marked too. Hover a
    team or link in the SVG for details. A map of more than 150 teams is
    drawn as the overview of its departments (--teams draws every
    team; --department and --focus draw a part in full). The HTML page (-f html, or -o
    NAME.html) is one offline file for a workshop: click a team to see its
    chain, search, show the gaps only, switch to projector type.

    \b
    Examples:
      chainmap render examples/team.yaml
      chainmap render examples/acme -o acme.pdf
      chainmap render examples/acme -o acme.png --dpi 300 --lang nl
      chainmap render examples/acme --focus Payroll --depth 3 -o payroll.svg
      chainmap render teams/ --overview -o organisation.pdf
      chainmap render teams/ --department "Corporate Services" -o corporate.svg
      chainmap render teams/ -f dot -o - | less
      chainmap render examples/acme -o acme.html --focus Payroll
      chainmap render teams/ -o change.html --since main
      chainmap render examples/acme --focus Payroll -o payroll.mmd
      chainmap render examples/acme -o acme.graphml
    """

    if output:
        check_writable(output)  # before guessing the format: "-o maps/" names a directory
    fmt = fmt or _format_from_output(output)
    if dpi and fmt != "png":
        raise UsageError([usage_problem("dpi", f"--dpi applies to PNG only, not {fmt.upper()}",
                                        "SVG and PDF are vector drawings: they are sharp at any size")])
    if since is not None and fmt != "html":
        raise UsageError([usage_problem("since", f"--since marks the changes on the HTML page, not in {fmt.upper()}",
                                        f"for a drawing of the change: chainmap diff {since} PATH -o change.{fmt}")])
    if not output:
        output = output_stem(paths[0]) + (FORMATS[fmt].suffixes[0] if FORMATS[fmt].suffixes else f".{fmt}")
        check_writable(output)
    check_not_an_input(output, input_files(paths))
    if (overview or department) and fmt not in DEPARTMENT_FORMATS:
        raise UsageError([usage_problem(
            "format", f"--overview and --department draw {', '.join(f.upper() for f in DEPARTMENT_FORMATS)}, "
                      f"not {fmt.upper()}",
            "the page of a map over 150 teams opens on its overview and holds each department's view"
            if fmt == "html" else "export the whole map, or the chain around one team with --focus TEAM")])
    chain_map = load(paths)
    graph, found, summary = analyse(chain_map, as_of)
    described = described_teams(graph)
    whole_map = not (overview or department or focus)
    too_large = too_large_to_read(graph)
    if whole_map and too_large and not all_teams and fmt in GRAPHVIZ_FORMATS:
        overview = True
        echo(f"{described:,} teams are too many to read in one drawing: drew the overview of their departments "
             "(--teams draws every team, --department NAME one department, --focus TEAM one chain)",
             err=True)
    elif whole_map and too_large and fmt in DRAWINGS and fmt != "html":  # the page has levels of its own
        echo(f"{described:,} teams: for a view people can read, try --overview, --department NAME "
             "or --focus TEAM", err=True)
    changes = None
    if since is not None:  # the page of now, with what changed since REV marked (read from git)
        from ..diff import changed_since  # here: it reads git revisions through the YAML loader

        graph, changes = changed_since(paths, since, graph, found, as_of)
    options = RenderOptions(title=title, legend=legend, theme=theme, focus=focus, depth=depth, up=up,
                            as_of=as_of, engine=engine, dpi=dpi, lang=lang, overview=overview,
                            department=department, changes=changes)
    warnings: list = []
    data = draw(graph, fmt, options, findings=found, warnings=warnings)
    write_output(output, data)
    where = "stdout" if output == "-" else output
    echo(f"wrote {where} ({fmt.upper()}): {summary_line(summary)}", err=True)
    for warning in warnings:  # a PNG drawn smaller than asked, say
        echo(warning.format(), err=True)
    if fmt == "mermaid":
        warning = size_warning(data.decode("utf-8"))
        if warning:
            echo(f"warning: {warning}", err=True)


def _format_from_output(output: str | None) -> str:
    names = "|".join(FORMATS)
    suffixes = "/".join(suffix for f in FORMATS.values() for suffix in f.suffixes[:1])
    return format_from_output(output, default="svg", lookup=FORMATS.for_path,
                              hint=f"use -f {names} or a {suffixes} name")
