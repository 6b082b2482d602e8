"""The `chainmap` program as a real process: output, exit codes and clean-up survive its quick exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from chainmap.cli import main

ACME = Path(__file__).resolve().parents[1] / "examples" / "acme"
AS_OF = "2026-11-22"


def program(*args, env=None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chainmap", *map(str, args)], capture_output=True, text=True,
                          timeout=120, env=env, **kwargs)


def many_teams(directory: Path, count: int) -> Path:
    """``count`` team files, each serving the next, the last one the end customer: every link lacks feedback and an agreement."""
    directory.mkdir()
    for index in range(count):
        customer = f"Team {index + 1}" if index + 1 < count else "Clients\n    external: true"
        (directory / f"team-{index:04}.yaml").write_text(
            f"team: Team {index}\ncustomers:\n  - team: {customer}\n", encoding="utf-8")
    return directory


def test_a_long_check_report_reaches_a_pipe_whole(tmp_path):
    teams = many_teams(tmp_path / "teams", 400)
    in_process = CliRunner().invoke(main, ["check", str(teams), "--as-of", AS_OF])

    process = program("check", teams, "--as-of", AS_OF)

    assert process.returncode == 1  # no-feedback warnings
    assert process.stdout == in_process.stdout
    lines = process.stdout.splitlines()
    # no-feedback, no-agreement and no-need on each of the 400 links, and the summary
    assert len(lines) == 1201 and lines[-1].startswith("401 teams, 400 links")
    assert process.stderr == ""


def test_exit_codes_of_the_real_process(tmp_path):
    assert program("check", ACME, "--fail-on", "never", "--as-of", AS_OF).returncode == 0
    assert program("check", ACME, "--as-of", AS_OF).returncode == 1
    (tmp_path / "bad.yaml").write_text("team: [\n", encoding="utf-8")
    invalid = program("check", tmp_path / "bad.yaml")
    assert invalid.returncode == 2 and "error[yaml-syntax]" in invalid.stderr
    usage = program("render", ACME, "--theme", "neon")
    assert usage.returncode == 2 and "neon" in usage.stderr
    assert program("--version").returncode == 0


def test_render_leaves_no_temporary_fonts_behind(tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = dict(os.environ, TMPDIR=str(temporary))
    out = tmp_path / "acme.png"

    process = program("render", ACME, "-o", out, "--as-of", AS_OF, env=env)

    assert process.returncode == 0, process.stderr
    assert out.read_bytes().startswith(b"\x89PNG")
    assert list(temporary.iterdir()) == []


def test_help_loads_no_yaml_reader_graph_or_drawing_library():
    """`chainmap --help` (and every command's) is instant: it imports none of the heavy packages."""
    heavy = {"yaml", "networkx", "pygraphviz", "fpdf", "matplotlib", "openpyxl", "fontTools"}
    for args in (["--help"], ["check", "--help"], ["render", "--help"], ["serve", "--help"], ["diff", "--help"]):
        result = subprocess.run([sys.executable, "-X", "importtime", "-m", "chainmap", *args], capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 0 and "Usage:" in result.stdout
        imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in result.stderr.splitlines()
                    if line.startswith("import time:")}
        assert "chainmap" in imported and not imported & heavy, (args, imported & heavy)
