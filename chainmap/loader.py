"""Files and directories -> YAML documents with source positions.

Only plain YAML is read.  The document is built from libyaml's event stream
by our own small composer, so that we can:

- keep the line and column of every key and value for error messages,
- reject duplicate keys (PyYAML silently keeps the last one),
- reject tags other than the standard scalar and collection tags,
- stop alias bombs and absurd nesting early, with bounded memory, and
- report every problem in every file in one run.

That event composer is the reference.  Most team files are plain, though,
and two quicker readers build the same result for them:

- ``_lines`` reads the usual shape of a team file (block mappings and lists
  of one-line values) line by line, in a fraction of libyaml's time;
- for other plain documents libyaml composes the document in C and
  ``_NodeReader`` copies its nodes into our classes.

Each gives up on anything it does not read exactly as the event composer
does, so every problem is found and reported in one place.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode
from yaml.resolver import Resolver

from .errors import Problem
from .yaml_hints import syntax_hint

YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
# Values the aliases of one document may stand for, all together: an alias
# counts every value of what it repeats; values written out count only towards
# MAX_VALUES.  Real team files stay far below this; a "billion laughs" document
# hits it after a few levels.
MAX_EXPANDED_NODES = 1_000_000
# Values written in one document.  A map of 100,000 small teams holds about
# 600,000; the bound stops a file of millions of tiny values (`[a,a,a,...`)
# before it costs gigabytes, as the 20 MB limit alone would not.
MAX_VALUES = 1_000_000

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:merge",
}
_STR_TAG = "tag:yaml.org,2002:str"
_TAB_HINT = "indent with spaces: YAML does not allow tabs for indentation"


class Pos:
    """1-based line and column of a YAML node; ``raw`` is a scalar's text as written."""

    __slots__ = ("line", "col", "raw", "quoted")

    def __init__(self, line: int, col: int, raw: str | None = None, quoted: bool = False):
        self.line = line
        self.col = col
        self.raw = raw
        self.quoted = quoted

    def __repr__(self) -> str:
        return f"Pos({self.line}, {self.col})"


class YMap(dict):
    """A YAML mapping that remembers where it, its keys and its values were written."""

    __slots__ = ("pos", "key_pos", "value_pos")

    def __init__(self, pos: Pos):
        super().__init__()
        self.pos = pos
        self.key_pos: dict = {}
        self.value_pos: dict = {}


class YList(list):
    """A YAML sequence that remembers where it and each item were written."""

    __slots__ = ("pos", "item_pos")

    def __init__(self, pos: Pos):
        super().__init__()
        self.pos = pos
        self.item_pos: list[Pos] = []


@dataclass
class Document:
    path: str
    root: object
    pos: Pos


def find_files(paths, problems: list[Problem]) -> list[str]:
    """Expand files and directories into YAML file paths, in a stable order.

    A directory means every ``*.yaml``/``*.yml`` under it, recursively, in
    sorted order, skipping hidden folders.  A file is taken as it is.

    Only regular files are read: nothing else is ever opened, since opening a
    named pipe waits for a writer forever.  Given by name, anything else is an
    error (``not-a-file``); inside a directory it is skipped, and a warning
    (``warning[skipped]``, logged: a line on stderr unless logging is set up)
    names it without failing the run.
    """
    found: list[str] = []
    seen: set[str] = set()
    for given in paths:
        given = os.fspath(given)
        try:
            mode = os.stat(given).st_mode
        except (OSError, ValueError) as exc:  # ValueError: a NUL character in the path
            problems.append(_path_problem(given, exc))
            continue
        if stat.S_ISDIR(mode):
            skipped: list[tuple[str, str]] = []
            candidates = [(file, real) for _, file, real in sorted(_yaml_files_under(Path(given), skipped))]
            for file, kind in sorted(skipped):
                _warn(Problem(file, 0, 0, "warning", "skipped", f"not a regular file ({kind}), skipped",
                              "chainmap reads only regular files"))
            if not candidates:
                message = "directory has no *.yaml or *.yml files"
                if skipped:
                    message += (f" but {len(skipped)} that {'is' if len(skipped) == 1 else 'are'} "
                                "not a regular file (skipped)")
                problems.append(Problem(given, 0, 0, "error", "no-yaml-files", message))
        elif stat.S_ISREG(mode):
            candidates = [(given, os.path.realpath(given))]
        else:
            problems.append(_not_a_file(given, mode))
            continue
        # Files are told apart by their real path: the same file given twice is read once.
        for candidate, real in candidates:
            if real not in seen:
                seen.add(real)
                found.append(candidate)
    return found


def _warn(problem: Problem) -> None:
    """A warning about the input that does not stop the run, as one line.

    Logged, as a library should: with logging not set up (the ``chainmap``
    program, a plain script) Python prints just the line on stderr; an
    application that sets up logging gets it in its own log.
    """
    import logging

    logging.getLogger("chainmap").warning(problem.format())


_FILE_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
               (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def _file_kind(mode: int) -> str:
    return next((kind for test, kind in _FILE_KINDS if test(mode)), "a special file")


def _not_a_file(path: str, mode: int) -> Problem:
    return Problem(path, 0, 0, "error", "not-a-file", f"not a regular file ({_file_kind(mode)})",
                   "chainmap reads only regular files")


def _path_problem(path: str, exc: OSError | ValueError) -> Problem:
    """Why ``path`` cannot be reached: a missing file, a dangling link, a link loop..."""
    if isinstance(exc, ValueError):
        return Problem(path, 0, 0, "error", "missing-path", f"not a valid path ({exc})")
    if exc.errno == errno.ELOOP:
        return Problem(path, 0, 0, "error", "unreadable", _link_loop(path),
                       "point the link at a team file, or remove it")
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        try:
            target = os.readlink(path)
        except OSError:  # not a link (or no longer one)
            target = None
        if target is not None:
            return Problem(path, 0, 0, "error", "missing-path",
                           f"symbolic link to {target!r}, which does not exist",
                           "point the link at a team file, or remove it")
        return Problem(path, 0, 0, "error", "missing-path", "no such file or directory")
    return Problem(path, 0, 0, "error", "unreadable", exc.strerror or str(exc))


def _link_loop(path: str) -> str:
    """Which symbolic links go round: the link itself, or ``a.yaml -> b.yaml -> a.yaml``."""
    chain = [os.path.normpath(path)]
    for _ in range(40):  # the kernel gives up after 40 links too
        try:
            target = os.readlink(chain[-1])
        except OSError:  # a loop further up, in a folder of the path
            break
        following = os.path.normpath(os.path.join(os.path.dirname(chain[-1]), target))
        if following in chain:
            if following == chain[-1]:
                return "symbolic link points to itself"
            return "symbolic link loop: " + " -> ".join([*chain[chain.index(following):], following])
        chain.append(following)
    return "symbolic link loop: the path goes round in circles"


def _yaml_files_under(directory: Path, skipped: list):
    """``(path below directory in POSIX form, path, real path)`` of each YAML file, hidden ones skipped.

    Special files (named pipes, devices, sockets) are left out and added to
    ``skipped`` as ``(path, kind)``.
    """
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        folder = Path(root)
        below = folder.relative_to(directory).as_posix()
        # realpath() resolves every folder above a file: do that once per folder,
        # and per file only for a symbolic link.
        real_folder = os.path.realpath(folder)
        for name in files:
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                file = str(folder / name)
                link = False
                try:
                    mode = os.lstat(file).st_mode
                    link = stat.S_ISLNK(mode)
                    if link:
                        mode = os.stat(file).st_mode
                except OSError:
                    mode = None  # a dangling link, say: reading it reports why
                if mode is not None and not stat.S_ISREG(mode):
                    skipped.append((file, _file_kind(mode)))
                    continue
                real = os.path.realpath(file) if link else os.path.join(real_folder, name)
                yield (name if below == "." else f"{below}/{name}"), file, real


# Team files are a few kilobytes.  read(n) sets aside n bytes before reading,
# so reading MAX_FILE_BYTES + 1 at once would claim 20 MB for every file.
_FIRST_READ = 64 * 1024


# Opened without waiting, should a named pipe take the place of a file after
# the check (a pipe with no writer would block open() forever); binary, so that
# Windows never turns "\r\n" into "\n".
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)

_UTF8_BOM = b"\xef\xbb\xbf"
# UTF-32 before UTF-16: the little-endian UTF-32 mark starts with UTF-16's.
_OTHER_ENCODINGS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
                    (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


def read_text(path: str, problems: list[Problem]) -> str | None:
    """The file's text, or None after adding a problem (unreadable, binary, not UTF-8).

    Only a regular file is opened: never a named pipe, device or socket.
    """
    try:
        status = os.stat(path)
    except (OSError, ValueError) as exc:
        problems.append(_path_problem(path, exc))
        return None
    if not stat.S_ISREG(status.st_mode):
        problems.append(_not_a_file(path, status.st_mode))
        return None
    too_large = Problem(path, 0, 0, "error", "too-large",
                        f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if status.st_size > MAX_FILE_BYTES:
        problems.append(too_large)
        return None
    try:
        with os.fdopen(os.open(path, _OPEN_FLAGS), "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):  # replaced since the check above
                problems.append(_not_a_file(path, mode))
                return None
            data = handle.read(_FIRST_READ)
            if len(data) == _FIRST_READ:  # read() returns less only at the end of the file
                data += handle.read(MAX_FILE_BYTES + 1 - _FIRST_READ)
    except OSError as exc:
        problems.append(_path_problem(path, exc))
        return None
    if len(data) > MAX_FILE_BYTES:
        problems.append(too_large)
        return None
    return decode_bytes(data, path, problems)


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


# Characters YAML does not allow in a stream (YAML 1.1, 5.1): C0 controls but
# tab/newline/return, DEL, C1 controls but NEL, surrogates and U+FFFE/U+FFFF.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _control_character(text: str, path: str) -> Problem | None:
    match = _NOT_PRINTABLE.search(text)
    if match is None:
        return None
    offset = match.start()
    line_start = text.rfind("\n", 0, offset) + 1
    return Problem(path, text.count("\n", 0, offset) + 1, offset - line_start + 1, "error", "yaml-syntax",
                   f"invalid YAML: control character U+{ord(match.group()):04X} is not allowed",
                   "remove it; it is often pasted in by accident")


def load_documents(paths, problems: list[Problem]) -> list[Document]:
    """Read every YAML file under ``paths``; problems are appended, never raised."""
    documents = []
    for path in find_files(paths, problems):
        text = read_text(path, problems)
        if text is not None:
            document = parse_text(text, path, problems)
            if document is not None:
                documents.append(document)
    return documents


def parse_text(text: str, path: str, problems: list[Problem]) -> Document | None:
    """Parse one YAML text; None (with problems added) when it holds no usable document."""
    control = _control_character(text, path)
    if control is not None:
        problems.append(control)
        return None
    read = _read_lines(text)
    if read is not None:
        return Document(path, *read)
    return _compose_plain(text, path) or _compose_events(text, path, problems)


def _compose_events(text: str, path: str, problems: list[Problem]) -> Document | None:
    """Parse with our event composer, which finds and reports every problem."""
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)
    composer = _Composer(path, problems)
    try:
        while loader.check_event():
            if not composer.feed(loader.get_event()):
                break
    except yaml.MarkedYAMLError as exc:
        problems.append(_too_deep_before(text, exc, path) or _syntax_problem(path, exc, text))
        return None
    except yaml.YAMLError as exc:  # reader errors carry no problem_mark
        problems.append(_reader_problem(path, exc))
        return None
    finally:
        loader.dispose()
    if composer.failed:
        return None
    if not composer.documents or composer.documents[0][0] is None:
        problems.append(Problem(path, 1, 1, "error", "empty-file",
                                "file is empty", "describe one team (team: ...) or a map (teams: [...])"))
        return None
    if len(composer.documents) > 1:
        pos = composer.documents[1][1]
        problems.append(Problem(path, pos.line, pos.col, "error", "multiple-documents",
                                "file holds more than one YAML document",
                                "put one team per file, or a map with a teams: list"))
        return None
    root, pos = composer.documents[0]
    return Document(path, root, pos)


def _too_deep_before(text: str, exc: yaml.MarkedYAMLError, path: str) -> Problem | None:
    """Our ``too-deep`` when the text before libyaml's error nests deeper than MAX_DEPTH.

    libyaml has nesting limits of its own (1,000 levels since PyYAML 6.0.4), and in
    flow context its scanner reads ahead, so it can fail before a single event reaches
    our composer.  The text before the error holds less than libyaml's limit, so
    libyaml hands over its events and the composer finds where our bound is crossed.
    """
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None
    offset = 0
    for _ in range(mark.line):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            return None
    before = text[: offset + mark.column]
    found: list[Problem] = []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(before)
    composer = _Composer(path, found)
    try:
        while loader.check_event() and composer.feed(loader.get_event()):
            pass
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return next((problem for problem in found if problem.rule == "too-deep"), None)


def _syntax_problem(path: str, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    message = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.problem:
        message = f"{exc.problem} ({exc.context})"
    lines = text.splitlines()
    if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        message, hint = "a tab character where YAML expects spaces", _TAB_HINT
    else:
        # What to change, read from the text around the error (chainmap/yaml_hints.py).
        hint = syntax_hint(lines, mark)
    return Problem(path, line, col, "error", "yaml-syntax", f"invalid YAML: {message}", hint)


def _reader_problem(path: str, exc: yaml.YAMLError) -> Problem:
    line = col = 0
    text = str(exc).splitlines()
    message = getattr(exc, "reason", None) or (text[0] if text else "unreadable YAML")
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        line, col = mark.line + 1, mark.column + 1
    # Without a mark, libyaml gives only a byte offset; no position beats a wrong one.
    return Problem(path, line, col, "error", "yaml-syntax", f"invalid YAML: {message}")


class _Composer:
    """Builds YMap/YList/scalar values from parser events, iteratively."""

    def __init__(self, path: str, problems: list[Problem]):
        from yaml.resolver import Resolver

        self.path = path
        self.problems = problems
        self.resolver = Resolver()
        self.documents: list[tuple[object, Pos]] = []
        self.failed = False
        self._reset()

    def _reset(self):
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[object, int]] = {}
        self.expanded = 0
        self.values = 0
        self.root = None
        self.root_pos = None

    def _problem(self, pos: Pos, rule: str, message: str, hint: str | None = None):
        self.problems.append(Problem(self.path, pos.line, pos.col, "error", rule, message, hint))

    def feed(self, event) -> bool:
        """Handle one event; False to stop reading this file."""
        kind = _EVENT_KINDS.get(event.__class__)
        if kind is None:  # stream start and end
            return True
        mark = event.start_mark
        pos = Pos(mark.line + 1, mark.column + 1)
        if kind == "scalar":
            return self._add(self._scalar(event, pos), 1, pos, event.anchor)
        if kind == "start":
            if len(self.stack) >= MAX_DEPTH:
                self._problem(pos, "too-deep", f"nesting deeper than {MAX_DEPTH} levels",
                              "a team file needs only a few levels")
                self.failed = True
                return False
            kind = "mapping" if isinstance(event, yaml.MappingStartEvent) else "list"
            if not self._tag_ok(event.tag, pos) or not self._tag_fits(event.tag, kind, pos):
                self.failed = True
            container = YMap(pos) if kind == "mapping" else YList(pos)
            self.stack.append(_Frame(container, event.anchor))
            return True
        if kind == "end":
            frame = self.stack.pop()
            if frame.merges:
                self._apply_merges(frame.container, frame.merges)
            return self._add(frame.container, frame.size, frame.container.pos, frame.anchor)
        if kind == "alias":
            if event.anchor not in self.anchors:
                self._problem(pos, "yaml-syntax", f"invalid YAML: unknown alias '*{event.anchor}'",
                              "no &anchor of that name comes before it; to write text that starts with '*', "
                              "put the whole value in quotes")
                self.failed = True
                return False
            value, size = self.anchors[event.anchor]
            # Only aliases multiply a document: each counts all it stands for.
            # What is written out has its own bound (MAX_VALUES); counting it
            # here too would turn a big map into a false alarm.
            self.expanded += size
            if self.expanded > MAX_EXPANDED_NODES:
                self._problem(pos, "alias-bomb",
                              f"document expands to more than {MAX_EXPANDED_NODES:,} values through aliases",
                              "remove the nested &anchors and *aliases")
                self.failed = True
                return False
            return self._add(value, size, pos)
        if kind == "document-start":
            self._reset()
            self.root_pos = pos
        elif kind == "document-end":
            self.documents.append((self.root, self.root_pos))
        return True

    def _add(self, value, size: int, pos: Pos, anchor: str | None = None) -> bool:
        """Put a value into the open container; ``size`` counts the values in it, aliases expanded."""
        self.values += 1
        if self.values > MAX_VALUES:
            self._problem(pos, "too-large", f"document holds more than {MAX_VALUES:,} values",
                          "split the map into several files, such as one file per team")
            self.failed = True
            return False
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        if not self.stack:
            self.root = value
            self.root_pos = pos
            return True
        frame = self.stack[-1]
        frame.size += size
        container = frame.container
        if isinstance(container, YList):
            container.append(value)
            container.item_pos.append(pos)
            return True
        if frame.key is _NO_KEY:
            frame.key = self._key(value, pos)
            frame.key_pos = pos
            return True
        key, key_pos = frame.key, frame.key_pos
        frame.key = _NO_KEY
        if key is _MERGE:
            frame.merges.append((value, pos))
        elif key is _BAD_KEY:
            pass
        elif key in container:
            first = container.key_pos[key]
            self._problem(key_pos, "duplicate-key",
                          f"duplicate key '{key}' (first at line {first.line})",
                          "YAML keeps only one of them: remove or rename the other")
        else:
            container[key] = value
            container.key_pos[key] = key_pos
            container.value_pos[key] = pos
        return True

    def _key(self, value, pos: Pos):
        if isinstance(value, (YMap, YList)):
            self._problem(pos, "wrong-type", "a key must be plain text, not a mapping or list")
            return _BAD_KEY
        if pos.raw == "<<" and not pos.quoted:
            return _MERGE
        if isinstance(value, str):
            return value
        # yes:, 1:, null: and the like are keys too; keep them as written.
        return pos.raw if pos.raw is not None else str(value)

    def _apply_merges(self, container: YMap, merges):
        for value, pos in merges:
            sources = value if isinstance(value, YList) else [value]
            for source in sources:
                if not isinstance(source, YMap):
                    self._problem(pos, "wrong-type", "'<<' merges mappings only")
                    continue
                for key, item in source.items():
                    if key not in container:
                        container[key] = item
                        container.key_pos[key] = source.key_pos[key]
                        container.value_pos[key] = source.value_pos[key]

    def _tag_ok(self, tag: str | None, pos: Pos) -> bool:
        if tag is None or tag == "!" or tag in _STANDARD_TAGS:
            return True
        shown = "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
        if "python/" in tag:
            message = f"YAML tag '{shown}' is not allowed: chainmap never runs code from its input"
        else:
            message = f"YAML tag '{shown}' is not supported"
        self._problem(pos, "unsafe-tag", message, "remove the tag; chainmap reads plain YAML only")
        return False

    def _tag_fits(self, tag: str | None, kind: str, pos: Pos, value=None) -> bool:
        misfit = tag_misfit(tag, kind, value)
        if misfit:
            shown = "!!" + tag[len("tag:yaml.org,2002:"):]
            self._problem(pos, "bad-tag", f"YAML tag '{shown}' does not fit here: {misfit}",
                          "remove the tag; chainmap reads plain values")
        return misfit is None

    def _scalar(self, event, pos: Pos):
        value = event.value
        pos.raw = value
        pos.quoted = event.style in ("'", '"')
        tag = event.tag
        if tag is not None and tag != "!":
            if not self._tag_ok(tag, pos) or not self._tag_fits(tag, "scalar", pos, value):
                self.failed = True
                return value
        elif pos.quoted or (value[:1] not in _IMPLICIT_FIRST and value != ""):
            # Most values are text starting with a letter no implicit type can
            # start with: skip the resolver's regular expressions.
            return value
        else:
            tag = self.resolver.resolve(ScalarNode, value, event.implicit)
        if tag == _STR_TAG or tag == "!":
            return event.value
        return _typed_scalar(ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style))


_SCALAR_TAGS = {"tag:yaml.org,2002:bool": "a boolean", "tag:yaml.org,2002:int": "a whole number",
                "tag:yaml.org,2002:float": "a number", "tag:yaml.org,2002:null": "null",
                "tag:yaml.org,2002:timestamp": "a date"}
_COLLECTION_TAGS = {"tag:yaml.org,2002:map": "a mapping", "tag:yaml.org,2002:seq": "a list"}
_KIND_WORDS = {"scalar": "a single value", "mapping": "a mapping", "list": "a list"}


def tag_misfit(tag: str | None, kind: str, value=None) -> str | None:
    """Why a standard ``tag`` does not fit a node, or None when it does.

    ``kind`` is ``scalar``, ``mapping`` or ``list``.  ``!!bool foo`` or
    ``!!int ''`` would make PyYAML's constructors crash, and ``!!seq`` on a
    mapping means nothing: all are input errors, not values.
    """
    if tag in _COLLECTION_TAGS:
        fits = _COLLECTION_TAGS[tag] == _KIND_WORDS[kind]
        return None if fits else f"{_KIND_WORDS[kind]} is not {_COLLECTION_TAGS[tag]}"
    if tag not in _SCALAR_TAGS:
        return None
    if kind != "scalar":
        return f"{_KIND_WORDS[kind]} is not {_SCALAR_TAGS[tag]}"
    resolved = _RESOLVER.resolve(ScalarNode, value, (True, False))
    if resolved == tag or (tag == "tag:yaml.org,2002:float" and resolved == "tag:yaml.org,2002:int"):
        return None
    return f"{value!r} is not {_SCALAR_TAGS[tag]}"


_CONSTRUCTOR = SafeConstructor()
_RESOLVER = Resolver()
# First characters of the texts an implicit type (bool, int, float, null, date...)
# can have: a plain scalar starting with anything else is text, without trying
# the resolver's regular expressions.
_IMPLICIT_FIRST = frozenset(k for k in Resolver.yaml_implicit_resolvers if k is not None)
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def _typed_scalar(node):
    """The value of a scalar node with a standard tag: None, a bool, number or date, else its text."""
    tag = node.tag
    try:
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return _CONSTRUCTOR.construct_yaml_bool(node)
        if tag == "tag:yaml.org,2002:int":
            return _CONSTRUCTOR.construct_yaml_int(node)
        if tag == "tag:yaml.org,2002:float":
            return _CONSTRUCTOR.construct_yaml_float(node)
        if tag == "tag:yaml.org,2002:timestamp":
            if _PLAIN_DATE.match(node.value):  # the usual `last: 2026-11-22`: same date, less work
                return date.fromisoformat(node.value)
            return _CONSTRUCTOR.construct_yaml_timestamp(node)
    except (ValueError, TypeError, OverflowError, yaml.YAMLError):
        # e.g. 2026-02-30 looks like a date but is none; validation says so.
        return node.value
    return node.value


_EVENT_KINDS = {
    yaml.ScalarEvent: "scalar",
    yaml.MappingStartEvent: "start",
    yaml.SequenceStartEvent: "start",
    yaml.MappingEndEvent: "end",
    yaml.SequenceEndEvent: "end",
    yaml.AliasEvent: "alias",
    yaml.DocumentStartEvent: "document-start",
    yaml.DocumentEndEvent: "document-end",
}
_NO_KEY = object()
_MERGE = object()
_BAD_KEY = object()


class _Frame:
    """An open mapping or sequence, and the key waiting for its value."""

    __slots__ = ("container", "anchor", "size", "key", "key_pos", "merges")

    def __init__(self, container, anchor):
        self.container = container
        self.anchor = anchor
        self.size = 1
        self.key = _NO_KEY
        self.key_pos = None
        self.merges = []


# -- Fast path: plain documents composed by libyaml in C --------------------

# libyaml's composer recurses in C once per nesting level (an 8 MB stack
# overflows at some 25,000 levels, about 300 bytes a level) and holds the whole
# node graph in memory (about 280 bytes a value).  So it only gets texts that
# are small and cannot nest deeply; the event composer takes the rest.
# Such a text holds far fewer than MAX_VALUES values (each takes two characters
# at least), and neither fast reader takes an alias: the limits on values and
# on what aliases expand to can only be met in the event composer.
_FAST_MAX_CHARS = 256 * 1024
_FAST_MAX_NESTING = 1_000
_C_LOADER = getattr(yaml, "CSafeLoader", None)
_QUOTED = ("'", '"')


class _NotPlain(Exception):
    """The node graph holds something only the event composer handles right."""


def _compose_plain(text: str, path: str) -> Document | None:
    """The document when it is plain, composed in C; None to use the event composer.

    Plain means: one document, valid YAML, only standard tags, and no
    aliases, merge keys or duplicate keys.  For those the result is the same
    as the event composer's, positions included.  Everything else, errors
    among them, is left to the event composer, which reports it.
    """
    if _C_LOADER is None or len(text) > _FAST_MAX_CHARS or _nesting_bound(text) > _FAST_MAX_NESTING:
        return None
    try:
        node = yaml.compose(text, Loader=_C_LOADER)
        if node is None:  # no document at all
            return None
        root, pos = _NodeReader().read(node, 0)
    except (yaml.YAMLError, _NotPlain):
        return None
    if root is None:  # an empty document: the event composer says so
        return None
    return Document(path, root, pos)


def _nesting_bound(text: str) -> int:
    """How deep ``text`` could nest collections at most.

    Block collections nest by indenting: a nested one starts further right,
    or in the same column for a list under a key, so at most two levels per
    column.  Flow collections nest by brackets: at most two levels per '['
    (``[a: b]`` holds a mapping) and one per '{'.  Lines are split at
    newlines only and quoted brackets count too: both can only raise the bound.
    """
    widest = max(map(len, text.split("\n")))
    return 2 * (widest + 1) + 2 * text.count("[") + text.count("{")


class _NodeReader:
    """YMap/YList/scalar values from a node graph composed by libyaml.

    Follows ``_Composer`` for plain documents and raises ``_NotPlain`` where
    the event composer would report a problem or do something special.
    """

    def __init__(self):
        self.seen: set[int] = set()

    def read(self, node, depth: int):
        """``(value, pos)`` of a node at ``depth`` open collections.

        No alias gets through, so nothing expands: a plain document is never an
        alias bomb, as in the event composer, which counts only what aliases add.
        """
        # libyaml hands out an aliased node again at each alias, and keeps no
        # position for the alias: only the event composer places those right.
        if id(node) in self.seen:
            raise _NotPlain
        self.seen.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            raise _NotPlain  # unsafe-tag, or '=' which resolves to the odd 'value' tag
        kind = "scalar" if isinstance(node, ScalarNode) else "mapping" if isinstance(node, MappingNode) else "list"
        if node.tag in _SCALAR_TAGS or node.tag in _COLLECTION_TAGS:
            if tag_misfit(node.tag, kind, node.value if kind == "scalar" else None):
                raise _NotPlain  # bad-tag: !!bool foo, !!seq on a mapping
        mark = node.start_mark
        if isinstance(node, ScalarNode):
            quoted = node.style in _QUOTED
            if quoted and node.tag != _STR_TAG:
                # A tag on quoted text: libyaml resolves `! "12"` to a number, we keep text.
                raise _NotPlain
            pos = Pos(mark.line + 1, mark.column + 1, node.value, quoted)
            value = node.value if node.tag == _STR_TAG else _typed_scalar(node)
        elif depth >= MAX_DEPTH:
            raise _NotPlain  # too-deep
        elif isinstance(node, MappingNode):
            pos = Pos(mark.line + 1, mark.column + 1)
            value = self._mapping(node, pos, depth + 1)
        else:
            pos = Pos(mark.line + 1, mark.column + 1)
            value = self._sequence(node, pos, depth + 1)
        return value, pos

    def _mapping(self, node, pos: Pos, depth: int):
        mapping = YMap(pos)
        for key_node, value_node in node.value:
            key, key_pos = self.read(key_node, depth)
            value, value_pos = self.read(value_node, depth)
            if isinstance(key, (YMap, YList)) or (key_pos.raw == "<<" and not key_pos.quoted):
                raise _NotPlain  # wrong-type key, or a merge key
            if not isinstance(key, str):
                key = key_pos.raw  # yes:, 1:, null: and the like, kept as written
            if key in mapping:
                raise _NotPlain  # duplicate-key
            mapping[key] = value
            mapping.key_pos[key] = key_pos
            mapping.value_pos[key] = value_pos
        return mapping

    def _sequence(self, node, pos: Pos, depth: int):
        sequence = YList(pos)
        for item_node in node.value:
            item, item_pos = self.read(item_node, depth)
            sequence.append(item)
            sequence.item_pos.append(item_pos)
        return sequence


# -- Quickest path: the usual shape of a team file, read line by line --------

# Almost every team file is block mappings and lists of one-line values:
#
#     team: Payroll
#     customers:
#       - team: HR
#         feedback: [review]
#
# For exactly that shape, _lines builds what the event composer builds,
# positions included, in a fraction of libyaml's time: libyaml calls back into
# Python several times for every value.  Any line outside that shape gives up
# (None), and libyaml reads the text instead: flow mappings, multi-line,
# escaped or block scalars, anchors, aliases, tags, tabs, breaks other than
# '\n', empty values, document markers, odd indentation.  The fuzz test in
# tests/test_loader_fast_path.py holds all three readers to the same result.

_LINE_ODD = re.compile("[\t\r\x85\u2028\u2029\ufeff]")
# Indentation, a list item's "- ", a simple key and its colon; the rest of the line follows.
_LINE = re.compile(r"( *)(?:(- +|-$))?(?:([A-Za-z_][A-Za-z0-9_-]*):(?: +|$))?")
# A value starting with one of these is quoted, a flow list, an indicator or something rare.
_PLAIN_NOT_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_PLAIN_END = re.compile(r"[,\]]")
_FLOW_PLAIN_ODD = re.compile(r"[\[{}#:'\"]")
_MAX_LINE_DEPTH = MAX_DEPTH // 2


class _GiveUp(Exception):
    """The text is not in the usual shape: libyaml reads it."""


def _read_lines(text: str):
    """``(root, pos)`` of a text in the usual shape, else None."""
    if len(text) > _FAST_MAX_CHARS or _LINE_ODD.search(text) or "\\" in text:
        return None
    try:
        return _lines(text)
    except _GiveUp:
        return None


def _lines(text: str):
    root = None
    # Open blocks, innermost last: (indentation, YMap or YList, a list at its key's column?).
    stack: list[tuple] = []
    waiting = None  # (mapping, key, the key's indentation): a key whose value starts on a later line
    for number, line in enumerate(text.split("\n"), 1):
        match = _LINE.match(line)
        indent = match.end(1)
        dash = match.group(2)
        key = match.group(3)
        rest = line[match.end():]
        if not dash and not key:
            if not rest or rest[0] == "#":
                continue  # a blank line or a comment
            raise _GiveUp  # a continued scalar, a quoted or odd key, a marker
        if root is None:
            if indent or dash:
                raise _GiveUp  # an indented root or a root list
            root = YMap(Pos(number, 1))
            stack.append((0, root, False))
        elif waiting is not None:
            # The block holding the waiting key's value starts on this line.
            mapping, waiting_key, key_indent = waiting
            waiting = None
            if indent < key_indent or (indent == key_indent and not dash) or len(stack) >= _MAX_LINE_DEPTH:
                raise _GiveUp  # an empty value, or deep nesting
            pos = Pos(number, indent + 1)
            container = YList(pos) if dash else YMap(pos)
            mapping[waiting_key] = container
            mapping.value_pos[waiting_key] = pos
            stack.append((indent, container, bool(dash) and indent == key_indent))
        else:
            # Close the blocks this line is outside of.
            while stack:
                top = stack[-1]
                if top[0] > indent or (top[0] == indent and top[2] and not dash):
                    stack.pop()
                else:
                    break
            if not stack or stack[-1][0] != indent:
                raise _GiveUp  # indentation that does not line up
        container = stack[-1][1]
        if dash:
            if container.__class__ is not YList:
                raise _GiveUp  # a list item among keys
            if key:
                if len(stack) >= _MAX_LINE_DEPTH:
                    raise _GiveUp
                mapping = YMap(Pos(number, match.start(3) + 1))
                container.append(mapping)
                container.item_pos.append(mapping.pos)
                stack.append((match.start(3), mapping, False))
                container = mapping
            else:
                if not rest or rest[0] == "#" or (rest[0] == "-" and rest[1:2] in (" ", "")):
                    raise _GiveUp  # an item on the next lines, or a list in a list
                value, pos = _line_value(rest, number, match.end() + 1)
                container.append(value)
                container.item_pos.append(pos)
                continue
        elif container.__class__ is not YMap:
            raise _GiveUp  # a key where a list item was expected
        if key in container:
            raise _GiveUp  # duplicate-key
        container.key_pos[key] = Pos(number, match.start(3) + 1, key, False)
        if not rest or rest[0] == "#":
            container[key] = None  # for now: the value starts on a later line
            waiting = (container, key, match.start(3))
        else:
            container[key], container.value_pos[key] = _line_value(rest, number, match.end() + 1)
    if root is None or waiting is not None:
        raise _GiveUp  # nothing at all, or a key with an empty value
    return root, root.pos


def _line_value(text: str, number: int, col: int):
    """``(value, pos)`` of the one-line value ``text`` (the rest of the line) at ``col``."""
    first = text[0]
    if first not in _PLAIN_NOT_FIRST or (first == "-" and text[1:2] not in (" ", "")):
        comment = text.find(" #")
        if comment >= 0:
            text = text[:comment]
        text = text.rstrip(" ")
        if ": " in text or text[-1] == ":":
            raise _GiveUp  # a mapping where a value was expected: libyaml's error
        return _plain(text), Pos(number, col, text, False)
    if first == "'" or first == '"':
        value, end = _quoted(text, 0)
        _line_end(text, end)
        return value, Pos(number, col, value, True)
    if first == "[":
        return _flow_list(text, number, col)
    raise _GiveUp


def _flow_list(text: str, number: int, col: int):
    listing = YList(Pos(number, col))
    at = _skip_spaces(text, 1)
    if text[at:at + 1] == "]":
        _line_end(text, at + 1)
        return listing, listing.pos
    while True:
        first = text[at:at + 1]
        if first == "'" or first == '"':
            value, end = _quoted(text, at)
            listing.append(value)
            listing.item_pos.append(Pos(number, col + at, value, True))
        else:
            stop = _FLOW_PLAIN_END.search(text, at)
            if not first or first in _PLAIN_NOT_FIRST or stop is None:
                raise _GiveUp
            raw = text[at:stop.start()].rstrip(" ")
            if _FLOW_PLAIN_ODD.search(raw):
                raise _GiveUp
            listing.append(_plain(raw))
            listing.item_pos.append(Pos(number, col + at, raw, False))
            end = at + len(raw)
        at = _skip_spaces(text, end)
        separator = text[at:at + 1]
        if separator == "]":
            _line_end(text, at + 1)
            return listing, listing.pos
        if separator != ",":
            raise _GiveUp
        at = _skip_spaces(text, at + 1)
        if text[at:at + 1] in ("]", ",", ""):
            raise _GiveUp  # a trailing or doubled comma


def _skip_spaces(text: str, at: int) -> int:
    while text[at:at + 1] == " ":
        at += 1
    return at


def _quoted(text: str, at: int):
    """``(value, index after the closing quote)`` of a one-line quoted scalar at ``at``; no escapes."""
    quote = text[at]
    end = text.find(quote, at + 1)
    if quote == "'":
        while end >= 0 and text[end + 1:end + 2] == "'":
            end = text.find("'", end + 2)
    if end < 0:
        raise _GiveUp  # continued on the next line
    value = text[at + 1:end]
    return (value.replace("''", "'") if quote == "'" else value), end + 1


def _line_end(text: str, at: int) -> None:
    """Only spaces, or spaces and a comment, may follow a value."""
    rest = text[at:]
    if rest.strip(" ") and not (rest[0] == " " and rest.lstrip(" ")[0] == "#"):
        raise _GiveUp


def _plain(text: str):
    """A plain scalar's value: typed as libyaml's resolver types it."""
    if text[:1] not in _IMPLICIT_FIRST:
        return text
    tag = _RESOLVER.resolve(ScalarNode, text, (True, False))
    if tag == _STR_TAG:
        return text
    if tag not in _STANDARD_TAGS:
        raise _GiveUp  # '=' resolves to the odd 'value' tag
    return _typed_scalar(ScalarNode(tag, text, None, None))
