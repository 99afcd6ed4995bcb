"""IRIs the tests use, in one place."""

from graph.namespaces import BASE, concept, entity, graph_iri, scheme

ACTOR = f"{BASE}id/actor/"
PROJECT = f"{BASE}id/project/"

CONNECT = entity("actor", "connect-sverige-region-vast")
ALMI = entity("actor", "almi-foretagspartner-ab")
ALMI_SORMLAND = entity("actor", "almi-sormland")
INKUBATORN_I_BORAS = entity("actor", "inkubatorn-i-boras-ab")
HOGSKOLAN_I_BORAS = entity("actor", "hogskolan-i-boras")
SCIENCE_PARK_BORAS = entity("actor", "science-park-boras")
REGION_SORMLAND = entity("actor", "region-04")
REGION_SORMLAND_NOA = entity("actor", "region-04-noa")
REGION_KALMAR = entity("actor", "region-08")
REGION_OREBRO = entity("actor", "region-18")
REGION_VASTERBOTTEN = entity("actor", "region-24")
FUTURE_PLACE_LEADERSHIP = entity("actor", "future-place-leadership")

KALMAR_PROJECT = entity("project", "kalmar-investeringssamverkan")
MOJLIGHETERNAS_REGION = entity("project", "mojligheternas-region")

VG2020 = scheme("vg2020")
VG2020_THEMES = {
    "kunskapsregion": concept("vg2020", "kunskapsregion"),
    "region-for-alla": concept("vg2020", "region-for-alla"),
    "globalt-ansvar": concept("vg2020", "globalt-ansvar"),
    "syns-och-engagerar": concept("vg2020", "syns-och-engagerar"),
}
DELREGIONS = {key: entity("delregion", key)
              for key in ("borasregionen", "fyrbodal", "skaraborg", "goteborgsregionen")}
KOMMUNALFORBUND = {
    "borasregionen": entity("actor", "borasregionen-sjuharads-kommunalforbund"),
    "fyrbodal": entity("actor", "fyrbodals-kommunalforbund"),
    "skaraborg": entity("actor", "skaraborgs-kommunalforbund"),
    "goteborgsregionen": entity("actor", "goteborgsregionens-kommunalforbund"),
}
VG_RUN_2020 = entity("funding", "vgr-run-delregionala-2020")
SORMLAND_STRATEGY = scheme("sormland-nls")
OREBRO_STRATEGY = scheme("orebro-bredd-och-spets")

ROLE = {key: concept("roll", key) for key in (
    "projektagare", "ansvarig", "medverkande", "samverkanspart", "medfinansiar",
    "projektledare", "kunskapskalla")}

REGISTER_GRAPH = graph_iri("register")
