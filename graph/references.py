"""Check that keys are unique and that every reference points to a record that exists."""

from __future__ import annotations

from graph.datafiles import Catalog, Record
from graph.problems import Problem
from graph.tables import ACTORS, TABLES

__all__ = ["DEFINES", "Index", "check_references"]

#: Which table defines which kind of record (keys are global per kind, locators per folder).
DEFINES = {
    "projects.csv": "project",
    "networks.csv": "network",
    "funding_schemes.csv": "funding",
    "documents.csv": "document",
    "schemes.csv": "scheme",
    "services.csv": "service",
    "grants.csv": "grant",
    "activities.csv": "activity",
    "indicators.csv": "indicator",
    "checksums.csv": "checksum",
}

#: Rows that must not repeat, by the columns that identify them.
COMPOSITE_KEYS = {
    "participants.csv": ("project", "actor", "role", "locator"),
    "memberships.csv": ("network", "actor", "role", "locator"),
    "mentions.csv": ("actor", "label", "locator"),
}


class Index:
    """The keys that exist, by kind; built once from the catalog and the ontology."""

    def __init__(self, catalog: Catalog, ontology_concepts: set[tuple[str, str]]):
        self.keys: dict[str, set[str]] = {"actor": {r["key"] for r in catalog.actors}}
        for table, kind in DEFINES.items():
            self.keys[kind] = {r["key"] for r in catalog.records(table)}
        self.concepts = set(ontology_concepts) | {
            (r["scheme"], r["key"]) for r in catalog.records("concepts.csv")
        }
        self.places = _places(catalog.reference)
        self.locators = {
            source.key: {r["key"] for r in source.tables.get("locators.csv", [])}
            for source in catalog.sources
        }

    def exists(self, kind: str, key: str) -> bool:
        return key in self.keys.get(kind, set())


def _places(reference: dict[str, list[dict]]) -> set[str]:
    places = {"land:SE"}
    places |= {f"lan:{row['county_code']}" for row in reference.get("counties", [])}
    places |= {f"kommun:{row['municipality_code']}" for row in reference.get("municipalities", [])}
    places |= {f"delregion:{row['key']}" for row in reference.get("delregioner", [])}
    return places


def check_references(catalog: Catalog, index: Index) -> list[Problem]:
    """Every duplicate key and every dangling reference, as problems."""
    problems = _duplicates(catalog.actors, "key")
    for source in catalog.sources:
        for table, records in source.tables.items():
            problems += _duplicates(records, *COMPOSITE_KEYS.get(table, ("key",)))
    problems += _duplicate_definitions(catalog)
    for record in catalog.actors:
        problems += _record_references(record, index, locators=set())
    for source in catalog.sources:
        for records in source.tables.values():
            for record in records:
                problems += _record_references(record, index, index.locators[source.key])
    problems += _unmentioned_actors(catalog)
    problems += _unknown_publishers(catalog, index)
    return problems


def _unknown_publishers(catalog: Catalog, index: Index) -> list[Problem]:
    problems = []
    for source in catalog.sources:
        for key in source.meta["publisher"].split("|"):
            if not index.exists("actor", key.strip()):
                problems.append(Problem(str(source.folder / "source.yaml"), None, "publisher",
                                        f"unknown actor '{key.strip()}'"))
    return problems


def _duplicates(records: list[Record], *columns: str) -> list[Problem]:
    if not records or any(c not in records[0].values for c in columns):
        return []
    seen: dict[tuple, Record] = {}
    problems = []
    for record in records:
        identity = tuple(str(record.values[c]) for c in columns)
        if identity in seen:
            first = seen[identity]
            problems.append(Problem(record.file, record.row, ", ".join(columns),
                                    f"duplicate of row {first.row}: {' / '.join(identity)}"))
        else:
            seen[identity] = record
    return problems


def _duplicate_definitions(catalog: Catalog) -> list[Problem]:
    problems = []
    for table, kind in DEFINES.items():
        first_file: dict[str, str] = {}
        for record in catalog.records(table):
            earlier = first_file.setdefault(record["key"], record.file)
            if earlier != record.file:
                problems.append(Problem(record.file, record.row, "key",
                                        f"{kind} '{record['key']}' is also defined in {earlier}"))
    return problems


def _record_references(record: Record, index: Index, locators: set[str]) -> list[Problem]:
    columns = TABLES.get(record.table, ACTORS)
    problems = []
    for column in columns:
        value = record.values.get(column.name)
        values = value if isinstance(value, list) else [value]
        for item in (v for v in values if v is not None):
            message = _dangling(record, column, item, index, locators)
            if message:
                problems.append(Problem(record.file, record.row, column.name, message))
    return problems


def _dangling(record, column, item, index: Index, locators: set[str]) -> str | None:
    if column.kind == "ref" and column.target == "locator":
        return None if item in locators else f"unknown locator '{item}' (see locators.csv)"
    if column.kind == "ref" and DEFINES.get(record.table) == column.target and item == record.get("key"):
        return f"points to its own row: {column.name} names this {column.target} itself"
    if column.kind == "ref":
        return None if index.exists(column.target, item) else f"unknown {column.target} '{item}'"
    if column.kind == "concept":
        return None if (column.target, item) in index.concepts else (
            f"'{item}' is not in the concept scheme '{column.target}'")
    if column.kind == "scoped":
        return None if item in index.concepts else f"unknown concept '{item[0]}/{item[1]}'"
    if column.kind == "place":
        return None if item in index.places else f"unknown place '{item}'"
    if column.kind == "prefixed":
        return None if index.exists(*item) else f"unknown {item[0]} '{item[1]}'"
    if column.name == "broader" and record.table == "concepts.csv":
        scoped = (record["scheme"], item)
        return None if scoped in index.concepts else f"unknown broader concept '{item}'"
    return None


def _unmentioned_actors(catalog: Catalog) -> list[Problem]:
    mentioned = {r["actor"] for r in catalog.records("mentions.csv")}
    return [
        Problem(r.file, r.row, "key", f"actor '{r['key']}' is not mentioned in any source "
                                      "(add a row to a mentions.csv)")
        for r in catalog.actors if r["key"] not in mentioned
    ]
