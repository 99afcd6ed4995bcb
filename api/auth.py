"""Who may write: bearer tokens from the ``Authorization`` header, checked against the token file.

Only the header counts. A token in the query string is refused even if it is valid (URLs end
up in logs and browser histories), and cookies are never read, so a page elsewhere cannot make a
visitor's browser write (no CSRF on the write API). Failures are 401 with
``WWW-Authenticate: Bearer`` (no, empty or unknown token) or 403 (the role does not allow it).
"""

from __future__ import annotations

from flask import current_app, request

from api.errors import ApiError
from graph.curation.tokens import Holder, TokenFile, token_file

__all__ = ["QUERY_TOKEN_NAMES", "holder", "init_app", "require"]

EXTENSION = "aktorskarta.tokens"
#: Query parameters a client might put a token in; each is refused on a write.
QUERY_TOKEN_NAMES = ("access_token", "token", "api_key", "apikey", "key_token")


def init_app(app, location: str) -> None:
    """Read tokens from ``TOKENS`` (a path) if configured, else beside the store at ``location``."""
    configured = app.config.get("TOKENS")
    app.extensions[EXTENSION] = TokenFile(configured) if configured else token_file(location)


def holder() -> Holder | None:
    """The holder of the request's bearer token, or None if it carries none."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("send 'Authorization: Bearer <token>' with a token made by "
                            "'aktorskarta token create'", "invalid_request")
    found = current_app.extensions[EXTENSION].holder(token.strip())
    if found is None:
        raise _unauthorized("this token is not valid (unknown or revoked)", "invalid_token")
    return found


def require(role: str) -> Holder:
    """The request's token holder, who must have ``role`` (or a role allowed more).

    Raises:
        ApiError: 401 without a valid token in the header (or with one in the URL), 403 if the
            holder's role does not allow ``role``'s changes.
    """
    in_url = [name for name in QUERY_TOKEN_NAMES if name in request.args]
    if in_url:
        raise _unauthorized(f"a token in the URL ('{in_url[0]}') is refused: send it in the "
                            f"Authorization header", "invalid_request")
    found = holder()
    if found is None:
        raise _unauthorized("this change needs a token: send 'Authorization: Bearer <token>'", None)
    if not found.may(role):
        raise ApiError(403, f"{found.name} is a {found.role}; this change needs a {role}")
    return found


def _unauthorized(message: str, error: str | None) -> ApiError:
    failure = ApiError(401, message)
    failure.headers = {"WWW-Authenticate": 'Bearer realm="aktorskartan"'
                                           + (f', error="{error}"' if error else "")}
    return failure
