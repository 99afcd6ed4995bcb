"""Read an uploaded RDF file into one named graph, refusing hostile or mistaken input first.

:func:`parse_upload` takes the bytes as they came (with the upload's Content-Type and file name)
and returns pyoxigraph quads, all in the graph the caller names (one named graph per source
document). Turtle, TriG, N-Triples, N-Quads, JSON-LD and RDF/XML are read, by pyoxigraph's own
parsers; rdflib's JSON-LD parser is never used, because it fetches remote ``@context`` URLs.

Before any parser sees the text, it is checked without recursion, so a refusal is quick:

- bytes: valid UTF-8 (else the byte offset of the first bad byte), no NUL byte; a UTF-8 byte
  order mark is dropped, a UTF-16 one refused;
- that the content is what the Content-Type says (JSON sent as ``text/turtle`` is refused);
- nesting: at most :data:`MAX_NESTING` levels of ``[ ( { <<`` in Turtle-like text (strings, IRIs
  and comments skipped), of ``[ {`` in JSON, of elements in XML (the parsers are iterative, but
  pyoxigraph's RDF/XML reader took over a minute on 100 000 nested elements);
- RDF/XML: no ``<!DOCTYPE`` or ``<!ENTITY`` at all (pyoxigraph expands internal entities: a
  1 KB "billion laughs" became a 100 MB literal in two seconds);
- JSON-LD: every ``@context`` anywhere is inline (an object); a URL or ``file:`` context, or an
  ``@import``, is refused (pyoxigraph has no document loader either, so nothing is ever fetched).

After parsing: no blank nodes and no quoted triples. The store has none (every node has an IRI
minted from a key, see :mod:`graph.build`); skolemising would mint new IRIs on every upload of
the same file, so a blank node is refused with the triple it is in. A dataset format may name
only the caller's graph; triples in its default graph go into that graph.

>>> quads = parse_upload(b'<http://x/a> <http://x/p> "1" .', "text/turtle", "a.ttl", graph="http://x/g")
>>> quads[0].graph_name.value
'http://x/g'
>>> parse_upload(b'{"@id": "http://x/a"}', "text/turtle", "a.ttl", graph="http://x/g")
... # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph.rdf_input.UploadError: parameter 'a.ttl': line 1, column 1: the content looks like JSON, but ...
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator

import pyoxigraph as ox

from graph.errors import InvalidParameter
from graph.sparql_guard import lexemes

__all__ = ["ACCEPTED_FORMATS", "MAX_NESTING", "UploadError", "decode_upload", "parse_upload",
           "rdf_format"]

#: Levels of brackets (or XML elements) an upload may nest; deeper ones are refused unparsed.
MAX_NESTING = 100
#: The formats an upload may have (N3 is not among them: it is not RDF 1.1).
ACCEPTED_FORMATS = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N_TRIPLES,
                    ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD, ox.RdfFormat.RDF_XML)
#: Media types that say nothing about the format (browsers send them for unknown suffixes);
#: the file name's suffix decides then.
GENERIC_TYPES = frozenset({"", "application/octet-stream", "text/plain", "binary/octet-stream"})

_JSON_START = re.compile(r'\s*(?:\{\s*"|\[\s*[{"])')
_XML_START = re.compile(r"\s*<(?:\?xml|!|(?:[\w.\-]+:)?RDF\b)")
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*+"|[\[\]{}]', re.DOTALL)
# Comments, CDATA and processing instructions run to their end or to the end of the text (never
# rescanned); declarations are caught by name; tags count as opening, closing or empty.
_XML_TOKEN = re.compile(
    r"""<!--(?:[^-]|-(?!->))*+(?:-->)?|<!\[CDATA\[.*?(?:\]\]>|\Z)|<\?.*?(?:\?>|\Z)
    |<!(?P<declaration>[A-Za-z]+)
    |(?P<close></[^<>]*>)
    |(?P<open><(?:[^<>"']|"[^"]*+"|'[^']*+')*+>)""",
    re.DOTALL | re.VERBOSE)


class UploadError(InvalidParameter):
    """An uploaded file that is refused (HTTP 400); the message says what and where.

    ``parameter`` is the file's name; ``line``, ``column`` (1-based) and ``offset`` (bytes from
    the start) say where, when known.
    """

    def __init__(self, name: str | None, message: str, *, line: int | None = None,
                 column: int | None = None, offset: int | None = None):
        where = f"line {line}, column {column}: " if line and column else (f"line {line}: " if line else "")
        super().__init__(name or "file", where + message)
        self.line, self.column, self.offset = line, column, offset


def parse_upload(data: bytes, content_type: str | None, filename: str | None, *, graph: str,
                 base_iri: str | None = None) -> list[ox.Quad]:
    """The upload's triples as quads in ``graph``.

    Args:
        data: the file's bytes as uploaded.
        content_type: the upload's media type (parameters allowed); a generic one
            (``application/octet-stream``, ``text/plain``) or none lets the suffix decide.
        filename: the uploaded file's name (its suffix, and where errors say they are).
        graph: IRI of the named graph every triple goes into.
        base_iri: what relative IRIs resolve against; without it they are refused.

    Raises:
        UploadError: the format is not known or not accepted, the bytes or the syntax are bad,
            a check above refused the content, or a blank node or another graph is in it.
    """
    rdf = rdf_format(content_type, filename)
    text = decode_upload(data, filename, content_type)
    _check_looks_like(text, rdf, content_type, filename)
    _check_structure(text, rdf, filename)
    try:
        parsed = list(ox.parse(text, rdf, base_iri=base_iri))
    except SyntaxError as error:
        message = re.sub(r"^Parser error at [^:]*: |\s*\(line \d+\)$", "", error.msg)
        raise UploadError(filename, f"not valid {rdf.name}: {message}", line=error.lineno,
                          column=error.offset) from None
    return _into_graph(parsed, ox.NamedNode(graph), filename)


def rdf_format(content_type: str | None, filename: str | None) -> ox.RdfFormat:
    """The upload's format, from its media type, else from its file name's suffix.

    Raises:
        UploadError: neither names an accepted format, or they name two different ones.
    """
    media_type = (content_type or "").split(";")[0].strip().lower()
    suffix = filename.rpartition(".")[2].lower() if filename and "." in filename else ""
    by_type = None if media_type in GENERIC_TYPES else ox.RdfFormat.from_media_type(media_type)
    by_suffix = ox.RdfFormat.from_extension(suffix) if suffix else None
    if media_type not in GENERIC_TYPES and by_type is None:
        raise UploadError(filename, f"{media_type} is not an RDF format; {_accepted()}")
    chosen = by_type or by_suffix
    if chosen is None:
        raise UploadError(filename, f"the format is unknown (no RDF media type, suffix "
                                    f"'{suffix}'); {_accepted()}")
    if by_type and by_suffix and by_type != by_suffix:
        raise UploadError(filename, f"sent as {by_type.name} ({media_type}) but the file name "
                                    f"says {by_suffix.name}: rename the file or send the right type")
    if chosen not in ACCEPTED_FORMATS:
        raise UploadError(filename, f"{chosen.name} is not accepted; {_accepted()}")
    return chosen


def _accepted() -> str:
    return "send one of " + ", ".join(f"{f.name} ({f.media_type}, .{f.file_extension})"
                                      for f in ACCEPTED_FORMATS)


def decode_upload(data: bytes, filename: str | None, content_type: str | None = None) -> str:
    """The upload as text: UTF-8, a byte order mark dropped, no NUL byte.

    Raises:
        UploadError: a NUL byte, a UTF-16 byte order mark, bytes that are not UTF-8, or a
            charset other than UTF-8 in the Content-Type; each with its line and byte offset.
    """
    charset = re.search(r"charset\s*=\s*\"?([\w.:-]+)", content_type or "", re.IGNORECASE)
    if charset and charset.group(1).lower() not in ("utf-8", "utf8", "us-ascii"):
        raise UploadError(filename, f"charset {charset.group(1)} is not accepted: RDF uploads are UTF-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UploadError(filename, "the file is UTF-16 (it starts with a UTF-16 byte order mark): "
                                    "save it as UTF-8", offset=0)
    nul = data.find(b"\0")
    if nul >= 0:
        raise UploadError(filename, f"a NUL byte at byte {nul}: this is not a text file",
                          **_position(data, nul))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadError(filename, f"not UTF-8: byte {error.start} (0x{data[error.start]:02x}) "
                                    "cannot be decoded; save the file as UTF-8",
                          **_position(data, error.start)) from None


def _position(data: bytes, offset: int) -> dict:
    """Line and column (1-based, counted in bytes) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return {"line": data.count(b"\n", 0, offset) + 1, "column": offset - line_start + 1,
            "offset": offset}


def _text_position(text: str, index: int) -> dict:
    """Line and column (1-based, in characters) of a character index."""
    return {"line": text.count("\n", 0, index) + 1, "column": index - text.rfind("\n", 0, index)}


def _check_looks_like(text: str, rdf: ox.RdfFormat, content_type: str | None,
                      filename: str | None) -> None:
    """Refuse JSON sent as Turtle, XML sent as JSON-LD, and so on, before a parser says it less
    plainly."""
    looks = "JSON" if _JSON_START.match(text) else "XML" if _XML_START.match(text) else None
    expected = {ox.RdfFormat.JSON_LD: "JSON", ox.RdfFormat.RDF_XML: "XML"}.get(rdf)
    if looks == expected or (looks is None and expected is None):
        return
    sent = f"{rdf.name} ({content_type or 'by its suffix'})"
    start = len(text) - len(text.lstrip())
    if looks:
        message = f"the content looks like {looks}, but was sent as {sent}"
    else:
        opening = text[start:start + 10]
        message = f"the content is not {expected} (it starts with {opening!r}), but was sent as {sent}"
    raise UploadError(filename, message, **_text_position(text, start))


def _check_structure(text: str, rdf: ox.RdfFormat, filename: str | None) -> None:
    if rdf == ox.RdfFormat.JSON_LD:
        _check_depth(_json_brackets(text), text, filename)
        _check_contexts(_load_json(text, filename), filename)
    elif rdf == ox.RdfFormat.RDF_XML:
        _check_depth(_xml_elements(text, filename), text, filename)
    else:
        _check_depth(_turtle_brackets(text), text, filename)


def _check_depth(steps: Iterator[tuple[int, int]], text: str, filename: str | None) -> None:
    """Refuse nesting deeper than :data:`MAX_NESTING`; ``steps`` gives (+1 or -1, index)."""
    depth = 0
    for step, index in steps:
        depth += step
        if depth > MAX_NESTING:
            raise UploadError(filename, f"nested deeper than {MAX_NESTING} levels",
                              **_text_position(text, index))


def _turtle_brackets(text: str) -> Iterator[tuple[int, int]]:
    """Brackets of Turtle, TriG, N-Triples and N-Quads, outside strings, IRIs and comments (the
    formats share these terminals with SPARQL, whose lexer is reused). ``<<`` and ``>>`` (quoted
    triples) count too."""
    index = 0
    for kind, piece in lexemes(text):
        if kind == "other" and piece in "[({<":
            yield 1, index
        elif kind == "other" and piece in "])}>":
            yield -1, index
        index += len(piece)


def _json_brackets(text: str) -> Iterator[tuple[int, int]]:
    for match in _JSON_TOKEN.finditer(text):
        bracket = match.group()
        if bracket in "[{":
            yield 1, match.start()
        elif bracket in "]}":
            yield -1, match.start()


def _xml_elements(text: str, filename: str | None) -> Iterator[tuple[int, int]]:
    """Elements opened and closed; a DOCTYPE or ENTITY declaration is refused where it is."""
    for match in _XML_TOKEN.finditer(text):
        if match.group("declaration"):
            raise UploadError(filename, f"<!{match.group('declaration')} is not accepted: RDF/XML "
                                        "uploads may not declare a DTD or entities",
                              **_text_position(text, match.start()))
        if match.group("close"):
            yield -1, match.start()
        elif match.group("open") and not match.group("open").endswith("/>"):
            yield 1, match.start()


def _load_json(text: str, filename: str | None):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise UploadError(filename, f"not valid JSON: {error.msg}", line=error.lineno,
                          column=error.colno) from None


def _check_contexts(node, filename: str | None, path: str = "$") -> None:
    """Refuse any ``@context`` that is not inline and any ``@import``, anywhere in the document."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            _check_contexts(item, filename, f"{path}[{index}]")
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        where = f"{path}.{key}"
        if key == "@import":
            raise UploadError(filename, f"{where}: @import is not accepted: contexts must be inline")
        if key == "@context":
            for context in value if isinstance(value, list) else [value]:
                if isinstance(context, str):
                    raise UploadError(filename, f"{where}: the context {context!r} is a reference; "
                                                "only inline contexts (JSON objects) are accepted, "
                                                "nothing is fetched")
        _check_contexts(value, filename, where)


def _into_graph(parsed: list[ox.Quad], graph: ox.NamedNode, filename: str | None) -> list[ox.Quad]:
    """Every quad in ``graph``; blank nodes, quoted triples and other graphs refused."""
    quads = []
    for quad in parsed:
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.BlankNode):
                raise UploadError(filename, f"a blank node in {_show(quad)}: every node needs "
                                            "an IRI (the store has no blank nodes)")
            if isinstance(term, ox.Triple):
                raise UploadError(filename, f"a quoted triple in {_show(quad)} is not accepted")
        if not isinstance(quad.graph_name, ox.DefaultGraph) and quad.graph_name != graph:
            raise UploadError(filename, f"the triple {_show(quad)} is in the graph "
                                        f"{quad.graph_name}; an upload may only fill {graph}")
        quads.append(ox.Quad(quad.subject, quad.predicate, quad.object, graph))
    return quads


def _show(quad: ox.Quad) -> str:
    text = f"{quad.subject} {quad.predicate} {quad.object}"
    return text if len(text) <= 200 else text[:200] + "…"
