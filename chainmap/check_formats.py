"""`check`'s findings for CI: GitHub Actions workflow annotations, SARIF 2.1.0 and GitLab Code Quality.

The command line prints what these functions return; nothing here prints.
Both outputs are deterministic: the same problems give the same text.

>>> print(github_annotations(problems))
::warning file=teams/payroll.yaml,line=18,col=5,title=no-feedback::Payroll -> Employees: no feedback loop; ...
>>> document = sarif_log(problems, summary)
>>> report = gitlab_code_quality(problems)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path, PurePath
from urllib.parse import quote

from .errors import SEVERITY_RANK
from .rules import RULES
from .text import shown

# Where chainmap is published; SARIF viewers link the tool's name to it.
INFORMATION_URI = "https://pypi.org/project/chainmap/"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"

_BREAK = re.compile(r"(\r\n|\r|\n)")
GITHUB_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# GitLab's severities are info, minor, major, critical and blocker.
GITLAB_SEVERITIES = {"error": "critical", "warning": "major", "info": "info"}


def _message(problem) -> str:
    return f"{problem.message}; {problem.hint}" if problem.hint else problem.message


# GitHub's escaping (actions/toolkit, core/src/command.ts): % first, then the line breaks;
# a property value also escapes the ':' and ',' that separate properties.
def escape_github_data(text: str) -> str:
    """A workflow command's message: ``%``, ``\\r`` and ``\\n`` as ``%25``, ``%0D``, ``%0A``."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_github_property(text: str) -> str:
    """A workflow command's property value: as the message, and ``:`` and ``,`` as ``%3A`` and ``%2C``."""
    return escape_github_data(text).replace(":", "%3A").replace(",", "%2C")


def _visible(text: str) -> str:
    # A name's other control characters (an escape sequence, a direction override) would act
    # in the log viewer: they are shown as their escapes, as in `check`'s text. Line breaks are
    # left to GitHub's own %0D/%0A, so a name can never start a workflow command of its own.
    parts = _BREAK.split(text)
    return "".join(part if index % 2 else shown(part) for index, part in enumerate(parts))


def github_annotation(problem) -> str:
    """One finding as a workflow command: ``::warning file=F,line=L,col=C,title=RULE::MESSAGE``."""
    properties = []
    if problem.path:
        properties.append(("file", _uri_path(problem.path)))
        if problem.line > 0:
            properties.append(("line", str(problem.line)))
            if problem.col > 0:
                properties.append(("col", str(problem.col)))
    properties.append(("title", problem.rule))
    props = ",".join(f"{key}={escape_github_property(_visible(value))}" for key, value in properties)
    return f"::{GITHUB_COMMANDS[problem.severity]} {props}::{escape_github_data(_visible(_message(problem)))}"


def github_annotations(problems) -> str:
    """Every finding as a workflow command, one a line, in ``check``'s order."""
    return "\n".join(github_annotation(problem) for problem in problems)


def _uri_path(path: str, root: str | None = None) -> str:
    """``path`` relative to ``root`` (the working directory) with forward slashes, when it lies under it."""
    pure = PurePath(path)
    if pure.is_absolute():
        try:
            pure = Path(path).relative_to(Path(root or os.getcwd()))
        except ValueError:
            return Path(path).as_posix()
    return pure.as_posix()


def _artifact_uri(path: str, root: str | None = None) -> str:
    relative = _uri_path(path, root)
    if PurePath(relative).is_absolute():
        return Path(relative).as_uri()
    return quote(relative, safe="/")


def _rule_descriptor(rule_id: str) -> dict:
    known = RULES.get(rule_id)
    if known is None:  # an input error (unknown-key, yaml-syntax, ...): no summary of its own
        return {"id": rule_id, "defaultConfiguration": {"level": "error"}}
    return {
        "id": rule_id,
        "shortDescription": {"text": known.summary},
        "defaultConfiguration": {"level": SARIF_LEVELS[known.severity]},
    }


def summary_data(problems, summary=None) -> dict:
    """The summary as ``check --format json`` and SARIF's run properties give it (None for what invalid input has not)."""
    counts = {severity: sum(1 for p in problems if p.severity == severity) for severity in SEVERITY_RANK}
    known = summary is not None
    return {
        "teams": summary.teams if known else None,
        "links": summary.links if known else None,
        "links_without_feedback": summary.links_without_feedback if known else None,
        "feedback_coverage": summary.feedback_coverage if known else None,
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
        "scored_links": summary.scored_links if known else None,
        "links_at_9": summary.loyal_links if known else None,
        "share_at_9": summary.loyal_share if known else None,
        "promises": {"early": summary.promises.early, "on_time": summary.promises.on_time,
                     "late": summary.promises.late, "open": summary.promises.open} if known else None,
        "promises_kept_share": summary.promises_kept_share if known else None,
    }


def sarif_log(problems, summary=None, version: str = "", root: str | None = None) -> dict:
    """A SARIF 2.1.0 log (a dict, ready for ``json.dumps``) of ``check``'s problems.

    Every rule of :data:`chainmap.rules.RULES` is listed in the driver, in
    the registry's order, followed by the ids of input errors that occur,
    sorted. Each problem is one result; its file is a URI relative to
    ``root`` (default: the working directory) with forward slashes. ``summary``
    (a :class:`~chainmap.rules.Summary`, None for invalid input) becomes the
    run's ``properties``.
    """
    problems = list(problems)
    rule_ids = list(RULES)
    rule_ids += sorted({p.rule for p in problems} - set(rule_ids))
    index = {rule_id: position for position, rule_id in enumerate(rule_ids)}
    results = []
    for problem in problems:
        result = {
            "ruleId": problem.rule,
            "ruleIndex": index[problem.rule],
            "level": SARIF_LEVELS[problem.severity],
            "message": {"text": _message(problem)},
        }
        if problem.path:
            physical = {"artifactLocation": {"uri": _artifact_uri(problem.path, root)}}
            if problem.line > 0:
                physical["region"] = {"startLine": problem.line}
                if problem.col > 0:
                    physical["region"]["startColumn"] = problem.col
            result["locations"] = [{"physicalLocation": physical}]
        facts = {key: value for key, value in (("team", problem.team), ("supplier", problem.supplier),
                                               ("customer", problem.customer), ("suggestion", problem.suggestion))
                 if value is not None}
        if problem.teams is not None:
            facts["teams"] = list(problem.teams)
        if facts:
            result["properties"] = facts
        results.append(result)
    properties = summary_data(problems, summary)
    driver = {"name": "chainmap"}
    if version:
        driver["version"] = version
    driver["informationUri"] = INFORMATION_URI
    driver["rules"] = [_rule_descriptor(rule_id) for rule_id in rule_ids]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {"summary": properties},
        }],
    }


def _fingerprint(problem, path: str, seen: dict) -> str:
    """The same finding keeps its fingerprint when lines move: rule, file and subject, never the line.

    A finding without a subject (an input error) is told apart by its message. Findings that would
    share a fingerprint are numbered in ``check``'s order, as GitLab wants each one unique.
    """
    subject = list(problem.subject) if problem.subject is not None else problem.message
    identity = json.dumps([problem.rule, path, subject], ensure_ascii=False)
    seen[identity] = seen.get(identity, 0) + 1
    if seen[identity] > 1:
        identity += f"#{seen[identity]}"
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]


def gitlab_code_quality(problems, root: str | None = None) -> list:
    """A GitLab Code Quality report (a list, ready for ``json.dumps``): one issue a finding, in ``check``'s order.

    Each issue has ``description``, ``check_name`` (the rule), ``fingerprint``, ``severity`` (see
    :data:`GITLAB_SEVERITIES`) and ``location`` (the file relative to ``root``, default the working
    directory, with forward slashes, and its first line).
    """
    seen: dict = {}
    issues = []
    for problem in problems:
        path = _uri_path(problem.path, root) if problem.path else "."
        issues.append({
            "description": _message(problem),
            "check_name": problem.rule,
            "fingerprint": _fingerprint(problem, path, seen),
            "severity": GITLAB_SEVERITIES[problem.severity],
            "location": {"path": path, "lines": {"begin": max(problem.line, 1)}},
        })
    return issues
