"""Page ``/finansiering``: follow the money, for strategists. The sums by funding scheme, area,
strategy area, owner and actor type as bar charts and tables, co-financing per project,
concentration on the largest owners, the sources' anomalies and printed totals, each with its
sources and a CSV download; a GET form for the filters. The page renders the same payload as
``/api/v1/analysis/funding`` with every row (``?format=json`` gives it)."""

from __future__ import annotations

from urllib.parse import urlencode

from api.pages import bp
from api.render import negotiate
from api.storage import get_store
from api.v1.funding_analysis import filter_arguments
from graph.analysis.funding import ANALYSIS_DIMENSIONS, funding_report
from graph.analysis.funding_filters import filter_options

__all__ = ["CHART_ROWS", "DIMENSION_NAMES", "funding_analysis_page"]

#: The sums the page shows, in order (dimension, Swedish, English).
DIMENSION_NAMES = (
    ("scheme", "Per finansieringskälla", "By funding scheme"),
    ("lan", "Per län", "By county"),
    ("delregion", "Per delregion", "By sub-region"),
    ("strategy_area", "Per strategiområde", "By strategy area"),
    ("owner", "Per projektägare", "By project owner"),
    ("actor_type", "Per aktörstyp (projektägarens)", "By actor type (of the project owner)"),
)
#: How many of the largest rows a chart draws (the table beside it has them all).
CHART_ROWS = 15
API = "/api/v1/analysis/funding"


def _downloads(filters: dict) -> dict:
    """Where each table's CSV download goes, with the page's filters."""
    query = urlencode({**filters, "format": "csv"})
    links = {dimension: f"{API}/sums/{dimension}?{query}" for dimension in ANALYSIS_DIMENSIONS}
    links.update({name: f"{API}/{name}?{query}" for name in ("projects", "concentration", "anomalies")})
    links["json"] = f"{API}?{urlencode(filters)}" if filters else API
    return links


@bp.get("/finansiering")
def funding_analysis_page():
    store = get_store()
    filters = filter_arguments()
    report = funding_report(store, filters, top=None, details=True)
    return negotiate(report, template="funding_analysis.html", default="html", filters=filters,
                     options=filter_options(store), dimension_names=DIMENSION_NAMES,
                     chart_rows=CHART_ROWS, downloads=_downloads(filters))
