"""The comments of a written team file and the questions of ``chainmap init``.

Fields: ``kinds`` (the listening kinds), ``customer`` (a customer's name), ``team``.
"""

MESSAGES = {
    "teamfile.written-by": {"en": "Written by {command}", "nl": "Geschreven door {command}"},
    "teamfile.header": {
        "en": "chainmap team file: check it with `chainmap check FILE`, draw it with `chainmap render FILE`.\n"
              "Write what is true today, not what should be true: the gaps are the useful part.",
        "nl": "chainmap-teambestand: controleer het met `chainmap check BESTAND`, teken het met "
              "`chainmap render BESTAND`.\nSchrijf op wat vandaag waar is, niet wat waar zou moeten zijn: "
              "de gaten zijn het nuttige deel.",
    },
    "teamfile.suppliers": {
        "en": "Who do we depend on? chainmap checks that they list us as their customer.",
        "nl": "Van wie zijn wij afhankelijk? chainmap controleert of zij ons als klant noemen.",
    },
    "teamfile.customers": {
        "en": "Customers: who would have a problem if we stopped? And who is THEIR customer?",
        "nl": "Klanten: wie heeft er last van als wij stoppen? En wie is HUN klant?",
    },
    "teamfile.short-form": {
        "en": "What do we deliver to them, what do they really need, when did we last ask them?",
        "nl": "Wat leveren we hun, wat hebben ze echt nodig, wanneer vroegen we het hun voor het laatst?",
    },
    "teamfile.ask-need": {
        "en": "need: what do they really need? The question behind the question.",
        "nl": "need: wat hebben ze echt nodig? De vraag achter de vraag.",
    },
    "teamfile.ask-agreement": {
        "en": "agreement: where is it written down? A link without one is reported (no-agreement).",
        "nl": "agreement: waar staat de afspraak? Een schakel zonder afspraak wordt gemeld (no-agreement).",
    },
    "teamfile.ask-feedback": {
        "en": "No feedback loop yet: when did we last ask them, and how? For example:\n"
              "feedback:\n  - kind: conversation\n    cadence: quarterly\n    last: YYYY-MM-DD",
        "nl": "Nog geen feedbacklus: wanneer vroegen we het hun voor het laatst, en hoe? Bijvoorbeeld:\n"
              "feedback:\n  - kind: conversation\n    cadence: quarterly\n    last: JJJJ-MM-DD",
    },
    "teamfile.hearing-only": {
        "en": "Hearing is not listening: a score says nothing about why. Call back and ask\n"
              "why it was a 7 and not a 9. Kinds that listen:\n{kinds}.",
        "nl": "Horen is nog geen luisteren: een cijfer zegt niet waarom. Bel terug en vraag\n"
              "waarom het een 7 was en geen 9. Soorten die luisteren:\n{kinds}.",
    },
    # chainmap init: the questions, one at a time ({customer}: the customer's name).
    "init.intro": {
        "en": "Let's describe your team. Press Enter to skip a question; only the team's name is needed.",
        "nl": "We beschrijven je team. Druk op Enter om een vraag over te slaan; alleen de naam is nodig.",
    },
    "init.team": {"en": "Team name", "nl": "Naam van het team"},
    "init.department": {"en": "Department", "nl": "Afdeling"},
    "init.customer": {
        "en": "Who would have a problem if we stopped? A customer's name (Enter: no more)",
        "nl": "Wie heeft er last van als wij stoppen? De naam van een klant (Enter: geen meer)",
    },
    "init.delivers": {"en": "What do we deliver to {customer}?", "nl": "Wat leveren we aan {customer}?"},
    "init.need": {"en": "What does {customer} really need?", "nl": "Wat heeft {customer} echt nodig?"},
    "init.agreement": {
        "en": "Is there a written agreement with {customer}? Where is it (Enter: none)",
        "nl": "Is er een schriftelijke afspraak met {customer}? Waar staat die (Enter: geen)",
    },
    "init.external": {
        "en": "Is {customer} outside the organisation? (yes/no)",
        "nl": "Is {customer} buiten de organisatie? (ja/nee)",
    },
    "init.kind": {
        "en": "How did we last ask {customer} how we are doing? ({kinds}; Enter: we never asked)",
        "nl": "Hoe vroegen we {customer} het laatst hoe we het doen? ({kinds}; Enter: nooit gevraagd)",
    },
    "init.cadence": {
        "en": "How often do we ask? ({cadences} or 'N weeks'; Enter: yearly)",
        "nl": "Hoe vaak vragen we het? ({cadences} of 'N weeks'; Enter: jaarlijks)",
    },
    "init.last": {
        "en": "When did we last ask them? (YYYY-MM-DD; Enter: don't know)",
        "nl": "Wanneer vroegen we het hun voor het laatst? (JJJJ-MM-DD; Enter: weet niet)",
    },
    "init.score": {
        "en": "What score did they give? (0-10; Enter: none)",
        "nl": "Welk cijfer gaven ze? (0-10; Enter: geen)",
    },
    # chainmap import backstage ({what}: the components and APIs, separated by commas).
    "backstage.uses": {"en": "uses {what}", "nl": "gebruikt {what}"},
    "backstage.unconfirmed": {
        "en": "Backstage says these teams use what you deliver. Add them under customers:\n"
              "when you know them as customers (chainmap reports them until then):",
        "nl": "Volgens Backstage gebruiken deze teams wat jullie leveren. Zet ze onder customers:\n"
              "als jullie ze als klant kennen (tot dan meldt chainmap ze):",
    },
}
