"""Writing the diagrams folder beside a Markdown report, as atomically as a folder can be."""

from __future__ import annotations

import os
import shutil
import tempfile

from ..errors import UsageError, usage_problem

# What a diagrams folder holds; a folder with anything else is not ours to replace.
OURS = (".svg",)


def diagrams_folder(output: str) -> str:
    """The folder beside ``output`` (``acme.md`` -> ``acme-diagrams``) that its SVG files go in."""
    stem, _ = os.path.splitext(output)
    return f"{stem}-diagrams"


def check_folder(path: str) -> None:
    """Refuse to replace a folder that holds anything but diagrams from an earlier run."""
    if os.path.exists(path) and not os.path.isdir(path):
        raise UsageError([usage_problem("output", f"'{path}' exists and is not a folder",
                                        "move it away, or choose another -o name", path)])
    if os.path.isdir(path):
        foreign = sorted(name for name in os.listdir(path)
                         if not (name.endswith(OURS) and os.path.isfile(os.path.join(path, name))))
        if foreign:
            raise UsageError([usage_problem(
                "output", f"'{path}' holds files that are not diagrams ({foreign[0]}...)",
                "the report replaces that folder: move those files, or choose another -o name", path)])


def write_folder(path: str, files: dict[str, bytes]) -> None:
    """Replace the folder ``path`` by one holding ``files``.

    The new folder is filled under a temporary name first and then renamed
    into place, so a failed run leaves the old folder as it was; an old
    folder's diagrams that are no longer in the report disappear with it.
    """
    check_folder(path)
    parent = os.path.dirname(os.path.abspath(path))
    staging = tempfile.mkdtemp(dir=parent, prefix=".chainmap-")
    old = None
    try:
        os.chmod(staging, 0o777 & ~_umask())
        for name, data in files.items():
            with open(os.path.join(staging, name), "wb") as stream:
                stream.write(data)
            os.chmod(os.path.join(staging, name), 0o666 & ~_umask())
        if os.path.isdir(path):
            old = tempfile.mkdtemp(dir=parent, prefix=".chainmap-old-")
            os.rmdir(old)
            os.rename(path, old)
        os.rename(staging, path)
    except BaseException as exc:  # a failed write, or Ctrl-C: nothing half-written stays behind
        shutil.rmtree(staging, ignore_errors=True)
        if old and not os.path.exists(path):
            os.rename(old, path)
        if not isinstance(exc, OSError):
            raise
        raise UsageError([usage_problem("output", f"cannot write '{path}': {exc.strerror or exc}",
                                        path=path)]) from None
    if old:
        shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
