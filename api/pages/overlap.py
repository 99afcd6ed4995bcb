"""Pages for strategists: ``/overlap`` (actors and projects that overlap, owners active in
several areas) and ``/tidslinje`` (what runs when and where, drawn as a timeline, and the
collisions).

Each page shows the payloads of ``/api/v1/analysis/overlap/*`` and ``/api/v1/analysis/timeline``
with the same filters (read by the same functions) and links their CSV downloads.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import render_template, request

from api.pages import bp, list_links
from api.render import list_parameters
from api.storage import get_store
from api.v1.overlap import actor_arguments, owner_arguments, project_arguments, timeline_arguments
from graph.analysis import overlap
from graph.analysis.overlap_common import concept_refs
from graph.analysis.timeline import timeline
from graph.namespaces import concept
from graph.resources.common import by_label, page
from graph.resources.project import project_filter_options
from graph.resources.strategy import flat_concepts, strategies

__all__ = ["PER_PAGE", "overlap_page", "timeline_page"]

API = "/api/v1/analysis"
#: Project pairs per page (the other lists are short; each downloads whole as CSV).
PER_PAGE = 50
FILTERS = ("place", "service", "strategy", "min_score", "level", "from", "to")


def _chosen() -> dict:
    """The filters as given, for the form and the links (a place as the form writes it, kind/code)."""
    given = {name: request.args.get(name, "").strip() for name in FILTERS}
    given["place"] = given["place"].replace(":", "/", 1)
    return {name: value for name, value in given.items() if value}


def _csv_link(path: str, chosen: dict, names: tuple[str, ...]) -> str:
    query = urlencode({**{name: chosen[name] for name in names if name in chosen}, "format": "csv"})
    return f"{API}/{path}?{query}"


def _options(store) -> dict:
    """The form's choices: places, service types, strategy areas (scheme/key) and levels."""
    prefix = str(concept(overlap.SERVICE_SCHEME, ""))
    services = by_label([item for iri, item in concept_refs(store).items() if iri.startswith(prefix)])
    return {
        "place": project_filter_options(store)["place"],
        "service": [{"value": item["iri"].removeprefix(prefix), "label": item["label"],
                     "label_en": item["label_en"]} for item in services],
        "strategy": [{"value": row["key"], "label": row["label"], "label_en": row["label_en"],
                      "level": row["level"] - 1}
                     for scheme in strategies(store) for row in flat_concepts(scheme["concepts"])],
        "level": [{"value": "delregion", "label": "delregioner", "label_en": "sub-regions"},
                  {"value": "lan", "label": "län", "label_en": "counties"}],
    }


@bp.get("/overlap")
def overlap_page():
    store = get_store()
    offset, limit, _ = list_parameters(default_limit=PER_PAGE)
    chosen = _chosen()
    projects = page(overlap.project_overlap(store, **project_arguments()), offset, limit)
    data = {"actors": overlap.actor_overlap(store, **actor_arguments()), "projects": projects,
            "owners": overlap.owners_in_several_areas(store, **owner_arguments()),
            "unplaced_services": overlap.unplaced_services(store)}
    links = {
        "projects": list_links("/overlap", {**chosen, "limit": None if limit == PER_PAGE else limit},
                               projects, f"{API}/overlap/projects"),
        "actors": _csv_link("overlap/actors", chosen, ("place", "service", "min_score")),
        "owners": _csv_link("overlap/owners", chosen, ("level",)),
    }
    links["projects"]["csv"] = _csv_link("overlap/projects", chosen, ("place", "strategy", "min_score"))
    return render_template("overlap.html", data=data, filters=chosen, options=_options(store), links=links,
                           last=min(offset + limit, projects["total"]))


@bp.get("/tidslinje")
def timeline_page():
    store = get_store()
    chosen = _chosen()
    data = timeline(store, **timeline_arguments())
    return render_template("timeline.html", data=data, filters=chosen, options=_options(store),
                           csv=_csv_link("timeline", chosen, ("place", "strategy", "from", "to")))
