"""``/sparql``: the SPARQL 1.1 Protocol, read-only, time-limited, never leaving the store."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("sparql", __name__)
