"""Regenerate the README's screenshots of the interactive page (docs/workshop-*.png).

Needs the test extra (Playwright) and Debian's chromium:

    python docs/workshop_screenshots.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SHOTS = [
    # file name, language, view (the page's URL hash), what to hover
    ("workshop-focus.png", "en", "#focus=radiology", None),
    ("workshop-gaps.png", "en", "#gaps=1", "#link-emergency-department--general-practitioners text"),
    ("workshop-projector-nl.png", "nl", "#focus=payroll&projector=1", None),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pages = {}
        for lang in ("en", "nl"):
            pages[lang] = Path(tmp) / f"acme-{lang}.html"
            subprocess.run([sys.executable, "-m", "chainmap", "render", str(ROOT / "examples" / "acme"),
                            "-o", str(pages[lang]), "--as-of", "2026-11-22", "--lang", lang], check=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for name, lang, view, hover in SHOTS:
                page = browser.new_page(viewport={"width": 1600, "height": 900})
                page.goto(pages[lang].as_uri() + view)
                page.wait_for_selector("#canvas svg g.team")
                if hover:
                    page.hover(hover)
                page.wait_for_timeout(400)
                page.screenshot(path=str(ROOT / "docs" / name))
                page.close()
            browser.close()


if __name__ == "__main__":
    main()
