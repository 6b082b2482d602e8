"""Words on the chart of `chainmap history` (and of the report's "What changed since")."""

MESSAGES = {
    "history.coverage.title": {"en": "Feedback coverage", "nl": "Dekking met feedback"},
    "history.coverage.axis": {"en": "coverage (%)", "nl": "dekking (%)"},
    "history.coverage.line": {"en": "feedback coverage", "nl": "dekking met feedback"},
    "history.states.title": {"en": "Links per state", "nl": "Schakels per toestand"},
    "history.states.axis": {"en": "links", "nl": "schakels"},
    "history.better": {"en": "a link got better", "nl": "een schakel werd beter"},
    "history.invalid": {"en": "invalid map (not counted)", "nl": "ongeldige kaart (niet geteld)"},
    # The months on the chart's time axis, short.
    "history.month.1": {"en": "Jan", "nl": "jan"},
    "history.month.2": {"en": "Feb", "nl": "feb"},
    "history.month.3": {"en": "Mar", "nl": "mrt"},
    "history.month.4": {"en": "Apr", "nl": "apr"},
    "history.month.5": {"en": "May", "nl": "mei"},
    "history.month.6": {"en": "Jun", "nl": "jun"},
    "history.month.7": {"en": "Jul", "nl": "jul"},
    "history.month.8": {"en": "Aug", "nl": "aug"},
    "history.month.9": {"en": "Sep", "nl": "sep"},
    "history.month.10": {"en": "Oct", "nl": "okt"},
    "history.month.11": {"en": "Nov", "nl": "nov"},
    "history.month.12": {"en": "Dec", "nl": "dec"},
}
