"""JSON API: ``/api/v1/finder``, the newcomer finder: a need in plain Swedish and a place in,
ranked actors with their reasons and sources, running projects and networks out (the actors
also as CSV)."""

from __future__ import annotations

from flask import request

from api.render import negotiate
from api.storage import get_store
from api.v1 import bp
from api.v1.projects import ERROR, query_parameter
from graph.finder import find
from graph.finder.finder import DEFAULT_LIMIT, MAX_LIMIT

__all__ = ["CSV_COLUMNS", "PARAMETERS", "PATHS", "csv_rows", "finder_arguments"]

#: The query parameters, with what each means (also the OpenAPI description).
PARAMETERS = {
    "need": "The need in plain Swedish ('jag vill börja exportera', 'vi söker riskkapital')",
    "place": "Where: a kommun or län by name ('Borås', 'Sörmland'), a delregion ('Fyrbodal'), a postal "
             "code ('503 30') or a code (kommun:1490, lan:04); an unknown place is answered with "
             "suggestions, not an error",
    "service": "Service type (key of a concept in scheme tjanst, e.g. exportstod)",
    "stage": "Business stage (key of a concept in scheme skede, e.g. start)",
    "audience": "Target group (key of a concept in scheme malgrupp, e.g. elever)",
    "limit": f"How many actors to return, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT}; {MAX_LIMIT} for CSV)",
    "date": "The day that counts as today for running projects (ISO date; default today)",
}
CSV_COLUMNS = ["rank", "label", "type", "score", "reasons", "services", "sources", "iri"]


def finder_arguments() -> dict:
    """The finder's parameters from the query string (``date`` is passed on as ``today``); a CSV
    download holds the most actors the finder gives unless ``limit`` says otherwise."""
    arguments = {name: request.args.get(name) for name in PARAMETERS}
    arguments["today"] = arguments.pop("date")
    if request.args.get("format") == "csv" and not arguments["limit"]:
        arguments["limit"] = MAX_LIMIT
    return arguments


def _sources(actor: dict) -> list[str]:
    cited = (f"{source['document']['label']}, {source['section']}"
             for item in actor["reasons"] for fact in item["facts"] for source in fact["sources"])
    return list(dict.fromkeys(cited))


def csv_rows(result: dict) -> list[dict]:
    """The ranked actors as flat rows: reasons in Swedish with their points, sources cited."""
    return [{"rank": number, "label": actor["label"], "type": actor["type"], "score": actor["score"],
             "services": actor["services"], "sources": _sources(actor),
             "reasons": [f"{item['sv']} ({item['points']:+d})" for item in actor["reasons"]],
             "iri": actor["iri"]}
            for number, actor in enumerate(result["actors"], start=1)]


@bp.get("/finder")
def finder():
    result = find(get_store(), **finder_arguments())
    return negotiate(result, csv_rows=csv_rows(result), csv_columns=CSV_COLUMNS,
                     filename="aktorskartan-hitta")


PATHS = {
    "/finder": {"get": {
        "summary": "The newcomer finder: who helps with this need, here",
        "operationId": "findSupport",
        "description": (
            "Reads the need (Swedish or English) with a vocabulary of words and phrases "
            "(inflections and compounds included) mapped to service, target-group and stage "
            "concepts and searches the records' names and descriptions (BM25, Swedish stems, "
            "compounds split), resolves the place, and ranks the actors that do something that "
            "fits: a service, a project or insats they own, lead or take part in (directly, or "
            "through the strategy area it is filed under), a network they belong to. Place adds a "
            "share (the kommun, its delregion or län, all of Sweden) and never makes a candidate. "
            "Each reason has its points and the records it rests on, each with its sources; "
            "'ranking' says how points are given. Also the kommun's way in (way_in), whether the "
            "data covers the place (covered, and a message if not), the running and upcoming "
            "projects and the networks that fit. An empty need or an unknown place is answered "
            "with messages (200), not an error."),
        "parameters": [query_parameter(name, text) for name, text in PARAMETERS.items()]
        + [query_parameter("format", "json (default) or csv: the ranked actors for Swedish Excel",
                           {"type": "string", "enum": ["json", "csv"]})],
        "responses": {
            "200": {"description": "{query, understood, place, covered, suggestions, messages, ranking, "
                                   "examples, way_in, total, actors, projects_total, projects, "
                                   "networks_total, networks}",
                    "content": {"application/json": {}, "text/csv": {}}},
            "400": {"description": "A parameter cannot be used (an unknown service, stage or target "
                                   "group key, a bad limit or date); details name it", **ERROR},
        },
    }},
}
