"""Themes: how teams and the four link states look (the registry is ``chainmap.theme``).

Kept so ``chainmap.render.theme.THEMES`` and friends stay where the drawing
modules and the command line import them from; every value lives in
``chainmap.theme``.
"""

from __future__ import annotations

from ..theme import DEFAULT, FONT, PAGE_THEMES, PRINT, PROJECTOR, REPORT, THEMES, LinkStyle, Theme

__all__ = ["DEFAULT", "FONT", "PAGE_THEMES", "PRINT", "PROJECTOR", "REPORT", "THEMES", "LinkStyle", "Theme"]
