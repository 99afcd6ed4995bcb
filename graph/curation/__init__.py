"""Curation: the people who know the data change it through the write API.

A change is validated against the SHACL shapes before anything is written, written as a new
store generation under the store's writer lock (all or nothing), and recorded with who, when,
what and why in the provenance graph, where it also serves as the source of what it changed.

- :mod:`graph.curation.tokens`: bearer tokens with roles, stored hashed.
- :mod:`graph.curation.records`: JSON fields → the same triples a data row gives.
- :mod:`graph.curation.changes`: what a change removes and adds, and entity ETags.
- :mod:`graph.curation.provenance`: the change records and an entity's history.
- :mod:`graph.curation.commit`: check the precondition, validate, write.
"""
