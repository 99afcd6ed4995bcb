"""The national benchmark's workload: the records it asks about and the requests it makes.

The same steps run on every store (see :mod:`bench.national`): each is one HTTP request to the
service and, for the stores without the service, the SPARQL that request issued. Records are
picked from the loaded data by fixed rules, so a dataset always gets the same ones: the *hub*
(the actor in the most projects and networks, the project with the most parties) and an
*ordinary* one (the median of those ranked; ties by IRI).
"""

from __future__ import annotations

import http.client
import time
from dataclasses import asdict, dataclass
from urllib.parse import quote, urlencode, urlsplit

from bench.analysis import QUESTIONS
from graph.named_queries import as_rows
from graph.sparql_examples import example

__all__ = ["EXAMPLES", "PARTY", "Client", "Step", "Subjects", "pick_subjects", "steps", "two_hop_query"]

#: The example queries of the SPARQL page that the workload sends to /sparql.
EXAMPLES = ("01-projektagare", "02-samarbeten", "03-pengar-per-finansiering", "04-pengar-per-projektagare")
#: From an activity (project or network) to each actor taking part in it, as the collaboration
#: projection reads it (``projection_parties.rq``, ``projection_memberships.rq``).
PARTY = "((eurio:hasInvolvedParty/eurio:isRoleOf)|(^org:organization/org:member)|^org:memberOf)"
PREFIXES = """PREFIX eurio: <http://data.europa.eu/s66#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
ACTOR_RANKING = PREFIXES + f"""SELECT ?actor ?label (COUNT(DISTINCT ?activity) AS ?activities) WHERE {{
  ?activity {PARTY} ?actor .
  ?actor skos:prefLabel ?label .
}}
GROUP BY ?actor ?label
ORDER BY DESC(?activities) ?actor
"""
PROJECT_RANKING = PREFIXES + """SELECT ?project ?label (COUNT(DISTINCT ?party) AS ?parties) WHERE {
  ?project a eurio:Project ; skos:prefLabel ?label ; eurio:hasInvolvedParty/eurio:isRoleOf ?party .
}
GROUP BY ?project ?label
ORDER BY DESC(?parties) ?project
"""


def two_hop_query(actor: str) -> str:
    """Every actor sharing a project or network with one of ``actor``'s partners (not ``actor``
    itself), with how many partners lead there; the IRI is part of the text, as a client's is."""
    return PREFIXES + f"""# Collaborators' collaborators of one actor (bench.national)
SELECT ?other (SAMPLE(?label) AS ?name) (COUNT(DISTINCT ?partner) AS ?through) WHERE {{
  {{ SELECT DISTINCT ?partner WHERE {{
      ?first {PARTY} <{actor}> , ?partner .
      FILTER (?partner != <{actor}>)
  }} }}
  ?second {PARTY} ?partner , ?other .
  FILTER (?other != <{actor}>)
  ?other skos:prefLabel ?label .
}}
GROUP BY ?other
ORDER BY DESC(?through) ?other
"""


def ego_star_query(actor: str) -> str:
    """``actor``'s partners with the activities each shares with it: the least any ego view must
    ask a store (the service answers from the metrics computed at load and asks none)."""
    return PREFIXES + f"""# The partners of one actor (bench.national: reference for the ego view)
SELECT ?partner (SAMPLE(?label) AS ?name) (COUNT(DISTINCT ?activity) AS ?shared) WHERE {{
  ?activity {PARTY} <{actor}> , ?partner .
  FILTER (?partner != <{actor}>)
  ?partner skos:prefLabel ?label .
}}
GROUP BY ?partner
ORDER BY DESC(?shared) ?partner
"""


@dataclass(frozen=True)
class Record:
    """One picked record: its IRI, key (the IRI's last part), label and the count it was ranked by."""

    iri: str
    label: str
    count: int

    @property
    def key(self) -> str:
        return self.iri.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Subjects:
    """The records the workload asks about."""

    hub_actor: Record
    ordinary_actor: Record
    hub_project: Record
    ordinary_project: Record

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Subjects:
        return cls(**{name: Record(**record) for name, record in data.items()})


def _hub_and_median(rows: list[dict], iri: str, count: str) -> tuple[Record, Record]:
    ranked = [Record(row[iri], row["label"], int(row[count])) for row in rows]
    return ranked[0], ranked[len(ranked) // 2]


def pick_subjects(query) -> Subjects:
    """The hub and an ordinary actor and project; ``query(text)`` runs SPARQL on the loaded data."""
    hub_actor, ordinary_actor = _hub_and_median(as_rows(query(ACTOR_RANKING)), "actor", "activities")
    hub_project, ordinary_project = _hub_and_median(as_rows(query(PROJECT_RANKING)), "project", "parties")
    return Subjects(hub_actor, ordinary_actor, hub_project, ordinary_project)


@dataclass(frozen=True)
class Step:
    """One request of the workload.

    Attributes:
        name: what the tables call it.
        path: the path and query string.
        accept: the Accept header.
        sparql: for a /sparql request, the query (POSTed as application/sparql-query); the other
            stores run this text.
        reference: what the other stores run when the request asks the store nothing (the
            service answers from what it computed at load).
    """

    name: str
    path: str
    accept: str = "application/json"
    sparql: str | None = None
    reference: str | None = None

    def to_json(self) -> dict:
        return asdict(self)


def _sparql_step(name: str, query: str) -> Step:
    return Step(name, "/sparql", "application/sparql-results+json", sparql=query)


def _record_steps(kind: str, api: str, hub: Record, ordinary: Record) -> list[Step]:
    """The HTML page and the JSON record of a hub and an ordinary record."""
    return [step for which, record in (("hub", hub), ("ordinary", ordinary)) for step in (
        Step(f"{kind} page ({which})", f"/id/{kind}/{quote(record.key)}?format=html", "text/html"),
        Step(f"{kind} API ({which})", f"/api/v1/{api}/{quote(record.key)}"))]


def steps(subjects: Subjects) -> list[Step]:
    """The workload, in the order it runs."""
    hub, ordinary = subjects.hub_actor, subjects.ordinary_actor
    broad = hub.label.split()[0]
    found = [Step(f"search: '{query}'", "/api/v1/search?" + urlencode({"q": query}))
             for query in (broad, ordinary.label)]
    finder = [Step(f"finder: {name}", "/api/v1/finder?" + urlencode({"need": need, "place": place}))
              for name, need, place in QUESTIONS]
    return [
        *found,
        *_record_steps("actor", "actors", hub, ordinary),
        *_record_steps("project", "projects", subjects.hub_project, subjects.ordinary_project),
        Step("funding aggregate: sums by län", "/api/v1/analysis/funding/sums/lan"),
        *(_sparql_step(f"2-hop collaborators ({which})", two_hop_query(actor.iri))
          for which, actor in (("hub", hub), ("ordinary", ordinary))),
        *finder,
        *(Step(f"ego-network view ({which})", f"/api/v1/network/actors/{quote(actor.key)}?format=vis",
               reference=ego_star_query(actor.iri))
          for which, actor in (("hub", hub), ("ordinary", ordinary))),
        *(_sparql_step(f"SPARQL {name}", example(name).text) for name in EXAMPLES),
    ]


class Client:
    """One keep-alive HTTP connection to the service (opened again if the server closed it)."""

    def __init__(self, url: str, timeout: float = 1800.0):
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)

    def send(self, step: Step) -> tuple[float, int, int]:
        """Make ``step``'s request: (seconds until the whole body was read, status, body bytes)."""
        try:
            return self._send(step)
        except (ConnectionError, http.client.RemoteDisconnected):
            # waitress closes a connection idle for two minutes (its channel_timeout): while
            # another store took its turn at size M. The request had not been answered: again.
            self.connection.close()
            return self._send(step)

    def _send(self, step: Step) -> tuple[float, int, int]:
        headers = {"Accept": step.accept}
        body = None
        if step.sparql is not None:
            headers["Content-Type"] = "application/sparql-query"
            body = step.sparql.encode()
        started = time.perf_counter()
        self.connection.request("POST" if body else "GET", step.path, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        return time.perf_counter() - started, response.status, len(content)

    def close(self) -> None:
        self.connection.close()

