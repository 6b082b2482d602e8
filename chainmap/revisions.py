"""Team files as they were in a git revision, read without a checkout.

The `git` program reads the blobs: `git ls-tree` lists the YAML files under the
paths at the revision, and one `git cat-file --batch` process hands over every
file's bytes.  Nothing in the working tree changes, and no library is needed
beyond the git that keeps the team files in the first place.

The files are read by the same loader and validator as files on disk; their
paths are shown as ``REV:path`` (``main:teams/payroll.yaml``).
"""

from __future__ import annotations

import os
import subprocess

from .decoding import decode_bytes
from .errors import InputError, Problem, UsageError, usage_problem
from .files import MAX_FILE_BYTES, YAML_SUFFIXES
from .loader import Document, parse_text
from .validate import build_model


class Repository:
    """The git repository that holds ``path`` (a file or folder in its working tree).

    Parsed files are kept by blob id and shown name: a file unchanged between two
    revisions read with the same name (``bare=True``) is read and parsed once.
    ``parsed`` and ``reused`` count both, for ``history --verbose``.
    """

    def __init__(self, path: str):
        self._parsed: dict[tuple[str, str], tuple[Document | None, list[Problem]]] = {}
        self.parsed = 0
        self.reused = 0
        start = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
        if not os.path.exists(path):
            raise UsageError([usage_problem("missing-path", f"'{path}' does not exist", path=path)])
        result = _git(["rev-parse", "--show-toplevel"], cwd=start)
        if result.returncode != 0:
            raise UsageError([usage_problem(
                "not-a-repository", f"'{path}' is not in a git repository, so it has no revisions",
                "compare two folders instead (chainmap diff OLD_FOLDER NEW_FOLDER), or run git init", path)])
        self.root = result.stdout.decode().strip()

    def commit(self, revision: str) -> str:
        """The full id of the commit ``revision`` names; a clear error when it names none."""
        result = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"],
                      cwd=self.root)
        if result.returncode == 0:
            return result.stdout.decode().strip()
        hint = "check the name with git log or git tag"
        shallow = _git(["rev-parse", "--is-shallow-repository"], cwd=self.root).stdout.decode().strip()
        if shallow == "true":
            hint = "this is a shallow clone: fetch more history (git fetch --unshallow) and try again"
        raise UsageError([usage_problem("unknown-revision", f"no commit called '{revision}' in {self.root}",
                                        hint)])

    def committed(self, revision: str) -> str:
        """The committer date of the commit ``revision`` names, in ISO 8601; errors as :meth:`commit`."""
        commit = self.commit(revision)
        return _git(["show", "-s", "--format=%cI", commit], cwd=self.root).stdout.decode().strip()

    def relative(self, path: str) -> str:
        """``path`` relative to the repository's root, in git's form (``teams/payroll.yaml``; ``.`` for the root)."""
        relative = os.path.relpath(os.path.realpath(path), os.path.realpath(self.root))
        if relative == os.curdir:
            return ""
        return relative.replace(os.sep, "/")

    def shallow(self) -> bool:
        """Whether this is a shallow clone: its history is cut short."""
        return _git(["rev-parse", "--is-shallow-repository"], cwd=self.root).stdout.decode().strip() == "true"

    def log(self, paths, *, since: str | None = None, max_count: int | None = None) -> list[tuple[str, str, str]]:
        """``(commit, short commit, committer date in ISO)`` of each commit that touched ``paths``, oldest first.

        ``max_count`` keeps the latest ones.  No author is read.
        """
        arguments = ["log", "-z", "--format=%H%x1f%h%x1f%cI"]
        if since is not None:
            arguments.append(f"--since={since}")
        if max_count is not None:
            arguments.append(f"--max-count={max_count}")
        wanted = [self.relative(path) or "." for path in paths]
        result = _git([*arguments, "--", *wanted], cwd=self.root)
        if result.returncode != 0:
            head = _git(["rev-parse", "--verify", "--quiet", "HEAD"], cwd=self.root)
            if head.returncode != 0:
                return []  # a repository without a commit yet: no history
            raise UsageError([usage_problem("git", f"git log failed in {self.root}: "
                                            f"{result.stderr.decode(errors='replace').strip()}")])
        commits = []
        for entry in result.stdout.decode("utf-8", "replace").split("\0"):
            entry = entry.strip("\n")
            if entry:
                full, short, when = entry.split("\x1f")
                commits.append((full, short, when))
        commits.reverse()
        return commits

    def documents(self, revision: str, paths, problems: list[Problem], *, bare: bool = False) -> list[Document]:
        """The YAML documents under ``paths`` as they were at ``revision``; problems appended.

        Files are shown as ``REV:path``, or as ``path`` alone with ``bare`` (the caller
        says which revision); the same blob shown the same way is parsed once.
        """
        # A full id (as `log` gives) is a commit already: no git rev-parse for it.
        full = len(revision) == 40 and all(c in "0123456789abcdef" for c in revision)
        commit = revision if full else self.commit(revision)
        wanted = [self.relative(path) for path in paths]
        listed = _git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", *[w or "." for w in wanted]],
                      cwd=self.root)
        if listed.returncode != 0:
            raise UsageError([usage_problem("unknown-revision", f"cannot list the files of '{revision}'")])
        blobs = []
        for entry in listed.stdout.split(b"\0"):
            if not entry:
                continue
            meta, name = entry.split(b"\t", 1)
            mode, kind, blob = meta.split()
            name = name.decode("utf-8", "surrogateescape")
            if kind != b"blob" or mode == b"120000" or not _is_team_file(name, wanted):
                continue
            blobs.append((name, blob.decode()))
        for path in paths:
            relative = self.relative(path)
            if not any(name == relative or name.startswith(f"{relative}/") or not relative for name, _ in blobs):
                problems.append(Problem(relative if bare else f"{revision}:{relative}", 0, 0, "error",
                                        "no-yaml-files",
                                        f"no YAML files at '{relative or '.'}' in {revision}",
                                        "check the path: it is read as it was in that revision"))
        keys = [(blob, name if bare else f"{revision}:{name}") for name, blob in blobs]
        missing = [key for key in dict.fromkeys(keys) if key not in self._parsed]
        for (blob, shown), data in zip(missing, self._contents([blob for blob, _ in missing])):
            self._parsed[(blob, shown)] = self._parse(data, shown)
        self.parsed += len(missing)
        self.reused += len(keys) - len(missing)
        documents = []
        for key in keys:
            document, found = self._parsed[key]
            problems.extend(found)
            if document is not None:
                documents.append(document)
        return documents

    def _parse(self, data: bytes, shown: str) -> tuple[Document | None, list[Problem]]:
        found: list[Problem] = []
        if len(data) > MAX_FILE_BYTES:
            return None, [Problem(shown, 0, 0, "error", "too-large", "file is over 20 MB")]
        text = decode_bytes(data, shown, found)
        document = parse_text(text, shown, found) if text is not None else None
        return document, found

    def _contents(self, blobs: list[str]) -> list[bytes]:
        """The bytes of each blob, through one ``git cat-file --batch``."""
        if not blobs:
            return []
        request = "".join(f"{blob}\n" for blob in blobs).encode()
        result = _git(["cat-file", "--batch"], cwd=self.root, stdin=request)
        out, contents, at = result.stdout, [], 0
        for _ in blobs:
            header_end = out.index(b"\n", at)
            size = int(out[at:header_end].split()[2])
            contents.append(out[header_end + 1:header_end + 1 + size])
            at = header_end + 1 + size + 1  # the content, then a newline
        return contents


def _is_team_file(name: str, wanted: list[str]) -> bool:
    """A YAML file under one of the wanted paths, outside hidden folders (as on disk)."""
    parts = name.split("/")
    if not parts[-1].endswith(YAML_SUFFIXES):
        return False
    for relative in wanted:
        if name == relative:
            return True  # a file given by name is read whatever it is called
        if not relative or name.startswith(f"{relative}/"):
            below = name[len(relative) + 1:] if relative else name
            if not any(part.startswith(".") for part in below.split("/")):
                return True
    return False


def _git(arguments: list[str], *, cwd: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *arguments], cwd=cwd, input=stdin, capture_output=True,
                              env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    except FileNotFoundError:
        raise UsageError([usage_problem("no-git", "git is not installed, so revisions cannot be read",
                                        "install git, or compare two folders")]) from None


def map_at(paths, revision: str):
    """The map under ``paths`` as it was in ``revision`` (a ``ChainMap``); an ``InputError`` when it was invalid then."""

    problems: list[Problem] = []
    documents = Repository(paths[0]).documents(revision, paths, problems)
    chain_map = build_model(documents, problems)
    if any(problem.severity == "error" for problem in problems):
        raise InputError(problems)
    return chain_map
