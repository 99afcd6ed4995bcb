"""JSON API, write side: curators add, edit and retire records and import source documents.

Every write needs a bearer token (:mod:`api.auth`) and a ``reason``; it is validated before
anything is written and recorded in the provenance graph (:mod:`graph.curation`). An edit or a
retirement needs ``If-Match`` with the record's ``ETag`` (from a GET of the record); a stale one
gets 412 and the record as it is now is left for the client to read again.

| route | role | what |
|---|---|---|
| ``POST /actors``, ``/projects``, ``/networks`` | curator | a new record (its table's columns) |
| ``PATCH /<collection>/<key>`` | curator | set some columns of a record |
| ``POST /<collection>/<key>/retire`` | curator | retire it, naming its ``successor`` |
| ``POST/DELETE /networks/<key>/members[/<actor>]`` | curator | an actor joins or leaves |
| ``POST/DELETE /projects/<key>/participants[/<actor>]`` | curator | an actor takes part or not |
| ``POST /imports`` | admin | a source document's data (multipart upload) |
| ``GET /changes`` | anyone | the change log |
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import current_app, jsonify, request

from api.auth import require
from api.errors import ApiError, error_response
from api.storage import get_store, get_writer
from api.v1 import bp
from api.v1.projects import ERROR
from graph.curation import changes
from graph.curation.changes import Conflict
from graph.curation.commit import (
    Committed,
    PreconditionFailed,
    PreconditionRequired,
    Rejected,
    commit,
    etag,
    record_quads,
)
from graph.curation.folder_import import folder_quads, is_folder_upload
from graph.curation.provenance import changes as change_log
from graph.curation.records import KINDS, LINKS
from graph.derived import derive
from graph.errors import NotFoundError
from graph.namespaces import KEY_PATTERN, entity, graph_iri, local_path
from graph.problems import DataError
from graph.rdf_input import parse_upload

__all__ = ["PATHS"]

BY_COLLECTION = {kind.collection: kind for kind in KINDS.values()}
#: Graphs an import may not replace: the service's own (a source document's graph it may).
RESERVED_GRAPHS = {"register", "reference", "ontology", "validation", "curation", "provenance"}
#: The GET routes of one record, which answer with its ETag.
RECORD_ENDPOINTS = {"v1.one_actor": "actor", "v1.one_project": "project", "v1.one_network": "network"}


def _body() -> dict:
    """The request's JSON object (415 if it is not JSON, 400 if it is not an object)."""
    if not request.is_json:
        raise ApiError(415, "send the change as JSON (Content-Type: application/json)")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object with the fields to set and a 'reason'")
    return body


def _reason(body: dict) -> str:
    reason = body.pop("reason", None)
    if not isinstance(reason, str) or not reason.strip():
        raise ApiError(400, "say why: 'reason' is required for every change", [{"parameter": "reason"}])
    return reason


def _answer(done: Committed, status: int, record: str):
    change = done.change
    payload = {
        "change": {"iri": change.iri, "path": local_path(change.iri), "time": change.stamp,
                   "removed": len(done.patch.removed), "added": len(done.patch.added)},
        "record": {"iri": record, "path": local_path(record)},
        "etag": done.etag,
        "warnings": [{"node": p.file, "field": p.field, "message": p.message} for p in done.warnings],
    }
    response = jsonify(payload)
    response.status_code = status
    if done.etag:
        response.headers["ETag"] = done.etag
    if status == 201:
        response.headers["Location"] = local_path(record)
    return response


def _commit(holder, action: str, body: dict, make_for, record: str, status: int = 200,
            precondition: bool = False, require_match: bool = True, keep_patch: bool = True):
    reason = _reason(body)
    store = get_writer()
    done = commit(store, holder, action, reason, make_for(store),
                  precondition=record if precondition else None,
                  if_match=request.headers.get("If-Match"), require_match=require_match,
                  keep_patch=keep_patch, derive=derive)
    current_app.logger.info("change %s by %s: %s %s", done.change.key, holder.name, action, record)
    return _answer(done, status, record)


def create_record(collection: str):
    holder = require("curator")
    kind = BY_COLLECTION[collection]
    body = _body()
    record = str(entity(kind.name, body.get("key") if isinstance(body.get("key"), str) else ""))
    return _commit(holder, "create", body, lambda store: changes.create(store, kind, body),
                   record, status=201)


def _existing(kind: str, key: str) -> str:
    """The IRI of the record of ``kind`` with ``key`` in a path; a key no record can have (keys
    are minted by ``KEY_PATTERN``) is a 404 at once, not an IRI the store refuses (a 500)."""
    if not KEY_PATTERN.match(key):
        raise NotFoundError(f"no {kind} with the key '{key}'")
    return str(entity(kind, key))


def edit_record(collection: str, key: str):
    holder = require("curator")
    kind = BY_COLLECTION[collection]
    body = _body()
    return _commit(holder, "edit", body, lambda store: changes.edit(store, kind, key, body),
                   _existing(kind.name, key), precondition=True)


def retire_record(collection: str, key: str):
    holder = require("curator")
    kind = BY_COLLECTION[collection]
    body = _body()
    successor = body.pop("successor", None)
    if successor is not None and not isinstance(successor, str):
        raise ApiError(400, "'successor' is the key of the record that replaces this one",
                       [{"parameter": "successor"}])
    return _commit(holder, "retire", body, lambda store: changes.retire(store, kind, key, successor),
                   _existing(kind.name, key), precondition=True)


def _link(collection: str):
    links = {"networks": ("members", LINKS["membership"]), "projects": ("participants", LINKS["participant"])}
    return links[collection]


@bp.post("/networks/<key>/members")
@bp.post("/projects/<key>/participants")
def add_link(key: str):
    holder = require("curator")
    _, link = _link(request.path.split("/")[3])
    body = _body()
    owner = _existing(link.owner, key)
    return _commit(holder, "add", body, lambda store: changes.add_link(store, link, key, body), owner,
                   status=201, precondition=True, require_match=False)


@bp.delete("/networks/<key>/members/<actor>")
@bp.delete("/projects/<key>/participants/<actor>")
def remove_link(key: str, actor: str):
    holder = require("curator")
    _, link = _link(request.path.split("/")[3])
    body = _body()
    owner = _existing(link.owner, key)
    _existing("actor", actor)
    return _commit(holder, "remove", body,
                   lambda store: changes.remove_link(store, link, key, actor), owner,
                   precondition=True, require_match=False)


for _collection in BY_COLLECTION:
    bp.add_url_rule(f"/{_collection}", f"create_{_collection}", create_record, methods=["POST"],
                    defaults={"collection": _collection})
    bp.add_url_rule(f"/{_collection}/<key>", f"edit_{_collection}", edit_record, methods=["PATCH"],
                    defaults={"collection": _collection})
    bp.add_url_rule(f"/{_collection}/<key>/retire", f"retire_{_collection}", retire_record,
                    methods=["POST"], defaults={"collection": _collection})


@bp.post("/imports")
def import_document():
    """A source document's data as its named graph: RDF files (Turtle, TriG, N-Triples, N-Quads,
    JSON-LD, RDF/XML), or a source folder's files (``source.yaml``, the text, the CSV tables, as
    in ``data/``), in a multipart upload with ``document`` (its key), ``title`` (from
    ``source.yaml`` for a folder) and ``reason``. Importing a document again replaces its graph
    and needs ``If-Match`` with the ETag the previous import answered."""
    holder = require("admin")
    form = request.form
    document = form.get("document", "")
    if not KEY_PATTERN.match(document):
        raise ApiError(400, f"'document' must be the document's key (lower-case a–z, 0–9 and single "
                            f"'-'), not {document!r}", [{"parameter": "document"}])
    title = " ".join(form.get("title", "").split())
    if not title and "source.yaml" not in [upload.filename for upload in request.files.getlist("file")]:
        raise ApiError(400, "'title' is required: the document's title as printed",
                       [{"parameter": "title"}])
    if document in RESERVED_GRAPHS:
        raise ApiError(409, f"'{document}' is the name of the service's own graph",
                       [{"parameter": "document"}])
    uploads = request.files.getlist("file")
    if not uploads:
        raise ApiError(400, "send the data as one or more 'file' parts", [{"parameter": "file"}])
    files = {upload.filename or "": upload.read() for upload in uploads}
    graph = str(graph_iri(document))
    if is_folder_upload(list(files)):
        quads, title = folder_quads(get_store(), document, files)
    else:
        quads = [quad for upload in uploads for quad in parse_upload(
            files[upload.filename or ""], upload.mimetype, upload.filename, graph=graph)]
    body = {"reason": form.get("reason")}
    return _commit(holder, "import", body, lambda store: changes.import_graph(store, document, title, quads),
                   str(entity("document", document)), status=201, precondition=True, keep_patch=False)


def _is_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


@bp.get("/changes")
def list_changes():
    record = request.args.get("record")
    if record and not _is_iri(record):  # no change names it (and the store would refuse it)
        return jsonify({"items": []})
    return jsonify({"items": change_log(get_store(), record)})


@bp.after_request
def record_etag(response):
    """A record's GET answers with its ETag, for the If-Match of an edit."""
    kind = RECORD_ENDPOINTS.get(request.endpoint or "")
    if kind and request.method == "GET" and response.status_code == 200:
        found = etag(record_quads(get_store(), str(entity(kind, request.view_args["key"]))))
        if found:
            response.headers["ETag"] = found
    return response


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    response = error_response(error.status, error.message, error.details)
    response.headers.update(getattr(error, "headers", {}))
    return response


@bp.errorhandler(PreconditionFailed)
def _stale(error: PreconditionFailed):
    response = error_response(412, str(error))
    if error.current.startswith('"'):
        response.headers["ETag"] = error.current
    return response


@bp.errorhandler(PreconditionRequired)
def _unconditional(error: PreconditionRequired):
    response = error_response(428, str(error))
    response.headers["ETag"] = error.current
    return response


@bp.errorhandler(Rejected)
def _rejected(error: Rejected):
    report = [{"severity": p.severity, "node": p.file, "field": p.field, "message": p.message}
              for p in error.problems]
    return error_response(422, str(error), report)


@bp.errorhandler(DataError)
def _invalid_folder(error: DataError):
    report = [{"severity": p.severity, "file": p.file, "row": p.row, "field": p.field, "message": p.message}
              for p in error.problems if p.is_violation]
    return error_response(422, f"the source folder has {len(report)} problem(s); nothing was imported",
                          report)


@bp.errorhandler(Conflict)
def _conflict(error: Conflict):
    return error_response(409, str(error))


@bp.errorhandler(OSError)
def _not_written(error: OSError):
    current_app.logger.error("a change could not be written: %s", error)
    return error_response(507, f"the change could not be written, nothing was changed: "
                               f"{error.strerror or error}")


@bp.errorhandler(PermissionError)
def _read_only(error: PermissionError):
    return error_response(503, "this service's store is read-only: it takes no changes")


def _schema(columns, required=(), extra: dict | None = None) -> dict:
    """The JSON body of a change: the table's columns (strings, lists for ``|`` cells) and why."""
    properties = {c.name: ({"type": "array", "items": {"type": "string"}} if c.many
                           else {"type": ["string", "null"]}) for c in columns if c.name != "locator"}
    properties.update(extra or {})
    properties["reason"] = {"type": "string", "minLength": 1, "description": "Why (kept in the change log)"}
    return {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["reason", *required], "properties": properties}}}}


def _operation(summary: str, operation: str, body: dict | None, path_parameters=(), status="200",
               conditional=False) -> dict:
    responses = {status: {"description": "The change made: its IRI, the record, its new ETag",
                          "content": {"application/json": {}}},
                 "400": {"description": "A field cannot be read; details name it", **ERROR},
                 "401": {"description": "No valid bearer token in the Authorization header", **ERROR},
                 "403": {"description": "The token's role does not allow this change", **ERROR},
                 "409": {"description": "The change contradicts the data (the record exists)", **ERROR},
                 "415": {"description": "The body is not JSON", **ERROR},
                 "422": {"description": "The change would violate the shapes; details is the report",
                         **ERROR},
                 "503": {"description": "Another change is being written, or the store is read-only",
                         **ERROR},
                 "507": {"description": "The store could not be written (disk full); nothing changed",
                         **ERROR}}
    parameters = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"},
                   "description": text} for name, text in path_parameters]
    if path_parameters:
        responses["404"] = {"description": "No such record", **ERROR}
    if conditional:
        parameters.append({"name": "If-Match", "in": "header", "required": True,
                           "schema": {"type": "string"},
                           "description": "The ETag of the record as you read it"})
        responses["412"] = {"description": "The record changed since you read it", **ERROR}
        responses["428"] = {"description": "If-Match is missing", **ERROR}
    item = {"summary": summary, "operationId": operation, "parameters": parameters,
            "responses": responses, "security": [{"bearer": []}]}
    if body:
        item["requestBody"] = body
    return item


def _paths() -> dict:
    paths = {}
    for kind in KINDS.values():
        name, key = kind.collection, [("key", f"The {kind.name}'s key")]
        owner = {"owner": {"type": ["string", "array"], "items": {"type": "string"},
                           "description": "Actor key(s) of the owner(s)"}} if kind.name == "project" else {}
        paths[f"/{name}"] = {"post": _operation(
            f"Add a {kind.name} (curator)", f"create_{kind.name}",
            _schema(kind.columns, ["key", kind.label], owner), status="201")}
        editable = tuple(c for c in kind.columns if c.name in kind.editable)
        paths[f"/{name}/{{key}}"] = {"patch": _operation(
            f"Set some fields of a {kind.name} (curator)", f"edit_{kind.name}", _schema(editable), key,
            conditional=True)}
        paths[f"/{name}/{{key}}/retire"] = {"post": _operation(
            f"Retire a {kind.name}: its IRI stays and points to its successor (curator)",
            f"retire_{kind.name}", _schema((), extra={"successor": {"type": ["string", "null"]}}), key,
            conditional=True)}
    for collection, part, link in (("networks", "members", LINKS["membership"]),
                                   ("projects", "participants", LINKS["participant"])):
        columns = tuple(c for c in link.columns if c.name in ("actor", "role", "note"))
        paths[f"/{collection}/{{key}}/{part}"] = {"post": _operation(
            f"An actor joins ({link.name}; curator)", f"add_{link.name}", _schema(columns, ["actor"]),
            [("key", f"The {link.owner}'s key")], status="201")}
        paths[f"/{collection}/{{key}}/{part}/{{actor}}"] = {"delete": _operation(
            f"An actor leaves ({link.name}; curator)", f"remove_{link.name}", _schema(()),
            [("key", f"The {link.owner}'s key"), ("actor", "The actor's key")])}
    paths["/imports"] = {"post": _operation(
        "Import a source document's data as its named graph (admin)", "importDocument", {
            "required": True, "content": {"multipart/form-data": {"schema": {
                "type": "object", "required": ["document", "reason", "file"],
                "properties": {
                    "document": {"type": "string", "description": "The document's key"},
                    "title": {"type": "string", "description": "Its title as printed"},
                    "reason": {"type": "string"},
                    "file": {"type": "array", "items": {"type": "string", "format": "binary"},
                             "description": "Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML; "
                                            "or a source folder's source.yaml, text and CSV tables"}}}}}},
        status="201")}
    paths["/changes"] = {"get": {
        "summary": "The change log, newest first", "operationId": "listChanges",
        "parameters": [{"name": "record", "in": "query", "required": False, "schema": {"type": "string"},
                        "description": "Only the changes to this record (its IRI)"}],
        "responses": {"200": {"description": "{items: [{iri, time, curator, action, reason, records, "
                                             "added, removed}]}", "content": {"application/json": {}}}}}}
    return paths


PATHS = _paths()
