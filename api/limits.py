"""Request bodies too large for the service are refused with 413 before anything parses them.

A WSGI middleware around the Flask app, acting on the raw request before Flask or werkzeug sees
it (``MAX_CONTENT_LENGTH`` bytes, read from the config at each request):

- a declared ``Content-Length`` over the limit: 413 at once, the body never read;
- a body without a length (``Transfer-Encoding: chunked``): read here, and reading stops one
  byte past the limit with 413, so no more than the limit is ever held;
- ``Content-Encoding: gzip`` or ``deflate``: the body is inflated as it is read, a chunk at a
  time, and the inflated bytes count against the same limit (a 10 KB gzip of 10 MB of zeros
  stops after the limit, never inflated whole); the app gets the inflated body; any other
  encoding is refused with 415;
- multipart forms with more than ``MAX_FORM_PARTS`` parts (Flask's setting): reading stops with
  413 at the first boundary past that number. werkzeug 3.1's parser has the same setting, but
  with 10 000 small parts it read 512 KB and held them before it refused the body for its size.

A refusal made before the app is called is written here in the JSON shape of :mod:`api.errors`
(the app, its hooks and its access log never see the request).

Behind waitress (``aktorskarta serve``) the server first reads the whole body itself, chunked
ones too (it sets ``Content-Length`` after decoding the chunks), spilling to a temporary file past
512 KB, up to its own ``max_request_body_size`` (1 GiB unless set), past which it answers 413 in
plain text without calling the app; a declared length over that is refused from the headers.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable, Iterable

from flask import Flask, request
from werkzeug.exceptions import BadRequest, HTTPException, RequestEntityTooLarge, UnsupportedMediaType
from werkzeug.http import parse_options_header

__all__ = ["BodyLimit", "init_app"]

#: Compressed bytes read from the client at a time while inflating.
CHUNK = 64 * 1024
#: zlib ``wbits`` for each accepted Content-Encoding (gzip header; zlib header, as HTTP's
#: "deflate" is defined).
ENCODINGS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


REFUSED = "aktorskarta.refused"


def init_app(app: Flask) -> None:
    """Put :class:`BodyLimit` in front of the app; a body it refused is answered by the app's
    own error handling (the one error shape, a page for browsers, the security headers)."""
    app.wsgi_app = BodyLimit(app.wsgi_app, lambda: app.config["MAX_CONTENT_LENGTH"],
                             lambda: app.config["MAX_FORM_PARTS"])

    @app.before_request
    def refuse_body():
        error = request.environ.get(REFUSED)
        if error is not None:
            raise error


class BodyLimit:
    """WSGI middleware: refuse a request body past ``limit()`` bytes before the app is called.

    A body of unknown length (chunked, or compressed) is read here, through the limit, into
    memory (at most the limit), and handed on with its length, so the app never meets a body
    it cannot measure: werkzeug itself cuts such a body at ``MAX_CONTENT_LENGTH`` without an
    error when it is read whole (``request.get_data()``), which would parse a truncated upload.
    ``environ["aktorskarta.body_bytes"]`` records (bytes received, bytes after decoding).
    """

    def __init__(self, app: Callable, limit: Callable[[], int | None],
                 max_parts: Callable[[], int | None] = lambda: None):
        self.app = app
        self.limit = limit
        self.max_parts = max_parts

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        limit = self.limit()
        if limit is None:
            return self.app(environ, start_response)
        try:
            declared = _declared_length(environ)
            if declared is not None and declared > limit:
                raise RequestEntityTooLarge(f"the request body has {declared} bytes; this service "
                                            f"accepts at most {limit}")
            encoding = (environ.get("HTTP_CONTENT_ENCODING") or "identity").strip().lower()
            if encoding != "identity" or (declared is None and environ.get("wsgi.input_terminated")):
                _read_body(environ, limit, declared, encoding)
            _count_parts(environ, self.max_parts())
        except HTTPException as error:
            # The body is not read further: the app answers with the error, from an empty body.
            environ[REFUSED] = error
            environ["wsgi.input"] = io.BytesIO(b"")
            environ["CONTENT_LENGTH"] = "0"
            environ.pop("HTTP_CONTENT_ENCODING", None)
            environ.pop("wsgi.input_terminated", None)
        return self.app(environ, start_response)


def _declared_length(environ: dict) -> int | None:
    text = (environ.get("CONTENT_LENGTH") or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise BadRequest(f"Content-Length {text!r} is not a number of bytes")
    return int(text)


def _read_body(environ: dict, limit: int, declared: int | None, encoding: str) -> None:
    """Read the body (inflating it if encoded) through the limit; pass it on with its length."""
    received = decoded = LimitedInput(environ["wsgi.input"], limit, declared)
    if encoding != "identity":
        if encoding not in ENCODINGS:
            raise _unsupported(encoding)
        decoded = LimitedInput(Inflating(received, ENCODINGS[encoding]), limit, None)
    try:
        body = decoded.read()
    finally:
        environ["aktorskarta.body_bytes"] = (received.count, decoded.count)
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    environ.pop("HTTP_CONTENT_ENCODING", None)
    environ.pop("wsgi.input_terminated", None)


def _count_parts(environ: dict, max_parts: int | None) -> None:
    """Wrap a multipart body so that reading it stops past ``max_parts`` parts."""
    kind, options = parse_options_header(environ.get("CONTENT_TYPE"))
    if max_parts is not None and kind == "multipart/form-data" and options.get("boundary"):
        delimiter = b"--" + options["boundary"].encode("latin-1")
        environ["wsgi.input"] = PartCounter(environ["wsgi.input"], delimiter, max_parts)


def _unsupported(encoding: str) -> UnsupportedMediaType:
    return UnsupportedMediaType(f"Content-Encoding {encoding!r} is not accepted; send the body as "
                                f"it is, or as {', '.join(ENCODINGS)}")


class LimitedInput(io.RawIOBase):
    """A request body that raises 413 once more than ``limit`` bytes come out of it, and ends
    after ``declared`` bytes when a length was declared. ``count`` is how many came out."""

    def __init__(self, raw, limit: int, declared: int | None):
        super().__init__()
        self.raw, self.limit, self.declared = raw, limit, declared
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        # One byte past the limit is asked for, so that a body of exactly the limit passes.
        wanted = min(len(buffer), self.limit + 1 - self.count)
        if self.declared is not None:
            wanted = min(wanted, self.declared - self.count)
        if wanted <= 0:
            return 0
        data = self.raw.read(wanted)
        self.count += len(data)
        if self.count > self.limit:
            raise RequestEntityTooLarge(f"the request body is longer than {self.limit} bytes, "
                                        "the most this service accepts")
        buffer[:len(data)] = data
        return len(data)


class PartCounter(io.RawIOBase):
    """A multipart body that raises 413 when a read brings its part count past ``max_parts``
    (a body of n parts has n + 1 delimiters)."""

    def __init__(self, raw, delimiter: bytes, max_parts: int):
        super().__init__()
        self.raw, self.delimiter, self.max_parts = raw, delimiter, max_parts
        self.delimiters, self.tail = 0, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        seen = self.tail + data
        self.delimiters += seen.count(self.delimiter)
        # Keep what could be the start of a delimiter cut by this read, but not a whole one.
        self.tail = seen[-(len(self.delimiter) - 1):] if len(self.delimiter) > 1 else b""
        if self.delimiters > self.max_parts + 1:
            raise RequestEntityTooLarge(f"the form has more than {self.max_parts} parts, the most "
                                        "this service accepts")
        buffer[:len(data)] = data
        return len(data)


class Inflating(io.RawIOBase):
    """A gzip or zlib body inflated as it is read, never more than a read asks for at a time."""

    def __init__(self, raw: io.RawIOBase, wbits: int):
        super().__init__()
        self.raw = raw
        self.inflater = zlib.decompressobj(wbits)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while True:
            pending = self.inflater.unconsumed_tail
            if not pending and self.inflater.eof:
                return 0
            compressed = pending or self.raw.read(CHUNK)
            if not compressed:
                raise BadRequest("the compressed request body ends before its end")
            try:
                data = self.inflater.decompress(compressed, len(buffer))
            except zlib.error as error:
                raise BadRequest(f"the request body is not valid for its Content-Encoding: {error}") from None
            if data:
                buffer[:len(data)] = data
                return len(data)
