"""The VG 2020 grants (source 003) add up to every total the document prints.

The expected numbers are typed in from the document's Total rows, not taken from the data.
"""

from decimal import Decimal

import pytest

from tests.conftest import PREFIXES, rows
from tests.iris import KOMMUNALFORBUND, VG2020_THEMES, VG_RUN_2020

# (delregion, VG2020 theme) → (Total förväntad kostnad, Varav RUN), as printed in Bilaga 3.
# A table's projects are those its delregion's kommunalförbund granted ("beviljat").
PRINTED_TOTALS = {
    ("borasregionen", "kunskapsregion"): ("26 881 390", "5 582 375"),
    ("borasregionen", "region-for-alla"): ("5 186 000", "1 501 000"),
    ("borasregionen", "globalt-ansvar"): ("119 000", "119 000"),
    ("borasregionen", "syns-och-engagerar"): ("1 717 758", "681 734"),
    ("fyrbodal", "kunskapsregion"): ("22 097 750", "3 623 875"),
    ("fyrbodal", "region-for-alla"): ("8 556 500", "3 018 750"),
    ("fyrbodal", "syns-och-engagerar"): ("8 577 429", "1 807 375"),
    ("skaraborg", "kunskapsregion"): ("13 147 877", "3 099 301"),
    ("skaraborg", "region-for-alla"): ("2 214 501", "1 206 101"),
    ("skaraborg", "globalt-ansvar"): ("23 629 489", "750 000"),
    ("skaraborg", "syns-och-engagerar"): ("10 937 299", "3 642 299"),
    ("goteborgsregionen", "kunskapsregion"): ("31 217 524", "15 000 000"),
    ("goteborgsregionen", "region-for-alla"): ("4 000 000", "2 000 000"),
}

# "har Boråsregionen beviljat 21 projekt", Fyrbodal 22, Skaraborg 11, Göteborgsregionen "fem insatser".
PRINTED_COUNTS = {"borasregionen": 21, "fyrbodal": 22, "skaraborg": 11, "goteborgsregionen": 5}

SUMS = PREFIXES + """
SELECT ?theme ?scheme ?granter
       (COUNT(DISTINCT ?project) AS ?projects) (SUM(?cost) AS ?total) (SUM(?run) AS ?grants)
WHERE {
  ?project a eurio:Project ; dct:subject ?theme ;
           eurio:hasTotalCost/eurio:value ?cost ;
           eurio:isFundedBy ?grant .
  ?grant eurio:hasFundingScheme ?scheme ; eurio:isDisbursedBy ?granter ;
         eurio:hasFundingAmount/eurio:value ?run .
}
GROUP BY ?theme ?scheme ?granter
"""

COUNT = PREFIXES + """
SELECT ?scheme ?granter (COUNT(DISTINCT ?project) AS ?projects)
WHERE {
  ?project eurio:isFundedBy ?grant .
  ?grant eurio:hasFundingScheme ?scheme ; eurio:isDisbursedBy ?granter .
}
GROUP BY ?scheme ?granter
"""


def amount(printed: str) -> Decimal:
    return Decimal(printed.replace(" ", ""))


@pytest.mark.parametrize(("delregion", "theme"), sorted(PRINTED_TOTALS))
def test_each_table_adds_up_to_its_printed_total(loaded, delregion, theme):
    total, run = PRINTED_TOTALS[(delregion, theme)]
    [row] = rows(loaded, SUMS, granter=KOMMUNALFORBUND[delregion], theme=VG2020_THEMES[theme],
                 scheme=VG_RUN_2020)
    assert Decimal(row["total"]) == amount(total)
    assert Decimal(row["grants"]) == amount(run)


@pytest.mark.parametrize("delregion", sorted(PRINTED_COUNTS))
def test_each_delregion_granted_the_printed_number_of_projects(loaded, delregion):
    [row] = rows(loaded, COUNT, granter=KOMMUNALFORBUND[delregion], scheme=VG_RUN_2020)
    assert int(row["projects"]) == PRINTED_COUNTS[delregion]


def test_the_four_delregions_granted_59_projects_in_all(loaded):
    query = PREFIXES + """
        SELECT ?scheme (COUNT(DISTINCT ?project) AS ?projects)
        WHERE { ?project eurio:isFundedBy/eurio:hasFundingScheme ?scheme . }
        GROUP BY ?scheme"""
    [row] = rows(loaded, query, scheme=VG_RUN_2020)
    assert int(row["projects"]) == 21 + 22 + 11 + 5
