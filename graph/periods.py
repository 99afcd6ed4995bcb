"""Dates and periods as people read them, in Swedish or English.

The data keeps dates as ISO, exactly as precise as the source printed them (``2023``,
``2023-04``, ``2023-04-01``), and the printed time plan beside them (``Pågående –251231.``).
Pages show neither raw form: they show "15 aug 2023 – 15 aug 2026" or "pågående – 31 dec 2025",
made here from the dates and the record's status, and keep the printed text for a hover.
One formatter, so that every page (records, analyses, the finder) words a period alike.

>>> format_period("2023-08-15", "2026-08-15")
'15 aug 2023 – 15 aug 2026'
>>> format_period(None, "2025-12-31", "pågående")
'pågående – 31 dec 2025'
>>> format_period("2023", None, "pågående"), format_period("2020", None, "avslutad")
('löpande sedan 2023', '2020–')
>>> format_period("2022-04", "2023-06"), format_period("2022-04", "2023-06", lang="en")
('april 2022 – juni 2023', 'April 2022 – June 2023')
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["dates_in", "format_date", "format_period"]

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: A date stamp inside printed text: ISO (2025-12-31), YYYYMMDD (20240901) or YYMMDD (251231).
_STAMP = re.compile(r"(?<![\w-])(?:(\d{4})-(\d{2})-(\d{2})|((?:19|20)\d\d)(\d\d)(\d\d)|(\d\d)(\d\d)(\d\d))"
                    r"(?![\w-])")

MONTHS = {
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
           "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}
#: Month names beside a day: Swedish abbreviates only the long ones, without a dot.
SHORT_MONTHS = {
    "sv": ("jan", "feb", "mars", "apr", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
#: Words for a period that is open at one end, by the record's status (as the data spells it).
WORDS = {
    "sv": {"ongoing": "pågående", "since": "löpande sedan {start}", "ended": "avslutad {end}",
           "from": "från {start}"},
    "en": {"ongoing": "ongoing", "since": "ongoing since {start}", "ended": "ended {end}",
           "from": "from {start}"},
}
ONGOING, ENDED, COMING = "pågående", "avslutad", "kommande"


def format_date(value: str | None, lang: str = "sv", short: bool = False) -> str:
    """An ISO date as precise as printed, in words; anything else as it is. ``short``: the
    month abbreviated even without a day (beside a date that has one).

    >>> format_date("2023"), format_date("2023-04"), format_date("2023-04-01")
    ('2023', 'april 2023', '1 apr 2023')
    >>> format_date("2025-12-31", "en"), format_date("2026-11-23T09:32:00Z"), format_date(None)
    ('31 Dec 2025', '23 nov 2026', '')
    """
    if not value:
        return ""
    match = _ISO.match(value[:10])
    if not match or (len(value) > 10 and value[10] != "T"):
        return value
    year, month, day = match.groups()
    language = lang if lang in MONTHS else "sv"
    if day:
        return f"{int(day)} {SHORT_MONTHS[language][int(month) - 1]} {year}"
    if month:
        return f"{(SHORT_MONTHS if short else MONTHS)[language][int(month) - 1]} {year}"
    return year


def format_period(start: str | None, end: str | None, status: str | None = None,
                  lang: str = "sv") -> str:
    """A period in words, from its ISO ``start`` and ``end`` and the record's ``status``.

    Two years are joined tight ("2021–2027"), anything more precise with spaces around the
    dash. A period open at one end says so by its status: "pågående – 31 dec 2025", "löpande
    sedan 2023", "avslutad 2024", "från 2026" (kommande), else "2020–". Without any date only
    an ongoing record says something ("pågående"); otherwise the answer is empty and the page
    may show the printed time plan instead.

    >>> format_period("2021", "2027"), format_period("2025", "2025"), format_period(None, None)
    ('2021–2027', '2025', '')
    >>> format_period(None, "2024", "avslutad"), format_period(None, "2024", "avslutad", "en")
    ('avslutad 2024', 'ended 2024')
    >>> format_period(None, "2025-12-31", "pågående", "en"), format_period(None, None, "pågående")
    ('ongoing – 31 Dec 2025', 'pågående')
    >>> format_period("2023-01", "2025-12-31"), format_period(None, "2025-12-31")
    ('jan 2023 – 31 dec 2025', '– 31 dec 2025')
    """
    language = lang if lang in WORDS else "sv"
    words = WORDS[language]
    short = any(value and len(value) >= 10 for value in (start, end))
    first, last = format_date(start, language, short), format_date(end, language, short)
    if start and end:
        if start == end:
            return first
        joint = "–" if len(start) == len(end) == 4 else " – "
        return f"{first}{joint}{last}"
    if start:
        if status in (ONGOING, COMING):
            return words["since" if status == ONGOING else "from"].format(start=first)
        return f"{first}–"
    if end:
        if status == ONGOING:
            return f"{words['ongoing']} – {last}"
        return words["ended"].format(end=last) if status == ENDED else f"– {last}"
    return words["ongoing"] if status == ONGOING else ""


def dates_in(text: str | None, lang: str = "sv") -> str:
    """``text`` (a time plan as a source prints it) with each date stamp in it written out (as
    :func:`format_date` writes a day); the words, and a number that is no valid date, as printed.

    >>> dates_in("Pågående –251231."), dates_in("MATCH 20240901 –20281231.", "en")
    ('Pågående –31 dec 2025.', 'MATCH 1 Sep 2024 –31 Dec 2028.')
    >>> dates_in("23010 –251231, sedan 2020, 580000 kr")
    '23010 –31 dec 2025, sedan 2020, 580000 kr'
    """
    return _STAMP.sub(lambda stamp: _written(stamp, lang), text or "")


def _written(stamp: re.Match, lang: str) -> str:
    year, month, day = (part for part in stamp.groups() if part is not None)
    year = f"20{year}" if len(year) == 2 else year
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return stamp[0]
    return format_date(f"{year}-{month}-{day}", lang)
