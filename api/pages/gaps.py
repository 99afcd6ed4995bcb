"""Page ``/luckor``: the gaps for strategists (strategy areas nobody works towards, places
without a service, target groups nobody serves) and the indicators' targets against results.

The page shows the same payloads as ``/api/v1/analysis/gaps/*`` and ``/api/v1/analysis/indicators``
and links their CSV. Where no län is chosen it shows the one with the most services in the data.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import render_template

from api.pages import bp
from api.storage import get_store
from api.v1.gaps import argument
from graph.analysis.gaps import audience_gaps, covered_lan, service_gaps, service_types, strategy_area_gaps
from graph.analysis.indicators import indicators
from graph.resources.place import places
from graph.resources.strategy import strategies

__all__ = ["API", "gaps_page"]

API = "/api/v1/analysis"


def _csv_link(path: str, **arguments) -> str:
    query = urlencode({**{k: v for k, v in arguments.items() if v}, "format": "csv"})
    return f"{API}/{path}?{query}"


def _options(store, covered: list[dict]) -> dict:
    """The form's choices: strategies, service types, and every län with its count of services."""
    counts = {item["iri"]: item["services"] for item in covered}
    return {
        "scheme": [_option(item["key"], item) for item in strategies(store)],
        "service": [_option(item["key"], item) for item in service_types(store)],
        "lan": [{**_option(item["code"], item), "services": counts.get(item["iri"], 0)}
                for item in places(store, "lan")],
    }


def _option(value: str, item: dict) -> dict:
    return {"value": value, "label": item["label"], "label_en": item.get("label_en")}


@bp.get("/luckor")
def gaps_page():
    store = get_store()
    scheme, service = argument("scheme"), argument("service")
    covered = covered_lan(store)
    lan = argument("lan") or (covered[0]["code"] if covered else None)
    data = {
        "strategy_areas": strategy_area_gaps(store, scheme),
        "services": service_gaps(store, service, lan),
        "audiences": audience_gaps(store),
        "indicators": indicators(store),
    }
    chosen = {"scheme": scheme, "service": service, "lan": lan}
    links = {"strategy_areas": _csv_link("gaps/strategy-areas", scheme=scheme),
             "services": _csv_link("gaps/services", service=service, lan=lan),
             "audiences": _csv_link("gaps/audiences"), "indicators": _csv_link("indicators")}
    return render_template("gaps.html", data=data, chosen=chosen, links=links,
                           options=_options(store, covered))
