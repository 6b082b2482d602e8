"""What changed since a git revision, for the report's "What changed since <date>" (``report --since REV``).

The team files are read as they were in ``REV`` without a checkout
(:mod:`chainmap.revisions`), compared with the map of now by
:func:`chainmap.diff.compare` (both judged on the same day), and the commits
since ``REV`` give the coverage chart (:func:`chainmap.history.chart`).  The
errors are ``chainmap diff``'s: not a repository, an unknown revision, a
shallow clone, an invalid map at ``REV``.
"""

from __future__ import annotations

from datetime import date

from .api import analyse
from .diff import compare, finding_key
from .history import chart, history
from .report.content import Since
from .revisions import Repository, map_at


def revision_graph(paths, revision: str, as_of: date):
    """``(graph, findings, day)``: the map in ``revision`` judged on ``as_of``, and the revision's commit date."""
    paths = list(paths)
    committed = Repository(paths[0]).committed(revision)
    graph, findings = analyse(map_at(paths, revision), as_of)[:2]
    return graph, findings, date.fromisoformat(committed[:10])


def since(paths, revision: str, now, as_of: date, *, charts=("svg", "png"), lang: str = "en") -> Since:
    """``now`` (``(graph, findings)`` of the map on disk) compared with the map in ``revision``.

    ``charts``: the formats to draw the coverage chart of the commits since
    ``revision`` in, as ``chainmap history --chart`` draws it (none: no chart), its words in ``lang``.
    """
    paths = list(paths)
    old_graph, old_findings, day = revision_graph(paths, revision, as_of)
    graph, findings = now
    result = compare((old_graph, old_findings), (graph, findings), as_of, revision, "now")
    known = {finding_key(problem) for problem in old_findings}
    opened = frozenset(problem for problem in findings if finding_key(problem) not in known)
    drawn = {}
    if charts:
        # Each commit judged on the report's day, as the diff judges both maps: the chart shows what the files did.
        rows = history(paths, since=Repository(paths[0]).committed(revision), as_of=as_of)
        if any(row.valid for row in rows.rows):
            drawn = {fmt: chart(rows, fmt, lang) for fmt in charts}
    return Since(revision=revision, day=day, diff=result, old_graph=old_graph,
                 opened=opened, chart=drawn)
