"""Aktörskartan's library: store access, ingest, validation, named queries, export, stats.

Knows nothing of Flask or the command line.
"""
