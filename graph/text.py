"""Swedish free text as matchable terms: words folded, stop words dropped, endings stemmed.

Stemming uses Snowball's Swedish stemmer, so inflections meet ("exportera", "exporterar" and
"exporterade" give one term) without a language model. Terms are folded after stemming, so a
word typed without accents matches the one with them.

>>> terms("Vi vill börja exportera till Norge")
['borj', 'exporter', 'norg']
>>> terms("Göteborgs företagare") == terms("goteborgs foretagare")
True
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

import snowballstemmer

from graph.swedish import fold, nfc, sort_key

__all__ = ["MIN_PART", "MIN_REST", "PROSE_STOP_WORDS", "STOP_WORDS", "compound_parts", "exact_stem",
           "spellings", "stem", "terms", "words"]

#: Words that carry no topic: Snowball's Swedish stop-word list, plus the verbs of wanting and
#: needing that every question to the finder starts with.
_STOP_WORDS_TEXT = """
och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke
mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde något från ut
när efter upp vi dem vara vad över än dig kan sina här ha mot alla under någon eller allt mycket
sedan ju denna själv detta åt utan varit hur ingen mitt ni bli blev oss din dessa några deras
blir mina samma vilken er sådan vår blivit dess inom mellan sådant varför varje vilka ditt vem
vilket sitta sådana vart dina vars vårt våra ert era vilkas
vill ville behöver behöva behov söker söka hjälp få får önskar skall ska vår våra oss mitt
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

#: Words that say nothing about what a plan's insats or a project is for, dropped when documents
#: are compared with one another (:mod:`graph.analysis.overlap_text`), on top of STOP_WORDS; they
#: are matched by their stems, so "görs", "göra" and "gjorde" all go. Not dropped from a need the
#: finder reads, whose phrases use some ("ta in kapital", "nya kunder"). Found among the terms
#: the strongest project pairs shared ("vidare", "även", "samt", "görs" among them):
#: - Swedish function words that Snowball's list lacks,
#: - the filler of plan prose: verbs of intent and of doing, the words for the work itself, time.
_PROSE_STOP_WORDS_TEXT = """
även samt vidare också bland kring genom via både andra annat annan annars olika mer mest fler
flera hos in ut fram enligt utifrån inför per redan hela helt ny nya nytt samtliga varandra såväl
samtidigt dock därför därmed alltså ofta exempelvis exempel bl t ex etc dvs mm fl ca cirka ännu
just direkt
göra gör görs gjorde gjort genomföra genomför genomförs genomförts genomfört arbeta arbetar arbete
arbetet fortsätta fortsätter fortsatt stärka stärker stärkt öka ökar ökad ökat utveckla utvecklar
utveckling bidra bidrar främja främjar skapa skapar erbjuda erbjuder identifiera driva driver ta
tas tar finns behövs kommer kunna möjlighet möjligheter förutsättningar tillsammans gemensam
gemensamma gemensamt långsiktigt långsiktig syfte syftet syftar mål målet insats insatser insatsen
insatserna projekt projektet projekten uppdrag uppdraget verksamhet verksamheten område området
områden del delar år året åren länet län regionen regional regionala delregionen delregionala
övergripande fokus satsning satsningar utmaningar tillgång tillgången stöd stötta stödja
målgrupp målgruppen möta nivå befintlig befintliga använda respektive tid första kopplad kopplade
roll övriga samla förbättra tillvara idag ligger koncept konceptet process processer struktur
strukturer metod metoder verktyg system konkret konkreta effektiv effektiva lokal lokala lokalt
finansieras aktör aktörer aktörerna näringsliv näringslivet e
"""
PROSE_STOP_WORDS = frozenset(_PROSE_STOP_WORDS_TEXT.split())

#: A compound's first part has at least this many letters ...
MIN_PART = 5
#: ... and its last part at least this many.
MIN_REST = 3

_WORD = re.compile(r"\w+")
_STEMMER = snowballstemmer.stemmer("swedish")


def words(text: str) -> list[str]:
    """The words of ``text`` in lower case, NFC, accents kept (digits count as words)."""
    return _WORD.findall(nfc(text).casefold())


@lru_cache(maxsize=65536)  # a handful of distinct words, stemmed again for every description
def stem(word: str) -> str:
    """One lower-case word's Snowball stem, folded (no accents)."""
    return fold(_STEMMER.stemWord(word))


@lru_cache(maxsize=65536)
def exact_stem(word: str) -> str:
    """One lower-case word's Snowball stem with its accents: for searching texts, where "lån"
    (a loan) and "län" (a county) must stay apart."""
    return _STEMMER.stemWord(word)


def terms(text: str) -> list[str]:
    """The stems of ``text``'s words that carry meaning, in order."""
    return [stem(word) for word in words(text) if word not in STOP_WORDS]


def compound_parts(word: str, known_words: set[str], known_stems: set[str], stemmer=stem) -> list[str]:
    """The stems of the two parts of a compound ``word``, if both are known: the first a known
    word or stem, the last a known word, or a word whose stem (of more than three letters) is
    known; an "s" between them is Swedish's linking letter. Else nothing.

    >>> words_ = {"export", "samverkan", "kompetens", "försörjning", "företag", "lån", "inga"}
    >>> stems_ = {"ing"}
    >>> compound_parts("exportsamverkan", words_, stems_)
    ['export', 'samverkan']
    >>> compound_parts("företagslån", words_, stems_, exact_stem)
    ['företag', 'lån']
    >>> compound_parts("kompetensförsörjning", words_, stems_, exact_stem)
    ['kompet', 'försörjning']
    >>> compound_parts("finansiering", words_ | {"finansier"}, stems_)
    []
    """
    for length in range(len(word) - MIN_REST, MIN_PART - 1, -1):
        head, rest = word[:length], word[length:]
        if head not in known_words and head not in known_stems:
            continue
        for tail in (rest, rest[1:] if rest.startswith("s") else ""):
            if len(tail) >= MIN_REST and tail not in STOP_WORDS and (
                    tail in known_words or (len(stemmer(tail)) > MIN_REST and stemmer(tail) in known_stems)):
                return [stemmer(head), stemmer(tail)]
    return []


def spellings(texts, stemmer=stem) -> dict[str, str]:
    """Term → the word the texts most often write it as (ties: the shorter, then Swedish order)."""
    seen: dict[str, Counter] = defaultdict(Counter)
    for text in texts:
        for word in words(text):
            if word not in STOP_WORDS:
                seen[stemmer(word)][word] += 1
    return {term: min(forms, key=lambda word: (-forms[word], len(word), sort_key(word)))
            for term, forms in seen.items()}
