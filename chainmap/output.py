"""Writing results: atomically, so a failed run leaves nothing half-written."""

from __future__ import annotations

import os
import sys
import tempfile

from .errors import UsageError, usage_problem


def check_writable(path: str) -> None:
    """Fail early, before any work, when ``path`` cannot be written."""
    if path == "-":
        return
    directory = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise UsageError([usage_problem("output", f"'{path}' is a directory", "give a file name", path)])
    if not os.path.isdir(directory):
        shown = os.path.dirname(path) or directory
        if os.path.exists(directory):
            raise UsageError([usage_problem("output", f"'{shown}' is a file, not a directory",
                                            "choose another output path with -o", path)])
        raise UsageError([usage_problem("output", f"output directory '{shown}' does not exist",
                                        "create it first", path)])
    if not os.access(directory, os.W_OK | os.X_OK):
        raise UsageError([usage_problem("output", f"cannot write to directory '{directory}'",
                                        "choose another output path with -o", path)])


def write_output(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` (``-`` = stdout) via a temporary file and a rename."""
    if path == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    check_writable(path)
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".chainmap-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except OSError as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise UsageError([usage_problem("output", f"cannot write '{path}': {exc.strerror or exc}",
                                        path=path)]) from None
