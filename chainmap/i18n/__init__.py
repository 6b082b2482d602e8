"""The words a reader of a diagram, page, card or report sees, in English and Dutch.

One keyed table, split by area (``diagram``, ``steps``, ...): each module in
this package holds ``MESSAGES = {"area.key": {"en": ..., "nl": ...}}``.
Texts are ``str.format`` templates; both languages of a key take the same
fields.  ``check`` output stays English.

>>> from chainmap.i18n import text
>>> text("state.no-feedback.mark", "nl")
'GEEN FEEDBACKLUS'
"""

from __future__ import annotations

import functools
import importlib
import os
import pkgutil

LANGUAGES = ("en", "nl")
DEFAULT_LANGUAGE = "en"


def resolve_lang(option: str | None = None, environ=None) -> str:
    """The language to use: ``option``, else the one ``LANG`` names, else English.

    ``LANG=nl_NL.UTF-8`` and ``LANG=nl_BE`` give Dutch; a language chainmap
    does not have gives English.
    """
    if option:
        if option not in LANGUAGES:
            raise ValueError(f"unknown language {option!r}; use one of: {', '.join(LANGUAGES)}")
        return option
    environ = os.environ if environ is None else environ
    code = (environ.get("LANG") or "").split(".")[0].split("_")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


@functools.cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every message of every area, keyed ``area.key``."""
    merged: dict[str, dict[str, str]] = {}
    for module in sorted(info.name for info in pkgutil.iter_modules(__path__)):
        for key, texts in importlib.import_module(f"{__name__}.{module}").MESSAGES.items():
            if key in merged:
                raise KeyError(f"message {key!r} is defined twice (in {module})")
            merged[key] = texts
    return merged


def text(key: str, lang: str = DEFAULT_LANGUAGE, /, **fields) -> str:
    """The message ``key`` in ``lang``, with ``fields`` filled in."""
    template = catalogue()[key][lang]
    return template.format(**fields) if fields else template


def translator(lang: str):
    """``text`` with the language fixed: ``t = translator("nl"); t("legend.title")``; ``t.lang`` is "nl"."""
    def translate(key: str, /, **fields) -> str:
        return text(key, lang, **fields)

    translate.lang = lang
    return translate


def next_step(problem, lang: str = DEFAULT_LANGUAGE) -> str:
    """A finding (a ``Problem`` from ``chainmap.rules``) phrased as what to do next."""
    key = f"step.{problem.rule}.{problem.variant}" if problem.variant else f"step.{problem.rule}"
    return text(key, lang, team=problem.team, supplier=problem.supplier, customer=problem.customer,
                teams=", ".join(problem.teams or ()), suggestion=problem.suggestion)


def number_text(value: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """A number (a score, a grade) as a reader sees it: ``8`` rather than ``8.0``; ``7.5`` stays,
    and Dutch writes a decimal comma: ``7,5``."""
    text = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return text.replace(".", ",") if lang == "nl" else text


def percent_text(value: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """``91.5%``, ``75%``; Dutch writes a decimal comma: ``91,5%``."""
    text = f"{value:.0f}%" if float(value).is_integer() else f"{value:.1f}%"
    return text.replace(".", ",") if lang == "nl" else text


def counted(number: int, noun: str) -> str:
    """``1 team``, ``26 teams``: for the command line's own lines, which stay English."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def kind_text(kind: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A feedback kind as a reader sees it (``review`` -> ``evaluatie`` in Dutch)."""
    return text(f"kind.{kind}", lang)


def cadence_text(cadence: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A cadence as a reader sees it: ``quarterly`` -> ``per kwartaal``, ``6 weeks`` -> ``elke 6 weken``."""
    from ..model import CADENCE_RE

    named = cadence.strip().lower()
    if f"cadence.{named}" in catalogue():
        return text(f"cadence.{named}", lang)
    match = CADENCE_RE.match(named)
    if not match:
        return cadence
    count, unit = int(match.group(1)), match.group(2)
    return text(f"cadence.{unit}", lang) if count == 1 else text(f"cadence.{unit}s", lang, n=count)
