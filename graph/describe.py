"""What the graph says about one resource: its RDF description and the data of its generic page.

The description is Concise-Bounded-like (see ``queries/describe_record.rq``): the resource's own
triples, the nodes minted under its IRI (a project's ``/total-cost`` and ``/party/...``) and the
labels of what they point to. The page data reads the same triples, so the page and the RDF
never disagree.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from graph.errors import NotFoundError
from graph.named_queries import named_query, select
from graph.namespaces import BASE, PREFIXES, RDF, RDFS, SKOS, XSD, local_path
from graph.resources.common import sources, warnings
from graph.stats import curie
from graph.swedish import sort_key

__all__ = ["FORMATS", "describe", "exists", "is_web_address", "local_name", "pick_label", "resource",
           "serialize", "term_labels"]

#: Format name (``?format=``) → the RDF serialization it stands for.
FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES,
}

LABEL_PREDICATES = (str(SKOS.prefLabel), str(RDFS.label))
NUMERIC = {str(XSD.decimal), str(XSD.integer), str(XSD.double), str(XSD.float)}
DATES = {str(XSD.date), str(XSD.gYear), str(XSD.gYearMonth), str(XSD.dateTime)}
WARNING_FOCUS = "http://www.w3.org/ns/shacl#focusNode"


def exists(store, iri: str) -> bool:
    """True if ``iri`` is the subject of at least one triple."""
    return bool(select(store, "describe_exists", record=ox.NamedNode(iri)))


def describe(store, iri: str) -> list[ox.Triple]:
    """The description of ``iri``, sorted so that equal data gives equal output.

    Raises:
        NotFoundError: ``iri`` is the subject of no triple.
    """
    node = ox.NamedNode(iri)
    triples = sorted(set(store.query(named_query("describe_record"), {"record": node})), key=str)
    if not any(triple.subject == node for triple in triples):
        raise NotFoundError(f"nothing is known about <{iri}>")
    return triples


def serialize(triples: list[ox.Triple], format_name: str, prefixes: dict | None = None) -> bytes:
    """``triples`` in the format named ``format_name`` (a key of :data:`FORMATS`).

    Turtle uses the contract's prefixes (or ``prefixes``); the other formats have none.
    """
    rdf_format = FORMATS[format_name]
    if rdf_format is ox.RdfFormat.TURTLE:
        return ox.serialize(triples, format=rdf_format, prefixes=prefixes or PREFIXES)
    return ox.serialize(triples, format=rdf_format)


def pick_label(labels: list[tuple[str, str]], lang: str) -> str | None:
    """The label in ``lang``, else Swedish, else one without language, else any.

    >>> pick_label([("Project owner", "en"), ("Projektägare", "sv")], "en")
    'Project owner'
    >>> pick_label([("Projektägare", "sv")], "en"), pick_label([], "sv")
    ('Projektägare', None)
    """
    return picked(labels, lang)[0]


def picked(labels: list[tuple[str, str]], lang: str) -> tuple[str | None, str]:
    """:func:`pick_label`'s label and its language ("" for none, or no label).

    >>> picked([("Projektägare", "sv")], "en")
    ('Projektägare', 'sv')
    """
    by_language = {language: text for text, language in sorted(labels)}
    for language in (lang, "sv", ""):
        if language in by_language:
            return by_language[language], language
    return next(iter(by_language.items()), ("", None))[::-1]


def term_labels(store, lang: str) -> dict[str, str]:
    """The ontology's name of each class and property, in ``lang`` where it has one."""
    labels = defaultdict(list)
    for row in select(store, "describe_term_labels"):
        labels[row["term"]].append((row["label"], row["lang"] or ""))
    return {term: pick_label(found, lang) for term, found in labels.items()}


# --- the generic page ----------------------------------------------------------------------


def resource(store, iri: str, lang: str = "sv") -> dict:
    """Everything the generic page of ``iri`` shows, as plain data.

    Returns:
        ``{"iri", "path", "label", "types", "properties", "parts", "incoming", "sources",
        "warnings"}``; a property is ``{"predicate": term, "values": [value]}`` where a value is
        a link (``{"iri", "path", "href", "label"}``), a text (``{"text", "lang", "number"}``)
        or a part minted under ``iri`` (``{"part": link, "properties": [...]}``).

    Raises:
        NotFoundError: ``iri`` is the subject of no triple.
    """
    triples = describe(store, iri)
    terms = term_labels(store, lang)
    view = _View(triples, iri, lang, terms)
    own = view.by_subject.get(iri, [])
    types = [_term(t.object.value, terms) for t in own if t.predicate.value == str(RDF.type)]
    pointing = incoming(store, iri, lang, terms)
    return {
        "iri": iri,
        "path": local_path(iri),
        "label": view.label(iri) or _unnamed(iri, types, pointing),
        "label_lang": view.labelled(iri)[1],
        "types": types,
        "properties": view.properties(iri, nested=True),
        "parts": view.inward_parts(),
        "incoming": pointing,
        "sources": sources(store, iri),
        "warnings": warnings(store, iri),
    }


def _unnamed(iri: str, types: list[dict], pointing: list[dict]) -> str:
    """A name for a record the data names not (a grant): its kind and what it belongs to
    ("Bidrag – Drivhuset FRAMSTEG!"), else its kind and key."""
    kind = next((t["label"] for t in types if t["label"] != local_name(t["iri"])), None)
    named = [subject["label"] for group in pointing for subject in group["subjects"] if subject["named"]]
    if kind and named:
        return f"{kind} – {named[0]}"
    return f"{kind} {local_name(iri)}" if kind else local_name(iri)


def incoming(store, iri: str, lang: str, terms: dict[str, str]) -> list[dict]:
    """What points at ``iri``, grouped by property: ``[{"predicate": term, "subjects": [link]}]``.

    A node minted under another record (a project's party) is shown as that record. The data
    warnings about the record are left out: the page shows them, in words, at its top.
    """
    labels, pairs = defaultdict(list), set()
    for row in select(store, "describe_incoming", record=ox.NamedNode(iri)):
        if row["predicate"] == WARNING_FOCUS:
            continue
        subject, label, language = row["subject"], row["label"], row["lang"]
        if row["owner"]:
            subject, label, language = row["owner"], row["ownerLabel"], row["ownerLang"]
        pairs.add((row["predicate"], subject))
        if label is not None:
            labels[subject].append((label, language or ""))
    grouped = defaultdict(list)
    for predicate, subject in pairs:
        grouped[predicate].append(link(subject, *picked(labels[subject], lang)))
    return [{"predicate": _term(predicate, terms),
             "subjects": sorted(subjects, key=lambda ref: sort_key(ref["label"]))}
            for predicate, subjects in sorted(grouped.items(), key=lambda item: _term_order(item[0], terms))]


def is_web_address(text: str | None) -> bool:
    """True for an http(s) address, the only kind of address the pages make a link of
    (``javascript:``, ``data:`` and the like stay text).

    >>> [is_web_address(t) for t in ("https://www.almi.se/", "javascript:alert(1)", " http://x", None)]
    [True, False, False, False]
    """
    return isinstance(text, str) and text.startswith(("http://", "https://"))


def link(iri: str, label: str | None, label_lang: str | None = None) -> dict:
    """A link to a resource: ``path`` on this service for our ``/id/`` IRIs, ``href`` to follow,
    and the language of its label where known (a page marks a Swedish name on an English page).

    Our IRIs outside ``/id/`` (graphs, vocabulary terms) and non-web IRIs get no ``href``; a
    resource without a label is named by the last part of its IRI, never by the IRI itself.

    >>> link("https://aktorskartan.se/id/actor/x", "X")["href"], link("urn:x:y", None)["href"]
    ('/id/actor/x', None)
    """
    path = local_path(iri)
    path = path if path and path.startswith("/id/") else None
    external = is_web_address(iri) and not iri.startswith(BASE)
    return {"iri": iri, "path": path, "href": path or (iri if external else None),
            "label": label or local_name(iri), "named": label is not None,
            "label_lang": label_lang if label else None}


def _term(iri: str, terms: dict[str, str]) -> dict:
    """A class or property: its IRI, its prefixed name (for machines) and the name a page shows
    (the ontology's, ``ontology/labels.ttl`` for other vocabularies' terms; else its local name).

    >>> _term("http://purl.org/dc/terms/issued", {})["label"]
    'issued'
    """
    return {"iri": iri, "name": curie(iri), "label": terms.get(iri) or local_name(iri)}


def local_name(iri: str) -> str:
    """The last part of an IRI, after its ``#`` or last ``/``.

    >>> local_name("http://www.w3.org/ns/prov#Entity"), local_name("https://schema.org/url")
    ('Entity', 'url')
    """
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


def _term_order(iri: str, terms: dict[str, str]):
    """Types first, then labels, then every other property by its shown name."""
    first = {str(RDF.type): 0, str(SKOS.prefLabel): 1, str(RDFS.label): 1}
    return (first.get(iri, 2), sort_key(terms.get(iri) or curie(iri)))


class _View:
    """The description's triples read for one page: by subject, with the labels they carry."""

    def __init__(self, triples: list[ox.Triple], iri: str, lang: str, terms: dict[str, str]):
        self.iri, self.lang, self.terms = iri, lang, terms
        self.by_subject = defaultdict(list)
        for triple in triples:
            self.by_subject[triple.subject.value].append(triple)
        self.parts = {s for s in self.by_subject if s.startswith(iri + "/")}

    def label(self, iri: str) -> str | None:
        return self.labelled(iri)[0]

    def labelled(self, iri: str) -> tuple[str | None, str | None]:
        """The resource's label for the page, and the label's language."""
        found = [(t.object.value, t.object.language or "") for t in self.by_subject.get(iri, [])
                 if t.predicate.value in LABEL_PREDICATES and isinstance(t.object, ox.Literal)]
        return picked(found, self.lang)

    def part_label(self, part: str) -> str:
        """A part's own label, else the name of its kind (a project's ``/total-cost``: "Belopp"),
        else its IRI after the record's (``party/<actor>/<role>``)."""
        kinds = [self.terms.get(t.object.value) for t in self.by_subject.get(part, [])
                 if t.predicate.value == str(RDF.type)]
        return self.label(part) or next((kind for kind in kinds if kind), None) or part[len(self.iri) + 1:]

    def properties(self, subject: str, nested: bool, skip: tuple = ()) -> list[dict]:
        """The properties of ``subject``, leaving out those to or through ``skip``."""
        values = defaultdict(list)
        for triple in self.by_subject.get(subject, []):
            if triple.object.value not in skip and triple.predicate.value not in skip:
                values[triple.predicate.value].append(self.value(triple.object, nested))
        ordered = sorted(values.items(), key=lambda item: _term_order(item[0], self.terms))
        return [{"predicate": _term(predicate, self.terms), "values": _sorted(found)}
                for predicate, found in ordered]

    def value(self, term, nested: bool) -> dict:
        if isinstance(term, ox.Literal):
            return {"text": term.value, "lang": term.language,
                    "number": term.datatype.value in NUMERIC, "date": term.datatype.value in DATES,
                    "href": term.value if _is_web_address(term) else None}
        if isinstance(term, ox.NamedNode) and nested and term.value in self.parts:
            return {"part": link(term.value, self.part_label(term.value)),
                    "properties": self.properties(term.value, nested=False)}
        if not isinstance(term, ox.NamedNode):
            return {"text": str(term), "lang": None, "number": False, "date": False, "href": None}
        label, language = self.labelled(term.value)
        return link(term.value, label, language) if label else link(term.value, self.terms.get(term.value),
                                                                      self.lang)

    def inward_parts(self) -> list[dict]:
        """Parts that point at the record (memberships of a network, sections of a document)."""
        pointed_at = {t.object.value for t in self.by_subject.get(self.iri, [])}
        parts = []
        for part in self.parts - pointed_at:
            # A labelled part needs no type or label repeated under its link.
            skip = (self.iri, str(RDF.type), *LABEL_PREDICATES) if self.label(part) else (self.iri,)
            parts.append({"part": link(part, self.part_label(part)),
                          "properties": self.properties(part, False, skip)})
        return sorted(parts, key=lambda item: sort_key(item["part"]["label"]))


def _is_web_address(literal: ox.Literal) -> bool:
    return literal.datatype.value == str(XSD.anyURI) and is_web_address(literal.value)


def _sorted(values: list[dict]) -> list[dict]:
    """Values in Swedish order of what is shown: a link's label, a text, a part's label."""
    def shown(value: dict) -> str:
        return value.get("label") or value.get("text") or value.get("part", {}).get("label", "")
    return sorted(values, key=lambda value: sort_key(shown(value)))
