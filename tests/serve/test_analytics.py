"""Actor network folding, filters, focus and statistics on a small hand-built graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from graphbuild.errors import GraphbuildError, QueryError
from graphbuild.graph.ontology import GB
from graphbuild.serve.analytics import (
    actor_network,
    centrality,
    ego,
    format_stats,
    resolve_actor,
    stats,
)

FIXTURE = Path(__file__).parents[1] / "data" / "viz_fixture.ttl"
ID = "https://w3id.org/graphbuild/id/"
STARMER = ID + "person/keir-starmer"
PUTIN = ID + "person/vladimir-putin"
TRUMP = ID + "person/donald-trump"
ZELENSKY = ID + "person/volodymyr-zelensky"
FRA = ID + "state/FRA"
NATO = ID + "coalition/nato"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(FIXTURE, format="turtle")


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def test_network_has_every_actor_and_folds_statements_per_pair_and_family(graph: Graph) -> None:
    net = actor_network(graph)
    assert net.number_of_nodes() == 15
    assert net.number_of_edges() == 17
    edge = net.edges[STARMER, PUTIN, "OPPOSE"]
    assert edge["relations"] == ("criticises", "condemns")
    assert (edge["statements"], edge["documents"], edge["outlets"]) == (3, 3, 3)
    assert [e.date for e in edge["evidence"]] == ["2025-04-10", "2025-03-05", "2025-02-20"]
    newest = edge["evidence"][0]
    assert newest.sentence == "Starmer again criticised Putin over the strikes."
    assert (newest.outlet, newest.title) == ("BBC News", "Russia launches strikes on Ukraine")
    assert newest.url == "https://www.bbc.co.uk/news/world-europe-strikes"
    assert (newest.trigger, newest.confidence) == ("criticised", 0.85)
    assert edge["background"] is False


def test_negative_future_statement_makes_no_edge(graph: Graph) -> None:
    net = actor_network(graph)
    assert not net.has_edge(TRUMP, PUTIN)
    assert net.has_edge(TRUMP, ZELENSKY, "OPPOSE")


def test_nodes_carry_label_class_aliases_and_posts(graph: Graph) -> None:
    node = actor_network(graph).nodes[STARMER]
    assert node["label"] == "Keir Starmer"
    assert node["kind"] == "Person"
    assert node["aliases"] == ("Sir Keir Starmer", "Starmer")
    assert node["posts"] == ("Prime Minister of the United Kingdom",)
    assert actor_network(graph).nodes[NATO]["kind"] == "Coalition"


def test_since_keeps_only_evidence_from_that_day_on(graph: Graph) -> None:
    net = actor_network(graph, since="2025-03-05")
    assert net.number_of_edges() == 11
    assert net.edges[STARMER, PUTIN, "OPPOSE"]["statements"] == 2
    assert net.number_of_nodes() == 15  # actors stay, edges go
    assert actor_network(graph, since="2025-03-05T00:00:00").number_of_edges() == 11


def test_min_sources_counts_distinct_documents(graph: Graph) -> None:
    net = actor_network(graph, min_sources=2)
    assert list(net.edges(keys=True)) == [(STARMER, PUTIN, "OPPOSE")]
    assert actor_network(graph, min_sources=4).number_of_edges() == 0


def test_families_filter_accepts_any_case(graph: Graph) -> None:
    net = actor_network(graph, families=["oppose", "ATTACK"])
    assert sorted(k for _, _, k in net.edges(keys=True)) == ["ATTACK", "OPPOSE", "OPPOSE"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"families": ["FRIENDSHIP"]}, "unknown relation family 'FRIENDSHIP'"),
        ({"since": "last March"}, "ISO date"),
        ({"min_sources": -1}, "min_sources"),
    ],
)
def test_bad_filters_raise_one_line_query_errors(graph: Graph, options: dict, message: str) -> None:
    with pytest.raises(QueryError, match=message) as info:
        actor_network(graph, **options)
    assert "\n" not in str(info.value)


def test_direct_triple_without_statement_is_a_background_edge(graph: Graph) -> None:
    extended = _copy(graph)
    extended.add((URIRef(FRA), GB.memberOf, URIRef(NATO)))
    net = actor_network(extended)
    edge = net.edges[FRA, NATO, "MEMBER_OF"]
    assert edge["background"] is True
    assert (edge["statements"], edge["documents"], edge["evidence"]) == (0, 0, ())
    assert not actor_network(extended, min_sources=2).has_edge(FRA, NATO)
    assert not actor_network(extended, since="2025-01-01").has_edge(FRA, NATO)


def test_statement_without_asserted_flag_falls_back_to_polarity_and_modality(graph: Graph) -> None:
    changed = _copy(graph)
    statement = URIRef(ID + "statement/0000000000000009")  # "Trump will not meet Putin"
    changed.remove((statement, GB.asserted, None))
    assert not actor_network(changed).has_edge(TRUMP, PUTIN)
    changed.set((statement, GB.polarity, Literal("positive")))
    changed.set((statement, GB.modality, Literal("asserted")))
    assert actor_network(changed).has_edge(TRUMP, PUTIN, "COOPERATE")


def test_resolve_actor_by_iri_label_or_alias_ignoring_case(graph: Graph) -> None:
    net = actor_network(graph)
    assert resolve_actor(net, STARMER) == STARMER
    assert resolve_actor(net, "keir STARMER") == STARMER
    assert resolve_actor(net, "Zelenskyy") == ZELENSKY
    with pytest.raises(QueryError, match="unknown actor 'Boris Johnson'"):
        resolve_actor(net, "Boris Johnson")


def test_resolve_actor_reports_ambiguous_aliases(graph: Graph) -> None:
    changed = _copy(graph)
    for person in (STARMER, TRUMP):
        changed.add(
            (
                URIRef(person),
                URIRef("http://www.w3.org/2004/02/skos/core#altLabel"),
                Literal("the leader"),
            )
        )
    with pytest.raises(GraphbuildError, match="ambiguous actor 'The Leader'"):
        resolve_actor(actor_network(changed), "The Leader")


def test_ego_follows_edges_both_ways(graph: Graph) -> None:
    net = actor_network(graph)
    one = ego(net, STARMER, 1)
    labels = sorted(one.nodes[n]["label"] for n in one)
    assert labels == [
        "Donald Trump",
        "Emmanuel Macron",
        "Keir Starmer",
        "United Kingdom",
        "Vladimir Putin",
        "Volodymyr Zelensky",
        "coalition of the willing",
    ]
    assert ego(net, STARMER, 0).number_of_nodes() == 1
    assert ego(net, STARMER, 2).number_of_nodes() == 10  # + France, NATO, Russia
    with pytest.raises(QueryError):
        ego(net, ID + "person/nobody", 1)


def test_stats_counts_on_the_fixture(graph: Graph) -> None:
    result = stats(graph, top=3)
    assert result.actors_by_class == (
        ("Person", 6),
        ("State", 5),
        ("Coalition", 2),
        ("Organization", 1),
        ("Place", 1),
    )
    assert (result.documents, result.sentences) == (4, 18)
    assert (result.statements, result.asserted_statements) == (20, 19)
    assert dict(result.statements_by_family) == {
        "POST_IN": 2,
        "MEMBER_OF": 4,
        "LEADS": 3,
        "COOPERATE": 3,
        "SUPPORT": 2,
        "OPPOSE": 4,
        "ATTACK": 1,
    }
    assert dict(result.edges_by_family)["OPPOSE"] == 2
    assert [(r.label, r.score) for r in result.top_degree] == [
        ("Keir Starmer", 6.0),
        ("coalition of the willing", 4.0),
        ("Emmanuel Macron", 3.0),
    ]


def test_stats_centralities_are_networkx_values(graph: Graph) -> None:
    result = stats(graph, top=15)
    assert result.top_betweenness[0].label == "Keir Starmer"
    assert result.top_betweenness[0].score == pytest.approx(0.4451, abs=1e-4)
    assert {r.label for r in result.top_betweenness} >= {"United Kingdom", "NATO", "Russia"}
    # Ukraine is only ever attacked: a sink that PageRank ranks first.
    assert result.top_pagerank[0].label == "Ukraine"
    assert sum(centrality(actor_network(graph)).values()) == pytest.approx(1.0)


def test_stats_coalitions_and_communities(graph: Graph) -> None:
    result = stats(graph)
    coalitions = {c.label: (c.members, c.leaders) for c in result.coalitions}
    assert coalitions == {
        "coalition of the willing": (
            ("France", "United Kingdom"),
            ("Emmanuel Macron", "Keir Starmer"),
        ),
        "NATO": (("United Kingdom", "United States"), ("Mark Rutte",)),
    }
    members = [label for group in result.communities for label in group]
    assert len(members) == len(set(members)) == 13  # a partition of the 13 connected actors
    together = {frozenset(group) for group in result.communities}
    assert any({"Russia", "Ukraine"} <= g for g in together)
    assert any({"Mark Rutte", "NATO"} <= g for g in together)
    assert stats(graph).communities == result.communities  # fixed seed


def test_format_stats_is_a_readable_report(graph: Graph) -> None:
    text = format_stats(stats(graph, top=2))
    assert "Actors: 15 (Person 6, State 5, Coalition 2, Organization 1, Place 1)" in text
    assert "Statements: 20 (19 asserted)" in text
    assert "   1. Keir Starmer (Person)  6" in text
    assert "NATO: members United Kingdom, United States; leaders Mark Rutte" in text


def test_stats_of_an_empty_graph() -> None:
    result = stats(Graph())
    assert result.actors_by_class == ()
    assert result.top_pagerank == result.communities == result.coalitions == ()
    assert "(none)" in format_stats(result)
    with pytest.raises(QueryError):
        stats(Graph(), top=0)


def test_network_from_an_oxigraph_backed_graph(graph: Graph) -> None:
    store = pytest.importorskip("graphbuild.graph.store")
    ox_graph = store.open_graph("oxigraph")
    for triple in graph:
        ox_graph.add(triple)
    net = actor_network(ox_graph)
    assert (net.number_of_nodes(), net.number_of_edges()) == (15, 17)
    assert net.edges[STARMER, PUTIN, "OPPOSE"]["documents"] == 3
    # Oxigraph reads statement properties in bulk (analytics._value_reader): same network
    reference = actor_network(graph)
    assert dict(net.nodes(data=True)) == dict(reference.nodes(data=True))
    assert sorted(net.edges(keys=True, data=True)) == sorted(reference.edges(keys=True, data=True))
    assert stats(ox_graph) == stats(graph)
