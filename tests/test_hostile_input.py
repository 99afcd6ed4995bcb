"""Hostile request bodies and uploaded files (issue 7, items 9-12): each is refused by a check
that runs before any parser, quickly, with an error that says what and where; good input still
reads correctly.

Uploads are tested on the library functions the import route calls (:mod:`graph.rdf_input`,
:mod:`graph.csv_input`); body limits and the SPARQL pre-check on the app, through the WSGI
interface, the test client and waitress on loopback.
"""

from __future__ import annotations

import gc
import gzip
import http.client
import http.server
import io
import json
import multiprocessing
import threading
import urllib.request
import zlib

import pyoxigraph as ox
import pytest
from werkzeug.test import EnvironBuilder

from api import create_app
from graph.csv_input import read_csv
from graph.rdf_input import MAX_NESTING, UploadError, parse_upload
from graph.sparql_guard import MAX_PATTERNS, check
from graph.store import GraphStore
from tests.conftest import serving

GRAPH = "http://example.org/graph/upload"
EX = "http://example.org/"
LIMIT = 1024 * 1024
DEEP = 100_000


def upload(data: bytes, content_type: str | None, filename: str = "upload") -> list[ox.Quad]:
    return parse_upload(data, content_type, filename, graph=GRAPH)


def refused(data: bytes, content_type: str | None, filename: str = "upload") -> UploadError:
    with pytest.raises(UploadError) as caught:
        upload(data, content_type, filename)
    return caught.value


# --- a loopback listener: anything fetched shows up here ------------------------------------


@pytest.fixture
def listener():
    """An HTTP server on 127.0.0.1 that records every request and answers with a JSON-LD context."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            body = b'{"@context": {"name": "http://schema.org/name"}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()


def test_the_listener_records_a_fetch(listener):
    """The control for the tests below: a real fetch is seen, so their 0 means nothing was fetched."""
    url, requests = listener
    with urllib.request.urlopen(f"{url}/ctx") as answer:
        assert answer.status == 200
    assert requests == ["/ctx"]


# --- item 9: JSON-LD contexts, DTDs and entities -------------------------------------------


@pytest.mark.parametrize(("document", "where"), [
    ('{"@context": "URL/ctx", "@id": "http://example.org/a", "name": "x"}', "$.@context"),
    ('{"@context": ["URL/ctx", {"ex": "http://example.org/"}], "@id": "http://example.org/a"}',
     "$.@context"),
    ('{"@context": {"ex": "http://example.org/", "t": {"@id": "ex:t", "@context": "URL/scoped"}},'
     ' "@id": "http://example.org/a", "t": {"@id": "http://example.org/b"}}', "$.@context.t.@context"),
    ('{"@context": {"@import": "URL/imported"}, "@id": "http://example.org/a"}', "$.@context.@import"),
    ('{"@graph": [{"@context": "URL/deep", "@id": "http://example.org/a"}]}', "$.@graph[0].@context"),
])
def test_a_json_ld_context_that_is_not_inline_is_refused_and_never_fetched(listener, document, where):
    url, requests = listener
    error = refused(document.replace("URL", url).encode(), "application/ld+json")
    assert where in str(error)
    assert requests == []


@pytest.mark.parametrize("context", ["file:///etc/passwd", "URL/ctx"])
def test_pyoxigraph_has_no_document_loader_either(listener, context):
    """Behind the pre-check, the parser itself fetches nothing (rdflib's would)."""
    url, requests = listener
    document = f'{{"@context": "{context.replace("URL", url)}", "@id": "{EX}a", "name": "x"}}'
    with pytest.raises(SyntaxError, match="LoadDocumentCallback"):
        list(ox.parse(document.encode(), ox.RdfFormat.JSON_LD))
    assert requests == []


def test_an_inline_json_ld_context_is_read():
    document = (b'{"@context": {"ex": "http://example.org/", "name": {"@id": "ex:name", '
                b'"@language": "sv"}}, "@id": "ex:almi", "name": "Almi F\xc3\xb6retagspartner"}')
    [quad] = upload(document, "application/ld+json", "actors.jsonld")
    assert quad.subject == ox.NamedNode(EX + "almi")
    assert quad.object == ox.Literal("Almi Företagspartner", language="sv")
    assert quad.graph_name == ox.NamedNode(GRAPH)


RDF_XML = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
           'xmlns:ex="http://example.org/">\n'
           '<rdf:Description rdf:about="http://example.org/s"><ex:p>{}</ex:p></rdf:Description>\n'
           '</rdf:RDF>\n')
ENTITIES = "".join(f'<!ENTITY {b} "{("&" + a + ";") * 10}">\n'
                   for a, b in zip("abcdefgh", "bcdefghi", strict=True))
LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n<!ENTITY a "aaaaaaaaaa">\n' + ENTITIES
          + "]>\n" + RDF_XML.format("&i;"))


def test_a_one_kilobyte_billion_laughs_is_refused_before_parsing():
    data = LAUGHS.encode()
    assert len(data) < 1024  # &i; would be 10^9 characters
    error = refused(data, "application/rdf+xml", "laughs.rdf")
    assert "<!DOCTYPE is not accepted" in str(error)
    assert (error.line, error.column) == (2, 1)


@pytest.mark.parametrize("prologue", [
    '<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "URL/secret">]>',
    '<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE rdf:RDF SYSTEM "URL/external.dtd">',
    '<!DOCTYPE rdf:RDF PUBLIC "-//x//y" "URL/external.dtd">',
])
def test_an_external_entity_or_dtd_is_refused_and_never_fetched(listener, prologue):
    url, requests = listener
    data = (prologue.replace("URL", url) + "\n" + RDF_XML.format("&x;")).encode()
    assert "<!DOCTYPE" in str(refused(data, "application/rdf+xml"))
    assert requests == []


def test_an_entity_declared_without_a_doctype_is_refused():
    data = RDF_XML.replace("<rdf:Description", '<!ENTITY x "y"><rdf:Description').format("x")
    assert "<!ENTITY is not accepted" in str(refused(data.encode(), "application/rdf+xml"))


def test_rdf_xml_with_a_doctype_only_in_a_comment_is_read():
    data = "<!-- not a <!DOCTYPE x> -->\n" + RDF_XML.format("Örebro &amp; Sörmland")
    [quad] = upload(data.encode(), "application/rdf+xml", "places.rdf")
    assert quad.object == ox.Literal("Örebro & Sörmland")


# --- item 11: nesting, refused before a parser sees it --------------------------------------


DEEP_INPUTS = {
    "turtle-blank-nodes": ("text/turtle",
                           f"<{EX}s> <{EX}p> " + f"[ <{EX}p> " * DEEP + "1" + " ]" * DEEP + " ."),
    "turtle-lists": ("text/turtle", f"<{EX}s> <{EX}p> " + "(" * DEEP + ")" * DEEP + " ."),
    "turtle-quoted-triples": ("text/turtle", "<<" * DEEP + f"<{EX}s> <{EX}p> <{EX}o>" + ">>" * DEEP),
    "trig-graphs": ("application/trig", "{" * DEEP + "}" * DEEP),
    "json-ld-objects": ("application/ld+json", f'{{"@id": "{EX}s", "{EX}p": ' + f'{{"{EX}p": ' * DEEP
                        + "1" + "}" * DEEP + "}"),
    "json-ld-arrays": ("application/ld+json", f'{{"@id": "{EX}s", "{EX}p": ' + "[" * DEEP + "1"
                       + "]" * DEEP + "}"),
    "rdf-xml-elements": ("application/rdf+xml", RDF_XML.format("<ex:q>" * DEEP + "</ex:q>" * DEEP)),
}


@pytest.mark.parametrize("name", list(DEEP_INPUTS))
def test_input_nested_100k_deep_is_refused_by_the_pre_check(name):
    content_type, text = DEEP_INPUTS[name]
    error = refused(text.encode(), content_type, name)
    assert f"nested deeper than {MAX_NESTING} levels" in str(error)
    assert error.line is not None and error.column is not None


def test_brackets_in_strings_iris_and_comments_do_not_count():
    deep = "[(" * 200
    text = (f'@prefix ex: <{EX}> .\n# {deep}\nex:s ex:p "{deep}", """{deep}\n{deep}""", '
            f"<{EX}{'%5B' * 200}> .\n")
    quads = upload(text.encode(), "text/turtle")
    assert {q.object for q in quads} == {ox.Literal(deep), ox.Literal(f"{deep}\n{deep}"),
                                         ox.NamedNode(EX + "%5B" * 200)}


def test_json_strings_with_brackets_do_not_count():
    text = f'{{"@id": "{EX}s", "{EX}p": "{"{[" * 200}"}}'
    [quad] = upload(text.encode(), "application/ld+json")
    assert quad.object == ox.Literal("{[" * 200)


# --- item 12: bytes, encodings, and content that is not what it says ------------------------


TRIPLE = f'<{EX}s> <{EX}p> "Åsa Öberg" .\n'.encode()


def test_invalid_utf8_says_the_byte_offset():
    data = TRIPLE + f'<{EX}s> <{EX}p> "Sm'.encode() + b"\xe5land" + b'" .\n'
    error = refused(data, "application/n-triples", "places.nt")
    offset = len(TRIPLE) + len(f'<{EX}s> <{EX}p> "Sm')
    assert error.offset == offset and (error.line, error.column) == (2, offset - len(TRIPLE) + 1)
    assert f"byte {offset} (0xe5)" in str(error)


def test_a_byte_order_mark_is_dropped():
    [quad] = upload(b"\xef\xbb\xbf" + TRIPLE, "text/turtle")
    assert quad.object == ox.Literal("Åsa Öberg")


def test_a_nul_byte_is_refused_with_its_line():
    error = refused(TRIPLE + b'<http://example.org/s> <http://example.org/p> "a\x00b" .\n', "text/turtle")
    assert error.line == 2 and "NUL" in str(error)


@pytest.mark.parametrize(("data", "content_type", "message"), [
    (b"\xff\xfe" + TRIPLE.decode().encode("utf-16-le"), "text/turtle", "UTF-16"),
    (TRIPLE, "text/turtle; charset=iso-8859-1", "charset iso-8859-1"),
])
def test_other_encodings_are_refused(data, content_type, message):
    assert message in str(refused(data, content_type))


@pytest.mark.parametrize(("data", "content_type", "message"), [
    (b'{"@id": "http://example.org/s"}', "text/turtle", "looks like JSON, but was sent as Turtle"),
    (b'  [{"@id": "http://example.org/s"}]', "application/n-quads",
     "looks like JSON, but was sent as N-Quads"),
    (b'<?xml version="1.0"?><rdf:RDF/>', "text/turtle", "looks like XML, but was sent as Turtle"),
    (TRIPLE, "application/ld+json", "is not JSON (it starts with '<http://ex'), but was sent as JSON-LD"),
    (b'{"@id": "http://example.org/s"}', "application/rdf+xml", "looks like JSON, but was sent as RDF/XML"),
])
def test_content_that_does_not_match_its_type_is_refused_precisely(data, content_type, message):
    error = refused(data, content_type)
    assert message in str(error) and error.line == 1


def test_turtle_that_starts_with_a_bracket_is_still_turtle():
    text = f'[] <{EX}p> "x" .\n'.encode()
    with pytest.raises(UploadError, match="blank node"):  # read as Turtle, refused for its [] only
        upload(text, "text/turtle")


@pytest.mark.parametrize(("content_type", "filename", "message"), [
    ("text/csv", "a.csv", "text/csv is not an RDF format"),
    (None, "a.docx", "the format is unknown"),
    ("text/n3", "a.n3", "N3 is not accepted"),
    ("application/ld+json", "a.ttl", "sent as JSON-LD (application/ld+json) but the file name says Turtle"),
])
def test_an_unknown_or_contradictory_format_is_refused(content_type, filename, message):
    assert message in str(refused(TRIPLE, content_type, filename))


def test_a_generic_type_lets_the_suffix_decide():
    assert len(upload(TRIPLE, "application/octet-stream", "a.nt")) == 1
    assert len(upload(TRIPLE, None, "a.ttl")) == 1


def test_a_syntax_error_says_line_and_column():
    error = refused(TRIPLE + f'<{EX}s> <{EX}p> "x" <{EX}o> .\n'.encode(), "text/turtle")
    assert (error.line, error.column) == (2, len(f'<{EX}s> <{EX}p> "x" ') + 1)
    assert "not valid Turtle: A dot is expected" in str(error)


# --- what goes into the store --------------------------------------------------------------


def test_blank_nodes_are_refused_with_their_triple():
    error = refused(f'<{EX}s> <{EX}p> _:b1 .\n'.encode(), "application/n-triples")
    assert f"<{EX}s> <{EX}p> _:b1" in str(error)


def test_triples_land_in_the_callers_graph_and_no_other():
    trig = (f"<{EX}a> <{EX}p> 1 .\n<{GRAPH}> {{ <{EX}b> <{EX}p> 2 }}\n").encode()
    assert {q.graph_name for q in upload(trig, "application/trig")} == {ox.NamedNode(GRAPH)}
    error = refused(f'<{EX}a> <{EX}p> "1" <{EX}graph/other> .\n'.encode(), "application/n-quads")
    assert f"in the graph <{EX}graph/other>" in str(error)


# --- item 12: CSV as Swedish Excel writes it ------------------------------------------------


def test_excel_semicolon_cp1252_with_a_quoted_line_break():
    text = ('namn;kommun;beskrivning\r\n'
            'Almi Företagspartner Sörmland;Eskilstuna;"Lån, rådgivning;\r\noch ""riskkapital"""\r\n'
            'Region Örebro län;Örebro;\r\n')
    table = read_csv(text.encode("cp1252"), "aktorer.csv")
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert table.header == ("namn", "kommun", "beskrivning")
    assert [row.line for row in table.rows] == [2, 4]
    assert table.rows[0].values["beskrivning"] == 'Lån, rådgivning;\noch "riskkapital"'
    assert table.rows[1].values == {"namn": "Region Örebro län", "kommun": "Örebro", "beskrivning": ""}


def test_utf8_with_a_bom_and_commas():
    table = read_csv("\ufeffnamn,kommun\nÅsa Öberg,\"Borås; Sjuhärad\"\n".encode(), "a.csv")
    assert (table.encoding, table.delimiter, table.header) == ("utf-8", ",", ("namn", "kommun"))
    assert table.rows[0].values == {"namn": "Åsa Öberg", "kommun": "Borås; Sjuhärad"}


def test_decomposed_letters_become_composed():
    table = read_csv("namn\nA\u030asa O\u0308berg\n".encode())
    assert table.rows[0].values["namn"] == "Åsa Öberg"


def test_the_table_is_written_back_as_the_bundled_files_are():
    table = read_csv('namn;not\r\nAlmi;"a\r\nb"\r\n'.encode("cp1252"))
    assert table.as_utf8_csv() == 'namn,not\nAlmi,"a\nb"\n'


@pytest.mark.parametrize(("text", "line", "message"), [
    ("namn;typ;namn;kommun;typ\n", 1, "'namn' (columns 1, 3); 'typ' (columns 2, 5)"),
    ("namn;;kommun;\n", 1, "no name in column 2, 4"),
    ("namn;kommun\nAlmi;Eskilstuna\nRISE;Borås;x\n", 3, "this row has 3 cells, the header has 2"),
    ('namn;kommun\n"Almi";Eskilstuna\n"RISE"x;Borås\n', 3, "unreadable CSV"),
    ("\nnamn;kommun\n", 1, "the first line is empty"),
])
def test_a_bad_header_or_row_is_refused_with_its_place(text, line, message):
    with pytest.raises(UploadError) as caught:
        read_csv(text.encode(), "a.csv")
    assert message in str(caught.value) and caught.value.line == line


def test_a_nul_byte_in_a_csv_is_refused_with_its_line():
    with pytest.raises(UploadError, match="NUL") as caught:
        read_csv(b"namn;kommun\nAlmi;Eskilstuna\nRISE\x00;Bor\xe5s\n")
    assert caught.value.line == 3


def test_bytes_that_are_neither_utf8_nor_cp1252_are_refused():
    with pytest.raises(UploadError, match=r"byte 16 \(0x81\)") as caught:
        read_csv(b"namn;kommun\nAlmi\x81;x\n")
    assert caught.value.line == 2


# --- item 10: request bodies ----------------------------------------------------------------


@pytest.fixture(scope="module")
def bare_app(tmp_path_factory):
    """The service over an empty store (body limits need no data), with one route that says how
    much body it got, and one query worker."""
    location = tmp_path_factory.mktemp("hostile") / "store"
    GraphStore.open(location)
    gc.collect()  # release the writer's lock
    app = create_app({"STORE": str(location), "TESTING": True, "SPARQL_WORKERS": 1,
                      "SPARQL_TIMEOUT": 5.0, "MAX_CONTENT_LENGTH": LIMIT})

    @app.post("/test-body-length")
    def body_length():
        from flask import request
        return {"length": len(request.get_data())}

    return app


class Body(io.RawIOBase):
    """A request body that counts what is read from it; ``endless`` gives zeros for ever."""

    def __init__(self, data: bytes = b"", endless: bool = False):
        super().__init__()
        self.data, self.endless, self.count = data, endless, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = bytes(len(buffer)) if self.endless else self.data[self.count:self.count + len(buffer)]
        buffer[:len(chunk)] = chunk
        self.count += len(chunk)
        return len(chunk)


def call(app, path: str, body: Body, headers: dict, chunked: bool = False) -> tuple[int, dict, dict]:
    """The app called as a WSGI server calls it; returns (status, JSON answer, environ)."""
    headers = dict(headers)
    length = headers.pop("Content-Length", str(len(body.data)))
    content_type = headers.pop("Content-Type")
    environ = EnvironBuilder(path=path, method="POST", headers=headers).get_environ()
    environ.update({"wsgi.input": body, "CONTENT_LENGTH": length, "CONTENT_TYPE": content_type})
    if chunked:
        environ.pop("CONTENT_LENGTH", None)
        environ["wsgi.input_terminated"] = True
    started = []
    answer = b"".join(app(environ, lambda status, headers, exc_info=None: started.append(status)))
    return int(started[0].split()[0]), json.loads(answer), environ


SPARQL = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}


def test_a_declared_length_over_the_limit_is_refused_unread(bare_app):
    body = Body(b"x" * (LIMIT + 1))
    status, answer, _ = call(bare_app, "/sparql", body, {**SPARQL, "Content-Length": str(LIMIT + 1)})
    assert status == 413 and answer["error"]["status"] == 413
    assert str(LIMIT + 1) in answer["error"]["message"]
    assert body.count == 0


def test_a_chunked_body_stops_being_read_past_the_limit(bare_app):
    body = Body(endless=True)
    status, answer, _ = call(bare_app, "/test-body-length", body, SPARQL, chunked=True)
    assert status == 413 and answer["error"]["status"] == 413
    assert LIMIT < body.count <= LIMIT + 1


def test_a_chunked_body_within_the_limit_arrives_whole(bare_app):
    """werkzeug alone would cut a longer streamed body to exactly the limit without an error, so
    the limit itself must pass and one byte more must not."""
    for size, status in ((LIMIT, 200), (LIMIT + 1, 413)):
        got, answer, _ = call(bare_app, "/test-body-length", Body(b"x" * size), SPARQL, chunked=True)
        assert got == status
        assert answer.get("length", size) == size


def test_a_gzip_bomb_is_refused_without_inflating_it(bare_app):
    bomb = gzip.compress(bytes(10 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 11 * 1024
    status, answer, environ = call(bare_app, "/sparql", Body(bomb),
                                   {**SPARQL, "Content-Encoding": "gzip", "Content-Length": str(len(bomb))})
    assert status == 413 and answer["error"]["status"] == 413
    received, inflated = environ["aktorskarta.body_bytes"]
    assert received <= len(bomb) and inflated == LIMIT + 1


@pytest.mark.parametrize(("encoding", "compress"), [
    ("gzip", gzip.compress), ("deflate", zlib.compress)])
def test_a_compressed_query_is_answered(bare_app, encoding, compress):
    response = bare_app.test_client().post("/sparql", data=compress(b"ASK {}"),
                                           headers={**SPARQL, "Content-Encoding": encoding})
    assert response.status_code == 200 and response.json["boolean"] is True


@pytest.mark.parametrize(("encoding", "body", "status", "message"), [
    ("br", b"ASK {}", 415, "Content-Encoding 'br' is not accepted"),
    ("gzip", b"ASK {}", 400, "not valid for its Content-Encoding"),
    ("gzip", gzip.compress(b"ASK {}")[:-12], 400, "ends before its end"),
])
def test_a_body_not_in_its_encoding_is_refused(bare_app, encoding, body, status, message):
    response = bare_app.test_client().post("/sparql", data=body,
                                           headers={**SPARQL, "Content-Encoding": encoding})
    assert response.status_code == status and message in response.json["error"]["message"]


def test_ten_thousand_multipart_parts_are_refused_before_the_rest_is_read(bare_app):
    boundary = "hostile"
    parts = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="p{i}"\r\n\r\nx\r\n'
                    for i in range(10_000))
    data = (parts + f"--{boundary}--\r\n").encode()
    assert len(data) < LIMIT and bare_app.config["MAX_FORM_PARTS"] < 10_000
    body = Body(data)
    status, answer, _ = call(bare_app, "/sparql", body, {
        "Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(len(data)),
        "Accept": "application/json"})
    assert status == 413 and answer["error"]["status"] == 413
    assert f"more than {bare_app.config['MAX_FORM_PARTS']} parts" in answer["error"]["message"]
    assert body.count < len(data) / 2


def test_a_content_length_that_is_not_a_number_is_refused(bare_app):
    status, answer, _ = call(bare_app, "/sparql", Body(b"ASK {}"), {**SPARQL, "Content-Length": "6, 6"})
    assert status == 400 and "Content-Length" in answer["error"]["message"]


def chunks(size: int):
    for start in range(0, size, 64 * 1024):
        yield b" " * min(64 * 1024, size - start)


def test_waitress_passes_chunked_bodies_on_measured(bare_app):
    """On the production server: waitress decodes the chunks itself and sets the length."""
    with serving(bare_app) as url:
        connection = http.client.HTTPConnection(url.removeprefix("http://"), timeout=30)
        try:
            connection.request("POST", "/sparql", body=iter([b"ASK", b" {}"]), headers=SPARQL,
                               encode_chunked=True)
            small = connection.getresponse()
            assert small.status == 200 and json.loads(small.read())["boolean"] is True
            connection.request("POST", "/sparql", body=chunks(2 * LIMIT), headers=SPARQL,
                               encode_chunked=True)
            large = connection.getresponse()
            message = json.loads(large.read())["error"]["message"]
            assert large.status == 413 and f"{2 * LIMIT} bytes" in message and str(LIMIT) in message
        finally:
            connection.close()


# --- item 11: a SPARQL query nested or chained past what the engine survives ----------------


def workers() -> set[int]:
    return {p.pid for p in multiprocessing.active_children() if p.name == "aktorskarta-sparql-worker"}


@pytest.mark.parametrize(("query", "message"), [
    ("SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }", "nests brackets deeper"),
    ("SELECT * WHERE {" + "OPTIONAL{?s ?p ?o}" * 3000 + "}", "group patterns"),
    ("SELECT * WHERE {" + "".join(f"BIND(1 AS ?x{i})" for i in range(3000)) + "}", "group patterns"),
    ("SELECT * WHERE { " + "<<" * 2000 + "?s ?p ?o" + ">> ?p ?o" * 2000 + " }", "nests brackets deeper"),
    ("SELECT * WHERE {" + "{?s ?p ?o}" * 250 + "}", "group patterns"),
])
def test_a_query_the_engine_would_crash_on_is_refused_and_the_worker_lives(bare_app, query, message):
    """Each of these crashed pyoxigraph (segmentation fault) or ran for minutes in its parser."""
    client = bare_app.test_client()
    assert client.post("/sparql", data="ASK {}", headers=SPARQL).json["boolean"] is True
    before = workers()
    response = client.post("/sparql", data=query, headers=SPARQL)
    assert response.status_code == 400 and message in response.json["error"]["message"]
    assert client.post("/sparql", data="ASK {}", headers=SPARQL).json["boolean"] is True
    assert before and workers() == before  # no worker died and none was started in its place


def test_the_bundled_queries_stay_within_the_limits():
    from graph.named_queries import QUERIES
    from graph.sparql_examples import examples

    texts = [path.read_text(encoding="utf-8") for path in QUERIES.glob("**/*.rq")]
    texts += [example.text for example in examples()]
    assert len(texts) > 20
    for text in texts:
        check(text, set())
    assert max(text.count("{") + text.upper().count("BIND") for text in texts) < MAX_PATTERNS
