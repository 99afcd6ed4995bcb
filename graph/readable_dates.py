"""Dates as people write them, in Swedish or English: for pages, never for the data, which keeps
ISO dates and the time plans exactly as the sources print them.

A time plan may carry date stamps in a source's own shorthand ("Pågående –251231.",
"MATCH 20240901 –20281231."); :func:`dates_in` writes those out and leaves the words as printed.

>>> human_date("2023-03-15"), human_date("2023-04", "en"), human_date("2023"), human_date(None)
('15 mars 2023', 'April 2023', '2023', '')
>>> dates_in("Pågående –251231."), dates_in("MATCH 20240901 –20281231.", "en")
('Pågående –31 december 2025.', 'MATCH 1 September 2024 –31 December 2028.')
>>> dates_in("23010 –251231, sedan 2020, 580000 kr")
'23010 –31 december 2025, sedan 2020, 580000 kr'
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["MONTHS", "dates_in", "human_date"]

MONTHS = {
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
           "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
#: A date stamp inside printed text: ISO (2025-12-31), YYYYMMDD (20240901) or YYMMDD (251231).
_STAMP = re.compile(r"(?<![\w-])(?:(\d{4})-(\d{2})-(\d{2})|((?:19|20)\d\d)(\d\d)(\d\d)|(\d\d)(\d\d)(\d\d))"
                    r"(?![\w-])")


def human_date(value, lang: str = "sv") -> str:
    """An ISO date (day or month) as people write it; a year, or anything else, as it is."""
    if not value:
        return ""
    found = _ISO_DATE.fullmatch(str(value))
    if not found or not 1 <= int(found[2]) <= 12:
        return str(value)
    month = MONTHS[lang if lang in MONTHS else "sv"][int(found[2]) - 1]
    return f"{int(found[3])} {month} {found[1]}" if found[3] else f"{month} {found[1]}"


def dates_in(text: str | None, lang: str = "sv") -> str:
    """``text`` with each date stamp written out; a number that is no valid date stays as it is."""
    return _STAMP.sub(lambda stamp: _written(stamp, lang), text or "")


def _written(stamp: re.Match, lang: str) -> str:
    year, month, day = (part for part in stamp.groups() if part is not None)
    year = f"20{year}" if len(year) == 2 else year
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return stamp[0]
    return human_date(f"{year}-{month}-{day}", lang)
