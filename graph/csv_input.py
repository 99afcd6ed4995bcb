"""Read an uploaded CSV file as Excel writes it on a Swedish computer, or say exactly why not.

Excel saves "CSV (semikolonavgränsad)" in Windows-1252 with ``;`` between cells, and "CSV UTF-8"
with a byte order mark; people also send comma-separated UTF-8 from other tools. So:

- the bytes are UTF-8 (a byte order mark dropped) if they decode as UTF-8, else Windows-1252;
- the delimiter is ``;`` or ``,``, whichever the header line has more of outside quotes;
- quoted cells may hold the delimiter, quotes (doubled) and line breaks (kept as ``\\n``);
- a NUL byte, an empty or repeated column name, a row with more or fewer cells than the header
  and broken quoting are refused with the line they are on.

Header names and cells are Unicode NFC (as :mod:`graph.datafiles` reads the bundled tables);
nothing else is changed, so the cells can be checked by :func:`graph.tables.parse_cell` next.

>>> table = read_csv("namn;kommun\\r\\n\\"Almi; Sörmland\\";Eskilstuna\\r\\n".encode("cp1252"))
>>> table.encoding, table.delimiter, table.rows[0].line, table.rows[0].values["namn"]
('cp1252', ';', 2, 'Almi; Sörmland')
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass

from graph.rdf_input import UploadError

__all__ = ["CsvRow", "CsvTable", "read_csv"]

DELIMITERS = (";", ",")


@dataclass(frozen=True)
class CsvRow:
    """One data row: its cells by column name and the line of the file it starts on."""

    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class CsvTable:
    """An uploaded table: column names in order, rows, and how the file was written."""

    header: tuple[str, ...]
    rows: tuple[CsvRow, ...]
    encoding: str
    delimiter: str

    def as_utf8_csv(self) -> str:
        """The table as the bundled data files are written: UTF-8 text, commas, ``\\n``."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows([row.values[name] for name in self.header] for row in self.rows)
        return out.getvalue()


def read_csv(data: bytes, filename: str | None = None) -> CsvTable:
    """Decode and split an uploaded CSV file.

    Raises:
        UploadError: NUL bytes, bytes that are neither UTF-8 nor Windows-1252, an empty file, an
            empty or repeated column name, a row whose cells do not match the header, broken
            quoting; each names the line (and columns) it is about.
    """
    text, encoding = _decode(data, filename)
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise UploadError(filename, "the first line is empty: it must name the columns", line=1)
    delimiter = _sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = _check_header([_nfc(name).strip() for name in next(reader)], filename)
        rows = tuple(_rows(reader, header, filename))
    except csv.Error as error:
        raise UploadError(filename, f"unreadable CSV: {error}", line=reader.line_num) from None
    return CsvTable(header, rows, encoding, delimiter)


def _decode(data: bytes, filename: str | None) -> tuple[str, str]:
    """UTF-8 (a BOM dropped) where it decodes, else Windows-1252; NUL refused with its line."""
    nul = data.find(b"\0")
    if nul >= 0:
        raise UploadError(filename, f"a NUL byte at byte {nul}: not a CSV text file (UTF-16? save "
                                    "it as CSV UTF-8 or CSV semicolon-separated)",
                          line=data.count(b"\n", 0, nul) + 1, offset=nul)
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise UploadError(filename, f"neither UTF-8 nor Windows-1252: byte {error.start} "
                                    f"(0x{data[error.start]:02x}) is in neither; save the file "
                                    "as CSV UTF-8", offset=error.start,
                          line=data.count(b"\n", 0, error.start) + 1) from None


def _sniff_delimiter(line: str) -> str:
    """``;`` or ``,``: whichever the header line has more of outside quoted cells (``;`` on a tie,
    as Swedish Excel writes).

    >>> _sniff_delimiter('namn,"typ; art",kommun')
    ','
    """
    outside = "".join(line.split('"')[::2])
    return max(DELIMITERS, key=outside.count)


def _check_header(header: list[str], filename: str | None) -> tuple[str, ...]:
    """Refuse empty and repeated column names, naming them and their positions (1-based)."""
    empty = [str(position) for position, name in enumerate(header, start=1) if not name]
    if empty:
        raise UploadError(filename, f"the header has no name in column {', '.join(empty)}: "
                                    "every column needs a name", line=1)
    positions: dict[str, list[int]] = {}
    for position, name in enumerate(header, start=1):
        positions.setdefault(name, []).append(position)
    repeated = [f"'{name}' (columns {', '.join(map(str, where))})"
                for name, where in positions.items() if len(where) > 1]
    if repeated:
        raise UploadError(filename, f"the header names a column more than once: {'; '.join(repeated)}",
                          line=1)
    return tuple(header)


def _rows(reader, header: tuple[str, ...], filename: str | None):
    """Data rows with the line each starts on; blank lines are skipped."""
    line = reader.line_num + 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            if len(cells) != len(header):
                raise UploadError(filename, f"this row has {len(cells)} cells, the header has "
                                            f"{len(header)}", line=line)
            yield CsvRow(line, {name: _nfc(cell).replace("\r\n", "\n")
                                for name, cell in zip(header, cells, strict=True)})
        line = reader.line_num + 1


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
