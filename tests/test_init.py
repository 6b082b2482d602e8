"""`chainmap init`: the seeds' questions, one at a time, through a real terminal and through a pipe."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from datetime import date

import pytest
from click.testing import CliRunner

import chainmap
from chainmap.cli import main
from chainmap.errors import EXIT_INVALID

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


def _controlling_terminal():
    """In the child: a session of its own with the pseudo-terminal as its terminal, so Ctrl-C is a SIGINT."""
    import fcntl
    import termios

    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """``python -m chainmap ARGS`` on a pseudo-terminal: wait for a question, type an answer."""

    def __init__(self, args, cwd):
        import pty  # noqa: F401  (POSIX only)

        self.master, slave = os.openpty()
        env = {key: value for key, value in os.environ.items() if key not in ("LANG", "LC_ALL")}
        self.process = subprocess.Popen([sys.executable, "-m", "chainmap", *args], stdin=slave, stdout=slave,
                                        stderr=slave, cwd=cwd, env=env, close_fds=True,
                                        preexec_fn=_controlling_terminal)
        os.close(slave)
        self.seen = ""

    def expect(self, text: str, timeout: float = 30.0) -> None:
        """Read until ``text`` shows; fail (never hang) when it does not within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                self.close()
                pytest.fail(f"waited {timeout:.0f} s for {text!r}; the terminal showed:\n{self.seen}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the program ended and closed the terminal
                    chunk = b""
                if not chunk:
                    self.close()
                    pytest.fail(f"the program ended before asking {text!r}; it showed:\n{self.seen}")
                self.seen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        self.seen = self.seen[self.seen.index(text) + len(text):]

    def answer(self, question: str, text: str) -> None:
        self.expect(question)
        os.write(self.master, text.encode("utf-8") + b"\r")

    def wait_until_reading(self, timeout: float = 30.0) -> None:
        """Wait until the program sleeps in a read of the terminal (Linux: its /proc wait channel).

        A Ctrl-C that comes after the question is shown but before the program reads is taken by
        Python and acted on only after the read, which then waits for a line: a person cannot be
        that fast, a test can.
        """
        wchan = f"/proc/{self.process.pid}/wchan"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(wchan, encoding="ascii") as handle:
                if handle.read().strip() in ("wait_woken", "n_tty_read"):
                    return
            time.sleep(0.01)
        self.close()
        pytest.fail(f"the program did not wait for input within {timeout:.0f} s")

    def wait(self, timeout: float = 30.0) -> int:
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self.close()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        try:
            os.close(self.master)
        except OSError:
            pass


def test_init_asks_one_question_at_a_time_in_a_terminal(tmp_path):
    terminal = Terminal(["init", "payroll.yaml"], tmp_path)
    terminal.answer("Team name:", "Payroll")
    terminal.answer("Department:", "Finance")
    terminal.answer("Who would have a problem if we stopped?", "HR Advisory")
    terminal.answer("What do we deliver to HR Advisory?", "Monthly salary overview")
    terminal.answer("What does HR Advisory really need?", "Correct contracts before the cut-off")
    terminal.answer("Is there a written agreement with HR Advisory?", "https://intranet.example/sla")
    terminal.answer("Is HR Advisory outside the organisation?", "no")
    terminal.answer("How did we last ask HR Advisory", "survy")
    terminal.expect("did you mean 'survey'?")  # asked again, with a hint
    terminal.answer("How did we last ask HR Advisory", "review")
    terminal.answer("How often do we ask?", "quarterly")
    terminal.answer("When did we last ask them?", "2026-09-14")
    terminal.answer("What score did they give?", "8")
    terminal.answer("Who would have a problem if we stopped?", "")
    terminal.expect("wrote payroll.yaml")
    assert terminal.wait() == 0
    team = chainmap.load(tmp_path / "payroll.yaml").teams[0]
    assert (team.name, team.department) == ("Payroll", "Finance")
    link, = team.customers
    assert (link.customer_ref, link.delivers, link.need, link.agreement, link.external) == (
        "HR Advisory", "Monthly salary overview", "Correct contracts before the cut-off",
        "https://intranet.example/sla", False)
    loop, = link.feedback
    assert (loop.kind, loop.cadence, loop.last, loop.score) == ("review", "quarterly", date(2026, 9, 14), 8)


def test_init_in_a_terminal_refuses_an_existing_file_before_asking(tmp_path):
    (tmp_path / "payroll.yaml").write_text("team: Payroll\n", encoding="utf-8")
    terminal = Terminal(["init", "payroll.yaml"], tmp_path)
    terminal.expect("error[exists]: 'payroll.yaml' already exists")
    assert terminal.wait() == EXIT_INVALID
    assert (tmp_path / "payroll.yaml").read_text(encoding="utf-8") == "team: Payroll\n"


def test_init_reads_answers_piped_in_and_names_the_file_after_the_team(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    answers = "\n".join(["Patiëntenzorg", "", "Patients", "Care at home", "", "", "yes", "", "Wards", "",
                         "", "", "", "survey", "", "", "6", ""]) + "\n"
    result = CliRunner().invoke(main, ["init", "--lang", "nl"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Wie heeft er last van als wij stoppen?" in result.output
    text = (tmp_path / "patientenzorg.yaml").read_text(encoding="utf-8")
    assert "# Klanten: wie heeft er last van als wij stoppen?" in text
    team = chainmap.load(tmp_path / "patientenzorg.yaml").teams[0]
    patients, wards = team.customers
    assert (patients.delivers, patients.external, patients.feedback) == ("Care at home", True, ())
    assert [(loop.kind, loop.score) for loop in wards.feedback] == [("survey", 6)]


def test_input_that_ends_early_writes_nothing(tmp_path):
    # A real process with a real pipe: the input ends after the first answer.
    result = subprocess.run([sys.executable, "-m", "chainmap", "init", "team.yaml"], input=b"Payroll\n",
                            capture_output=True, cwd=tmp_path, timeout=60)
    assert result.returncode == EXIT_INVALID
    assert b"error[input]: the input ended before the questions did" in result.stderr
    assert b"Traceback" not in result.stderr
    assert not (tmp_path / "team.yaml").exists()


def test_no_input_writes_the_same_file_from_flags(tmp_path):
    asked = tmp_path / "asked.yaml"
    answers = "\n".join(["Payroll", "Finance", "HR Advisory", "Salary overview", "", "", "", "review", "",
                         "2026-09-14", "8", "Employees", "", "", "", "yes", "", ""]) + "\n"
    assert CliRunner().invoke(main, ["init", str(asked)], input=answers).exit_code == 0
    flagged = tmp_path / "flagged.yaml"
    result = CliRunner().invoke(main, [
        "init", str(flagged), "--no-input", "--team", "Payroll", "--department", "Finance",
        "--customer", "HR Advisory", "--delivers", "Salary overview", "--kind", "review", "--last", "2026-09-14",
        "--score", "8", "--customer", "Employees", "--delivers", "", "--kind", "", "--last", "", "--score", "",
        "--external", "", "--external", "yes"])
    assert result.exit_code == 0, result.output
    assert flagged.read_text(encoding="utf-8") == asked.read_text(encoding="utf-8")


def test_no_input_reports_every_bad_flag_at_once(tmp_path):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "t.yaml"), "--no-input", "--customer", "HR",
                                       "--customer", "IT", "--kind", "chat", "--kind", "review",
                                       "--score", "12"])
    assert result.exit_code == EXIT_INVALID
    assert result.output.splitlines() == [
        "chainmap: error[bad-kind]: --kind: unknown feedback kind 'chat'; use one of: conversation, review, retro, "
        "callback, interview, visit, demo, workshop, survey, nps, score, complaints, tickets",
        "chainmap: error[empty-name]: --team: an answer is needed here",
        "chainmap: error[usage]: 1 --score for 2 --customer; give --score once per --customer, in the same order "
        "('' for none)",
    ]
    assert not (tmp_path / "t.yaml").exists()


@pytest.mark.skipif(not os.path.exists("/proc/self/wchan"), reason="needs Linux's /proc to see the read")
def test_ctrl_c_in_the_middle_of_the_questions_writes_nothing(tmp_path):
    terminal = Terminal(["init", "payroll.yaml"], tmp_path)
    terminal.answer("Team name:", "Payroll")
    terminal.expect("Department:")
    terminal.wait_until_reading()
    os.write(terminal.master, b"\x03")  # the terminal turns it into SIGINT
    terminal.expect("chainmap: interrupted")
    assert terminal.wait() == 130
    assert list(tmp_path.iterdir()) == []


def test_a_customer_that_is_the_team_or_named_twice_is_asked_again(tmp_path):
    answers = "\n".join(["Payroll", "", "payroll", "HR", "", "", "", "", "", "hr", "Finance", "", "", "", "",
                         "", ""]) + "\n"
    result = CliRunner().invoke(main, ["init", str(tmp_path / "p.yaml")], input=answers)
    assert result.exit_code == 0, result.output
    assert "'payroll' is this team; a team's customers are other teams" in result.output
    assert "'hr' is a customer already" in result.output
    team = chainmap.load(tmp_path / "p.yaml").teams[0]
    assert [link.customer_ref for link in team.customers] == ["HR", "Finance"]


def test_customer_options_without_no_input_are_refused_not_ignored(tmp_path):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "p.yaml"), "--customer", "HR"], input="Payroll\n")
    assert result.exit_code == EXIT_INVALID
    assert "--customer and the options for customers need --no-input" in result.output
    assert not (tmp_path / "p.yaml").exists()
