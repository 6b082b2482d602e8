"""Findings phrased as next steps, for team pages, cards, tooltips and the interactive map.

Fields: ``team``, ``supplier``, ``customer`` (display names) and ``teams``
(a comma-separated list, for cycles).
"""

MESSAGES = {
    "step.no-feedback": {
        "en": "Plan a conversation with {customer}: no feedback loop yet",
        "nl": "Plan een gesprek met {customer}: nog geen feedbacklus",
    },
    "step.stale-feedback": {
        "en": "Talk to {customer} again: the last feedback loop is overdue",
        "nl": "Spreek {customer} opnieuw: de laatste feedbacklus is te lang geleden",
    },
    "step.hearing-only.scores": {
        "en": "Ask {customer} what is behind their scores: hearing is not listening",
        "nl": "Vraag {customer} wat er achter hun cijfers zit: horen is nog geen luisteren",
    },
    "step.hearing-only.signals": {
        "en": "Ask {customer} what is behind their tickets and complaints: hearing is not listening",
        "nl": "Vraag {customer} wat er achter hun meldingen en klachten zit: horen is nog geen luisteren",
    },
    "step.hearing-only.tickets": {
        "en": "Ask {customer} what is behind their tickets: hearing is not listening",
        "nl": "Vraag {customer} wat er achter hun meldingen zit: horen is nog geen luisteren",
    },
    "step.hearing-only.complaints": {
        "en": "Ask {customer} what is behind their complaints: hearing is not listening",
        "nl": "Vraag {customer} wat er achter hun klachten zit: horen is nog geen luisteren",
    },
    "step.undated-feedback": {
        "en": "Write down when {supplier} last asked {customer}: the feedback loop has no date",
        "nl": "Noteer wanneer {supplier} het {customer} voor het laatst vroeg: de feedbacklus heeft geen datum",
    },
    "step.no-customers": {
        "en": "Name the customers of {team}: who would have a problem if {team} stopped?",
        "nl": "Noem de klanten van {team}: wie heeft er last van als {team} stopt?",
    },
    "step.no-end-customer": {
        "en": "Follow the chain from {team} to the customer outside: who is your customer's customer?",
        "nl": "Volg de keten van {team} tot de klant buiten: wie is de klant van je klant?",
    },
    "step.undescribed": {
        "en": "Ask {team} to describe its customers in a team file",
        "nl": "Vraag {team} om zijn klanten in een teambestand te beschrijven",
    },
    "step.possible-typo": {
        "en": "Check the spelling of {team} in the file of {supplier}: did you mean {suggestion}?",
        "nl": "Controleer de schrijfwijze van {team} in het bestand van {supplier}: bedoel je {suggestion}?",
    },
    "step.unacknowledged": {
        "en": "Check with {customer} that they count on {supplier}: they do not list {supplier} as a supplier",
        "nl": "Ga na of {customer} op {supplier} rekent: {supplier} staat niet bij hun leveranciers",
    },
    "step.unrecognised-customer": {
        "en": "Add {customer} to the customers of {supplier}: {customer} counts on {supplier}",
        "nl": "Zet {customer} bij de klanten van {supplier}: {customer} rekent op {supplier}",
    },
    "step.no-agreement": {
        "en": "Write down the agreement between {supplier} and {customer}",
        "nl": "Leg de afspraken tussen {supplier} en {customer} vast",
    },
    "step.no-need": {
        "en": "Ask {customer} what problem they solve with what {supplier} delivers: the question behind the question",
        "nl": "Vraag {customer} welk probleem ze oplossen met wat {supplier} levert: de vraag achter de vraag",
    },
    "step.agreement-unapproved": {
        "en": "Have {customer} approve the agreement with {supplier}: written down is not yet agreed",
        "nl": "Laat {customer} de afspraken met {supplier} goedkeuren: vastgelegd is nog niet afgesproken",
    },
    "step.agreement-overdue": {
        "en": "Review the agreement with {customer} again: the approval is overdue",
        "nl": "Bespreek de afspraken met {customer} opnieuw: de goedkeuring is verlopen",
    },
    "step.promise-overdue": {
        "en": "Call {customer} before they call you: a promise is overdue and they were not told",
        "nl": "Bel {customer} voordat zij jou bellen: een toezegging is over tijd en ze weten het niet",
    },
    "step.promise-late": {
        "en": "Promise {customer} less and deliver more: a promise came late",
        "nl": "Beloof {customer} minder en lever meer: een toezegging kwam te laat",
    },
    "step.promise-late.sorry": {
        "en": "Say sorry to {customer}: a promise came late and they were not told in advance",
        "nl": "Zeg sorry tegen {customer}: een toezegging kwam te laat en ze wisten het niet vooraf",
    },
    "step.score-below-9": {
        "en": "Ask {customer} what would make it a 9: satisfied is not yet loyal",
        "nl": "Vraag {customer} wat er een 9 van maakt: tevreden is nog geen loyaal",
    },
    "step.cycle": {
        "en": "Look at the loop {teams} together: who is the customer in the end?",
        "nl": "Bekijk de kring {teams} samen: wie is uiteindelijk de klant?",
    },
}
