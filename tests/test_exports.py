"""`chainmap render -f graphml|gexf|json`: the map for analysts, read back with networkx's own readers."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import chainmap
from chainmap.cli import main
from chainmap.rules import link_state

ACME = Path(__file__).resolve().parents[1] / "examples" / "acme"
AS_OF = "2026-11-22"
FORMATS = ("graphml", "gexf", "json")


def render(*args):
    result = CliRunner().invoke(main, ["render", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result


def read_back(fmt: str, path: Path):
    if fmt == "graphml":
        return nx.read_graphml(path)
    if fmt == "gexf":
        return nx.read_gexf(path)
    return nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")


@pytest.fixture(scope="module")
def acme():
    graph, found, _ = chainmap.analyse(chainmap.load(ACME), date.fromisoformat(AS_OF))
    return graph, found


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    for fmt in FORMATS:
        render(ACME, "-o", folder / f"acme.{fmt}", "--as-of", AS_OF)  # the format from the suffix
    return folder


def expected_findings(found):
    nodes, edges = {}, {}
    for problem in found:
        if problem.subject and problem.subject[0] == "link":
            edges.setdefault(problem.subject[1:], set()).add(problem.rule)
        elif problem.subject and problem.subject[0] in ("team", "teams"):
            for member in problem.subject[1:]:
                nodes.setdefault(member, set()).add(problem.rule)
    return nodes, edges


def findings_of(value, fmt):
    return set(value if fmt == "json" else value.split())


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_nodes_and_edges_as_the_map(acme, exports, fmt):
    graph, _ = acme
    back = read_back(fmt, exports / f"acme.{fmt}")
    assert back.is_directed()
    assert list(back.nodes) == list(graph.nodes)
    assert list(back.edges) == list(graph.edges)


@pytest.mark.parametrize("fmt", FORMATS)
def test_team_attributes_read_back_equal(acme, exports, fmt):
    graph, found = acme
    node_findings, _ = expected_findings(found)
    back = read_back(fmt, exports / f"acme.{fmt}")
    for node, data in graph.nodes(data=True):
        got = back.nodes[node]
        team = data["team"]
        assert got["name"] == data["name"]
        assert got["described"] is data["described"] and got["external"] is data["external"]
        for key, value in (("department", data["department"]),
                           ("description", team.description if team else None),
                           ("contact", team.contact if team else None)):
            # GraphML and GEXF leave out what has no value; JSON writes null.
            assert got.get(key) == value, (node, key)
        assert got["source"] == str(data["source"])
        assert findings_of(got["findings"], fmt) == node_findings.get(node, set())
        if fmt == "gexf":
            assert got["label"] == data["name"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_link_attributes_read_back_equal(acme, exports, fmt):
    graph, found = acme
    _, edge_findings = expected_findings(found)
    back = read_back(fmt, exports / f"acme.{fmt}")
    as_of = date.fromisoformat(AS_OF)
    for supplier, customer, data in graph.edges(data=True):
        link, got = data["link"], back.edges[supplier, customer]
        for key in ("delivers", "need", "agreement", "external"):
            assert got.get(key) == getattr(link, key), (supplier, customer, key)
        assert got["declared_by"] == link.declared_by
        assert got["state"] == link_state(link, as_of)
        assert got["feedback_loops"] == len(link.feedback)
        scores = [loop for loop in link.feedback if loop.score is not None]
        if scores:
            assert got["latest_score"] == chainmap.rules.latest_score(link)
        else:
            assert got.get("latest_score") is None
        loops = got["feedback"] if fmt == "json" else json.loads(got["feedback"])
        assert [(loop["kind"], loop["last"], loop["score"], loop["cadence"]) for loop in loops] == [
            (loop.kind, loop.last.isoformat() if loop.last else None, loop.score, loop.cadence)
            for loop in link.feedback]
        assert [loop["current"] for loop in loops] == [loop.is_current(as_of) for loop in link.feedback]
        assert findings_of(got["findings"], fmt) == edge_findings.get((supplier, customer), set())


def test_every_state_and_some_findings_are_exported(exports):
    back = nx.read_graphml(exports / "acme.graphml")
    states = {data["state"] for *_, data in back.edges(data=True)}
    assert states == {"no-feedback", "stale", "hearing-only", "healthy"}
    assert any(data["findings"] for _, data in back.nodes(data=True))


@pytest.mark.parametrize("fmt", ("graphml", "gexf"))
def test_xml_is_well_formed_and_typed(exports, fmt):
    root = ET.parse(exports / f"acme.{fmt}").getroot()
    assert root.tag.endswith("graphml" if fmt == "graphml" else "gexf")
    if fmt == "gexf":
        meta = root.find("{http://www.gexf.net/1.2draft}meta")
        assert meta.get("lastmodifieddate") == AS_OF


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_input_same_bytes(exports, tmp_path, fmt):
    again = tmp_path / f"again.{fmt}"
    render(ACME, "-f", fmt, "-o", again, "--as-of", AS_OF)
    assert again.read_bytes() == (exports / f"acme.{fmt}").read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_focus_exports_the_chain_around_a_team(acme, tmp_path, fmt):
    graph, _ = acme
    path = tmp_path / f"payroll.{fmt}"
    render(ACME, "--focus", "Payroll", "-o", path, "--as-of", AS_OF)
    back = read_back(fmt, path)
    assert "payroll" in back and back.number_of_nodes() < graph.number_of_nodes()
    assert set(back.edges) <= set(graph.edges)


HOSTILE = """
team: "Pay\\x1broll\\x00 & Co"
department: "Corp\\x07orate"
description: "line one\\nline two"
customers:
  - team: Employees
    external: true
    delivers: "salaries <b>&amp;</b> ]]>"
"""


@pytest.mark.parametrize("fmt", FORMATS)
def test_names_xml_cannot_hold_are_shown_as_escapes(tmp_path, fmt):
    (tmp_path / "team.yaml").write_text(HOSTILE, encoding="utf-8")
    path = tmp_path / f"out.{fmt}"
    render(tmp_path / "team.yaml", "-o", path, "--as-of", AS_OF)
    if fmt != "json":
        ET.parse(path)  # well-formed
    back = read_back(fmt, path)
    (team,) = [data for _, data in back.nodes(data=True) if data["described"]]
    if fmt == "json":  # JSON holds every character: the name as written
        assert team["name"] == "Pay\x1broll\x00 & Co"
    else:
        assert team["name"] == "Pay\\x1broll\\x00 & Co"
        assert team["department"] == "Corp\\x07orate"
    assert team["description"] == "line one\nline two"
    ((_, _, link),) = back.edges(data=True)
    assert link["delivers"] == "salaries <b>&amp;</b> ]]>"


def test_json_to_stdout_keeps_null_and_lists(acme):
    result = render(ACME, "-f", "json", "-o", "-", "--as-of", AS_OF)
    document = json.loads(result.stdout)
    assert document["graph"] == {"organization": "Acme Health", "as_of": AS_OF}
    assert all(isinstance(node["findings"], list) for node in document["nodes"])
    assert any(node["department"] is None for node in document["nodes"])  # an end customer


# -- Kumu ---------------------------------------------------------------------------------------

def read_kumu(path: Path):
    import csv
    import io
    import zipfile

    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["elements.csv", "connections.csv"]
        return [list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"), newline="")))
                for name in ("elements.csv", "connections.csv")]


def test_kumu_zip_holds_elements_and_connections(acme, tmp_path):
    graph, found = acme
    node_findings, edge_findings = expected_findings(found)
    path = tmp_path / "acme-kumu.zip"
    render(ACME, "-o", path, "--as-of", AS_OF)
    elements, connections = read_kumu(path)
    assert list(elements[0])[:2] == ["ID", "Label"] and list(connections[0])[:2] == ["From", "To"]
    assert [row["ID"] for row in elements] == list(graph.nodes)
    assert [(row["From"], row["To"]) for row in connections] == list(graph.edges)
    for row in elements:
        data = graph.nodes[row["ID"]]
        assert row["Label"] == data["name"]
        assert row["Department"] == (data["department"] or "")
        assert row["External"] == ("true" if data["external"] else "false")
        assert set(filter(None, row["Tags"].split("|"))) == node_findings.get(row["ID"], set())
    as_of = date.fromisoformat(AS_OF)
    for row in connections:
        link = graph.edges[row["From"], row["To"]]["link"]
        assert row["Type"] == link_state(link, as_of)
        assert row["Label"] == (link.delivers or "")
        assert int(row["Feedback loops"]) == len(link.feedback)
        assert len(json.loads(row["Feedback"] or "[]")) == len(link.feedback)
        assert set(filter(None, row["Tags"].split("|"))) == edge_findings.get((row["From"], row["To"]), set())
    again = tmp_path / "again.zip"
    render(ACME, "-f", "kumu", "-o", again, "--as-of", AS_OF)
    assert again.read_bytes() == path.read_bytes()
