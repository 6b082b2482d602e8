"""Reading PDFs in tests with poppler-utils (pdftotext, pdffonts, pdfimages, pdfinfo, pdftoppm).

CI installs poppler-utils (.ci/run): there a missing tool is a failure, elsewhere a skip.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest


def tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        assert not os.environ.get("CI"), f"{name} (poppler-utils) is missing in CI"
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return path


def run(name: str, *args) -> str:
    return subprocess.run([tool(name), *map(str, args)], capture_output=True, text=True, check=True).stdout


def text(pdf, *args) -> str:
    """The PDF's text in reading order (``-layout`` keeps columns apart)."""
    return run("pdftotext", *args, pdf, "-")


def pages_text(pdf) -> list[str]:
    """The text of each page."""
    return text(pdf).split("\f")[:-1]


def fonts(pdf) -> list[dict]:
    """pdffonts' table: one dict per font with name, type, emb."""
    rows = run("pdffonts", pdf).splitlines()[2:]
    found = []
    for row in rows:
        parts = row.split()
        # name type... encoding emb sub uni object-id generation: count from the right.
        found.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return found


def images(pdf) -> list[str]:
    """pdfimages -list rows (raster images in the PDF)."""
    return run("pdfimages", "-list", pdf).splitlines()[2:]


def page_count(pdf) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", pdf), re.M).group(1))


def words(pdf) -> list[tuple[int, float, float, float, float, str]]:
    """Every word with its page (from 1) and box in points: (page, x0, y0, x1, y1, word)."""
    html = run("pdftotext", "-bbox", pdf, "-")
    found, page = [], 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if match:
            import html as html_module

            x0, y0, x1, y1 = map(float, match.groups()[:4])
            found.append((page, x0, y0, x1, y1, html_module.unescape(match.group(5))))
    return found
