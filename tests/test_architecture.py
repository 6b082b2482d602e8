"""The code keeps its own shape: the layers in ARCHITECTURE.md, checked by import-linter.

The contracts live in pyproject.toml ([tool.importlinter]); a new import that runs
against the data flow, or click outside chainmap.cli, fails this test.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_module_of_the_package_is_in_a_layer():
    """A module missing from the layers would be checked by nothing."""
    try:
        import tomllib
    except ImportError:  # Python 3.10: the same parser, as pytest installs it
        import tomli as tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (layers,) = [c["layers"] for c in config["contracts"] if c["type"] == "layers"]
    named = {name.strip() for layer in layers for name in layer.split("|")}
    package = ROOT / "chainmap"
    top_level = {f"chainmap.{path.stem}" for path in package.glob("*.py") if path.stem not in ("__init__", "__main__")}
    top_level |= {f"chainmap.{path.parent.name}" for path in package.glob("*/__init__.py")}
    assert top_level - named == set()
