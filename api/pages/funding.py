"""Pages: one funding scheme (at ``/id/funding/<key>``: its grants and sums) and the list of
funding schemes at ``/finansieringskallor`` (``/finansiering`` is kept for funding analysis)."""

from __future__ import annotations

from flask import render_template

from api.pages import bp, entity_page
from api.storage import get_store
from graph.resources.funding import funding_scheme, funding_schemes

__all__ = ["SUM_NAMES", "funding_page", "funding_schemes_page"]

#: The sums a scheme's page shows, in order (dimension, Swedish, English).
SUM_NAMES = (
    ("lan", "Per län", "By county"),
    ("delregion", "Per delregion", "By sub-region"),
    ("strategy_area", "Per strategiområde", "By strategy area"),
    ("owner", "Per projektägare", "By project owner"),
)


@entity_page("funding")
def funding_page(key: str):
    return render_template("funding.html", data=funding_scheme(get_store(), key), sum_names=SUM_NAMES)


@bp.get("/finansieringskallor")
def funding_schemes_page():
    return render_template("funding_schemes.html", data={"items": funding_schemes(get_store())})
