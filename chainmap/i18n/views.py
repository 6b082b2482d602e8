"""Words of the overview in Mermaid and of the picture of a change (``chainmap diff -o``)."""

MESSAGES = {
    # The Mermaid overview's legend: a sample box for a department.
    "view.department": {"en": "Department", "nl": "Afdeling"},
    # A dense overview's arrows count their links in symbols, as the table's cells do.
    "view.symbols": {"en": "On an arrow: its links; {none} no feedback loop, {stale} stale, {hearing} hearing only",
                     "nl": "Op een pijl: de schakels; {none} geen feedbacklus, {stale} verouderd, {hearing} alleen horen"},
    # The picture of a change: the mark on each changed link, after its symbol (+ ▲ ▼ ✗).
    "change.new.mark": {"en": "NEW", "nl": "NIEUW"},
    "change.better.mark": {"en": "BETTER", "nl": "BETER"},
    "change.worse.mark": {"en": "WORSE", "nl": "SLECHTER"},
    "change.gone.mark": {"en": "GONE", "nl": "VERDWENEN"},
    # Under a better, worse or gone link: what it was.
    "change.was": {"en": "was {state}", "nl": "was {state}"},
    # On a department's box: the changed links inside it, counted per kind.
    "change.inside": {"en": "inside: {changes}", "nl": "binnen: {changes}"},
    # A team added, removed or renamed.
    "change.team.new": {"en": "new team", "nl": "nieuw team"},
    "change.team.gone": {"en": "team gone", "nl": "team verdwenen"},
    "change.team.renamed": {"en": "renamed from {name}", "nl": "hernoemd van {name}"},
    # The legend of the picture.
    "change.legend.title": {"en": "What changed from {old} to {new}", "nl": "Wat veranderde van {old} naar {new}"},
    "change.new.legend": {"en": "new link", "nl": "nieuwe schakel"},
    "change.better.legend": {"en": "better feedback than before", "nl": "betere feedback dan eerst"},
    "change.worse.legend": {"en": "worse feedback than before", "nl": "slechtere feedback dan eerst"},
    "change.gone.legend": {"en": "gone: in the old map only", "nl": "verdwenen: alleen in de oude kaart"},
    "change.unchanged.legend": {"en": "unchanged: dimmed", "nl": "onveranderd: gedimd"},
}
