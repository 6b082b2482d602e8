"""Regenerate the golden DOT and Mermaid files in tests/golden/ from examples/acme.

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
    "acme.mmd": [],
    "acme-focus-radiology.mmd": ["--focus", "Radiology"],
    "acme-focus-payroll-nl-print-no-legend.mmd": ["--focus", "Payroll", "--depth", "1", "--up", "2", "--lang", "nl",
                                                  "--theme", "print", "--no-legend", "--title", "Loonketen"],
}
# The format each golden file is written in, by its suffix.
FORMATS = {".dot": "dot", ".mmd": "mermaid"}

if __name__ == "__main__":
    GOLDEN.mkdir(exist_ok=True)
    os.chdir(ROOT)  # messages name files by the path given: keep it relative
    for name, args in CASES.items():
        fmt = FORMATS[Path(name).suffix]
        result = CliRunner().invoke(main, ["render", "examples/acme", "-f", fmt, "-o", "-",
                                           "--as-of", "2026-11-22", *args])
        assert result.exit_code == 0, result.output
        (GOLDEN / name).write_text(result.stdout, encoding="utf-8")
        print(f"wrote tests/golden/{name}")
