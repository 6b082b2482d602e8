"""The fonts chainmap ships (see README.md here): one text family and a monochrome emoji font.

PDFs embed them (``chainmap.pdf``); Graphviz finds them through a fontconfig
file that lists only this folder (``fontconfig_file``), so a drawing looks the
same on every machine, and on one with no fonts installed at all.  That file is
handed to Graphviz's own fontconfig once (``chainmap.render.graphviz``): the
process's ``FONTCONFIG_FILE`` is left alone.
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


_FOLDERS: list[str] = []


@atexit.register
def remove_temporary_files() -> None:
    """Remove the folder ``fontconfig_file`` made, if any; run when the process ends."""
    while _FOLDERS:
        shutil.rmtree(_FOLDERS.pop(), ignore_errors=True)
    fontconfig_file.cache_clear()


@functools.cache
def fontconfig_file() -> str:
    """Path of a fontconfig file that gives Graphviz chainmap's fonts, made once per process.

    It lives in a private temporary folder, removed when the process ends,
    together with links to the font files: fontconfig 2.13 (bundled with
    pygraphviz) writes a ``.uuid`` file into every font folder it scans, and
    that must not land in the installed package.
    """
    folder = tempfile.mkdtemp(prefix="chainmap-fonts-")
    _FOLDERS.append(folder)
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


def css_font_faces(text: str, family: str = "chainmap") -> str:
    """CSS ``@font-face`` rules embedding the bundled fonts, cut down to the characters of ``text``.

    For self-contained HTML that prints like the PDF: ``family`` (regular
    and bold) and ``family + "-emoji"``; list both in ``font-family``.  Only
    the glyphs ``text`` uses are kept, so the rules stay a few tens of kB.
    The same text gives the same CSS.
    """
    faces = [(family, "normal", REGULAR), (family, "bold", BOLD), (f"{family}-emoji", "normal", EMOJI)]
    rules = []
    for name, weight, path in faces:
        data = _subset(path, text)
        if data:
            rules.append(f'@font-face {{ font-family: "{name}"; font-weight: {weight}; font-style: normal; '
                         f'src: url(data:font/ttf;base64,{data}) format("truetype"); }}')
    return "\n".join(rules)


def _subset(path: Path, text: str) -> str:
    """The font at ``path`` with only the glyphs for ``text``, base64-encoded ("" if it has none)."""
    import base64
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), recalcTimestamp=False)  # keep the file's date: same text, same bytes
    cmap = font.getBestCmap()
    wanted = sorted({ord(char) for char in text if ord(char) in cmap})
    if not wanted:
        return ""
    options = subset.Options()
    options.name_IDs = ["*"]  # keep the copyright and licence entries
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: unknown to the subsetter, which warns
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode("ascii")
