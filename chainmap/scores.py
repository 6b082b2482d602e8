"""A link's scores over time: "7 -> 8: what would make it a 9?".

Loyalty starts at 9: a 7 or an 8 is satisfied, not loyal.  The trend is read
from the link's own scored feedback loops (several survey entries, say), and,
when an earlier version of the map is given, from the score the link had then.
"""

from __future__ import annotations

from datetime import date

LOYAL_SCORE = 9  # the seeds' line between satisfied and loyal
TREND_POINTS = 5  # a trend shows at most this many scores, the latest ones


def score_trend(link, before: float | None = None, since: date | None = None) -> tuple[float, ...]:
    """The link's scores, oldest first: one per scored loop (undated loops count as oldest).

    With ``before`` (the link's latest score in the map as it was on ``since``),
    the trend starts there and goes on with the loops dated after ``since``, or
    with the latest score when it changed without a newer loop.  A trend of one
    score is no trend: the caller shows it only from two scores on.

    >>> score_trend(link)
    (7.0, 8.0)
    """
    # The same order as model.latest_score: dated after undated, a tie keeps the first loop as the latest.
    scored = sorted(((loop.last is not None, loop.last or date.min, -index, loop.score)
                     for index, loop in enumerate(link.feedback) if loop.score is not None))
    points = [score for *_, score in scored]
    if before is not None and since is not None:
        after = [score for dated, day, _, score in scored if dated and day > since]
        if not after and points and points[-1] != before:
            after = [points[-1]]
        if after:
            points = [before, *after]
    return tuple(points[-TREND_POINTS:])
