"""Pages: a source document at its IRI path (``/id/document/<key>``), written for people: what
it is, who published it, where the original is, what the graph holds from it and its sections.

Other records under ``/id/document/`` (a section of a document, a document a source names, a
curator's change) have the generic page.
"""

from __future__ import annotations

from flask import render_template

from api.pages import entity_page
from api.pages.generic import RDF_FORMATS
from api.storage import get_store
from graph.resources.document import document

__all__ = ["COUNT_NAMES", "document_page"]

#: How the page words each count: key, Swedish singular and plural, English singular and plural.
COUNT_NAMES = (
    ("actors", "aktör", "aktörer", "actor", "actors"),
    ("projects", "projekt eller insats", "projekt och insatser", "project or action", "projects and actions"),
    ("networks", "nätverk", "nätverk", "network", "networks"),
    ("services", "erbjudande", "erbjudanden", "service", "services"),
    ("funding_schemes", "finansieringskälla", "finansieringskällor", "funding scheme", "funding schemes"),
    ("grants", "bidrag", "bidrag", "grant", "grants"),
    ("indicators", "indikator", "indikatorer", "indicator", "indicators"),
    ("activities", "aktivitet", "aktiviteter", "activity", "activities"),
    ("concepts", "strategiområde eller begrepp", "strategiområden och begrepp", "strategy area or concept",
     "strategy areas and concepts"),
)


@entity_page("document")
def document_page(key: str):
    """A source document's page (404 for any other record, which then gets the generic page)."""
    return render_template("document.html", data=document(get_store(), key), count_names=COUNT_NAMES,
                           formats=RDF_FORMATS)
