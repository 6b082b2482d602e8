"""A file's bytes as text: UTF-8 only, with a clear problem for anything else.

Binary files, UTF-16 and UTF-32 files, two byte order marks and bytes that are
not UTF-8 are each one problem, placed at the line and column (in characters,
as YAML's marks count them) where they start.
"""

from __future__ import annotations

from .errors import Problem
from .files import read_bytes

_UTF8_BOM = b"\xef\xbb\xbf"
# UTF-32 before UTF-16: the little-endian UTF-32 mark starts with UTF-16's.
_OTHER_ENCODINGS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
                    (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


def read_text(path: str, problems: list[Problem]) -> str | None:
    """The file's text, or None after adding a problem (unreadable, binary, not UTF-8).

    Only a regular file is opened: never a named pipe, device or socket.
    """
    data = read_bytes(path, problems)
    return None if data is None else decode_bytes(data, path, problems)


def decode_bytes(data: bytes, path: str, problems: list[Problem]) -> str | None:
    """A file's bytes as text, or None after adding a problem (another encoding, binary, not UTF-8).

    ``path`` is what the problems name: a file, or ``REV:path`` for a file read from git.
    """
    for mark, encoding in _OTHER_ENCODINGS:
        if data.startswith(mark):
            problems.append(Problem(path, 1, 1, "error", "encoding", f"file is {encoding}", "save it as UTF-8"))
            return None
    if data.startswith(_UTF8_BOM * 2):
        problems.append(Problem(path, 1, 1, "error", "encoding", "file starts with two byte order marks",
                                "remove the extra byte order mark (U+FEFF) at the start of the file"))
        return None
    if b"\x00" in data:
        line, col = _byte_position(data, data.index(b"\x00"))
        problems.append(Problem(path, line, col, "error", "binary",
                                "this is a binary file, not YAML text"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(data, exc.start)
        problems.append(Problem(path, line, col, "error", "encoding",
                                f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                                "save it as UTF-8"))
        return None


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters, like YAML's marks) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace"))
    return data.count(b"\n", 0, offset) + 1, column + 1
