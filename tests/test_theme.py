"""One theme registry (chainmap.theme): the choices on the command line, the colours on paper.

A facilitator who hands out the cards next to the report sees the same red for
"no feedback loop" on both, because both read it from the registry.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import pdftools
from chainmap.cli import main
from chainmap.theme import PAGE_THEMES, REPORT, THEMES, rgb

ROOT = Path(__file__).resolve().parent.parent
ACME = ROOT / "examples" / "acme"
AS_OF = "2026-11-22"


def colour_pixels(pdf: Path, colour: tuple, dpi: int = 100) -> int:
    """How many pixels, over every page, are exactly ``colour``."""
    from PIL import Image

    prefix = pdf.with_suffix("")
    pdftools.run("pdftoppm", "-png", "-r", dpi, pdf, prefix)
    count = 0
    for png in sorted(pdf.parent.glob(f"{prefix.name}-*.png")):
        colours = Image.open(png).convert("RGB").getcolors(1 << 24)
        count += sum(n for n, value in colours if value == colour)
    return count


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_theme_in_the_registry_is_a_choice_of_render(tmp_path, theme):
    out = tmp_path / f"{theme}.svg"
    result = CliRunner().invoke(main, ["render", str(ACME), "--theme", theme, "-o", str(out), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().lstrip().startswith((b"<?xml", b"<svg"))


def test_a_theme_the_registry_lacks_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["render", str(ACME), "--theme", "report", "-o", str(tmp_path / "x.svg")])
    assert result.exit_code == 2
    assert not (tmp_path / "x.svg").exists()


def test_the_page_themes_are_registry_themes():
    assert PAGE_THEMES and set(PAGE_THEMES) <= set(THEMES)
    assert "print" not in PAGE_THEMES, "the page swaps between screen themes"


def test_the_report_and_the_cards_print_no_feedback_in_the_same_colour(tmp_path):
    red = rgb(REPORT.links["no-feedback"].color)
    report = tmp_path / "report" / "payroll.pdf"
    report.parent.mkdir()
    result = CliRunner().invoke(main, ["report", str(ACME), "--team", "Payroll", "-o", str(report), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    cards = tmp_path / "cards" / "cards.pdf"
    cards.parent.mkdir()
    result = CliRunner().invoke(main, ["cards", str(ACME), "-o", str(cards), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    # The legend's line and the words "no feedback loop" on the report; the bar on a card.
    assert colour_pixels(report, red) > 20
    assert colour_pixels(cards, red) > 20
