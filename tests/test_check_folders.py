"""Which files `chainmap check` reads in a folder: every *.yaml/*.yml below it, hidden ones and links to folders left out."""

from __future__ import annotations

import os
import re

import pytest
from click.testing import CliRunner

from chainmap.cli import main

LOCATION = re.compile(r"^(?P<path>.+?):1:1: warning\[no-customers\]: (?P<team>.+) lists no customers")


def teams_checked(folder: str) -> dict[str, str]:
    """Each team `check` reads in ``folder`` (all of them have no customers), by the path it names."""
    result = CliRunner().invoke(main, ["check", folder, "--fail-on", "never", "--as-of", "2026-11-22"])
    assert result.exit_code == 0, result.output
    return {match["path"]: match["team"] for line in result.output.splitlines() if (match := LOCATION.match(line))}


@pytest.fixture
def tree(tmp_path, monkeypatch):
    for path, team in [("top.yaml", "Top"), ("sub/a.yml", "Alpha"), ("sub/deeper/b.yaml", "Beta"),
                       (".hidden/h.yaml", "Hidden"), ("sub/.secret.yaml", "Secret"), ("elsewhere/e.yaml", "Else")]:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(f"team: {team}\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("team: Not YAML\n", encoding="utf-8")
    if hasattr(os, "symlink"):
        (tmp_path / "sub" / "linked-folder").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
        (tmp_path / "sub" / "folder.yaml").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
        (tmp_path / "sub" / "link.yaml").symlink_to(tmp_path / "elsewhere" / "e.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_folder_is_read_all_the_way_down_without_hidden_files_or_links_to_folders(tree):
    expected = {"top.yaml": "Top", "sub/a.yml": "Alpha", "sub/deeper/b.yaml": "Beta", "elsewhere/e.yaml": "Else"}
    # A link to a file is read once, under its own name (the first in order): the same file given twice is read once.
    assert teams_checked(".") == expected
    assert teams_checked("./") == expected
    assert teams_checked(str(tree)) == {f"{tree}{os.sep}{path}": team for path, team in expected.items()}
    assert teams_checked("sub") == {"sub/a.yml": "Alpha", "sub/deeper/b.yaml": "Beta", "sub/link.yaml": "Else"}
