"""The map as a Mermaid flowchart, for wikis that draw Mermaid themselves (GitHub, GitLab, Notion).

Departments are subgraphs, end customers are stadiums, teams described
nowhere are dashed.  The four link states differ without colour: the arrow
(thick ``==>``, dotted ``-.->``, plain ``-->``), a dash pattern and the
state's printed mark ("NO FEEDBACK LOOP", "STALE", "HEARING ONLY"); colour
only adds to that.

Escaping relies on little of Mermaid's grammar, checked against Mermaid's
own parser (10.9, 11 and 12; see tests/test_mermaid.py):

* every label is a double-quoted string, in which the parser accepts any
  character but ``"``;
* ``#<number>;`` entity codes, which Mermaid turns into HTML entities before
  drawing, stand for every character that means something to Mermaid, HTML
  or Markdown (see ``_ESCAPED``);
* ``<br/>`` is the only markup, for line breaks.

Mermaid reads the whole text with a few regular expressions before it parses
it; what defeats each is noted at the constants below.
"""

from __future__ import annotations

import json
import re
import textwrap

from ..i18n import translator
from ..rules import link_state
from ..model import slugify
from ..text import document_layout, document_text

# Characters written as entity codes: " ends the string; # starts an entity
# code; & < > are HTML; % starts a %%{directive}%%; : lets Mermaid's
# style/classDef clean-up eat a ';' of an entity code on a line that also
# says "style" or "classDef"; ` * _ ~ \ mean something to Markdown, which
# some wikis turn on in labels.
_ESCAPED = frozenset('"#&<>%:`*_~\\')
# Mermaid reads "direction TB" (LR, RL, BT) anywhere on a line as a
# direction statement, even inside a quoted label, and drops the line.
_DIRECTION_RE = re.compile(r"(direction)\s", re.IGNORECASE)
# Mermaid stands in for entities with "ﬂ°" and "¶ß" while it parses and turns
# every such pair back into "&" and ";", even one a name brought along (and,
# in 10.9, 11 and 12, even one an entity code spelled out).  An invisible word
# joiner keeps such a pair apart; it is the only character not shown as given.
_PLACEHOLDER_RE = re.compile("(?<=\ufb02)(?=\u00b0)|(?<=\u00b6)(?=\u00df)")
_WORD_JOINER = "\u2060"

_LAYOUT_SPACES = re.compile("[\t\r]")
_TITLE_LOOKALIKES = str.maketrans({"&": "\uff06", "<": "\uff1c", ">": "\uff1e"})

# How each link state is drawn.  The arrow is the part that survives any
# styling the wiki applies; linkStyle adds weight, dashes and colour.
ARROWS = {"no-feedback": "==>", "stale": "-.->", "hearing-only": "-->", "healthy": "-->"}
DASHES = {"no-feedback": "10 6", "stale": "2 5"}
# Stroke width in px per Graphviz pen width (theme.py): 3.2 -> 4px for no feedback.
PX_PER_PEN = 1.25


def label(value: str) -> str:
    """Text for inside a double-quoted Mermaid label, shown literally.

    Newlines become ``<br/>``, tabs and carriage returns spaces; every other control or
    direction character is shown as its escape, as in every output (chainmap.text).
    """
    value = document_layout(_LAYOUT_SPACES.sub(" ", str(value).replace("\r\n", "\n")))
    value = _PLACEHOLDER_RE.sub(_WORD_JOINER, value)
    value = "".join(f"#{ord(c)};" if c in _ESCAPED else c for c in value)
    value = _DIRECTION_RE.sub(r"\1#32;", value)
    return value.replace("\n", "<br/>")


def wrapped(value: str, width: int) -> str:
    lines = []
    for paragraph in str(value).split("\n"):
        lines.extend(textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False) or [""])
    return "<br/>".join(label(line) for line in lines)


def node_ids(graph) -> dict[str, str]:
    """A Mermaid id for every team: ``t_`` and the team id with ``-`` as ``_``.

    The prefix keeps ids off Mermaid's keywords (``end``, ``graph``, ``style``,
    ``class``, ``click``...), away from leading digits and from the
    department subgraphs (``d_``).  Team ids are slugs, so this is one to one;
    any other id is made safe and numbered, in sorted order, if it collides.
    """
    return unique_ids("t_", {node: node for node in sorted(graph.nodes)})


def unique_ids(prefix: str, bases: dict[str, str]) -> dict[str, str]:
    """``prefix`` + each base with anything but ASCII letters and digits as ``_``, numbered if taken."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for key, base in bases.items():
        base = prefix + (re.sub(r"[^A-Za-z0-9]", "_", base) or "x")
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}_{number}"
        ids[key] = candidate
        taken.add(candidate)
    return ids


# Mermaid's defaults, which a diagram can't raise (they are "secure" settings):
# above them a wiki shows an error instead of the map.
MAX_TEXT = 50_000
MAX_LINKS = 500
_LINK_RE = re.compile(r"==>|-\.->|-->|~~~")  # never inside a label: > and ~ are entity codes there


def size_warning(text: str) -> str | None:
    """Why most wikis won't draw ``text``, or None."""
    links = len(_LINK_RE.findall(text))
    if len(text) <= MAX_TEXT and links <= MAX_LINKS:
        return None
    return (f"Mermaid draws at most {MAX_TEXT:,} characters and {MAX_LINKS} links by default; this has "
            f"{len(text):,} characters and {links} links, so most wikis will show an error instead; "
            "draw part of the map with --focus TEAM")


def render_mermaid(job) -> bytes:
    """The registered format: the Mermaid text as UTF-8."""
    return to_mermaid(job).encode("utf-8")


def to_mermaid(job) -> str:
    """Mermaid flowchart text for the part of the map ``job`` shows."""
    if job.departments is not None:
        from .mermaid_overview import overview_mermaid  # here: mermaid_overview.py imports this module

        return overview_mermaid(job)
    t = translator(job.options.lang)
    theme = job.theme
    wrap, edge_wrap = theme.mermaid_wrap  # characters per label line: teams, links (chainmap.theme)
    ids = node_ids(job.graph)  # from the whole map: a focus view keeps the same ids
    graph = job.shown
    lines = frontmatter(job.title, theme)
    lines.append("flowchart LR")

    departments: dict[str, list[str]] = {}
    loose: list[str] = []
    kinds: dict[str, list[str]] = {}
    for node, data in graph.nodes(data=True):
        kind = _kind(node, data, job.focus)
        kinds.setdefault(kind, []).append(ids[node])
        statement = f"{ids[node]}{_shape(data, _team_label(data, t, wrap))}"
        (departments.setdefault(data["department"], []) if data["department"] else loose).append(statement)
    department_ids = unique_ids("d_", {name: slugify(name) for name in departments})
    for name, statements in departments.items():
        lines.append(f'  subgraph {department_ids[name]}["{wrapped(name, 40)}"]')
        lines.extend("    " + statement for statement in statements)
        lines.append("  end")
    lines.extend("  " + statement for statement in loose)

    states: dict[str, list[int]] = {}
    for index, (supplier, customer, link) in enumerate(graph.edges(data="link")):
        state = link_state(link, job.as_of)
        states.setdefault(state, []).append(index)
        text = _link_label(link, state, t, edge_wrap)
        arrow = ARROWS[state] + (f'|"{text}"|' if text else "")
        lines.append(f"  {ids[supplier]} {arrow} {ids[customer]}")

    if job.options.legend:
        lines.extend(legend_lines(t, job.focus is not None, graph.number_of_edges(), states, kinds, edge_wrap))
    lines.extend(_class_defs(theme, job.options.legend))
    if departments:
        lines.append(f"  class {','.join(department_ids.values())} department")
    lines.extend(f"  class {','.join(members)} {kind}" for kind, members in sorted(kinds.items()))
    lines.extend(_link_styles(theme, states))
    return "\n".join(lines) + "\n"


def frontmatter(title: str | None, theme) -> list[str]:
    """YAML between ``---`` lines: the title and Mermaid settings.

    ``layout: dagre`` keeps Mermaid 12 (whose default is ELK) drawing the chain
    as 10 and 11 do; older versions ignore it.  ``print`` asks for Mermaid's
    greyscale ``neutral`` theme, ``projector`` for larger type; ``default``
    leaves the wiki's own theme, light or dark.  JSON strings are YAML
    double-quoted scalars, so any title is safe here.
    """
    lines = ["---"]
    if title:
        lines.append(f"title: {json.dumps(title_text(title), ensure_ascii=False)}")
    lines += ["config:", "  layout: dagre"]
    lines += {"print": ["  theme: neutral"],
              "projector": ["  themeVariables:", "    fontSize: 20px"]}.get(theme.name, [])
    return lines + ["---"]


def title_text(title: str) -> str:
    """The title as Mermaid will show it literally.

    Mermaid passes the title through its HTML sanitiser and then shows the
    result as plain text, so ``&``, ``<`` and ``>`` would appear as ``&amp;``,
    ``&lt;`` and ``&gt;`` (and a ``<script>`` would vanish).  The title
    carries the full-width look-alikes instead; it is one line.
    """
    return " ".join(document_text(title).split()).translate(_TITLE_LOOKALIKES)


def _kind(node: str, data: dict, focus: str | None) -> str:
    """The one class a team gets: focus, external, undescribed or team."""
    if node == focus:
        return "focus"
    if data["external"]:
        return "external"  # end customers are outside: nobody expects a file from them
    if not data["described"]:
        return "undescribed"
    return "team"


def _shape(data: dict, text: str) -> str:
    if data["external"]:
        return f'(["{text}"])'  # stadium
    if not data["described"]:
        return f'["{text}"]'  # square corners, dashed by its class
    return f'("{text}")'  # rounded


def _team_label(data: dict, t, wrap: int) -> str:
    text = wrapped(data["name"], wrap)
    if data["external"]:
        text += "<br/>" + label(f"({t('node.external.subtitle')})")
    elif not data["described"]:
        text += "<br/>" + label(f"({t('node.undescribed.subtitle')})")
    return text


def _link_label(link, state: str, t, wrap: int) -> str:
    parts = [wrapped(link.delivers, wrap)] if link.delivers else []
    if state != "healthy":
        parts.append(label(t(f"state.{state}.mark")))
    return "<br/>".join(parts)


def legend_lines(t, focused: bool, first_edge: int, states: dict, kinds: dict, wrap: int,
            samples: list | None = None) -> list[str]:
    """A small subgraph: one sample arrow per link state, one sample box per kind of team.

    The samples are part of the drawing, so a wiki reader sees them; their
    ids start with ``legend_``, which no team id can.  They are added to
    ``states`` (by link number, after the map's ``first_edge`` links) and to
    ``kinds``, so they are styled like the real thing.
    """
    # Left to right, like the map: the sample arrows read as the real ones.
    lines = [f'  subgraph legend["{label(t("legend.title"))}"]', "    direction LR"]
    for number, state in enumerate(ARROWS):
        a, b = f"legend_{number}a", f"legend_{number}b"
        kinds.setdefault("legendpoint", []).extend([a, b])
        states.setdefault(state, []).append(first_edge + number)
        text = wrapped(t(f"state.{state}.legend"), wrap)
        lines.append(f'    {a}[" "] {ARROWS[state]}|"{text}"| {b}[" "]')
    if samples is None:  # (kind, Mermaid shape, the words in it)
        samples = [(kind, shape, t(f"node.{kind}")) for kind, shape in
                   [("team", '("{}")'), ("external", '(["{}"])'), ("undescribed", '["{}"]')]
                   + ([("focus", '("{}")')] if focused else [])]
    for kind, shape, words in samples:
        kinds.setdefault(kind, []).append(f"legend_{kind}")
        lines.append(f"    legend_{kind}{shape.format(label(words))}")
    # Invisible links keep the sample boxes in one row; they are numbered
    # after the sample arrows and get no linkStyle.
    lines.append("    " + " ~~~ ".join(f"legend_{kind}" for kind, _, _ in samples))
    lines.append("  end")
    return lines


def _class_defs(theme, legend: bool) -> list[str]:
    """Team kinds.  Text colours are set with every fill, so dark wiki themes stay readable."""
    width = px_text(1.4 * theme.line_scale)
    return [
        f"  classDef team fill:{theme.team_fill},stroke:{theme.team_line},stroke-width:{width},color:{theme.text}",
        f"  classDef external fill:{theme.external_fill},stroke:{theme.team_line},stroke-width:{px_text(2.8 * theme.line_scale)},"
        f"color:{theme.text}",
        f"  classDef undescribed fill:{theme.undescribed_fill},stroke:{theme.team_line},stroke-width:{width},"
        f"stroke-dasharray:6 4,color:{theme.text}",
        f"  classDef focus fill:{theme.focus_fill},stroke:{theme.team_line},stroke-width:{px_text(3.5 * theme.line_scale)},"
        f"color:{theme.text}",
        f"  classDef department fill:{theme.cluster_fill},stroke:{theme.cluster_line},color:{theme.muted}",
    ] + (["  classDef legendpoint fill:none,stroke:none,color:none"] if legend else [])


def _link_styles(theme, states: dict) -> list[str]:
    lines = []
    for state in ARROWS:
        if state not in states:
            continue
        look = theme.links[state]
        style = f"stroke:{look.color},stroke-width:{px_text(look.penwidth * theme.line_scale * PX_PER_PEN)}"
        if state in DASHES:
            style += f",stroke-dasharray:{DASHES[state]}"
        lines.append(f"  linkStyle {','.join(map(str, states[state]))} {style}")
    return lines


def px_text(value: float) -> str:
    value = round(value, 1)
    return f"{int(value)}px" if value.is_integer() else f"{value}px"
