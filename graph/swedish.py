"""Text the way Swedes type and sort it.

Matching forgives case and missing accents ("goteborg" finds Göteborg); sorting follows Swedish
alphabetical order, where å, ä and ö are letters of their own after z, and numbers in a name
sort by their value ("Prioriterad fråga 2" before "Prioriterad fråga 10").

>>> fold("Göteborgs Stad")
'goteborgs stad'
>>> sorted(["Örebro", "Arvika", "Åmål", "Zinkgruvan", "Älmhult", "ödeshög"], key=sort_key)
['Arvika', 'Zinkgruvan', 'Åmål', 'Älmhult', 'ödeshög', 'Örebro']
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

__all__ = ["fold", "format_number", "nfc", "quotation", "sort_key", "swedish_number"]

#: Letters that sort after z, in this order; Danish/Norwegian and German forms sort with them.
_AFTER_Z = {"å": "{0", "ä": "{1", "æ": "{1", "ö": "{2", "ø": "{2"}
#: Letters that Swedish alphabetises as another letter.
_AS = {"ü": "y"}


def nfc(text: str) -> str:
    """Unicode NFC, the form the data is kept in."""
    return unicodedata.normalize("NFC", text)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold(text: str) -> str:
    """Lower case without accents, for matching: "Örebro" and "orebro" fold alike."""
    return " ".join(_strip_accents(nfc(text).casefold()).split())


def _sort_char(char: str) -> str:
    if char in _AFTER_Z:
        return _AFTER_Z[char]
    return _strip_accents(_AS.get(char, char))


#: A run of digits, compared as the number it is.
_NUMBER = re.compile(r"\d+")


def _padded(match: re.Match) -> str:
    """A number as a string that sorts by its value among the others (up to 20 digits)."""
    return match.group().lstrip("0").rjust(20, "0")


@lru_cache(maxsize=65536)  # the same names are sorted again and again (every edge lists its projects)
def sort_key(text: str) -> tuple[str, str]:
    """Key for Swedish alphabetical order: å, ä, ö after z; case and other accents break ties
    only; numbers by their value, so "fråga 2" comes before "fråga 10".

    >>> sort_key("Å") > sort_key("Z") and sort_key("é") < sort_key("f")
    True
    >>> sorted(["fråga 10", "fråga 2", "fråga 12", "Tabell 1", "fråga 02"], key=sort_key)
    ['fråga 02', 'fråga 2', 'fråga 10', 'fråga 12', 'Tabell 1']
    """
    text = nfc(text)
    return _NUMBER.sub(_padded, "".join(_sort_char(char) for char in text.casefold())), text


def swedish_number(value) -> str:
    """A number as Swedes write it: (no-break) spaces between thousands, decimal comma.

    >>> swedish_number(3920000), swedish_number("1234.5"), swedish_number(None)
    ('3\u00a0920\u00a0000', '1\u00a0234,5', '')
    """
    return format_number(value, "sv")


def format_number(value, lang: str = "sv") -> str:
    """A number grouped in thousands the way ``lang`` writes it: ``3 920 000`` and ``1 234,5``
    in Swedish, ``3,920,000`` and ``1,234.5`` in English; text that is no number stays as it is.

    >>> format_number("580000", "en"), format_number("12.50", "en"), format_number("ca 5")
    ('580,000', '12.50', 'ca 5')
    """
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    whole, _, fraction = f"{number:,f}".partition(".")
    fraction = fraction if fraction.strip("0") else ""  # 1600000.50 keeps its öre, 5.00 is 5
    if lang == "en":
        return f"{whole}.{fraction}" if fraction else whole
    whole = whole.replace(",", "\u00a0")
    return f"{whole},{fraction}" if fraction else whole


#: Opening quotation marks and the mark that closes each.
_CLOSING = {'"': '"', "'": "'", "”": "”", "“": "”", "„": "”", "’": "’", "‘": "’"}
#: A quotation inside a text: straight double quotes, or single ones that are no apostrophe.
_INNER = re.compile(r'"([^"]+)"|(?<!\w)\'([^\']+)\'(?!\w)')


def quotation(text: str) -> tuple[str, bool]:
    """A note or description the way a page shows it: ``(text, whole)``, where ``whole`` says
    the text is one quotation (its marks taken off, for the page to set it as a quote) and the
    quotations inside it get Swedish marks (”…”) instead of typewriter ones.

    >>> quotation("'(19 män och 7 kvinnor)'")
    ('(19 män och 7 kvinnor)', True)
    >>> quotation("'länets 12 kommuner' (kommunerna namnges inte)")
    ('”länets 12 kommuner” (kommunerna namnges inte)', False)
    >>> quotation('Avsnittet anger "Verksamhet:" i stället för "Projektägare:"')
    ('Avsnittet anger ”Verksamhet:” i stället för ”Projektägare:”', False)
    >>> quotation("LTU:s och Almi's"), quotation("exempelvis genom")
    (("LTU:s och Almi's", False), ('exempelvis genom', False))
    """
    text = text.strip()
    opening = text[:1]
    closing = _CLOSING.get(opening)
    inner = text[1:-1]
    if closing and len(text) > 2 and text.endswith(closing) and opening not in inner and closing not in inner:
        return _marked(inner), True
    return _marked(text), False


def _marked(text: str) -> str:
    return _INNER.sub(lambda match: f"”{match.group(1) or match.group(2)}”", text)
