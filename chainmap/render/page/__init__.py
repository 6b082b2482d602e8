"""The interactive page: one self-contained HTML file for exploring the chain in a room.

The page embeds the Graphviz drawing of the whole map twice (the default and
the projector theme, which the page swaps), the map's data as JSON, and its
own CSS and script inline.  It needs no network: it opens from a USB stick.

The script and style are allowed by their sha256 hashes in a
Content-Security-Policy; nothing else runs, so a team called
``<script>alert(1)</script>`` is only ever text.  ``chainmap serve`` uses
:func:`page_html` with ``live_url`` and sends fresh :func:`page_data` as the
input changes (see the page's script, "live").
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zlib
from dataclasses import fields, replace
from html import escape
from importlib import resources
from typing import NamedTuple

from ...departments import department_graph, departments
from ...errors import UsageError, usage_problem
from ...i18n import cadence_text, catalogue, kind_text, next_step, number_text, translator
from ...model import slugify
from ...rules import LINK_STATES, RULES, acting_teams, link_state, summarise
from .. import described_teams, too_large_to_read, workers
from ..change import KINDS, SYMBOLS, changed_overview, present_map
from ..dot import link_element_id, team_element_id, to_dot
from ..graphviz import draw
from ..overview import is_table, overview_dot, overview_engine
from ..theme import PAGE_THEMES, THEMES  # PAGE_THEMES: the themes the page swaps between ("print" is for paper)

# From this many teams, the page's layouts are made in worker processes (on a machine with the cores):
# below it they take about what starting the workers does (300 teams: 0.4 s of Graphviz in all).
PARALLEL_TEAMS = 1000
# Graphviz's dash patterns, for the HTML legend's line samples.
_DASHES = {"dashed": "5 2", "dotted": "1 5", "solid": "none"}


def render_html(job) -> bytes:
    """The page as UTF-8 bytes (the ``html`` format)."""
    return page_html(job).encode("utf-8")


def page_html(job, *, live_url: str | None = None, data: dict | None = None) -> str:
    """The whole page; with ``live_url`` it also listens there for new versions of the map.

    ``data`` is ``page_data(job)`` when the caller has it already (``chainmap serve``
    does): it saves drawing the map twice more.
    """
    _check_theme(job)
    t = translator(job.options.lang)
    script = _asset("page.js")
    style = _asset("page.css") + _theme_variables()
    if data is None:  # the data of a large map is packed while its drawings are still being made
        data, packed = _page_data(job, _packed_data)
    else:
        packed = _packed_data(data)
    payload = _json_for_script({**packed, "svg": data["svg"]} if len(data["levels"]) > 1 else data)
    csp = _content_security_policy(script, style, live=live_url is not None)
    live = f'<meta name="chainmap-live" content="{escape(live_url)}">\n' if live_url else ""
    title = job.title or "chainmap"
    html_class = "projector" if job.options.theme == "projector" else ""
    changes = job.options.changes
    return _PAGE.format(
        lang=escape(job.options.lang), csp=escape(csp), live=live, title=escape(title),
        style=style, script=script, data=payload, html_class=html_class,
        toolbar=_toolbar(t, changes), legend=_legend(t, changes), help=_help(t, changes),
        noscript=escape(t("page.noscript")),
        map_label=escape(t("page.map.label")), panel_label=escape(t("page.panel.label")),
        rules_label=escape(t("page.rules")), levels_label=escape(t("page.levels")), rules_title=escape(t("page.rules.title")),
    )


def page_data(job) -> dict:
    """What the page shows, as JSON-ready data: drawings, teams, links, findings, words."""
    return _page_data(job)[0]


def _page_data(job, meanwhile=None) -> tuple[dict, object]:
    """:func:`page_data`, and ``meanwhile(data)``: called on the data whose ``svg`` is still None, while the
    drawings are made (in worker processes, on a large map: see :func:`_levels`)."""

    _check_theme(job)
    graph, lang, as_of = job.graph, job.options.lang, job.as_of
    t = translator(lang)
    changes = job.options.changes
    # The picture of a change draws what is gone from OLD too; the figures are NEW's.
    # The drawings first: on a large map, worker processes start on them while the rest is made here.
    with _levels(job) as levels:
        summary = summarise(graph if changes is None else present_map(graph, changes), job.findings)
        teams = {node: _team_data(graph, node, attrs) for node, attrs in graph.nodes(data=True)}
        for node, key in levels.team_levels.items():
            teams[node]["level"] = key
        links = {f"{s}--{c}": _link_data(link, link_state(link, as_of), as_of, t)
                 for s, c, link in graph.edges(data="link")}
        counts: dict = {}
        for problem in job.findings:
            counts[problem.rule] = counts.get(problem.rule, 0) + 1
        extra = {} if changes is None else {"change": _change_data(changes, teams, links, t)}
        data = _data(job, summary, teams, links, counts, extra, levels.levels, t)
        done = meanwhile(data) if meanwhile is not None else None
        data["svg"] = levels.drawings()
    return data, done


def _data(job, summary, teams: dict, links: dict, counts: dict, extra: dict, levels: dict, t) -> dict:
    graph, lang = job.graph, job.options.lang
    return {
        "title": job.title or "",
        "lang": lang,
        "as_of": job.as_of.isoformat(),
        "focus": job.focus,
        "theme": job.options.theme,
        "legend": job.options.legend,
        "summary": {"teams": summary.teams, "links": summary.links,
                    "without_feedback": summary.links_without_feedback,
                    "coverage": number_text(summary.feedback_coverage, lang)},
        "teams": teams,
        "links": links,
        "findings": [_finding_data(problem, lang, acting_teams(graph, problem)) for problem in job.findings],
        "rules": {rule_id: {"severity": rule.severity, "name": t(f"page.rule.{rule_id}"), "summary": rule.summary,
                            "count": counts.get(rule_id, 0)}
                  for rule_id, rule in RULES.items()},
        "strings": _strings(lang),
        **extra,
        **levels,
    }


def _change_data(changes, teams: dict, links: dict, t) -> dict:
    """What changed, on the page: each changed team and link gets its ``change`` (kind and words)."""
    for (supplier, customer), kind in changes.links.items():
        links[f"{supplier}--{customer}"]["change"] = {"kind": kind,
                                                       "text": changes.mark(kind, (supplier, customer), t)}
    for node, kind in changes.teams.items():
        teams[node]["change"] = {"kind": kind, "text": changes.team_mark(node, t)}
    counted = changes.counts()
    return {"title": changes.title(t),
            "counts": [{"kind": kind, "count": counted[kind], "text": f"{SYMBOLS[kind]}{counted[kind]} "
                        f"{t(f'change.{kind}.mark')}"} for kind in counted if counted[kind]]}


def _for_the_page_changes(job):
    """The page's changes: drawn undimmed and without the drawing's legend (the page has both itself)."""

    changes = job.options.changes
    return None if changes is None else replace(changes, dim=False, drawn_legend=False)


def _levels(job) -> "_Levels":
    """The drawings the page holds, by level, and the level it opens on.

    Up to READABLE_TEAMS teams (or with one department), the page holds the
    whole map: one level, ``map``, drawn in both page themes.  A larger map
    opens on the ``overview`` of its departments, and holds each department's
    view (``department:<slug>``: its teams in full, the other departments
    collapsed), so a click on a department goes down a level with no drawing
    made in the browser.  Each of these is laid out once, in the default theme,
    and packed (:func:`_packed`); the page restyles it for the projector (see
    :func:`_projector_restyle`).  ``team_levels`` gives the level each team is
    drawn on in full.

    The layouts are :func:`page_layouts`.  A map of PARALLEL_TEAMS teams or more
    has them laid out in worker processes when the machine has the cores
    (:mod:`chainmap.render.workers`): they start before the department graph
    is made, each lays out a drawing while the next one's DOT text is still
    being written, and the page's other data is made while the last ones are:
    the result is a context manager whose ``drawings()`` waits for them.
    """
    if not _has_levels(job):
        drawn = [_page_drawing(*layout.call, packed=False) for layout in page_layouts(job)]
        return _Levels({"levels": [{"key": "map", "kind": "map", "name": job.title or ""}], "level": "map",
                        "svg": None}, {}, workers.Run(drawn))
    levels = [{"key": "overview", "kind": "overview", "name": job.title or ""}]
    team_levels: dict[str, str] = {}
    made: list[int] = []  # the levels' indexes, in the order their layouts are made

    def calls():  # run once the workers are starting
        overview = _department_graph(job, None)
        for name, key, members in _departments(job, overview):
            levels.append({"key": key, "kind": "department", "name": name})
            team_levels.update((node, key) for node in members)
        for index, layout in _department_layouts(job, overview, early=_EARLY_VIEWS, largest_first=True):
            made.append(index)
            yield layout.call

    run = workers.start(f"{__name__}:_page_drawing", calls(),
                        workers=None if described_teams(job.graph) >= PARALLEL_TEAMS else 0)
    return _Levels({"levels": levels, "level": "overview", "svg": None, "restyle": _projector_restyle()},
                   team_levels, run, made)


class _Levels:
    """The page's levels (``levels``: its part of the page's data, the drawings still None), the level each
    team is drawn on in full (``team_levels``) and, from ``drawings()``, the drawings by level key."""

    def __init__(self, levels: dict, team_levels: dict, run: "workers.Run", made: list[int] | None = None):
        self.levels, self.team_levels, self._run, self._made = levels, team_levels, run, made

    def drawings(self) -> dict:
        drawn = self._run.results()
        if self.levels["level"] == "map":  # the whole map, in each page theme
            return {"map": dict(zip(PAGE_THEMES, drawn))}
        by_index = dict(zip(self._made, drawn))
        return {level["key"]: {"default": by_index[index]} for index, level in enumerate(self.levels["levels"])}

    def __enter__(self) -> "_Levels":
        return self

    def __exit__(self, *exc) -> None:
        self._run.__exit__(*exc)


class Layout(NamedTuple):
    """One drawing the page holds, as Graphviz is given it: the DOT text, laid out by ``engine`` to ``svg``.

    ``team_count`` adds the layout attributes of a map that size before the
    layout (``chainmap.render.graphviz.draw``); 0 adds none.
    """

    key: str
    theme: str
    dot: str
    engine: str
    team_count: int = 0
    format: str = "svg"

    @property
    def call(self) -> tuple:
        """The arguments of :func:`_page_drawing` for this layout."""
        return (self.dot, self.engine, self.team_count)


def page_layouts(job):
    """The layouts the page of ``job`` holds, in the page's order, each made when it is asked for (an iterator).

    What Graphviz alone has to do for the page (``benchmarks/bench.py``
    measures the page against exactly these).
    """

    if not _has_levels(job):
        for theme in PAGE_THEMES:
            dot = to_dot(job.graph, THEMES[theme], as_of=job.as_of, findings=job.findings, title=None,
                         legend=False, focus=None, lang=job.options.lang, changes=_for_the_page_changes(job))
            yield Layout("map", theme, dot, job.options.engine, job.graph.number_of_nodes())
        return
    for _, layout in _department_layouts(job, _department_graph(job, None)):
        yield layout


# The overview's layout is made after this many departments' views: its DOT text (a table of every
# department, on a large map) takes a while to write, and the workers lay those views out meanwhile.
_EARLY_VIEWS = 16


def _department_layouts(job, overview, early: int = 0, largest_first: bool = False):
    """``(index of the level, layout)``: the overview's (index 0) after the first ``early`` departments' views.

    ``largest_first`` hands the departments' views out by size (teams and neighbours), so that
    workers laying them out do not end on a large one, one busy while the other has nothing left.
    """
    views = list(enumerate(_departments(job, overview), start=1))
    if largest_first:
        views.sort(key=lambda view: -len(view[1][2]) - overview.degree(f"department:{view[1][0]}"))
    boxes: dict = {}
    views = ((index, _department_layout(job, key, _department_graph(job, name, overview), boxes))
             for index, (name, key, _) in views)
    for _ in range(early):
        view = next(views, None)
        if view is None:
            break
        yield view
    yield 0, _department_layout(job, "overview", overview)
    yield from views


def _has_levels(job) -> bool:
    return too_large_to_read(job.graph)


def _departments(job, overview):
    """``(name, level key, team ids)`` of each department with a view on the page, in the page's order."""

    for name in departments(job.graph):
        yield name, f"department:{slugify(name) or 'unnamed'}", overview.nodes[f"department:{name}"]["teams"]


def _department_graph(job, expand: str | None, overview=None):
    """The overview (``expand`` None), or the view of department ``expand``, of the page's map."""

    graph, changes = job.graph, job.options.changes
    if changes is not None:
        return changed_overview(graph, changes, job.as_of, job.findings, expand=expand)
    return department_graph(graph, job.as_of, job.findings, expand=expand, overview=overview)


def _packed(text: str) -> dict:
    """``{"deflate": base64}``: a drawing (or the page's data) compressed with zlib; the page inflates it.

    A 5,000-team page holds 200 drawings; as text they were most of its 111 MB.
    The browser inflates them with its own DecompressionStream, so the page
    stays one file with no library in it.
    """
    return {"deflate": base64.b64encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii")}


def _packed_data(data: dict) -> dict | None:
    """A large map's data but its drawings packed too (the JSON of 5,000 teams and their findings is 20 MB),
    ``{"deflate": ...}``, to place beside its drawings, which are packed each on its own already; None for a
    map of one level (its page holds the data as it is)."""
    if len(data["levels"]) == 1:
        return None
    rest = {key: value for key, value in data.items() if key != "svg"}
    return _packed(json.dumps(rest, ensure_ascii=False, separators=(",", ":")))


def _projector_restyle() -> dict:
    """How the page turns a drawing in the default theme into the projector's: its colours and line widths."""


    default, projector = THEMES["default"], THEMES["projector"]
    pairs = [(getattr(default, f.name), getattr(projector, f.name)) for f in fields(default)
             if isinstance(getattr(default, f.name), str) and getattr(default, f.name).startswith("#")]
    pairs += [(default.links[state].color, projector.links[state].color) for state in default.links]
    colours: dict = {}
    for old, new in pairs:
        colours.setdefault(old.lower(), new.lower())
    return {"colours": {old: new for old, new in colours.items() if old != new},
            "line_scale": projector.line_scale / default.line_scale}


def _department_layout(job, key: str, departments, boxes: dict | None = None) -> Layout:
    """The overview, or one department's view, as the page lays it out: in the default theme (see :func:`_page_drawing`).

    ``boxes``: one dict for the views of the page (see :func:`chainmap.render.overview.overview_dot`).
    """

    # The page's legend explains boxes and arrows; a table carries its own one-line key.
    dot = overview_dot(departments, THEMES["default"], as_of=job.as_of, title=None, legend=is_table(departments),
                       lang=job.options.lang, engine=job.options.engine, changes=_for_the_page_changes(job),
                       boxes=boxes)
    return Layout(key, "default", dot, overview_engine(departments, job.options.engine))


def _check_theme(job) -> None:
    if job.options.theme not in PAGE_THEMES:
        raise UsageError([usage_problem(
            "theme", f"the html page has no {job.options.theme!r} theme",
            "use --theme default or projector (the page switches between them); for paper, -f pdf --theme print")])


def _team_data(graph, node: str, attrs: dict) -> dict:
    team = attrs["team"]
    return {
        "name": attrs["name"],
        "department": attrs["department"],
        "description": team.description if team else None,
        "contact": team.contact if team else None,
        "external": bool(attrs["external"]),
        "described": bool(attrs["described"]),
        "customers": list(graph.successors(node)),
        "suppliers": list(graph.predecessors(node)),
        "element": team_element_id(node),
    }


def _link_data(link, state: str, as_of, t) -> dict:
    return {
        "supplier": link.supplier,
        "customer": link.customer,
        "state": state,
        "delivers": link.delivers,
        "need": link.need,
        "agreement": link.agreement,
        "implied": link.declared_by == "customer",
        "feedback": [_loop_data(loop, as_of, t) for loop in link.feedback],
        "element": link_element_id(link.supplier, link.customer),
    }


def _loop_data(loop, as_of, t) -> dict:
    return {
        "kind": loop.kind,
        "kind_text": kind_text(loop.kind, t.lang),
        "listening": loop.listening,
        "cadence": loop.cadence,
        "cadence_text": cadence_text(loop.cadence, t.lang) if loop.cadence else None,
        "last": loop.last.isoformat() if loop.last else None,
        "current": loop.is_current(as_of),
        "score": number_text(loop.score, t.lang) if loop.score is not None else None,
        "note": loop.note,
    }


def _finding_data(problem, lang: str, actors: list[str]) -> dict:
    return {
        "actors": actors,
        "rule": problem.rule,
        "severity": problem.severity,
        "step": next_step(problem, lang),
        "message": problem.message,
        "hint": problem.hint,
        "where": problem.location(),
        "subject": list(problem.subject) if problem.subject else None,
    }


def _strings(lang: str) -> dict:
    """The catalogue entries the script needs, in ``lang``."""
    wanted = ("page.", "state.", "node.", "tip.")
    return {key: texts[lang] for key, texts in sorted(catalogue().items()) if key.startswith(wanted)}


# -- the drawing ---------------------------------------------------------------------------------

_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.S)
_COMMENT = re.compile(r"<!--.*?-->\n?", re.S)
_TITLE = re.compile(r"<title>[^<]*</title>\n?")
_XLINK_TITLE = re.compile(r' xlink:title="[^"]*"')
_SIZE = re.compile(r'\A<svg width="[^"]*" height="[^"]*"')


def _page_drawing(dot: str, engine: str, team_count: int = 0, *, packed: bool = True):
    """A layout (:class:`Layout`) drawn by Graphviz, ready to place inside the page; ``packed`` (:func:`_packed`).

    The page draws its own title, legend and tooltips, so the drawing has none:
    Graphviz's ``<title>`` elements and ``xlink:title`` tooltips would show as
    a second, plain tooltip.  The size goes too: the page fits the drawing to
    the window.  Runs in a worker process too (:mod:`chainmap.render.workers`).
    """

    svg = _for_the_page(draw(dot, "svg", engine=engine, team_count=team_count).decode("utf-8"))
    return _packed(svg) if packed else svg


def _for_the_page(svg: str) -> str:
    """A Graphviz SVG without its prologue, comments, titles, tooltips and size (the page has its own)."""
    svg = _PROLOGUE.sub("", svg, count=1)
    svg = _COMMENT.sub("", svg)
    svg = _TITLE.sub("", svg)
    svg = _XLINK_TITLE.sub("", svg)
    return _SIZE.sub("<svg", svg, count=1)


# -- the page around it --------------------------------------------------------------------------

def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _json_for_script(data: dict) -> str:
    """JSON that no string in it can end early: ``<``, ``>`` and ``&`` become ``\\u003c`` etc."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _content_security_policy(script: str, style: str, *, live: bool) -> str:
    """Only our own script and style run; no request leaves the page (but the live stream, if any)."""
    connect = "'self'" if live else "'none'"
    return (f"default-src 'none'; script-src {_sha256(script)}; style-src {_sha256(style)}; "
            f"img-src data:; connect-src {connect}; base-uri 'none'; form-action 'none'")


def _theme_variables() -> str:
    """The link and team colours of both themes as CSS variables, so the legend matches the drawing."""

    blocks = []
    for name in PAGE_THEMES:
        theme = THEMES[name]
        values = {"team-fill": theme.team_fill, "team-line": theme.team_line, "external-fill": theme.external_fill,
                  "undescribed-fill": theme.undescribed_fill, "focus-fill": theme.focus_fill}
        for state, look in theme.links.items():
            values[f"{state}-color"] = look.color
            values[f"{state}-width"] = f"{look.penwidth * theme.line_scale:g}"
            values[f"{state}-dash"] = _DASHES[look.style]
        selector = ":root" if name == "default" else "html.projector"
        body = "".join(f"--{key}:{value};" for key, value in values.items())
        blocks.append(f"{selector}{{{body}}}\n")
    return "".join(blocks)


def _button(element_id: str, label: str, key: str | None = None, title: str | None = None,
            pressed: bool | None = None, extra: str = "") -> str:
    attrs = f'type="button" id="{element_id}"'
    if title:
        attrs += f' title="{escape(title)}"'
    if pressed is not None:
        attrs += f' aria-pressed="{"true" if pressed else "false"}"'
    kbd = f' <kbd aria-hidden="true">{escape(key)}</kbd>' if key else ""
    return f"<button {attrs}{extra}>{label}{kbd}</button>"


_FULLSCREEN_ICON = ('<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4"/>'
                    '</svg>')


def _toolbar(t, changes=None) -> str:
    search = (
        '<div class="search" role="search">'
        f'<label for="search" class="sr-only">{escape(t("page.search.label"))}</label>'
        f'<input id="search" type="search" autocomplete="off" spellcheck="false" role="combobox" '
        f'aria-autocomplete="list" aria-expanded="false" aria-controls="search-list" '
        f'placeholder="{escape(t("page.search.placeholder"))}">'
        '<kbd class="search-key" aria-hidden="true">/</kbd>'
        f'<ul id="search-list" role="listbox" aria-label="{escape(t("page.search.label"))}" hidden></ul>'
        "</div>"
    )
    buttons = [
        _button("gaps", escape(t("page.gaps")), "g", t("page.gaps.title"), pressed=False),
        *([_button("changes-toggle", escape(t("page.change.toggle")), "c", t("page.change.toggle.title"), pressed=True)]
          if changes is not None else []),
        _button("projector", escape(t("page.projector")), "p", t("page.projector.title"), pressed=False),
        _button("legend-toggle", escape(t("page.legend")), "l", pressed=True),
        '<span class="zoom" role="group">'
        + _button("zoom-out", "\u2212", title=t("page.zoom.out"), extra=f' aria-label="{escape(t("page.zoom.out"))}"')
        + _button("zoom-fit", escape(t("page.zoom.fit")), title=t("page.zoom.fit.title"))
        + _button("zoom-in", "+", title=t("page.zoom.in"), extra=f' aria-label="{escape(t("page.zoom.in"))}"')
        + "</span>",
        _button("fullscreen", _FULLSCREEN_ICON, title=t("page.fullscreen"),
                extra=f' aria-label="{escape(t("page.fullscreen"))}"'),
        _button("help-toggle", "?", title=t("page.keys"), extra=f' aria-label="{escape(t("page.keys"))}"'),
    ]
    return search + '<div class="tools">' + "".join(buttons) + "</div>"


def _legend(t, changes=None) -> str:
    """The link states with line samples in the drawing's styles, then the kinds of team (and of change)."""

    links = []
    for state in LINK_STATES:
        sample = ('<svg class="sample" viewBox="0 0 64 16" aria-hidden="true">'
                  '<line x1="2" y1="8" x2="50" y2="8"/><path d="M50 3 L62 8 L50 13 Z"/></svg>')
        mark = (f'<strong class="mark">{escape(t(f"state.{state}.mark"))}</strong>'
                if state != "healthy" else "")
        # The short name replaces the explanation when the map is narrow (see page.css).
        links.append(f'<li class="line {state}" title="{escape(t(f"state.{state}.legend"))}">{sample}<span>'
                     f'<span class="full">{escape(t(f"state.{state}.legend"))}</span>'
                     f'<span class="short">{escape(t(f"state.{state}"))}</span>{mark}</span></li>')
    nodes = [f'<li class="node {kind}" title="{escape(t(f"node.{kind}.legend"))}"><span class="swatch" aria-hidden="true">'
             f'</span><span>{escape(t(f"node.{kind}"))}</span></li>'
             for kind in ("team", "external", "undescribed", "focus")]
    return (f'<section id="legend" class="legend" aria-labelledby="legend-title">'
            f'<h2 id="legend-title">{escape(t("legend.title"))}</h2><div class="kinds">'
            f'<ul class="links">{"".join(links)}</ul><ul class="nodes">{"".join(nodes)}</ul>'
            f'{_change_legend(t, changes)}</div></section>')


def _change_legend(t, changes) -> str:
    """The marks of a change, each with its symbol and word, under the title "What changed since REV"."""
    if changes is None:
        return ""
    items = [f'<li class="change {kind}"><strong class="mark">{escape(SYMBOLS[kind] + " " + t(f"change.{kind}.mark"))}'
             f'</strong> <span>{escape(t(f"change.{kind}.legend"))}</span></li>' for kind in KINDS]
    return (f'<div class="changes"><h3 id="change-title">{escape(changes.title(t))}</h3>'
            f'<ul class="changes">{"".join(items)}</ul></div>')


def _help(t, changes=None) -> str:
    keys = [("/", "page.help.search"), ("Esc", "page.help.reset"), ("+ \u2212 0", "page.help.zoom"),
            ("\u2190 \u2191 \u2192 \u2193", "page.help.pan"), ("z", "page.help.chain"), ("g", "page.help.gaps"),
            *([("c", "page.help.changes")] if changes is not None else []), ("p", "page.help.projector"), ("l", "page.help.legend"), ("f", "page.help.fullscreen"),
            ("?", "page.help.keys")]
    rows = "".join(f"<dt><kbd>{escape(key)}</kbd></dt><dd>{escape(t(text))}</dd>" for key, text in keys)
    return (f'<dialog id="help" aria-labelledby="help-title"><h2 id="help-title">{escape(t("page.help.title"))}</h2>'
            f'<dl>{rows}</dl><p>{escape(t("page.help.share"))}</p>'
            f'<button type="button" id="help-close">{escape(t("page.help.close"))}</button></dialog>')


_PAGE = """\
<!DOCTYPE html>
<html lang="{lang}" class="{html_class}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
{live}<meta name="generator" content="chainmap">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<header class="bar">
<h1 id="title">{title}</h1>
<p id="summary" class="summary"></p>
{toolbar}
</header>
<nav id="rules" class="rules" aria-label="{rules_label}" title="{rules_title}"></nav>
<main class="main">
<div class="stage">
<nav id="levels" class="levels" aria-label="{levels_label}" hidden></nav>
<div id="map" class="map" role="region" aria-label="{map_label}" tabindex="-1">
<noscript><p class="noscript">{noscript}</p></noscript>
<div id="canvas" class="canvas"></div>
</div>
{legend}
</div>
<aside id="panel" class="panel" aria-label="{panel_label}"></aside>
</main>
<div id="announce" class="sr-only" role="status"></div>
<div id="tooltip" class="tooltip" role="tooltip" hidden></div>
<div id="chainmap-problems" class="problems" role="alert" hidden></div>
<div id="chainmap-connection" class="connection" role="status" hidden></div>
{help}
<script type="application/json" id="chainmap-data">{data}</script>
<script>{script}</script>
</body>
</html>
"""
