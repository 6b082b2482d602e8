"""Load, validate and analyse in one call each: the functions a notebook uses."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from .errors import InputError, Problem
from .model import ChainMap
from . import rules
from .rules import Summary


def _raise_on_errors(problems: list[Problem]) -> None:
    if any(problem.severity == "error" for problem in problems):
        raise InputError(problems)


def load(paths) -> ChainMap:
    """Load team files and directories into one validated :class:`ChainMap`.

    Raises :class:`~chainmap.errors.InputError` listing every problem in every
    file when anything is invalid.

    >>> chain_map = load(["examples/acme"])
    """
    from .loader import load_documents
    from .validate import build_model

    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    problems: list[Problem] = []
    documents = load_documents(paths, problems)
    chain_map = build_model(documents, problems)
    _raise_on_errors(problems)
    return chain_map


def loads(text: str, path: str = "<string>") -> ChainMap:
    """Like :func:`load`, for YAML text held in memory."""
    from .loader import parse_text
    from .validate import build_model

    problems: list[Problem] = []
    document = parse_text(text, path, problems)
    chain_map = build_model([document] if document else [], problems)
    _raise_on_errors(problems)
    return chain_map


class Analysis(NamedTuple):
    """What :func:`analyse` finds: unpack it (``graph, findings, summary = analyse(...)``) or use the names.

    ``graph`` is the chain as a ``networkx.DiGraph`` (see :func:`chainmap.graph.build_graph`),
    ``findings`` every :class:`~chainmap.errors.Problem` the rules found, sorted by file and line,
    and ``summary`` the counts (:class:`~chainmap.rules.Summary`).
    """

    graph: Any
    findings: list[Problem]
    summary: Summary


def analyse(chain_map: ChainMap, as_of: date | None = None) -> Analysis:
    """The chain graph, its findings and a summary, judged on ``as_of`` (default: today).

    >>> result = analyse(load("examples/acme"))
    >>> result.summary.feedback_coverage
    91.5
    """
    from .graph import build_graph

    graph = build_graph(chain_map)
    found = rules.findings(graph, as_of)
    return Analysis(graph, found, rules.summarise(graph, found))
