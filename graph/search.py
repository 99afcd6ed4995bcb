"""Search the way Swedes type: over actors, projects, networks, funding, strategies and places.

Matching forgives case and accents (``goteborg`` finds Göteborg) and counts every alias
(``skos:altLabel``: ``almi`` finds ALMI). Hits are ranked, best first:

0. the label or an alias is the query;
1. the label starts with the query;
2. every word of the query starts a word of the label;
3. an alias starts with the query, or every word of the query starts one of its words;
4. every word of the query starts a word of the description.

Within a rank, hits follow Swedish alphabetical order (å, ä, ö after z). Results carry facets
with counts, and filters narrow by them: within a facet any chosen value will do, across facets
all must hold. A facet's counts ignore that facet's own filter, so they tell what choosing
another value would add. An empty query browses.

The index is built from a few SELECT queries once per store generation, not per request.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from graph.errors import InvalidParameter
from graph.named_queries import select
from graph.namespaces import BASE, local_path
from graph.per_generation import per_generation
from graph.search_facets import facet_rows
from graph.swedish import fold, sort_key

__all__ = [
    "FACETS",
    "KINDS",
    "SORTS",
    "Entry",
    "SearchIndex",
    "build_index",
    "kind_counts",
    "search",
    "search_index",
]

#: What search finds, with its Swedish and English name.
KINDS = {
    "actor": ("Aktör", "Actor"),
    "project": ("Projekt", "Project"),
    "network": ("Nätverk", "Network"),
    "funding": ("Finansieringskälla", "Funding source"),
    "strategy": ("Strategi", "Strategy"),
    "area": ("Strategiområde", "Strategy area"),
    "place": ("Plats", "Place"),
}
#: The kind of place, from its IRI (``/id/kommun/1480``).
PLACE_KINDS = {
    "kommun": ("Kommun", "Municipality"),
    "lan": ("Län", "County"),
    "delregion": ("Delregion", "Sub-region"),
    "land": ("Land", "Country"),
}
#: Facet name → where its values' IRIs start (the value is the rest: ``lan=14``, ``type=kommun``).
VALUE_PREFIXES = {
    "type": (f"{BASE}id/concept/aktorstyp/",),
    "lan": (f"{BASE}id/lan/",),
    "kommun": (f"{BASE}id/kommun/",),
    "service": (f"{BASE}id/concept/tjanst/",),
    "audience": (f"{BASE}id/concept/malgrupp/",),
    "strategy": (f"{BASE}id/concept/", f"{BASE}id/scheme/"),
    "funding": (f"{BASE}id/funding/",),
}
FACETS = ("kind", *VALUE_PREFIXES)
SORTS = ("relevance", "label")
MATCHES = ("exact", "prefix", "word", "alias", "description")
MAX_QUERY_LENGTH = 200
_WORD_SPLIT = re.compile(r"[\W_]+")


def _words(folded: str) -> tuple[str, ...]:
    """The words of folded text.

    >>> _words("1:1-medel, almi foretagspartner")
    ('1', '1', 'medel', 'almi', 'foretagspartner')
    """
    return tuple(word for word in _WORD_SPLIT.split(folded) if word)


def _starts_words(tokens: tuple[str, ...], words) -> bool:
    return bool(tokens) and all(any(word.startswith(token) for word in words) for token in tokens)


@dataclass(frozen=True)
class Alias:
    text: str
    folded: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """One record as search sees it: folded label, aliases and description, and facet values."""

    iri: str
    kind: str
    label: str
    folded: str
    words: tuple[str, ...]
    aliases: tuple[Alias, ...]
    description_words: frozenset[str]
    facets: dict[str, tuple[str, ...]] = field(hash=False)

    def match(self, phrase: str, tokens: tuple[str, ...]) -> tuple[int, str | None] | None:
        """(rank, alias matched or None), or None if the query does not find this record."""
        if self.folded == phrase:
            return 0, None
        exact = next((alias for alias in self.aliases if alias.folded == phrase), None)
        if exact:
            return 0, exact.text
        if self.folded.startswith(phrase):
            return 1, None
        if _starts_words(tokens, self.words):
            return 2, None
        for alias in self.aliases:
            if alias.folded.startswith(phrase) or _starts_words(tokens, alias.words):
                return 3, alias.text
        if _starts_words(tokens, self.description_words):
            return 4, None
        return None

    def passes(self, selected: dict[str, set[str]]) -> bool:
        """True if the record has one of the chosen values of every filtered facet."""
        return all(not chosen.isdisjoint(self.facets.get(name, ())) for name, chosen in selected.items())


@dataclass
class SearchIndex:
    """Every searchable record, and the labels of facet values by facet and value."""

    entries: list[Entry]
    values: dict[str, dict[str, dict[str, str]]]

    def value_label(self, facet: str, value: str, lang: str = "sv") -> tuple[str, str]:
        """A facet value's label in ``lang`` if it has one, else in Swedish, and the language
        it is in (a page marks the Swedish ones on English pages)."""
        labels = self.values.get(facet, {}).get(value, {})
        for language in (lang, "sv", *labels):
            if labels.get(language):
                return labels[language], language
        return value, "sv"


# --- building the index -----------------------------------------------------------------------

def _value_of(facet: str, iri: str) -> str | None:
    """The facet value an IRI stands for (``…/id/lan/14`` → ``14``), or None."""
    return next((iri[len(p):] for p in VALUE_PREFIXES[facet] if iri.startswith(p)), None)


def _labels(store) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for row in select(store, "search_labels"):
        labels.setdefault(row["value"], {}).setdefault(row["language"] or "sv", row["label"])
    return labels


def _facet_values(records: dict[str, dict], labels: dict) -> dict[str, dict[str, dict[str, str]]]:
    """Facet → value → labels by language: the values a filter may name."""
    values: dict[str, dict[str, dict[str, str]]] = {"kind": {
        kind: {"sv": sv, "en": en} for kind, (sv, en) in KINDS.items()}}
    strategies = {iri for iri, row in records.items() if row["kind"] in ("strategy", "area")}
    for facet in VALUE_PREFIXES:
        known = strategies if facet == "strategy" else labels
        values[facet] = {_value_of(facet, iri): labels.get(iri, {}) for iri in known
                         if _value_of(facet, iri) is not None}
    return values


def _aliases(store) -> dict[str, list[Alias]]:
    aliases: dict[str, list[Alias]] = {}
    for row in select(store, "search_aliases"):
        folded = fold(row["alias"])
        aliases.setdefault(row["record"], []).append(Alias(row["alias"], folded, _words(folded)))
    return {iri: sorted(found, key=lambda a: sort_key(a.text)) for iri, found in aliases.items()}


def _record_facets(store, records: dict, values: dict) -> dict[str, dict[str, set[str]]]:
    facets: dict[str, dict[str, set[str]]] = {iri: {} for iri in records}
    for record, facet, iri in facet_rows(store):
        value = _value_of(facet, iri)
        if record in facets and value in values[facet]:
            facets[record].setdefault(facet, set()).add(value)
    return facets


def _entry(row: dict, aliases: list[Alias], facets: dict[str, set[str]]) -> Entry:
    folded = fold(row["label"])
    own = {name: tuple(sorted(found)) for name, found in facets.items()}
    return Entry(
        iri=row["record"], kind=row["kind"], label=row["label"], folded=folded,
        words=_words(folded), aliases=tuple(a for a in aliases if a.folded != folded),
        description_words=frozenset(_words(fold(row["description"] or ""))),
        facets={"kind": (row["kind"],), **own},
    )


def build_index(store) -> SearchIndex:
    """Read everything search needs from the store (four SELECT queries and the facet links)."""
    records = {row["record"]: row for row in select(store, "search_records")}
    values = _facet_values(records, _labels(store))
    aliases = _aliases(store)
    facets = _record_facets(store, records, values)
    entries = [_entry(row, aliases.get(iri, []), facets[iri]) for iri, row in records.items()]
    entries.sort(key=lambda entry: (sort_key(entry.label), entry.iri))
    return SearchIndex(entries, values)


def search_index(store) -> SearchIndex:
    """The index of ``store``'s current generation, built on first use and kept until the next."""
    return per_generation(store, "search-index", lambda: build_index(store))


def kind_counts(store) -> dict[str, int]:
    """How many records of each kind search knows (for the home page)."""
    counts = Counter(entry.kind for entry in search_index(store).entries)
    return {kind: counts.get(kind, 0) for kind in KINDS}


# --- searching --------------------------------------------------------------------------------

def _checked_query(q: str | None) -> str:
    q = (q or "").strip()
    if len(q) > MAX_QUERY_LENGTH:
        raise InvalidParameter("q", f"at most {MAX_QUERY_LENGTH} characters")
    return q


def _checked_filters(index: SearchIndex, filters: dict | None) -> dict[str, set[str]]:
    """The chosen values by facet, each checked against the values the facet has."""
    selected = {}
    for name, chosen in (filters or {}).items():
        if name not in FACETS:
            raise InvalidParameter(name, f"not a facet; use one of {', '.join(FACETS)}")
        chosen = {chosen} if isinstance(chosen, str) else {value for value in chosen if value}
        unknown = sorted(chosen - set(index.values[name]))
        if unknown:
            raise InvalidParameter(name, f"'{unknown[0]}' is not one of its values")
        if chosen:
            selected[name] = chosen
    return selected


def _checked_paging(offset, limit, sort) -> str:
    if not isinstance(offset, int) or offset < 0:
        raise InvalidParameter("offset", "must be a whole number ≥ 0")
    if limit is not None and (not isinstance(limit, int) or limit < 1):
        raise InvalidParameter("limit", "must be a whole number ≥ 1")
    sort = sort or "relevance"
    if sort not in SORTS:
        raise InvalidParameter("sort", f"cannot sort by '{sort}'; use one of {', '.join(SORTS)}")
    return sort


def _matches(index: SearchIndex, q: str) -> list[tuple[int, str | None, Entry]]:
    phrase = fold(q)
    if not phrase:
        return [(0, None, entry) for entry in index.entries]
    tokens = _words(phrase)
    found = ((entry.match(phrase, tokens), entry) for entry in index.entries)
    return [(match[0], match[1], entry) for match, entry in found if match]


def _facet_item(index: SearchIndex, facet: str, value: str, count: int, selected: bool, lang: str) -> dict:
    label, label_lang = index.value_label(facet, value, lang)
    return {"value": value, "label": label, "label_lang": label_lang, "count": count, "selected": selected}


def _facets(index: SearchIndex, matches: list, selected: dict, lang: str) -> dict[str, list[dict]]:
    """Counts per facet value over the hits filtered by every other facet."""
    facets = {}
    for name in FACETS:
        others = {other: chosen for other, chosen in selected.items() if other != name}
        counts = Counter(value for _, _, entry in matches if entry.passes(others)
                         for value in entry.facets.get(name, ()))
        chosen = selected.get(name, set())
        for value in chosen:
            counts.setdefault(value, 0)
        items = [_facet_item(index, name, value, count, value in chosen, lang)
                 for value, count in counts.items()]
        facets[name] = sorted(items, key=lambda item: (-item["count"], sort_key(item["label"])))
    return facets


def _hit(entry: Entry, rank: int, alias: str | None, q: str, lang: str) -> dict:
    english = lang == "en"
    subkind = entry.iri[len(BASE) + 3:].split("/", 1)[0] if entry.kind == "place" else None
    kind_label = PLACE_KINDS[subkind] if subkind in PLACE_KINDS else KINDS[entry.kind]
    return {
        "iri": entry.iri, "path": local_path(entry.iri), "kind": entry.kind,
        "kind_label": kind_label[english], "place_type": subkind, "label": entry.label,
        "matched_alias": alias, "match": MATCHES[rank] if q else None,
        "facets": {name: list(values) for name, values in entry.facets.items() if name != "kind"},
    }


def search(store, q: str | None = None, filters: dict | None = None, offset: int = 0,
           limit: int | None = 50, sort: str | None = None, lang: str = "sv") -> dict:
    """Search (or, with an empty query, browse) the records of ``store``.

    Args:
        q: what the user typed.
        filters: facet name → chosen values (a string or a list); see :data:`FACETS`.
        offset, limit: the page of hits to return (``limit=None``: every hit).
        sort: ``relevance`` (rank, then Swedish alphabetical order) or ``label`` (alphabetical).
        lang: language of facet and kind labels, ``sv`` or ``en``.

    Returns:
        ``{"query", "total", "offset", "limit", "items", "facets"}``; ``facets`` maps each facet to
        ``[{"value", "label", "count", "selected"}]``.

    Raises:
        InvalidParameter: naming the parameter that cannot be used.
    """
    index = search_index(store)
    q = _checked_query(q)
    selected = _checked_filters(index, filters)
    sort = _checked_paging(offset, limit, sort)
    matches = _matches(index, q)
    hits = [match for match in matches if match[2].passes(selected)]
    hits.sort(key=lambda m: (m[0] if sort == "relevance" else 0, sort_key(m[2].label), m[2].iri))
    shown = hits[offset:] if limit is None else hits[offset:offset + limit]
    return {
        "query": {"q": q, "filters": {name: sorted(chosen) for name, chosen in selected.items()},
                  "sort": sort},
        "total": len(hits), "offset": offset, "limit": limit,
        "items": [_hit(entry, rank, alias, q, lang) for rank, alias, entry in shown],
        "facets": _facets(index, matches, selected, lang),
    }
