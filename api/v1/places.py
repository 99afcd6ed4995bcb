"""JSON API: places (to be written)."""

from __future__ import annotations

from api.v1 import bp  # noqa: F401

PATHS: dict = {}
