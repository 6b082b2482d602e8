"""The example map and the team template shipped in the package, and copying them out.

They live in ``chainmap/examples/`` (the repository's ``examples/`` is a link to
it) and are read through ``importlib.resources``, so this works from a wheel, a
zip file or a checkout alike.
"""

from __future__ import annotations

import os
import shlex
import shutil
import stat
import tempfile
from importlib.resources import files

from .errors import UsageError, usage_problem

SUFFIXES = (".yaml", ".yml")


def bundled():
    """The ``examples`` folder inside the installed package, as a ``Traversable``."""
    return files("chainmap") / "examples"


def copy_examples(target: str) -> list[str]:
    """Write the bundled files into the folder ``target``; return their paths below it.

    Never overwrites anything: ``target`` must not exist yet, or be an empty
    folder.  The files are written into a temporary folder next to ``target``
    that is then renamed into place, so a failure leaves nothing half-written.
    """
    _refuse_if_taken(target)
    parent = os.path.dirname(os.path.abspath(target))
    try:
        os.makedirs(parent, exist_ok=True)
        staging = tempfile.mkdtemp(dir=parent, prefix=".chainmap-example-")
    except (FileExistsError, NotADirectoryError):  # a file where a folder above target should be
        raise _cannot_write(target, "a file is in the way of its folder") from None
    except OSError as exc:
        raise _cannot_write(target, exc.strerror or str(exc)) from None
    written = []
    try:
        # mkdtemp makes a private folder; give it the mode a new (or the empty) folder has.
        mode = stat.S_IMODE(os.stat(target).st_mode) if os.path.isdir(target) else 0o777 & ~_umask()
        os.chmod(staging, mode)
        for relative, entry in _walk(bundled()):
            destination = os.path.join(staging, *relative.split("/"))
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            with open(destination, "xb") as stream:
                stream.write(entry.read_bytes())
            written.append(relative)
        _rename_into_place(staging, target)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            _refuse_if_taken(target)  # someone else filled it meanwhile
            raise _cannot_write(target, exc.strerror or str(exc)) from None
        raise
    return written


def _walk(folder, below: str = ""):
    """``(path below the examples folder, Traversable)`` of each YAML file under ``folder``."""
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if entry.name.startswith((".", "__")):
            continue
        if entry.is_dir():
            yield from _walk(entry, f"{below}{entry.name}/")
        elif entry.name.endswith(SUFFIXES):
            yield f"{below}{entry.name}", entry


def _rename_into_place(staging: str, target: str) -> None:
    try:
        os.rename(staging, target)  # POSIX replaces an empty folder, never a non-empty one
    except FileExistsError:
        if not os.path.isdir(target) or os.path.islink(target):
            raise
        os.rmdir(target)  # Windows never replaces a folder; rmdir removes only an empty one
        os.rename(staging, target)


def _refuse_if_taken(target: str) -> None:
    if not os.path.lexists(target):
        return
    if os.path.islink(target):
        why = "is a symbolic link"
    elif not os.path.isdir(target):
        why = "is not a folder"
    elif os.listdir(target):
        why = "is not empty"
    else:
        return
    raise UsageError([usage_problem("output", f"'{target}' already exists and {why}",
                                    f"choose another folder, e.g. chainmap example {_free_name(target)}")])


def _free_name(target: str) -> str:
    """``chainmap-example-2`` (or -3, ...): a folder name next to ``target`` that is not taken."""
    stem = target.rstrip("/\\") or target
    number = 2
    while os.path.lexists(f"{stem}-{number}"):
        number += 1
    return shlex.quote(f"{stem}-{number}")


def _cannot_write(target: str, reason: str) -> UsageError:
    return UsageError([usage_problem("output", f"cannot write '{target}': {reason}")])


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
