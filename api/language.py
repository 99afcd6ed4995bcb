"""Swedish first, English on request: ``?lang=en`` switches and is remembered in a cookie.

Templates write both texts side by side, ``{{ _("Sök", "Search") }}``, so each text lives where
it is used.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, g, request

from graph.swedish import swedish_number  # the templates' |number filter

__all__ = ["LANGUAGES", "current", "init_app", "pick", "swedish_number"]

LANGUAGES = ("sv", "en")
COOKIE = "lang"


def current() -> str:
    """The language of this request: ``?lang=``, else the cookie, else Swedish."""
    asked = request.args.get("lang") or request.cookies.get(COOKIE)
    return asked if asked in LANGUAGES else "sv"


def pick(swedish: str, english: str) -> str:
    """The text for the current language."""
    return english if g.get("lang") == "en" else swedish


def _switch_url(language: str) -> str:
    arguments = request.args.to_dict(flat=False)
    arguments["lang"] = [language]
    return f"{request.path}?{urlencode(arguments, doseq=True)}"


def init_app(app: Flask) -> None:
    @app.before_request
    def choose_language():
        g.lang = current()

    @app.after_request
    def remember_language(response):
        if request.args.get("lang") in LANGUAGES:
            response.set_cookie(COOKIE, request.args["lang"], max_age=365 * 24 * 3600, samesite="Lax")
        return response

    app.jinja_env.globals.update(_=pick, switch_language_url=_switch_url)
    app.jinja_env.filters["number"] = swedish_number
