"""The streamed build (`generate_triples` -> `write_triples`, as `graphbuild build -o` writes a new
graph) against `build_graph`'s rdflib graph: the same graph, written atomically, each triple once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from builders import sample_results
from rdflib import Graph
from rdflib.compare import isomorphic
from spacy.language import Language

from graphbuild.builder.outputs import page_view
from graphbuild.cli import main
from graphbuild.documents import read_inputs
from graphbuild.errors import GraphError
from graphbuild.extract.pipeline import extract_documents
from graphbuild.graph.export import write_triples
from graphbuild.graph.rdfgraph import build_graph, generate_triples, load_graph
from graphbuild.records import DocumentResult
from graphbuild.resources import EXAMPLES_DIR
from graphbuild.serve.analytics import actor_network

DATA = Path(__file__).parents[1] / "data"
INPUTS = {
    "wire": EXAMPLES_DIR / "articles" / "wire.jsonl",
    "page": DATA / "news-dev" / "news-000.txt",
}


@pytest.fixture(scope="module", params=sorted(INPUTS))
def results(request: pytest.FixtureRequest, nlp: Language) -> list[DocumentResult]:
    return list(extract_documents(read_inputs([str(INPUTS[request.param])]), nlp))


def streamed(results: list[DocumentResult], path: Path, **options: str) -> Graph:
    write_triples(generate_triples(results, **options), path, **options)
    return load_graph(path)


def test_streamed_turtle_is_the_graph_build_graph_makes(results, tmp_path: Path) -> None:
    assert any(st.is_fact for r in results for st in r.statements)
    assert isomorphic(streamed(results, tmp_path / "graph.ttl"), build_graph(results))


def test_streamed_turtle_gives_each_triple_once(results) -> None:
    triples = list(generate_triples([*results, *results]))  # a repeated document adds nothing
    assert len(triples) == len(set(triples)) == len(build_graph(results))


@pytest.mark.parametrize("base", ["https://w3id.org/graphbuild/id/", "https://example.org/kg#"])
def test_streamed_equals_built_on_hand_made_results(tmp_path: Path, base: str) -> None:
    results = sample_results()
    graph = streamed(results, tmp_path / "graph.ttl", base=base)
    assert isomorphic(graph, build_graph(results, base=base))
    text = (tmp_path / "graph.ttl").read_text(encoding="utf-8")
    assert f"@prefix gbd: <{base}> ." in text and "@prefix gb: " in text


def test_an_error_while_streaming_leaves_the_earlier_file(tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    path.write_text("# earlier\n", encoding="utf-8")
    first, second = sample_results()
    clash = replace(second, document=replace(second.document, id=first.document.id))
    with pytest.raises(GraphError, match="already in the graph with other content"):
        write_triples(generate_triples([first, clash]), path)
    assert path.read_text(encoding="utf-8") == "# earlier\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_the_producers_own_error_goes_through_and_leaves_no_file(tmp_path: Path) -> None:
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")

    def failing() -> Iterator[ox.Triple]:
        yield ox.Triple(s, p, ox.Literal("o"))
        raise ValueError("text too long for the parser")

    with pytest.raises(ValueError, match="too long") as caught:
        write_triples(failing(), tmp_path / "graph.ttl")
    assert not isinstance(caught.value, GraphError)
    assert list(tmp_path.iterdir()) == []


def test_what_the_writer_refuses_is_a_graph_error(tmp_path: Path) -> None:
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    quad = ox.Quad(s, p, ox.Literal("o"), ox.NamedNode("http://example.org/g"))
    with pytest.raises(GraphError, match="cannot write turtle"):
        write_triples([quad], tmp_path / "graph.ttl")  # type: ignore[list-item]
    assert list(tmp_path.iterdir()) == []


def test_the_page_graph_draws_the_same_network(results) -> None:
    full = actor_network(build_graph(results))
    page = actor_network(build_graph([page_view(r) for r in results]))
    assert dict(page.nodes(data=True)) == dict(full.nodes(data=True))
    assert sorted(page.edges(keys=True, data=True)) == sorted(full.edges(keys=True, data=True))


def test_cli_build_writes_the_graph_the_api_builds(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["build", str(INPUTS["wire"]), "-o", str(out), "-q", "--no-cache"]) == 0
    import graphbuild

    assert isomorphic(load_graph(out / "graph.ttl"), graphbuild.build([str(INPUTS["wire"])]))
    assert (out / "graph.html").stat().st_size > 0


def test_a_term_rdf_cannot_hold_is_a_graph_error_naming_the_document(tmp_path: Path) -> None:
    first = sample_results()[0]
    odd = replace(first.entities[0], qid="Q 145")  # not a Wikidata id: no IRI can hold it
    bad = replace(first, entities=(odd, *first.entities[1:]))
    with pytest.raises(GraphError, match=r"'news-000#2': not valid RDF"):
        write_triples(generate_triples([bad]), tmp_path / "graph.ttl")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(GraphError, match="not valid RDF"):
        build_graph([bad])
