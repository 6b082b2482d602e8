"""Real git repositories for tests: commits with fixed dates and a fixed author, nothing from the user's setup."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git(repo: Path, *args: str, when: str = "2026-01-05T12:00:00+00:00") -> str:
    """Run git in ``repo`` as a test author at the moment ``when``; its output, stripped."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Someone", "GIT_AUTHOR_EMAIL": "someone@example.org",
           "GIT_COMMITTER_NAME": "Someone", "GIT_COMMITTER_EMAIL": "someone@example.org",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "TZ": "UTC", "GIT_CONFIG_GLOBAL": os.devnull}
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def init(repo: Path) -> Path:
    """An empty repository at ``repo`` (created), on branch main."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    return repo


def commit(repo: Path, message: str, when: str) -> str:
    """Everything in the working tree, committed at ``when``; the short id."""
    git(repo, "add", "-A", when=when)
    git(repo, "commit", "-q", "-m", message, when=when)
    return git(repo, "rev-parse", "--short", "HEAD", when=when)


def shallow_clone(repo: Path, into: Path, depth: int = 1) -> Path:
    """A clone of ``repo`` that keeps only the last ``depth`` commits."""
    subprocess.run(["git", "clone", "-q", "--depth", str(depth), f"file://{repo}", str(into)], check=True,
                   capture_output=True)
    return into
