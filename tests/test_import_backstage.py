"""`chainmap import backstage catalog-info.yaml...`: teams and their links from a Backstage catalog."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import chainmap
from chainmap.cli import main
from chainmap.errors import EXIT_INVALID

CATALOG = Path(__file__).resolve().parent / "data" / "backstage"
FILES = sorted(CATALOG.glob("*.yaml"))


def run(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def imported(tmp_path, *options):
    result = run("import", "backstage", *FILES, "-o", tmp_path / "teams", *options)
    assert result.exit_code == 0, result.output
    return result, chainmap.load(tmp_path / "teams")


def test_groups_owning_software_become_teams_in_their_departments(tmp_path):
    _, chain_map = imported(tmp_path)
    teams = {team.name: team for team in chain_map.teams}
    # Payroll owns its engine through a user (M. de Vries is a member); lab-portal's owner group is not
    # in the catalog, so the team has its name only; the departments own no software: no team.
    assert sorted(teams) == ["Emergency Department", "IT Service Desk", "Payroll", "Radiology", "laboratory"]
    assert teams["Radiology"].department == "Clinical Care"
    assert teams["Radiology"].contact == "radiology@acme.example"
    assert teams["Payroll"].department == "Corporate Services"
    assert teams["laboratory"].department is None


def test_each_team_keeps_its_own_view_of_a_relation(tmp_path):
    _, chain_map = imported(tmp_path)
    graph = chainmap.analyse(chain_map).graph
    links = {(s, c): data["link"] for s, c, data in graph.edges(data=True)}
    # The ED's tracker consumes Radiology's Imaging API (provided by the PACS) and depends on IT's SSO.
    assert links["radiology", "emergency-department"].declared_by == "customer"
    assert links["it-service-desk", "emergency-department"].declared_by == "customer"
    # IT says itself that Payroll depends on the SSO (dependencyOf): a link IT declares, with what it delivers.
    payroll = links["it-service-desk", "payroll"]
    assert payroll.declared_by == "supplier"
    assert payroll.delivers == "Payroll database, Single sign-on"
    assert set(links) == {("radiology", "emergency-department"), ("it-service-desk", "emergency-department"),
                          ("it-service-desk", "payroll"), ("it-service-desk", "radiology"),
                          ("radiology", "laboratory")}
    # So check still finds the supplier that does not know its customer.
    found = {(p.rule, p.supplier, p.customer) for p in chainmap.analyse(chain_map).findings}
    assert ("unrecognised-customer", "Radiology", "Emergency Department") in found
    assert not any(rule == "unrecognised-customer" and customer == "Payroll" for rule, _, customer in found)


def test_what_backstage_says_a_team_delivers_is_there_to_confirm(tmp_path):
    imported(tmp_path)
    radiology = (tmp_path / "teams" / "radiology.yaml").read_text(encoding="utf-8")
    assert "# Backstage says these teams use what you deliver." in radiology
    assert "#   - team: Emergency Department\n#     delivers: Imaging API (API)" in radiology
    emergency = (tmp_path / "teams" / "emergency-department.yaml").read_text(encoding="utf-8")
    assert "  - Radiology  # uses Imaging API (API)" in emergency
    assert "x-backstage: group:default/emergency" in emergency


def test_both_sides_writes_every_relation_as_a_link_of_the_supplier(tmp_path):
    _, chain_map = imported(tmp_path, "--both-sides")
    graph = chainmap.analyse(chain_map).graph
    link = graph.edges["radiology", "emergency-department"]["link"]
    assert (link.declared_by, link.delivers) == ("supplier", "Imaging API (API)")


def test_missing_owners_and_unknown_references_are_reported_not_fatal(tmp_path):
    result, _ = imported(tmp_path)
    components = FILES[[path.name for path in FILES].index("components.yaml")]
    warnings = [line for line in result.output.splitlines() if "warning[" in line]
    assert warnings == [
        f"{components}:21:1: warning[unknown-reference]: component:default/ed-tracker dependsOn "
        "component:bed-planner, which is not in the catalog: left out",
        f"{components}:35:1: warning[unknown-reference]: component:default/payroll-engine consumesApis hr-api, "
        "which is not in the catalog: left out",
        f"{components}:57:1: warning[no-owner]: component:default/orphan-script has no spec.owner: left out; "
        "give it an owner group, so chainmap knows which team delivers it",
        f"{components}:65:1: warning[unknown-owner]: component:default/lab-portal is owned by group:laboratory, "
        "which is not in the catalog; chainmap made a team of that name; add the Group to give it a department",
        f"{components}:75:1: warning[owner-without-group]: component:default/timesheets is owned by "
        "user:contractor, who is in no group of the catalog: left out; make a group its owner, or add the "
        "user's spec.memberOf",
    ]
    assert "wrote 5 team files" in result.output


def test_a_broken_catalog_file_is_an_error_with_its_place(tmp_path):
    bad = tmp_path / "catalog-info.yaml"
    bad.write_text("kind: Component\nmetadata:\n  name: x\n  title: [unclosed\n", encoding="utf-8")
    result = run("import", "backstage", bad, "-o", tmp_path / "teams")
    assert result.exit_code == EXIT_INVALID
    assert result.output.startswith(f"{bad}:5:1: error[yaml-syntax]:")
    assert not (tmp_path / "teams").exists()


def test_the_same_catalog_gives_the_same_files(tmp_path):
    imported(tmp_path)
    first = {path.name: path.read_bytes() for path in (tmp_path / "teams").iterdir()}
    result = run("import", "backstage", *FILES, "-o", tmp_path / "again")
    assert result.exit_code == 0
    assert {path.name: path.read_bytes() for path in (tmp_path / "again").iterdir()} == first
