"""`chainmap cards`: printable conversation cards for the links that need a conversation."""

from __future__ import annotations

import click

from ..api import analyse, load
from ..cards import FORMATS as CARD_FORMATS, render_cards, select_cards
from ..output import check_not_an_input, check_writable, write_output
from .common import (as_of_option, counted, echo, format_from_output, input_files, lang_option, output_stem,
                     paths_argument, reports_errors)


@click.command()
@paths_argument
@click.option("-o", "--output", metavar="FILE",
              help="Where to write: a .pdf or .html file ('-' = stdout). "
                   "Default: <name of first PATH>-cards.pdf here.")
@click.option("-f", "--format", "fmt", type=click.Choice(list(CARD_FORMATS)),
              help="Output format. Default: from the -o extension, else pdf.")
@click.option("--all", "all_links", is_flag=True,
              help="A card for every link, healthy ones too. Default: only links that are not "
                   "healthy (no feedback loop, stale, hearing only).")
@click.option("--team", metavar="TEAM",
              help="Only the links this team supplies: the cards it takes to its customers (name or id).")
@click.option("--title", help="Title in each card's footer. Default: the 'organization:' of the input.")
@click.option("--since", metavar="REV",
              help="Start each card's score trend at the score the link had in REV (a git revision of the "
                   "PATHs): \"Your grades for us: 7 → 8\".")
@lang_option
@as_of_option
@reports_errors
def cards(paths, output, fmt, all_links, team, title, since, lang, as_of):
    """Print conversation cards: one A6 card per link, four to an A4 page.

    Each card shows supplier -> customer, what is delivered and the need
    behind it, the three questions (what should we keep doing, stop doing,
    start doing?), "You gave us a 7. What would make it a 9?" (a blank for
    the grade when no score is known; "Your grades for us: 7 -> 8" when the
    link has two scores or more, or changed since --since REV), writing lines
    for notes, and a date field. Cut along the marks and take the cards to
    your customers.

    By default every link that is not healthy gets a card: no feedback loop,
    a stale loop, or hearing only (a score alone is hearing, not listening).
    --all prints a card for every link. When no link needs a card, nothing is
    written and the command says so (exit 0).

    \b
    Examples:
      chainmap cards examples/acme -o cards.pdf
      chainmap cards examples/acme --team Payroll --lang nl -o payroll-kaarten.pdf
      chainmap cards examples/acme --all -o cards.html
      chainmap cards teams/ --as-of 2026-11-22 -f pdf -o - > cards.pdf
      chainmap cards teams/ --since v2026-06 -o cards.pdf
    """
    if output:
        check_writable(output)
    fmt = fmt or _format_from_output(output)
    if not output:
        output = f"{output_stem(paths[0])}-cards.{fmt}"
        check_writable(output)
    check_not_an_input(output, input_files(paths))
    chain_map = load(paths)
    graph, _, _ = analyse(chain_map, as_of)
    earlier = None
    if since is not None:
        from ..since import revision_graph  # here: it reads git revisions through the YAML loader

        earlier_graph, _, day = revision_graph(paths, since, as_of)
        earlier = (earlier_graph, day)
    chosen = select_cards(graph, as_of, all_links=all_links, team=team, earlier=earlier)
    if not chosen:
        echo(f"no cards to print: {_why_none(all_links, team)}; nothing written", err=True)
        return
    data = render_cards(chosen, fmt, title=title or chain_map.organization, lang=lang, as_of=as_of)
    write_output(output, data)
    where = "stdout" if output == "-" else output
    pages = -(-len(chosen) // 4)
    echo(f"wrote {where} ({fmt.upper()}): {counted(len(chosen), 'card')} on {counted(pages, 'page')}", err=True)


def _why_none(all_links: bool, team: str | None) -> str:
    if team and all_links:
        return f"{team} supplies no customer in the map"
    if team:
        return f"every link {team} supplies is healthy (use --all for a card per link)"
    if all_links:
        return "the map has no links"
    return "every link is healthy (use --all for a card per link)"


def _format_from_output(output: str | None) -> str:
    return format_from_output(output, default="pdf", lookup=CARD_FORMATS.for_path,
                              hint="use -f pdf|html or a .pdf/.html name")
