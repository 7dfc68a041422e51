"""Per-edge aggregates: for each direct relation (subject, relation, object), a gb:Edge node with
the number of asserted statements, documents and outlets behind it and its first and last dates.

Queries that rank or count edges (`most-reported`, `supporters-and-critics`) read these nodes
instead of scanning every statement; each edge also has its rank by outlets within its family
(`gb:outletRank`: how many edges of the family more outlets report), so that `most-reported`
looks up only the few edges that can be in its top 25. One SPARQL query (`EDGES`, a CONSTRUCT) defines them;
`refresh` recomputes them all after a graph grows: natively on Oxigraph (`REFRESH`, the same as one
SPARQL 1.1 Update, also serves stores reached only by SPARQL), and for rdflib's store, whose engine
takes seconds for a few dozen statements, with the same counts made in Python (`EdgeTally`), as a
streamed build writes them (docs/graph-model.md, "Edge nodes"; the tests check all three agree).

The same refresh gives every actor at either end of a direct relation its degree (`gb:neighbourCount`,
`gb:relationCount`, as `most-connected` counts them) and its rank by them (`gb:connectionRank`), so
that `most-connected` reads the few actors that can be in its top 25 instead of every relation.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from graphbuild.graph.ontology import GB, GB_NS

# The edge's IRI: its statements' base (the first statement IRI, "statement/..." cut off) then
# "edge/" and the MD5 of "subject relation object" (IRIs hold no spaces).
_STATEMENT_TAIL = "statement/[^/]*$"
_XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
_TRUE = Literal(True)
_Key = TypeVar("_Key")
_DEGREE_IRIS = (GB.neighbourCount, GB.relationCount, GB.connectionRank)

_PREFIXES = f"""PREFIX gb: <{GB_NS}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
_TEMPLATE = """  ?edge a gb:Edge ;
    gb:edgeSubject ?s ;
    gb:edgeRelation ?p ;
    gb:edgeObject ?o ;
    gb:edgeFamily ?family ;
    gb:statementCount ?statements ;
    gb:documentCount ?documents ;
    gb:outletCount ?outlets ;
    gb:firstReported ?first ;
    gb:lastReported ?last .
"""
_WHERE = f"""  {{
    SELECT ?s ?p ?o (MIN(STR(?statement)) AS ?one) (MIN(?f) AS ?family)
      (COUNT(DISTINCT ?statement) AS ?statements) (COUNT(DISTINCT ?doc) AS ?documents)
      (COUNT(DISTINCT ?outlet) AS ?outlets) (MIN(?day) AS ?first) (MAX(?day) AS ?last)
    WHERE {{
      ?statement gb:asserted true ;
        rdf:subject ?s ;
        rdf:predicate ?p ;
        rdf:object ?o ;
        gb:family ?f ;
        gb:document ?doc .
      ?s ?p ?o .
      OPTIONAL {{ ?doc gb:outlet ?outlet }}
      OPTIONAL {{ ?doc dcterms:issued ?day FILTER(DATATYPE(?day) = xsd:date) }}
    }}
    GROUP BY ?s ?p ?o
  }}
  BIND(IRI(CONCAT(REPLACE(?one, "{_STATEMENT_TAIL}", "edge/"),
    MD5(CONCAT(STR(?s), " ", STR(?p), " ", STR(?o))))) AS ?edge)
"""
# gb:outletRank of every edge node: the number of edges of its family with more outlets, from
# the (family, outlet count) histogram of the edge nodes (small: a few rows per family).
_RANK_WHERE = """  ?edge a gb:Edge ;
    gb:edgeFamily ?family ;
    gb:outletCount ?outlets .
  {
    SELECT ?family ?outlets (SUM(IF(?more > ?outlets, ?n, 0)) AS ?rank) WHERE {
      { SELECT DISTINCT ?family ?outlets WHERE { ?e a gb:Edge ; gb:edgeFamily ?family ; gb:outletCount ?outlets } }
      {
        SELECT ?family ?more (COUNT(?e) AS ?n) WHERE {
          ?e a gb:Edge ; gb:edgeFamily ?family ; gb:outletCount ?more .
        }
        GROUP BY ?family ?more
      }
    }
    GROUP BY ?family ?outlets
  }
"""
# Each actor's degree: the rows `most-connected` counted before it read them (one per direct
# triple, direction and family its property reaches), grouped by actor instead of by actor and
# label; then its rank from the (neighbours, relations) histogram of the actors.
_DEGREE_TEMPLATE = """  ?actor gb:neighbourCount ?neighbours ;
    gb:relationCount ?relations .
"""
_DEGREE_WHERE = """  {
    SELECT ?actor (COUNT(DISTINCT ?other) AS ?neighbours) (COUNT(*) AS ?relations) WHERE {
      ?family gb:relationFamily ?familyName .
      ?property rdfs:subPropertyOf* ?family .
      { ?actor ?property ?other . }
      UNION
      { ?other ?property ?actor . }
    }
    GROUP BY ?actor
  }
"""
_DEGREE_RANK_WHERE = """  ?actor gb:neighbourCount ?neighbours ;
    gb:relationCount ?relations .
  {
    SELECT ?neighbours ?relations
      (SUM(IF(?n > ?neighbours || (?n = ?neighbours && ?r > ?relations), ?count, 0)) AS ?rank)
    WHERE {
      { SELECT DISTINCT ?neighbours ?relations WHERE { ?a gb:neighbourCount ?neighbours ; gb:relationCount ?relations } }
      {
        SELECT ?n ?r (COUNT(?a) AS ?count) WHERE { ?a gb:neighbourCount ?n ; gb:relationCount ?r }
        GROUP BY ?n ?r
      }
    }
    GROUP BY ?neighbours ?relations
  }
"""
_DEGREE_PROPERTIES = "gb:neighbourCount gb:relationCount gb:connectionRank"
# The degrees of a graph's actors, without their ranks.
DEGREES = f"{_PREFIXES}CONSTRUCT {{\n{_DEGREE_TEMPLATE}}} WHERE {{\n{_DEGREE_WHERE}}}\n"
# The edge nodes of a graph, as its statements define them (what every build writes), without
# their ranks (`ranks` adds them).
EDGES = f"{_PREFIXES}CONSTRUCT {{\n{_TEMPLATE}}} WHERE {{\n{_WHERE}}}\n"
# The same, ranks included, as one SPARQL 1.1 Update over the default graph, for a store reached
# only by SPARQL.
REFRESH = (
    f"{_PREFIXES}DELETE {{ ?edge ?property ?value }} WHERE {{ ?edge a gb:Edge ; ?property ?value }} ;\n"
    f"INSERT {{\n{_TEMPLATE}}} WHERE {{\n{_WHERE}}} ;\n"
    f"INSERT {{ ?edge gb:outletRank ?rank }} WHERE {{\n{_RANK_WHERE}}} ;\n"
    f"DELETE {{ ?actor ?property ?value }} WHERE {{ VALUES ?property {{ {_DEGREE_PROPERTIES} }}"
    " ?actor ?property ?value } ;\n"
    f"INSERT {{\n{_DEGREE_TEMPLATE}}} WHERE {{\n{_DEGREE_WHERE}}} ;\n"
    f"INSERT {{ ?actor gb:connectionRank ?rank }} WHERE {{\n{_DEGREE_RANK_WHERE}}}\n"
)
# Where a SPARQL store (one named graph per document; its default graph is their union, as in
# Virtuoso) keeps the edge nodes: recomputed whole after every build into it.
EDGE_GRAPH = "https://w3id.org/graphbuild/graph/edges"
REFRESH_NAMED = (
    f"{_PREFIXES}DROP SILENT GRAPH <{EDGE_GRAPH}> ;\n"
    f"INSERT {{ GRAPH <{EDGE_GRAPH}> {{\n{_TEMPLATE}}} }} WHERE {{\n{_WHERE}}} ;\n"
    f"INSERT {{ GRAPH <{EDGE_GRAPH}> {{ ?edge gb:outletRank ?rank }} }}"
    f" WHERE {{ GRAPH <{EDGE_GRAPH}> {{\n{_RANK_WHERE}}} }} ;\n"
    f"INSERT {{ GRAPH <{EDGE_GRAPH}> {{\n{_DEGREE_TEMPLATE}}} }} WHERE {{\n{_DEGREE_WHERE}}} ;\n"
    f"INSERT {{ GRAPH <{EDGE_GRAPH}> {{ ?actor gb:connectionRank ?rank }} }}"
    f" WHERE {{ GRAPH <{EDGE_GRAPH}> {{\n{_DEGREE_RANK_WHERE}}} }}\n"
)
COUNT_EDGES = f"PREFIX gb: <{GB_NS}>\nSELECT (COUNT(*) AS ?n) WHERE {{ ?edge a gb:Edge }}"


def edge_iri(first_statement: str, subject: str, relation: str, obj: str) -> str:
    """The IRI REFRESH gives the edge whose smallest statement IRI is `first_statement`."""
    digest = hashlib.md5(f"{subject} {relation} {obj}".encode(), usedforsecurity=False)
    return re.sub(_STATEMENT_TAIL, "edge/", first_statement) + digest.hexdigest()


def refresh(graph: Graph) -> None:
    """Recompute every edge node of `graph` from its statements (EDGES, natively on Oxigraph);
    run after documents are added, so that the counts stay those of the whole graph."""
    from graphbuild.graph.store import from_ox, is_oxigraph, oxigraph_store, to_ox

    if not is_oxigraph(graph):  # rdflib's engine takes seconds for a few dozen statements
        text = "".join(tally_graph(graph).ntriples(degrees=False))
        text += "".join(degree_ntriples(direct_pairs(graph)))
        for node in list(graph.subjects(RDF.type, GB.Edge)):
            graph.remove((node, None, None))
        for prop in _DEGREE_IRIS:
            graph.remove((None, prop, None))
        parsed = ox.parse(input=text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        graph.addN(
            (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), graph) for q in parsed
        )
        return
    store, name = oxigraph_store(graph), to_ox(graph.identifier)
    if isinstance(name, ox.DefaultGraph):  # one update: ~2x faster than CONSTRUCT and reload
        store.update(REFRESH)
        return
    found = store.query(EDGES, default_graph=name)
    assert isinstance(found, ox.QueryTriples)
    triples = list(found)
    fresh = "".join(f"{triple} .\n" for triple in triples) + "".join(_rank_lines(triples))
    degrees = store.query(DEGREES, default_graph=name)
    assert isinstance(degrees, ox.QueryTriples)
    fresh += "".join(_degree_lines(list(degrees)))
    rdf_type, edge_class = to_ox(RDF.type), to_ox(GB.Edge)
    nodes = [q.subject for q in store.quads_for_pattern(None, rdf_type, edge_class, name)]
    for edge in nodes:
        for old in list(store.quads_for_pattern(edge, None, None, name)):
            store.remove(old)
    for prop in _DEGREE_IRIS:
        for old in list(store.quads_for_pattern(None, to_ox(prop), None, name)):
            store.remove(old)
    store.load(fresh.encode("utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=name)


def tally_graph(graph: Graph) -> EdgeTally:
    """EDGES counted in Python over an rdflib graph's asserted statements (the same joins: every
    subject, relation, object, family and document a statement has)."""
    tally = EdgeTally()
    objects = graph.objects
    for statement in graph.subjects(GB.asserted, _TRUE):
        if not isinstance(statement, URIRef):
            continue
        sources: list[tuple[str, list[str | None], list[str | None]]] = []
        for doc in objects(statement, GB.document):
            outlets: list[str | None] = [str(o) for o in objects(doc, GB.outlet)]
            days: list[str | None] = [str(d) for d in objects(doc, DCTERMS.issued) if _is_date(d)]
            sources.append((str(doc), outlets or [None], days or [None]))
        families = [str(f) for f in objects(statement, GB.family)]
        for s in objects(statement, RDF.subject):
            for p in objects(statement, RDF.predicate):
                for o in objects(statement, RDF.object):
                    iris = (s, p, o)
                    if not all(isinstance(x, URIRef) for x in iris) or iris not in graph:
                        continue
                    edge = (str(s), str(p), str(o))
                    for family in families:
                        for source, outlet_values, day_values in sources:
                            for outlet in outlet_values:
                                for day in day_values:
                                    tally.add(str(statement), edge, family, source, outlet, day)
    return tally


def direct_pairs(graph: Graph) -> Iterator[tuple[str, str]]:
    """(subject, object) in N-Triples form of every direct relation triple of `graph`, once for each
    family its property reaches (the rows `most-connected` counted): what `degree_ntriples` reads.
    Blank nodes and literals are left out (their N-Triples form names no node of the graph)."""
    weight: dict[URIRef, int] = defaultdict(int)
    for family, _ in graph.subject_objects(GB.relationFamily):
        for prop in graph.transitive_subjects(RDFS.subPropertyOf, family):
            if isinstance(prop, URIRef):
                weight[prop] += 1
    for prop, times in weight.items():
        for s, o in graph.subject_objects(prop):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                for _ in range(times):
                    yield f"<{s}>", f"<{o}>"


def degree_ntriples(pairs: Iterable[tuple[str, str]]) -> Iterator[str]:
    """N-Triples lines of every actor's degree and rank, from the (subject, object) pairs of the
    direct relation triples (N-Triples terms), counted in both directions as REFRESH does."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    relations: dict[str, int] = defaultdict(int)
    for s, o in pairs:
        neighbours[s].add(o)
        neighbours[o].add(s)
        relations[s] += 1
        relations[o] += 1
    counts = {actor: (len(others), relations[actor]) for actor, others in neighbours.items()}
    ranked = sorted(counts.values())
    for actor in sorted(counts):
        n, r = counts[actor]
        yield f"{actor} <{GB_NS}neighbourCount> {ox.Literal(n)} .\n"
        yield f"{actor} <{GB_NS}relationCount> {ox.Literal(r)} .\n"
        rank = len(ranked) - bisect.bisect_right(ranked, (n, r))
        yield f"{actor} <{GB_NS}connectionRank> {ox.Literal(rank)} .\n"


def _degree_lines(triples: list[ox.Triple]) -> Iterator[str]:
    """N-Triples lines of the degrees in `triples` (DEGREES' answer) with their ranks."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for triple in triples:
        if isinstance(triple.object, ox.Literal):
            slot = 0 if triple.predicate.value == f"{GB_NS}neighbourCount" else 1
            counts[str(triple.subject)][slot] = int(triple.object.value)
    ranked = sorted(tuple(c) for c in counts.values())
    for triple in triples:
        yield f"{triple} .\n"
    for actor, (n, r) in counts.items():
        rank = len(ranked) - bisect.bisect_right(ranked, (n, r))
        yield f"{actor} <{GB_NS}connectionRank> {ox.Literal(rank)} .\n"


def _is_date(term: object) -> bool:
    return isinstance(term, Literal) and term.datatype == XSD.date


def ensure(graph: Graph) -> bool:
    """Compute the edge nodes of a graph that has asserted statements but no edge node (written
    before graphbuild made them, or by hand), or edge nodes without ranks (written before ranks
    existed), and the actor degrees of one with direct relations but none (written before
    degrees existed); True if it did. Edge nodes with ranks and degrees are trusted."""
    edges = next(graph.triples((None, RDF.type, GB.Edge)), None) is not None
    if edges:
        stale = next(graph.triples((None, GB.outletRank, None)), None) is None
    else:
        stale = next(graph.triples((None, GB.asserted, _TRUE)), None) is not None
    if not stale and next(graph.triples((None, GB.connectionRank, None)), None) is None:
        stale = next(direct_pairs(graph), None) is not None
    if not stale:
        return False
    refresh(graph)
    return True


def outlet_ranks(edges: Iterable[tuple[_Key, str, int]]) -> Iterator[tuple[_Key, int]]:
    """(edge, rank) for (edge, family, outlet count) triples: the rank is the number of edges of
    the same family with more outlets (0 for the most widely reported), as REFRESH computes it."""
    edges = list(edges)
    counts: dict[str, list[int]] = defaultdict(list)
    for _, family, outlets in edges:
        counts[family].append(outlets)
    for values in counts.values():
        values.sort()
    for edge, family, outlets in edges:
        values = counts[family]
        yield edge, len(values) - bisect.bisect_right(values, outlets)


def _rank_lines(triples: Iterable[ox.Triple]) -> Iterator[str]:
    """N-Triples lines of gb:outletRank for the edge nodes among `triples` (EDGES' answer)."""
    family: dict[str, str] = {}
    outlets: dict[str, int] = {}
    for triple in triples:
        name, value = triple.predicate.value, triple.object
        if not isinstance(value, ox.Literal):
            continue
        if name == f"{GB_NS}edgeFamily":
            family[str(triple.subject)] = value.value
        elif name == f"{GB_NS}outletCount":
            outlets[str(triple.subject)] = int(value.value)
    known = [(node, name, outlets[node]) for node, name in family.items() if node in outlets]
    for node, rank in outlet_ranks(known):
        yield f"{node} <{GB_NS}outletRank> {ox.Literal(rank)} .\n"


@dataclass(slots=True)
class _Edge:
    family: str
    statements: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)
    days: set[str] = field(default_factory=set)


@dataclass(slots=True)
class EdgeTally:
    """What REFRESH computes, tallied while a build streams its triples (N-Triples terms in, edge
    triples out), so that a new graph file gets its edge nodes without being read back."""

    edges: dict[tuple[str, str, str], _Edge] = field(default_factory=dict)
    links: set[tuple[str, str, str]] = field(default_factory=set)

    def link(self, edge: tuple[str, str, str]) -> None:
        """A direct triple with no asserted statement behind it (IRIs without <>): no edge node,
        but it counts in its actors' degrees."""
        self.links.add(edge)

    def add(
        self,
        statement: str,
        edge: tuple[str, str, str],
        family: str,
        document: str,
        outlet: str | None,
        day: str | None,
    ) -> None:
        """One asserted statement (IRIs without <>): `day` is an ISO date (xsd:date) or None."""
        found = self.edges.get(edge)
        if found is None:
            found = self.edges[edge] = _Edge(family)
        elif family < found.family:  # as MIN(?f)
            found.family = family
        found.statements.add(statement)
        found.documents.add(document)
        if outlet is not None:
            found.outlets.add(outlet)
        if day is not None:
            found.days.add(day)

    def ntriples(self, degrees: bool = True) -> Iterator[str]:
        """The edge nodes as N-Triples lines, in a stable order, then (if `degrees`) the degrees
        of the actors that their direct triples and `links` join (every direct triple a build
        writes has an asserted statement behind it, so these are all of the graph's)."""
        from pyoxigraph import Literal, NamedNode

        gb = {name: f"<{GB_NS}{name}>" for name in _PROPERTIES}
        ranks = dict(
            outlet_ranks((key, edge.family, len(edge.outlets)) for key, edge in self.edges.items())
        )
        for (s, p, o), edge in sorted(self.edges.items()):
            node = f"<{edge_iri(min(edge.statements), s, p, o)}>"
            yield f"{node} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> {gb['Edge']} .\n"
            yield f"{node} {gb['edgeSubject']} <{s}> .\n"
            yield f"{node} {gb['edgeRelation']} <{p}> .\n"
            yield f"{node} {gb['edgeObject']} <{o}> .\n"
            yield f"{node} {gb['edgeFamily']} {Literal(edge.family)} .\n"
            yield f"{node} {gb['statementCount']} {Literal(len(edge.statements))} .\n"
            yield f"{node} {gb['documentCount']} {Literal(len(edge.documents))} .\n"
            yield f"{node} {gb['outletCount']} {Literal(len(edge.outlets))} .\n"
            yield f"{node} {gb['outletRank']} {Literal(ranks[(s, p, o)])} .\n"
            if edge.days:
                date = NamedNode(_XSD_DATE)
                yield f"{node} {gb['firstReported']} {Literal(min(edge.days), datatype=date)} .\n"
                yield f"{node} {gb['lastReported']} {Literal(max(edge.days), datatype=date)} .\n"
        if degrees:
            direct = sorted(self.edges.keys() | self.links)
            yield from degree_ntriples((f"<{s}>", f"<{o}>") for s, _, o in direct)


_PROPERTIES = (
    "Edge",
    "edgeSubject",
    "edgeRelation",
    "edgeObject",
    "edgeFamily",
    "statementCount",
    "documentCount",
    "outletCount",
    "outletRank",
    "firstReported",
    "lastReported",
)
