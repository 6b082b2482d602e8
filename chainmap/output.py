"""Writing results without destroying anything.

A regular file (or a new one) is replaced atomically: written to a temporary
file beside it and renamed over it, so a failed or interrupted run leaves
nothing half-written.  A character device or a named pipe (``/dev/null``, a
FIFO a viewer reads) is written straight into: renaming a file over it would
replace the device by a regular file.  A symbolic link is followed, and its
target is what gets replaced or written into; the link stays a link.  An
output that is one of the inputs is refused before any work is done.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile

from .errors import UsageError, usage_problem


def _target(path: str) -> str:
    """The file that writing ``path`` changes: a symbolic link's final target, else ``path`` itself."""
    return os.path.realpath(path) if os.path.islink(path) else path


def _status(path: str, target: str) -> os.stat_result | None:
    """``os.stat`` of ``target``; None when there is nothing there yet."""
    try:
        return os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:  # a loop of links, a folder that cannot be searched, ...
        raise UsageError([usage_problem("output", f"cannot write '{path}': {exc.strerror or exc}",
                                        "choose another output path with -o", path)]) from None


def check_writable(path: str) -> None:
    """Fail early, before any work, when ``path`` cannot be written."""
    if path == "-":
        return
    target = _target(path)
    status = _status(path, target)
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise UsageError([usage_problem("output", f"'{path}' is a directory", "give a file name", path)])
    if status is not None and not stat.S_ISREG(status.st_mode):
        # A device or a named pipe: written into, so it is the device, not its folder, that must allow it.
        if not os.access(target, os.W_OK):
            raise UsageError([usage_problem("output", f"cannot write to '{path}'",
                                            "choose another output path with -o", path)])
        return
    directory = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(directory):
        shown = (os.path.dirname(path) if target == path else "") or directory
        if os.path.exists(directory):
            raise UsageError([usage_problem("output", f"'{shown}' is a file, not a directory",
                                            "choose another output path with -o", path)])
        raise UsageError([usage_problem("output", f"output directory '{shown}' does not exist",
                                        "create it first", path)])
    if not os.access(directory, os.W_OK | os.X_OK):
        raise UsageError([usage_problem("output", f"cannot write to directory '{directory}'",
                                        "choose another output path with -o", path)])


def check_not_an_input(path: str, inputs) -> None:
    """Refuse to write ``path`` when it is one of the input files ``inputs``, under any name.

    ``./team.yaml``, an absolute path, a symbolic link to an input and a hard
    link to one all name the same file: they are told apart by device and
    inode, not by name.  ``inputs`` (the files, as ``files.find_files``
    expands the paths given) is only gone through when ``path`` is an
    existing file.  Call it before any work, so nothing is lost or written.
    """
    if path == "-":
        return
    try:
        output = os.stat(path)
    except OSError:
        return  # nothing there yet, so no input either (check_writable tells why it cannot be written)
    if not stat.S_ISREG(output.st_mode):
        return  # a device or pipe is written into, never replaced; folders are refused by check_writable
    for file in inputs:
        try:
            same = os.path.samestat(output, os.stat(file))
        except OSError:
            continue
        if same:
            if os.path.normcase(os.path.abspath(file)) == os.path.normcase(os.path.abspath(path)):
                message = f"'{path}' is one of the input files"
            else:
                message = f"'{path}' is the input file '{file}' under another name"
            raise UsageError([usage_problem("output", message, "choose another output path with -o")])


def check_folder_holds_no_input(folder: str, inputs) -> None:
    """Refuse to replace the folder ``folder`` when one of the input files ``inputs`` is in it (or is it)."""
    real = os.path.realpath(folder)
    if not os.path.exists(real):
        return
    for file in inputs:
        inside = os.path.realpath(file)
        if inside == real or inside.startswith(real.rstrip(os.sep) + os.sep):
            raise UsageError([usage_problem(
                "output", f"'{folder}' holds the input file '{file}'",
                "the report replaces that folder: choose another output path with -o")])


def write_output(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` (``-`` = stdout) without leaving anything half-written.

    A regular or new file is replaced through a temporary file and a rename;
    a device or named pipe is written into; a symbolic link's target is
    written, the link stays.  A reader that went away (``BrokenPipeError``)
    is left to the caller; any other failure is a :class:`UsageError`.
    """
    if path == "-":
        write_stdout(data)
        return
    check_writable(path)
    target = _target(path)
    status = _status(path, target)
    if status is not None and not stat.S_ISREG(status.st_mode):
        _write_into(path, target, data)
    else:
        _replace(path, target, data)


def _cannot_write(path: str, exc: OSError) -> UsageError:
    return UsageError([usage_problem("output", f"cannot write '{path}': {exc.strerror or exc}", path=path)])


def write_stdout(data: bytes) -> None:
    """Write ``data`` to stdout, all of it, or fail.

    A buffered write to a pipe can return early, having written part, when
    the reader goes away; the rest is then written again until the pipe
    says it is broken, so that never passes for a whole output.
    """
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        raise UsageError([usage_problem("output", "cannot write to standard output: it is closed")])
    try:
        sys.stdout.flush()  # what was printed before comes first
        stream = sys.stdout.buffer
        view = memoryview(data)
        while view:
            written = stream.write(view)
            view = view[len(view) if written is None else written:]
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:  # a full disk, say
        raise UsageError([usage_problem("output", f"cannot write to standard output: {exc.strerror or exc}")]) \
            from None


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view):]


def _write_into(path: str, target: str, data: bytes) -> None:
    """Write into a device or named pipe as it is: no temporary file, no rename, nothing created."""
    try:
        handle = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        _write_all(handle, data)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    finally:
        os.close(handle)


def _replace(path: str, target: str, data: bytes) -> None:
    """Replace the regular file ``target`` (or create it) through a temporary file beside it."""
    directory = os.path.dirname(os.path.abspath(target))
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".chainmap-", suffix=".tmp")
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        try:
            _write_all(handle, data)
        finally:
            os.close(handle)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException as exc:  # a full disk, or Ctrl-C: no temporary file is left behind
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise
