"""Read the human-edited data files into records, reporting every problem with file and row.

Nothing here knows RDF: a :class:`Catalog` is plain records that :mod:`graph.build` turns into
a dataset.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from graph.problems import Problem
from graph.tables import ACTORS, TABLES, Column, normalise, parse_cell, parse_date, parse_web_address

__all__ = [
    "BUNDLED_DATA",
    "Catalog",
    "Record",
    "Source",
    "read_catalog",
    "read_source",
    "read_table",
]

#: The data that ships with the project.
BUNDLED_DATA = Path(__file__).resolve().parent.parent / "data"

SOURCE_FIELDS = ("key", "title", "publisher", "issued", "kind", "file", "description")


@dataclass
class Record:
    """One row of a data file, its cells parsed, and where it came from."""

    table: str
    values: dict
    file: str
    row: int
    source: str

    def __getitem__(self, name: str):
        return self.values[name]

    def get(self, name: str, default=None):
        value = self.values.get(name)
        return default if value is None else value


@dataclass
class Source:
    """A source document's folder: its description and its tables."""

    key: str
    folder: Path
    meta: dict
    sha256: str
    tables: dict[str, list[Record]] = field(default_factory=dict)


@dataclass
class Catalog:
    """Everything read from one or more data folders."""

    actors: list[Record] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    reference: dict[str, list[dict]] = field(default_factory=dict)
    reference_folder: Path | None = None
    problems: list[Problem] = field(default_factory=list)

    def records(self, table: str) -> list[Record]:
        """All records of ``table`` across source folders."""
        return [record for source in self.sources for record in source.tables.get(table, [])]


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _decode(path: Path, problems: list[Problem]) -> str | None:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(Problem(_display(path), None, None,
                                f"not UTF-8 (byte {error.start}): save the file as UTF-8"))
        return None


def _check_header(header: list[str], columns: tuple[Column, ...]) -> list[str]:
    expected = [column.name for column in columns]
    messages = [f"missing column '{c.name}'" for c in columns if c.name not in header and not c.optional]
    messages += [f"unknown column '{c}' (expected: {', '.join(expected)})"
                 for c in header if c not in expected]
    messages += [f"column '{c}' appears twice" for c in set(header) if header.count(c) > 1]
    return messages


def read_table(path: Path, columns: tuple[Column, ...], source: str,
               problems: list[Problem]) -> list[Record]:
    """Read one CSV file; cells that cannot be read become problems, not exceptions."""
    text = _decode(path, problems)
    if text is None:
        return []
    where = _display(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [normalise(cell) for cell in next(reader, [])]
    header_problems = _check_header(header, columns)
    if header_problems:
        problems.extend(Problem(where, 1, None, message) for message in header_problems)
        return []
    records = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = _parse_row(where, number, header, cells, columns, problems)
        if values is not None:
            records.append(Record(path.name, values, where, number, source))
    return records


def _parse_row(where, number, header, cells, columns, problems) -> dict | None:
    """The row's values by column; None if the row cannot be lined up with the header."""
    if len(cells) != len(header):
        problems.append(Problem(where, number, None,
                                f"has {len(cells)} cells, the header has {len(header)}"))
        return None
    values = {}
    by_name = {column.name: column for column in columns}
    for name, cell in zip(header, cells, strict=True):
        column = by_name[name]
        try:
            values[name] = parse_cell(column, cell)
        except ValueError as error:
            # The row is kept with this cell empty, so one typo does not make every
            # reference to the row dangle; the problem alone already refuses the load.
            problems.append(Problem(where, number, name, str(error)))
            values[name] = [] if column.many else None
            continue
        if column.required and values[name] in (None, []):
            problems.append(Problem(where, number, name, "is empty but required"))
    return values


def read_source(folder: Path, problems: list[Problem]) -> Source | None:
    meta_path = folder / "source.yaml"
    try:
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        problems.append(Problem(_display(meta_path), None, None, f"unreadable YAML: {error}"))
        return None
    missing = [name for name in SOURCE_FIELDS if not meta.get(name)]
    if missing:
        problems.append(Problem(_display(meta_path), None, ", ".join(missing), "missing"))
        return None
    meta = {name: normalise(str(value)) for name, value in meta.items()}
    try:
        parse_date(meta["issued"])
        if meta.get("url"):  # only where the document prints its own address
            parse_web_address(meta["url"])
    except ValueError as error:
        field = "url" if "web address" in str(error) else "issued"
        problems.append(Problem(_display(meta_path), None, field, str(error)))
        return None
    document = folder / meta["file"]
    if not document.is_file():
        problems.append(Problem(_display(meta_path), None, "file", f"{meta['file']} not found"))
        return None
    source = Source(meta["key"], folder, meta, hashlib.sha256(document.read_bytes()).hexdigest())
    for path in sorted(folder.glob("*.csv")):
        if path.name not in TABLES:
            problems.append(Problem(_display(path), None, None,
                                    f"unknown table (known: {', '.join(sorted(TABLES))})"))
            continue
        source.tables[path.name] = read_table(path, TABLES[path.name], source.key, problems)
    return source


def _read_reference(folder: Path, problems: list[Problem]) -> dict[str, list[dict]]:
    tables = {}
    for name in ("counties", "municipalities", "delregioner"):
        path = folder / f"{name}.csv"
        text = _decode(path, problems) if path.is_file() else None
        if text is None:
            problems.append(Problem(_display(path), None, None, "reference table missing"))
            continue
        rows = csv.DictReader(io.StringIO(text, newline=""))
        tables[name] = [{k: normalise(v or "") for k, v in row.items()} for row in rows]
    return tables


def read_catalog(paths: list[Path] | None = None) -> Catalog:
    """Read data folders into a catalog.

    Each path is a data root (holding ``actors/`` and ``reference/``) or a single source
    folder (holding ``source.yaml``). Without a data root among them the bundled one is used.
    """
    paths = [Path(p) for p in (paths or [])]
    roots = [p for p in paths if (p / "actors").is_dir()]
    folders = [p for p in paths if (p / "source.yaml").is_file()]
    catalog = Catalog()
    for path in paths:
        if path not in roots and path not in folders:
            catalog.problems.append(Problem(_display(path), None, None,
                                            "neither a data folder nor a source folder"))
    if not roots:
        roots = [BUNDLED_DATA]
    for root in roots:
        _read_root(root, catalog)
    for folder in folders:
        _add_source(folder, catalog)
    return catalog


def _read_root(root: Path, catalog: Catalog) -> None:
    catalog.actors += read_table(root / "actors" / "actors.csv", ACTORS, "register",
                                 catalog.problems)
    if catalog.reference_folder is None:
        catalog.reference_folder = root / "reference"
        catalog.reference = _read_reference(root / "reference", catalog.problems)
    for folder in sorted(p.parent for p in root.glob("*/source.yaml")):
        _add_source(folder, catalog)


def _add_source(folder: Path, catalog: Catalog) -> None:
    source = read_source(folder, catalog.problems)
    if source is None:
        return
    if any(other.key == source.key for other in catalog.sources):
        catalog.problems.append(Problem(_display(folder / "source.yaml"), None, "key",
                                        f"source key '{source.key}' is used twice"))
        return
    catalog.sources.append(source)
