"""Headers every response carries: no inline script or style, no sniffing, no framing; and the
templates' rule for what may become a link."""

from __future__ import annotations

from flask import Flask

from graph.describe import is_web_address

__all__ = ["CONTENT_SECURITY_POLICY", "init_app"]

#: Pages load only their own files: templates have no inline script, style or event handler.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    # Templates link a value only if it ``is web_address``: never a ``javascript:`` homepage.
    app.jinja_env.tests["web_address"] = is_web_address

    @app.after_request
    def secure_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
