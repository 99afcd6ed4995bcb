"""Analyses for strategists: overlap between actors and projects, gaps, timeline, indicators
and where the money goes. Pure functions over a store, returning plain data."""
