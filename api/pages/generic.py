"""The generic page of any resource that no kind module renders (grants, services, documents,
indicators, checksums, warnings, nodes minted under a record ...): every property, what points
here, its sources and warnings."""

from __future__ import annotations

from flask import g, render_template

from api.pages import entity_page
from api.storage import get_store
from graph.describe import FORMATS, resource
from graph.resources.common import iri_of

__all__ = ["RDF_FORMATS", "generic_page"]

#: The RDF renderings every page links to: ``{"name", "media_type", "label"}``.
RDF_FORMATS = [{"name": name, "media_type": rdf_format.media_type, "label": rdf_format.name}
               for name, rdf_format in FORMATS.items()]


@entity_page("*")
def generic_page(kind: str, key: str):
    """The page of ``/id/<kind>/<key>`` built from its description (404 if nothing is known)."""
    data = resource(get_store(), iri_of(kind, key).value, g.get("lang", "sv"))
    return render_template("resource.html", data=data, kind=kind, formats=RDF_FORMATS)
