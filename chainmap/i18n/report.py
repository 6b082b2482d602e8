"""Words in the onboarding report (`chainmap report`): title page, summary, team pages.

A team page speaks as the team ("our customers"), because it goes into a
new colleague's welcome pack.  Link states, feedback kinds and cadences come
from the ``diagram`` area, next steps from ``steps``.
"""

MESSAGES = {
    "report.default-title": {"en": "Our customer chain", "nl": "Onze klantketen"},
    "report.kicker": {"en": "Customer chain", "nl": "Klantketen"},
    "report.subtitle": {
        "en": "Who we serve, whom they serve in turn, and how we hear back from each of them",
        "nl": "Voor wie we werken, voor wie zij weer werken, en hoe we van ieder van hen terughoren",
    },
    "report.as-of": {"en": "Situation on {date}", "nl": "Stand van zaken op {date}"},
    "report.intro": {
        "en": "Every team here has customers, and most of them are colleagues. Your customer has a "
              "customer too, all the way to the patient, client or citizen outside. This document "
              "shows, team by team, who those customers are, what we deliver to them, and whether "
              "we really listen to them. A score alone is hearing; a conversation is listening.",
        "nl": "Elk team hier heeft klanten, en de meeste zijn collega's. Jouw klant heeft ook weer een "
              "klant, tot aan de patiënt, cliënt of burger buiten de organisatie. Dit document laat per "
              "team zien wie die klanten zijn, wat we ze leveren en of we echt naar ze luisteren. "
              "Alleen een cijfer is horen; een gesprek is luisteren. Horen is nog geen luisteren.",
    },
    "report.key.title": {"en": "How to read the diagrams", "nl": "Zo lees je de kaarten"},
    "report.contents": {"en": "Contents", "nl": "Inhoud"},
    "report.page-ref": {"en": "p. {page}", "nl": "p. {page}"},
    "report.no-department": {"en": "Other teams", "nl": "Overige teams"},
    # The whole map.
    "report.map.title": {"en": "The whole chain", "nl": "De hele keten"},
    "report.map.caption": {
        "en": "Every team and every link, from supplier to customer, left to right",
        "nl": "Alle teams en alle schakels, van leverancier naar klant, van links naar rechts",
    },
    "report.map.split": {
        "en": "The chain is too large to read on one page, so it is shown per department. Each part "
              "also shows the teams the department delivers to or receives from.",
        "nl": "De keten is te groot om op één pagina te lezen en staat daarom per afdeling. Elk deel "
              "toont ook de teams waaraan de afdeling levert of waarvan ze ontvangt.",
    },
    "report.map.part": {"en": "{department}: its teams and their links",
                        "nl": "{department}: de teams en hun schakels"},
    # The organisation at a glance, and a map per department.
    "report.overview.title": {"en": "The organisation at a glance", "nl": "De organisatie in één oogopslag"},
    "report.overview.caption": {
        "en": "One box per department, one arrow per pair of departments: how many links it stands for, "
              "drawn in the style of its worst link",
        "nl": "Eén vak per afdeling, één pijl per paar afdelingen: hoeveel schakels hij telt, "
              "getekend in de stijl van zijn slechtste schakel",
    },
    "report.overview.caption.table": {
        "en": "A row per department, a numbered column per department and end customer: each cell counts the "
              "links from the row's department to the column's, "
              "its border in the style of its worst link; the diagonal holds the links inside a department",
        "nl": "Een rij per afdeling, een genummerde kolom per afdeling en eindklant: elke cel telt de schakels "
              "van de afdeling van de rij naar die van de kolom, "
              "de rand in de stijl van de slechtste schakel; op de diagonaal de schakels binnen een afdeling",
    },
    "report.departments.title": {"en": "The departments", "nl": "De afdelingen"},
    "report.department.caption": {
        "en": "{department}: its teams in full, every other department as one box",
        "nl": "{department}: de eigen teams voluit, elke andere afdeling als één vak",
    },
    "report.by-department": {"en": "By department", "nl": "Per afdeling"},
    "report.by-department.intro": {
        "en": "Links from each department's teams, by state (✗ no feedback loop, ! stale, ~ hearing only, "
              "✓ healthy), and the links to act on first, with the page of the team that can.",
        "nl": "Schakels vanuit de teams van elke afdeling, per toestand (✗ geen feedbacklus, ! verouderd, "
              "~ alleen horen, ✓ gezond), en de schakels om eerst aan te pakken, met de pagina van het team "
              "dat dat kan.",
    },
    "report.col.department": {"en": "Department", "nl": "Afdeling"},
    "report.col.teams": {"en": "Teams", "nl": "Teams"},
    "report.col.links": {"en": "Links", "nl": "Schakels"},
    "report.col.coverage": {"en": "With loop", "nl": "Met lus"},
    "report.col.first": {"en": "Act on first", "nl": "Eerst aanpakken"},
    "report.gaps.more": {"en": "and {count} more: see the next steps on each team's page",
                         "nl": "en nog {count}: zie de volgende stappen op de pagina van elk team"},
    # The summary.
    "report.summary.title": {"en": "Summary", "nl": "Samenvatting"},
    "report.fig.title": {"en": "In numbers", "nl": "In cijfers"},
    "report.fig.described": {"en": "Teams described", "nl": "Beschreven teams"},
    "report.fig.end-customers": {"en": "End customers outside", "nl": "Eindklanten buiten de organisatie"},
    "report.fig.undescribed": {"en": "Teams not described yet", "nl": "Nog niet beschreven teams"},
    "report.fig.links": {"en": "Links (supplier → customer)", "nl": "Schakels (leverancier → klant)"},
    "report.fig.coverage": {"en": "Links with a feedback loop", "nl": "Schakels met een feedbacklus"},
    "report.fig.coverage.value": {"en": "{count} of {links} ({percent})",
                                  "nl": "{count} van {links} ({percent})"},
    "report.fig.states": {"en": "Links by state", "nl": "Schakels per toestand"},
    "report.fig.findings": {"en": "Points to act on", "nl": "Actiepunten"},
    "report.fig.findings.value": {"en": "{warnings} to fix, {infos} to consider",
                                  "nl": "{warnings} op te lossen, {infos} om over na te denken"},
    "report.gaps.title": {"en": "Where to start", "nl": "Waar te beginnen"},
    "report.gaps.intro": {
        "en": "The gaps in the chain, grouped by kind, each phrased as a next step for the team "
              "that can take it.",
        "nl": "De gaten in de keten, per soort, elk als volgende stap voor het team dat hem kan zetten.",
    },
    "report.gaps.none": {
        "en": "No gaps: every link has a current feedback loop with a conversation.",
        "nl": "Geen gaten: elke schakel heeft een actuele feedbacklus met een gesprek.",
    },
    # One heading per rule, for the gaps in the summary.
    "report.rule.no-feedback": {"en": "Links without a feedback loop", "nl": "Schakels zonder feedbacklus"},
    "report.rule.stale-feedback": {"en": "Feedback loops that are overdue",
                                   "nl": "Feedbacklussen die te lang geleden zijn"},
    "report.rule.hearing-only": {"en": "Hearing, not listening: no current conversation",
                                 "nl": "Horen, nog geen luisteren: geen recent gesprek"},
    "report.rule.undated-feedback": {"en": "Feedback loops without a date",
                                     "nl": "Feedbacklussen zonder datum"},
    "report.rule.no-customers": {"en": "Teams without customers", "nl": "Teams zonder klanten"},
    "report.rule.no-end-customer": {"en": "Chains that never reach the customer outside",
                                    "nl": "Ketens die de klant buiten nooit bereiken"},
    "report.rule.undescribed": {"en": "Teams not described yet", "nl": "Teams die nog niet beschreven zijn"},
    "report.rule.possible-typo": {"en": "Names that may be misspelt", "nl": "Namen met een mogelijke tikfout"},
    "report.rule.unacknowledged": {"en": "Customers who don't list their supplier",
                                   "nl": "Klanten die hun leverancier niet noemen"},
    "report.rule.unrecognised-customer": {"en": "Suppliers who don't list their customer",
                                          "nl": "Leveranciers die hun klant niet noemen"},
    "report.rule.no-agreement": {"en": "Agreements not written down", "nl": "Afspraken die niet zijn vastgelegd"},
    "report.rule.cycle": {"en": "Teams that are each other's customers", "nl": "Teams die elkaars klant zijn"},
    "report.rule.no-need": {"en": "Needs not written down: the question behind the question",
                            "nl": "Behoeften die niet zijn beschreven: de vraag achter de vraag"},
    "report.rule.agreement-unapproved": {"en": "Agreements the customer has not approved",
                                         "nl": "Afspraken die de klant niet heeft goedgekeurd"},
    "report.rule.agreement-overdue": {"en": "Agreements due for review", "nl": "Afspraken die herzien moeten worden"},
    "report.rule.promise-overdue": {"en": "Promises overdue, customer not told",
                                    "nl": "Toezeggingen over tijd, klant niet ingelicht"},
    "report.rule.promise-late": {"en": "Promises delivered late", "nl": "Toezeggingen die te laat kwamen"},
    "report.rule.score-below-9": {"en": "Satisfied, not yet loyal: scores under 9",
                                  "nl": "Tevreden, nog niet loyaal: cijfers onder de 9"},
    # A team's page.
    "report.team.what": {"en": "What we do", "nl": "Wat we doen"},
    "report.team.contact": {"en": "Contact", "nl": "Contact"},
    "report.team.no-description": {"en": "No description yet.", "nl": "Nog geen beschrijving."},
    "report.team.diagram": {
        "en": "The chain around {team}: our suppliers, our customers and their customers",
        "nl": "De keten rond {team}: onze leveranciers, onze klanten en hun klanten",
    },
    "report.customers.title": {"en": "Our customers", "nl": "Onze klanten"},
    "report.customers.intro": {
        "en": "Who would have a problem if we stopped, what we deliver to them, and how we hear back.",
        "nl": "Wie er last van heeft als we stoppen, wat we ze leveren en hoe we van ze terughoren.",
    },
    "report.customers.none": {
        "en": "{team} has no customers on record yet.",
        "nl": "{team} heeft nog geen klanten genoemd.",
    },
    "report.col.customer": {"en": "Customer", "nl": "Klant"},
    "report.col.delivers": {"en": "We deliver", "nl": "We leveren"},
    "report.col.kind": {"en": "Kind", "nl": "Soort"},
    "report.col.cadence": {"en": "How often", "nl": "Hoe vaak"},
    "report.col.last": {"en": "Last", "nl": "Laatst"},
    "report.col.score": {"en": "Score", "nl": "Cijfer"},
    "report.col.agreement": {"en": "Agreement", "nl": "Afspraak"},
    "report.col.supplier": {"en": "Supplier", "nl": "Leverancier"},
    "report.col.delivers-us": {"en": "Delivers to us", "nl": "Levert ons"},
    "report.col.asks-us": {"en": "How they hear from us", "nl": "Hoe ze van ons horen"},
    "report.need": {"en": "Need: {need}", "nl": "Behoefte: {need}"},
    "report.agreement": {"en": "Agreement: {agreement}", "nl": "Afspraak: {agreement}"},
    "report.agreement.none": {"en": "not written down", "nl": "niet vastgelegd"},
    "report.implied": {"en": "names us as a supplier; not yet in our list",
                       "nl": "noemt ons als leverancier; staat nog niet in onze lijst"},
    "report.loop.none": {"en": "No feedback loop yet", "nl": "Nog geen feedbacklus"},
    "report.loop.hearing": {"en": "hearing only: no conversation",
                            "nl": "alleen horen: geen gesprek"},
    "report.loop.stale": {"en": "overdue: ask again", "nl": "te lang geleden: vraag het opnieuw"},
    "report.chain.title": {"en": "Your customer's customer", "nl": "De klant van je klant"},
    "report.chain.second": {"en": "Our customers serve: {names}", "nl": "Onze klanten werken voor: {names}"},
    "report.chain.second.none": {"en": "Our customers serve no one else on the map.",
                                 "nl": "Onze klanten werken voor niemand anders op de kaart."},
    "report.chain.end": {"en": "In the end we work for: {names}",
                         "nl": "Uiteindelijk werken we voor: {names}"},
    "report.chain.end.none": {"en": "No chain from here reaches a customer outside the organisation yet.",
                              "nl": "Nog geen keten vanaf hier bereikt een klant buiten de organisatie."},
    "report.suppliers.title": {"en": "Our suppliers", "nl": "Onze leveranciers"},
    "report.suppliers.none": {"en": "No suppliers on the map.", "nl": "Geen leveranciers op de kaart."},
    "report.steps.title": {"en": "Next steps", "nl": "Volgende stappen"},
    "report.steps.none": {
        "en": "No open points: every customer has a current feedback loop with a conversation.",
        "nl": "Geen open punten: elke klant heeft een actuele feedbacklus met een gesprek.",
    },
    # Issue 14: the seven rules on a team's page.
    "report.need.ask": {"en": "Need: not written down yet. Ask what problem they are solving with it",
                        "nl": "Behoefte: nog niet beschreven. Vraag welk probleem ze ermee oplossen"},
    "report.approval.current": {"en": "approved on {date}", "nl": "goedgekeurd op {date}"},
    "report.approval.overdue": {"en": "approved on {date}: review overdue",
                                "nl": "goedgekeurd op {date}: herziening te laat"},
    "report.approval.never": {"en": "never approved", "nl": "nooit goedgekeurd"},
    "report.promises": {"en": "Promises: {record}", "nl": "Toezeggingen: {record}"},
    "report.promises.early": {"en": "{count} early", "nl": "{count} eerder dan beloofd"},
    "report.promises.on-time": {"en": "{count} on time", "nl": "{count} op tijd"},
    "report.promises.late": {"en": "{count} late", "nl": "{count} te laat"},
    "report.promises.open": {"en": "{count} open", "nl": "{count} open"},
    "report.promises.title": {"en": "Our promises", "nl": "Onze toezeggingen"},
    "report.promises.kept": {
        "en": "Delivered on or before the promised date: {kept} of {delivered} ({percent}).",
        "nl": "Geleverd op of voor de beloofde datum: {kept} van {delivered} ({percent}).",
    },
    "report.promises.rule": {"en": "Early is good: that is the rule. Promise less, deliver more.",
                             "nl": "Eerder is goed: dat is de regel. Beloof minder, lever meer."},
    "report.trend": {"en": "Score {trend}: what would make it a 9?",
                     "nl": "Cijfer {trend}: wat maakt er een 9 van?"},
    "report.trend.loyal": {"en": "Score {trend}: ask why it is a {score}, and what would keep it there",
                           "nl": "Cijfer {trend}: vraag waarom het een {score} is, en hoe het zo blijft"},
    "report.needs.title": {"en": "What your customer's customers need",
                           "nl": "Wat de klanten van je klanten nodig hebben"},
    "report.needs.intro": {
        "en": "Further down the chain, nearest first: look at our work through their eyes.",
        "nl": "Verderop in de keten, dichtbij eerst: bekijk ons werk door hun ogen.",
    },
    "report.needs.none": {
        "en": "No need further down the chain is written down yet: ask our customers whom they serve, and "
              "what those need.",
        "nl": "Verderop in de keten is nog geen behoefte beschreven: vraag onze klanten voor wie ze werken, en "
              "wat die nodig hebben.",
    },
    "report.needs.more": {"en": "and {count} more further down the chain",
                          "nl": "en nog {count} verderop in de keten"},
    # Next steps about scores: one for the team, not one a link.
    "report.score.below": {
        "en": "{count} of {scored} scored customers are satisfied, not loyal (below 9): ask what would make it "
              "a 9 ({names})",
        "nl": "{count} van de {scored} klanten met een cijfer zijn tevreden, nog niet loyaal (onder de 9): vraag "
              "wat er een 9 van maakt ({names})",
    },
    "report.score.below.one": {
        "en": "{count} of {scored} scored customers is satisfied, not loyal (below 9): ask what would make it "
              "a 9 ({names})",
        "nl": "{count} van de {scored} klanten met een cijfer is tevreden, nog niet loyaal (onder de 9): vraag "
              "wat er een 9 van maakt ({names})",
    },
    "report.score.below.only": {
        "en": "Our one scored customer is satisfied, not loyal (below 9): ask what would make it a 9 ({names})",
        "nl": "Onze enige klant met een cijfer is tevreden, nog niet loyaal (onder de 9): vraag wat er een 9 van "
              "maakt ({names})",
    },
    "report.score.loyal": {
        "en": "Loyal, a 9 or more ({names}): ask why it is a 9, and what would keep it there",
        "nl": "Loyaal, een 9 of meer ({names}): vraag waarom het een 9 is, en hoe het zo blijft",
    },
    # Issue 12: report --since REV.
    "report.changes.title": {"en": "What changed since {date} ({revision})",
                             "nl": "Wat er veranderde sinds {date} ({revision})"},
    "report.changes.coverage": {"en": "Links with a feedback loop: {before} \u2192 {after}",
                                "nl": "Schakels met een feedbacklus: {before} \u2192 {after}"},
    "report.changes.states": {"en": "Links by state, then and now", "nl": "Schakels per toestand, toen en nu"},
    "report.changes.then": {"en": "Then", "nl": "Toen"},
    "report.changes.now": {"en": "Now", "nl": "Nu"},
    "report.changes.better": {"en": "Better", "nl": "Beter"},
    "report.changes.worse": {"en": "Worse", "nl": "Slechter"},
    "report.changes.opened": {"en": "New points to act on", "nl": "Nieuwe actiepunten"},
    "report.changes.link": {"en": "{supplier} \u2192 {customer}: {before} \u2192 {after}",
                            "nl": "{supplier} \u2192 {customer}: {before} \u2192 {after}"},
    "report.changes.more": {"en": "and {count} more: see the team pages",
                            "nl": "en nog {count}: zie de pagina's van de teams"},
    "report.changes.none": {"en": "No link of ours got better or worse, and no new point to act on.",
                            "nl": "Geen schakel van ons werd beter of slechter, en er is geen nieuw actiepunt."},
    "report.changes.map.none": {"en": "No link got better or worse, and no new point to act on.",
                                "nl": "Geen schakel werd beter of slechter, en er is geen nieuw actiepunt."},
    "report.changes.chart": {
        "en": "Feedback coverage and links per state, commit by commit since {date}, each judged on {as_of}",
        "nl": "Feedbackdekking en schakels per toestand, per commit sinds {date}, elk beoordeeld op {as_of}",
    },
    # A finding on the page of the customer who can act on it.
    "report.step.unacknowledged.customer": {
        "en": "Add {supplier} to the suppliers of {customer}: {supplier} counts {customer} as a customer",
        "nl": "Zet {supplier} bij de leveranciers van {customer}: {supplier} ziet {customer} als klant",
    },
    "report.month.1": {"en": "January", "nl": "januari"},
    "report.month.2": {"en": "February", "nl": "februari"},
    "report.month.3": {"en": "March", "nl": "maart"},
    "report.month.4": {"en": "April", "nl": "april"},
    "report.month.5": {"en": "May", "nl": "mei"},
    "report.month.6": {"en": "June", "nl": "juni"},
    "report.month.7": {"en": "July", "nl": "juli"},
    "report.month.8": {"en": "August", "nl": "augustus"},
    "report.month.9": {"en": "September", "nl": "september"},
    "report.month.10": {"en": "October", "nl": "oktober"},
    "report.month.11": {"en": "November", "nl": "november"},
    "report.month.12": {"en": "December", "nl": "december"},
}
