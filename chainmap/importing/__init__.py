"""`chainmap import`: team files from a spreadsheet of links (spreadsheet.py) or a Backstage catalog (backstage.py).

Both read their source into plain team data (the team-file shape) and hand it to
:func:`write_team_files`, which writes one file per team through the one team-file
writer (chainmap.team_yaml).  Nothing is overwritten silently: a team already in the
folder is an error unless ``merge`` is asked for, and then the import only adds to
what the file says (the file wins on a conflict).  All files are written, or none.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field

from ..errors import InputError, Problem, UsageError, usage_problem
from ..loader import load_documents, parse_text
from ..model import slugify
from ..team_yaml import team_yaml
from ..validate import build_model


@dataclass
class Imported:
    """Teams read from a source: plain team data, and per team what the writer may add as comments."""

    teams: list[dict] = field(default_factory=list)
    supplier_notes: dict = field(default_factory=dict)   # team id -> {supplier name: comment}
    footers: dict = field(default_factory=dict)          # team id -> comment block
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class Written:
    """What :func:`write_team_files` wrote: the paths, which of them were merged, and warnings."""

    paths: list[str]
    merged: list[str]
    warnings: list[Problem]


def plain_data(value):
    """A loaded YAML value (YMap, YList) as plain dicts and lists."""
    if isinstance(value, dict):
        return {key: plain_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_data(item) for item in value]
    return value


def _existing(folder: str):
    """The teams already described in ``folder``: id -> (path, the file's plain data or None for a map file)."""

    if not os.path.isdir(folder):
        return {}, []
    problems: list[Problem] = []
    documents = load_documents([folder], problems)
    chain_map = build_model(documents, problems)
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise InputError(errors)
    roots = {document.path: document.root for document in documents}
    found = {}
    for team in chain_map.teams:
        root = roots.get(team.source.path)
        single = isinstance(root, dict) and "team" in root
        found[team.id] = (team.source.path, plain_data(root) if single else None)
    return found, documents


def write_team_files(imported: Imported, folder: str, *, merge: bool = False, lang: str = "en",
                     header: str | None = None) -> Written:
    """Write one team file per imported team into ``folder`` (created when missing).

    A team the folder already describes, or a file name already taken, is a
    :class:`UsageError` listing them all, and nothing is written, unless
    ``merge``: then the imported customers, loops and suppliers are added to
    that team's file and what the file already says wins.  The result is
    validated with the other files of the folder before anything is written.
    """
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise UsageError([usage_problem("output", f"cannot write into '{folder}': it is a file, not a folder",
                                        "choose a folder with -o")])
    existing, documents = _existing(folder)
    taken, planned, merged, warnings = [], [], [], list(imported.warnings)
    for team in imported.teams:
        team_id = slugify(team["team"])
        notes = imported.supplier_notes.get(team_id)
        footer = imported.footers.get(team_id)
        if team_id in existing:
            path, current = existing[team_id]
        else:
            path, current = os.path.join(folder, f"{team_id}.yaml"), None
            if os.path.lexists(path):
                raise UsageError([usage_problem(
                    "exists", f"'{path}' exists but does not describe {team['team']!r}",
                    "move it away, or import into another folder with -o", path)])
        if os.path.lexists(path) and not merge:
            taken.append(path)
            continue
        if os.path.lexists(path):
            if current is None:
                raise UsageError([usage_problem(
                    "merge", f"{team['team']!r} is described in '{path}', a file of several teams",
                    "--merge adds to files of one team: move the team to a file of its own", path)])
            before = team_yaml(current, lang=lang, header=header)
            with open(path, encoding="utf-8") as handle:
                if handle.read() != before:
                    warnings.append(Problem(path, 0, 0, "warning", "merge-layout",
                                            "rewritten in chainmap's layout: comments of its own are not kept"))
            team = merge_team(current, team, path, warnings)
            merged.append(path)
        planned.append((path, team_yaml(team, lang=lang, header=header, supplier_notes=notes, footer=footer)))
    if taken:
        shown = ", ".join(sorted(taken))
        raise UsageError([usage_problem(
            "exists", f"{'these files already exist' if len(taken) > 1 else 'this file already exists'}: {shown}",
            "nothing was written; --merge adds the import to them, or choose another folder with -o")])
    _check(planned, documents)
    _write_all(folder, planned)
    return Written([path for path, _ in planned], merged, warnings)


def _check(planned, documents) -> None:
    """Everything the folder will hold must load: the new texts with the files that stay."""

    problems: list[Problem] = []
    replaced = {os.path.normpath(path) for path, _ in planned}
    kept = [document for document in documents if os.path.normpath(document.path) not in replaced]
    new = [parse_text(text, path, problems) for path, text in planned]
    build_model(kept + [document for document in new if document is not None], problems)
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise InputError(errors)


def _write_all(folder: str, planned) -> None:
    """All files, or none: each is written to a temporary file first, then all are renamed into place."""
    os.makedirs(folder, exist_ok=True)
    temporaries = []
    try:
        for path, text in planned:
            handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=".chainmap-",
                                                 suffix=".tmp")
            temporaries.append(temporary)
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        for (path, _), temporary in zip(planned, temporaries):
            os.replace(temporary, path)
    except OSError as exc:
        raise UsageError([usage_problem("output", f"cannot write into '{folder}': {exc.strerror or exc}",
                                        path=folder)]) from None
    finally:
        for temporary in temporaries:
            if os.path.exists(temporary):
                os.unlink(temporary)


def merge_team(current: dict, imported: dict, path: str, warnings: list) -> dict:
    """``imported`` added to ``current`` (a team's data as its file has it); the file wins on a conflict.

    Team keys and a customer's keys are filled in where the file has none; new
    suppliers, customers and feedback loops are added after the file's own.  A
    loop is already there when the file has one of the same kind and ``last``.
    Each value the import would change is reported as a ``merge-conflict`` warning.
    """
    merged = dict(current)
    for key, value in imported.items():
        if key in ("customers", "suppliers"):
            continue
        _fill(merged, key, value, f"{key} of {current['team']!r}", path, warnings)
    suppliers = list(current.get("suppliers") or [])
    for name in imported.get("suppliers") or []:
        if slugify(name) not in {slugify(str(known)) for known in suppliers}:
            suppliers.append(name)
    if suppliers:
        merged["suppliers"] = suppliers
    customers = [dict(team=item) if not isinstance(item, dict) else dict(item)
                 for item in current.get("customers") or []]
    by_id = {slugify(str(customer.get("team"))): customer for customer in customers}
    for new in imported.get("customers") or []:
        new = new if isinstance(new, dict) else {"team": new}
        known = by_id.get(slugify(new["team"]))
        if known is None:
            customers.append(new)
            by_id[slugify(new["team"])] = new
            continue
        for key, value in new.items():
            if key not in ("team", "feedback"):
                _fill(known, key, value, f"{key} for {known['team']!r}", path, warnings)
        loops = list(known.get("feedback") or [])
        seen = {(loop.get("kind"), loop.get("last")) for loop in loops if isinstance(loop, dict)}
        loops += [loop for loop in new.get("feedback") or [] if (loop.get("kind"), loop.get("last")) not in seen]
        if loops:
            known["feedback"] = loops
    short = [customer if set(customer) != {"team"} else customer["team"] for customer in customers]
    merged["customers"] = short
    return merged


def _fill(target: dict, key: str, value, what: str, path: str, warnings: list) -> None:
    if value in (None, "", [], {}):
        return
    if target.get(key) in (None, "", [], {}):
        target[key] = value
    elif target[key] != value:
        warnings.append(Problem(path, 0, 0, "warning", "merge-conflict",
                                f"kept {what} as the file has it ({_shown(target[key])}); "
                                f"the import says {_shown(value)}"))


def _shown(value) -> str:
    if isinstance(value, dict):
        value = value.get("where", value)
    return repr(value) if isinstance(value, str) else str(value)
