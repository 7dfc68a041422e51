"""The graphbuild vocabulary: the `GB` namespace, prefixes, and relation families read from the ontology.

`ontology/graphbuild.ttl` is the single source of truth; `GB` lists its terms so that a typo in
code fails at once (`_fail = True`), and the family of a relation is computed from the ontology's
`rdfs:subPropertyOf` hierarchy rather than restated in code.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    XSD,
    DefinedNamespace,
)
from rdflib.term import Node

from graphbuild.errors import GraphError
from graphbuild.graph.iris import DEFAULT_BASE, check_base
from graphbuild.records import EntityKind, Family
from graphbuild.resources import ontology_file

ONTOLOGY_IRI = "https://w3id.org/graphbuild/ontology"
GB_NS = ONTOLOGY_IRI + "#"
ONTOLOGY_FILE = "graphbuild.ttl"
SHAPES_FILE = "shapes.ttl"

SCHEMA = SDO
WD = Namespace("http://www.wikidata.org/entity/")


class GB(DefinedNamespace):
    """Terms of the graphbuild ontology (`gb:`); every one is declared in ontology/graphbuild.ttl."""

    _NS = Namespace(GB_NS)
    _fail = True

    # Classes
    Actor: URIRef
    Person: URIRef
    State: URIRef
    Coalition: URIRef
    Organization: URIRef
    Place: URIRef
    Post: URIRef
    Document: URIRef
    Sentence: URIRef
    Statement: URIRef

    # Relations, by family (top property first)
    holdsPostIn: URIRef
    headOfStateOf: URIRef
    headOfGovernmentOf: URIRef
    memberOf: URIRef
    joins: URIRef
    leads: URIRef
    founds: URIRef
    chairs: URIRef
    cooperatesWith: URIRef
    meetsWith: URIRef
    talksWith: URIRef
    hosts: URIRef
    visits: URIRef
    negotiatesWith: URIRef
    supports: URIRef
    praises: URIRef
    endorses: URIRef
    aids: URIRef
    opposes: URIRef
    criticises: URIRef
    condemns: URIRef
    rejects: URIRef
    blames: URIRef
    distrusts: URIRef
    sanctions: URIRef
    demandsFrom: URIRef
    threatens: URIRef
    accuses: URIRef
    attacks: URIRef
    invades: URIRef
    strikes: URIRef

    # Posts
    holdsPost: URIRef
    postIn: URIRef
    office: URIRef

    # Entities, documents, sentences
    isoCode: URIRef
    outlet: URIRef
    contentHash: URIRef
    index: URIRef
    start: URIRef
    end: URIRef

    # Statement nodes
    family: URIRef
    trigger: URIRef
    rule: URIRef
    confidence: URIRef
    polarity: URIRef
    modality: URIRef
    asserted: URIRef
    speaker: URIRef
    post: URIRef
    document: URIRef
    subjectStart: URIRef
    subjectEnd: URIRef
    triggerStart: URIRef
    triggerEnd: URIRef
    objectStart: URIRef
    objectEnd: URIRef

    # Edge nodes (per-edge aggregates)
    Edge: URIRef
    edgeSubject: URIRef
    edgeRelation: URIRef
    edgeObject: URIRef
    edgeFamily: URIRef
    statementCount: URIRef
    documentCount: URIRef
    outletCount: URIRef
    outletRank: URIRef
    firstReported: URIRef
    lastReported: URIRef

    # Actor degrees (per-actor aggregates)
    neighbourCount: URIRef
    relationCount: URIRef
    connectionRank: URIRef

    # Annotations of relations
    relationFamily: URIRef
    cameoCode: URIRef
    triggers: URIRef


PREFIXES: dict[str, str] = {
    "gb": GB_NS,
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "foaf": str(FOAF),
    "wd": str(WD),
    "owl": str(OWL),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
}
"""Prefixes every graphbuild graph uses, besides `gbd:` (the data base IRI, which may change)."""


def gb_local(iri: str) -> str | None:
    """Local name of a `gb:` term ("...ontology#criticises" -> "criticises"); None for other IRIs."""
    return iri[len(GB_NS) :] if iri.startswith(GB_NS) and len(iri) > len(GB_NS) else None


def compact_iri(iri: str, namespaces: Iterable[tuple[str, str]]) -> str:
    """`prefix:local` under the longest namespace `iri` extends, else `<iri>`."""
    best = max(
        ((p, ns) for p, ns in namespaces if iri.startswith(ns) and len(iri) > len(ns)),
        key=lambda item: len(item[1]),
        default=None,
    )
    return f"{best[0]}:{iri[len(best[1]) :]}" if best else f"<{iri}>"


def gb_terms() -> frozenset[str]:
    """Local names of every term `GB` declares."""
    return frozenset(GB.__annotations__)


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """All prefixes of a graph built with data base IRI `base`, `gbd:` included."""
    return {"gbd": check_base(base), **PREFIXES}


def bind_prefixes(graph: Graph, base: str = DEFAULT_BASE) -> Graph:
    """Bind gb, gbd (the data base) and the vocabularies graphbuild uses; return the graph."""
    for prefix, iri in prefixes(base).items():
        graph.bind(prefix, Namespace(iri), override=True, replace=True)
    return graph


def parse_packaged(name: str, what: str) -> Graph:
    """Parse a Turtle file of ontology/; GraphError with the parser's first line if it is broken."""
    path = ontology_file(name)
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many types; the message is what matters
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise GraphError(f"{path}: cannot read {what}: {first}") from None


@cache
def load_ontology() -> Graph:
    """The ontology graph, parsed once per process; callers must not modify it."""
    return bind_prefixes(parse_packaged(ONTOLOGY_FILE, "the ontology"))


@cache
def _families() -> dict[str, Family]:
    """Map every relation's local name to its family by walking rdfs:subPropertyOf upwards."""
    onto = load_ontology()
    tops: dict[URIRef, Family] = {}
    for prop, value in onto.subject_objects(GB.relationFamily):
        tops[URIRef(str(prop))] = Family(str(value))
    result: dict[str, Family] = {}
    for prop in set(onto.subjects(RDF.type, OWL.ObjectProperty)):
        for ancestor in onto.transitive_objects(prop, RDFS.subPropertyOf):
            if ancestor in tops:
                result[str(prop)[len(GB_NS) :]] = tops[URIRef(str(ancestor))]
                break
    return result


def family_of(relation_local_name: str) -> Family:
    """Family of a relation ("criticises" -> OPPOSE); KeyError if the ontology has no such relation."""
    try:
        return _families()[relation_local_name]
    except KeyError:
        raise KeyError(f"unknown relation {relation_local_name!r}") from None


def relations_of(family: Family) -> list[str]:
    """Local names of a family's relations, its top property first, then the finer ones sorted."""
    family = Family(family)
    onto = load_ontology()
    top = {str(p)[len(GB_NS) :] for p in onto.subjects(GB.relationFamily, Literal(family.value))}
    finer = sorted(name for name, fam in _families().items() if fam is family and name not in top)
    return sorted(top) + finer


def all_relations() -> list[str]:
    """Local names of every relation, grouped by family in the order of `Family`."""
    return [name for family in Family for name in relations_of(family)]


def relation_iri(local_name: str) -> URIRef:
    """IRI of a relation ("criticises" -> gb:criticises); KeyError if it is not a relation."""
    family_of(local_name)
    return URIRef(GB_NS + local_name)


def class_iri(kind: EntityKind) -> URIRef:
    """IRI of an entity kind's class (EntityKind.PERSON -> gb:Person)."""
    return URIRef(GB_NS + EntityKind(kind).value)


@cache
def _class_kinds() -> dict[URIRef, frozenset[EntityKind]]:
    """Each ontology class -> the entity kinds it contains (gb:Actor: every kind)."""
    onto = load_ontology()
    result: dict[URIRef, set[EntityKind]] = {}
    for kind in EntityKind:
        for cls in onto.transitive_objects(class_iri(kind), RDFS.subClassOf):
            result.setdefault(URIRef(str(cls)), set()).add(kind)
    return {cls: frozenset(kinds) for cls, kinds in result.items()}


def _kinds(onto: Graph, node: Node) -> frozenset[EntityKind]:
    """The entity kinds a domain or range allows: a class, or an owl:unionOf of classes."""
    union = onto.value(node, OWL.unionOf)
    if union is not None:
        members = Collection(onto, union)
        return frozenset(k for member in members for k in _kinds(onto, member))
    return _class_kinds().get(URIRef(str(node)), frozenset())


@cache
def relation_kinds(relation_local_name: str) -> tuple[frozenset[EntityKind], frozenset[EntityKind]]:
    """The entity kinds a relation's rdfs:domain and rdfs:range allow, from the ontology (the
    nearest super-property's when a relation declares none); KeyError for an unknown relation."""
    iri = relation_iri(relation_local_name)
    onto = load_ontology()
    found: list[frozenset[EntityKind]] = []
    for axis in (RDFS.domain, RDFS.range):
        value = next(
            (
                v
                for prop in onto.transitive_objects(iri, RDFS.subPropertyOf)
                if (v := onto.value(prop, axis)) is not None
            ),
            None,
        )
        found.append(frozenset(EntityKind) if value is None else _kinds(onto, value))
    return found[0], found[1]
