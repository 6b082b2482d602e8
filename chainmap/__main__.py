"""The ``chainmap`` program (and ``python -m chainmap``).

Ctrl-C is taken from the first moment: while Python still imports the command
line (click and the commands, a few hundredths of a second) it ends the
program with the same one line and exit code as later, instead of a traceback.
Nothing has been written yet at that point.  ``chainmap.cli.run`` then
installs the handler a running command uses.
"""

import os
import signal

from .errors import say_interrupted


def _interrupted_while_starting(signum, frame):
    os._exit(say_interrupted())


def main() -> None:
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        from .cli import run  # SIGINT is ignored (a background job, nohup): leave it so
    else:
        signal.signal(signal.SIGINT, _interrupted_while_starting)
        from .cli import run

        signal.signal(signal.SIGINT, signal.default_int_handler)  # run() takes it from here
    run()


if __name__ == "__main__":
    main()
