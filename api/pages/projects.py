"""Pages: one project (at its IRI path ``/id/project/<key>``) and the list ``/projekt`` with
filters as a GET form, sorting, paging and a CSV download of the whole filtered list."""

from __future__ import annotations

from flask import render_template

from api.pages import bp, entity_page, list_links
from api.render import list_parameters
from api.storage import get_store
from api.v1.projects import filter_arguments
from graph.resources.common import page, sort_rows
from graph.resources.funding import funding_schemes
from graph.resources.project import PROJECT_SORTS, project, project_filter_options, projects
from graph.resources.strategy import flat_concepts, strategies

__all__ = ["PER_PAGE", "SORT_NAMES", "project_page", "projects_page"]

PER_PAGE = 50
#: The orders the list page offers (value, Swedish, English).
SORT_NAMES = (
    ("label", "Namn", "Name"),
    ("-total_cost", "Störst total kostnad först", "Largest total cost first"),
    ("-grant_sum", "Störst beviljat belopp först", "Largest grants first"),
    ("start", "Tidigast start först", "Earliest start first"),
    ("status", "Status", "Status"),
)


@entity_page("project")
def project_page(key: str):
    return render_template("project.html", data=project(get_store(), key))


def _options(store) -> dict:
    options = project_filter_options(store)
    options["strategy"] = [
        option for scheme in strategies(store)
        for option in [{"value": scheme["key"], "label": scheme["label"], "label_en": scheme["label_en"],
                        "level": 0}] + [
            {"value": row["key"], "label": row["label"], "label_en": row["label_en"], "level": row["level"]}
            for row in flat_concepts(scheme["concepts"])]]
    options["funding"] = [{"value": row["key"], "label": row["label"]} for row in funding_schemes(store)]
    return options


@bp.get("/projekt")
def projects_page():
    offset, limit, sort = list_parameters(default_limit=PER_PAGE)
    store = get_store()
    filters = filter_arguments()
    rows = sort_rows(projects(store, filters), sort, PROJECT_SORTS)
    result = page(rows, offset, limit)
    arguments = {**filters, "sort": sort, "limit": None if limit == PER_PAGE else limit}
    return render_template("projects.html", data=result, filters=filters, sort=sort or "label",
                           options=_options(store), sort_names=SORT_NAMES,
                           links=list_links("/projekt", arguments, result, "/api/v1/projects"),
                           last=min(offset + limit, result["total"]))
