"""`chainmap schema`: print the JSON Schema of the team file."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError, usage_problem
from ..output import write_output
from .common import echo, reports_errors


@click.command()
@click.option("-o", "--output", metavar="FILE", default="-", show_default=True,
              help="Write the schema to FILE (replaced atomically); '-' is standard output.")
@reports_errors
def schema(output):
    """Print the JSON Schema (draft 2020-12) of team files and map files.

    Editors (VS Code with the YAML extension, IntelliJ, ...) use it to complete
    keys, show what each key means and mark mistakes while you type. The schema
    is made from the same definition `check` validates with; `check` still
    reports what a schema cannot say (a team described twice, a link to itself,
    a name with no letters or digits). FILE must end in .json.

    \b
    Examples:
      chainmap schema > chainmap.schema.json
      chainmap schema -o teams/chainmap.schema.json
    """
    from ..schema import schema_text

    # A schema is JSON: a .yaml name is a team file typed in the wrong place, never overwritten.
    if output != "-" and Path(output).suffix.lower() != ".json":
        raise UsageError([usage_problem("output", f"'{output}' is not a .json file name",
                                        "the schema is JSON: name it chainmap.schema.json, say", path=output)])
    write_output(output, schema_text().encode("utf-8"))
    if output != "-":
        echo(f"wrote {output}", err=True)
