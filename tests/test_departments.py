"""The department graph: the organisation at a glance, built with networkx from real YAML."""

from __future__ import annotations

from datetime import date

import chainmap
from chainmap.departments import department_graph
from chainmap.render.overview import overview_dot
from chainmap.theme import THEMES

AS_OF = date(2026, 11, 22)

MAP = """\
teams:
  - team: Payroll
    department: Finance
    customers:
      - team: HR Advisory
        feedback: [{kind: conversation, last: 2026-11-01}]
      - team: Recruitment
      - team: Accounts
        feedback: [{kind: review, last: 2026-11-01}]
  - team: Accounts
    department: Finance
    customers:
      - team: Recruitment
        feedback: [{kind: survey, last: 2026-11-01}]
  - team: HR Advisory
    department: People
    customers:
      - team: Employees
        external: true
        feedback: [{kind: review, last: 2020-01-01}]
  - team: Recruitment
    department: People
    customers:
      - team: Employees
        external: true
        feedback: [{kind: interview, last: 2026-11-01}]
  - team: Canteen
    customers:
      - team: Employees
        external: true
      - team: Payroll
        feedback: [{kind: conversation, last: 2026-11-01}]
"""


def overview():
    graph, found, _ = chainmap.analyse(chainmap.loads(MAP, "map.yaml"), AS_OF)
    return department_graph(graph, AS_OF, found)


def test_one_node_per_department_teams_without_one_together_end_customers_as_they_are():
    departments = overview()
    # In the order of the map: the described teams' groups, then the end customers.
    assert list(departments) == ["department:Finance", "department:People", "none:", "team:employees"]
    assert departments.nodes["department:Finance"]["teams"] == ["payroll", "accounts"]
    assert departments.nodes["none:"]["teams"] == ["canteen"]
    assert departments.nodes["team:employees"]["kind"] == "external"
    assert departments.nodes["team:employees"]["name"] == "Employees"


def test_a_grouped_link_counts_its_links_per_state():
    departments = overview()
    finance_people = departments.edges["department:Finance", "department:People"]
    # Payroll -> HR Advisory (healthy), Payroll -> Recruitment (no feedback), Accounts -> Recruitment (hearing only).
    assert finance_people["links"] == 3
    assert finance_people["states"] == {"no-feedback": 1, "stale": 0, "hearing-only": 1, "healthy": 1}
    assert finance_people["pairs"] == [("payroll", "hr-advisory"), ("payroll", "recruitment"),
                                       ("accounts", "recruitment")]
    to_employees = departments.edges["department:People", "team:employees"]
    assert to_employees["states"] == {"no-feedback": 0, "stale": 1, "hearing-only": 0, "healthy": 1}
    assert departments.edges["none:", "department:Finance"]["links"] == 1


def test_links_inside_a_department_are_summarised_on_its_node():
    finance = overview().nodes["department:Finance"]
    assert finance["links_inside"] == 1  # Payroll -> Accounts
    assert finance["states_inside"]["healthy"] == 1
    assert not overview().has_edge("department:Finance", "department:Finance")
    # Coverage: 3 of Finance's 4 outgoing links have a loop.
    assert finance["coverage"] == 75.0


def test_a_department_carries_its_worst_finding():
    departments = overview()
    assert departments.nodes["department:Finance"]["worst"].severity == "warning"
    assert departments.nodes["none:"]["worst"].rule == "no-feedback"


def test_every_team_link_is_counted_once_on_a_large_map(tmp_path):
    """A generated 300-team map: the grouped links and the inside counts add up to every link."""
    lines = ["teams:"]
    for index in range(300):
        lines += [f"  - team: Team {index}", f"    department: Dept {index % 12}", "    customers:",
                  f"      - team: Team {(index * 7 + 1) % 300}", f"      - team: Team {(index + 150) % 300}"]
    graph, found, _ = chainmap.analyse(chainmap.loads("\n".join(lines) + "\n", "big.yaml"), AS_OF)
    departments = department_graph(graph, AS_OF, found)
    assert departments.number_of_nodes() == 12
    grouped = sum(data["links"] for _, _, data in departments.edges(data=True))
    inside = sum(data["links_inside"] for _, data in departments.nodes(data=True))
    assert grouped + inside == graph.number_of_edges()
    assert all(sum(data["states"].values()) == data["links"] for _, _, data in departments.edges(data=True))


def test_a_departments_view_keeps_only_its_own_links():
    """--department: its teams in full; other departments only with their links to and from it."""
    graph, found, _ = chainmap.analyse(chainmap.loads(MAP, "map.yaml"), AS_OF)
    view = department_graph(graph, AS_OF, found, expand="People")
    assert {"member:hr-advisory", "member:recruitment"} <= set(view)
    for source, target in view.edges:
        assert source.startswith("member:") or target.startswith("member:")
    # Canteen (no department) delivers only to Finance: it has no link with People, so it is left out.
    assert "none:" not in view
    assert view.edges["department:Finance", "member:recruitment"]["links"] == 2


def test_a_departments_view_built_from_the_overview_is_the_same_view():
    """The page draws every department's view from one overview: same boxes, arrows and figures, same order."""
    lines = ["teams:"]
    for index in range(120):
        department = f"    department: Dept {index % 6}" if index % 11 else ""
        lines += [f"  - team: Team {index}"] + ([department] if department else []) + [
            "    customers:", f"      - team: Team {(index * 7 + 1) % 120}", f"      - team: Team {(index + 60) % 120}"]
    lines += ["      - team: Residents", "        external: true"]
    graph, found, _ = chainmap.analyse(chainmap.loads("\n".join(lines) + "\n", "big.yaml"), AS_OF)
    overview = department_graph(graph, AS_OF, found)
    boxes: dict = {}
    for name in [f"Dept {index}" for index in range(6)]:
        alone = department_graph(graph, AS_OF, found, expand=name)
        shared = department_graph(graph, AS_OF, found, expand=name, overview=overview)
        assert list(shared.nodes(data=True)) == list(alone.nodes(data=True))
        assert list(shared.edges(data=True)) == list(alone.edges(data=True))
        # The other departments' boxes say what the overview says about them.
        for node, data in shared.nodes(data=True):
            if data["kind"] == "department":
                assert data["teams"] == overview.nodes[node]["teams"]
                assert data["coverage"] == overview.nodes[node]["coverage"]
        assert sum(1 for node in shared if node.startswith("member:")) == 20 - sum(
            1 for index in range(int(name[-1]), 120, 6) if index % 11 == 0)
        # Drawn with the boxes remembered across views (as the page draws its 200), each view is the same DOT.
        assert overview_dot(shared, THEMES["default"], as_of=AS_OF, boxes=boxes) == overview_dot(
            shared, THEMES["default"], as_of=AS_OF)
    assert boxes and all(node.startswith(("department:", "none:", "team:")) for node in boxes)
