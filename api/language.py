"""Swedish first, English on request: ``?lang=en`` switches and is remembered in a cookie.

Templates write both texts side by side, ``{{ _("Sök", "Search") }}``, so each text lives where
it is used.
"""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import urlencode

from flask import Flask, g, request
from markupsafe import Markup, escape

from graph.printed_terms import english

__all__ = ["LANGUAGES", "current", "human_date", "init_app", "pick", "printed_term", "swedish_number"]

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


MONTHS = {
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
           "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


def human_date(value, lang: str = "sv") -> str:
    """An ISO date as people write it; a year, or anything else, as it is.

    >>> human_date("2023-03-15"), human_date("2023-04", "en"), human_date("2023"), human_date(None)
    ('15 mars 2023', 'April 2023', '2023', '')
    """
    if not value:
        return ""
    found = _ISO_DATE.fullmatch(str(value))
    if not found or not 1 <= int(found[2]) <= 12:
        return str(value)
    month = MONTHS[lang if lang in MONTHS else "sv"][int(found[2]) - 1]
    return f"{int(found[3])} {month} {found[1]}" if found[3] else f"{month} {found[1]}"


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
    app.jinja_env.filters["date"] = lambda value: human_date(value, g.get("lang", "sv"))
