"""Building the chain graph from team files, and walking it."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

import chainmap


def yaml_text(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def graph_of(text: str, path: str = "map.yaml"):
    return chainmap.build_graph(chainmap.loads(yaml_text(text), path))


def write(directory, relative: str, text: str):
    path = directory / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml_text(text), encoding="utf-8")
    return path


HOSPITAL = """
    organization: Acme Health
    teams:
      - team: Laboratory
        department: Diagnostics
        suppliers: [IT Service Desk]
        customers:
          - team: Emergency Department
            delivers: Urgent blood results
            need: Results before the doctor decides
            agreement: https://intranet.example/sla/lab-ed
            feedback:
              - kind: conversation
                cadence: monthly
                last: 2026-11-10
                score: 8
          - team: General Practitioners
            delivers: Results for GP tests
      - team: Emergency Department
        department: Clinical Care
        customers:
          - team: Patients
            external: true
            feedback:
              - kind: callback
          - team: General practitioners
            external: true
          - Employees
    """


def test_nodes_by_id_with_attributes():
    graph = graph_of(HOSPITAL)
    assert graph.graph["organization"] == "Acme Health"
    assert list(graph) == ["laboratory", "emergency-department", "general-practitioners", "patients",
                           "employees", "it-service-desk"]
    attributes = {node: (data["name"], data["described"], data["external"], data["department"])
                  for node, data in graph.nodes(data=True)}
    assert attributes == {
        "laboratory": ("Laboratory", True, False, "Diagnostics"),
        "emergency-department": ("Emergency Department", True, False, "Clinical Care"),
        # Referenced only: nodes too, named as first written.
        "general-practitioners": ("General Practitioners", False, True, None),
        "patients": ("Patients", False, True, None),
        "employees": ("Employees", False, False, None),
        "it-service-desk": ("IT Service Desk", False, False, None),
    }
    assert graph.nodes["laboratory"]["team"].name == "Laboratory"
    assert graph.nodes["patients"]["team"] is None
    assert graph.nodes["emergency-department"]["source"].line == 18


def test_edges_run_from_supplier_to_customer_and_carry_the_link():
    graph = graph_of(HOSPITAL)
    assert sorted(graph.edges) == sorted([
        ("laboratory", "emergency-department"),
        ("laboratory", "general-practitioners"),
        ("emergency-department", "patients"),
        ("emergency-department", "general-practitioners"),
        ("emergency-department", "employees"),
        ("it-service-desk", "laboratory"),
    ])
    link = graph.edges["laboratory", "emergency-department"]["link"]
    assert (link.supplier, link.customer, link.declared_by) == ("laboratory", "emergency-department", "supplier")
    assert link.delivers == "Urgent blood results"
    assert link.need == "Results before the doctor decides"
    assert link.agreement == "https://intranet.example/sla/lab-ed"
    assert [(loop.kind, loop.cadence, loop.last, loop.score) for loop in link.feedback] == [
        ("conversation", "monthly", date(2026, 11, 10), 8)]
    assert (link.source.path, link.source.line) == ("map.yaml", 7)
    # Known only from the Laboratory's suppliers list: an edge declared by the customer.
    implied = graph.edges["it-service-desk", "laboratory"]["link"]
    assert implied.declared_by == "customer"
    assert implied.feedback == ()


def test_external_when_any_link_says_so():
    # Laboratory -> General Practitioners has no 'external:'; the ED link marks it.
    graph = graph_of(HOSPITAL)
    assert graph.nodes["general-practitioners"]["external"] is True
    assert graph.edges["laboratory", "general-practitioners"]["link"].external is None
    # In the other order too: the marking link comes first.
    graph = graph_of("""
        teams:
          - team: A
            customers:
              - team: Patients
                external: true
          - team: B
            customers:
              - team: patients
                external: false
        """)
    assert graph.nodes["patients"]["external"] is True


def test_short_form_customer():
    graph = graph_of(HOSPITAL)
    link = graph.edges["emergency-department", "employees"]["link"]
    assert link.customer_ref == "Employees"
    assert (link.feedback, link.agreement, link.delivers, link.external) == ((), None, None, None)
    assert chainmap.link_state(link, date(2026, 11, 22)) == "no-feedback"
    assert (link.source.line, link.source.col) == (27, 9)


def test_link_states():
    graph = graph_of("""
        team: Desk
        customers:
          - team: A
            feedback: [{kind: review, cadence: monthly, last: 2026-11-01}]
          - team: B
            feedback: [{kind: survey, cadence: monthly, last: 2026-11-01}]
          - team: C
            feedback: [{kind: survey, cadence: monthly, last: 2026-01-01}]
          - team: D
        """)
    states = {customer: chainmap.link_state(data["link"], date(2026, 11, 22))
              for _, customer, data in graph.edges(data=True)}
    assert states == {"a": "healthy", "b": "hearing-only", "c": "stale", "d": "no-feedback"}


# -- several files and directories --------------------------------------------------------------

def test_merging_several_files(tmp_path):
    payroll = write(tmp_path, "payroll.yaml", """
        team: Payroll
        customers: [HR Advisory]
        """)
    hr = write(tmp_path, "hr.yaml", """
        team: HR Advisory
        department: Corporate
        customers:
          - team: Employees
            external: true
        """)
    chain_map = chainmap.load([payroll, hr])
    assert chain_map.files == (str(payroll), str(hr))
    graph = chainmap.build_graph(chain_map)
    assert list(graph) == ["payroll", "hr-advisory", "employees"]
    assert graph.nodes["hr-advisory"]["described"] is True
    assert graph.nodes["hr-advisory"]["department"] == "Corporate"
    assert sorted(graph.edges) == [("hr-advisory", "employees"), ("payroll", "hr-advisory")]
    assert graph.nodes["hr-advisory"]["source"].path == str(hr)


def test_a_directory_is_read_recursively_in_sorted_order_skipping_hidden_folders(tmp_path):
    teams = tmp_path / "teams"
    write(teams, "m.yaml", """
        team: Middle
        x-owner: somebody
        customers:
          - team: Zeta
            x-since: 2021
            feedback:
              - kind: review
                x-by: phone
        """)
    write(teams, "z.yml", "team: Zeta\ncustomers: [{team: Clients, external: true}]\n")
    write(teams, "a/first.yaml", "team: First\ncustomers: [Middle]\n")
    # Would be a duplicate team and a parse error if it were read.
    write(teams, ".hidden/x.yaml", "team: Middle\ncustomers: [Intruder]\n")
    write(teams, ".hidden/broken.yaml", "team: [unclosed\n")
    (teams / "notes.txt").write_text("team: Not YAML\n", encoding="utf-8")

    chain_map = chainmap.load(teams)
    assert [path.replace(str(teams), "").replace("\\", "/") for path in chain_map.files] == [
        "/a/first.yaml", "/m.yaml", "/z.yml"]
    graph = chainmap.build_graph(chain_map)
    assert list(graph) == ["first", "middle", "zeta", "clients"]
    assert "intruder" not in graph
    assert "not-yaml" not in graph
    # x- keys change nothing: same graph as without them.
    link = graph.edges["middle", "zeta"]["link"]
    assert [loop.kind for loop in link.feedback] == ["review"]
    plain = chainmap.loads("team: Middle\ncustomers:\n  - team: Zeta\n    feedback:\n      - kind: review\n")
    assert chain_map.team("middle").customers[0].feedback[0].kind == plain.teams[0].customers[0].feedback[0].kind


def test_same_file_twice_is_read_once(tmp_path):
    path = write(tmp_path, "a.yaml", "team: A\ncustomers: [B]\n")
    chain_map = chainmap.load([path, tmp_path])
    assert len(chain_map.teams) == 1


def test_invalid_input_raises_with_every_problem(tmp_path):
    write(tmp_path, "a.yaml", "team: A\ncustomer: [B]\n")
    write(tmp_path, "b.yaml", "team: B\ncustomers:\n  - team: C\n    feedback:\n      - kind: sruvey\n")
    with pytest.raises(chainmap.InputError) as raised:
        chainmap.load(tmp_path)
    problems = raised.value.problems
    assert [(p.path.endswith(name), p.line, p.rule) for p, name in zip(problems, ["a.yaml", "b.yaml"])] == [
        (True, 2, "unknown-key"), (True, 5, "bad-kind")]
    assert all(p.severity == "error" for p in problems)


# -- references by name or id -------------------------------------------------------------------

ID_MAP = """
    teams:
      - team: IT Service Desk
        id: servicedesk
      - team: Radiology
        suppliers: [IT Service Desk]
      - team: Laboratory
        suppliers: [servicedesk]
      - team: Wards
        customers: [IT Service Desk, Radiology]
      - team: Pharmacy
        customers: [SERVICEDESK]
    """


def test_a_team_with_its_own_id_is_one_node_whatever_the_reference():
    graph = graph_of(ID_MAP)
    assert sorted(graph) == ["laboratory", "pharmacy", "radiology", "servicedesk", "wards"]
    assert sorted(graph.successors("servicedesk")) == ["laboratory", "radiology"]
    assert sorted(graph.predecessors("servicedesk")) == ["pharmacy", "wards"]


def test_listing_a_team_by_its_name_and_its_id_is_a_duplicate_link():
    text = """
        teams:
          - team: IT Service Desk
            id: servicedesk
          - team: Laboratory
            customers:
              - team: servicedesk
                delivers: Lab system support
              - team: IT Service Desk
                delivers: Printer support
        """
    with pytest.raises(chainmap.InputError) as raised:
        chainmap.loads(yaml_text(text), "map.yaml")
    assert [(p.rule, p.line) for p in raised.value.problems] == [("duplicate-link", 8)]


def test_a_team_listing_itself_by_name_when_it_has_an_id_is_an_error():
    text = """
        team: IT Service Desk
        id: servicedesk
        customers: [IT Service Desk]
        """
    with pytest.raises(chainmap.InputError) as raised:
        chainmap.loads(yaml_text(text), "desk.yaml")
    assert [(p.rule, p.line) for p in raised.value.problems] == [("self-customer", 3)]


# -- walking the chain --------------------------------------------------------------------------

CHAIN = """
    teams:
      - team: IT
        customers: [Lab, Payroll]
      - team: Lab
        customers: [Wards]
      - team: Wards
        customers: [Lab, {team: Patients, external: true}]
      - team: Payroll
        customers: [Employees]
      - team: Vendor
        customers: [IT]
    """


def test_downstream_gives_each_customer_its_depth():
    graph = graph_of(CHAIN)
    assert chainmap.downstream(graph, "it") == {
        "it": 0, "lab": 1, "payroll": 1, "wards": 2, "employees": 2, "patients": 3}
    # The Lab <-> Wards cycle is followed once.
    assert chainmap.downstream(graph, "lab") == {"lab": 0, "wards": 1, "patients": 2}
    assert chainmap.downstream(graph, "patients") == {"patients": 0}


@pytest.mark.parametrize("depth, expected", [
    (0, {"it": 0}),
    (1, {"it": 0, "lab": 1, "payroll": 1}),
    (2, {"it": 0, "lab": 1, "payroll": 1, "wards": 2, "employees": 2}),
    (10, {"it": 0, "lab": 1, "payroll": 1, "wards": 2, "employees": 2, "patients": 3}),
])
def test_downstream_honours_depth(depth, expected):
    assert chainmap.downstream(graph_of(CHAIN), "it", depth) == expected


def test_upstream():
    graph = graph_of(CHAIN)
    assert chainmap.upstream(graph, "patients") == {"patients": 0, "wards": 1, "lab": 2, "it": 3, "vendor": 4}
    assert chainmap.upstream(graph, "patients", depth=2) == {"patients": 0, "wards": 1, "lab": 2}
    assert chainmap.upstream(graph, "vendor") == {"vendor": 0}


def test_focus_subgraph():
    graph = graph_of(CHAIN)
    around_lab = chainmap.focus_subgraph(graph, "lab", depth=1, up=1)
    assert set(around_lab) == {"lab", "wards", "it"}
    assert set(around_lab.edges) == {("it", "lab"), ("lab", "wards"), ("wards", "lab")}
    assert around_lab.nodes["lab"]["name"] == "Lab"
    assert around_lab.edges["it", "lab"]["link"].supplier == "it"

    default = chainmap.focus_subgraph(graph, "it")  # two levels down, one up
    assert set(default) == {"vendor", "it", "lab", "payroll", "wards", "employees"}

    everything = chainmap.focus_subgraph(graph, "it", depth=None, up=None)
    assert set(everything) == set(graph)
