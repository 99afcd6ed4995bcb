"""The page audit: every kind of page in headless Chromium, judged by the rules below. Used by
``tests/test_page_audit.py`` (a test per page kind, width and rule) and ``bench/page_audit.py``
(the same audit as a table, for a before and after).

Each page is opened at 390 px (a phone) and 1280 px wide, in Swedish and with ``?lang=en``.

**Overflow.** ``document.documentElement.scrollWidth <= window.innerWidth``: nothing pushes the
page sideways. A wide table may scroll inside its own box (``overflow-x: auto``); what sticks out
of such a box does not count. A failure names the culprit: the element past the right edge whose
parent is not, the one reaching farthest.

**Accessibility.** axe-core (``tests/vendor/axe-core``, for the tests only, never served) with
the WCAG 2 A and AA rules (tags ``wcag2a``, ``wcag2aa``): no violation of impact ``serious`` or
``critical``. The pages' Content-Security-Policy forbids inline script, so axe cannot be added as
a ``<script>``; it is evaluated through the DevTools protocol (``page.evaluate``, CDP's
``Runtime.evaluate``), which a page's CSP does not govern. The pages keep their real CSP: a
context with ``bypass_csp=True`` would also apply inline styles the visitors' browsers refuse, and
the audit would measure a layout nobody sees.

**Visible text.** The text nodes a visitor can see (``checkVisibility``; an ``<option>`` when
its ``<select>`` is; not ``<textarea>``, whose text is a form's value, such as the SPARQL
editor's query), in three checks:

- *RDF names*: no prefixed name of the project's vocabularies (``rdf:type``, ``dct:issued``,
  ``prov:Entity``; prefixes ``rdf rdfs dct skos prov org eurio schema geo owl xsd void dcat foaf
  ak sh``). A page names things in words.
- *Bare IRIs*: no ``http://`` or ``https://`` text, with two exceptions. A link whose visible
  text is the very address it goes to, on another site (an organisation's homepage as the
  source prints it), is meant for people. And an element with the class ``iri`` shows an
  address on purpose: a record's own address, the graph names one writes SPARQL with. An
  IRI of this site as a link's text is not exempt: a link to a record shows its name.
- *Raw date stamps*: no ISO date (``2025-12-31``, ``2025-12``), no six-digit ``YYMMDD``
  (``251231``, ``230815``) or eight-digit ``YYYYMMDD`` (``20240901``) date printed as text; a
  date is written for people ("31 december 2025"). A number only counts when it is a valid date
  (``580000`` is no date); the checksum's hex digits are no number. A ``<cite>`` is exempt: it
  names a section of a source as the source heads it ("Projekttid (2022-10-20 | ...)"), for the
  reader to find it there.

**English throughout** (``?lang=en`` only). The page says ``<html lang="en">`` and its text
outside elements marked ``lang="sv"`` has none of these Swedish words (whole words, any case):

- project statuses and time-plan words (``pågående``, ``avslutad``, ``kommande``,
  ``föreslagen``, ``löpande``, ``status okänd``, ...), the kinds of projects, networks and
  documents the sources use (``insats``, ``förstudie``, ``verksamhet``, ``nätverk``, ...);
- the Swedish label of every concept in ``ontology/schemes.ttl`` (actor types, roles, services,
  target groups, stages, funding-source types) that has an English label of its own, except the
  few that are English words too (``Start``, ``Region``);
- Swedish words of messages and sentences (``och``, ``inte``, ``saknas``, ``enligt``, ...).
  Swedish data as printed (names, titles, descriptions) belongs in a ``lang="sv"`` element, as
  WCAG 3.1.2 (language of parts) asks; unmarked it is read with English pronunciation, and found.

Text in a ``lang="sv"`` element is Swedish data and is not checked, with two exceptions, labels
of the interface marked as data: an element whose whole text is one status or kind
(``<td lang="sv">pågående</td>``), and a link to a concept's page (``/id/concept/...``) whose
whole text is one of the ontology's Swedish labels with an English one. (A record may be named
like a concept, as the service "Stöd till nyföretagande" is: its name is data.)
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SKOS

__all__ = ["AXE", "LANGUAGES", "PAGES", "WIDTHS", "Audit", "audit", "audited_url", "judge", "swedish_terms"]

HERE = Path(__file__).resolve().parent
AXE = HERE / "vendor" / "axe-core" / "axe.min.js"
MEASURE = (HERE / "page_audit.js").read_text(encoding="utf-8")
SCHEMES = HERE.parent / "ontology" / "schemes.ttl"

#: One page of every kind, with records picked from ``data/``: Almi Sörmland (many facts),
#: Statistiska centralbyrån (one mention), Regional Exportsamverkan Sörmland (sormland-t06-1), the
#: grant larger than its project's cost (vg2020-bor-02-run, with its warning).
PAGES = {
    "home": "/",
    "search": "/sok?q=almi",
    "actors": "/aktorer",
    "projects": "/projekt",
    "networks": "/natverk",
    "funding-schemes": "/finansieringskallor",
    "strategies": "/strategier",
    "places": "/platser",
    "actor": "/id/actor/almi-sormland",
    "actor-few-facts": "/id/actor/statistiska-centralbyran",
    "project": "/id/project/sormland-t06-1",
    "network": "/id/network/sormland-naringslivsansvariga",
    "funding-scheme": "/id/funding/vgr-run-delregionala-2020",
    "strategy-scheme": "/id/scheme/sormland-nls",
    "strategy-area": "/id/concept/sormland-nls/innovation-och-konkurrenskraft",
    "kommun": "/id/kommun/0484",
    "delregion": "/id/delregion/skaraborg",
    "lan": "/id/lan/04",
    "sverige": "/id/land/SE",
    "document": "/id/document/sormland-handlingsplan",
    "grant": "/id/grant/vg2020-bor-02-run",
    "service": "/id/service/sormland-svc-almi-basuppdrag",
    "indicator": "/id/indicator/vg2020-bor-07-andel-rise",
    "dataset": "/dataset",
    "sparql": "/sparql",
    "network-explorer": "/network",
    "finder": "/hitta?need=vi+vill+b%C3%B6rja+exportera&place=Nyk%C3%B6ping",
    "overlap": "/overlap",
    "gaps": "/luckor",
    "funding": "/finansiering",
    "timeline": "/tidslinje",
    "not-found": "/id/actor/finns-inte",
}
WIDTHS = (390, 1280)
LANGUAGES = ("sv", "en")
AXE_TAGS = ["wcag2a", "wcag2aa"]
BLOCKING_IMPACTS = ("serious", "critical")

PREFIXED_NAME = re.compile(
    r"(?<![\w/#:.-])(?:rdfs?|dct|skos|prov|org|eurio|schema|geo|owl|xsd|void|dcat|foaf|ak|sh)"
    r":[A-Za-z_][\w-]*")
IRI = re.compile(r"https?://[^\s<>\"'()\[\]]+")
SITE = "https://aktorskartan.se/"
_MONTH = r"(?:0[1-9]|1[0-2])"
_DAY = r"(?:0[1-9]|[12]\d|3[01])"
RAW_DATE = re.compile(
    rf"(?<!\w)(?:(?:19|20)\d\d-{_MONTH}(?:-{_DAY})?|\d\d{_MONTH}{_DAY}|(?:19|20)\d\d{_MONTH}{_DAY})(?![\w-])")

#: Statuses and time-plan words as the sources print them, and the kinds of their projects,
#: networks and documents (``data/*/projects.csv``, ``networks.csv``, ``documents.csv``), save
#: those that are English words too (forum, plan, lag, reform).
STATUS_AND_KINDS = (
    "pågående", "avslutad", "avslutat", "avslutade", "avslutades", "kommande", "föreslagen",
    "föreslaget", "föreslagna", "löpande", "status okänd", "okänd status", "planerad", "planerat",
    "projekt", "förstudie", "förstudier", "insats", "insatser", "uppdrag", "verksamhet",
    "nätverk", "samverkansgrupp", "plattform", "kluster", "mötesplats", "strategi", "beslut",
    "analys", "rapport", "granskning", "faktablad", "planeringsunderlag", "överenskommelse",
    "informationsärende", "handlingsplan",
)
#: Concept labels that are English words as well as Swedish ones.
ENGLISH_TOO = {"start", "startups", "region", "eu", "science park"}
#: Words of Swedish sentences and messages that no English sentence uses.
SWEDISH_WORDS = (
    "och", "eller", "inte", "inga", "ingen", "inget", "saknas", "finns", "enligt", "okänd",
    "okänt", "uppgift", "uppgifter", "källa", "källor", "för", "från", "på", "är", "som", "samt",
    "också", "mellan", "där", "vilka", "vilken", "utan", "alla",
)


@dataclass
class Audit:
    """What one page showed at one width in one language."""

    kind: str
    width: int
    lang: str
    status: int = 0
    overflow: int = 0
    widest: str = ""
    axe: list[str] = field(default_factory=list)
    prefixed_names: list[str] = field(default_factory=list)
    iris: list[str] = field(default_factory=list)
    raw_dates: list[str] = field(default_factory=list)
    swedish: list[str] = field(default_factory=list)
    html_lang: str = ""
    #: How long opening and judging the page took.
    seconds: float = 0.0

    @property
    def where(self) -> str:
        return f"{self.kind} ({PAGES.get(self.kind, '?')}) at {self.width} px, lang={self.lang}"


def audited_url(base: str, kind: str, lang: str) -> str:
    """The page of ``kind`` on the server at ``base``, with ``lang=en`` for English."""
    path = PAGES[kind]
    if lang == "en":
        path += ("&" if "?" in path else "?") + "lang=en"
    return base + path


def audit(page, base: str, kind: str, width: int, lang: str) -> Audit:
    """Open the page of ``kind`` at ``width`` px in ``page`` (a Playwright page) and judge it."""
    started = time.monotonic()
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(audited_url(base, kind, lang), wait_until="load")
    result = judge(page, Audit(kind, width, lang, status=response.status if response else 0))
    result.seconds = time.monotonic() - started
    return result


def judge(page, result: Audit) -> Audit:
    """``result`` filled in with what the page now open in ``page`` shows."""
    measured = page.evaluate(MEASURE)
    result.overflow, result.widest = max(0, measured["overflow"]), measured["widest"]
    result.html_lang = measured["lang"] or ""
    result.axe = accessibility_violations(page)
    _judge_text(result, measured["segments"], result.lang)
    return result


def accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical WCAG 2 A/AA violations on ``page``: rule, impact, elements."""
    page.evaluate(_axe_source())
    violations = page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: "tag", values: tags},
                                                      resultTypes: ["violations"]})).violations
             .map(v => ({id: v.id, impact: v.impact, targets: v.nodes.map(n => n.target.join(" "))}))""",
        AXE_TAGS)
    return [f"{v['id']} ({v['impact']}, {len(v['targets'])}x): {', '.join(v['targets'][:3])}"
            for v in violations if v["impact"] in BLOCKING_IMPACTS]


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def _judge_text(result: Audit, segments: list[dict], lang: str) -> None:
    for segment in segments:
        text = segment["text"]
        result.prefixed_names += PREFIXED_NAME.findall(text)
        result.iris += [iri for iri in IRI.findall(text) if not _address_shown_on_purpose(iri, segment)]
        if not segment["cited"]:
            result.raw_dates += [_in_context(text, match) for match in RAW_DATE.finditer(text)]
        if lang == "en":
            result.swedish += _swedish_in(segment)


def _address_shown_on_purpose(iri: str, segment: dict) -> bool:
    """An address in an ``.iri`` element, or a link's text that is the address it goes to, on
    another site."""
    if segment["address"]:
        return True
    href, shown = segment["link_href"], segment["link_text"]
    return (bool(href) and _same_address(shown, iri) and _same_address(href, iri)
            and not iri.startswith(SITE))


def _same_address(one: str, other: str) -> bool:
    return one.rstrip("/") == other.rstrip("/")


def _swedish_in(segment: dict) -> list[str]:
    """The Swedish words in a segment of an English page (see the module's rules)."""
    if segment["swedish"]:
        whole = segment["swedish_whole"].strip(" .,:;()").casefold()
        printed = whole in _casefolded(STATUS_AND_KINDS)
        concept = "/id/concept/" in segment["link_href"] and whole in _casefolded(swedish_terms())
        found = printed or concept
        return [f'"{segment["swedish_whole"]}" (a label marked as Swedish data)'] if found else []
    text = segment["text"]
    return [_in_context(text, match) for match in _swedish_pattern().finditer(text)]


def _in_context(text: str, match: re.Match) -> str:
    start, end = max(0, match.start() - 30), match.end() + 30
    return f"{match.group(0)!r} in \"{text[start:end]}\""


@cache
def _casefolded(terms: tuple[str, ...]) -> frozenset[str]:
    return frozenset(term.casefold() for term in terms)


@cache
def _swedish_pattern() -> re.Pattern:
    # The longest first: "status okänd" is found whole, not as "okänd".
    words = sorted(_casefolded((*STATUS_AND_KINDS, *swedish_terms(), *SWEDISH_WORDS)), key=len, reverse=True)
    return re.compile(r"(?<![\w/-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w/-])", re.IGNORECASE)


@cache
def swedish_terms() -> tuple[str, ...]:
    """The Swedish labels of the ontology's concepts that have an English label of their own."""
    graph = Graph().parse(SCHEMES, format="turtle")
    terms = set()
    for concept in set(graph.subjects(SKOS.prefLabel, None)):
        labels = {label.language: str(label) for label in graph.objects(concept, SKOS.prefLabel)}
        swedish, english = labels.get("sv"), labels.get("en")
        if swedish and english and swedish.casefold() != english.casefold() \
                and swedish.casefold() not in ENGLISH_TOO:
            terms.add(swedish)
    return tuple(sorted(terms))
