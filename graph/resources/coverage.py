"""Which regions the data covers, computed from the data: for the home page's "what is here".

A source document covers the län its publishers serve. Within a län it covers whole, the
delregioner its records name are listed; where its publishers serve only some kommuner
(Möjligheternas Region: eight inland kommuner of Västerbotten), those kommuner are. A län that a
document's records only touch (a project of Östra Mellansverige in Sörmland's plan) is listed
apart, so that nobody reads "Uppsala län" as covered.
"""

from __future__ import annotations

from graph.named_queries import select
from graph.namespaces import AK
from graph.per_generation import per_generation
from graph.resources.common import by_label, ref
from graph.resources.place import place_ref
from graph.swedish import sort_key

__all__ = ["coverage"]

COUNTY, SUBREGION, MUNICIPALITY = (str(AK.County), str(AK.SubRegion), str(AK.Municipality))


def coverage(store) -> dict:
    """The län the data covers and the documents that cover each, once per generation.

    Returns:
        ``{"counties": [{"county": ref, "whole": bool, "documents": [ref], "subregions": [ref],
        "municipalities": [ref]}], "touched": [ref], "documents": [ref]}``: the covered län in
        Swedish order; ``whole`` when a document's publisher serves the whole län (else its
        ``municipalities`` are the kommuner covered); ``touched``, the län only some record
        names; ``documents``, every source document that covers a place.
    """
    return per_generation(store, "coverage", lambda: _coverage(select(store, "coverage_places")))


def _coverage(rows: list[dict]) -> dict:
    home = {(row["document"], row["county"]) for row in rows if row["via"] == "publisher"}
    counties: dict[str, dict] = {}
    touched, documents = {}, {}
    for row in rows:
        documents[row["document"]] = ref(row["document"], row["title"])
        if (row["document"], row["county"]) not in home:
            touched[row["county"]] = place_ref(row["county"], row["countyLabel"])
            continue
        county = counties.setdefault(row["county"], {
            "county": place_ref(row["county"], row["countyLabel"]), "whole": False,
            "documents": {}, "subregions": {}, "municipalities": {}})
        county["documents"][row["document"]] = documents[row["document"]]
        _add_place(county, row)
    return {
        "counties": sorted((_finished(county) for county in counties.values()),
                           key=lambda county: sort_key(county["county"]["label"])),
        "touched": by_label([place for iri, place in touched.items() if iri not in counties]),
        "documents": by_label(list(documents.values())),
    }


def _add_place(county: dict, row: dict) -> None:
    kind = row["kind"]
    if kind == COUNTY and row["via"] == "publisher":
        county["whole"] = True
    elif kind == SUBREGION:
        county["subregions"][row["place"]] = place_ref(row["place"], row["label"])
    elif kind == MUNICIPALITY:
        county["municipalities"][row["place"]] = place_ref(row["place"], row["label"])


def _finished(county: dict) -> dict:
    return {"county": county["county"], "whole": county["whole"],
            "documents": by_label(list(county["documents"].values())),
            "subregions": by_label(list(county["subregions"].values())),
            "municipalities": by_label(list(county["municipalities"].values()))}

