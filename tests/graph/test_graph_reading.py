"""Graph files read into Oxigraph's memory store answer every named query as rdflib's store does."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

import graphbuild
from graphbuild.cli import open_graph
from graphbuild.errors import GraphError
from graphbuild.graph.rdfgraph import load_graph, write_turtle
from graphbuild.graph.store import OXIGRAPH, is_oxigraph
from graphbuild.graph.store import open_graph as open_store
from graphbuild.resources import EXAMPLES_DIR
from graphbuild.serve.queries import QueryResult, list_queries, run_query

FIXTURE = Path(__file__).parents[1] / "data" / "fixture_graph.ttl"
GB = "https://w3id.org/graphbuild/ontology#"

BUSIEST = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?s ?o (COUNT(*) AS ?n) WHERE { ?st rdf:subject ?s ; rdf:object ?o }
GROUP BY ?s ?o ORDER BY DESC(?n) ?s ?o LIMIT 1"""
SPEAKER = """PREFIX gb: <https://w3id.org/graphbuild/ontology#>
SELECT ?x (COUNT(*) AS ?n) WHERE { ?st gb:speaker ?x } GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1"""
HELD = """PREFIX gb: <https://w3id.org/graphbuild/ontology#>
SELECT ?person ?state WHERE { ?person gb:holdsPost ?post . ?post gb:postIn ?state }
ORDER BY ?person ?state LIMIT 1"""
COALITION = """PREFIX gb: <https://w3id.org/graphbuild/ontology#>
SELECT ?x WHERE { ?m gb:memberOf ?x . ?x a gb:Coalition } ORDER BY ?x LIMIT 1"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example articles' graph, as `graphbuild build` writes it."""
    path = tmp_path_factory.mktemp("graph") / "graph.ttl"
    return write_turtle(graphbuild.build([str(EXAMPLES_DIR / "articles")]), path)


def _first(graph: Graph, text: str) -> list[str]:
    rows = run_query(graph, text).rows
    return [f"<{term}>" for term in rows[0] if isinstance(term, URIRef)] if rows else []


def parameter_sets(graph: Graph) -> list[dict[str, str]]:
    """No parameters, and values drawn from the graph: its busiest pair, a speaker, a person
    holding a post in a state, a coalition, a family, a relation and a date range."""
    pair = _first(graph, BUSIEST)
    speaker = _first(graph, SPEAKER)
    held = _first(graph, HELD)
    coalition = _first(graph, COALITION)
    values: dict[str, str] = {"family": "OPPOSE", "relation": "gb:opposes"}
    values |= {"since": "2025-01-01", "until": "2026-12-31"}
    if pair:
        values |= {"actor": pair[0], "a": pair[0], "subject": pair[0], "b": pair[1]}
        values |= {"object": pair[1]}
    if speaker:
        values["speaker"] = speaker[0]
    if held:
        values |= {"person": held[0], "state": held[1]}
    if coalition:
        values["coalition"] = coalition[0]
    single = {name: values[name] for name in ("actor", "a") if name in values}
    return [{}, values, single]


def _rows(result: QueryResult) -> object:
    if result.graph is not None:
        return set(result.graph)
    if result.kind == "ASK":
        return result.boolean
    return result.variables, Counter(result.rows)


@pytest.mark.parametrize("source", ["fixture", "built"])
def test_every_named_query_answers_the_same_on_oxigraph_as_on_rdflib(
    source: str, built: Path
) -> None:
    path = FIXTURE if source == "fixture" else built
    old = load_graph(path)
    new = open_graph(str(path))
    assert is_oxigraph(new) and not is_oxigraph(old)
    compared = 0
    for params in parameter_sets(old):
        for query in list_queries():
            if any(p.required and p.name not in params for p in query.params):
                continue
            given = {p.name: params[p.name] for p in query.params if p.name in params}
            before, after = run_query(old, query, given), run_query(new, query, given)
            assert _rows(after) == _rows(before), (query.name, given)
            if before.kind == "SELECT":  # the order the query asks for is kept too
                assert after.rows == before.rows or query.name in {"inline"}, query.name
            compared += 1
    assert compared >= 3 * len(list_queries()) - 2


def test_a_file_read_into_oxigraph_holds_the_same_triples_and_prefixes(built: Path) -> None:
    old, new = load_graph(built), load_graph(built, graph=open_store(OXIGRAPH))
    assert len(new) == len(old) and isomorphic(new, old)
    assert dict(new.namespaces())["gb"] == dict(old.namespaces())["gb"]


def test_quads_are_read_as_their_union(tmp_path: Path) -> None:
    path = tmp_path / "g.nq"
    path.write_text(
        "<http://x/a> <http://x/p> <http://x/b> <http://x/g1> .\n"
        "<http://x/a> <http://x/p> <http://x/b> <http://x/g2> .\n"
        '<http://x/b> <http://x/p> "c" .\n',
        encoding="utf-8",
    )
    graph = load_graph(path, graph=open_store(OXIGRAPH))
    assert len(graph) == 2 and set(graph) == set(load_graph(path))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"@prefix x: <http://x/> .\nx:a x:b x:c\nx:d x:e x:f .\n", "line 3"),
        (b"", "empty"),
        (b"  \n", "empty"),
        (b"\x00\x01binary", "binary"),
        (b'<http://x/a> <http://x/b> "\xff\xfe" .', "UTF-8"),
    ],
)
def test_a_bad_file_is_one_line_and_leaves_the_store_empty(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "bad.ttl"
    path.write_bytes(content)
    graph = open_store(OXIGRAPH)
    with pytest.raises(GraphError, match=expected) as info:
        load_graph(path, graph=graph)
    assert "\n" not in str(info.value) and str(path) in str(info.value)
    assert len(graph) == 0


def test_formats_oxigraph_cannot_read_still_load_through_rdflib(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonld"
    path.write_text('{"@id": "http://x/a", "http://x/n": "A"}', encoding="utf-8")
    graph = open_graph(str(path))
    assert len(graph) == 1 and is_oxigraph(graph)
