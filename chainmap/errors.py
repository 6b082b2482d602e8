"""Problems a user can cause, and the exit codes the CLI maps them to."""

from __future__ import annotations

from dataclasses import dataclass, field

from .text import shown, shown_lines

# Exit codes: documented in the README ("Exit codes"); the CLI uses only these.
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2
EXIT_RENDER_FAILED = 3
# The program's own, as other Unix tools report a Ctrl-C (SIGINT) and a reader that went
# away (SIGPIPE): 128 + the signal's number.
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, order=False)
class Problem:
    """One thing to tell the user: an input error or an analysis finding.

    ``path``/``line``/``col`` point at the YAML that caused it (1-based; 0 when
    unknown).  ``rule`` is a stable id such as ``unknown-key`` or ``no-feedback``.
    ``team``, ``supplier``, ``customer`` and ``teams`` hold display names for
    findings about a team, a link or a set of teams.
    """

    path: str
    line: int
    col: int
    severity: str
    rule: str
    message: str
    hint: str | None = None
    team: str | None = None
    supplier: str | None = None
    customer: str | None = None
    teams: tuple[str, ...] | None = field(default=None)
    # For a possible typo: the described team the misspelt name probably means.
    suggestion: str | None = None
    # Ids of what a finding is about: ("team", id) or ("link", supplier_id, customer_id).
    subject: tuple | None = field(default=None, compare=False, repr=False)
    # Which wording of the next step fits (``step.<rule>.<variant>`` in chainmap.i18n), if not the plain one.
    variant: str | None = field(default=None, compare=False, repr=False)

    @classmethod
    def on_link(cls, path: str, line: int, col: int, severity: str, rule: str, message: str, hint: str | None,
                supplier: str, customer: str, subject: tuple, variant: str | None = None) -> "Problem":
        """``Problem(path, line, col, severity, rule, message, hint, supplier=..., customer=..., subject=...,
        variant=...)``, made without the frozen dataclass's ``__init__`` (which sets each field through
        ``object.__setattr__``): the same finding in a fifth of the time, for the 293,000 findings of
        50,000 teams.  The fields not named keep their defaults."""
        problem = _new(cls)
        values = problem.__dict__
        values.update(_BLANK)  # a Problem's own dict, in field order: its keys stay shared, as __init__ leaves them
        values["path"], values["line"], values["col"] = path, line, col
        values["severity"], values["rule"], values["message"], values["hint"] = severity, rule, message, hint
        values["supplier"], values["customer"], values["subject"], values["variant"] = supplier, customer, subject, variant
        return problem

    def sort_key(self):
        return (self.path, self.line, self.col, SEVERITY_RANK[self.severity], self.rule, self.message)

    def location(self) -> str:
        if not self.path:
            return "chainmap"
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.col}"

    def format(self) -> str:
        """``path:line:col: severity[rule]: message; hint`` on one line."""
        # Names may hold newlines, other control characters (YAML's "\e"
        # escape, say) and direction overrides: a finding stays on one line,
        # never drives the terminal and reads in the order it was written.
        return shown(self._line())

    def _line(self) -> str:
        text = f"{self.location()}: {self.severity}[{self.rule}]: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
            "file": self.path or None,
            "line": self.line or None,
            "col": self.col or None,
            "team": self.team,
            "supplier": self.supplier,
            "customer": self.customer,
            "teams": list(self.teams) if self.teams is not None else None,
            "suggestion": self.suggestion,
        }


def formatted(problems) -> str:
    """Each problem's :meth:`Problem.format`, one a line: the same text, made in one go for a long list."""
    return shown_lines([problem._line() for problem in problems])


# Every field of a Problem at its default (the first few, which have none, are always set): Problem.on_link.
_BLANK = vars(Problem("", 0, 0, "info", "", ""))
_new = object.__new__


class ChainmapError(Exception):
    """Base class of every error chainmap raises on purpose.

    ``problems`` lists everything that went wrong, sorted, so a caller can show
    all of them at once.
    """

    exit_code = EXIT_INVALID

    def __init__(self, problems):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__(formatted(self.problems))


class InputError(ChainmapError):
    """The YAML input is invalid: nothing was rendered or written."""


class UsageError(ChainmapError):
    """A command was asked for something it cannot do (unknown team, bad output path)."""


class RenderError(ChainmapError):
    """Graphviz failed to lay out or render the map."""

    exit_code = EXIT_RENDER_FAILED


def usage_problem(rule: str, message: str, hint: str | None = None, path: str = "") -> Problem:
    return Problem(path, 0, 0, "error", rule, message, hint)


def did_you_mean(word: str, choices, cutoff: float = 0.75) -> str | None:
    """A ``did you mean 'x'?`` hint for a misspelt word, or None."""
    import difflib

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f"did you mean '{match[0]}'?" if match else None


def say_interrupted() -> int:
    """What the program prints for Ctrl-C, one short line on stderr; returns the exit code, 130."""
    import sys

    try:
        newline = "\n" if sys.stderr.isatty() else ""  # after the terminal's ^C
        sys.stderr.write(f"{newline}chainmap: interrupted\n")
    except (AttributeError, OSError, ValueError):
        pass
    return EXIT_INTERRUPTED
