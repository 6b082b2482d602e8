"""The help sheet of `chainmap import --template`: what each column of the links sheet holds."""

MESSAGES = {
    "sheet.help.title": {"en": "help", "nl": "uitleg"},
    "sheet.help.intro": {
        "en": "One row per link on the sheet 'links'. Further rows of the same supplier and customer add "
              "feedback loops. Only supplier and customer are needed. Then: chainmap import FILE -o teams/",
        "nl": "Eén rij per schakel op het blad 'links'. Meer rijen met dezelfde leverancier en klant voegen "
              "feedbacklussen toe. Alleen supplier en customer zijn nodig. Daarna: chainmap import BESTAND -o teams/",
    },
    "sheet.help.column": {"en": "column", "nl": "kolom"},
    "sheet.help.meaning": {"en": "what to fill in", "nl": "wat vul je in"},
    "sheet.column.supplier": {"en": "The team that delivers.", "nl": "Het team dat levert."},
    "sheet.column.supplier department": {"en": "The supplier's department.", "nl": "De afdeling van de leverancier."},
    "sheet.column.customer": {
        "en": "Who would have a problem if the supplier stopped? Empty: a team without customers.",
        "nl": "Wie heeft er last van als de leverancier stopt? Leeg: een team zonder klanten.",
    },
    "sheet.column.external": {
        "en": "true when the customer is outside the organisation (an end customer).",
        "nl": "true als de klant buiten de organisatie is (een eindklant).",
    },
    "sheet.column.delivers": {"en": "What is delivered, in a few words.", "nl": "Wat er geleverd wordt, in een paar woorden."},
    "sheet.column.need": {
        "en": "What the customer really needs: the question behind the question.",
        "nl": "Wat de klant echt nodig heeft: de vraag achter de vraag.",
    },
    "sheet.column.agreement": {"en": "Where the written agreement is.", "nl": "Waar de schriftelijke afspraak staat."},
    "sheet.column.agreement approved": {
        "en": "When the customer approved the agreement (YYYY-MM-DD).",
        "nl": "Wanneer de klant de afspraak goedkeurde (JJJJ-MM-DD).",
    },
    "sheet.column.agreement review": {
        "en": "How often you review the agreement together (a cadence).",
        "nl": "Hoe vaak jullie de afspraak samen bekijken (een ritme).",
    },
    "sheet.column.feedback kind": {
        "en": "How you ask: conversation, review, retro, callback, interview, visit, demo, workshop (listening); "
              "survey, nps, score, complaints, tickets (hearing).",
        "nl": "Hoe je het vraagt: conversation, review, retro, callback, interview, visit, demo, workshop "
              "(luisteren); survey, nps, score, complaints, tickets (horen).",
    },
    "sheet.column.cadence": {
        "en": "How often: weekly, biweekly, monthly, quarterly, half-yearly, yearly, or 'N weeks'.",
        "nl": "Hoe vaak: weekly, biweekly, monthly, quarterly, half-yearly, yearly, of 'N weeks'.",
    },
    "sheet.column.last": {"en": "When you last asked (YYYY-MM-DD).", "nl": "Wanneer je het laatst vroeg (JJJJ-MM-DD)."},
    "sheet.column.score": {"en": "The customer's last grade, 0 to 10.", "nl": "Het laatste cijfer van de klant, 0 tot 10."},
    "sheet.column.note": {"en": "Anything else about this loop.", "nl": "Verder iets over deze lus."},
    "sheet.column.declared by": {
        "en": "Who wrote the link down: supplier (default), customer, or both.",
        "nl": "Wie de schakel opschreef: supplier (standaard), customer, of both.",
    },
}
