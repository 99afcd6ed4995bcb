"""Swedish-looking names and texts for the national-scale generator (:mod:`bench.generate`).

Word lists and small pure functions: every choice is drawn from the ``random.Random`` passed
in, so the same seed gives the same names. Real place names come from ``data/reference``; the
organisations, projects and networks built from them are invented.
"""

from __future__ import annotations

import random
import re

from graph.swedish import fold

__all__ = [
    "INDUSTRIES",
    "METHODS",
    "TOPICS",
    "actor_name",
    "alternative_spelling",
    "description",
    "network_name",
    "project_label",
    "slug",
]

SURNAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson",
    "Lindberg", "Jakobsson", "Magnusson", "Lindström", "Olofsson", "Lindqvist", "Lindgren", "Berg",
    "Axelsson", "Bergström", "Lundberg", "Lundgren", "Lundqvist", "Mattsson", "Berglund",
    "Fredriksson", "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund",
    "Danielsson", "Lundin", "Håkansson", "Björk", "Bergman", "Gunnarsson", "Holm", "Wikström",
    "Samuelsson", "Isaksson", "Fransson", "Bergqvist", "Nyström", "Holmberg", "Arvidsson", "Löfgren",
    "Söderberg", "Nyberg", "Blomqvist", "Claesson", "Nordström", "Mårtensson", "Lundström",
    "Viklund", "Björklund", "Eliasson", "Pålsson", "Berggren", "Sandström", "Nordin", "Ström",
    "Åberg", "Hermansson", "Ekström", "Holmgren", "Sundberg", "Hedlund", "Dahlberg", "Hellström",
    "Sjögren", "Abrahamsson", "Falk", "Öberg", "Andreasson", "Blom", "Åkesson", "Öström",
    "Söderström", "Norberg", "Lövgren", "Wästerlund", "Ångström", "Näslund", "Sköld", "Törnqvist",
)
#: What a company does, as the last word(s) of its name.
TRADES = (
    "Mekaniska Verkstad", "Trä", "Bygg", "Energi", "Livsmedel", "Plast", "Elektronik", "Konsult",
    "Design", "Skog", "Fisk", "Turism", "Logistik", "Data", "Bageri", "Gjuteri", "Snickeri", "Åkeri",
    "Måleri", "Rör", "El", "Lantbruk", "Mejeri", "Film", "Spelstudio", "Textil", "Miljöteknik",
    "Glasbruk", "Smide", "Växthus", "Kött & Chark", "Bryggeri", "Båtvarv", "Stenhuggeri", "Revision",
)
NATURE = (
    "Norrsken", "Älvdal", "Fjäll", "Skär", "Björk", "Gran", "Ek", "Löv", "Sjö", "Ås", "Myr", "Hav",
    "Strand", "Göl", "Kärr", "Äng", "Lärk", "Rönn", "Älg", "Örn", "Lo", "Berg", "Ström", "Udd",
)
NATURE_ENDINGS = ("backen", "viken", "dalen", "näset", "udden", "hagen", "gläntan", "forsen", "vind", "ljus")
#: Industries (key, how a name says it): clusters, trade associations, networks, project topics.
INDUSTRIES = (
    ("besoksnaring", "besöksnäringen"), ("livsmedel", "livsmedel och gröna näringar"),
    ("skog-och-tra", "skog och trä"), ("fordon", "fordonsindustrin"), ("life-science", "life science"),
    ("it", "IT och digitalisering"), ("energi", "energi och miljöteknik"),
    ("kkn", "kulturella och kreativa näringar"), ("tillverkning", "tillverkningsindustrin"),
    ("maritim", "maritima näringar"), ("gruv", "gruv- och mineralnäringen"), ("rymd", "rymdindustrin"),
    ("textil", "textil och mode"), ("bygg", "samhällsbyggnad och bygg"),
    ("logistik", "transport och logistik"),
)
#: Project topics: (label, target-group keys, stage keys, strategy area in bench.synthetic.STRATEGY_AREAS).
TOPICS = (
    ("Digitaliseringslyft för småföretag", ("smf",), ("tillvaxt",), "innovation"),
    ("Kompetensförsörjning inom {industry}", ("smf", "arbetssokande"), (), "kompetens"),
    ("Hållbar besöksnäring", ("besoksnaring",), ("tillvaxt",), "hallbarhet"),
    ("Exportsatsning för tillväxtföretag", ("tillvaxtforetag",), ("internationalisering",), "foretagande"),
    ("Nyföretagande bland utrikesfödda", ("utrikesfodda", "blivande-foretagare"), ("ide", "start"),
     "foretagande"),
    ("Generationsskifte i ägarledda företag", ("agarledda-foretag",), ("agarskifte",), "foretagande"),
    ("Innovationsslussen", ("innovatorer", "startups"), ("ide", "start"), "innovation"),
    ("Testbädd för cirkulär ekonomi", ("industriella-smf",), ("tillvaxt",), "hallbarhet"),
    ("Energieffektivisering i industriella SMF", ("industriella-smf",), (), "hallbarhet"),
    ("Ung företagsamhet i skolan", ("elever", "unga"), ("ide",), "kompetens"),
    ("Etableringsfrämjande och investeringar", ("investerare",), (), "foretagande"),
    ("Kvinnors företagande", ("kvinnor",), ("start", "tillvaxt"), "foretagande"),
    ("Landsbygdens näringsliv", ("areella-naringar", "smf"), (), "hallbarhet"),
    ("Smart specialisering inom {industry}", ("smf", "innovatorer"), ("tillvaxt",), "innovation"),
    ("Mentorprogram för unga företagare", ("unga", "nyforetagare"), ("start",), "foretagande"),
    ("Klimatomställning i näringslivet", ("alla-foretag",), (), "hallbarhet"),
    ("Riskkapital för tidiga skeden", ("startups", "investerare"), ("ide", "start"), "foretagande"),
    ("Matchning av kompetens och arbetsgivare", ("arbetssokande",), (), "kompetens"),
    ("Forskning och utveckling i små företag", ("smf",), ("tillvaxt",), "innovation"),
    ("Utveckling av {industry}", ("smf",), (), "innovation"),
)
METHODS = (
    "rådgivning och affärsutveckling", "nätverksträffar och workshops", "kompetensutvecklingsinsatser",
    "matchning mot forskning och högre utbildning", "coachning och mentorskap", "gemensamma utlysningar",
    "analys och omvärldsbevakning", "företagsbesök och behovsinventering", "pilotprojekt och testmiljöer",
)
SECOND_SENTENCES = (
    "Insatsen genomförs i samverkan med kommunerna i länet.",
    "Målet är fler växande företag och fler arbetstillfällen.",
    "Projektet bygger vidare på en tidigare förstudie.",
    "Resultaten sprids genom länets företagsfrämjande aktörer.",
    "Särskild vikt läggs vid jämställdhet och hållbarhet.",
)
STAGES_OF_WORK = ("", "", "", " – etapp 2", " – etapp 3", " 2.0", " – fördjupning", " – genomförande")
_PATTERNS_BY_TYPE = {
    "foretag": ("{surname}s {trade} AB", "{place} {trade} AB", "{nature} {trade} AB",
                "{surname} & Co {trade} AB"),
    "kommunalt-bolag": ("{place} Näringsliv AB", "{place}s Energi AB", "{place} Utveckling AB",
                        "{place}s Hamn AB", "Destination {place} AB"),
    "ideell-forening": ("Företagarföreningen i {place}", "{place} Köpmannaförening",
                        "Hela {place} ideell förening", "Föreningen {nature} i {place}"),
    "ekonomisk-forening": ("{place} Bygdeutveckling ekonomisk förening", "{nature} Kooperativ i {place}",
                           "Coompanion {county_short}"),
    "branschorganisation": ("{industry_cap} i {county}", "Branschrådet för {industry} i {county_short}"),
    "inkubator": ("{place} Företagsinkubator", "Inkubatorn i {place}", "{nature} Startup Hub"),
    "science-park": ("{place} Science Park", "Science Park {place}", "{nature} Innovation Park"),
    "larosate": ("Högskolan i {place}", "{place}s universitet", "Högskolan {county_short}"),
    "forskningsinstitut": ("Institutet för {industry} i {place}",
                           "{county_short}s forskningsinstitut för {industry}"),
    "utbildningsanordnare": ("{place} Yrkeshögskola", "Vuxenutbildningen i {place}", "Lärcentrum {place}"),
    "klusterorganisation": ("Klustret för {industry} i {county_short}", "{nature} Cluster {county_short}"),
    "stiftelse": ("Stiftelsen {place} Utveckling", "Stiftelsen {nature}",
                  "Stiftelsen Innovation {county_short}"),
}


def slug(text: str) -> str:
    """A key from a name: folded to ASCII, runs of anything else become one hyphen.

    >>> slug("Älvdal Trä & Bygg AB")
    'alvdal-tra-bygg-ab'
    """
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _nature(rng: random.Random) -> str:
    return rng.choice(NATURE) + rng.choice(NATURE_ENDINGS)


def actor_name(rng: random.Random, kind: str, place: str, county: str, county_short: str) -> str:
    """A name for an organisation of actor type ``kind`` seated in ``place`` (a kommun's short name)."""
    pattern = rng.choice(_PATTERNS_BY_TYPE.get(kind, _PATTERNS_BY_TYPE["foretag"]))
    industry = rng.choice(INDUSTRIES)[1]
    return pattern.format(surname=rng.choice(SURNAMES), trade=rng.choice(TRADES), place=place,
                          nature=_nature(rng), county=county, county_short=county_short,
                          industry=industry, industry_cap=industry[0].upper() + industry[1:])


def alternative_spelling(label: str) -> str | None:
    """Another way a source might print ``label``, or None when there is none worth making.

    >>> alternative_spelling("Lindqvists Trä AB"), alternative_spelling("Hela Åre ideell förening")
    ('Lindqvists Trä', 'Hela åre ideell förening')
    """
    if label.endswith(" AB"):
        return label[:-3]
    words = label.split(" ")
    if len(words) > 1:
        lowered = " ".join([words[0], *(word.lower() for word in words[1:])])
        return lowered if lowered != label else None
    return None


def project_label(rng: random.Random, topic: str, place: str) -> str:
    """A project name: the topic (with an industry where it has room for one), the place, a phase."""
    industry = rng.choice(INDUSTRIES)[1]
    return f"{topic.format(industry=industry)} i {place}{rng.choice(STAGES_OF_WORK)}"


def description(rng: random.Random, audience: str, place: str) -> str:
    """One or two sentences in the register of a project table's description column."""
    first = f"Projektet ska stärka {audience} i {place} genom {rng.choice(METHODS)}."
    if rng.random() < 0.5:
        return first
    return f"{first} {rng.choice(SECOND_SENTENCES)}"


def network_name(rng: random.Random, kind: str, county: str, county_short: str) -> str:
    """A network, forum or cluster group of a län."""
    industry = rng.choice(INDUSTRIES)[1]
    patterns = {
        "nätverk": (f"Nätverket för {industry} i {county}", f"Näringslivschefsnätverket {county_short}",
                    f"Företagsfrämjarnätverket i {county}"),
        "forum": (f"Forum för {industry} {county_short}",
                  f"Regionalt forum för kompetensförsörjning, {county}"),
        "kluster": (f"Klustergruppen {industry} i {county_short}",),
        "samverkansgrupp": (f"Samverkansgruppen för {industry}, {county}",
                            f"Styrgruppen för det företagsfrämjande systemet i {county}"),
    }
    return rng.choice(patterns[kind])
