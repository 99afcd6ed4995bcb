"""Backups: the whole dataset, change log and validation warnings included, as one N-Quads file.

The first line is a comment saying how many quads follow and their SHA-256, so that a truncated
or altered backup is refused on restore instead of restoring part of the data. A restore reads
and checks the file whole (syntax, count, digest, the SHACL shapes) before it replaces the
store's dataset, all or nothing, like a load. A ``.gz`` name means gzip.

>>> header(3, "ab")
'# aktorskarta backup: 3 quads, sha256 ab\\n'
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import re
from pathlib import Path

import pyoxigraph as ox

from graph.validate import change_problems

__all__ = ["BackupError", "header", "read_backup", "restore_backup", "write_backup"]

_HEADER = re.compile(r"^# aktorskarta backup: (\d+) quads, sha256 ([0-9a-f]{64})$")


class BackupError(ValueError):
    """A backup that cannot be restored: what is wrong with it."""


def header(count: int, digest: str) -> str:
    return f"# aktorskarta backup: {count} quads, sha256 {digest}\n"


def write_backup(store, output: Path) -> int:
    """Write ``store``'s dataset to ``output`` (written beside it, then renamed); returns the count."""
    buffer = io.BytesIO()
    store.dump(buffer, ox.RdfFormat.N_QUADS)
    body = buffer.getvalue()
    count = body.count(b"\n")
    content = header(count, hashlib.sha256(body).hexdigest()).encode() + body
    temporary = output.with_name(output.name + ".partial")
    opener = gzip.open if output.suffix == ".gz" else open
    with opener(temporary, "wb") as out:
        out.write(content)
    os.replace(temporary, output)
    return count


def read_backup(path: Path) -> bytes:
    """The N-Quads of a backup, checked: header, count, digest and syntax.

    Raises:
        BackupError: what is wrong, and where.
    """
    try:
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    except (OSError, EOFError) as error:
        raise BackupError(f"{path}: cannot be read ({error})") from None
    first, _, body = raw.partition(b"\n")
    match = _HEADER.match(first.decode("utf-8", "replace"))
    if not match:
        raise BackupError(f"{path}: line 1 is not an aktorskarta backup header")
    count, digest = int(match.group(1)), match.group(2)
    lines = body.count(b"\n")
    if lines != count:
        raise BackupError(f"{path}: the header says {count} quads, the file has {lines} lines (truncated?)")
    if hashlib.sha256(body).hexdigest() != digest:
        raise BackupError(f"{path}: the content does not match the header's SHA-256 (altered?)")
    try:
        ox.Store().load(body, format=ox.RdfFormat.N_QUADS)  # every line, before anything is written
    except SyntaxError as error:
        raise BackupError(f"{path}: {error}") from None
    return body


def restore_backup(store, path: Path, derive=None) -> int:
    """Replace ``store``'s dataset with the backup at ``path`` once it is checked; returns the count.

    Raises:
        BackupError: the backup is unreadable or its data violates the shapes; nothing changed.
    """
    body = read_backup(path)
    quads = list(ox.parse(body, format=ox.RdfFormat.N_QUADS))
    problems, _ = change_problems(quads, {q.subject.value for q in quads})
    violations = [p for p in problems if p.is_violation]
    if violations:
        raise BackupError(f"{path}: {len(violations)} violation(s) of the shapes, the first: "
                          f"{violations[0].message}")
    store.replace(body, derive=derive)
    return body.count(b"\n")
