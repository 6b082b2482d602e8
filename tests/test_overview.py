"""`render --overview` and `--department`: the organisation at a glance, drawn by the real Graphviz."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from chainmap.cli import main
from generated import crowded_department, generated_map

ROOT = Path(__file__).resolve().parent.parent
ACME = ROOT / "examples" / "acme"
AS_OF = "2026-11-22"
SVG = "{http://www.w3.org/2000/svg}"


def render(*args):
    return CliRunner().invoke(main, ["render", *map(str, args), "--as-of", AS_OF], catch_exceptions=False)


def elements(svg: str) -> dict[str, set[str]]:
    """Element id -> classes, for every <g> with an id and a class."""
    root = ET.fromstring(svg.encode("utf-8"))
    return {g.get("id"): set(g.get("class", "").split()) for g in root.iter(f"{SVG}g")
            if g.get("id") and g.get("class")}


def texts(svg: str, element_id: str) -> str:
    root = ET.fromstring(svg.encode("utf-8"))
    (g,) = [g for g in root.iter(f"{SVG}g") if g.get("id") == element_id]
    return " ".join(t.text or "" for t in g.iter(f"{SVG}text"))


def test_the_overview_has_one_box_per_department_and_one_arrow_per_pair():
    result = render(ACME, "--overview", "-f", "svg", "-o", "-")
    assert result.exit_code == 0, result.output
    found = elements(result.stdout)
    departments = {i for i, c in found.items() if "department" in c and "external" not in c}
    assert departments == {"department-facilities", "department-clinical-care", "department-corporate-services",
                           "department-diagnostics-pharmacy", "department-none"}
    assert "no-department" in found["department-none"]
    assert {"department", "external"} <= found["team-patients"]
    # No team of a department is drawn as a team.
    assert not any("team" in classes for classes in found.values())
    groups = {i: c for i, c in found.items() if "group" in c}
    # Facilities -> Clinical Care: 7 links, one stale: drawn as stale, and the label counts them.
    facilities = groups["group-department-facilities--department-clinical-care"]
    assert facilities == {"edge", "link", "group", "stale"}
    label = texts(result.stdout, "group-department-facilities--department-clinical-care")
    assert "7 links" in label and "1 STALE" in label and "6 healthy" in label
    # Each grouped link carries exactly one of the four states.
    for classes in groups.values():
        assert len(classes & {"no-feedback", "stale", "hearing-only", "healthy"}) == 1


def test_a_department_box_says_its_size_coverage_and_worst_finding():
    svg = render(ACME, "--overview", "-f", "svg", "-o", "-").stdout
    corporate = texts(svg, "department-corporate-services")
    assert "Corporate Services" in corporate
    assert "6 teams" in corporate and "with feedback" in corporate
    assert "first: no customers" in corporate


def test_department_draws_its_teams_and_collapses_the_rest():
    result = render(ACME, "--department", "corporate services", "-f", "svg", "-o", "-")
    assert result.exit_code == 0, result.output
    found = elements(result.stdout)
    teams = {i for i, c in found.items() if c == {"node", "team"}}
    assert teams == {"team-payroll", "team-hr-advisory", "team-it-service-desk", "team-communications",
                     "team-quality-and-safety", "team-patient-billing"}
    assert "department-clinical-care" in found and "department-corporate-services" not in found
    # A link between two of its teams is drawn with what it delivers, as on the detailed map.
    assert "Monthly salary cost overview" in texts(result.stdout, "group-team-payroll--team-hr-advisory")


def test_an_unknown_department_and_mixed_views_are_usage_errors():
    unknown = render(ACME, "--department", "Corporate Servces", "-f", "svg", "-o", "-")
    assert unknown.exit_code == 2
    assert "error[unknown-department]" in unknown.stderr and "did you mean 'Corporate Services'" in unknown.stderr
    mixed = render(ACME, "--overview", "--focus", "Payroll", "-f", "svg", "-o", "-")
    assert mixed.exit_code == 2 and "error[view]" in mixed.stderr
    # Nothing close: the error names the map's departments, in alphabetical order.
    nothing = render(ACME, "--department", "Nope", "-f", "svg", "-o", "-")
    assert nothing.exit_code == 2 and nothing.stdout == ""
    assert nothing.stderr.strip().endswith("the map's departments: Clinical Care, Corporate Services, "
                                           "Diagnostics & Pharmacy, Facilities")


def test_an_unknown_department_on_a_large_map_names_five_and_says_how_many(tmp_path):
    folder, _ = generated_map(tmp_path / "teams", departments=12, per_department=3)
    result = render(folder, "--department", "Nope", "-f", "svg", "-o", "-")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "Department 0, Department 1, Department 10, Department 11, Department 2, …" \
        " (12 in all: render --overview shows them)" in result.stderr


@pytest.mark.parametrize("fmt, signature", [("png", b"\x89PNG"), ("pdf", b"%PDF"), ("dot", b"digraph")])
def test_every_format_that_draws_has_the_overview(tmp_path, fmt, signature):
    out = tmp_path / f"overview.{fmt}"
    result = render(ACME, "--overview", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(signature)


def test_a_dense_overview_is_a_table_whose_cells_count_every_link(tmp_path):
    """12 departments that all deliver to each other: a row per department, a cell per pair."""
    teams, links = generated_map(tmp_path / "org", departments=12, per_department=25)
    result = render(teams, "--overview", "-f", "svg", "-o", "-")
    assert result.exit_code == 0, result.output
    found = elements(result.stdout)
    rows = {i for i, c in found.items() if "department" in c and "external" not in c}
    assert len(rows) == 12
    cells = {i: c for i, c in found.items() if "group" in c or "inside" in c}
    total = sum(int(texts(result.stdout, i).split()[0]) for i in cells)
    assert total == links  # every team link, once: between departments, inside them, to the end customers
    for element_id, classes in cells.items():
        assert len(classes & {"no-feedback", "stale", "hearing-only", "healthy"}) == 1
        if "group" in classes:
            assert element_id.startswith("group-department-")
    # A cell says its states in symbols, so the table reads without colour.
    assert any("\u2717" in texts(result.stdout, i) for i, c in cells.items() if "no-feedback" in c)


def test_the_table_of_a_5000_team_map_is_quick(tmp_path):
    """200 departments: the cells are placed by chainmap, not laid out by Graphviz."""
    teams, _ = generated_map(tmp_path / "org", departments=200, per_department=25)
    result = render(teams, "--overview", "-f", "dot", "-o", tmp_path / "overview.dot")
    assert result.exit_code == 0, result.output
    assert 'layout="nop"' in (tmp_path / "overview.dot").read_text(encoding="utf-8")
    svg = render(teams, "--overview", "-f", "svg", "-o", "-")
    assert svg.exit_code == 0
    assert len([i for i, c in elements(svg.stdout).items() if "department" in c and "external" not in c]) == 200


def test_same_input_gives_the_same_overview():
    first = render(ACME, "--overview", "-f", "svg", "-o", "-").stdout
    assert first == render(ACME, "--overview", "-f", "svg", "-o", "-").stdout


def test_a_team_with_a_hundred_customers_with_long_names_still_draws(tmp_path):
    """Graphviz fails on a tooltip line of about 16 KB: the list of customers is cut short."""
    names = [f"Customer {index:03d} " + "x" * 180 for index in range(100)]
    text = "team: Busy\ncustomers:\n" + "".join(f"  - team: {name}\n    external: true\n" for name in names)
    source = tmp_path / "busy.yaml"
    source.write_text(text, encoding="utf-8")
    result = render(source, "-f", "svg", "-o", "-")
    assert result.exit_code == 0, result.output
    assert re.search(r"and \d+ more", result.stdout)


def _box(svg: str, element_id: str) -> tuple[float, float, float, float]:
    """The left, top, right and bottom of a <g>'s first polygon or ellipse, in the SVG's units."""
    root = ET.fromstring(svg.encode("utf-8"))
    (g,) = [g for g in root.iter(f"{SVG}g") if g.get("id") == element_id]
    shape = next(s for s in g.iter() if s.tag in (f"{SVG}polygon", f"{SVG}path", f"{SVG}ellipse"))
    if shape.tag == f"{SVG}ellipse":
        cx, cy, rx, ry = (float(shape.get(k)) for k in ("cx", "cy", "rx", "ry"))
        return cx - rx, cy - ry, cx + rx, cy + ry
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape.get("points") or shape.get("d"))]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


DEPARTMENT_VIEW_MAP = {
    "buying.yaml": """\
team: Buying
department: Procurement
customers:
  - team: Contracts
    delivers: Signed supplier contracts
    feedback:
      - kind: review
        cadence: quarterly
        last: 2026-10-01
""",
    "stores.yaml": """\
team: Stores
department: Procurement
customers:
  - team: Contracts
    delivers: Stock counts
""",
    "contracts.yaml": """\
team: Contracts
department: Legal
customers:
  - team: Ward Support
    delivers: Contract advice
    feedback:
      - kind: conversation
        cadence: monthly
        last: 2026-11-10
  - team: Regulator
    delivers: Compliance statements
    external: true
""",
    "advice.yaml": """\
team: Advice
department: Legal
customers:
  - team: Contracts
    delivers: Case law notes
""",
    "ward-support.yaml": """\
team: Ward Support
department: Care
customers:
  - team: Patients
    delivers: Ward logistics
    external: true
""",
}


def test_a_department_view_frames_its_teams_between_who_delivers_and_who_receives(tmp_path):
    for name, text in DEPARTMENT_VIEW_MAP.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = render(tmp_path, "--department", "Legal", "-f", "svg", "-o", "-")
    assert result.exit_code == 0, result.output
    svg = result.stdout
    # Legal's teams stand inside one frame that names the department.
    root = ET.fromstring(svg.encode("utf-8"))
    frames = [g for g in root.iter(f"{SVG}g") if "cluster" in g.get("class", "").split()]
    assert len(frames) == 1 and "Legal" in " ".join(t.text or "" for t in frames[0].iter(f"{SVG}text"))
    frame = _box(svg, frames[0].get("id"))
    for team in ("team-contracts", "team-advice"):
        left, top, right, bottom = _box(svg, team)
        assert frame[0] <= left and right <= frame[2] and frame[1] <= top and bottom <= frame[3]
    # Procurement only delivers to Legal: it stands on the left; Care and the end customer,
    # who only receive from Legal, on the right.
    assert _box(svg, "department-procurement")[2] < frame[0]
    assert _box(svg, "department-care")[0] > frame[2]
    assert _box(svg, "team-regulator")[0] > frame[2]
    # Around the frame, a box says who it is, not what happens inside it (the overview's business).
    care = texts(svg, "department-care")
    assert "Care" in care and "1 team" in care and "inside" not in care and "first:" not in care
    assert "first:" not in texts(svg, "department-procurement")
    assert "first: no feedback loop" in texts(render(tmp_path, "--overview", "-f", "svg", "-o", "-").stdout,
                                              "department-procurement")


def test_a_department_with_many_neighbours_stands_between_columns_of_them(tmp_path):
    """40 departments deliver to Legal and 40 receive from it: each side stands in two columns, not one
    column four screens tall, and the departments with the most links stand nearest the frame."""
    result = render(crowded_department(tmp_path / "teams"), "--department", "Legal", "-f", "svg", "-o", "-")
    assert result.exit_code == 0, result.output
    svg = result.stdout
    frame = _box(svg, "clust1")
    boxes = {element: _box(svg, element) for element, classes in elements(svg).items() if "department" in classes}
    left = {element: box for element, box in boxes.items() if element.startswith("department-supplying")}
    right = {element: box for element, box in boxes.items() if element.startswith("department-receiving")}
    assert len(left) == len(right) == 40
    for side, outside in ((left, lambda box: box[2] < frame[0]), (right, lambda box: box[0] > frame[2])):
        assert all(outside(box) for box in side.values())
        columns = {}
        for element, box in side.items():
            columns.setdefault(round((box[0] + box[2]) / 2), []).append(element)
        assert len(columns) == 2 and all(len(column) == 20 for column in columns.values()), columns
    # The ten suppliers with a link to every Legal team stand in the column nearest the frame.
    nearest = max({round((box[0] + box[2]) / 2) for box in left.values()})
    assert all(round((left[f"department-supplying-{n}"][0] + left[f"department-supplying-{n}"][2]) / 2) == nearest
               for n in range(10))
