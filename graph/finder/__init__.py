"""The newcomer finder: a need, a place and a stage in, ranked actors with their reasons out.

:func:`find` gives the whole answer; :mod:`graph.finder.vocabulary` reads the need's words,
:mod:`graph.finder.place_lookup` the place, :mod:`graph.finder.ranking` documents the points.
"""

from graph.finder.finder import find

__all__ = ["find"]
