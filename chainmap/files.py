"""Which files a command reads, and their bytes: nothing but regular files, never too many bytes.

``find_files`` turns the paths a user gives (files and folders) into the YAML
files to read, in a stable order; ``read_bytes`` reads one of them.  Neither
knows anything of YAML or text: ``decoding`` turns the bytes into text and
``loader`` reads the YAML.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import Problem

YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 20 * 1024 * 1024


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
    ``skipped`` as ``(path, kind)``.  Folders are walked as ``os.walk`` walks
    them (symbolic links to folders are not followed), with ``os.scandir``,
    whose entries know their kind: no call to the system per file, but for a
    symbolic link (50,000 files are found in a tenth of the time).
    """
    folders = [(os.fspath(directory), "")]
    while folders:
        folder, below = folders.pop()
        prefix = "" if folder == "." else folder if folder.endswith(os.sep) else folder + os.sep  # as Path joins
        # realpath() resolves every folder above a file: do that once per folder,
        # and per file only for a symbolic link.
        real_folder = os.path.realpath(folder)
        try:
            entries = list(os.scandir(folder))
        except OSError:  # as os.walk: a folder that cannot be listed is passed over
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            file = prefix + name
            if _is_folder(entry):
                folders.append((file, f"{below}{name}/"))
                continue
            if not name.endswith(YAML_SUFFIXES):
                continue
            link = entry.is_symlink()
            try:
                if link:
                    mode = os.stat(file).st_mode
                elif entry.is_file(follow_symlinks=False):  # known from the listing, as most files are
                    mode = stat.S_IFREG
                else:
                    mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:
                mode = None  # a dangling link, say: reading it reports why
            if link and mode is not None and stat.S_ISDIR(mode):
                continue  # a link to a folder: os.walk lists it with the folders, and does not follow it
            if mode is not None and not stat.S_ISREG(mode):
                skipped.append((file, _file_kind(mode)))
                continue
            real = os.path.realpath(file) if link else os.path.join(real_folder, name)
            yield f"{below}{name}", file, real


def _is_folder(entry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


# Team files are a few kilobytes.  read(n) sets aside n bytes before reading,
# so reading MAX_FILE_BYTES + 1 at once would claim 20 MB for every file.
_FIRST_READ = 64 * 1024


# Opened without waiting, should a named pipe take the place of a file after
# the check (a pipe with no writer would block open() forever); binary, so that
# Windows never turns "\r\n" into "\n".
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def read_bytes(path: str, problems: list[Problem]) -> bytes | None:
    """The file's bytes, or None after adding a problem (missing, not a regular file, too large, unreadable).

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
    return data
