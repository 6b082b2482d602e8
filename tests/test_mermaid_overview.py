"""render --overview and --department as Mermaid: the department graph for wikis, drawn by Mermaid itself."""

from __future__ import annotations

import re
from datetime import date

import pytest

import mermaid_browser
from chainmap.api import analyse, load
from chainmap.departments import department_graph
from chainmap.render.mermaid import node_ids
from generated import generated_map
from test_mermaid import ACME, AS_OF, browser, mermaid, parse_text, run, shown  # noqa: F401  (browser: the fixture)

WORST_FIRST = ("no-feedback", "stale", "hearing-only", "healthy")
ARROWS = {"no-feedback": "==>", "stale": "-.->", "hearing-only": "-->", "healthy": "-->"}


def words(label: str) -> str:
    return label.replace("<br/>", " ")


def acme_overview(expand=None):
    as_of = date.fromisoformat(AS_OF)
    graph, findings, _ = analyse(load([str(ACME)]), as_of)
    return graph, department_graph(graph, as_of, findings, expand=expand)


def test_the_overview_is_one_box_per_department_and_one_arrow_per_pair():
    text = mermaid("--overview", "--no-legend")
    graph, overview = acme_overview()
    nodes, links, styles = parse_text(text)

    assert words(nodes["d_corporate_services"]) == ("Corporate Services 6 teams · 78.6#37; with feedback "
                                                    "5 links inside#58; 1 NO FEEDBACK LOOP · 1 STALE "
                                                    "first#58; no customers")
    assert words(nodes["d_none"]).startswith("Teams without a department 2 teams")
    # End customers keep the detailed map's ids and shape.
    assert nodes["t_patients"] == "Patients<br/>(end customer)"
    assert re.search(r'^  t_patients\(\["', text, re.M)
    assert len(links) == overview.number_of_edges() == 15
    # Each arrow: the arrow and line of its worst state, its links counted per state.
    ids = {"department:Facilities": "d_facilities", "department:Clinical Care": "d_clinical_care",
           "department:Corporate Services": "d_corporate_services",
           "department:Diagnostics & Pharmacy": "d_diagnostics_pharmacy", "none:": "d_none"}
    ids.update((node, f"t_{node.partition(':')[2].replace('-', '_')}") for node in overview if node.startswith("team:"))
    for index, ((source, target, data), (supplier, arrow, label, customer)) in enumerate(
            zip(overview.edges(data=True), links)):
        worst = next(state for state in WORST_FIRST if data["states"][state])
        assert (supplier, customer) == (ids[source], ids[target])
        assert arrow == ARROWS[worst]
        assert ("stroke-dasharray:10 6" in styles[index]) == (worst == "no-feedback")
        assert ("stroke-dasharray:2 5" in styles[index]) == (worst == "stale")
        if data["links"] > 1:
            assert label.startswith(f"{data['links']} links<br/>")
    by_pair = {(s, c): words(label) for s, _, label, c in links}
    assert by_pair["d_facilities", "d_clinical_care"] == "7 links 1 STALE · 6 healthy"
    assert by_pair["d_corporate_services", "d_none"] == "NO FEEDBACK LOOP"  # one link: its mark
    assert by_pair["d_clinical_care", "d_corporate_services"] == "Registered consultations"


def test_more_links_draw_a_thicker_arrow():
    _, links, styles = parse_text(mermaid("--overview", "--no-legend"))
    width = {(s, c): float(re.search(r"stroke-width:([\d.]+)px", styles[i]).group(1))
             for i, (s, _, _, c) in enumerate(links)}

    # Both healthy: 8 links against 1.
    assert width["d_diagnostics_pharmacy", "d_clinical_care"] > width["d_diagnostics_pharmacy", "t_patients"]


def test_a_departments_view_draws_its_teams_inside_it_with_the_maps_ids():
    text = mermaid("--department", "corporate services", "--no-legend")
    graph, view = acme_overview(expand="Corporate Services")
    ids = node_ids(graph)
    nodes, links, _ = parse_text(text)

    block = re.search(r'^  subgraph (d_\w+)\["Corporate Services"\]\n(.*?)^  end$', text, re.M | re.S)
    members = [node for node, data in graph.nodes(data=True) if data["department"] == "Corporate Services"]
    assert set(re.findall(r"^    (t_\w+)\(", block.group(2), re.M)) == {ids[m] for m in members}
    assert f"class {block.group(1)} cluster" in text
    assert len(links) == view.number_of_edges()
    assert ("t_hr_advisory", "-.->", "Contract changes before<br/>cut-off<br/>STALE", "t_payroll") in links
    assert words(nodes["d_clinical_care"]).startswith("Clinical Care 5 teams")


def test_the_legend_shows_a_department_and_dutch_words():
    text = mermaid("--overview", "--lang", "nl")

    assert 'subgraph legend["Legenda"]' in text and 'legend_department("Afdeling")' in text
    assert "schakels" in text and "met feedback" in text and "with feedback" not in text


def test_the_overview_text_is_the_same_every_time():
    assert mermaid("--overview") == mermaid("--overview")


def test_a_dense_overview_counts_in_symbols_and_says_the_table_reads_better(tmp_path):
    teams, _ = generated_map(tmp_path / "org", departments=8, per_department=25)  # 64 arrows
    out = tmp_path / "overview.mmd"

    result = run("render", teams, "--overview", "-o", out, "--as-of", AS_OF)

    assert result.exit_code == 0, result.output
    assert "warning[mermaid-dense]: 64 arrows between departments are hard to follow" in result.stderr
    text = out.read_text(encoding="utf-8")
    _, links, _ = parse_text(text)
    department_links = [label for s, _, label, c in links if not s.startswith("legend")]
    assert len(department_links) == 64
    assert all(re.fullmatch(r"\d+(<br/>(\d+[\u2717!#~0-9;]* ?)+)?", label) for label in department_links), department_links[:3]
    assert "On an arrow#58; its links; \u2717 no feedback loop, ! stale, #126; hearing only" in text


def test_an_overview_beyond_mermaids_limits_is_refused_in_one_line(tmp_path):
    teams, _ = generated_map(tmp_path / "org", departments=40, per_department=25)  # 1,000 teams, 544 arrows
    out = tmp_path / "overview.mmd"

    result = run("render", teams, "--overview", "-o", out, "--as-of", AS_OF)

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "chainmap: error[mermaid-size]: this view has 544 arrows between departments, more than Mermaid draws "
        "(500 links, 50,000 characters); draw the overview as a table in SVG or PDF (-o overview.svg), "
        "or one department's view in Mermaid with --department NAME"]
    assert not out.exists()


def test_the_large_default_stays_the_whole_map_for_mermaid(tmp_path):
    """Only Graphviz formats draw the overview by default: Mermaid says which views to ask for."""
    teams, _ = generated_map(tmp_path / "org", departments=8, per_department=25)

    result = run("render", teams, "-o", tmp_path / "map.mmd", "--as-of", AS_OF)

    assert result.exit_code == 0
    assert "try --overview, --department NAME or --focus TEAM" in result.stderr
    assert "\n  subgraph d_department_0[" in (tmp_path / "map.mmd").read_text(encoding="utf-8")


# -- Mermaid itself ---------------------------------------------------------------------------------


@pytest.mark.parametrize("version", sorted(mermaid_browser.VERSIONS))
def test_mermaid_draws_the_overview_each_state_in_its_style(browser, version):
    page = browser.page(version)
    text = mermaid("--overview")
    _, overview = acme_overview()

    page.parse(text)
    page.render(text)

    seen = shown(page.shown_text())
    for _, data in overview.nodes(data=True):
        assert shown(data["name"] or "Teams without a department") in seen
    assert "7links1STALE·6healthy" in seen and "Legend" in seen and "Department" in seen
    dashed = page.evaluate("""() => [...document.querySelectorAll('#drawing svg path')]
        .filter((path) => getComputedStyle(path).strokeDasharray === '10px, 6px').length""")
    worst_no_feedback = sum(1 for _, _, d in overview.edges(data=True) if d["states"]["no-feedback"])
    assert dashed == worst_no_feedback + 1  # and the legend's sample


@pytest.mark.parametrize("version", sorted(mermaid_browser.VERSIONS))
def test_mermaid_draws_a_departments_view_of_1000_teams(browser, version, tmp_path_factory):
    teams, _ = generated_map(tmp_path_factory.mktemp("org"), departments=40, per_department=25)
    text = mermaid("--department", "Department 0", source=teams)
    page = browser.page(version)

    page.parse(text)
    page.render(text)

    seen = shown(page.shown_text())
    assert "Department0" in seen and "Team0000" in seen and "Team0960" in seen
    clusters = page.evaluate("() => document.querySelectorAll('#drawing svg g.cluster').length")
    assert clusters == 2  # the department and the legend


def test_the_page_refuses_the_overview_options_with_a_hint(tmp_path):
    out = tmp_path / "page.html"

    result = run("render", ACME, "--overview", "-o", out, "--as-of", AS_OF)

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "chainmap: error[format]: --overview and --department draw SVG, PNG, PDF, DOT, MERMAID, not HTML; "
        "the page of a map over 150 teams opens on its overview and holds each department's view"]
    assert not out.exists()
