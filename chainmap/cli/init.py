"""`chainmap init`: start a team file by answering the seeds' questions, one at a time."""

from __future__ import annotations

import os

import click

from ..api import loads
from ..errors import UsageError, usage_problem
from ..i18n import translator
from ..link_rows import CellError
from ..model import FEEDBACK_KINDS, NAMED_CADENCES, slugify
from ..output import check_writable, write_output
from ..team_init import CUSTOMER_QUESTION, LINK_QUESTIONS, TEAM_QUESTIONS, build_team, read_answer, read_customer
from ..team_yaml import team_yaml
from .common import echo, lang_option, reports_errors

# The per-customer flags, each given once per --customer, in the same order.
_LINK_FLAGS = {question.key: question for question in LINK_QUESTIONS}


def _refuse_existing(path: str) -> None:
    if os.path.lexists(path):
        raise UsageError([usage_problem("exists", f"'{path}' already exists", "nothing was written; "
                                        "choose another file name, or edit that file", path)])


@click.command()
@click.argument("file", metavar="[FILE]", required=False, type=click.Path(path_type=str))
@click.option("--no-input", is_flag=True, help="Ask nothing: take the answers from the options below (for scripts).")
@click.option("--team", metavar="NAME", help="The team's name.")
@click.option("--department", metavar="NAME", help="The team's department.")
@click.option("--customer", "customers", multiple=True, metavar="NAME",
              help="A customer (repeat for each). The options below are given once per --customer, in the "
                   "same order ('' for none), or not at all.")
@click.option("--delivers", multiple=True, metavar="TEXT", help="What we deliver to the customer.")
@click.option("--need", multiple=True, metavar="TEXT", help="What the customer really needs.")
@click.option("--agreement", multiple=True, metavar="WHERE", help="Where the written agreement is.")
@click.option("--external", multiple=True, metavar="yes|no", help="Whether the customer is outside the organisation.")
@click.option("--kind", multiple=True, metavar="KIND", help=f"How we last asked: {', '.join(FEEDBACK_KINDS)}.")
@click.option("--cadence", multiple=True, metavar="CADENCE",
              help=f"How often: {', '.join(NAMED_CADENCES)} or 'N days|weeks|months'.")
@click.option("--last", multiple=True, metavar="DATE", help="When we last asked (YYYY-MM-DD).")
@click.option("--score", multiple=True, metavar="0-10", help="The score they gave.")
@lang_option
@reports_errors
def init(file, no_input, team, department, customers, lang, **per_customer):
    """Start a team file: answer the questions one at a time, and get a valid, commented FILE.

    Team name, department; then, for each customer (who would have a problem if
    we stopped?): what we deliver, what they really need, whether there is a
    written agreement, whether they are outside the organisation, when we last
    asked them and how, and the score they gave. Enter skips a question.

    FILE defaults to <team id>.yaml in the current folder. An existing file is
    never overwritten (exit 2). --no-input takes every answer from the options.

    \b
    Examples:
      chainmap init
      chainmap init teams/payroll.yaml --lang nl
      chainmap init payroll.yaml --no-input --team Payroll --department Finance \\
        --customer "HR Advisory" --delivers "Salary overview" --kind review --last 2026-09-14 --score 8
    """

    if file:
        _refuse_existing(file)
        check_writable(file)
    if no_input:
        answers = _from_flags(team, department, customers, per_customer)
    elif customers or any(per_customer.values()):
        raise UsageError([usage_problem("usage", "--customer and the options for customers need --no-input",
                                        "add --no-input, or leave them out and answer the questions")])
    else:
        answers = _ask(translator(lang), {"team": team, "department": department})
    path = file or f"{slugify(answers['team'])}.yaml"
    _refuse_existing(path)
    check_writable(path)
    text = team_yaml(build_team(answers), lang=lang, header=translator(lang)("teamfile.written-by", command="chainmap init"))
    loads(text, path)  # the answers were each checked: the file they make is valid
    write_output(path, text.encode("utf-8"))
    count = len(answers["customers"])
    echo(f"wrote {path}: {answers['team']}, {count} customer{'s' if count != 1 else ''}; "
         f"next: chainmap check {path}", err=True)


def _from_flags(team, department, customers, per_customer) -> dict:
    problems = []

    def read(question, value, what):
        try:
            return read_answer(question, value)
        except CellError as exc:
            problems.append(usage_problem(exc.rule, f"{what}: {exc}", exc.hint))
            return None

    answers = {"team": read(TEAM_QUESTIONS[0], team, "--team"),
               "department": read(TEAM_QUESTIONS[1], department, "--department"), "customers": []}
    for key, values in per_customer.items():
        if values and len(values) != len(customers):
            problems.append(usage_problem("usage", f"{len(values)} --{key} for {len(customers)} --customer",
                                          f"give --{key} once per --customer, in the same order ('' for none)"))
    for number, name in enumerate(customers):
        try:
            answer = {"team": read_customer(answers, name)}
        except CellError as exc:
            problems.append(usage_problem(exc.rule, f"--customer: {exc}", exc.hint))
            answer = {"team": None}
        for key, values in per_customer.items():
            if len(values) == len(customers):
                answer[key] = read(_LINK_FLAGS[key], values[number], f"--{key}")
        if answer["team"]:
            answers["customers"].append(answer)
    if problems:
        raise UsageError(problems)
    return answers


def _ask(t, given: dict) -> dict:
    """Every question in turn; a bad answer is explained and asked again."""
    fields = {"kinds": ", ".join(FEEDBACK_KINDS), "cadences": ", ".join(NAMED_CADENCES)}
    echo(t("init.intro"), err=True)
    answers = {}
    for question in TEAM_QUESTIONS:
        answers[question.key] = given.get(question.key) or _prompt(t, question, fields)
    answers["customers"] = []
    while True:
        name = _prompt(t, CUSTOMER_QUESTION, fields, lambda text: read_customer(answers, text))
        if not name:
            return answers
        answer = {"team": name}
        for question in LINK_QUESTIONS:
            if question.after_kind and not answer.get("kind"):
                continue
            answer[question.key] = _prompt(t, question, dict(fields, customer=name))
        answers["customers"].append(answer)


def _prompt(t, question, fields: dict, read=None):
    while True:
        try:
            asked = t(question.prompt, **fields)
            text = click.prompt(asked, default="", show_default=False, err=True,
                                prompt_suffix=" " if asked.endswith(("?", ")")) else ": ")
        except click.Abort:
            raise UsageError([usage_problem("input", "the input ended before the questions did",
                                            "nothing was written; answer every question, or use --no-input")]) \
                from None
        try:
            return read(text) if read else read_answer(question, text)
        except CellError as exc:
            echo(f"  {exc}" + (f"; {exc.hint}" if exc.hint else ""), err=True)
