"""Where the newcomer is: a place typed as a name, a postal code or a code, resolved to a place.

Tried in this order, forgiving case and accents (:func:`graph.swedish.fold`):

1. a code, ``kommun:1490`` or ``lan/04`` (:func:`graph.resources.place.parse_place`);
2. a postal code, ``503 30`` or ``50330``, through the reference table
   ``data/reference/postal_to_municipality.csv`` (read once);
3. a name: a place's Swedish name ("Södermanlands län"), short name ("Borås", "Västra
   Götaland"), the name in brackets ("Sjuhärad") or a name people use that the tables do not
   print (``skos:hiddenLabel`` in ``ontology/finder.ttl``: "Sörmland"); then the same without
   "kommun", "stad", "län" or a leading "i". Where a kommun and a län share a name ("Kalmar"),
   the kommun is taken and the answer says how to ask for the län;
4. a postal locality ("Torslanda") that lies in one kommun only.

A place that is not found is not an error: the answer says so and suggests close names.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.datafiles import BUNDLED_DATA
from graph.errors import InvalidParameter, NotFoundError
from graph.named_queries import select
from graph.namespaces import PLACE_KINDS
from graph.resources.common import iri_of
from graph.resources.place import KIND_RANK, parse_place, place_kind, place_ref
from graph.swedish import fold, sort_key

__all__ = ["POSTAL_CODES", "PlaceAnswer", "PlaceNames", "load_place_names", "postal_table", "resolve_place"]

#: The reference table from postal code to kommun.
POSTAL_CODES = BUNDLED_DATA / "reference" / "postal_to_municipality.csv"
_POSTAL = re.compile(r"^(\d{3})\s?(\d{2})$")
_CODE = re.compile(rf"^(?:{'|'.join(PLACE_KINDS)})[:/]\S+$")
_AFFIXES = (re.compile(r"^(i|in)\s+"), re.compile(r"\s+(kommun|stad)$"), re.compile(r"s?\s+lan$"))
MAX_PLACE_LENGTH = 100


@dataclass
class PlaceAnswer:
    """The resolved place (a place reference with ``how`` and ``input``), or None; suggestions
    of close names; and messages ``{"code", "sv", "en"}`` for the newcomer."""

    place: dict | None = None
    suggestions: list[dict] = field(default_factory=list)
    messages: list[dict] = field(default_factory=list)


@lru_cache(maxsize=4)
def postal_table(path: Path = POSTAL_CODES) -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """Postal code → kommun code, and folded postal locality → the kommun codes it lies in."""
    by_code: dict[str, str] = {}
    by_locality: dict[str, set[str]] = defaultdict(set)
    with open(path, encoding="utf-8", newline="") as lines:
        for row in csv.DictReader(lines):
            by_code[row["postal_code"]] = row["municipality_code"]
            by_locality[fold(row["locality"])].add(row["municipality_code"])
    return by_code, {name: frozenset(codes) for name, codes in by_locality.items()}


@dataclass
class PlaceNames:
    """Every place's Swedish name, and the places each folded name may mean (kommun first)."""

    labels: dict[str, str]
    by_name: dict[str, list[str]]

    @classmethod
    def from_rows(cls, rows: list[dict]) -> PlaceNames:
        labels = {row["place"]: row["label"] for row in rows}
        by_name: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            for name in _variants(row["name"]):
                by_name[name].add(row["place"])
        ordered = {name: sorted(places, key=lambda p: (KIND_RANK[place_kind(p)], sort_key(labels[p])))
                   for name, places in by_name.items()}
        return cls(labels, ordered)

    def named(self, text: str) -> list[str]:
        """The places ``text`` may name, best first (exact name, then without affixes)."""
        for candidate in _candidates(fold(text)):
            if candidate in self.by_name:
                return self.by_name[candidate]
        return []

    def close(self, text: str, count: int = 5) -> list[str]:
        """Places whose names are close to ``text`` (for "did you mean").

        The more specific kind of place comes first for names that sound alike."""
        names = difflib.get_close_matches(fold(text), list(self.by_name), n=count, cutoff=0.75)
        places = [place for name in names for place in self.by_name[name]]
        return list(dict.fromkeys(places))[:count]


def _variants(name: str) -> set[str]:
    """A name folded, and for "Boråsregionen (Sjuhärad)" also each part."""
    folded = fold(name)
    outside, _, inside = folded.partition(" (")
    return {folded, outside.strip(), inside.rstrip(")").strip()} - {""}


def _candidates(folded: str) -> list[str]:
    """The text as typed, then without a leading "i" and a trailing "kommun", "stad" or "län",
    then each of those without a genitive s.

    >>> _candidates("i goteborgs stad")
    ['i goteborgs stad', 'goteborgs stad', 'goteborgs', 'goteborg']
    """
    found = [folded]
    for pattern in _AFFIXES:
        stripped = pattern.sub("", found[-1]).strip()
        if stripped and stripped != found[-1]:
            found.append(stripped)
    return found + [name[:-1] for name in found if name.endswith("s")]  # "Göteborgs stad"


def _resolved(names: PlaceNames, iri: str, how: str, text: str) -> dict:
    return place_ref(iri, names.labels[iri], how=how, input=text)


def _by_code(names: PlaceNames, text: str) -> PlaceAnswer | None:
    if not _CODE.match(text):
        return None
    try:
        iri = iri_of(*parse_place(text)).value
    except NotFoundError:  # not even a possible code
        return None
    return PlaceAnswer(_resolved(names, iri, "code", text)) if iri in names.labels else None


def _by_postal_code(names: PlaceNames, text: str) -> PlaceAnswer | None:
    matched = _POSTAL.match(text)
    if not matched:
        return None
    code = postal_table()[0].get("".join(matched.groups()))
    iri = code and iri_of("kommun", code).value
    return PlaceAnswer(_resolved(names, iri, "postal_code", text)) if iri in names.labels else None


def _by_name(names: PlaceNames, text: str) -> PlaceAnswer | None:
    places = names.named(text)
    if not places:
        return None
    answer = PlaceAnswer(_resolved(names, places[0], "name", text))
    if len(places) > 1:
        taken, others = names.labels[places[0]], ", ".join(names.labels[p] for p in places[1:])
        answer.messages.append(_message(
            "place-ambiguous", f"'{text}' tolkades som {taken}; skriv hela namnet för {others}.",
            f"'{text}' was read as {taken}; write the full name for {others}."))
    return answer


def _by_locality(names: PlaceNames, text: str) -> PlaceAnswer | None:
    codes = postal_table()[1].get(fold(text), frozenset())
    iri = iri_of("kommun", next(iter(codes))).value if len(codes) == 1 else None
    return PlaceAnswer(_resolved(names, iri, "locality", text)) if iri in names.labels else None


def _message(code: str, swedish: str, english: str) -> dict:
    return {"code": code, "sv": swedish, "en": english}


def _not_found(names: PlaceNames, text: str) -> PlaceAnswer:
    suggestions = [place_ref(iri, names.labels[iri]) for iri in names.close(text)]
    hint_sv = hint_en = ""
    if suggestions:
        hint_sv = " Menade du " + " eller ".join(s["label"] for s in suggestions) + "?"
        hint_en = " Did you mean " + " or ".join(s["label"] for s in suggestions) + "?"
    if _POSTAL.match(text):
        what_sv = f"Postnumret '{text}' finns inte i postnummertabellen."
        what_en = f"The postal code '{text}' is not in the postal-code table."
    else:
        what_sv = f"Vi hittade ingen plats som heter '{text}'."
        what_en = f"We found no place called '{text}'."
    return PlaceAnswer(None, suggestions, [_message(
        "place-not-found", f"{what_sv}{hint_sv} Resultaten gäller utan plats.",
        f"{what_en}{hint_en} The results are for no particular place.")])


def load_place_names(store) -> PlaceNames:
    """Every place's names as the store holds them."""
    return PlaceNames.from_rows(select(store, "finder_place_names"))


def resolve_place(names: PlaceNames, text: str | None) -> PlaceAnswer:
    """The place ``text`` names (see the module for how), or an answer that says it was not found.

    Raises:
        InvalidParameter: the text is too long to be a place.
    """
    text = " ".join((text or "").split())
    if not text:
        return PlaceAnswer()
    if len(text) > MAX_PLACE_LENGTH:
        raise InvalidParameter("place", f"is {len(text)} characters long; write at most {MAX_PLACE_LENGTH}")
    for attempt in (_by_code, _by_postal_code, _by_name, _by_locality):
        answer = attempt(names, text)
        if answer is not None:
            return answer
    return _not_found(names, text)
