"""Pages for strategists: ``/overlap`` (a summary of the strong overlap first, then actors and
projects that overlap and owners active in several areas) and ``/tidslinje`` (what runs when and
where, drawn as a timeline, and the collisions).

Each page shows the payloads of ``/api/v1/analysis/overlap/*`` and ``/api/v1/analysis/timeline``
with the same filters (read by the same functions) and links their CSV downloads.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import render_template, request

from api.pages import bp, list_links
from api.render import list_parameters
from api.storage import get_store
from api.v1.overlap import owner_arguments, summary_arguments, timeline_arguments
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
PER_PAGE = 20
FILTERS = ("place", "service", "strategy", "min_score", "level", "from", "to")
#: The filters the overlap summary (/api/v1/analysis/overlap) takes.
SUMMARY_FILTERS = ("place", "service", "strategy", "min_score")


def _chosen() -> dict:
    """The filters as given, for the form and the links (a place as the form writes it, kind/code)."""
    given = {name: request.args.get(name, "").strip() for name in FILTERS}
    given["place"] = given["place"].replace(":", "/", 1)
    return {name: value for name, value in given.items() if value}


def _api_link(path: str, chosen: dict, names: tuple[str, ...], **extra) -> str:
    """The JSON API's address for ``path`` with the page's filters among ``names``."""
    query = urlencode({**{name: chosen[name] for name in names if name in chosen}, **extra})
    return f"{API}/{path}?{query}" if query else f"{API}/{path}"


def _csv_link(path: str, chosen: dict, names: tuple[str, ...]) -> str:
    return _api_link(path, chosen, names, format="csv")


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
    """The summary first (strong project pairs at the threshold, the strongest ten, by area and
    strategy area), then the actor pairs, the project pairs at the threshold a page at a time,
    and the owners."""
    store = get_store()
    offset, limit, _ = list_parameters(default_limit=PER_PAGE)
    chosen = _chosen()
    arguments = summary_arguments()
    summary = overlap.summary(store, **arguments)
    pairs = overlap.project_overlap(store, arguments["place"], arguments["strategy"], arguments["floor"])
    projects = page(pairs, offset, limit)
    actors = {"place": arguments["place"], "service": arguments["service"]}
    data = {"summary": summary, "actors": overlap.actor_overlap(store, **actors),
            "near_actors": overlap.actor_overlap(store, **actors, near=True), "projects": projects,
            "owners": overlap.owners_in_several_areas(store, **owner_arguments()),
            "unplaced_services": overlap.unplaced_services(store)}
    links = {
        "projects": list_links("/overlap", {**chosen, "limit": None if limit == PER_PAGE else limit},
                               projects, f"{API}/overlap/projects"),
        "actors": _csv_link("overlap/actors", chosen, ("place", "service")),
        "near_actors": _csv_link("overlap/actors", {**chosen, "near": "true"}, ("place", "service", "near")),
        "owners": _csv_link("overlap/owners", chosen, ("level",)),
        "summary": _api_link("overlap", chosen, SUMMARY_FILTERS),
        "all_pairs": f"/overlap?{urlencode({**chosen, 'min_score': 0})}#projekt",
    }
    links["projects"]["csv"] = _csv_link("overlap/projects", {**chosen, "min_score": arguments["floor"]},
                                         ("place", "strategy", "min_score"))
    return render_template("overlap.html", data=data, filters=chosen, options=_options(store), links=links,
                           threshold=arguments["floor"], last=min(offset + limit, projects["total"]))


@bp.get("/tidslinje")
def timeline_page():
    store = get_store()
    chosen = _chosen()
    data = timeline(store, **timeline_arguments())
    return render_template("timeline.html", data=data, filters=chosen, options=_options(store),
                           csv=_csv_link("timeline", chosen, ("place", "strategy", "from", "to")))
