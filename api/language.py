"""Swedish first, English on request: ``?lang=en`` switches and is remembered in a cookie.

Templates write both texts side by side, ``{{ _("Sök", "Search") }}``, so each text lives where
it is used.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from flask import Flask, g, request
from markupsafe import Markup, escape

from graph.printed_terms import english
from graph.readable_dates import dates_in, human_date

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


def swedish_number(value) -> str:
    """A number as Swedes write it: spaces between thousands, decimal comma.

    >>> swedish_number(3920000), swedish_number("1234.5"), swedish_number(None)
    ('3\u00a0920\u00a0000', '1\u00a0234,5', '')
    """
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    whole, _, fraction = f"{number:,f}".partition(".")
    text = whole.replace(",", "\u00a0")
    return f"{text},{fraction}" if fraction and fraction.strip("0") else text


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
    app.jinja_env.filters["term"] = printed_term
    # Dates for people: an ISO date, and the date stamps inside a printed text, in the page's language.
    app.jinja_env.filters["date"] = lambda value: human_date(value, g.get("lang", "sv"))
    app.jinja_env.filters["dates_in"] = lambda text, lang=None: dates_in(text, lang or g.get("lang", "sv"))
