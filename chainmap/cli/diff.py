"""`chainmap diff`: what changed between two versions of the map."""

from __future__ import annotations

import json
import os
import sys

import click

from ..errors import EXIT_FINDINGS, EXIT_OK, UsageError, usage_problem
from ..text import json_text
from .common import as_of_option, echo, reports_errors


@click.command()
@click.argument("args", nargs=-1, required=True, metavar="OLD [NEW] [PATH]...")
@click.option("--since", metavar="REV", help="Compare the files as they were in REV with the working tree.")
@click.option("--format", "fmt", type=click.Choice(("text", "json", "markdown")), default="text",
              show_default=True, help="text for a terminal, json for scripts, markdown for a pull request.")
@click.option("--fail-on", type=click.Choice(("worse", "never")), default="never", show_default=True,
              help="worse: exit 1 when a link got worse or feedback coverage dropped.")
@as_of_option
@reports_errors
def diff(args, since, fmt, fail_on, as_of):
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
    """
    from ..api import analyse
    from ..diff import as_json, as_markdown, as_text, compare

    old, new = _versions(list(args), since)
    result = compare(analyse(old.load(), as_of)[:2], analyse(new.load(), as_of)[:2], as_of, old.label, new.label)
    if fmt == "json":
        echo(json_text(json.dumps(as_json(result), indent=2, ensure_ascii=False)))
    elif fmt == "markdown":
        echo(as_markdown(result).rstrip("\n"))
    else:
        echo(as_text(result).rstrip("\n"))
    sys.exit(EXIT_FINDINGS if fail_on == "worse" and result.got_worse else EXIT_OK)


class _Version:
    """One side of the comparison: paths on disk, or paths at a git revision."""

    def __init__(self, paths, revision=None, label=None):
        self.paths, self.revision = paths, revision
        self.label = label or revision or " ".join(paths)

    def load(self):
        from ..api import load
        from ..errors import InputError, Problem
        from ..revisions import Repository
        from ..validate import build_model

        if self.revision is None:
            return load(self.paths)
        problems: list[Problem] = []
        documents = Repository(self.paths[0]).documents(self.revision, self.paths, problems)
        chain_map = build_model(documents, problems)
        if any(problem.severity == "error" for problem in problems):
            raise InputError(problems)
        return chain_map


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
