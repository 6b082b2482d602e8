"""Regenerate the golden DOT files in tests/golden/ from examples/acme.

Run `python tests/regenerate_golden.py`, then review `git diff tests/golden`:
every change in the diagrams shows up there.
"""

import os
from pathlib import Path

from click.testing import CliRunner

from chainmap.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
CASES = {
    "acme.dot": [],
    "acme-focus-radiology-projector.dot": ["--focus", "Radiology", "--theme", "projector"],
    "acme-print-no-legend.dot": ["--theme", "print", "--no-legend"],
}

if __name__ == "__main__":
    GOLDEN.mkdir(exist_ok=True)
    os.chdir(ROOT)  # messages name files by the path given: keep it relative
    for name, args in CASES.items():
        result = CliRunner().invoke(main, ["render", "examples/acme", "-f", "dot", "-o", "-",
                                           "--as-of", "2026-11-22", *args])
        assert result.exit_code == 0, result.output
        (GOLDEN / name).write_text(result.stdout, encoding="utf-8")
        print(f"wrote tests/golden/{name}")
