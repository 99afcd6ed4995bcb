"""Linked data: every ``/id/...`` IRI resolves (HTML for browsers, RDF by ``Accept``); the dataset."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("linked_data", __name__)
