"""Pages: networks (to be written)."""

from __future__ import annotations

from api.pages import bp, entity_page  # noqa: F401
