"""Pages: one strategy area or concept (``/id/concept/<scheme>/<key>``), one concept scheme
(``/id/scheme/<key>``, its tree) and the strategies at ``/strategier``."""

from __future__ import annotations

from flask import render_template

from api.pages import bp, entity_page
from api.storage import get_store
from graph.errors import NotFoundError
from graph.resources.strategy import concept_scheme, own_schemes, strategies, strategy_area

__all__ = ["concept_page", "scheme_page", "strategies_page"]


@entity_page("concept")
def concept_page(key: str):
    scheme, _, concept = key.partition("/")
    if not concept or "/" in concept:
        raise NotFoundError(f"no strategy area with the id '{key}'")
    return render_template("concept.html", data=strategy_area(get_store(), scheme, concept))


@entity_page("scheme")
def scheme_page(key: str):
    scheme = concept_scheme(get_store(), key)
    return render_template("strategies.html", data={"items": [scheme]}, single=scheme)


@bp.get("/strategier")
def strategies_page():
    store = get_store()
    return render_template("strategies.html", data={"items": strategies(store)}, single=None,
                           own=own_schemes(store))
