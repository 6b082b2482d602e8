"""The map as data for analysts: GraphML, GEXF and node-link JSON, through networkx's own writers.

Gephi, yEd, Cytoscape and networkx itself read these.  Nodes are team ids;
edges run supplier -> customer.  Every node carries the team's attributes
(``name``, ``department``, ``description``, ``contact``, ``described``,
``external``, ``source``) and ``findings``; every edge the link's
(``delivers``, ``need``, ``agreement``, ``declared_by``, ...), its ``state``,
the feedback facts ``feedback_loops``, ``latest_score`` and ``feedback``, and
``findings``.

GraphML and GEXF hold neither None nor nested values: an attribute without a
value is left out of that node or edge, a date is written as ``YYYY-MM-DD``,
a character XML cannot hold (a control character) as its escape (``\\x1b``),
the feedback loops (and any other list of records) as a JSON string, and
``findings`` as the rule ids separated by spaces.  JSON keeps None as
``null``, the loops as a list and ``findings`` as a list.

The same map and ``as_of`` give the same bytes: nodes and edges keep the
input's order, and GEXF's ``lastmodifieddate`` is the ``as_of`` day.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
from datetime import date

from ..link_rows import COLUMNS, csv_bytes, rows_from_graph
from ..model import Source, latest_score
from ..rules import link_state
from ..text import escape_char, json_text

# A spreadsheet (Excel, LibreOffice, Google Sheets) runs a cell that starts with one of these as a
# formula: a team called "=HYPERLINK(...)" must stay a name.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: str) -> str:
    """A cell's text, safe from formula injection: one starting ``=``, ``+``, ``-``, ``@``, tab or CR gets a ``'``.

    Spreadsheets show the ``'`` as nothing; ``chainmap import`` takes it off again.
    """
    return f"'{value}" if value.startswith(_FORMULA_START) else value


# What XML 1.0 cannot hold at all, not even as a character reference: GraphML and GEXF show it
# as its escape (``\\x1b``), as chainmap's other outputs do.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# The team's fields that are edges, not attributes of a node.
_TEAM_SKIPPED = ("id", "customers", "suppliers")
# The link's fields that are the edge itself.
_LINK_SKIPPED = ("supplier", "customer")


def _plain(value):
    """A model value as JSON data: dates as ISO text, a Source as ``path:line:col``, records as dicts."""
    if isinstance(value, Source):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    return value


def _findings_by_subject(findings):
    nodes: dict[str, list[str]] = {}
    edges: dict[tuple[str, str], list[str]] = {}
    for problem in findings:
        subject = problem.subject or ()
        if subject[:1] == ("link",):
            targets = [(edges, (subject[1], subject[2]))]
        elif subject[:1] in (("team",), ("teams",)):
            targets = [(nodes, member) for member in subject[1:]]
        else:
            continue
        for table, key in targets:
            rules = table.setdefault(key, [])
            if problem.rule not in rules:
                rules.append(problem.rule)
    return nodes, edges


def export_graph(job, nested: bool):
    """The shown map as a plain DiGraph of plain values, ready for a writer.

    ``nested`` keeps None, lists and records (JSON); without it, None is left
    out, records become JSON text and ``findings`` space-separated text
    (GraphML and GEXF).
    """
    import networkx as nx

    node_findings, edge_findings = _findings_by_subject(job.findings)
    organization = job.shown.graph.get("organization")
    out = nx.DiGraph()
    out.graph.update(_flat({"organization": organization, "as_of": job.as_of.isoformat()}, nested))
    for node, data in job.shown.nodes(data=True):
        team = data.get("team")
        attributes = {"name": data["name"], "department": data.get("department"),
                      "described": bool(data["described"]), "external": bool(data["external"])}
        if team is not None:
            for f in dataclasses.fields(team):
                if f.name not in _TEAM_SKIPPED and f.name not in attributes:
                    attributes[f.name] = _plain(getattr(team, f.name))
        else:
            attributes.update(description=None, contact=None)
        attributes["source"] = _plain(data.get("source"))
        attributes["findings"] = node_findings.get(node, [])
        out.add_node(node, **_flat(attributes, nested))
    for supplier, customer, data in job.shown.edges(data=True):
        link = data["link"]
        attributes = {}
        for f in dataclasses.fields(link):
            if f.name not in _LINK_SKIPPED:
                attributes[f.name] = _plain(getattr(link, f.name))
        score = latest_score(link)
        attributes["feedback"] = [dict(_plain(loop), listening=loop.listening, current=loop.is_current(job.as_of))
                                  for loop in link.feedback]
        attributes.update(state=link_state(link, job.as_of), feedback_loops=len(link.feedback),
                          latest_score=None if score is None else float(score),
                          findings=edge_findings.get((supplier, customer), []))
        out.add_edge(supplier, customer, **_flat(attributes, nested))
    return out


def _flat(attributes: dict, nested: bool) -> dict:
    if nested:
        return attributes
    flat = {}
    for key, value in attributes.items():
        if value is None:
            continue
        if key == "findings":
            value = " ".join(value)
        elif isinstance(value, (list, dict)):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        if isinstance(value, str):
            value = _NOT_XML.sub(lambda match: escape_char(match.group()), value)
        flat[key] = value
    return flat


def render_graphml(job) -> bytes:
    """GraphML (yEd, Gephi, Cytoscape): one ``<data>`` key per attribute, typed."""
    import networkx as nx

    buffer = io.BytesIO()
    # The plain-XML writer, not lxml's: the same bytes wherever chainmap runs.
    nx.write_graphml_xml(export_graph(job, nested=False), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def render_gexf(job) -> bytes:
    """GEXF 1.2 (Gephi): nodes labelled with the team's name; ``lastmodifieddate`` is the as-of day."""
    from networkx.readwrite.gexf import GEXFWriter

    graph = export_graph(job, nested=False)
    for node, data in graph.nodes(data=True):
        data["label"] = data["name"]
    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    meta = writer.xml.find("meta")
    meta.set("lastmodifieddate", job.as_of.isoformat())
    meta.find("creator").text = "chainmap"
    writer.add_graph(graph)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def render_json(job) -> bytes:
    """networkx's node-link JSON (``nx.node_link_graph`` reads it back): None as null, loops as lists."""
    import networkx as nx

    document = nx.node_link_data(export_graph(job, nested=True), edges="edges")
    text = json_text(json.dumps(document, indent=2, ensure_ascii=False))
    return (text + "\n").encode("utf-8")


# Kumu (kumu.io) imports a spreadsheet of elements and one of connections: "Label" or "ID" first,
# "From" and "To" naming elements, several values in a cell separated by "|".
KUMU_ELEMENTS = ("ID", "Label", "Type", "Department", "Description", "Contact", "Described", "External",
                 "Source", "Tags")
KUMU_CONNECTIONS = ("From", "To", "Type", "Label", "Need", "Agreement", "Declared by", "Feedback loops",
                    "Latest score", "Feedback", "Source", "Tags")


def _kumu_type(data: dict) -> str:
    if data.get("external"):
        return "end customer"
    return "team" if data.get("described") else "undescribed team"


def render_kumu(job) -> bytes:
    """A ZIP of ``elements.csv`` and ``connections.csv`` for Kumu's spreadsheet import.

    Elements are keyed by team id (the ``ID`` column), connections name them
    in ``From`` and ``To``; ``Type`` is the team's kind and the link's state;
    ``Tags`` are the rule ids of the findings, separated by ``|``.  Booleans
    are ``true``/``false``, the feedback loops a JSON string.
    """
    import zipfile

    graph = export_graph(job, nested=True)

    def flag(value) -> str:
        return "true" if value else "false"

    elements = [(node, data["name"], _kumu_type(data), data.get("department"), data.get("description"),
                 data.get("contact"), flag(data["described"]), flag(data["external"]), data.get("source"),
                 "|".join(data["findings"]))
                for node, data in graph.nodes(data=True)]
    connections = [(supplier, customer, data["state"], data.get("delivers"), data.get("need"),
                    data.get("agreement"), data["declared_by"], data["feedback_loops"],
                    "" if data["latest_score"] is None else f"{data['latest_score']:g}",
                    json.dumps(data["feedback"], ensure_ascii=False, sort_keys=True) if data["feedback"] else "",
                    data.get("source"), "|".join(data["findings"]))
                   for supplier, customer, data in graph.edges(data=True)]
    buffer = io.BytesIO()
    # Fixed times and modes: the same map gives the same bytes.
    stamp = (max(job.as_of.year, 1980), job.as_of.month, job.as_of.day, 0, 0, 0)

    def cells(rows):  # Kumu's import is a spreadsheet too: no name may start a formula
        return [[spreadsheet_cell(value) if isinstance(value, str) else value for value in row] for row in rows]

    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in (("elements.csv", csv_bytes(KUMU_ELEMENTS, cells(elements))),
                           ("connections.csv", csv_bytes(KUMU_CONNECTIONS, cells(connections)))):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def render_csv(job) -> bytes:
    """The links as a spreadsheet, one row per feedback loop, in the columns ``chainmap import`` reads.

    The same shape goes back in: ``chainmap import`` of this file writes team files that load to the
    same teams, links and loops (see chainmap.link_rows).  UTF-8 with a byte-order mark, so Excel reads
    the accents; cells that would start a formula are escaped (:func:`spreadsheet_cell`).
    """

    rows = [[spreadsheet_cell(cell) for cell in row] for row in rows_from_graph(job.shown)]
    return b"\xef\xbb\xbf" + csv_bytes(COLUMNS, rows)
