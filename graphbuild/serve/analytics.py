"""Actor networks and graph analytics: who relates to whom, who is central, which camps form.

Reads an rdflib graph in the model of docs/graph-model.md through triple patterns only (so an
Oxigraph-backed graph works too) and folds statements into a networkx graph. Pure functions.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from graphbuild.errors import QueryError
from graphbuild.graph.ontology import GB, SCHEMA, all_relations, family_of, gb_local
from graphbuild.records import EntityKind, Family

STRUCTURAL = frozenset({Family.POST_IN, Family.MEMBER_OF, Family.LEADS})
"""Families that describe standing (posts, memberships, leadership) rather than events."""

ACTOR = "Actor"
"""Kind of a node typed only `gb:Actor`, or not typed at all but the end of a relation."""

COMMUNITY_SEED = 7


@dataclass(frozen=True, slots=True)
class Evidence:
    """One asserted statement behind an edge: the sentence and where it was published."""

    statement: str
    relation: str
    sentence: str
    document: str
    title: str | None = None
    outlet: str | None = None
    date: str | None = None  # ISO date (yyyy-mm-dd) of publication
    url: str | None = None
    trigger: str | None = None
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class RankedActor:
    """An actor and its score under one centrality measure."""

    iri: str
    label: str
    kind: str
    score: float


@dataclass(frozen=True, slots=True)
class CoalitionMembers:
    """A coalition with the labels of its members and leaders (from MEMBER_OF / LEADS edges)."""

    iri: str
    label: str
    members: tuple[str, ...]
    leaders: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GraphStats:
    """Counts, central actors, communities and coalitions of a graph, for `format_stats`."""

    actors_by_class: tuple[tuple[str, int], ...]
    documents: int
    sentences: int
    statements: int
    asserted_statements: int
    statements_by_family: tuple[tuple[str, int], ...]  # asserted statements only
    edges_by_family: tuple[tuple[str, int], ...]  # folded (subject, object, family) edges
    top_degree: tuple[RankedActor, ...]
    top_betweenness: tuple[RankedActor, ...]
    top_pagerank: tuple[RankedActor, ...]
    communities: tuple[tuple[str, ...], ...]  # labels; communities of two actors or more
    coalitions: tuple[CoalitionMembers, ...]


# --- reading the graph ----------------------------------------------------------------------


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _first(graph: Graph, subject: URIRef, predicate: URIRef) -> str | None:
    """The smallest value of a property, so that a doubled value gives a stable answer."""
    values = sorted(str(v) for v in graph.objects(subject, predicate))
    return values[0] if values else None


def _tail(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _iso_date(value: str | None) -> str | None:
    """The yyyy-mm-dd part of an xsd:date or xsd:dateTime lexical form, None if it has none."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def actor_kinds(graph: Graph) -> dict[str, str]:
    """IRI -> kind of every typed actor; the first class in `EntityKind` order wins."""
    kinds: dict[str, str] = {}
    for kind in [*(k.value for k in EntityKind), ACTOR]:
        for node in graph.subjects(RDF.type, GB[kind]):
            if isinstance(node, URIRef):
                kinds.setdefault(str(node), kind)
    return kinds


def _actor_attrs(graph: Graph, iri: str, kind: str) -> dict[str, object]:
    node = URIRef(iri)
    label = _first(graph, node, RDFS.label) or _tail(iri)
    aliases = sorted({str(a) for a in graph.objects(node, SKOS.altLabel)} - {label})
    posts = sorted(
        _first(graph, post, RDFS.label) or _first(graph, post, GB.office) or _tail(str(post))
        for post in graph.objects(node, GB.holdsPost)
        if isinstance(post, URIRef)
    )
    return {"label": label, "kind": kind, "aliases": tuple(aliases), "posts": tuple(posts)}


Value = Callable[[Node, URIRef], Node | None]

# The single-valued properties read of every statement and its sentence.
_STATEMENT_PROPERTIES = (
    RDF.subject,
    RDF.predicate,
    RDF.object,
    GB.asserted,
    GB.polarity,
    GB.modality,
    GB.family,
    PROV.wasDerivedFrom,
    GB.document,
    GB.confidence,
    GB.trigger,
    RDF.value,
    DCTERMS.isPartOf,
)


def _value_reader(graph: Graph) -> Value:
    """`graph.value` for the statement properties; on Oxigraph each is read in one native scan
    (a lookup per statement through rdflib's API costs ~30 us, which made pages of large stores
    slow)."""
    from graphbuild.graph.store import is_oxigraph, property_tables

    if not is_oxigraph(graph):
        return graph.value
    tables = property_tables(graph, _STATEMENT_PROPERTIES)

    def value(subject: Node, predicate: URIRef) -> Node | None:
        table = tables.get(predicate)
        return graph.value(subject, predicate) if table is None else table.get(subject)

    return value


def _is_asserted(value: Value, statement: URIRef) -> bool:
    """gb:asserted when present, else positive polarity and asserted modality (the model's rule)."""
    flag = value(statement, GB.asserted)
    if isinstance(flag, Literal):
        return flag.toPython() is True
    polarity = _text(value(statement, GB.polarity)) or "positive"
    modality = _text(value(statement, GB.modality)) or "asserted"
    return polarity == "positive" and modality == "asserted"


def _family(value: Value, statement: URIRef, relation: str) -> Family | None:
    family = _text(value(statement, GB.family))
    try:
        return Family(family) if family else family_of(relation)
    except (ValueError, KeyError):
        return None


def _document_info(graph: Graph, doc: URIRef, cache: dict[URIRef, dict]) -> dict:
    if doc not in cache:
        cache[doc] = {
            "title": _first(graph, doc, DCTERMS.title),
            "outlet": _first(graph, doc, GB.outlet),
            "date": _iso_date(_first(graph, doc, DCTERMS.issued)),
            "url": _first(graph, doc, SCHEMA.url),
        }
    return cache[doc]


def _evidence(
    graph: Graph, value: Value, st: URIRef, relation: str, docs: dict[URIRef, dict]
) -> Evidence:
    sentence = value(st, PROV.wasDerivedFrom)
    doc = value(st, GB.document)
    if doc is None and sentence is not None:
        doc = value(sentence, DCTERMS.isPartOf)
    info = _document_info(graph, doc, docs) if isinstance(doc, URIRef) else {}
    confidence = value(st, GB.confidence)
    return Evidence(
        statement=str(st),
        relation=relation,
        sentence=(_text(value(sentence, RDF.value)) or "") if sentence is not None else "",
        document=str(doc) if doc is not None else str(st),
        trigger=_text(value(st, GB.trigger)),
        confidence=float(confidence) if isinstance(confidence, Literal) else None,
        **info,
    )


# --- filters ----------------------------------------------------------------------------------


def parse_families(families: Iterable[str | Family] | None) -> frozenset[Family] | None:
    """Families named by value ("oppose" or Family.OPPOSE); None means all; unknown -> QueryError."""
    if families is None:
        return None
    wanted: set[Family] = set()
    for name in families:
        try:
            wanted.add(Family(name.upper() if isinstance(name, str) else name))
        except ValueError:
            known = ", ".join(f.value for f in Family)
            raise QueryError(f"unknown relation family {name!r} (known: {known})") from None
    return frozenset(wanted)


def parse_since(since: str | date | None) -> date | None:
    """A date from an ISO 8601 date or date-time; anything else -> QueryError."""
    if since is None or isinstance(since, date):
        return since.date() if isinstance(since, datetime) else since
    try:
        return datetime.fromisoformat(since.strip()).date()
    except ValueError:
        raise QueryError(f"since must be an ISO date such as 2025-03-01, not {since!r}") from None


# --- the actor network --------------------------------------------------------------------------


Key = tuple[str, str, Family]


def asserted_evidence(graph: Graph) -> Iterator[tuple[str, str, Family | None, Evidence]]:
    """(subject, object, family, evidence) of every asserted statement with a gb: predicate;
    the family is None when the statement names one the model does not know.

    The one reading of statements behind both the actor network and `export.to_networkx`."""
    docs: dict[URIRef, dict] = {}
    value = _value_reader(graph)
    for st in graph.subjects(RDF.type, GB.Statement):
        s, p, o = (value(st, term) for term in (RDF.subject, RDF.predicate, RDF.object))
        if not (isinstance(s, URIRef) and isinstance(o, URIRef) and isinstance(p, URIRef)):
            continue
        relation = gb_local(str(p))
        if relation is None or not isinstance(st, URIRef) or not _is_asserted(value, st):
            continue
        evidence = _evidence(graph, value, st, relation, docs)
        yield str(s), str(o), _family(value, st, relation), evidence


def _fold_statements(
    graph: Graph, wanted: frozenset[Family] | None, cutoff: date | None, min_confidence: float = 0.0
) -> tuple[dict[Key, list[Evidence]], set[tuple[str, str, str]]]:
    """Evidence of the asserted statements that pass the filters, per (subject, object, family);
    and every asserted (subject, relation, object), filtered or not. A statement without a
    confidence passes `min_confidence`."""
    folded: dict[Key, list[Evidence]] = defaultdict(list)
    explained: set[tuple[str, str, str]] = set()
    for s, o, family, evidence in asserted_evidence(graph):
        explained.add((s, evidence.relation, o))
        if family is None or (wanted is not None and family not in wanted):
            continue
        if cutoff is not None and (evidence.date is None or evidence.date < cutoff.isoformat()):
            continue
        if evidence.confidence is not None and evidence.confidence < min_confidence:
            continue
        folded[(s, o, family)].append(evidence)
    return folded, explained


def _background_triples(
    graph: Graph,
    wanted: frozenset[Family] | None,
    explained: set[tuple[str, str, str]],
    folded: dict[Key, list[Evidence]],
) -> dict[Key, set[str]]:
    """Relations of direct triples that no asserted statement explains, per folded edge key."""
    background: dict[Key, set[str]] = defaultdict(set)
    for relation in all_relations():
        family = family_of(relation)
        if wanted is not None and family not in wanted:
            continue
        for s, o in graph.subject_objects(GB[relation]):
            if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
                continue
            key = (str(s), str(o), family)
            if (str(s), relation, str(o)) not in explained and key not in folded:
                background[key].add(relation)
    return background


def actor_network(
    graph: Graph,
    *,
    families: Iterable[str | Family] | None = None,
    min_sources: int = 1,
    since: str | date | None = None,
    min_confidence: float = 0.0,
) -> nx.MultiDiGraph:
    """Actors and their direct relations, folded per (subject, object, family) with the evidence.

    Nodes are actor IRIs with `label`, `kind`, `aliases`, `posts`. Edges are keyed by family value
    and carry `family`, `relations` (most frequent first), `evidence` (newest first), `statements`,
    `documents`, `outlets` and `background` (a direct triple no statement explains). `since` keeps
    dated evidence on or after that day; `min_sources` is the least number of distinct documents;
    `min_confidence` drops statements below that (calibrated) confidence. Background edges have
    no sources, so they survive only without `since`, with `min_sources <= 1` and with no
    `min_confidence`. Every actor stays a node, even when filters leave it without edges.
    """
    wanted = parse_families(families)
    cutoff = parse_since(since)
    if min_sources < 0:
        raise QueryError(f"min_sources must be 0 or more, not {min_sources}")
    if not 0.0 <= min_confidence <= 1.0:
        raise QueryError(f"min_confidence must be between 0 and 1, not {min_confidence}")
    net = nx.MultiDiGraph()
    for iri, kind in sorted(actor_kinds(graph).items()):
        net.add_node(iri, **_actor_attrs(graph, iri, kind))

    folded, explained = _fold_statements(graph, wanted, cutoff, min_confidence)
    background = (
        _background_triples(graph, wanted, explained, folded)
        if cutoff is None and min_sources <= 1 and min_confidence <= 0.0
        else {}
    )

    for (s, o, family), evidence in sorted(folded.items()):
        documents = len({e.document for e in evidence})
        if documents < min_sources:
            continue
        counts = Counter(e.relation for e in evidence)
        _add_edge(
            graph,
            net,
            s,
            o,
            family,
            relations=tuple(sorted(counts, key=lambda r: (-counts[r], r))),
            evidence=tuple(
                sorted(
                    evidence, key=lambda e: (e.date or "", e.document, e.statement), reverse=True
                )
            ),
            statements=len(evidence),
            documents=documents,
            outlets=len({e.outlet for e in evidence if e.outlet}),
            background=False,
        )
    for (s, o, family), relations in sorted(background.items()):
        _add_edge(
            graph,
            net,
            s,
            o,
            family,
            relations=tuple(sorted(relations)),
            evidence=(),
            statements=0,
            documents=0,
            outlets=0,
            background=True,
        )
    return net


def _add_edge(
    graph: Graph, net: nx.MultiDiGraph, s: str, o: str, family: Family, **attrs: object
) -> None:
    """Add a folded edge, first adding as untyped actors any end that is not a typed actor."""
    for end in (s, o):
        if end not in net:
            net.add_node(end, **_actor_attrs(graph, end, ACTOR))
    net.add_edge(s, o, key=family.value, family=family.value, **attrs)


def resolve_actor(network: nx.MultiDiGraph, name: str) -> str:
    """IRI of the actor named by IRI, label or alias (case-insensitive); QueryError if none or many."""
    if name in network:
        return name
    wanted = name.strip().casefold()
    by_label = [n for n, d in network.nodes(data=True) if d.get("label", "").casefold() == wanted]
    by_alias = [
        n
        for n, d in network.nodes(data=True)
        if any(a.casefold() == wanted for a in d.get("aliases", ()))
    ]
    matches = by_label or by_alias
    if not matches:
        raise QueryError(f"unknown actor {name!r}: no actor has that IRI, label or alias")
    if len(matches) > 1:
        raise QueryError(f"ambiguous actor {name!r}: matches {', '.join(sorted(matches))}")
    return matches[0]


def ego(network: nx.MultiDiGraph, focus_iri: str, hops: int = 2) -> nx.MultiDiGraph:
    """The actors within `hops` edges of `focus_iri`, whichever the direction, and their edges."""
    if focus_iri not in network:
        raise QueryError(f"unknown actor {focus_iri!r}: not in the network")
    if hops < 0:
        raise QueryError(f"hops must be 0 or more, not {hops}")
    return nx.ego_graph(network, focus_iri, radius=hops, undirected=True)


# --- statistics --------------------------------------------------------------------------------


def _simple(network: nx.MultiDiGraph, directed: bool) -> nx.Graph:
    """Collapse folded edges into one per pair, weighted by statements (a background edge is 1)."""
    simple: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    simple.add_nodes_from(network.nodes)
    for s, o, data in network.edges(data=True):
        if s == o:
            continue
        weight = max(int(data["statements"]), 1)
        if simple.has_edge(s, o):
            simple[s][o]["weight"] += weight
        else:
            simple.add_edge(s, o, weight=weight)
    return simple


def _ranked(network: nx.MultiDiGraph, scores: dict[str, float], top: int) -> tuple:
    rows = [
        RankedActor(n, network.nodes[n]["label"], network.nodes[n]["kind"], float(score))
        for n, score in scores.items()
        if score > 0
    ]
    rows.sort(key=lambda r: (-round(r.score, 12), r.label, r.iri))
    return tuple(rows[:top])


def centrality(network: nx.MultiDiGraph) -> dict[str, float]:
    """PageRank of every actor over the directed network, weighted by statements."""
    if network.number_of_nodes() == 0:
        return {}
    return dict(nx.pagerank(_simple(network, directed=True), weight="weight"))


def communities(network: nx.MultiDiGraph) -> list[set[str]]:
    """Louvain communities (fixed seed, so the same graph gives the same answer) of the network."""
    undirected = _simple(network, directed=False)
    if undirected.number_of_edges() == 0:
        return [{n} for n in undirected.nodes]
    return list(nx.community.louvain_communities(undirected, weight="weight", seed=COMMUNITY_SEED))


def stats(graph: Graph, *, top: int = 10) -> GraphStats:
    """Counts by class and family, the `top` central actors, communities and coalitions."""
    if top < 1:
        raise QueryError(f"top must be 1 or more, not {top}")
    network = actor_network(graph)
    kinds = Counter(kind for _, kind in network.nodes(data="kind"))
    value = _value_reader(graph)
    statements = set(graph.subjects(RDF.type, GB.Statement))
    asserted = [st for st in statements if isinstance(st, URIRef) and _is_asserted(value, st)]
    by_family: Counter[str] = Counter()
    for st in asserted:
        relation = gb_local(str(value(st, RDF.predicate)))
        family = _family(value, st, relation) if relation else None
        if family is not None:
            by_family[family.value] += 1
    edges_by_family = Counter(family for _, _, family in network.edges(data="family"))

    undirected = _simple(network, directed=False)
    degree = {n: float(d) for n, d in undirected.degree()}
    betweenness = nx.betweenness_centrality(undirected)
    labels = nx.get_node_attributes(network, "label")
    groups = [
        tuple(sorted(labels[n] for n in group)) for group in communities(network) if len(group) > 1
    ]
    groups.sort(key=lambda g: (-len(g), g))

    coalitions = []
    for iri, data in network.nodes(data=True):
        if data["kind"] != EntityKind.COALITION.value:
            continue
        incoming = network.in_edges(iri, data="family")
        coalitions.append(
            CoalitionMembers(
                iri=iri,
                label=data["label"],
                members=tuple(sorted({labels[s] for s, _, f in incoming if f == "MEMBER_OF"})),
                leaders=tuple(sorted({labels[s] for s, _, f in incoming if f == "LEADS"})),
            )
        )
    coalitions.sort(key=lambda c: (c.label.casefold(), c.iri))

    return GraphStats(
        actors_by_class=tuple(
            (k, kinds[k]) for k in [*(k.value for k in EntityKind), ACTOR] if kinds[k]
        ),
        documents=len(set(graph.subjects(RDF.type, GB.Document))),
        sentences=len(set(graph.subjects(RDF.type, GB.Sentence))),
        statements=len(statements),
        asserted_statements=len(asserted),
        statements_by_family=tuple((f.value, by_family[f.value]) for f in Family),
        edges_by_family=tuple((f.value, edges_by_family[f.value]) for f in Family),
        top_degree=_ranked(network, degree, top),
        top_betweenness=_ranked(network, betweenness, top),
        top_pagerank=_ranked(network, centrality(network), top),
        communities=tuple(groups),
        coalitions=tuple(coalitions),
    )


def _score(value: float) -> str:
    return str(int(value)) if value == math.floor(value) and value >= 1 else f"{value:.3f}"


def format_stats(stats: GraphStats) -> str:
    """A plain-text report of `stats`, one section per measure."""
    lines = [
        f"Actors: {sum(n for _, n in stats.actors_by_class)} ("
        + ", ".join(f"{kind} {n}" for kind, n in stats.actors_by_class)
        + ")",
        f"Documents: {stats.documents}  Sentences: {stats.sentences}  "
        f"Statements: {stats.statements} ({stats.asserted_statements} asserted)",
        "Asserted statements by family: "
        + ", ".join(f"{f} {n}" for f, n in stats.statements_by_family),
        "Edges by family: " + ", ".join(f"{f} {n}" for f, n in stats.edges_by_family),
    ]
    for title, rows in (
        ("Top actors by degree (distinct neighbours)", stats.top_degree),
        ("Top actors by betweenness", stats.top_betweenness),
        ("Top actors by PageRank", stats.top_pagerank),
    ):
        lines.append(f"{title}:")
        lines.extend(
            f"  {i:>2}. {r.label} ({r.kind})  {_score(r.score)}" for i, r in enumerate(rows, 1)
        )
        if not rows:
            lines.append("  (none)")
    lines.append("Communities (Louvain):")
    lines.extend(f"  {i:>2}. {', '.join(g)}" for i, g in enumerate(stats.communities, 1))
    if not stats.communities:
        lines.append("  (none)")
    lines.append("Coalitions:")
    for c in stats.coalitions:
        lines.append(
            f"  {c.label}: members {', '.join(c.members) or '-'}; "
            f"leaders {', '.join(c.leaders) or '-'}"
        )
    if not stats.coalitions:
        lines.append("  (none)")
    return "\n".join(lines)
