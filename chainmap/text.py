"""Text from the YAML made safe to show: shown, escaped, never interpreted.

A name, a department, what a team delivers: all of it is written by people
into YAML, and YAML's double quotes can hold any character (``"\\e[2J"``,
``"\\0"``, ``"\\u202e"``).  Wherever such text goes, a terminal line
(``check``, ``chain``) or a document (reports, cards), it goes through
:func:`shown`, so a name can never recolour or clear a terminal, ring its
bell, reorder the text around it (the Unicode direction controls behind
"Trojan Source") or end a line early.  One rule, one form, everywhere::

    >>> shown("Pay\\x1b[31mroll\\u202e")
    'Pay\\\\x1b[31mroll\\\\u202e'

Each such character is shown as its escape, as Python writes it:
``\\x00``-``\\x1f``, ``\\x7f``-``\\x9f`` (C0, DEL and C1 controls; ``\\n``,
``\\r``, ``\\t`` by their names), ``\\u2028``/``\\u2029`` (line and
paragraph separators) and ``\\u061c``, ``\\u200e``, ``\\u200f``,
``\\u202a``-``\\u202e``, ``\\u2066``-``\\u2069`` (direction marks,
embeddings, overrides and isolates).  Everything else, accents, emoji and
their joiners included, is shown as it is.

In a document a line break or tab in a name is white space: it becomes a
space (:func:`document_text`); everything else follows the same rule.
"""

from __future__ import annotations

import re

# What a name must never bring along: control characters (C0, DEL, C1), the
# line and paragraph separators, the Unicode direction controls, and lone
# surrogates (which no encoder writes).
_OTHER = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
UNSAFE = "\x00-\x1f" + _OTHER
_UNSAFE = re.compile(f"[{UNSAFE}]")
# The same, but keeping the line breaks and tabs (\t \n \r) a document's own text is laid out with.
_UNSAFE_IN_LAYOUT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_OTHER}]")
# The same, but for the line breaks (\n) that join lines already shown.
_UNSAFE_BUT_BREAKS = re.compile(f"[\x00-\x09\x0b-\x1f{_OTHER}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_BREAKS = re.compile(r" *[\t\n\r]+ *")
# What json.dumps(..., ensure_ascii=False) leaves raw: all of UNSAFE but C0, which JSON escapes itself.
_UNSAFE_IN_JSON = re.compile(f"[{_OTHER}]")
# A numeric character reference (&#27; &#x1B;) in HTML or XML: a browser turns it into the character.
_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def escape_char(char: str) -> str:
    """The shown form of one unsafe character: ``\\n``, ``\\x1b``, ``\\u202e``."""
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def is_unsafe(char: str) -> bool:
    return bool(_UNSAFE.fullmatch(char))


def shown(text) -> str:
    """``text`` with every control, separator and direction character shown as its escape.

    For a terminal line: the result is one line that prints exactly as it reads.
    """
    text = str(text)
    return _UNSAFE.sub(_escape_match, text) if _UNSAFE.search(text) else text


def shown_lines(lines: list[str]) -> str:
    """``"\\n".join(shown(line) for line in lines)``: the lines :func:`shown`, one a line, looked
    through in one go when none holds an unsafe character (as is usual)."""
    text = "\n".join(lines)
    if text.count("\n") == len(lines) - 1 and not _UNSAFE_BUT_BREAKS.search(text):
        return text
    return "\n".join(shown(line) for line in lines)


def document_text(text) -> str:
    """``text`` for a document: line breaks and tabs as one space, other unsafe characters as in :func:`shown`."""
    text = str(text)
    if not _UNSAFE.search(text):
        return text
    return shown(_BREAKS.sub(" ", text))


def document_layout(text: str) -> str:
    """A whole document (or a text to lay out) made safe, keeping its own line breaks and tabs.

    The last line of defence of every writer: whatever reached the document
    without going through :func:`document_text` is shown, not interpreted.
    """
    return _UNSAFE_IN_LAYOUT.sub(_escape_match, text) if _UNSAFE_IN_LAYOUT.search(text) else text


def markup_layout(text: str) -> str:
    """An HTML or SVG document made safe: :func:`document_layout`, and numeric references to unsafe characters too.

    ``&#27;`` would give the browser the very character a name must not bring.
    """
    return _REFERENCE.sub(_reference, document_layout(text))


def json_text(dumped: str) -> str:
    """JSON from ``json.dumps(..., ensure_ascii=False)`` with the unsafe characters JSON leaves raw as ``\\uXXXX``.

    JSON escapes C0 controls itself; DEL, C1, the separators and the direction
    controls it writes as they are.  The result is the same JSON data (a
    reader gets the true string back), and prints safely.
    """
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def _escape_match(match) -> str:
    return escape_char(match.group())


def _reference(match) -> str:
    code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    if code > 0x10FFFF or code in (0x09, 0x0A, 0x0D):
        return match.group()
    char = chr(code)
    return escape_char(char) if is_unsafe(char) else match.group()
