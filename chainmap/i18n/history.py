"""Words on the chart of `chainmap history` (and of the report's "What changed since")."""

MESSAGES = {
    "history.coverage.title": {"en": "Feedback coverage", "nl": "Dekking met feedback"},
    "history.coverage.axis": {"en": "coverage (%)", "nl": "dekking (%)"},
    "history.coverage.line": {"en": "feedback coverage", "nl": "dekking met feedback"},
    "history.states.title": {"en": "Links per state", "nl": "Schakels per toestand"},
    "history.states.axis": {"en": "links", "nl": "schakels"},
    "history.better": {"en": "a link got better", "nl": "een schakel werd beter"},
    "history.invalid": {"en": "invalid map (not counted)", "nl": "ongeldige kaart (niet geteld)"},
}
