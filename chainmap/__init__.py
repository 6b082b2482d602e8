"""chainmap: map internal-customer chains and the feedback loops on each link.

Teams describe their customers in YAML; chainmap builds the customer-of-customer
chain as a networkx graph, finds the links without a real feedback loop, and
draws the chain with Graphviz.

>>> import chainmap
>>> chain_map = chainmap.load("examples/acme")
>>> result = chainmap.analyse(chain_map)      # or: graph, findings, summary = ...
>>> result.summary.feedback_coverage
>>> svg = chainmap.render(result.graph, "svg")

In a notebook, ``chain_map`` and ``result`` show themselves: the summary line and the drawing.
Heavy modules (networkx, pygraphviz) load on first use, so importing chainmap
is cheap.
"""

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "load": "api",
    "loads": "api",
    "analyse": "api",
    "Analysis": "api",
    "LoadedMap": "api",
    "build_graph": "graph",
    "downstream": "graph",
    "upstream": "graph",
    "focus_subgraph": "graph",
    "findings": "rules",
    "link_state": "rules",
    "RULES": "rules",
    "Summary": "rules",
    "LINK_STATES": "rules",
    "department_graph": "departments",
    "ChainMap": "model",
    "Team": "model",
    "Link": "model",
    "FeedbackLoop": "model",
    "Problem": "errors",
    "ChainmapError": "errors",
    "InputError": "errors",
}

# Imported eagerly: the subpackage chainmap.render would otherwise shadow the
# function of the same name.  Both modules are light (no Graphviz at import).
from .render import RenderOptions, render  # noqa: E402

__all__ = sorted([*_EXPORTS, "render", "RenderOptions", "__version__"])


def __getattr__(name):
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'chainmap' has no attribute {name!r}")
