"""The report as one self-contained HTML file: inline SVG diagrams, inline CSS, printable.

Printing it (A4) puts the title page, the contents and the summary first, the
whole map on a landscape page, and each team on a page of its own, with page
numbers.  Every name from the input is escaped; the SVG diagrams were escaped
by the DOT writer already.  Control and direction characters show as their
escapes (``\\x1b``, ``\\u202e``: :mod:`chainmap.text`), never as the
character itself nor as a numeric reference to it.
"""

from __future__ import annotations

import html
import re

from ..i18n import percent_text, translator
from ..render.theme import DEFAULT
from ..rules import STATE_SYMBOLS
from ..text import document_text, markup_layout
from . import Output, Progress, diagrams
from .content import EXTERNAL, UNDESCRIBED, Report, TeamSection
from .wording import (GAPS_LISTED, agreement_text, approval_text, customer_notes, customer_rows, department_anchor,
                      figure_rows, team_anchor, team_promises)

def escape(value) -> str:
    """Text that shows literally in HTML: markup escaped, control and direction characters as escapes."""
    return html.escape(document_text(value))


STATE_COLOURS = {state: look.color for state, look in DEFAULT.links.items()}

CSS = """
:root { --ink: #1a1a1a; --muted: #555; --line: #c9cfd8; --soft: #f3f6fa; --accent: #2b4c7e; }
* { box-sizing: border-box; }
html { font-family: "Segoe UI", "Helvetica Neue", Arial, "Noto Sans", sans-serif; color: var(--ink);
       font-size: 15px; line-height: 1.45; }
body { margin: 0 auto; max-width: 64rem; padding: 2rem 1.5rem 4rem; }
h1, h2, h3 { color: var(--accent); line-height: 1.2; }
h1 { font-size: 2.4rem; margin: .2rem 0 .6rem; }
h2 { font-size: 1.6rem; margin: 0 0 .3rem; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
a { color: var(--accent); }
section, header.title-page, nav.toc { margin: 0 0 3rem; }
.kicker { text-transform: uppercase; letter-spacing: .12em; color: var(--muted); font-weight: 600; }
.subtitle { font-size: 1.25rem; margin: 0 0 1rem; }
.date { color: var(--muted); font-weight: 600; }
.intro { max-width: 40rem; }
.dept { color: var(--muted); margin: 0 0 1rem; font-weight: 600; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
td.date { white-space: nowrap; }
thead th, th.sub { background: var(--soft); }
tr { break-inside: avoid; }
td.num { text-align: right; }
.need { display: block; color: var(--muted); font-style: italic; }
.note-ask { display: block; color: #a15c00; font-weight: 600; }
.note-good { display: block; color: #2e7d32; font-weight: 600; }
.approval { display: block; color: var(--muted); font-size: .85em; }
.approval.warn { color: #a15c00; font-weight: 600; }
.nowrap { white-space: nowrap; }
ul.needs li, ul.changes li { margin: .2rem 0; }
.needs .where { color: var(--muted); font-size: .9em; }
h4.worse { color: #b42318; } h4.better { color: #2e7d32; }
section.changes figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
table.then-now { width: auto; min-width: 24rem; }
.small { color: var(--muted); font-size: .85em; }
.state { font-weight: 700; }
.end-customer, .undescribed { display: block; color: var(--muted); font-size: .85em; font-style: italic; }
figure { margin: 1rem 0; break-inside: avoid; }
figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { color: var(--muted); font-size: .85rem; text-align: center; margin-top: .3rem; }
ol.steps li, ul.gaps li { margin: .2rem 0; }
nav.toc ol { list-style: none; padding-left: 0; }
nav.toc ol ol { padding-left: 1.2rem; }
nav.toc li { margin: .15rem 0; }
.figures { width: auto; min-width: 24rem; }
table.departments { font-size: .85rem; }
table.departments td:last-child { font-size: .8rem; }
.page-header { color: var(--muted); border-bottom: 1px solid var(--line); margin-bottom: 1.2rem;
               display: flex; justify-content: space-between; }
@page { size: A4; margin: 16mm 15mm 18mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #555; } }
@page wide { size: A4 landscape; margin: 12mm; }
@media print {
  html { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  section, header.title-page, nav.toc { margin: 0; }
  nav.toc, section.summary, section.team, section.map, section.changes { break-before: page; }
  section.map.wide { page: wide; }
  section.map svg { max-height: 150mm; width: auto; }
  section.map:not(.wide) svg { max-height: 225mm; }
  section.team figure svg { max-height: 120mm; width: auto; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def html_output(report: Report, *, progress=None, **_) -> Output:
    """The whole report (or one team's page) as one HTML file."""
    t = translator(report.lang)
    advance = Progress(report, progress).advance

    parts = [f'<!DOCTYPE html>\n<html lang="{report.lang}">\n<head>\n<meta charset="utf-8">\n'
             f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
             f"<title>{escape(_document_title(report, t))}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"]
    if report.single_team:
        parts.append(f'<div class="page-header"><span>{escape(report.title)}</span>'
                     f'<span>{escape(t("report.as-of", date=report.date_text))}</span></div>\n')
    else:
        parts += [_title_page(report, t), _contents(report, t)]
        if report.overview is not None and report.overview.kind == "overview":
            parts += [_map(report, t), _summary(report, t), _map_changes(report, t)]
            advance()
        elif report.overview is not None:
            parts += [_summary(report, t), _map_changes(report, t), _map(report, t)]
            advance()
        else:
            parts += [_summary(report, t), _map_changes(report, t)]
        for index, diagram in enumerate(report.department_maps):
            parts.append(_department_map(report, diagram, t, first=index == 0))
            advance()
    for section in report.teams:
        # Each page made safe and encoded as it is written: 5,000 teams are 200 MB of HTML, and
        # holding it as text, joined, made safe and encoded at once took 2 GB.
        parts.append(markup_layout(_team(report, section, t, legend=report.single_team)).encode("utf-8"))
        advance()
    parts.append("</body>\n</html>\n")
    # Whatever reached the page without escape() (the diagrams' SVG, say) is shown, not interpreted, too.
    return Output(b"".join(part if isinstance(part, bytes) else markup_layout(part).encode("utf-8") for part in parts),
                  len(report.teams))


def _document_title(report: Report, t) -> str:
    if report.single_team:
        return f"{report.teams[0].name} · {report.title}"
    return f"{report.title} · {t('report.kicker')}"


def _title_page(report: Report, t) -> str:
    return ('<header class="title-page">\n'
            f'<p class="kicker">{escape(t("report.kicker"))}</p>\n'
            f"<h1>{escape(report.title)}</h1>\n"
            f'<p class="subtitle">{escape(t("report.subtitle"))}</p>\n'
            f'<p class="date">{escape(t("report.as-of", date=report.date_text))}</p>\n'
            f'<p class="intro">{escape(t("report.intro"))}</p>\n</header>\n')


def _contents(report: Report, t) -> str:
    summary = f'<li><a href="#summary">{escape(t("report.summary.title"))}</a></li>'
    if report.changes is not None:
        summary += f'<li><a href="#changes">{escape(report.changes.title)}</a></li>'
    if report.overview is None:
        items = [summary]
    elif report.overview.kind == "overview":
        items = [f'<li><a href="#map">{escape(t("report.overview.title"))}</a></li>', summary]
    else:
        items = [summary, f'<li><a href="#map">{escape(t("report.map.title"))}</a></li>']
    if report.department_maps:
        maps = "".join(f'<li><a href="#{department_anchor(d.key)}">{escape(d.key)}</a></li>'
                       for d in report.department_maps)
        items.append(f'<li><a href="#departments">{escape(t("report.departments.title"))}</a><ol>{maps}</ol></li>')
    for department in report.departments:
        name = department.name or t("report.no-department")
        teams = "".join(f'<li><a href="#{team_anchor(node)}">{escape(report.team(node).name)}</a></li>'
                        for node in department.teams)
        items.append(f"<li>{escape(name)}<ol>{teams}</ol></li>")
    return (f'<nav class="toc" id="contents">\n<h2>{escape(t("report.contents"))}</h2>\n'
            f'<ol>{"".join(items)}</ol>\n</nav>\n')


def _summary(report: Report, t) -> str:
    parts = [f'<section class="summary" id="summary">\n<h2>{escape(t("report.summary.title"))}</h2>\n']
    if report.figures is not None:
        parts.append(_figures(report, t))
    if report.summary_rows:
        parts.append(_department_rows(report, t))
    if report.figures is not None:
        parts.append(_gaps(report, t))
    parts.append("</section>\n")
    return "".join(parts)


def _department_rows(report: Report, t) -> str:

    head = "".join(f'<th class="num">{escape(t(f"report.col.{key}"))}</th>' for key in ("teams", "links", "coverage"))
    head += "".join(f'<th class="num" style="color:{STATE_COLOURS[state]}" title="{escape(t(f"state.{state}"))}">'
                    f'{STATE_SYMBOLS[state]}</th>' for state, _ in report.summary_rows[0].states)
    rows = []
    for row in report.summary_rows:
        cells = [f'<th scope="row">{escape(row.name or t("report.no-department"))}</th>',
                 f'<td class="num">{row.teams}</td>', f'<td class="num">{row.links}</td>',
                 f'<td class="num">{escape(percent_text(row.coverage, t.lang)) if row.coverage is not None else "–"}'
                 '</td>']
        cells += [f'<td class="num">{count}</td>' for _, count in row.states]
        first = "<br>".join(
            f'{STATE_SYMBOLS[link.state]} <a href="#{team_anchor(link.supplier)}">{escape(link.supplier_name)}</a>'
            f" → {escape(link.customer_name)}" if report.has_page(link.supplier) else
            f"{STATE_SYMBOLS[link.state]} {escape(link.supplier_name)} → {escape(link.customer_name)}"
            for link in row.worst) or "–"
        cells.append(f"<td>{first}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    title = f'<h3>{escape(t("report.by-department"))}</h3>\n' if report.figures is not None else ""
    return (f'{title}<p>{escape(t("report.by-department.intro"))}</p>\n'
            f'<table class="departments"><thead><tr><th>{escape(t("report.col.department"))}</th>{head}'
            f'<th>{escape(t("report.col.first"))}</th></tr></thead><tbody>{"".join(rows)}</tbody></table>\n')


def _map_changes(report: Report, t) -> str:
    """``--since``: what changed in the whole map, and the coverage chart (inline SVG)."""
    changes = report.changes
    if changes is None:
        return ""
    rows = "".join(f'<tr><th scope="row">{_state_badge(state, t)}</th><td class="num">{before}</td>'
                   f'<td class="num">{after}</td></tr>' for state, before, after in changes.states)
    parts = [f'<section class="changes" id="changes">\n<h2>{escape(changes.title)}</h2>\n'
             f'<p><strong>{escape(changes.coverage)}</strong></p>\n'
             f'<table class="then-now"><thead><tr><th>{escape(t("report.changes.states"))}</th>'
             f'<th class="num">{escape(t("report.changes.then"))}</th><th class="num">{escape(t("report.changes.now"))}'
             f'</th></tr></thead><tbody>{rows}</tbody></table>\n',
             _change_lists(changes, t, t("report.changes.map.none"))]
    if changes.chart:
        svg = _PROLOGUE.sub("", changes.chart["svg"].decode("utf-8")).strip()
        parts.append(f"<figure>\n{svg}\n<figcaption>{escape(changes.chart_caption)}</figcaption>\n</figure>\n")
    parts.append("</section>\n")
    return "".join(parts)


def _change_lists(changes, t, none: str) -> str:
    more = getattr(changes, "more", {})
    lists = [(key, getattr(changes, key)) for key in ("worse", "better", "opened")]
    if not any(items for _, items in lists):
        return f"<p>{escape(none)}</p>\n"
    parts = []
    for key, items in lists:
        if not items:
            continue
        entries = "".join(f"<li>{escape(item)}</li>" for item in items)
        if more.get(key):
            entries += f'<li class="more">{escape(t("report.changes.more", count=more[key]))}</li>'
        parts.append(f'<h4 class="{key}">{escape(t(f"report.changes.{key}"))} ({len(items) + more.get(key, 0)})</h4>'
                     f'\n<ul class="changes">{entries}</ul>\n')
    return "".join(parts)


def _department_map(report: Report, diagram, t, first: bool) -> str:
    svg = _svg(report, diagram, department_anchor(diagram.key))
    width, height = svg_size(svg)
    wide = " wide" if width > height else ""
    opening = (f'<h2 id="departments">{escape(t("report.departments.title"))}</h2>\n' if first else "")
    return (f'<section class="map{wide}" id="{department_anchor(diagram.key)}">\n{opening}'
            f"<h3>{escape(diagram.key)}</h3>\n" + _figure(svg, diagram) + "</section>\n")


def _gaps(report: Report, t) -> str:
    parts = [f'<h3>{escape(t("report.gaps.title"))}</h3>\n']
    if not report.gaps:
        parts.append(f'<p>{escape(t("report.gaps.none"))}</p>\n')
    else:
        parts.append(f'<p>{escape(t("report.gaps.intro"))}</p>\n')
    for group in report.gaps:
        items = "".join(f"<li><strong>{_owner_links(report, gap)}</strong>: {escape(gap.text)}</li>"
                        for gap in group.gaps[:GAPS_LISTED])
        if len(group.gaps) > GAPS_LISTED:
            items += f'<li class="more">{escape(t("report.gaps.more", count=len(group.gaps) - GAPS_LISTED))}</li>'
        parts.append(f'<h4>{escape(group.title)} ({len(group.gaps)})</h4>\n<ul class="gaps">{items}</ul>\n')
    return "".join(parts)


def _figures(report: Report, t) -> str:
    rows = "".join(f'<tr><th scope="row">{escape(label)}</th><td class="num">{escape(value)}</td></tr>'
                   for label, value in figure_rows(report.figures, t))
    rows += f'<tr><th colspan="2" class="sub">{escape(t("report.fig.states"))}</th></tr>'
    rows += "".join(f'<tr><th scope="row">{_state_badge(state, t)}</th><td class="num">{count}</td></tr>'
                    for state, count in report.figures.states)
    return f'<table class="figures"><tbody>{rows}</tbody></table>\n'


def _owner_links(report: Report, gap) -> str:
    if not gap.owners:
        return escape(gap.who)
    return ", ".join(f'<a href="#{team_anchor(node)}">{escape(report.team(node).name)}</a>'
                     for node in gap.owners)


def _state_badge(state: str, t) -> str:
    return (f'<span class="state" style="color:{STATE_COLOURS[state]}">'
            f'{escape(t(f"state.{state}"))}</span>')


def _map(report: Report, t) -> str:
    svg = _svg(report, report.overview, "map")
    width, height = svg_size(svg)
    # A wide map prints on a landscape page of its own.
    wide = " wide" if width > height else ""
    title = t("report.overview.title") if report.overview.kind == "overview" else t("report.map.title")
    return (f'<section class="map{wide}" id="map">\n<h2>{escape(title)}</h2>\n'
            + _figure(svg, report.overview) + "</section>\n")


def _svg(report: Report, diagram, prefix: str, legend: bool = True) -> str:
    return inline_svg(diagrams.draw(report, diagram, "svg", legend=legend).decode("utf-8"), prefix)


def _figure(svg: str, diagram) -> str:
    return f"<figure>\n{svg}\n<figcaption>{escape(diagram.caption)}</figcaption>\n</figure>\n"


_SIZE = re.compile(r'<svg[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"', re.S)


def svg_size(svg: str) -> tuple[float, float]:
    """A Graphviz SVG's width and height in points."""
    match = _SIZE.search(svg)
    return (float(match.group(1)), float(match.group(2))) if match else (0.0, 0.0)


_PROLOGUE = re.compile(r"\A\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?(<!--.*?-->\s*)*", re.S)
_ID = re.compile(r'\b(id|href|xlink:href)="(#?)([^"]*)"')


def inline_svg(svg: str, prefix: str) -> str:
    """Graphviz's SVG made fit to sit inside HTML with others: no XML prologue, ids made unique.

    Each drawing's ids (``team-payroll``, Graphviz's ``node1``...) get the
    drawing's prefix, so ids in one document never clash.  Classes stay.
    """
    svg = _PROLOGUE.sub("", svg)

    def prefixed(match):
        attribute, hash_, value = match.groups()
        if attribute != "id" and not hash_:
            return match.group(0)  # a link to elsewhere, not to an id in this drawing
        return f'{attribute}="{hash_}{prefix}-{value}"'

    return _ID.sub(prefixed, svg).strip()


def _team(report: Report, section: TeamSection, t, legend: bool) -> str:
    parts = [f'<section class="team" id="{team_anchor(section.id)}">\n<h2>{escape(section.name)}</h2>\n']
    if section.department:
        parts.append(f'<p class="dept">{escape(section.department)}</p>\n')
    facts = [(t("report.team.what"), section.description or t("report.team.no-description"))]
    if section.contact:
        facts.append((t("report.team.contact"), section.contact))
    parts.append('<dl class="facts">' + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
                 + "</dl>\n")
    parts.append(f'<h3>{escape(t("report.customers.title"))}</h3>\n')
    if section.customers:
        parts.append(f'<p>{escape(t("report.customers.intro"))}</p>\n{_customer_table(section, t)}')
    else:
        parts.append(f'<p>{escape(t("report.customers.none", team=section.name))}</p>\n')
    # What to do next right under whom we serve, then the chain around: as the PDF's page.
    parts.append(f'<h3>{escape(t("report.steps.title"))}</h3>\n')
    if section.steps:
        parts.append('<ol class="steps">' + "".join(f"<li>{escape(step.text)}</li>" for step in section.steps)
                     + "</ol>\n")
    else:
        parts.append(f'<p>{escape(t("report.steps.none"))}</p>\n')
    if section.changes is not None:
        parts.append(f'<h3>{escape(report.changes_title)}</h3>\n'
                     + _change_lists(section.changes, t, t("report.changes.none")))
    parts.append(_chain(section, t))
    parts.append(_needs(section, t))
    promises = team_promises(section.promises, t)
    if promises:
        parts.append(f'<h3>{escape(t("report.promises.title"))}</h3>\n<p>'
                     + "<br>".join(escape(line) for line in promises) + "</p>\n")
    parts.append(f'<h3>{escape(t("report.suppliers.title"))}</h3>\n{_supplier_table(section, t)}')
    parts.append(_figure(_svg(report, section.diagram, section.id, legend=legend), section.diagram))
    parts.append("</section>\n")
    return "".join(parts)


def _chain(section: TeamSection, t) -> str:
    if not section.customers:
        return ""
    second = (t("report.chain.second", names=", ".join(section.customers_of_customers))
              if section.customers_of_customers else t("report.chain.second.none"))
    end = (t("report.chain.end", names=", ".join(section.end_customers))
           if section.end_customers else t("report.chain.end.none"))
    return (f'<h3>{escape(t("report.chain.title"))}</h3>\n'
            f"<p>{escape(second)}<br>{escape(end)}</p>\n")


def _needs(section: TeamSection, t) -> str:
    if not section.customers_of_customers:  # the chain said: our customers serve no one else on the map
        return ""
    if not section.needs:
        return f'<h3>{escape(t("report.needs.title"))}</h3>\n<p>{escape(t("report.needs.none"))}</p>\n'
    items = "".join(f'<li><strong>{escape(need.need)}</strong> <span class="where">'
                    f'({escape("; ".join(need.links))})</span></li>' for need in section.needs)
    if section.more_needs:
        items += f'<li class="more">{escape(t("report.needs.more", count=section.more_needs))}</li>'
    return (f'<h3>{escape(t("report.needs.title"))}</h3>\n<p>{escape(t("report.needs.intro"))}</p>\n'
            f'<ul class="needs">{items}</ul>\n')


def _name_cell(row, t) -> str:
    text = f"<strong>{escape(row.name)}</strong>"
    if row.kind == EXTERNAL:
        text += f'<span class="end-customer">{escape(t("node.external.subtitle"))}</span>'
    elif row.kind == UNDESCRIBED:
        text += f'<span class="undescribed">{escape(t("node.undescribed.subtitle"))}</span>'
    return text


def _customer_table(section: TeamSection, t) -> str:
    head = "".join(f"<th>{escape(t(key))}</th>" for key in (
        "report.col.customer", "report.col.delivers", "report.col.kind", "report.col.cadence",
        "report.col.last", "report.col.score", "report.col.agreement"))
    body = []
    for row in section.customers:
        lines = customer_rows(row, t)
        span = f' rowspan="{len(lines)}"' if len(lines) > 1 else ""
        delivers = escape(row.delivers)
        for note in customer_notes(row, t):
            css = {"muted": "need", "ask": "note-ask", "good": "note-good"}[note.tone]
            delivers += f'<span class="{css}">{escape(note.text)}</span>'
        agreement = agreement_text(row.agreement, t)
        # A break opportunity after each slash lets a long address wrap at a sensible place.
        shown = escape(agreement).replace("/", "/<wbr>")
        agreement_cell = (f'<a href="{escape(row.agreement)}">{shown}</a>'
                          if row.agreement.startswith(("http://", "https://")) else shown)
        if row.approval:
            warn = " warn" if row.approval != "current" else ""
            # The date on one line: a narrow column would break it at its dashes.
            shown = escape(approval_text(row, t)).replace(row.approved, f'<span class="nowrap">{row.approved}</span>')
            agreement_cell += f'<span class="approval{warn}">{shown}</span>'
        for index, line in enumerate(lines):
            cells = []
            if index == 0:
                cells += [f"<td{span}>{_name_cell(row, t)}</td>", f"<td{span}>{delivers}</td>"]
            if line.note is not None:
                cells.append(f'<td colspan="4"><span class="state" style="color:{STATE_COLOURS[line.state]}">'
                             f"{escape(line.note)}</span></td>")
            else:
                last = escape(line.last)
                if line.overdue:
                    last += f'<br><span class="state" style="color:{STATE_COLOURS["stale"]}">({escape(t("loop.overdue"))})</span>'
                cells += [f"<td>{escape(line.kind)}</td>", f"<td>{escape(line.cadence)}</td>",
                          f'<td class="date">{last}</td>', f'<td class="num">{escape(line.score)}</td>']
            if index == 0:
                cells.append(f'<td{span}>{agreement_cell}</td>')
            body.append("<tr>" + "".join(cells) + "</tr>")
    widths = "".join(f'<col style="width:{w}%">' for w in (17, 25, 11, 12, 12, 6, 17))
    return (f'<table class="customers"><colgroup>{widths}</colgroup><thead><tr>{head}</tr></thead>\n<tbody>\n'
            + "\n".join(body)
            + "\n</tbody></table>\n")


def _supplier_table(section: TeamSection, t) -> str:
    if not section.suppliers:
        return f'<p>{escape(t("report.suppliers.none"))}</p>\n'
    head = "".join(f"<th>{escape(t(key))}</th>" for key in (
        "report.col.supplier", "report.col.delivers-us", "report.col.asks-us"))
    body = "".join(f"<tr><td>{_name_cell(row, t)}</td><td>{escape(row.delivers)}</td>"
                   f"<td>{_state_badge(row.state, t)}</td></tr>" for row in section.suppliers)
    return f'<table class="suppliers"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n'
