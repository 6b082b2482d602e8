"""Output formats: the one way `render`, `report` and `cards` register what they can write.

A :class:`Format` names a function by ``"module:function"``; the module is
imported the first time the format is used, so a registry costs ``--help``
nothing.  A :class:`Formats` registry maps names to formats and file
suffixes to names; the command line takes its ``--format`` choices and its
"format from the ``-o`` name" from it.

>>> from chainmap.render import FORMATS
>>> FORMATS.for_path("map.svg")
'svg'
>>> list(FORMATS)[:3]
['svg', 'png', 'pdf']
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from .errors import UsageError, usage_problem


@dataclass(frozen=True)
class Format:
    """One output format: its name, the function that writes it, and the file suffixes that choose it."""

    name: str
    function: str  # "chainmap.module:function"
    suffixes: tuple = ()
    binary: bool = False
    description: str = field(default="", compare=False)

    def load(self):
        """The function that writes this format."""
        module, _, function = self.function.partition(":")
        return getattr(importlib.import_module(module), function)

    def __call__(self, *args, **kwargs):
        return self.load()(*args, **kwargs)


class Formats(Mapping):
    """The formats one command writes, by name, in the order they were given."""

    def __init__(self, what: str, *formats: Format):
        self.what = what  # "render", "report", "cards": for the error message
        self._formats = {fmt.name: fmt for fmt in formats}

    def __getitem__(self, name: str) -> Format:
        return self._formats[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._formats)

    def __len__(self) -> int:
        return len(self._formats)

    def for_suffix(self, suffix: str) -> str | None:
        """The format a file suffix such as ``.svg`` chooses, or None."""
        suffix = suffix.lower()
        return next((fmt.name for fmt in self._formats.values() if suffix in fmt.suffixes), None)

    def for_path(self, path: str | None) -> str | None:
        """The format a file name chooses by its suffix, or None (no name, ``-``, an unknown suffix)."""
        if not path or path == "-":
            return None
        return self.for_suffix(os.path.splitext(path)[1])

    def get_or_fail(self, name: str) -> Format:
        """The format ``name``; a usage error listing the others when there is none."""
        if name not in self._formats:
            raise UsageError([usage_problem("format", f"unknown {self.what} format {name!r}",
                                            f"use one of: {', '.join(self._formats)}")])
        return self._formats[name]
