"""Is a project running? Its state on a given day, from the status and dates the source prints.

The dates win over the status, since a plan calls an insats "pågående" when it is written: a
project whose end date has passed has ended, one whose start lies ahead is upcoming.

>>> from datetime import date
>>> state("pågående", None, "2025-12-31", date(2025, 6, 1)), state("pågående", None, "2025", date(2026, 1, 1))
('ongoing', 'ended')
>>> state(None, None, None, date(2025, 6, 1)), state("föreslagen", None, None, date(2025, 6, 1))
('unknown', 'proposed')
"""

from __future__ import annotations

from datetime import date

from graph.network.model import boundary

__all__ = ["CURRENT", "STATE_LABELS", "state", "state_on"]

#: What each state is called, in Swedish and English.
STATE_LABELS = {
    "ongoing": ("pågående", "ongoing"),
    "upcoming": ("kommande", "upcoming"),
    "unknown": ("status okänd", "status unknown"),
    "proposed": ("föreslagen", "proposed"),
    "ended": ("avslutad", "ended"),
}
#: The states that count as running now.
CURRENT = ("ongoing", "upcoming")


def state(status: str | None, start: str | None, end: str | None, today: date) -> str:
    """``ongoing``, ``upcoming``, ``proposed``, ``ended`` or ``unknown`` on ``today``."""
    return state_on(status, boundary(start), boundary(end, last=True), today)


def state_on(status: str | None, first: date | None, last: date | None, today: date) -> str:
    """:func:`state`, from the first and last day the printed period covers."""
    if status == "avslutad" or (last and last < today):
        return "ended"
    if status == "föreslagen":
        return "proposed"
    if status == "kommande" or (first and first > today):
        return "upcoming"
    if status == "pågående" or first or last:
        return "ongoing"
    return "unknown"
