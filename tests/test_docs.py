"""The README and --help stay in sync with the code."""

from pathlib import Path

import click
from click.testing import CliRunner

from chainmap.cli import main
from chainmap.errors import EXIT_FINDINGS, EXIT_INVALID, EXIT_OK, EXIT_RENDER_FAILED
from chainmap.rules import RULES

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_documented():
    for name, command in main.commands.items():
        assert f"chainmap {name}" in README, name
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0 and "Examples:" in result.output
        for param in command.params:
            if isinstance(param, click.Option):
                for opt in param.opts + param.secondary_opts:
                    if opt not in ("-h", "--help"):
                        assert opt in README, f"{name} {opt} is not in the README"


def test_every_rule_is_documented_with_its_severity():
    for rule in RULES.values():
        assert f"| `{rule.id}` | {rule.severity} |" in README, rule.id


def test_exit_codes_are_documented():
    for code in (EXIT_OK, EXIT_FINDINGS, EXIT_INVALID, EXIT_RENDER_FAILED):
        assert f"\n| {code} |" in README


def test_the_two_setup_commands_are_in_the_readme():
    assert "pip install . && chainmap render examples/acme -o acme.svg" in README
    assert "pip install -e '.[test]' && pytest" in README


def test_help_does_not_import_heavy_modules():
    import subprocess
    import sys

    code = ("import sys; from chainmap.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('networkx', 'pygraphviz', 'yaml') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().endswith("[]")
