"""The in-memory and Oxigraph stores hold, query and export the same graph the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from graphbuild.errors import GraphError
from graphbuild.graph.store import (
    close_graph,
    dump,
    is_oxigraph,
    load_into,
    open_graph,
    parse_spec,
)

SAMPLE = Path(__file__).parents[1] / "data" / "store_sample.ttl"
GB = Namespace("https://w3id.org/graphbuild/ontology#")
GBD = Namespace("https://w3id.org/graphbuild/id/")
STARMER = GBD["person/keir-starmer"]
PUTIN = GBD["person/vladimir-putin"]
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")

PREFIXES = """PREFIX gb: <https://w3id.org/graphbuild/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# The provenance query of docs/graph-model.md: documents and outlets behind a direct triple.
SUPPORT_QUERY = (
    PREFIXES
    + """SELECT (COUNT(DISTINCT ?doc) AS ?docs) (COUNT(DISTINCT ?outlet) AS ?outlets) WHERE {
  ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; gb:asserted true ; gb:document ?doc .
  OPTIONAL { ?doc gb:outlet ?outlet } }"""
)
# Who opposes whom, through the property hierarchy; ?who is a parameter it does not project.
OPPOSES_QUERY = (
    PREFIXES
    + """# opponents of {who}
SELECT ?target ?label WHERE {
  ?who ?p ?target . ?p rdfs:subPropertyOf* gb:opposes .
  ?target rdfs:label ?label } ORDER BY ?label"""
)


@pytest.fixture(params=["memory", "oxigraph"])
def graph(request: pytest.FixtureRequest, tmp_path: Path) -> Graph:
    spec = "memory" if request.param == "memory" else f"oxigraph:{tmp_path / 'store'}"
    g = open_graph(spec)
    load_into(g, SAMPLE)
    yield g
    close_graph(g)


def reference() -> Graph:
    return Graph().parse(SAMPLE, format="turtle")


def as_memory(graph: Graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def test_specs_name_the_backend(tmp_path: Path) -> None:
    assert parse_spec(None) == ("memory", None)
    assert parse_spec("memory") == ("memory", None)
    assert parse_spec("oxigraph") == ("oxigraph", None)
    assert parse_spec(f"oxigraph:{tmp_path}") == ("oxigraph", tmp_path)
    assert not is_oxigraph(open_graph(None))
    assert is_oxigraph(open_graph("oxigraph"))


@pytest.mark.parametrize("spec", ["sqlite:x.db", "Oxigraph:/tmp/x", "", "memory:x"])
def test_unknown_spec_is_a_one_line_graph_error(spec: str) -> None:
    with pytest.raises(GraphError, match="unknown graph store") as info:
        open_graph(spec)
    assert "\n" not in str(info.value)


def test_oxigraph_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    afile = tmp_path / "graph.ttl"
    afile.write_text("")
    with pytest.raises(GraphError, match="not a directory"):
        open_graph(f"oxigraph:{afile}")


def test_loaded_graph_equals_what_rdflib_parses(graph: Graph) -> None:
    assert len(graph) == len(reference())
    assert isomorphic(as_memory(graph), reference())


def test_plain_and_typed_literals_round_trip_unchanged(graph: Graph) -> None:
    assert graph.value(STARMER, URIRef(str(GB) + "nonexistent")) is None
    labels = set(graph.objects(STARMER, URIRef("http://www.w3.org/2004/02/skos/core#altLabel")))
    assert labels == {Literal("Starmer"), Literal("Sir Keir")}
    macron = GBD["person/emmanuel-macron"]
    assert graph.value(macron, URIRef("http://www.w3.org/2000/01/rdf-schema#label")) == Literal(
        "Emmanuel Macron", lang="en"
    )


def test_added_triples_are_seen_by_queries(graph: Graph) -> None:
    graph.add((PUTIN, GB.criticises, STARMER))
    graph.add((PUTIN, GB.threatens, STARMER))
    assert (PUTIN, GB.criticises, STARMER) in graph
    rows = list(graph.query(PREFIXES + "ASK { ?a gb:criticises ?b . ?b gb:criticises ?a }"))
    assert rows == [True]


def test_aggregate_query_gives_the_same_rows_on_both_stores(graph: Graph) -> None:
    bindings = {"s": STARMER, "p": GB.criticises, "o": PUTIN}
    rows = [tuple(r) for r in graph.query(SUPPORT_QUERY, initBindings=bindings)]
    expected = [tuple(r) for r in reference().query(SUPPORT_QUERY, initBindings=bindings)]
    assert rows == expected == [(Literal(2), Literal(2))]


def test_parameter_not_in_the_projection_is_bound(graph: Graph) -> None:
    rows = [tuple(r) for r in graph.query(OPPOSES_QUERY, initBindings={"who": STARMER})]
    assert rows == [(PUTIN, Literal("Vladimir Putin"))]
    assert list(graph.query(OPPOSES_QUERY, initBindings={"who": PUTIN})) == []


def test_dump_writes_a_file_that_loads_back_isomorphic(graph: Graph, tmp_path: Path) -> None:
    for name in ("out.ttl", "out.nt", "out.rdf", "out.nq"):
        target = dump(graph, tmp_path / name)
        assert isomorphic(load_into(open_graph(None), target), reference()), name


def test_dump_declares_model_prefixes_but_not_rdflib_extras(graph: Graph, tmp_path: Path) -> None:
    graph.bind("gb", GB)
    text = dump(graph, tmp_path / "out.ttl").read_text(encoding="utf-8")
    assert "@prefix gb: <https://w3id.org/graphbuild/ontology#> ." in text
    assert "brick:" not in text and "sosa:" not in text


def test_rdflib_serializers_work_on_the_oxigraph_store(tmp_path: Path) -> None:
    g = open_graph(f"oxigraph:{tmp_path / 'store'}")
    load_into(g, SAMPLE)
    text = g.serialize(format="turtle")
    assert isomorphic(Graph().parse(data=text, format="turtle"), reference())


def test_oxigraph_store_persists_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "store"
    g = open_graph(f"oxigraph:{path}")
    load_into(g, SAMPLE)
    g.add((PUTIN, GB.threatens, STARMER))
    close_graph(g)
    again = open_graph(f"oxigraph:{path}")
    assert (PUTIN, GB.threatens, STARMER) in again
    assert len(again) == len(reference()) + 1
    close_graph(again)


def test_malformed_file_is_an_error_and_loads_nothing(graph: Graph, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "<https://w3id.org/graphbuild/id/a> <https://w3id.org/graphbuild/id/b> 1 .\n"
        "<https://w3id.org/graphbuild/id/a> <https://w3id.org/graphbuild/id/b> .\n",
        encoding="utf-8",
    )
    before = len(graph)
    with pytest.raises(GraphError, match=r"cannot load .*bad\.ttl.*line 2") as info:
        load_into(graph, bad)
    assert "\n" not in str(info.value)
    assert len(graph) == before


def test_missing_file_and_unknown_format_are_errors(graph: Graph, tmp_path: Path) -> None:
    with pytest.raises(GraphError, match="not found"):
        load_into(graph, tmp_path / "missing.ttl")
    with pytest.raises(GraphError, match="unknown RDF format"):
        load_into(graph, SAMPLE, format="csv")
    with pytest.raises(GraphError, match="unknown RDF format"):
        dump(graph, tmp_path / "graph.txt")
    assert not (tmp_path / "graph.txt").exists()


@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_malformed_file_into_an_empty_store_leaves_it_empty(backend: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.nt"
    good = '<https://w3id.org/graphbuild/id/a> <https://w3id.org/graphbuild/id/b> "1" .\n'
    bad.write_text(good * 50 + "<https://w3id.org/graphbuild/id/a> oops .\n", encoding="utf-8")
    g = open_graph("memory" if backend == "memory" else f"oxigraph:{tmp_path / 'store'}")
    with pytest.raises(GraphError, match="line 51"):
        load_into(g, bad)
    assert len(g) == 0
    close_graph(g)


def test_reopened_store_exports_with_the_project_prefixes(tmp_path: Path) -> None:
    path = tmp_path / "store"
    g = open_graph(f"oxigraph:{path}")
    load_into(g, SAMPLE)
    close_graph(g)
    again = open_graph(f"oxigraph:{path}")
    text = dump(again, tmp_path / "out.ttl").read_text(encoding="utf-8")
    close_graph(again)
    assert "@prefix gb: <https://w3id.org/graphbuild/ontology#> ." in text
    assert "gb:criticises" in text


def test_parameter_binding_finds_the_where_group_of_a_construct(tmp_path: Path) -> None:
    g = open_graph("oxigraph")
    load_into(g, SAMPLE)
    query = (
        PREFIXES
        + """# the {template} comes first
CONSTRUCT { ?who gb:opposes ?target } WHERE {
  ?who ?p ?target . ?p rdfs:subPropertyOf* gb:opposes . FILTER(?target != ?who) }"""
    )
    result = g.query(query, initBindings={"who": STARMER})
    assert set(result) == {(STARMER, GB.opposes, PUTIN)}


def test_patterns_with_a_literal_subject_or_predicate_match_nothing(graph: Graph) -> None:
    assert list(graph.triples((Literal("Keir Starmer"), None, None))) == []
    assert list(graph.triples((None, Literal("label"), None))) == []
    assert list(graph.triples((None, None, Literal("Keir Starmer")))) == [
        (STARMER, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Keir Starmer"))
    ]


def test_oxigraph_graphs_answer_sparql_without_rdflibs_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rdflib.plugins.sparql import processor

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("rdflib's SPARQL engine was used")

    g = open_graph(f"oxigraph:{tmp_path / 'store'}")
    load_into(g, SAMPLE)
    monkeypatch.setattr(processor.SPARQLProcessor, "query", refuse)
    rows = [tuple(r) for r in g.query(OPPOSES_QUERY, initBindings={"who": STARMER})]
    assert rows == [(PUTIN, Literal("Vladimir Putin"))]
    with pytest.raises(AssertionError, match="rdflib's SPARQL engine"):
        reference().query(OPPOSES_QUERY)
    close_graph(g)


@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_relative_iris_resolve_against_the_file(backend: str, tmp_path: Path) -> None:
    source = tmp_path / "relative.ttl"
    source.write_text('<#kyiv> <http://www.w3.org/2000/01/rdf-schema#label> "Kyiv" .\n')
    g = load_into(open_graph(backend), source)
    assert list(g) == [(URIRef(source.as_uri() + "#kyiv"), RDFS_LABEL, Literal("Kyiv"))]
