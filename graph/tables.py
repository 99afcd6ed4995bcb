"""The data files' columns and how each cell is read.

Each table is a tuple of :class:`Column`. A column knows how to turn a cell into a value and,
for references, which kind of record it points to; references are resolved later, once every
file has been read (see :mod:`graph.references`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from graph.namespaces import KEY_PATTERN, PLACE_KINDS

__all__ = [
    "ACTORS",
    "CHECKSUM_MEASURES",
    "Column",
    "TABLES",
    "normalise",
    "parse_amount",
    "parse_cell",
    "parse_date",
    "parse_email",
    "parse_phone",
    "parse_web_address",
]


def normalise(text: str) -> str:
    """Unicode NFC and outer whitespace stripped; the source's spelling is otherwise kept.

    >>> normalise("  Go\\u0308teborg ") == "Göteborg"
    True
    """
    return unicodedata.normalize("NFC", text).strip()


def parse_text(cell: str) -> str:
    return normalise(cell)


def parse_key(cell: str) -> str:
    if not KEY_PATTERN.match(cell):
        raise ValueError(f"{cell!r} is not a key (lower-case a–z, 0–9 and single '-')")
    return cell


_AMOUNT = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?$|^\d+(?:[.,]\d+)?$")


def parse_amount(cell: str) -> Decimal:
    """An amount as a decimal; spaces may group thousands, the decimal mark may be a comma.

    >>> parse_amount("1 600 000")
    Decimal('1600000')
    >>> parse_amount("12,5")
    Decimal('12.5')
    >>> parse_amount("1,6 milj")
    Traceback (most recent call last):
    ...
    ValueError: '1,6 milj' is not an amount (digits, optional thousands spaces and decimals)
    """
    if not _AMOUNT.match(cell):
        raise ValueError(f"{cell!r} is not an amount (digits, optional thousands spaces and decimals)")
    try:
        return Decimal(re.sub(r"[ \u00a0\u202f]", "", cell).replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - the pattern already guards this
        raise ValueError(f"{cell!r} is not an amount") from error


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_date(cell: str) -> str:
    """An ISO date as precise as the source: ``2023``, ``2023-04`` or ``2023-04-01``.

    >>> parse_date("2023-04")
    '2023-04'
    >>> parse_date("230401")
    Traceback (most recent call last):
    ...
    ValueError: '230401' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)
    """
    match = _DATE.match(cell)
    if not match:
        raise ValueError(f"{cell!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    _, month, day = match.groups()
    if month and not 1 <= int(month) <= 12 or day and not 1 <= int(day) <= 31:
        raise ValueError(f"{cell!r} is not a valid date")
    return cell


def parse_web_address(cell: str) -> str:
    """A web address: http or https with a host, nothing a link could be tricked by.

    >>> parse_web_address("https://regionkalmar.se")
    'https://regionkalmar.se'
    >>> parse_web_address("javascript:alert(1)")
    Traceback (most recent call last):
    ...
    ValueError: 'javascript:alert(1)' is not a web address (http:// or https://)
    """
    parts = urlsplit(cell)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in cell for c in ' <>"{}|\\^`'):
        raise ValueError(f"{cell!r} is not a web address (http:// or https://)")
    return cell


_EMAIL = re.compile(r"[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[^\W\d_]{2,}")


def parse_email(cell: str) -> str:
    """An e-mail address as printed (``namn@exempel.se``), without ``mailto:``.

    >>> parse_email("ma@futureplaceleadership.com")
    'ma@futureplaceleadership.com'
    >>> parse_email("mailto:ma@x.se")
    Traceback (most recent call last):
    ...
    ValueError: 'mailto:ma@x.se' is not an e-mail address (namn@exempel.se)
    """
    if not _EMAIL.fullmatch(cell) or cell.lower().startswith("mailto:"):
        raise ValueError(f"{cell!r} is not an e-mail address (namn@exempel.se)")
    return cell


_PHONE = re.compile(r"(?:\+46|0)[1-9]\d{6,8}")


def parse_phone(cell: str) -> str:
    """A Swedish telephone number as printed: ``0480-84 000`` or ``+46 480 84 000`` (spaces and
    hyphens as the source groups the digits).

    >>> parse_phone("010-475 51 00")
    '010-475 51 00'
    >>> parse_phone("ring växeln")
    Traceback (most recent call last):
    ...
    ValueError: 'ring växeln' is not a Swedish telephone number (0XX-XXX XX XX or +46 XX XXX XX XX)
    """
    if not _PHONE.fullmatch(re.sub(r"[ \u00a0\-]", "", cell)) or "--" in cell:
        raise ValueError(f"{cell!r} is not a Swedish telephone number (0XX-XXX XX XX or +46 XX XXX XX XX)")
    return cell


def parse_yes_no(cell: str) -> bool:
    if cell.lower() not in ("ja", "nej"):
        raise ValueError(f"{cell!r} must be 'ja' or 'nej'")
    return cell.lower() == "ja"


def parse_currency(cell: str) -> str:
    if not re.fullmatch(r"[A-Z]{3}", cell):
        raise ValueError(f"{cell!r} is not an ISO 4217 currency code such as SEK")
    return cell


def parse_place(cell: str) -> str:
    kind, sep, code = cell.partition(":")
    if not sep or kind not in PLACE_KINDS or not re.fullmatch(r"[A-Za-z0-9-]+", code):
        raise ValueError(f"{cell!r} is not a place (kommun:CODE, lan:CODE, delregion:KEY, land:SE)")
    return cell


def parse_prefixed(cell: str) -> tuple[str, str]:
    kind, sep, key = cell.partition(":")
    if not sep:
        raise ValueError(f"{cell!r} must be written kind:key, e.g. project:vg2020-bor-01")
    return kind, parse_key(key)


def parse_scoped(cell: str) -> tuple[str, str]:
    scheme, sep, key = cell.partition("/")
    if not sep:
        raise ValueError(f"{cell!r} must be written scheme/concept, e.g. vg2020/kunskapsregion")
    return parse_key(scheme), parse_key(key)


@dataclass(frozen=True)
class Column:
    """One column of a data file.

    Attributes:
        name: the header.
        kind: how a cell is read: ``text``, ``key``, ``amount``, ``date``, ``yesno``,
            ``currency``, ``place``, ``prefixed``, ``scoped``, ``web``, ``email``, ``phone``,
            ``ref`` (a key of ``target``) or ``concept`` (a key in the ontology scheme ``target``).
        required: an empty cell is an error.
        many: the cell holds a ``|``-separated list.
        target: for ``ref`` the record kind, for ``concept`` the scheme key.
        optional: a table may leave the column out (a column added later, so that the tables
            written before it, and the files curators upload, still read).
    """

    name: str
    kind: str = "text"
    required: bool = False
    many: bool = False
    target: str = ""
    optional: bool = False


_PARSERS = {
    "text": parse_text,
    "key": parse_key,
    "ref": parse_key,
    "concept": parse_key,
    "amount": parse_amount,
    "date": parse_date,
    "yesno": parse_yes_no,
    "currency": parse_currency,
    "place": parse_place,
    "prefixed": parse_prefixed,
    "scoped": parse_scoped,
    "web": parse_web_address,
    "email": parse_email,
    "phone": parse_phone,
}


def parse_cell(column: Column, cell: str):
    """The value of ``cell``: None when empty, a list when the column holds many."""
    cell = normalise(cell)
    if not cell:
        return [] if column.many else None
    parse = _PARSERS[column.kind]
    if column.many:
        return [parse(normalise(part)) for part in cell.split("|") if normalise(part)]
    return parse(cell)


def _key() -> Column:
    return Column("key", "key", required=True)


def _locator() -> Column:
    return Column("locator", "ref", required=True, target="locator")


def _label() -> Column:
    return Column("label", required=True)


def _ref(name: str, target: str, required: bool = False, many: bool = False) -> Column:
    return Column(name, "ref", required=required, many=many, target=target)


def _concepts(name: str, scheme_key: str, required: bool = False, many: bool = True) -> Column:
    return Column(name, "concept", required=required, many=many, target=scheme_key)


def _places(name: str) -> Column:
    return Column(name, "place", many=True)


#: Every table a source folder may hold, by file name.
TABLES: dict[str, tuple[Column, ...]] = {
    "locators.csv": (_key(), _label(), Column("page")),
    "mentions.csv": (_ref("actor", "actor", required=True), _label(), _locator()),
    "schemes.csv": (
        _key(), _label(), Column("label_en"), _ref("publisher", "actor"),
        Column("period_start", "date"), Column("period_end", "date"),
        _ref("references", "document", many=True), _locator(),
    ),
    "concepts.csv": (
        _ref("scheme", "scheme", required=True), _key(), Column("notation"), _label(),
        Column("label_en"), Column("broader", "key"), Column("definition"), _locator(),
    ),
    "documents.csv": (
        _key(), Column("title", required=True), Column("kind"), _ref("publisher", "actor"),
        Column("issued", "date"), _ref("decided_by", "actor"), Column("url", "web"), _locator(),
    ),
    "projects.csv": (
        _key(), _label(), Column("kind"), Column("status"), Column("description"),
        Column("start", "date"), Column("end", "date"), Column("timeplan"),
        Column("total_cost", "amount"), Column("currency", "currency"),
        Column("subjects", "scoped", many=True), _places("places"),
        _concepts("audience", "malgrupp"), _concepts("stages", "skede"),
        _ref("part_of", "project"), Column("owner_stated", "yesno"), _locator(),
        Column("same_as", "ref", target="project", optional=True),
    ),
    "participants.csv": (
        _ref("project", "project", required=True), _ref("actor", "actor", required=True),
        _concepts("role", "roll", required=True, many=False), Column("note"), _locator(),
    ),
    "funding_schemes.csv": (
        _key(), _label(), Column("alt_labels", many=True),
        _concepts("type", "finansieringstyp", required=True, many=False),
        _ref("parent", "funding"), _ref("managed_by", "actor"), _locator(),
    ),
    "grants.csv": (
        _key(), _ref("project", "project", required=True), _ref("scheme", "funding"),
        _ref("funder", "actor"), _ref("disbursed_by", "actor"), Column("amount", "amount"),
        Column("currency", "currency"), Column("year", "date"), _locator(),
    ),
    "checksums.csv": (
        _key(), _label(), Column("measure", required=True), _ref("scheme", "funding"),
        _ref("projects", "project", required=True, many=True),
        Column("expected", "amount", required=True), _locator(),
    ),
    "networks.csv": (
        _key(), _label(), Column("kind"), Column("description"), _ref("coordinator", "actor"),
        _places("places"), Column("subjects", "scoped", many=True), _locator(),
    ),
    "memberships.csv": (
        _ref("network", "network", required=True), _ref("actor", "actor", required=True),
        _concepts("role", "roll", many=False), _locator(),
    ),
    "services.csv": (
        _key(), _ref("provider", "actor", required=True), Column("label"),
        _concepts("services", "tjanst", required=True), _concepts("audience", "malgrupp"),
        _concepts("stages", "skede"), _places("area_served"), Column("description"), _locator(),
    ),
    "activities.csv": (
        _key(), _ref("project", "project", required=True), _label(), Column("start", "date"),
        Column("end", "date"), Column("timeplan"), Column("description"), _locator(),
    ),
    "indicators.csv": (
        _key(), Column("subject", "prefixed", required=True), _label(), Column("unit"),
        Column("baseline", "amount"), Column("target", "amount"), Column("result", "amount"),
        Column("period"), Column("note"), _locator(),
    ),
}

#: The register of organisations (``data/actors/actors.csv``).
ACTORS: tuple[Column, ...] = (
    _key(), Column("pref_label", required=True),
    _concepts("type", "aktorstyp", required=True, many=False),
    Column("legal_entity", "yesno"), _ref("parent", "actor"),
    _ref("unit_of", "actor"), _ref("member_of", "actor", many=True), _places("based_in"),
    _places("area_served"), Column("homepage", "web"),
    Column("email", "email"), Column("phone", "phone"), Column("note"),
)

#: Measures a checksum may total.
CHECKSUM_MEASURES = ("count", "total_cost", "grant_amount")
