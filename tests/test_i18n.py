"""Dutch and English: the catalogue is complete, and a diagram's reader sees the chosen language."""

import string
import struct
from pathlib import Path

import pytest
from click.testing import CliRunner

from chainmap.cli import main
from chainmap.i18n import LANGUAGES, cadence_text, catalogue, resolve_lang

ROOT = Path(__file__).resolve().parent.parent
ACME = str(ROOT / "examples" / "acme")
AS_OF = "2026-11-22"


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_exists_in_every_language_with_the_same_fields():
    for key, texts in catalogue().items():
        assert set(texts) == set(LANGUAGES), key
        assert all(texts[lang].strip() for lang in LANGUAGES), key
        assert fields(texts["en"]) == fields(texts["nl"]), key


@pytest.mark.parametrize("option, lang_env, expected", [
    ("nl", "en_GB.UTF-8", "nl"),
    (None, "nl_NL.UTF-8", "nl"),
    (None, "nl_BE", "nl"),
    (None, "de_DE.UTF-8", "en"),
    (None, "", "en"),
    (None, "C", "en"),
])
def test_language_comes_from_the_option_then_lang_then_english(option, lang_env, expected):
    assert resolve_lang(option, {"LANG": lang_env}) == expected


def test_cadences_read_naturally():
    assert cadence_text("quarterly", "nl") == "per kwartaal"
    assert cadence_text("6 weeks", "en") == "every 6 weeks"
    assert cadence_text("1 month", "nl") == "elke maand"
    assert cadence_text("3 Days", "nl") == "elke 3 dagen"


def render_dot(*args, env=None):
    result = CliRunner().invoke(main, ["render", ACME, "-f", "dot", "-o", "-", "--as-of", AS_OF, *args],
                                env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_dutch_legend_marks_and_tooltips():
    dot = render_dot("--lang", "nl")
    assert "Legenda" in dot and "GEEN FEEDBACKLUS" in dot and "ALLEEN HOREN" in dot
    assert "Plan een gesprek met" in dot and "eindklant" in dot
    assert "NO FEEDBACK LOOP" not in dot and "Legend<" not in dot


def test_lang_environment_variable_picks_dutch_and_the_option_wins():
    assert "GEEN FEEDBACKLUS" in render_dot(env={"LANG": "nl_NL.UTF-8"})
    assert "NO FEEDBACK LOOP" in render_dot("--lang", "en", env={"LANG": "nl_NL.UTF-8"})


def test_unknown_language_is_a_usage_error():
    result = CliRunner().invoke(main, ["render", ACME, "--lang", "de", "-o", "-"])
    assert result.exit_code == 2 and "'de' is not one of" in result.output


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_dpi_scales_png(tmp_path):
    sizes = {}
    for dpi in (None, 192):
        out = tmp_path / f"{dpi}.png"
        args = ["render", str(ROOT / "examples" / "team.yaml"), "-o", str(out), "--as-of", AS_OF]
        result = CliRunner().invoke(main, args + (["--dpi", str(dpi)] if dpi else []))
        assert result.exit_code == 0, result.output
        sizes[dpi] = png_size(out.read_bytes())
    width, height = sizes[None]
    assert sizes[192] == pytest.approx((2 * width, 2 * height), abs=4)


def test_dpi_on_a_vector_format_is_refused(tmp_path):
    out = tmp_path / "map.svg"
    result = CliRunner().invoke(main, ["render", ACME, "-o", str(out), "--dpi", "300"])
    assert result.exit_code == 2
    assert "--dpi applies to PNG only" in result.output and not out.exists()
