"""Placeholder: filled in by issue 5."""

__all__ = ["PATHS"]

PATHS: dict = {}
