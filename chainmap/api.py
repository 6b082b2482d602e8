"""Load, validate and analyse in one call each: the functions a notebook uses."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from functools import cached_property
from typing import Any, NamedTuple

from .errors import InputError, Problem
from .model import ChainMap
from . import notebook, rules
from .rules import Summary


def _raise_on_errors(problems: list[Problem]) -> None:
    if any(problem.severity == "error" for problem in problems):
        raise InputError(problems)


class LoadedMap(ChainMap):
    """The :class:`~chainmap.model.ChainMap` that :func:`load` and :func:`loads` return.

    A notebook shows it as its drawing (as ``chainmap render`` draws it, judged today) under
    the summary line; the SVG is made once, when first shown.
    """

    # Jupyter asks for every form it knows (HTML and SVG): the map is analysed and drawn once.
    @cached_property
    def _analysis(self) -> Analysis:
        return analyse(self)

    @cached_property
    def _svg(self) -> str:
        return notebook.drawing(self._analysis.graph, self._analysis.findings)

    def _repr_svg_(self) -> str:
        return self._svg

    def _repr_html_(self) -> str:
        return notebook.summary_html(self._analysis.graph, self._analysis.summary, self._svg)


def _loaded(chain_map: ChainMap) -> LoadedMap:
    return LoadedMap(**{field.name: getattr(chain_map, field.name) for field in fields(ChainMap)})


def load(paths) -> LoadedMap:
    """Load team files and directories into one validated :class:`ChainMap`.

    Raises :class:`~chainmap.errors.InputError` listing every problem in every
    file when anything is invalid.  A large map is read on every core the process
    may use (see :mod:`chainmap.reading`; ``CHAINMAP_JOBS=1`` reads it in this process
    alone); the map and its problems are the same either way.

    >>> chain_map = load(["examples/acme"])
    """
    from .reading import load_map  # here: it imports PyYAML, and `chainmap --help` imports this module

    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    problems: list[Problem] = []
    chain_map = load_map(paths, problems)
    _raise_on_errors(problems)
    return _loaded(chain_map)


def loads(text: str, path: str = "<string>") -> LoadedMap:
    """Like :func:`load`, for YAML text held in memory."""
    from .loader import parse_text
    from .validate import build_model

    problems: list[Problem] = []
    document = parse_text(text, path, problems)
    chain_map = build_model([document] if document else [], problems)
    _raise_on_errors(problems)
    return _loaded(chain_map)


class _Found(NamedTuple):
    graph: Any
    findings: list[Problem]
    summary: Summary


class Analysis(_Found):
    """What :func:`analyse` finds: unpack it (``graph, findings, summary = analyse(...)``) or use the names.

    ``graph`` is the chain as a ``networkx.DiGraph`` (see :func:`chainmap.graph.build_graph`),
    ``findings`` every :class:`~chainmap.errors.Problem` the rules found, sorted by file and line,
    and ``summary`` the counts (:class:`~chainmap.rules.Summary`).  ``as_of`` is the day they were
    judged on (None: today); it is not unpacked.  A notebook shows the summary line and the drawing.
    """

    as_of: date | None = None

    def __new__(cls, graph, findings, summary, as_of: date | None = None):
        analysis = super().__new__(cls, graph, findings, summary)
        analysis.as_of = as_of
        return analysis

    def _repr_html_(self) -> str:
        svg = notebook.drawing(self.graph, self.findings, self.as_of)
        return notebook.summary_html(self.graph, self.summary, svg, self.as_of)


def analyse(chain_map: ChainMap, as_of: date | None = None) -> Analysis:
    """The chain graph, its findings and a summary, judged on ``as_of`` (default: today).

    >>> result = analyse(load("examples/acme"))
    >>> result.summary.feedback_coverage
    91.5
    """
    from .graph import build_graph

    graph = build_graph(chain_map)
    found = rules.findings(graph, as_of)
    return Analysis(graph, found, rules.summarise(graph, found), as_of)
