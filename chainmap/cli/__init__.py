"""The command line: a thin click layer over the library.  Only this package imports click.

Each command is a module of its own; this module is the group that holds them.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

import click

from . import cards as _cards
from . import chain as _chain
from . import check as _check
from . import diff as _diff
from . import example as _example
from . import history as _history
from . import importing as _importing
from . import init as _init
from . import render as _render
from . import serve as _serve
from . import report as _report
from . import schema as _schema


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="chainmap", prog_name="chainmap")
def main():
    """Map internal-customer chains and the feedback loops on each link.

    Teams describe in YAML who their customers are, what they deliver and how
    they hear back.  chainmap builds the chain (your customer, their customer,
    ... up to the end customer outside), draws it, and points out the links
    without a real feedback loop.

    \b
    Examples:
      chainmap example
      chainmap init
      chainmap import links.xlsx -o teams/
      chainmap render team.yaml
      chainmap render examples/acme -o acme.png --theme projector
      chainmap check examples/acme
      chainmap chain Payroll examples/acme
      chainmap report examples/acme -o acme.pdf
      chainmap diff main teams/
      chainmap history teams/ -o history.svg

    Exit codes: 0 ok, 1 findings at or above --fail-on (check) or a link
    that got worse (diff --fail-on worse), 2 invalid input or usage, 3
    Graphviz failed, 130 interrupted (Ctrl-C), 141 the reader went away.
    """




main.add_command(_render.render)
main.add_command(_check.check)
main.add_command(_cards.cards)
main.add_command(_serve.serve)
main.add_command(_chain.chain)
main.add_command(_report.report)
main.add_command(_example.example)
main.add_command(_diff.diff)
main.add_command(_history.history)
main.add_command(_importing.importing)
main.add_command(_init.init)
main.add_command(_schema.schema)


def run() -> None:
    """The ``chainmap`` program: run ``main``, then end the process at once.

    A command's data (tens of thousands of small objects on a large map)
    would otherwise be freed one object at a time as Python shuts down: a
    tenth of a second on 2,000 teams, for nothing.  Like mypy, once the
    output is flushed and chainmap's temporary files are removed, the
    process exits with ``os._exit``.  While another thread still runs, the
    usual exit waits for it instead.

    Ctrl-C ends a command with exit code 130 and one line, ``chainmap:
    interrupted``: outputs are written atomically, so none is half-written,
    and temporary files are removed as usual.  (``serve`` takes Ctrl-C
    itself, as a clean stop.)
    """
    import gc

    from .common import Interrupted, interrupt_on_ctrl_c, say_interrupted

    # A command builds a few hundred thousand small objects (documents, model, graph) that
    # form no garbage cycles; Python's cycle collector would scan them again and again: a
    # sixth of `check` on 2,000 teams.  So the program pauses it for the run; the library
    # leaves it alone.  `serve` runs until stopped, reloading the map: it keeps it.
    if sys.argv[1:2] != ["serve"]:
        gc.disable()
    interrupt_on_ctrl_c()
    try:
        try:
            main()
        except SystemExit as exc:
            code = exc.code
            if threading.active_count() > 1:
                signal.signal(signal.SIGINT, signal.default_int_handler)
                raise
            if code is not None and not isinstance(code, int):
                print(code, file=sys.stderr)  # as Python does for sys.exit("message")
                code = 1
        else:
            return
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # done: a late Ctrl-C changes nothing now
    except Interrupted:
        code = say_interrupted()
    fonts = sys.modules.get("chainmap.fonts")
    if fonts is not None:
        fonts.remove_temporary_files()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):  # the reader went away, or the stream is closed (None)
            pass
    os._exit(code or 0)
