"""Watching team files for `chainmap serve`: which saves matter, and one call per burst of them.

Built on ``watchfiles`` (inotify, FSEvents, ReadDirectoryChangesW, or polling where
those are missing).  Directories are watched recursively for ``*.yaml``/``*.yml``
files added, changed or deleted, skipping hidden folders and files the way the
loader does: editor swap, backup and temp files (``.team.yaml.swp``, ``team.yaml~``,
``#team.yaml#``, ``team.yaml___jb_tmp___``) never end in ``.yaml`` or start with a
dot, so they are ignored.  A file given by name is watched through its folder,
because editors that save by writing a new file and renaming it over the old one
would leave a watch on the file itself pointing at the deleted original.

Nothing here opens a file.  A change to anything that is not a regular file (a
named pipe called ``x.yaml``, a device, a socket) is ignored: reading one can
wait forever, so it must not even start a reload (the loader skips them too).
"""

from __future__ import annotations

import os
import stat
import threading

from .files import YAML_SUFFIXES

# Editors write a file in several steps (truncate, write, rename, chmod).  A burst
# ends when nothing changed for STEP_MS; a burst that goes on longer is reported
# after DEBOUNCE_MS anyway, so a map never lags a busy disk by more than that.
STEP_MS = 80
DEBOUNCE_MS = 800
RETRY_SECONDS = 1.0
# The watcher reports "nothing changed" this often; its first report says the watches are
# in place, so start-up can wait for that before reading the files (no save slips through).
READY_MS = 50
READY_TIMEOUT_SECONDS = 10


def regular_or_gone(path: str) -> bool:
    """True for a regular file (or a link to one), and for a path that is gone: a save that
    deleted or renamed it.  False for a named pipe, device, socket or folder.  Opens nothing."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True


def yaml_filter(directories):
    """``(change, path) -> bool``: a YAML file under one of ``directories``, outside hidden
    folders; a folder added or removed there; or one of the directories itself."""
    from watchfiles import Change

    roots = [os.path.join(directory, "") for directory in directories]
    themselves = frozenset(directories)

    def relevant(change, path: str) -> bool:
        if path in themselves:
            return True
        root = next((root for root in roots if path.startswith(root)), None)
        if root is None or any(part.startswith(".") for part in path[len(root):].split(os.sep)):
            return False
        if path.endswith(YAML_SUFFIXES) and not os.path.isdir(path):
            return regular_or_gone(path)
        # A folder copied in may hold YAML files written before its own watch was set up; a
        # folder moved away takes its files without an event for each.  Reload for both.
        if change == Change.added:
            return os.path.isdir(path)
        return change == Change.deleted and not os.path.splitext(path)[1]

    return relevant


def file_filter(files):
    """``(change, path) -> bool``: exactly one of ``files`` (absolute paths), or a folder holding one."""
    files = frozenset(files)
    folders = frozenset(os.path.dirname(path) for path in files)

    def relevant(change, path: str) -> bool:
        return path in folders or (path in files and regular_or_gone(path))

    return relevant


def watch_paths(paths, on_change, stop: threading.Event, log) -> list[threading.Thread]:
    """Call ``on_change()`` after each burst of relevant changes under ``paths``, until ``stop``.

    ``paths`` are the files and directories given on the command line.  Returns
    the started (daemon) threads once they watch, so any save from then on is seen.
    """
    absolute = [os.path.abspath(path) for path in paths]
    directories = sorted({path for path in absolute if os.path.isdir(path)})
    files = sorted({path for path in absolute if not os.path.isdir(path)})
    plans = []
    if directories:
        plans.append((directories, True, yaml_filter(directories)))
    if files:
        plans.append((sorted({os.path.dirname(path) for path in files}), False, file_filter(files)))
    threads = []
    for roots, recursive, relevant in plans:
        ready = threading.Event()
        thread = threading.Thread(target=_watch, args=(roots, recursive, relevant, on_change, stop, log, ready),
                                  name="chainmap-watch", daemon=True)
        thread.start()
        threads.append((thread, ready))
    for _, ready in threads:
        ready.wait(READY_TIMEOUT_SECONDS)
    return [thread for thread, _ in threads]


def _all_there(roots) -> bool:
    return all(os.path.isdir(root) for root in roots)


def _watch(roots, recursive, relevant, on_change, stop: threading.Event, log, ready: threading.Event) -> None:
    import watchfiles

    resume = False  # a watched folder went away: reload once it is back
    failed = None
    while not stop.is_set():
        if not _all_there(roots):
            # A removed folder's watch is dead; wait for the folder to come back.
            resume = True
            stop.wait(RETRY_SECONDS)
            continue
        if resume:
            resume = False
            on_change()
        try:
            for changes in watchfiles.watch(*roots, watch_filter=relevant, recursive=recursive,
                                            debounce=DEBOUNCE_MS, step=STEP_MS, stop_event=stop,
                                            rust_timeout=READY_MS, yield_on_timeout=True,
                                            raise_interrupt=False, ignore_permission_denied=True):
                ready.set()
                if not changes:
                    continue
                on_change()
                if not _all_there(roots):
                    break
            else:
                return  # the changes end only when ``stop`` is set
        except Exception as exc:  # too many watches, a permission problem, ...
            message = f"watching {', '.join(roots)} failed: {type(exc).__name__}: {exc}"
            if message != failed:
                log(f"{message}; retrying every {RETRY_SECONDS:g} s")
                failed = message
            ready.set()  # don't hold up start-up: the map is served, only live updates wait
            stop.wait(RETRY_SECONDS)
