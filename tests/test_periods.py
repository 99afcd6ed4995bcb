"""Periods in words: every time plan the sources print, read by a person, against the formatter.

The table below was written by reading each printed time plan in ``data/*/projects.csv`` (the
``timeplan`` column, as the source prints it) and saying it the way a page should: no raw date
stamp (``251231``, ``2025-12-31``), day dates as "31 dec 2025", an open end said in words.
"""

from __future__ import annotations

import re

import pytest

from graph.periods import format_date, format_period
from tests.sources import source_rows

#: Printed time plan → (Swedish, English), as a reader says it.
READ = {
    "april 2022 till juni 2023": ("april 2022 – juni 2023", "April 2022 – June 2023"),
    "Uppdaterat 2023 –löpande.": ("löpande sedan 2023", "ongoing since 2023"),
    "Uppdaterat 2023–löpande.": ("löpande sedan 2023", "ongoing since 2023"),
    "Infört 2024 –löpande.": ("löpande sedan 2024", "ongoing since 2024"),
    "2020 – löpande.": ("löpande sedan 2020", "ongoing since 2020"),
    "Genomförs 2025. Föreslagen insats årligen.": ("2025", "2025"),
    "Under 2025": ("2025", "2025"),
    "230401 –260731.": ("1 apr 2023 – 31 juli 2026", "1 Apr 2023 – 31 Jul 2026"),
    "190101 –251231.": ("1 jan 2019 – 31 dec 2025", "1 Jan 2019 – 31 Dec 2025"),
    "230815 –260815.": ("15 aug 2023 – 15 aug 2026", "15 Aug 2023 – 15 Aug 2026"),
    "230101 –251231": ("1 jan 2023 – 31 dec 2025", "1 Jan 2023 – 31 Dec 2025"),
    "ShiftLabs 230101 –251231.": ("1 jan 2023 – 31 dec 2025", "1 Jan 2023 – 31 Dec 2025"),
    "MATCH 20240901 –20281231.": ("1 sep 2024 – 31 dec 2028", "1 Sep 2024 – 31 Dec 2028"),
    "240101–271231.": ("1 jan 2024 – 31 dec 2027", "1 Jan 2024 – 31 Dec 2027"),
    # The source drops a digit of the start ("23010"); the data keeps the month it can read.
    "23010 –251231.": ("jan 2023 – 31 dec 2025", "Jan 2023 – 31 Dec 2025"),
    "Pågående –251231.": ("pågående – 31 dec 2025", "ongoing – 31 Dec 2025"),
    "Pågående.": ("pågående", "ongoing"),
    "Löpande.": ("pågående", "ongoing"),
    "Löpande": ("pågående", "ongoing"),
    # Two projects in one cell: the row has no dates of its own, only its status.
    "ShiftLabs 230101 –251231. MATCH 20240901 –20281231.": ("pågående", "ongoing"),
    "2023– 2025": ("2023–2025", "2023–2025"),
    "2021 –2027": ("2021–2027", "2021–2027"),
    "2020–2022": ("2020–2022", "2020–2022"),
    "Planerat genomförande 2026. Därefter vart tredje år.": ("från 2026", "from 2026"),
    "avslutades 2024": ("avslutad 2024", "ended 2024"),
    "sedan 2020": ("2020–", "2020–"),
    "Sedan 2022": ("2022–", "2022–"),
    # No date and no status: nothing to say in words; the page shows the printed text.
    "under senare år": ("", ""),
    "Projektet startade 2015-09-01 och avslutas sista december 2018.":
        ("1 sep 2015 – 31 dec 2018", "1 Sep 2015 – 31 Dec 2018"),
}

PRINTED = [row for row in source_rows("*/projects.csv") if row["timeplan"]]
#: A date stamp as the sources print them, or ISO: what no page may show.
RAW_STAMP = re.compile(r"\b\d{6}\b|\b\d{8}\b|\b\d{4}-\d{2}-\d{2}\b")


def test_the_table_reads_every_printed_time_plan():
    assert {row["timeplan"] for row in PRINTED} == set(READ)


@pytest.mark.parametrize("row", PRINTED, ids=lambda row: row["key"])
def test_a_printed_time_plan_reads_as_a_person_says_it(row):
    swedish, english = READ[row["timeplan"]]
    dates = (row["start"] or None, row["end"] or None, row["status"] or None)
    assert format_period(*dates) == swedish
    assert format_period(*dates, lang="en") == english
    assert not RAW_STAMP.search(f"{swedish} | {english}")


@pytest.mark.parametrize(("iso", "swedish", "english"), [
    ("2023", "2023", "2023"),
    ("2023-04", "april 2023", "April 2023"),
    ("2023-03-15", "15 mars 2023", "15 Mar 2023"),
    ("2026-11-23T09:32:00+00:00", "23 nov 2026", "23 Nov 2026"),
])
def test_a_date_is_as_precise_as_printed(iso, swedish, english):
    assert (format_date(iso), format_date(iso, "en")) == (swedish, english)
