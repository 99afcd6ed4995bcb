"""Who collaborates with whom: projections of the graph into networkx, their metrics, and the
data behind the network views and exports.

Modules: :mod:`rows` (the SPARQL answers), :mod:`model` (indexed, with filters),
:mod:`projection` (collaboration, bipartite, membership and funding-flow graphs),
:mod:`metrics`, :mod:`snapshot` (the whole network, computed at load), :mod:`views` (one payload
per view), :mod:`drawing` (vis-network data through pyvis) and :mod:`exports`.
"""
