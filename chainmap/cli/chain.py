"""`chainmap chain`: one team's chain as a tree in the terminal."""

from __future__ import annotations

import codecs
import os
import sys

import click

from ..api import analyse, load
from ..graph import find_team
from ..tree import ASCII, UNICODE, chain_view
from .common import as_of_option, echo, paths_argument, reports_errors

# How each kind of segment is coloured (only when colour is on).
STYLES = {
    "root": {"bold": True},
    "team": {"bold": True},
    "heading": {"bold": True},
    "no-feedback": {"fg": "red", "bold": True},
    "stale": {"fg": "yellow"},
    "hearing-only": {"fg": "magenta"},
    "healthy": {"fg": "green"},
    "cycle": {"fg": "cyan"},
    "external": {"fg": "blue"},
    "undescribed": {"dim": True},
    "note": {"dim": True},
    "tree": {"dim": True},
}


@click.command()
@click.argument("team")
@paths_argument
@click.option("--depth", type=click.IntRange(min=0), metavar="N",
              help="Levels of customers to show. Default: all, down to the end customers.")
@click.option("--up", type=click.IntRange(min=0), default=0, show_default=True, metavar="N",
              help="Levels of suppliers to show as well.")
@click.option("--color/--no-color", "color", default=None,
              help="Colour the states. Default: when stdout is a terminal and NO_COLOR is not set.")
@as_of_option
@reports_errors
def chain(team, paths, depth, up, color, as_of):
    """Show one team's chain as a tree: its customers down to the end customers.

    Every link is marked with its feedback state (✗ no feedback, ! stale,
    ~ hearing only, ✓ healthy) and what is delivered. A team reached again
    through another path is shown once ("see above"); a cycle is marked
    (↺ back to ...), not followed. Under the tree, "What your customer's
    customers need" lists the needs written on the links below the team's
    own, each with who needs it from whom, nearest first. TEAM is a name or
    id. This is a view,
    not a check: it exits 0 whatever it shows (2 for invalid input or an
    unknown team).

    \b
    Examples:
      chainmap chain Payroll examples/acme
      chainmap chain "IT Service Desk" examples/acme --depth 2
      chainmap chain Radiology examples/acme --up 2
      chainmap chain payroll teams/ --no-color | less
    """

    graph, _, _ = analyse(load(paths), as_of)
    team_id = find_team(graph, team)
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    glyphs = UNICODE if _is_unicode(encoding) else ASCII
    view = chain_view(graph, team_id, as_of, depth=depth, up=up, glyphs=glyphs)
    colour = _use_colour(color)
    for line in [*view.lines, (), view.summary()]:
        text = "".join(_styled(segment, colour) for segment in line)
        echo(text.encode(encoding, "replace").decode(encoding), color=colour)


def _is_unicode(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def _use_colour(forced: bool | None) -> bool:
    """--color/--no-color win; otherwise colour only on a terminal, and never with NO_COLOR set (no-color.org)."""
    if forced is not None:
        return forced
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _styled(segment, colour: bool) -> str:
    if not colour or segment.kind not in STYLES or not segment.text.strip():
        return segment.text
    return click.style(segment.text, **STYLES[segment.kind])
