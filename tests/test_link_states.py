"""Link states that listen: a current score never hides an overdue conversation.

Real YAML through the real CLI (`check`, `report`, `render`); the page's own numbers
are read from its data and from its filter bar in a real browser.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from chainmap.cli import main

AS_OF = "2026-11-22"

# Five links from one team, one of each situation a user met.
MAP = """\
organization: Gemeente Noord
teams:
  - team: Wijkteam
    department: Sociaal Domein
    description: Social support for residents
    customers:
      - team: Inwoners
        external: true
        delivers: Home care decisions
        agreement: https://intranet.example/sla/wijkteam
        feedback:
          - kind: survey
            cadence: weekly
            last: 2026-11-21
            score: 6
          - kind: conversation
            cadence: quarterly
            last: 2019-01-01
      - team: Openbare Ruimte
        delivers: Reports of unsafe streets
        agreement: https://intranet.example/sla/or
        feedback:
          - kind: tickets
            cadence: weekly
            last: 2026-11-20
      - team: Burgerzaken
        delivers: Address changes
        agreement: https://intranet.example/sla/bz
        feedback:
          - kind: nps
            cadence: monthly
            last: 2025-01-01
      - team: Jeugdzorg
        delivers: Case handovers
        agreement: https://intranet.example/sla/jz
        feedback:
          - kind: review
            cadence: monthly
      - team: Schuldhulp
        delivers: Referrals
        agreement: https://intranet.example/sla/sh
        feedback:
          - kind: conversation
            cadence: monthly
            last: 2026-11-01
  - team: Openbare Ruimte
    department: Fysiek Domein
    customers:
      - team: Inwoners
        external: true
        agreement: https://intranet.example/sla/or-inwoners
        feedback: [{kind: complaints, cadence: weekly, last: 2026-11-20}]
  - team: Burgerzaken
    department: Dienstverlening
    customers:
      - team: Inwoners
        external: true
        agreement: https://intranet.example/sla/bz-inwoners
        feedback: [{kind: conversation, cadence: monthly, last: 2026-11-02}]
  - team: Jeugdzorg
    department: Sociaal Domein
    customers:
      - team: Inwoners
        external: true
        agreement: https://intranet.example/sla/jz-inwoners
        feedback: [{kind: visit, cadence: monthly, last: 2026-11-02}]
  - team: Schuldhulp
    department: Sociaal Domein
    customers:
      - team: Inwoners
        external: true
        agreement: https://intranet.example/sla/sh-inwoners
        feedback: [{kind: nps, cadence: monthly, last: 2026-11-02, score: 9}]
"""


@pytest.fixture
def map_file(tmp_path) -> Path:
    path = tmp_path / "noord.yaml"
    path.write_text(MAP, encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(main, [*map(str, args)], catch_exceptions=False)


def link_classes(svg: str) -> dict[str, set[str]]:
    """Link element id -> its classes, from the SVG parsed as XML."""
    root = ET.fromstring(svg.encode("utf-8"))
    return {g.get("id"): set(g.get("class", "").split())
            for g in root.iter("{http://www.w3.org/2000/svg}g") if "link" in g.get("class", "").split()}


def check_json(path: Path) -> dict:
    result = run("check", path, "--format", "json", "--as-of", AS_OF, "--fail-on", "never")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def on_link(found: dict, rule: str, supplier: str, customer: str) -> list[dict]:
    return [f for f in found["findings"] if f["rule"] == rule and f["supplier"] == supplier
            and f["customer"] == customer]


def test_a_current_survey_does_not_hide_an_overdue_conversation(map_file):
    found = check_json(map_file)
    (finding,) = on_link(found, "hearing-only", "Wijkteam", "Inwoners")
    assert "only survey is current; the last conversation was 2019-01-01" in finding["message"]
    # The link is drawn as hearing only, not healthy.
    svg = run("render", map_file, "-f", "svg", "-o", "-", "--as-of", AS_OF).stdout
    assert "hearing-only" in link_classes(svg)["link-wijkteam--inwoners"]


def test_the_hint_fits_the_signal(map_file):
    found = check_json(map_file)
    (scored,) = on_link(found, "hearing-only", "Wijkteam", "Inwoners")
    assert scored["hint"] == "call back and ask why the score is a 6 and not a 9"
    (tickets,) = on_link(found, "hearing-only", "Wijkteam", "Openbare Ruimte")
    assert tickets["hint"] == "ask what is behind the tickets"
    assert "score" not in tickets["hint"]
    (complaints,) = on_link(found, "hearing-only", "Openbare Ruimte", "Inwoners")
    assert complaints["hint"] == "ask what is behind the complaints"
    (loyal,) = on_link(found, "hearing-only", "Schuldhulp", "Inwoners")
    assert "a 9" in loyal["hint"] and "7" not in loyal["hint"]


def test_an_overdue_score_is_stale_and_only_stale(map_file):
    found = check_json(map_file)
    assert len(on_link(found, "stale-feedback", "Wijkteam", "Burgerzaken")) == 1
    assert on_link(found, "hearing-only", "Wijkteam", "Burgerzaken") == []


def test_an_undated_loop_counts_as_current_but_is_reported(map_file):
    found = check_json(map_file)
    (undated,) = on_link(found, "undated-feedback", "Wijkteam", "Jeugdzorg")
    assert undated["severity"] == "info"
    assert "when did you last ask them?" in undated["hint"]
    # Its line is the loop's own line in the file.
    assert MAP.splitlines()[undated["line"] - 1].strip() == "- kind: review"
    assert on_link(found, "stale-feedback", "Wijkteam", "Jeugdzorg") == []
    assert on_link(found, "hearing-only", "Wijkteam", "Jeugdzorg") == []
    # Dated loops are not reported.
    assert [f["customer"] for f in found["findings"] if f["rule"] == "undated-feedback"] == ["Jeugdzorg"]


def test_report_page_and_check_count_the_same_links(map_file, tmp_path):
    """One map, one figure: the summary table, the gap list, the page and check agree."""
    found = check_json(map_file)
    per_rule = {}
    for finding in found["findings"]:
        per_rule[finding["rule"]] = per_rule.get(finding["rule"], 0) + 1

    svg = run("render", map_file, "-f", "svg", "-o", "-", "--as-of", AS_OF).stdout
    classes = link_classes(svg).values()
    drawn = {state: sum(state in c for c in classes) for state in ("no-feedback", "stale", "hearing-only", "healthy")}
    assert drawn == {"no-feedback": 0, "stale": 1, "hearing-only": 4, "healthy": 4}
    assert per_rule["hearing-only"] == drawn["hearing-only"]
    assert per_rule["stale-feedback"] == drawn["stale"]

    report = tmp_path / "report.md"
    assert run("report", map_file, "-o", report, "--as-of", AS_OF).exit_code == 0
    text = report.read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| (hearing only|stale|no feedback|healthy) \| (\d+) \|", text, re.M | re.I))
    assert int(table.get("hearing only") or table.get("Hearing only")) == drawn["hearing-only"]
    listed = re.search(r"^\*\*Hearing, not listening[^\n]*\((\d+)\)\*\*$", text, re.M)
    assert int(listed.group(1)) == drawn["hearing-only"]

    data = page_data(tmp_path, map_file)
    assert data["rules"]["hearing-only"]["count"] == drawn["hearing-only"]
    assert data["rules"]["stale-feedback"]["count"] == drawn["stale"]


def test_a_typo_names_the_team_whose_file_has_it(tmp_path):
    teams = tmp_path / "teams"
    teams.mkdir()
    (teams / "cardiology.yaml").write_text("team: Cardiology\ncustomers: [Patients]\n", encoding="utf-8")
    (teams / "laboratory.yaml").write_text(
        "team: Laboratory\ncustomers:\n  - team: Cardiolgy\n    delivers: Lab results\n", encoding="utf-8")
    (teams / "radiology.yaml").write_text(
        "team: Radiology\nsuppliers: [Cardiolgy]\ncustomers: [Patients]\n", encoding="utf-8")
    found = check_json(teams)
    typos = sorted((f["supplier"], f["team"], f["suggestion"], Path(f["file"]).name, f["line"])
                   for f in found["findings"] if f["rule"] == "possible-typo")
    assert typos == [("Laboratory", "Cardiolgy", "Cardiology", "laboratory.yaml", 3),
                     ("Radiology", "Cardiolgy", "Cardiology", "radiology.yaml", 2)]
    text = run("check", teams, "--as-of", AS_OF).stdout
    assert re.search(r"laboratory\.yaml:3:\d+: warning\[possible-typo\]: .*did you mean 'Cardiology'", text)
    # The page's next step carries the same suggestion, under the team that wrote the name.
    data = page_data(tmp_path, teams)
    steps = sorted((f["actors"], f["step"]) for f in data["findings"] if f["rule"] == "possible-typo")
    assert steps == [(["laboratory"], "Check the spelling of Cardiolgy in the file of Laboratory: "
                                      "did you mean Cardiology?"),
                     (["radiology"], "Check the spelling of Cardiolgy in the file of Radiology: "
                                     "did you mean Cardiology?")]


def page_data(tmp_path: Path, source: Path) -> dict:
    """The data the interactive page is built from, as written into the page."""
    page = tmp_path / "page.html"
    assert run("render", source, "-o", page, "--as-of", AS_OF).exit_code == 0
    return json.loads(re.search(r'<script type="application/json" id="chainmap-data">(.*?)</script>',
                                page.read_text(encoding="utf-8"), re.S).group(1))


def test_the_page_lists_each_next_step_once_under_the_team_that_acts(visit_page, tmp_path):
    """With nothing selected, steps are grouped by the supplier who acts, never repeated."""
    source = tmp_path / "map.yaml"
    source.write_text("""\
teams:
  - team: Wijkteam
    customers:
      - team: Openbare Ruimte
        agreement: x
      - team: Inwoners
        external: true
        agreement: x
        feedback: [{kind: survey, last: 2026-11-01}]
  - team: Stadsbeheer
    customers:
      - team: Openbare Ruimte
        agreement: x
      - team: Inwoners
        external: true
        agreement: x
        feedback: [{kind: nps, last: 2026-11-01}]
  - team: Openbare Ruimte
    customers:
      - team: Inwoners
        external: true
        need: x
        agreement: {where: x, approved: 2026-06-01}
        feedback: [{kind: conversation, last: 2026-11-01}]
""", encoding="utf-8")
    page = tmp_path / "page.html"
    assert run("render", source, "-o", page, "--as-of", AS_OF).exit_code == 0
    view = visit_page(page)
    groups = view.page.eval_on_selector_all(
        "#panel section.step-group",
        "els => els.map(el => [el.querySelector('h3').innerText,"
        " [...el.querySelectorAll('button.step')].map(b => b.innerText)])")
    by_team = {team: steps for team, steps in groups}
    assert set(by_team) == {"Wijkteam", "Stadsbeheer"}
    for team in ("Wijkteam", "Stadsbeheer"):
        steps = by_team[team]
        assert len(steps) == len(set(steps)), steps
        assert sum("Plan a conversation with Openbare Ruimte" in step for step in steps) == 1
        assert sum("Ask Inwoners what is behind their scores" in step for step in steps) == 1
    # The filter bar counts what check counts.
    chip = view.page.inner_text("#rules button[data-rule='hearing-only'] .count")
    assert chip == "2"


@pytest.fixture
def visit_page(browser):
    opened = []

    def open_page(path: Path):
        context = browser.new_context(viewport={"width": 1600, "height": 900})
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(path.as_uri())
        page.wait_for_selector("#panel section.step-group")
        opened.append((context, errors))

        class View:
            pass

        view = View()
        view.page = page
        return view

    yield open_page
    for context, errors in opened:
        context.close()
        assert errors == []
