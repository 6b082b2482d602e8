"""Hints for YAML syntax errors, read from the text around libyaml's mark.

libyaml says what it could not parse ("mapping values are not allowed here");
a newcomer needs to know what to change.  Each rule below reads the lines
around the error and gives a hint only when the text shows the cause:

- a quoted or bracketed value not closed on its line: close it there;
- a quoted or bracketed value that goes on after its closing quote or
  bracket: quote the whole value;
- a plain value holding ': ', or starting with a character YAML reserves:
  quote it;
- a line indented differently from the list items or keys it belongs with:
  name both lines and how far each is indented.

libyaml's wording is never read, as it changes between releases; only the
positions of its marks are.  When the text does not show the cause, there is
no hint: none is better than a wrong one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A key's colon: followed by a space, a tab or the end of the line.
_KEY_COLON = re.compile(r":(?=[ \t]|$)")
_COMMENT = re.compile(r"[ \t]#")
# A plain key cannot start with these (a quoted key is read apart).
_NOT_KEY_START = frozenset("#'\"[]{},&*!|>%@`?:")
# A plain value cannot start with these: YAML reads them as something else.
_RESERVED_START = frozenset("@`%&*!|>?,]}")
_OPENERS = {'"': '"', "'": "'", "[": "]", "{": "}"}
_COUNTING = "counting its '- '"
# A block scalar's header: '|' or '>', indicators, perhaps a comment.
_BLOCK_HEADER = re.compile(r"[|>][0-9+-]*[ \t]*(?:#.*)?$")


@dataclass
class _Line:
    """One line of a block: ``indent``, then ``- ``, then ``key:``, then the value at ``value_at``."""

    text: str
    indent: int
    dashes: list[int]  # where each '- ' starts: a list item, or an item of a list in a list
    key_col: int | None
    colon: int | None
    value_at: int | None  # None on a line that is neither a key nor a list item


def _parse(text: str) -> _Line | None:
    """The parts of one line; None for a blank line or a comment."""
    indent = at = len(text) - len(text.lstrip(" "))
    if at == len(text) or text[at] == "#":
        return None
    dashes = []
    while text[at:at + 1] == "-" and text[at + 1:at + 2] in (" ", ""):
        dashes.append(at)
        at = _skip_spaces(text, at + 1)
    key_col = colon = None
    if at < len(text) and text[at] in "\"'":
        end = _closing_on_line(text, at)
        after = _skip_spaces(text, end) if end is not None else len(text)
        if end is not None and _KEY_COLON.match(text, after):
            key_col, colon = at, after
    elif at < len(text) and text[at] not in _NOT_KEY_START:
        found = _KEY_COLON.search(text, at)
        if found and found.start() < _comment_at(text, at):
            key_col, colon = at, found.start()
    if colon is not None:
        at = _skip_spaces(text, colon + 1)
    value_at = at if dashes or key_col is not None else None
    return _Line(text, indent, dashes, key_col, colon, value_at)


def _skip_spaces(text: str, at: int) -> int:
    while text[at:at + 1] == " ":
        at += 1
    return at


def _comment_at(text: str, at: int) -> int:
    """Where a comment starts on the line at or after ``at`` (the space before '#'), else the line's end."""
    found = _COMMENT.search(text, max(at - 1, 0))
    return found.start() if found else len(text)


def syntax_hint(lines: list[str], mark) -> str | None:
    """A hint for libyaml's error at ``mark`` (0-based ``line`` and ``column``), or None."""
    if mark is None:
        return None
    return (_unclosed_hint(lines, mark)
            or _continued_hint(lines, mark)
            or _colon_hint(lines, mark)
            or _reserved_start_hint(lines, mark)
            or _indent_hint(lines, mark))


# -- quoting ------------------------------------------------------------------------------------

def _quoted(value: str) -> str:
    """``value`` in quotes YAML reads back as the same text."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _with_value(line: _Line, value_end: int, new_value: str) -> str:
    """The line as it should read, from its first character, with its value replaced."""
    return line.text[line.indent:line.value_at] + new_value + line.text[value_end:].rstrip()


def _line_at(lines: list[str], number: int) -> _Line | None:
    """Line ``number`` (0-based) read by ``_parse``; None past the end, or for a blank line or a comment."""
    return _parse(lines[number]) if 0 <= number < len(lines) else None


def _closing_on_line(text: str, at: int) -> int | None:
    """Index just past the quote or bracket opened at ``text[at]``, if it closes on this line."""
    end = _closing([text], 0, at)
    return end[1] if end is not None else None


def _closing(lines: list[str], number: int, at: int) -> tuple[int, int] | None:
    """``(line, index just past)`` where the quote or bracket opened at ``lines[number][at]`` closes.

    None when the text ends first.  Brackets may hold quotes and more brackets;
    a comment ends a line outside quotes.
    """
    expected: list[str] = []  # closers still to come, innermost last
    quote = None
    opener_at = (number, at)
    while number < len(lines):
        text = lines[number]
        while at < len(text):
            char = text[at]
            before = text[at - 1] if at else " "
            if quote == '"':
                if char == "\\":
                    at += 1
                elif char == '"':
                    quote = None
            elif quote == "'":
                if char == "'" and text[at + 1:at + 2] == "'":
                    at += 1
                elif char == "'":
                    quote = None
            elif char in "\"'" and ((number, at) == opener_at or before in " \t,[{:"):
                quote = char
            elif char in "[{":
                expected.append(_OPENERS[char])
            elif char in "]}" and expected:
                expected.pop()
            elif char == "#" and before in " \t":
                break
            at += 1
            if quote is None and not expected:
                return number, at
        number, at = number + 1, 0
    return None


def _unclosed_hint(lines: list[str], mark) -> str | None:
    """A quote or bracket opened on an earlier line (or this one) that is still open at the error."""
    in_block_scalar = _block_scalar_lines(lines, mark.line)
    for number in range(min(mark.line, len(lines) - 1), -1, -1):
        line = _parse(lines[number])
        if line is None or line.value_at is None or number in in_block_scalar:
            continue
        if line.value_at >= len(line.text) or (number == mark.line and line.value_at >= mark.column):
            continue  # no value, or one after the error
        opener = line.text[line.value_at]
        if opener not in _OPENERS:
            continue
        end = _closing(lines, number, line.value_at)
        if end is not None and end[0] == number:
            continue  # closed on its own line
        if end is not None and end[0] < mark.line:
            return None  # a value over several lines, closed before the error
        if opener in "\"'":
            fixed = line.text[line.indent:].rstrip() + opener
            return (f"the quote opened on line {number + 1} is not closed on that line; "
                    f"put the whole value in quotes: {fixed}")
        what = "list" if opener == "[" else "mapping"
        return (f"the '{opener}' on line {number + 1} is not closed on that line; "
                f"end the {what} there with '{_OPENERS[opener]}'")
    return None


def _block_scalar_lines(lines: list[str], last: int) -> set[int]:
    """Lines up to ``last`` that are the text of a block scalar (``description: |``): not YAML structure."""
    inside: set[int] = set()
    parent = None  # the indentation the text of the open block scalar must exceed
    for number in range(min(last + 1, len(lines))):
        text = lines[number]
        if parent is not None:
            if not text.strip(" ") or len(text) - len(text.lstrip(" ")) > parent:
                inside.add(number)
                continue
            parent = None
        line = _parse(text)
        if line is not None and line.value_at is not None and _BLOCK_HEADER.match(text, line.value_at):
            parent = line.key_col if line.key_col is not None else line.indent
    return inside


def _continued_hint(lines: list[str], mark) -> str | None:
    """``delivers: "Monthly" report``: text goes on after the closing quote or bracket."""
    line = _line_at(lines, mark.line)
    if line is None or line.value_at is None or line.text[line.value_at:line.value_at + 1] not in _OPENERS:
        return None
    text = line.text
    closed = _closing_on_line(text, line.value_at)
    if closed is None or mark.column < closed:
        return None  # the error is inside the quotes or brackets
    value_end = _comment_at(text, closed)
    value = text[line.value_at:value_end].rstrip()
    if len(value) == closed - line.value_at:
        return None  # nothing after the closing quote but a comment
    if value[0] in "\"'" and value[-1] == value[0] and len(value) > 1:
        value = value[1:-1]  # meant as one quoted value with a quote inside
    return f"put the whole value in quotes: {_with_value(line, value_end, _quoted(value))}"


def _colon_hint(lines: list[str], mark) -> str | None:
    """``description: Social support: home care``: a plain value holding ': '."""
    line = _line_at(lines, mark.line)
    if line is None or line.colon is None or mark.column <= line.colon:
        return None
    text = line.text
    if not _KEY_COLON.match(text, mark.column) or text[line.value_at] in _OPENERS:
        return None
    value_end = _comment_at(text, line.value_at)
    if mark.column >= value_end:
        return None
    return f"put the value in quotes: {_with_value(line, value_end, _quoted(text[line.value_at:value_end].rstrip()))}"


def _reserved_start_hint(lines: list[str], mark) -> str | None:
    """``delivers: @home``: a plain value starting with a character YAML reserves."""
    line = _line_at(lines, mark.line)
    if line is None or line.value_at is None or mark.column < line.value_at:
        return None
    text = line.text
    value_end = _comment_at(text, line.value_at)
    value = text[line.value_at:value_end].rstrip()
    list_on_key_line = line.key_col is not None and value[:1] == "-" and value[1:2] in (" ", "")
    if not value or not (value[0] in _RESERVED_START or list_on_key_line):
        return None
    fixed = _with_value(line, value_end, _quoted(value))
    if list_on_key_line:
        return f"a list goes on the lines below its key, one '- ' item a line; for text, put it in quotes: {fixed}"
    return f"put the value in quotes: {fixed}"


# -- indentation --------------------------------------------------------------------------------

def _indent_hint(lines: list[str], mark) -> str | None:
    """A line indented unlike the list items or keys it should line up with."""
    line = _line_at(lines, mark.line)
    if line is None:
        return None
    if mark.column == line.indent:
        return _misaligned_hint(lines, mark.line, line)
    if mark.column == line.colon:
        return _under_a_value_hint(lines, mark.line, line)
    return None


def _open_blocks(lines: list[str], number: int):
    """Lists and mappings still open above line ``number``, and the line before it.

    Returns ``({indent: line}, {indent: line}, previous)``: for the list items
    and for the keys above, the nearest line at each indentation that no line
    in between is indented less than; ``previous`` is the nearest line that is
    neither blank nor a comment.
    """
    items: dict[int, int] = {}
    keys: dict[int, int] = {}
    previous = None
    lowest = None  # the least indentation of the lines in between
    for above in range(number - 1, -1, -1):
        line = _parse(lines[above])
        if line is None:
            continue
        if previous is None:
            previous = above
        for dash in line.dashes:
            if lowest is None or dash <= lowest:
                items.setdefault(dash, above)
        if line.key_col is not None and (lowest is None or line.key_col <= lowest):
            keys.setdefault(line.key_col, above)
        lowest = line.indent if lowest is None else min(lowest, line.indent)
        if lowest == 0 and 0 in keys:
            break
    return items, keys, previous


def _indented(number: int, indent: int) -> str:
    return f"line {number + 1} is indented {indent} space{'s' if indent != 1 else ''}"


def _misaligned_hint(lines: list[str], number: int, line: _Line) -> str | None:
    """The error is at the start of a line: compare it with the open list or mapping nearest in indentation."""
    items, keys, previous = _open_blocks(lines, number)
    if line.dashes:
        return _compare(number, line.indent, items, previous, lines, "item", "items of one list must line up")
    if line.key_col is None:
        return None
    if line.indent in items:
        item_line = items[line.indent]
        if line.text[line.indent] == "-":
            return f"put a space after the '-' on line {number + 1} to make it a list item"
        item = _parse(lines[item_line])
        if item.key_col is None:
            return _compare(number, line.indent, keys, previous, lines, "key", "keys of one mapping must line up")
        key = item.text[item.key_col:item.colon].rstrip()
        return (f"{_indented(number, line.indent)}, like the '-' on line {item_line + 1}, "
                f"but is not a list item; a key of that item must be indented {item.key_col}, "
                f"like '{key}' on line {item_line + 1}")
    return _compare(number, line.indent, keys, previous, lines, "key", "keys of one mapping must line up")


def _compare(number, indent, candidates, previous, lines, kind, rule) -> str | None:
    """Name the candidate nearest in indentation, or the two as near on either side; None if one lines up."""
    if not candidates or indent in candidates:
        return None
    distance = min(abs(other - indent) for other in candidates)
    nearest = sorted(other for other in candidates if abs(other - indent) == distance)
    # A key after '- ' is indented as far as the key, not the dash: say so.
    notes = {other: _COUNTING if kind == "key" and _parse(lines[candidates[other]]).dashes else ""
             for other in nearest}
    if len(nearest) == 2:
        both = " and ".join(f"{other} (line {candidates[other] + 1}{', ' + notes[other] if notes[other] else ''})"
                            for other in nearest)
        return f"{_indented(number, indent)} but the {kind}s above it are indented {both}; {rule}"
    (other_indent,) = nearest
    other = candidates[other_indent]
    which = f"the {kind} before it" if other == previous else f"an earlier {kind}"
    note = f" ({notes[other_indent]})" if notes[other_indent] else ""
    return f"{_indented(number, indent)} but line {other + 1}, {which}, is indented {other_indent}{note}; {rule}"


def _under_a_value_hint(lines: list[str], number: int, line: _Line) -> str | None:
    """A key or item indented more than the line above it, which ends in a plain value.

    YAML reads the line as more of that value, up to the key's colon, where it gives up.
    """
    previous = next((above for above in range(number - 1, -1, -1) if _parse(lines[above])), None)
    if previous is None:
        return None
    above = _parse(lines[previous])
    value = above.text[above.value_at:].strip() if above.value_at is not None else ""
    if not value or value[0] in _OPENERS or value[0] in _RESERVED_START or value[0] == "#":
        return None
    if line.dashes:
        if above.dashes and above.indent < line.indent:
            return _compare(number, line.indent, {above.indent: previous}, previous, lines,
                            "item", "items of one list must line up")
        return None
    if above.key_col is not None and above.key_col < line.indent:
        return _compare(number, line.indent, {above.key_col: previous}, previous, lines,
                        "key", "keys of one mapping must line up")
    if above.key_col is None and above.dashes and above.indent < line.indent:
        return (f"line {previous + 1} is a plain list item, so line {number + 1} cannot add keys to it; "
                "put the item's first key on the '- ' line and line the others up under it")
    return None
