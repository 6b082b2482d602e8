"""chainmap render -f mermaid: a Mermaid flowchart for wikis, checked with Mermaid's own parser.

The text is checked twice: by what it says (golden files, the syntax rules
the escaping relies on), and by Mermaid itself (10.9, 11 and 12 from npm) in
headless Chromium, which must parse and draw it and show every name literally.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import mermaid_browser
from chainmap.api import analyse, load
from chainmap.cli import main
from chainmap.render.mermaid import label, node_ids, title_text
from chainmap.rules import link_state

ROOT = Path(__file__).resolve().parent.parent
ACME = ROOT / "examples" / "acme"
GOLDEN = Path(__file__).resolve().parent / "golden"
AS_OF = "2026-11-22"
KEYWORDS = {"end", "graph", "flowchart", "subgraph", "style", "class", "classDef", "linkStyle", "click", "call",
            "href", "default", "interpolate", "direction"}

# Names that have broken Mermaid text before: its syntax, HTML, Markdown,
# entity codes, directives, keywords as ids, and the "direction TB" line rule.
HOSTILE = r"""organization: "Title \"with\" <b>tags</b> & #quot; 🚀"
teams:
  - team: "Quote \" and \\ back"
    department: "Dept \"<Q>\" & #1"
    customers:
      - team: "<script>alert(1)</script>"
        delivers: "%%{init: {\"theme\": \"dark\"}}%%"
      - team: "R&D #1; &amp; 50%"
        delivers: "*bold* _it_ `code` ~~x~~"
        feedback: [{kind: survey}]
      - team: end
        delivers: "[brackets] (parens) {braces} |pipe|"
        feedback: [{kind: review, cadence: monthly, last: 2020-01-01}]
      - team: "direction TB"
        delivers: "A --> B ==> C -.-> D ~~~ E"
        feedback: [{kind: conversation}]
  - team: graph
    department: "Dept \"<Q>\" & #1"
    customers:
      - team: style
        delivers: "Lifestyle:&Co; x:#y;"
      - team: class
        delivers: "; semicolon @{ shape: circle }"
      - team: click
        delivers: "ﬂ°°x¶ß"
      - team: "1984"
        delivers: "Line\nbreak"
      - team: a.b-c
        external: true
      - team: "Emoji 🚀 Café ☕"
        external: true
  - team: subgraph
    customers: [classDef, linkStyle, default, "`tick", "direction LR", "<img src=x onerror=alert(1)>"]
"""
HOSTILE_TEXTS = [
    'Quote " and \\ back', "Dept \"<Q>\" & #1", "<script>alert(1)</script>", '%%{init: {"theme": "dark"}}%%',
    "R&D #1; &amp; 50%", "*bold* _it_ `code` ~~x~~", "[brackets] (parens) {braces} |pipe|", "end",
    "direction TB", "A --> B ==> C -.-> D ~~~ E", "graph", "style", "Lifestyle:&Co; x:#y;", "class",
    "; semicolon @{ shape: circle }", "click", "ﬂ°°x¶ß", "1984", "Line\nbreak", "a.b-c", "Emoji 🚀 Café ☕",
    "subgraph", "classDef", "linkStyle", "default", "`tick", "direction LR", "<img src=x onerror=alert(1)>",
]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def mermaid(*args, source=ACME) -> str:
    result = run("render", source, "-f", "mermaid", "-o", "-", "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def hostile(tmp_path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


def parse_text(text: str):
    """Node labels by Mermaid id, and the links in order: (supplier id, arrow, label, customer id)."""
    nodes = {m.group(1): m.group(2) for m in re.finditer(r'^\s+(\w+)(?:\(\["|\("|\[")([^"]*)"', text, re.M)}
    links = re.findall(r'^\s+(\w+) (==>|-\.->|-->|~~~)(?:\|"([^"]*)"\|)? (\w+)$', text, re.M)
    styles = {}
    for indices, style in re.findall(r"^\s+linkStyle ([\d,]+) (.*)$", text, re.M):
        for index in indices.split(","):
            styles[int(index)] = style
    return nodes, links, styles


def shown(value: str) -> str:
    """What Mermaid's label text should read as: line breaks and spacing aside."""
    return re.sub(r"\s+", "", value.replace("\u2060", ""))


# -- the text ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.glob("*.mmd")))
def test_mermaid_matches_golden_file(name):
    """Any change to the Mermaid text shows up here; regenerate with tests/regenerate_golden.py."""
    from regenerate_golden import CASES

    assert mermaid(*CASES[name]) == (GOLDEN / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", [".mmd", ".mermaid"])
def test_output_suffix_chooses_mermaid(tmp_path, suffix):
    out = tmp_path / f"map{suffix}"

    result = run("render", ACME, "-o", out, "--as-of", AS_OF)

    assert result.exit_code == 0, result.output
    assert f"wrote {out} (MERMAID): 26 teams, 47 links, 4 without feedback" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: \"Acme Health\"\n") and "\nflowchart LR\n" in text


def test_same_input_gives_the_same_bytes(tmp_path):
    first, second = tmp_path / "a.mmd", tmp_path / "b.mmd"
    for out in (first, second):
        assert run("render", ACME, "-o", out, "--as-of", AS_OF).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_departments_are_subgraphs_and_end_customers_stadiums():
    text = mermaid()
    graph, _, _ = analyse(load([str(ACME)]), date.fromisoformat(AS_OF))
    ids = node_ids(graph)

    departments = re.findall(r'^  subgraph (d_\w+)\["([^"]*)"\]$', text, re.M)
    assert {name.replace("#38;", "&") for _, name in departments} == {data["department"] for _, data in graph.nodes(data=True)} - {None}
    for node, data in graph.nodes(data=True):
        shape = re.search(rf"^\s+{ids[node]}(\(\[|\(|\[)\"", text, re.M).group(1)
        assert shape == ("([" if data["external"] else "(" if data["described"] else "["), node
    # Every team of a department is inside its subgraph.
    for block in re.findall(r'^  subgraph d_\w+\["([^"]*)"\]\n(.*?)^  end$', text, re.M | re.S):
        department, body = block[0].replace("#38;", "&"), block[1]
        members = {node for node, data in graph.nodes(data=True) if data["department"] == department}
        assert set(re.findall(r"^    (t_\w+)\(", body, re.M)) == {ids[m] for m in members}


def test_each_link_is_drawn_in_its_state():
    """Arrow, mark and linkStyle follow the link's feedback state, for every link of the map."""
    text = mermaid("--no-legend")
    graph, _, _ = analyse(load([str(ACME)]), date.fromisoformat(AS_OF))
    ids = node_ids(graph)
    _, links, styles = parse_text(text)

    expected = [(ids[s], ids[c], link_state(link, date.fromisoformat(AS_OF))) for s, c, link in graph.edges(data="link")]
    assert [(s, c) for s, _, _, c in links] == [(s, c) for s, c, _ in expected]
    looks = {
        "no-feedback": ("==>", "NO FEEDBACK LOOP", "stroke-width:4px,stroke-dasharray:10 6"),
        "stale": ("-.->", "STALE", "stroke-width:3px,stroke-dasharray:2 5"),
        "hearing-only": ("-->", "HEARING ONLY", "stroke-width:1.5px"),
        "healthy": ("-->", None, "stroke-width:2.5px"),
    }
    for index, ((_, arrow, text_, _), (_, _, state)) in enumerate(zip(links, expected)):
        want_arrow, mark, style = looks[state]
        assert arrow == want_arrow
        assert text_.split("<br/>")[-1] == mark if mark else "FEEDBACK" not in text_ and "HEARING" not in text_
        assert styles[index].endswith(style), (index, styles[index])
    assert sum(state == "no-feedback" for _, _, state in expected) == 4


def test_team_kinds_get_their_class():
    text = mermaid("--focus", "Payroll", "--no-legend")
    classes = dict((kind, set(members.split(","))) for members, kind in re.findall(r"^  class (\S+) (\w+)$", text, re.M))

    assert classes["focus"] == {"t_payroll"}
    assert classes["undescribed"] == {"t_employees"}
    assert classes["department"] == {"d_corporate_services"}
    assert "stroke-dasharray" in re.search(r"^  classDef undescribed (.*)$", text, re.M).group(1)


def test_ids_are_prefixed_and_never_keywords(hostile):
    text = mermaid(source=hostile)
    nodes, links, _ = parse_text(text)

    team_ids = [i for i in nodes if not i.startswith("legend_")]
    assert len(team_ids) == 19 and len(set(team_ids)) == 19
    for node_id in team_ids:
        assert re.fullmatch(r"t_[a-z0-9_]+", node_id) and node_id not in KEYWORDS
    assert {"t_end", "t_graph", "t_style", "t_class", "t_click", "t_1984", "t_a_b_c", "t_subgraph"} <= set(team_ids)
    assert re.findall(r"^  subgraph (\w+)\[", text, re.M) == ["d_dept_q_1", "legend"]


def test_ids_that_would_collide_are_numbered_in_a_stable_order():
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(["a_b", "a-b", "end", "a.b"])

    assert node_ids(graph) == {"a-b": "t_a_b", "a.b": "t_a_b_2", "a_b": "t_a_b_3", "end": "t_end"}


def test_a_focus_keeps_the_ids_of_the_whole_map():
    whole, _, _ = parse_text(mermaid())
    focus, _, _ = parse_text(mermaid("--focus", "Radiology", "--depth", "1", "--up", "1"))

    assert set(focus) - {i for i in focus if i.startswith("legend_")} <= set(whole)
    assert all(focus[i] == whole[i] for i in focus if not i.startswith("legend_"))


def test_focus_depth_and_up_choose_the_teams():
    nodes, links, _ = parse_text(mermaid("--focus", "Payroll", "--depth", "1", "--up", "0", "--no-legend"))

    assert set(nodes) == {"t_payroll", "t_hr_advisory", "t_employees"}
    # HR Advisory is Payroll's customer and supplier: both links are drawn.
    assert [(s, c) for s, _, _, c in links] == [("t_hr_advisory", "t_payroll"), ("t_payroll", "t_hr_advisory"),
                                                ("t_payroll", "t_employees")]


@pytest.mark.parametrize("value, expected", [
    ('say "hi"', "say #34;hi#34;"),
    ("#1; &amp; <b>", "#35;1; #38;amp; #60;b#62;"),
    ("50% %%{init}%%", "50#37; #37;#37;{init}#37;#37;"),
    ("a:b style", "a#58;b style"),
    ("*x* _y_ `z` ~~w~~ \\", "#42;x#42; #95;y#95; #96;z#96; #126;#126;w#126;#126; #92;"),
    ("[a] (b) {c} |d| ;e; @{f}", "[a] (b) {c} |d| ;e; @{f}"),
    ("line\nbreak\r\nend", "line<br/>break<br/>end"),
    ("tab\there\x1b", "tab here#92;x1b"),
    ("Change direction TB now", "Change direction#32;TB now"),
    ("DIRECTION\tlr", "DIRECTION#32;lr"),
    ("ﬂ°°x¶ß", "ﬂ\u2060°°x¶\u2060ß"),
    ("Café ☕ 🚀 👩‍⚕️", "Café ☕ 🚀 👩‍⚕️"),
])
def test_label_escaping(value, expected):
    assert label(value) == expected


def test_hostile_names_stay_inside_their_quotes(hostile):
    """Each label is one double-quoted string with no raw quote, markup or entity start in it."""
    text = mermaid(source=hostile)
    body = text.split("\n---\n", 1)[1]

    for line in body.splitlines():
        for quoted in re.findall(r'"([^"]*)"', line):
            assert not re.search(r"<(?!br/>)|(?<!<br/)>|&|%|#(?!\d+;)", quoted), (line, quoted)
        assert line.count('"') % 2 == 0, line
    _, links, _ = parse_text(text)
    assert len(links) == 4 + 6 + 6


@pytest.mark.parametrize("title, expected", [
    ("Acme", "Acme"),
    ("Sales & <Marketing>", "Sales \uff06 \uff1cMarketing\uff1e"),
    # A control character is shown as its escape, as in every output (chainmap.text).
    ('Say "hi"\nthere\x1b', 'Say "hi" there\\x1b'),
])
def test_title_text(title, expected):
    assert title_text(title) == expected


def test_title_goes_in_the_frontmatter():
    text = mermaid("--title", 'Zorg & "keten" 🚀')

    assert text.startswith('---\ntitle: "Zorg \uff06 \\"keten\\" 🚀"\nconfig:\n  layout: dagre\n---\nflowchart LR\n')


def test_dutch_labels_marks_and_legend():
    text = mermaid("--lang", "nl")

    assert "GEEN FEEDBACKLUS" in text and "VEROUDERD" in text and "ALLEEN HOREN" in text
    assert 'subgraph legend["Legenda"]' in text and "(eindklant)" in text and "(nog niet beschreven)" in text
    assert "NO FEEDBACK" not in text


def test_no_legend_leaves_out_the_legend():
    text = mermaid("--no-legend")

    assert "legend" not in text


@pytest.mark.parametrize("theme, config", [
    ("default", "config:\n  layout: dagre\n---"),
    ("print", "config:\n  layout: dagre\n  theme: neutral\n---"),
    ("projector", "config:\n  layout: dagre\n  themeVariables:\n    fontSize: 20px\n---"),
])
def test_theme_maps_to_mermaid_settings(theme, config):
    assert config in mermaid("--theme", theme)


def test_unknown_focus_team_is_an_error_and_writes_nothing(tmp_path):
    out = tmp_path / "map.mmd"

    result = run("render", ACME, "-o", out, "--focus", "Radiolgy")

    assert result.exit_code == 2
    assert "error[unknown-team]: no team called 'Radiolgy' in the map; did you mean 'Radiology'?" in result.stderr
    assert not out.exists()


# -- Mermaid itself ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    reason = mermaid_browser.missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"Mermaid cannot run in CI: {reason}")
        pytest.skip(f"Mermaid cannot run here: {reason}")
    with mermaid_browser.Browser() as browser:
        yield browser


VERSIONS = sorted(mermaid_browser.VERSIONS)


@pytest.mark.parametrize("version", VERSIONS)
def test_mermaid_parses_and_draws_the_whole_map(browser, version):
    page = browser.page(version)
    text = mermaid()
    graph, _, _ = analyse(load([str(ACME)]), date.fromisoformat(AS_OF))

    page.parse(text)
    page.render(text)

    seen = shown(page.shown_text())
    for _, data in graph.nodes(data=True):
        assert shown(data["name"]) in seen, data["name"]
    assert seen.count("NOFEEDBACKLOOP") == 4
    assert "AcmeHealth" in seen and "Legend" in seen


@pytest.mark.parametrize("version", VERSIONS)
def test_mermaid_draws_each_state_in_its_style(browser, version):
    """The linkStyles reach the drawing: dashed, thick and red for exactly the links without feedback."""
    page = browser.page(version)
    page.render(mermaid())

    dashed = page.evaluate("""() => [...document.querySelectorAll('#drawing svg path')]
        .filter((path) => getComputedStyle(path).strokeDasharray === '10px, 6px')
        .map((path) => [path.id, getComputedStyle(path).strokeWidth])""")
    assert len(dashed) == 5  # four links and the legend's sample
    assert {width for _, width in dashed} == {"4px"}
    for supplier, customer in [("t_payroll", "t_employees"), ("t_it_service_desk", "t_emergency_department"),
                               ("t_it_service_desk", "t_communications"),
                               ("t_building_maintenance", "t_cafe_catering")]:
        assert [i for i, _ in dashed if supplier in i and customer in i], (supplier, customer)


@pytest.mark.parametrize("version", VERSIONS)
def test_mermaid_parses_and_draws_a_dutch_print_focus(browser, version):
    page = browser.page(version)
    text = mermaid("--focus", "Radiology", "--up", "2", "--lang", "nl", "--theme", "print")

    page.parse(text)
    page.render(text)

    seen = shown(page.shown_text())
    assert "Radiology" in seen and "GEENFEEDBACKLUS" in seen and "Legenda" in seen


@pytest.mark.parametrize("version", VERSIONS)
def test_mermaid_shows_hostile_names_literally(browser, version, hostile):
    page = browser.page(version)
    text = mermaid(source=hostile)

    page.parse(text)
    page.render(text)

    seen = shown(page.shown_text())
    for value in HOSTILE_TEXTS:
        assert shown(value) in seen, value
    assert shown(title_text('Title "with" <b>tags</b> & #quot; 🚀')) in seen
    tags = page.evaluate("() => [...document.querySelectorAll('#drawing svg *')].map((e) => e.localName)")
    assert not {"script", "img", "b"} & set(tags)
    # The directive in a label was not obeyed: the legend (no class of ours) keeps the light theme.
    fill = page.evaluate("""() => getComputedStyle(document.querySelector('#drawing svg g.cluster[id*="legend"] rect')).fill""")
    assert min(int(part) for part in re.findall(r"\d+", fill)[:3]) > 200, fill


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("broken", [
    'flowchart LR\n  t_a("say "hi" (x)") --> t_b\n',  # a quote left in a label
    'flowchart LR\n  end("x") --> t_b\n',  # a keyword as an id
])
def test_mermaid_reports_broken_text(browser, version, broken):
    """The check can fail: Mermaid's parser rejects what unescaped names would make."""
    page = browser.page(version)
    with pytest.raises(mermaid_browser.MermaidError, match="Parse error"):
        page.parse(broken)


def test_the_readme_example_is_current_output(monkeypatch):
    """The README shows the Mermaid text of its own example command; GitHub draws it there."""
    monkeypatch.chdir(ROOT)  # the command names examples/acme relative to the repository
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"^chainmap render (examples/acme --focus Payroll \S.*) -o payroll\.mmd --as-of (\S+)$",
                        readme, re.M)
    block = re.search(r"^```mermaid\n(.*?)^```$", readme, re.M | re.S).group(1)

    args = command.group(1).split()
    result = run("render", *args, "-f", "mermaid", "-o", "-", "--as-of", command.group(2))
    assert result.exit_code == 0 and result.stdout == block


def large_map(tmp_path, teams: int) -> Path:
    """A chain of ``teams`` teams, each with two customers: 2 x teams links."""
    lines = ["teams:"]
    for index in range(teams):
        lines += [f"  - team: Team {index}", "    customers:", f"      - Team {index + 1}",
                  f"      - Team {index + 2}"]
    path = tmp_path / "large.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_map_too_large_for_mermaid_is_written_with_a_warning(tmp_path):
    out = tmp_path / "large.mmd"

    result = run("render", large_map(tmp_path, 260), "-o", out, "--as-of", AS_OF)

    assert result.exit_code == 0
    assert "warning: Mermaid draws at most 50,000 characters and 500 links by default; this has " in result.stderr
    assert "526 links" in result.stderr and "--focus TEAM" in result.stderr  # 520 + the legend: 4 + 2 invisible
    assert out.read_text(encoding="utf-8").startswith("---\n")


def test_a_map_within_mermaids_limits_gets_no_warning(tmp_path):
    result = run("render", large_map(tmp_path, 240), "-o", tmp_path / "ok.mmd", "--as-of", AS_OF, "--no-legend")

    assert result.exit_code == 0 and "warning" not in result.stderr


@pytest.mark.parametrize("version", VERSIONS)
def test_mermaid_really_refuses_what_the_warning_warns_about(browser, version, tmp_path):
    page = browser.page(version)
    with pytest.raises(mermaid_browser.MermaidError, match="Edge limit exceeded"):
        page.parse(mermaid(source=large_map(tmp_path, 260)))
