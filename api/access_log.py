"""One line per request: client, method, path, status, User-Agent, on the ``aktorskarta.access``
logger (waitress logs no requests of its own).

What a client sends is written escaped: CR, LF and every other control or line-separator
character become ``\\r``, ``\\n``, ``\\x1b``, ``\\u2028``, and ``"`` and ``\\`` are escaped too, so
no request can start a line of its own, forge one, or colour the terminal. Letters outside
ASCII (``/sok?q=Göteborg``) stay as they are.
"""

from __future__ import annotations

import logging
import sys
import unicodedata

from flask import Flask, Response, request

__all__ = ["LOGGER", "escape", "init_app"]

LOGGER = "aktorskarta.access"
#: Unicode categories written escaped: controls, format characters, line and paragraph separators.
ESCAPED_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")
_SHORT = {"\r": "\\r", "\n": "\\n", "\t": "\\t", '"': '\\"', "\\": "\\\\"}


def escape(text: str | None) -> str:
    """``text`` with every character that could break or forge a log line escaped.

    >>> print(escape('x\\r\\nFAKE "log" line\\x1b[31m\\u2028Göteborg'))
    x\\r\\nFAKE \\"log\\" line\\x1b[31m\\u2028Göteborg
    """
    return "".join(_escaped(char) for char in text or "")


def _escaped(char: str) -> str:
    if char in _SHORT:
        return _SHORT[char]
    if unicodedata.category(char) in ESCAPED_CATEGORIES:
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    return char


class _CurrentStderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (tests swap it)."""

    def __init__(self):
        logging.Handler.__init__(self)

    @property
    def stream(self):
        return sys.stderr


def init_app(app: Flask) -> None:
    """Log every request (``ACCESS_LOG``; false turns it off); to stderr unless the logger has
    handlers of its own (then only to those)."""
    if not app.config.get("ACCESS_LOG", True):
        return
    logger = logging.getLogger(LOGGER)
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
    if not logger.handlers:
        handler = _CurrentStderr()
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False  # waitress sets up the root logger too: one line, not two

    @app.after_request
    def log_request(response: Response) -> Response:
        logger.info('%s "%s %s" %s "%s"', escape(request.remote_addr), escape(request.method),
                    escape(request.full_path.rstrip("?")), response.status_code,
                    escape(request.user_agent.string))
        return response
