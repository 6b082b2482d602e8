"""`chainmap example`: the example map and the template, for a user without a clone."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner

from chainmap.cli import main
from chainmap.errors import EXIT_INVALID

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"  # a symbolic link to chainmap/examples
AS_OF = "2026-11-22"


def run(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def yaml_files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*.yaml"))}


def refusal(folder: str) -> str:
    return (f"chainmap: error[output]: '{folder}' already exists and is not empty; "
            f"choose another folder, e.g. chainmap example {folder}-2\n")


def test_it_writes_the_example_map_and_the_template(tmp_path):
    result = run("example", tmp_path / "out")
    assert result.exit_code == 0, result.output
    written = yaml_files(tmp_path / "out")
    assert written == yaml_files(EXAMPLES)
    assert "team.yaml" in written and sum(name.startswith("acme/") for name in written) == 21
    assert sorted(os.listdir(tmp_path)) == ["out"]  # no temporary folder left behind
    assert result.stdout == ""
    assert result.stderr.startswith(f"wrote {tmp_path / 'out'}/: the Acme Health example (21 YAML files) "
                                    "and team.yaml, the template\n")


def test_it_writes_chainmap_example_here_by_default_and_says_what_next(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("example")
    assert result.exit_code == 0, result.output
    assert yaml_files(tmp_path / "chainmap-example") == yaml_files(EXAMPLES)
    assert result.stderr == (
        "wrote chainmap-example/: the Acme Health example (21 YAML files) and team.yaml, the template\n"
        "next: chainmap render chainmap-example/acme -o acme.svg\n"
        "      chainmap check chainmap-example/acme\n"
        "      cp chainmap-example/team.yaml teams/<your-team>.yaml\n")


def test_check_finds_the_same_in_the_written_map_as_in_the_repository(tmp_path):
    assert run("example", tmp_path / "out").exit_code == 0
    written = tmp_path / "out" / "acme"
    ours = run("check", written, "--as-of", AS_OF)
    theirs = run("check", EXAMPLES / "acme", "--as-of", AS_OF)
    assert ours.exit_code == theirs.exit_code == 1
    assert ours.output.replace(str(written), "ACME").splitlines() == \
        theirs.output.replace(str(EXAMPLES / "acme"), "ACME").splitlines()
    assert "ACME/payroll.yaml:" in ours.output.replace(str(written), "ACME")


def test_paths_through_the_examples_link_stay_as_given(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("check", "examples/acme", "--as-of", AS_OF)
    findings = [line for line in result.output.splitlines() if ": warning[" in line or ": info[" in line]
    assert findings and all(line.startswith("examples/acme/") for line in findings)


def test_the_written_template_has_no_errors(tmp_path):
    assert run("example", tmp_path / "out").exit_code == 0
    result = run("check", tmp_path / "out" / "team.yaml", "--as-of", AS_OF)
    assert result.exit_code in (0, 1), result.output
    assert "error[" not in result.output


def test_an_existing_empty_folder_is_fine(tmp_path):
    (tmp_path / "out").mkdir()
    result = run("example", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert yaml_files(tmp_path / "out") == yaml_files(EXAMPLES)
    assert sorted(os.listdir(tmp_path)) == ["out"]


def test_a_folder_that_is_not_empty_is_left_untouched(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "chainmap-example"
    (folder / "acme").mkdir(parents=True)
    (folder / "acme" / "payroll.yaml").write_text("team: Our own Payroll\n", encoding="utf-8")
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    result = run("example")
    assert result.exit_code == EXIT_INVALID
    assert result.stdout == ""
    assert result.stderr == refusal("chainmap-example")
    assert {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()} == before
    assert sorted(os.listdir(tmp_path)) == ["chainmap-example"]


def test_a_file_in_the_way_is_left_untouched(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("taken").write_text("mine\n", encoding="utf-8")
    Path("taken-2").mkdir()
    result = run("example", "taken")
    assert result.exit_code == EXIT_INVALID
    assert result.stderr == ("chainmap: error[output]: 'taken' already exists and is not a folder; "
                             "choose another folder, e.g. chainmap example taken-3\n")
    assert Path("taken").read_text(encoding="utf-8") == "mine\n"
    assert sorted(os.listdir(tmp_path)) == ["taken", "taken-2"]


def test_the_program_writes_and_then_refuses(tmp_path):
    command = [sys.executable, "-m", "chainmap", "example", "demo"]
    first = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    assert first.stderr.startswith("wrote demo/: ")
    assert yaml_files(tmp_path / "demo") == yaml_files(EXAMPLES)
    again = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert again.returncode == EXIT_INVALID
    assert (again.stdout, again.stderr) == ("", refusal("demo"))  # one line, no traceback
    assert yaml_files(tmp_path / "demo") == yaml_files(EXAMPLES)


def test_it_works_from_a_zip(tmp_path):
    """importlib.resources reads the examples from a zip as from a folder (or a wheel)."""
    archive = tmp_path / "chainmap.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted((ROOT / "chainmap").rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                zipped.write(path, path.relative_to(ROOT).as_posix())
    env = {**os.environ, "PYTHONPATH": str(archive)}
    code = "import chainmap, sys; print(chainmap.__file__); sys.argv[1:] = ['example', 'out']; chainmap.cli.run()"
    result = subprocess.run([sys.executable, "-c", "import chainmap.cli\n" + code], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(archive))
    assert yaml_files(tmp_path / "out") == yaml_files(EXAMPLES)


def test_the_package_data_holds_every_example():
    """Every YAML file in the repository's examples/ is in the installed package."""
    bundled = files("chainmap") / "examples"
    expected = [path.relative_to(EXAMPLES).as_posix() for path in sorted(EXAMPLES.rglob("*.yaml"))]
    assert len(expected) == 22
    for name in expected:
        resource = bundled.joinpath(*name.split("/"))
        assert resource.is_file(), f"{name} is not in the package"
        assert resource.read_bytes() == (EXAMPLES / name).read_bytes(), name


def test_pyproject_ships_every_example():
    """A wheel holds only what [tool.setuptools.package-data] names: every example must match it."""
    tomllib = pytest.importorskip("tomllib")
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["chainmap"]
    for path in sorted(EXAMPLES.rglob("*.yaml")):
        shipped = Path("examples", path.relative_to(EXAMPLES))
        assert any(shipped.match(pattern) and len(shipped.parts) == len(Path(pattern).parts)
                   for pattern in package_data), f"{shipped} is not in package-data"


def test_examples_is_a_link_to_the_package_copy():
    assert EXAMPLES.is_symlink() and os.readlink(EXAMPLES) == os.path.join("chainmap", "examples")
