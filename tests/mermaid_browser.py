"""Mermaid's own parser and renderer in headless Chromium, to check chainmap's Mermaid output.

The Mermaid bundles come from npm (``tests/mermaid/package.json``, installed
by ``.ci/run`` with ``npm ci``); the browser is Debian's ``/usr/bin/chromium``,
driven by Playwright.  Nothing is fetched at run time: each bundle is loaded
from its file into an empty page.

Look at a drawing as a reader of a wiki would (PNG of the rendered SVG)::

    python tests/mermaid_browser.py acme.mmd /tmp/acme.png [--version 11] [--dark]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Mermaid versions checked: the oldest and newest that wikis run, and the one most run now.
VERSIONS = {"10": "mermaid-10", "11": "mermaid-11", "12": "mermaid"}
CHROMIUM = os.environ.get("CHAINMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def modules_dir() -> Path:
    """Where the npm packages are: ``$CHAINMAP_MERMAID_MODULES``, else tests/mermaid/node_modules."""
    return Path(os.environ.get("CHAINMAP_MERMAID_MODULES") or HERE / "mermaid" / "node_modules")


def bundle(version: str) -> Path:
    return modules_dir() / VERSIONS[version] / "dist" / "mermaid.min.js"


def missing() -> str | None:
    """Why Mermaid can't run here, or None when it can."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Python playwright is not installed (pip install -e '.[test]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    for version in VERSIONS:
        if not bundle(version).is_file():
            return f"no Mermaid bundle at {bundle(version)} (cd tests/mermaid && npm ci)"
    return None


class Browser:
    """One headless Chromium; ``page(version)`` gives a page with that Mermaid loaded.

    Pass ``browser`` to use one that is already running (the ``browser`` fixture):
    Playwright's sync API allows one running instance per thread.
    """

    def __init__(self, browser=None):
        self._given = browser

    def __enter__(self):
        self._pages: dict[str, MermaidPage] = {}
        if self._given is not None:
            self._browser = self._given
            return self
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        return self

    def __exit__(self, *exc):
        if self._given is not None:
            for mermaid_page in self._pages.values():
                mermaid_page.page.close()
            return
        self._browser.close()
        self._playwright.stop()

    def page(self, version: str, dark: bool = False) -> MermaidPage:
        key = f"{version}-{'dark' if dark else 'light'}"
        if key not in self._pages:
            page = self._browser.new_page(viewport={"width": 1400, "height": 900},
                                          color_scheme="dark" if dark else "light")
            page.set_content("<!doctype html><html><head><meta charset='utf-8'></head>"
                             f"<body style='margin:0;background:{'#0d1117' if dark else 'white'}'>"
                             "<div id='drawing'></div></body></html>")
            page.add_script_tag(path=str(bundle(version)))
            # What a wiki does: strict security (no scripts or clicks from the text),
            # and the dark theme on a dark page.
            page.evaluate("""(dark) => mermaid.initialize({startOnLoad: false, securityLevel: 'strict',
                                                            theme: dark ? 'dark' : 'default'})""", dark)
            self._pages[key] = MermaidPage(page, version)
        return self._pages[key]


class MermaidError(Exception):
    pass


class MermaidPage:
    def __init__(self, page, version: str):
        self.page = page
        self.version = version
        self._count = 0

    def parse(self, text: str) -> None:
        """Mermaid's parser on ``text``; raises MermaidError with Mermaid's message."""
        error = self.page.evaluate("""async (text) => {
            try { await mermaid.parse(text); return null; }
            catch (e) { return String(e && e.message || e); }
        }""", text)
        if error is not None:
            raise MermaidError(f"Mermaid {self.version} cannot parse the text: {error}")

    def render(self, text: str) -> str:
        """The SVG Mermaid draws for ``text``; it is also shown on the page."""
        self._count += 1
        result = self.page.evaluate("""async ([text, id]) => {
            try {
                const {svg} = await mermaid.render(id, text);
                document.getElementById('drawing').innerHTML = svg;
                return {svg};
            } catch (e) { return {error: String(e && e.message || e)}; }
        }""", [text, f"chainmap{self._count}"])
        if "error" in result:
            raise MermaidError(f"Mermaid {self.version} cannot draw the text: {result['error']}")
        return result["svg"]

    def shown_text(self) -> str:
        """The text a reader sees in the drawing on the page (labels, titles)."""
        return self.page.evaluate("""() => {
            const svg = document.querySelector('#drawing svg').cloneNode(true);
            svg.querySelectorAll('style').forEach((style) => style.remove());
            return svg.textContent;
        }""")

    def evaluate(self, script: str, arg=None):
        return self.page.evaluate(script, arg)

    def screenshot(self, path) -> None:
        """A PNG of the drawing at its natural size."""
        self.page.evaluate("""() => { const svg = document.querySelector('#drawing svg');
            const box = svg.viewBox.baseVal;
            svg.style.maxWidth = 'none'; svg.setAttribute('width', box.width); svg.setAttribute('height', box.height); }""")
        self.page.locator("#drawing svg").screenshot(path=str(path))


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Draw a Mermaid file to PNG with Mermaid in headless Chromium.")
    parser.add_argument("source")
    parser.add_argument("png")
    parser.add_argument("--version", choices=tuple(VERSIONS), default="11")
    parser.add_argument("--dark", action="store_true", help="dark page and Mermaid's dark theme, as in a dark wiki")
    args = parser.parse_args(argv)
    reason = missing()
    if reason:
        print(reason, file=sys.stderr)
        return 1
    text = Path(args.source).read_text(encoding="utf-8")
    with Browser() as browser:
        page = browser.page(args.version, dark=args.dark)
        page.render(text)
        page.screenshot(args.png)
    print(f"wrote {args.png} (Mermaid {args.version})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
