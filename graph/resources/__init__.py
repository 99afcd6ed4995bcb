"""One payload per kind of record (actor, project, network, funding scheme, strategy area, place).

Each module builds plain dicts from named queries; JSON, HTML and CSV are renderings of them
(``api``). Every record carries its ``sources`` and ``warnings`` (see :mod:`graph.resources.common`).
"""
