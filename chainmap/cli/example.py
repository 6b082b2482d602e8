"""`chainmap example`: write the bundled example map and the team template to a folder."""

from __future__ import annotations

import shlex

import click

from ..examples_data import copy_examples
from .common import echo, reports_errors

DEFAULT_FOLDER = "chainmap-example"


@click.command()
@click.argument("directory", metavar="[DIR]", required=False, default=DEFAULT_FOLDER,
                type=click.Path(path_type=str))
@reports_errors
def example(directory):
    """Write the example map and the team template into DIR, to try chainmap without a clone.

    DIR/acme/ is Acme Health, an example organisation with one YAML file per
    team; DIR/team.yaml is the commented template a team copies and fills in.
    DIR defaults to chainmap-example in the current folder. Nothing is ever
    overwritten: DIR must not exist yet, or be an empty folder (exit 2 otherwise).

    \b
    Examples:
      chainmap example
      chainmap example acme-demo
      chainmap example && chainmap render chainmap-example/acme -o acme.svg
    """
    written = copy_examples(directory)
    shown = directory.rstrip("/\\") or directory
    files = sum(1 for path in written if path.startswith("acme/"))
    acme = shlex.quote(f"{shown}/acme")
    echo(f"wrote {shown}/: the Acme Health example ({files} YAML files) and team.yaml, the template\n"
         f"next: chainmap render {acme} -o acme.svg\n"
         f"      chainmap check {acme}\n"
         f"      cp {shlex.quote(f'{shown}/team.yaml')} teams/<your-team>.yaml", err=True)
