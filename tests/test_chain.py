"""chainmap chain: one team's chain as a tree in the terminal."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from chainmap.cli import main

ROOT = Path(__file__).resolve().parent.parent
ACME = ROOT / "examples" / "acme"
GOLDEN = Path(__file__).resolve().parent / "golden"
AS_OF = "2026-11-22"
ESCAPE = "\x1b["


def run(*args, env=None):
    return CliRunner().invoke(main, ["chain", *map(str, args)], env=env, catch_exceptions=False)


def chain(*args, source=ACME, env=None) -> str:
    result = run(*args[:1], source, "--as-of", AS_OF, *args[1:], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def in_terminal(*args, env_extra=None) -> str:
    """Run the real command with a pseudo-terminal as stdout, as a user at a terminal would."""
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update(env_extra or {})
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "chainmap", "chain", *map(str, args)], stdout=terminal,
                               stderr=subprocess.PIPE, env=env, cwd=ROOT)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closes when the command ends
            break
        if not chunk:
            break
        output += chunk
    os.close(controller)
    assert process.wait(timeout=60) == 0, process.stderr.read()
    return output.decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.glob("chain-*.txt")))
def test_chain_matches_golden_file(name):
    """Any change to the view shows up here; regenerate with tests/regenerate_golden.py."""
    from regenerate_golden import CHAIN_CASES

    team, *args = CHAIN_CASES[name]
    assert chain(team, *args) == (GOLDEN / name).read_text(encoding="utf-8")


def test_each_link_shows_its_state_and_what_is_delivered():
    lines = chain("Payroll").splitlines()

    assert lines[0] == "Payroll · Corporate Services"
    assert lines[1] == "├── HR Advisory  ✓ healthy · Monthly salary cost overview"
    assert lines[3] == "└── Employees (not described yet)  ✗ no feedback"
    assert lines[-1] == ("3 links in this chain: 1 without feedback, 1 stale, 0 hearing only, 1 healthy; "
                         "reaches no end customers")


def test_a_cycle_is_marked_once_and_not_followed():
    lines = chain("Payroll").splitlines()

    assert lines[2] == "│   └── ↺ back to Payroll (cycle)  ! stale · Contract changes before cut-off"
    assert sum("(cycle)" in line for line in lines) == 1
    assert len(lines) == 6


def test_a_team_reached_twice_is_shown_once_and_referred_back():
    text = chain("IT Service Desk")

    # Emergency Department: its customers once, the other paths say "see above".
    assert text.count("Emergency Department  ") == 1
    assert text.count("Emergency Department (see above)") == 2
    assert text.count("Chest-pain patients with ECG") == 1
    assert "├── Patient Billing (see above)  ✓ healthy · Billing system support" in text


def test_end_customers_are_marked_and_counted():
    text = chain("Outpatient Clinics")

    assert "├── Patients (end customer)  ~ hearing only · Appointments and consultations" in text
    assert text.rstrip().endswith("; reaches 3 end customers")


def test_depth_limits_the_levels_and_says_what_is_left_out():
    lines = chain("IT Service Desk", "--depth", "1").splitlines()

    assert lines[1] == "├── Radiology (3 customers not shown)  ✓ healthy · PACS workstations that work"
    assert all(line.startswith(("├── ", "└── ")) for line in lines[1:-2])
    assert lines[-1].endswith("; reaches no end customers within depth 1")


def test_depth_zero_shows_only_the_team():
    assert chain("Payroll", "--depth", "0").splitlines()[:2] == ["Payroll · Corporate Services",
                                                                 "└── 2 customers not shown"]


def test_up_adds_the_suppliers():
    text = chain("Payroll", "--up", "2")

    suppliers = text.split("Suppliers of Payroll (each delivers to the team above it)\n")[1]
    assert suppliers.splitlines()[:3] == [
        "├── HR Advisory  ! stale · Contract changes before cut-off",
        "│   └── ↺ back to Payroll (cycle)  ✓ healthy · Monthly salary cost overview",
        "└── IT Service Desk  ✓ healthy · Working payroll software",
    ]
    # Links shown in both trees are counted once.
    assert text.rstrip().splitlines()[-1].startswith("4 links in this chain: 1 without feedback, 1 stale")


def test_a_team_without_customers_or_suppliers_says_so(tmp_path):
    (tmp_path / "t.yaml").write_text("team: Lonely\ncustomers: []\n", encoding="utf-8")

    lines = chain("Lonely", "--up", "1", source=tmp_path / "t.yaml").splitlines()

    assert lines[:5] == ["Lonely", "└── no customers in the map", "", "Suppliers of Lonely (each delivers to the "
                         "team above it)", "└── no suppliers in the map"]


def test_the_team_is_found_by_id_or_any_spelling_of_its_name():
    assert chain("it-service-desk") == chain("IT SERVICE DESK") == chain("IT Service Desk")


def test_unknown_team_is_an_error_with_a_suggestion():
    result = run("Payrol", ACME)

    assert result.exit_code == 2
    assert result.stderr == ("chainmap: error[unknown-team]: no team called 'Payrol' in the map; "
                             "did you mean 'Payroll'?\n")
    assert result.stdout == ""


def test_invalid_input_is_reported_with_its_location(tmp_path):
    (tmp_path / "bad.yaml").write_text("team: A\ncustmers: []\n", encoding="utf-8")

    result = run("A", tmp_path / "bad.yaml")

    assert result.exit_code == 2
    assert "bad.yaml:2:1: error[unknown-key]" in result.stderr and "Traceback" not in result.output


def test_not_a_terminal_means_no_colour():
    assert ESCAPE not in chain("IT Service Desk")


def test_forced_colour_marks_the_states():
    import click

    text = chain("Payroll", "--color")

    assert click.style("✗ no feedback", fg="red", bold=True) in text
    assert click.style("! stale", fg="yellow") in text
    assert click.style("✓ healthy", fg="green") in text


def test_a_terminal_gets_colour():
    text = in_terminal("Payroll", "examples/acme", "--as-of", AS_OF)

    assert ESCAPE in text
    assert re.sub(r"\x1b\[[0-9;]*m", "", text) == (GOLDEN / "chain-payroll.txt").read_text(encoding="utf-8")


def test_no_color_is_respected_in_a_terminal():
    assert ESCAPE not in in_terminal("Payroll", "examples/acme", "--as-of", AS_OF, env_extra={"NO_COLOR": "1"})


def test_no_color_option_wins_in_a_terminal():
    assert ESCAPE not in in_terminal("Payroll", "examples/acme", "--as-of", AS_OF, "--no-color")


def test_ascii_terminal_gets_an_ascii_tree():
    result = subprocess.run([sys.executable, "-m", "chainmap", "chain", "Building Maintenance", "examples/acme",
                             "--as-of", AS_OF], capture_output=True, cwd=ROOT,
                            env={**os.environ, "PYTHONIOENCODING": "ascii"})

    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("ascii")  # fails on any byte that isn't ASCII
    assert text.splitlines()[:2] == ["Building Maintenance - Facilities",
                                     "|-- Surgery  + healthy - Working OR ventilation and power"]
    assert "`-- Caf? & Catering  x no feedback - Kitchen equipment repairs" in text


def test_names_cannot_send_control_codes_to_the_terminal(tmp_path):
    (tmp_path / "evil.yaml").write_text('team: "Evil\\e[2J\\nname"\ncustomers:\n  - "Caf\\u00e9 \\e]0;title\\a"\n',
                                        encoding="utf-8")

    text = chain("evil-2j-name", source=tmp_path / "evil.yaml")

    assert "\x1b" not in text and "\x07" not in text
    # As check shows them: each control character as its escape, the tree on its own lines.
    assert text.splitlines()[:2] == ["Evil\\x1b[2J\\nname",
                                     "└── Café \\x1b]0;title\\x07 (not described yet)  ✗ no feedback"]


def test_direction_controls_in_names_are_shown_not_obeyed(tmp_path):
    # U+202E would show the rest of the line backwards; U+2066..U+2069 and U+200F reorder it too.
    (tmp_path / "bidi.yaml").write_text('team: "Pay\\u202Eroll"\ncustomers:\n  - team: "Ward \\u2066x\\u2069"\n'
                                        '    delivers: "Meals\\u200F on time"\n', encoding="utf-8")

    text = chain("pay-roll", source=tmp_path / "bidi.yaml")

    assert not set(text) & {"\u202e", "\u2066", "\u2069", "\u200f"}
    assert text.splitlines()[:2] == [
        "Pay\\u202eroll", "└── Ward \\u2066x\\u2069 (not described yet)  ✗ no feedback · Meals\\u200f on time"]


def test_the_readme_example_is_current_output():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^\$ chainmap chain (Payroll examples/acme --up 1) --as-of (\S+)\n(.*?)^```$", readme,
                      re.M | re.S)

    team, source, *args = block.group(1).split()
    assert chain(team, *args, source=ROOT / source) == block.group(3)


def test_a_chain_thousands_of_teams_deep_is_shown_whole(tmp_path):
    """The walk keeps its own stack: 3,000 levels are more than Python's recursion limit."""
    lines = ["teams:"]
    for i in range(3000):
        lines += [f"  - team: T{i}", "    customers:", f"      - team: T{i + 1}"]
    path = tmp_path / "deep.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("T0", path, "--as-of", "2026-11-22", "--no-color")
    assert result.exit_code == 0
    output = result.stdout.splitlines()
    assert output[-1].startswith("3000 links in this chain: 3000 without feedback")
    # The team line, then one line a level: the deepest team on line 3,001, indented 2,999 times.
    assert "T3000" in output[3000] and "T2999" in output[2999]
