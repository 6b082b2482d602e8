"""chainmap render: the SVG contract, formats, focus, themes, legend, determinism, golden DOT."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from chainmap.cli import main

ROOT = Path(__file__).resolve().parent.parent
ACME = ROOT / "examples" / "acme"
GOLDEN = Path(__file__).resolve().parent / "golden"
AS_OF = "2026-11-22"
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
LINK_STATES = {"no-feedback", "stale", "hearing-only", "healthy"}

SMALL = """\
organization: Small & <Co>
teams:
  - team: Payroll
    department: Finance
    customers:
      - team: HR Advisory
        delivers: Monthly salary overview
        need: Correct contracts before the cut-off
        agreement: https://intranet.example/sla/payroll-hr
        feedback:
          - kind: review
            cadence: quarterly
            last: 2026-09-14
            score: 8
            note: With the HR lead
      - team: Employees
        external: true
        delivers: Salaries
        feedback: [{kind: survey, last: 2026-10-01}]
      - team: Finance Control
        feedback: [{kind: review, cadence: quarterly, last: 2025-01-01}]
      - Works Council
  - team: HR Advisory
    department: HR
    customers:
      - team: Employees
        external: true
        feedback: [{kind: conversation, last: 2026-11-01}]
"""


def run(*args, cwd=None):
    runner = CliRunner()
    result = runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result


def render_svg(tmp_path, *args, source=None) -> ET.Element:
    out = tmp_path / "map.svg"
    source = source or ACME
    result = run("render", source, "-o", out, "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.output
    return ET.parse(out).getroot()


def groups(root, cls):
    return [g for g in root.iter(f"{SVG_NS}g") if cls in g.get("class", "").split()]


def small_file(tmp_path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


# -- the SVG contract -----------------------------------------------------------


def test_every_link_has_link_class_and_exactly_one_state(tmp_path):
    root = render_svg(tmp_path)
    links = groups(root, "link")
    assert len(links) == 47  # every link of the acme map is drawn
    for link in links:
        states = LINK_STATES & set(link.get("class").split())
        assert len(states) == 1, link.get("class")
    assert {s for link in links for s in LINK_STATES & set(link.get("class").split())} == LINK_STATES


def test_link_states_match_the_findings(tmp_path):
    root = render_svg(tmp_path)
    by_id = {g.get("id"): set(g.get("class").split()) for g in groups(root, "link")}
    assert "no-feedback" in by_id["link-payroll--employees"]
    assert "no-feedback" in by_id["link-building-maintenance--cafe-catering"]
    assert "stale" in by_id["link-hr-advisory--payroll"]
    assert "hearing-only" in by_id["link-outpatient-clinics--patients"]
    assert "healthy" in by_id["link-radiology--emergency-department"]
    # A link known only from the customer's suppliers list is drawn, with no feedback.
    assert "no-feedback" in by_id["link-it-service-desk--emergency-department"]


def test_team_classes_and_stable_ids(tmp_path):
    root = render_svg(tmp_path)
    teams = {g.get("id"): set(g.get("class").split()) for g in groups(root, "team")}
    assert len(teams) == 26
    assert {"team"} <= teams["team-payroll"] and not {"external", "undescribed"} & teams["team-payroll"]
    assert {"team", "external", "undescribed"} <= teams["team-patients"]
    assert {"team", "undescribed"} <= teams["team-employees"]
    assert "external" not in teams["team-employees"]
    assert {"team", "undescribed"} <= teams["team-cardiolgy"]


def test_legend_samples_carry_no_data_classes(tmp_path):
    root = render_svg(tmp_path)
    text = " ".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))
    assert "Legend" in text and "no feedback loop" in text and "healthy" in text
    # Only real teams and links carry the classes: 26 teams and 47 links, nothing more.
    assert len(groups(root, "team")) == 26
    assert len(groups(root, "link")) == 47
    for cls in LINK_STATES:
        for g in groups(root, cls):
            assert g.get("id").startswith("link-")


def test_no_legend(tmp_path):
    root = render_svg(tmp_path, "--no-legend")
    text = " ".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))
    assert "Legend" not in text
    assert "Acme Health" in text  # the title stays


def test_title_from_organization_and_option(tmp_path):
    root = render_svg(tmp_path)
    assert "Acme Health" in " ".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))
    root = render_svg(tmp_path, "--title", "Onboarding: who we serve")
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))
    assert "Onboarding: who we serve" in texts and "Acme Health" not in texts


def tooltip(group) -> str:
    for anchor in group.iter(f"{SVG_NS}a"):
        if anchor.get(XLINK_TITLE):
            return anchor.get(XLINK_TITLE)
    return ""


def test_link_tooltip_shows_what_is_known(tmp_path):
    root = render_svg(tmp_path, source=small_file(tmp_path))
    link = next(g for g in groups(root, "link") if g.get("id") == "link-payroll--hr-advisory")
    tip = tooltip(link)
    assert "Payroll -> HR Advisory" in tip
    assert "Delivers: Monthly salary overview" in tip
    assert "Need: Correct contracts before the cut-off" in tip
    assert "Agreement: https://intranet.example/sla/payroll-hr" in tip
    assert "review, quarterly, last 2026-09-14, score 8" in tip
    stale = next(g for g in groups(root, "link") if g.get("id") == "link-payroll--finance-control")
    assert "stale-feedback" in tooltip(stale) and "(overdue)" in tooltip(stale)


def test_team_tooltip_shows_findings(tmp_path):
    root = render_svg(tmp_path, source=small_file(tmp_path))
    team = next(g for g in groups(root, "team") if g.get("id") == "team-works-council")
    tip = tooltip(team)
    assert "Works Council" in tip and "Not described yet" in tip and "undescribed" in tip
    payroll = next(g for g in groups(root, "team") if g.get("id") == "team-payroll")
    assert "Customers: HR Advisory, Employees, Finance Control, Works Council" in tooltip(payroll)


# -- formats and output -----------------------------------------------------------


@pytest.mark.parametrize("fmt, signature", [("svg", b"<?xml"), ("png", b"\x89PNG\r\n\x1a\n"),
                                            ("pdf", b"%PDF-"), ("dot", b"digraph chainmap {")])
def test_formats_by_extension(tmp_path, fmt, signature):
    out = tmp_path / f"acme.{fmt}"
    result = run("render", ACME, "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(signature)
    assert f"wrote {out}" in result.stderr
    assert "26 teams, 47 links, 4 without feedback" in result.stderr


def test_format_option_and_default_output_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("render", ACME, "-f", "png", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "acme.png").read_bytes().startswith(b"\x89PNG")
    result = run("render", ROOT / "examples" / "team.yaml", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "team.svg").exists()


def test_stdout_output(tmp_path):
    result = run("render", ACME, "-o", "-", "-f", "dot", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert result.stdout.startswith("digraph chainmap {")
    assert "wrote stdout" in result.stderr


def test_unknown_extension_is_a_usage_error(tmp_path):
    result = run("render", ACME, "-o", tmp_path / "map.jpeg")
    assert result.exit_code == 2
    assert "error[format]" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "map.jpeg").exists()


def test_pdf_has_the_names(tmp_path):
    import os
    import shutil
    import subprocess

    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        # CI installs poppler-utils (.ci/run): there, a missing tool is a failure, not a skip.
        assert not os.environ.get("CI"), "pdftotext (poppler-utils) is missing in CI"
        pytest.skip("pdftotext (poppler-utils) is not installed")

    out = tmp_path / "acme.pdf"
    assert run("render", ACME, "-o", out, "--as-of", AS_OF).exit_code == 0
    text = subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Café & Catering" in text and "NO FEEDBACK LOOP" in text and "Legend" in text


# -- focus ------------------------------------------------------------------------


def test_focus_draws_only_the_chain_around_a_team(tmp_path):
    root = render_svg(tmp_path, "--focus", "Radiology")
    teams = {g.get("id") for g in groups(root, "team")}
    # Radiology, its suppliers (1 up), customers (1) and their customers (2).
    assert "team-radiology" in teams
    assert {"team-it-service-desk", "team-patient-transport"} <= teams  # suppliers
    assert {"team-emergency-department", "team-surgery"} <= teams  # customers
    assert {"team-patients", "team-cardiology"} <= teams  # customers' customers
    assert "team-payroll" not in teams and "team-cafe-catering" not in teams
    focused = [g for g in groups(root, "focus")]
    assert [g.get("id") for g in focused] == ["team-radiology"]


def test_focus_depth_and_up(tmp_path):
    root = render_svg(tmp_path, "--focus", "radiology", "--depth", "1", "--up", "0")
    teams = {g.get("id") for g in groups(root, "team")}
    assert teams == {"team-radiology", "team-emergency-department", "team-surgery", "team-cardiology"}


def test_focus_matches_names_by_slug(tmp_path):
    root = render_svg(tmp_path, "--focus", "CAFÉ & catering")
    assert "team-cafe-catering" in {g.get("id") for g in groups(root, "focus")}


# -- themes -------------------------------------------------------------------------


def _font_sizes(root):
    return [float(t.get("font-size")) for t in root.iter(f"{SVG_NS}text") if t.get("font-size")]


def _stroke_widths(root, cls):
    widths = []
    for g in groups(root, cls):
        for path in g.iter(f"{SVG_NS}path"):
            widths.append(float(path.get("stroke-width", "1")))
    return widths


def test_projector_theme_has_larger_type_and_thicker_lines(tmp_path):
    default = render_svg(tmp_path, "--focus", "Radiology")
    projector = render_svg(tmp_path, "--focus", "Radiology", "--theme", "projector")
    assert max(_font_sizes(projector)) > max(_font_sizes(default))
    assert min(_font_sizes(projector)) >= 14
    assert min(_stroke_widths(projector, "link")) > min(_stroke_widths(default, "link"))


def test_print_theme_is_greyscale(tmp_path):
    root = render_svg(tmp_path, "--theme", "print")
    colours = set()
    for element in root.iter():
        for attribute in ("fill", "stroke"):
            value = element.get(attribute, "")
            if value.startswith("#") and len(value) == 7:
                colours.add(value)
    assert colours, "expected explicit colours"
    for colour in colours:
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert r == g == b, f"{colour} is not grey"


def test_link_states_differ_without_colour(tmp_path):
    root = render_svg(tmp_path, "--theme", "print")
    looks = {}
    for g in groups(root, "link"):
        state = (LINK_STATES & set(g.get("class").split())).pop()
        path = next(g.iter(f"{SVG_NS}path"))
        head = next(g.iter(f"{SVG_NS}polygon"))
        look = (path.get("stroke-dasharray"), path.get("stroke-width"), head.get("fill") == "none")
        looks.setdefault(state, set()).add(look)
    # Each state has one look, and no two states share it.
    assert all(len(v) == 1 for v in looks.values()), looks
    assert len({next(iter(v)) for v in looks.values()}) == 4


# -- escaping and determinism ---------------------------------------------------------------

HOSTILE = """\
team: '<script>alert(1)</script> & "Quotes" \\N back\\slash 🚀'
department: R&D <lab>
customers:
  - team: "Line\\nbreak"
    delivers: <b>bold</b> & \\G
  - team: Ünïcödé Team
"""


def test_hostile_names_render_literally(tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    root = render_svg(tmp_path, source=path)
    raw = (tmp_path / "map.svg").read_text(encoding="utf-8")
    assert "<script" not in raw and "<b>" not in raw
    name = '<script>alert(1)</script> & "Quotes" \\N back\\slash 🚀'
    team = next(g for g in groups(root, "team") if g.get("id").startswith("team-script-alert-1"))
    # The label wraps long words over lines; joined up, it is the name, literally.
    label = "".join(t.text or "" for t in team.iter(f"{SVG_NS}text"))
    assert label == name.replace(" ", "")  or label.replace(" ", "") == name.replace(" ", "")
    assert tooltip(team).startswith(name)
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))
    assert "&lt;" not in texts and "&amp;" not in texts  # escaped once, not twice
    assert "<b>bold</b> & \\G" in texts  # \G is not replaced by the graph name
    assert "R&D <lab>" in texts
    assert "Line" in texts and "break" in texts
    assert "Ünïcödé Team" in texts
    dot = run("render", path, "-f", "dot", "-o", "-").stdout
    # In HTML-like labels the name is escaped; it appears raw only inside quoted tooltips.
    without_tooltips = re.sub(r'tooltip="(?:[^"\\]|\\.)*"', "", dot)
    assert "<script" not in without_tooltips and "&lt;script&gt;" in dot


def test_same_input_gives_same_bytes(tmp_path):
    outputs = []
    for fmt in ("dot", "svg"):
        first = tmp_path / f"a.{fmt}"
        second = tmp_path / f"b.{fmt}"
        assert run("render", ACME, "-o", first, "--as-of", AS_OF).exit_code == 0
        assert run("render", ACME, "-o", second, "--as-of", AS_OF).exit_code == 0
        assert first.read_bytes() == second.read_bytes()
        outputs.append(first.read_bytes())
    assert outputs[0] != outputs[1]


@pytest.mark.parametrize("name, args", [
    ("acme.dot", []),
    ("acme-focus-radiology-projector.dot", ["--focus", "Radiology", "--theme", "projector"]),
    ("acme-print-no-legend.dot", ["--theme", "print", "--no-legend"]),
])
def test_golden_dot(monkeypatch, name, args):
    """DOT is chainmap's own text; regenerate with `python tests/regenerate_golden.py` and review the diff."""
    monkeypatch.chdir(ROOT)  # messages name files by the path given: keep it relative
    result = run("render", "examples/acme", "-f", "dot", "-o", "-", "--as-of", AS_OF, *args)
    assert result.exit_code == 0
    assert result.stdout == (GOLDEN / name).read_text(encoding="utf-8")


def test_svg_ids_are_unique(tmp_path):
    root = render_svg(tmp_path)
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    assert all(re.match(r"^[\w\-]+$", i) for i in ids)
