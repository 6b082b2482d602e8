"""Words on the conversation cards (``chainmap cards``) a team takes to its customers.

Fields: ``supplier``, ``customer`` (display names), ``score``, ``target``, ``trend`` (grades, oldest first)
(grades, already formatted for the language), ``title`` (the map's title),
``page``/``pages``, ``what``, ``promised``, ``delivered`` (a promise and its dates).
"""

MESSAGES = {
    "cards.kind": {"en": "Conversation card", "nl": "Gesprekskaart"},
    "cards.document": {"en": "Conversation cards: {title}", "nl": "Gesprekskaarten: {title}"},
    "cards.document.untitled": {"en": "Conversation cards", "nl": "Gesprekskaarten"},
    "cards.link": {"en": "{supplier} → {customer}", "nl": "{supplier} → {customer}"},
    "cards.delivers": {"en": "We deliver", "nl": "Wij leveren"},
    "cards.delivers.unknown": {"en": "not written down yet: ask what they use from us",
                               "nl": "nog niet opgeschreven: vraag wat ze van ons gebruiken"},
    "cards.need": {"en": "What they need", "nl": "Wat ze nodig hebben"},
    "cards.need.unknown": {"en": "not written down yet: ask what they really need",
                           "nl": "nog niet opgeschreven: vraag wat ze echt nodig hebben"},
    "cards.keep": {"en": "What should we keep doing?", "nl": "Wat moeten we blijven doen?"},
    "cards.stop": {"en": "What should we stop doing?", "nl": "Waar moeten we mee stoppen?"},
    "cards.start": {"en": "What should we start doing?", "nl": "Waar moeten we mee beginnen?"},
    # The grade: the last score the customer gave, or a blank to fill in together.
    "cards.score.known": {"en": "You gave us a {score}. What would make it a {target}?",
                          "nl": "Je gaf ons een {score}. Wat maakt er een {target} van?"},
    "cards.score.top": {"en": "You gave us a {score}. What keeps it a {score}?",
                        "nl": "Je gaf ons een {score}. Hoe blijft het een {score}?"},
    # Two grades or more on record: the trend, oldest first ("7 → 8").
    "cards.score.trend": {"en": "Your grades for us: {trend}. What would make it a {target}?",
                          "nl": "Je cijfers voor ons: {trend}. Wat maakt er een {target} van?"},
    "cards.score.trend.top": {"en": "Your grades for us: {trend}. What keeps it a {score}?",
                              "nl": "Je cijfers voor ons: {trend}. Hoe blijft het een {score}?"},
    "cards.score.blank": {"en": "You gave us a ___. What would make it a 9?",
                          "nl": "Je gaf ons een ___. Wat maakt er een 9 van?"},
    # A promise kept late or not yet: the card starts by saying sorry.
    "cards.sorry.late": {"en": "Sorry: {what} came on {delivered}, later than the {promised} we promised.",
                         "nl": "Sorry: {what} kwam op {delivered}, later dan de {promised} die we beloofden."},
    "cards.sorry.open": {"en": "Sorry: {what} was promised for {promised} and is not there yet.",
                         "nl": "Sorry: {what} was beloofd voor {promised} en is er nog niet."},
    "cards.notes": {"en": "Notes", "nl": "Aantekeningen"},
    "cards.date": {"en": "Date", "nl": "Datum"},
    "cards.with": {"en": "Spoke with", "nl": "Gesproken met"},
    "cards.footer.state": {"en": "Link: {state}", "nl": "Schakel: {state}"},
    "cards.external": {"en": "end customer", "nl": "eindklant"},
}
