"""The fonts chainmap ships (see README.md here): one text family and a monochrome emoji font.

PDFs embed them (``chainmap.pdf``); Graphviz finds them through a fontconfig
file that lists only this folder (``fontconfig_file``), so a drawing looks the
same on every machine, and on one with no fonts installed at all.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

FONT_DIR = Path(__file__).resolve().parent

TEXT_FAMILY = "DejaVu Sans"
EMOJI_FAMILY = "Noto Emoji"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
EMOJI = FONT_DIR / "NotoEmoji-Regular.ttf"

# Every family a drawing asks for (Helvetica, Arial, sans-serif, Times...)
# becomes DejaVu Sans, with Noto Emoji last for the characters it lacks.
# Font directories must be absolute: the fontconfig bundled with pygraphviz
# reads prefix="relative" as relative to the working directory.  No cache
# directory: scanning three fonts takes milliseconds, and nothing is written
# to the user's cache.
_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- Written by chainmap: Graphviz may use chainmap's bundled fonts and no others. -->
<fontconfig>
  <dir>{font_dir}</dir>
  <match target="pattern">
    <edit name="family" mode="prepend" binding="strong"><string>{text}</string></edit>
    <edit name="family" mode="append_last"><string>{emoji}</string></edit>
  </match>
</fontconfig>
"""


def fontconfig_text(font_dir: str) -> str:
    """A fontconfig configuration that lists only the fonts in ``font_dir``."""
    return _FONTCONFIG.format(font_dir=escape(font_dir), text=TEXT_FAMILY, emoji=EMOJI_FAMILY)


@functools.cache
def fontconfig_file() -> str:
    """Path of a fontconfig file that gives Graphviz chainmap's fonts, made once per process.

    It lives in a private temporary folder, removed when the process ends,
    together with links to the font files: fontconfig 2.13 (bundled with
    pygraphviz) writes a ``.uuid`` file into every font folder it scans, and
    that must not land in the installed package.
    """
    folder = tempfile.mkdtemp(prefix="chainmap-fonts-")
    atexit.register(shutil.rmtree, folder, True)
    fonts = os.path.join(folder, "fonts")
    os.mkdir(fonts)
    for font in (REGULAR, BOLD, EMOJI):
        try:
            os.symlink(font, os.path.join(fonts, font.name))
        except OSError:  # no symbolic links (some Windows setups): copy
            shutil.copyfile(font, os.path.join(fonts, font.name))
    path = os.path.join(folder, "fonts.conf")
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(fontconfig_text(fonts))
    return path
