"""Swedish first, English on request: ``?lang=en`` switches and is remembered in a cookie.

Templates write both texts side by side, ``{{ _("Sök", "Search") }}``, so each text lives where
it is used.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, g, request
from markupsafe import Markup, escape

from graph.periods import dates_in, format_date, format_period
from graph.printed_terms import english
from graph.swedish import swedish_number

__all__ = ["LANGUAGES", "current", "init_app", "pick", "printed_term", "swedish_number"]

LANGUAGES = ("sv", "en")
COOKIE = "lang"


def current() -> str:
    """The language of this request: ``?lang=``, else the cookie, else Swedish."""
    asked = request.args.get("lang") or request.cookies.get(COOKIE)
    return asked if asked in LANGUAGES else "sv"


def pick(swedish: str, english: str) -> str:
    """The text for the current language."""
    return english if g.get("lang") == "en" else swedish


def printed_term(value) -> Markup:
    """A status or kind as the source prints it ("pågående", "insats"), in the page's language:
    on English pages the English word (``graph.printed_terms``), or the Swedish one marked
    ``lang="sv"`` where there is none."""
    if value is None or value == "":
        return Markup("")
    if g.get("lang") != "en":
        return escape(value)
    found = english(str(value))
    return escape(found) if found else Markup('<span lang="sv">%s</span>') % value


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
    app.jinja_env.filters["period"] = _period
    app.jinja_env.filters["date"] = _date
    app.jinja_env.filters["term"] = printed_term
    app.jinja_env.filters["dates_in"] = _dates_in


def _period(start: str | None, end: str | None = None, status: str | None = None) -> str:
    """``{{ start|period(end, status) }}``: the period in words, in the page's language."""
    return format_period(start, end, status, g.get("lang", "sv"))


def _date(value: str | None) -> str:
    """``{{ value|date }}``: an ISO date (or time) in words, in the page's language."""
    return format_date(value, g.get("lang", "sv"))


def _dates_in(text: str | None, lang: str | None = None) -> str:
    """``{{ time_plan|dates_in }}``: the date stamps of a printed text written out (in ``lang``,
    else the page's language)."""
    return dates_in(text, lang or g.get("lang", "sv"))
