"""Exports: every RDF format round-trips, quad formats hold one named graph per document,
network formats carry entities and direct relations, files are written atomically."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from builders import make_result, sample_results
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from graphbuild.errors import GraphError
from graphbuild.graph.export import (
    FORMATS,
    GRAPH_FILE_FORMATS,
    RDF_FORMATS,
    SUFFIXES,
    export_graph,
    generate,
    generate_rdf,
    graph_file_format,
    to_dataset,
    to_networkx,
    write_graph_file,
)
from graphbuild.graph.iris import DEFAULT_BASE
from graphbuild.graph.ontology import GB, bind_prefixes, load_ontology
from graphbuild.graph.rdfgraph import build_graph, load_graph
from graphbuild.records import DocumentResult, Entity, EntityKind
from graphbuild.serve.analytics import actor_network

PARSER = {"jsonld": "json-ld", "ntriples": "nt"}
STARMER = DEFAULT_BASE + "person/keir-starmer"
PUTIN = DEFAULT_BASE + "person/vladimir-putin"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return bind_prefixes(build_graph(sample_results()))


def union(dataset: Dataset) -> Graph:
    out = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        out.add((s, p, o))
    return out


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_rdf_exports_round_trip(graph: Graph, fmt: str, tmp_path: Path):
    path = export_graph(graph, fmt, tmp_path / f"graph{SUFFIXES[fmt]}")
    if fmt in ("trig", "nquads"):
        dataset = Dataset()
        dataset.parse(path, format=fmt)
        assert isomorphic(union(dataset), graph)
    else:
        assert isomorphic(Graph().parse(path, format=PARSER.get(fmt, fmt)), graph)
    assert isomorphic(load_graph(path), graph)  # load_graph reads every export back


def test_quad_formats_have_one_named_graph_per_document(graph: Graph):
    dataset = to_dataset(graph)
    docs = set(graph.subjects(RDF.type, GB.Document))
    named = {
        g.identifier for g in dataset.graphs() if g.identifier != dataset.default_graph.identifier
    }
    assert named == docs
    for doc in docs:
        part = dataset.graph(doc)
        assert (doc, RDF.type, GB.Document) in part
        statements = set(part.subjects(RDF.type, GB.Statement))
        assert statements == set(graph.subjects(GB.document, doc))
        assert set(part.subjects(RDF.type, GB.Sentence))
    default = dataset.default_graph
    assert (URIRef(STARMER), GB.criticises, URIRef(PUTIN)) in default
    assert (URIRef(STARMER), RDF.type, GB.Person) in default
    assert not set(default.subjects(RDF.type, GB.Statement))


def test_jsonld_has_an_inline_context_and_no_remote_one(graph: Graph):
    data = json.loads(generate_rdf(graph, "jsonld"))
    context = data["@context"]
    assert isinstance(context, dict)
    assert context["gb"] == "https://w3id.org/graphbuild/ontology#"
    assert context["gbd"] == DEFAULT_BASE
    assert all(isinstance(v, str) for v in context.values())


def test_networkx_entities_and_relations(graph: Graph):
    net = to_networkx(graph)
    assert net.nodes[STARMER] == {"label": "Keir Starmer", "class": "Person"}
    assert net.nodes[DEFAULT_BASE + "state/GBR"] == {
        "label": "United Kingdom",
        "class": "State",
        "qid": "Q145",
        "iso": "GBR",
    }
    edge = net.edges[STARMER, PUTIN, "criticises"]
    assert edge == {
        "relation": "criticises",
        "family": "OPPOSE",
        "statements": 1,
        "documents": 1,
        "outlets": 1,
    }
    assert net.has_edge(PUTIN, STARMER, "condemns")
    # negative and future statements are not relations of the network
    assert not net.has_edge(STARMER, PUTIN, "distrusts")
    assert not net.has_edge(DEFAULT_BASE + "state/GBR", DEFAULT_BASE + "coalition/nato")
    for _, attrs in net.nodes(data=True):
        assert all(isinstance(v, str | int | float) for v in attrs.values())


def test_edge_counts_add_up_over_documents(graph: Graph):
    results = sample_results()
    again = build_graph(results)
    # a third document repeating the criticism, from another outlet
    first = results[0]
    from dataclasses import replace

    doc = replace(first.document, id="news-002", text=first.document.text + " ", source="BBC")
    repeat = replace(
        first,
        document=doc,
        statements=tuple(replace(s, doc_id="news-002") for s in first.statements),
    )
    build_graph([repeat], graph=again)
    edge = to_networkx(again).edges[STARMER, PUTIN, "criticises"]
    assert (edge["statements"], edge["documents"], edge["outlets"]) == (2, 2, 2)


def test_network_export_counts_the_evidence_the_actor_network_folds(graph: Graph):
    actors = actor_network(graph)
    net = to_networkx(graph)
    assert {n for n, kind in actors.nodes(data="kind") if kind != "Actor"} <= set(net.nodes)
    for s, o, data in actors.edges(data=True):
        edges = [net.edges[s, o, relation] for relation in data["relations"]]
        assert data["statements"] == sum(e["statements"] for e in edges)
        assert all(e["family"] == data["family"] for e in edges)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_exports_read_back(graph: Graph, fmt: str, tmp_path: Path):
    path = export_graph(graph, fmt, tmp_path / f"net{SUFFIXES[fmt]}")
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    net = reader(path)
    assert net.number_of_nodes() == to_networkx(graph).number_of_nodes()
    assert net.number_of_edges() == to_networkx(graph).number_of_edges()


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "ntriples"])
def test_rapper_counts_the_same_triples(graph: Graph, tmp_path: Path, fmt: str):
    """An independent parser (Raptor) reads every export and finds every triple."""
    if shutil.which("rapper") is None:
        pytest.skip("rapper (Debian raptor2-utils) is not installed")
    path = export_graph(graph, fmt, tmp_path / f"graph{SUFFIXES[fmt]}")
    done = subprocess.run(
        ["rapper", "-i", fmt, "-c", str(path)], capture_output=True, text=True, check=True
    )
    assert f"returned {len(graph)} triples" in done.stderr


def test_unknown_format_is_a_graph_error_and_writes_nothing(graph: Graph, tmp_path: Path):
    with pytest.raises(GraphError, match="unknown export format 'rdfxml'"):
        export_graph(graph, "rdfxml", tmp_path / "g.rdf")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "ntriples"])
def test_failed_export_leaves_the_old_file(graph: Graph, tmp_path: Path, fmt: str):
    broken = Graph()
    for t in graph:
        broken.add(t)
    # sorts last, so the writer has already written most of the file when it fails
    broken.add((URIRef("https://zz.example/z"), RDF.value, Variable("not_rdf")))
    target = tmp_path / f"g{SUFFIXES[fmt]}"
    target.write_text("old")
    with pytest.raises(GraphError, match="cannot export the RDF term"):
        export_graph(broken, fmt, target)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize(
    ("triple", "fmt", "message"),
    [
        ((Literal("Starmer"), RDF.value, Literal("x")), "turtle", "literal subject"),
        ((URIRef("https://x/a"), RDF.value, Literal("Macron \ud800")), "jsonld", "surrogates"),
        ((URIRef("https://x/a"), RDF.value, Literal("Macron \ud800")), "nquads", "literal value"),
    ],
)
def test_terms_rdf_cannot_hold_are_one_line_errors(tmp_path: Path, triple, fmt: str, message):
    broken = Graph()
    broken.add(triple)
    with pytest.raises(GraphError, match=f"cannot write {fmt}: .*{message}") as info:
        export_graph(broken, fmt, tmp_path / f"g{SUFFIXES[fmt]}")
    assert "\n" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_turtle_export_is_deterministic(graph: Graph):
    assert generate_rdf(graph, "turtle") == generate_rdf(build_graph(sample_results()), "turtle")


def test_every_format_generates_text(graph: Graph):
    for fmt in FORMATS:
        assert "".join(generate(graph, fmt)).strip()


def test_empty_graph_exports(tmp_path: Path):
    for fmt in FORMATS:
        assert export_graph(Graph(), fmt, tmp_path / f"empty{SUFFIXES[fmt]}").exists()


@settings(max_examples=25, deadline=None)
@given(label=st.text(max_size=30), sentence=st.text(min_size=1, max_size=60))
def test_any_text_survives_every_rdf_export(label: str, sentence: str):
    """Labels and sentences with quotes, newlines, controls or any Unicode round-trip."""
    doc, sents = make_result("doc id/ü", [sentence], title=label, source=label)
    result = DocumentResult(
        doc,
        tuple(sents),
        (Entity("person/x", EntityKind.PERSON, label or "x", (label + "'s",)),),
        (),
        (),
    )
    graph = build_graph([result])
    graph -= load_ontology()  # only the data is under test; keeps isomorphism checks fast
    for fmt in RDF_FORMATS:
        text = generate_rdf(graph, fmt)
        if fmt in ("trig", "nquads"):
            dataset = Dataset()
            dataset.parse(data=text, format=fmt)
            assert isomorphic(union(dataset), graph), fmt
        else:
            assert isomorphic(Graph().parse(data=text, format=PARSER.get(fmt, fmt)), graph), fmt


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_exports_from_an_oxigraph_backed_graph(tmp_path: Path, fmt: str):
    pytest.importorskip("oxrdflib", reason="oxrdflib (Oxigraph store for rdflib) not installed")
    from graphbuild.graph.store import open_graph

    on_oxigraph = build_graph(sample_results(), graph=bind_prefixes(open_graph("oxigraph")))
    path = export_graph(on_oxigraph, fmt, tmp_path / f"graph{SUFFIXES[fmt]}")
    loaded = load_graph(path)
    in_memory = build_graph(sample_results())

    def values(graph: Graph) -> set:
        # Oxigraph keeps numbers canonically ("1.0"^^xsd:decimal comes back as "1"); compare
        # literal values, and leave out the ontology's blank nodes (their ids differ by store)
        return {
            (s, p, o.toPython() if isinstance(o, Literal) else o)
            for s, p, o in graph
            if not isinstance(s, BNode) and not isinstance(o, BNode)
        }

    assert values(loaded) == values(in_memory)


@pytest.mark.parametrize("suffix", sorted(GRAPH_FILE_FORMATS))
def test_a_graph_file_is_written_in_the_format_its_suffix_names(
    graph: Graph, suffix: str, tmp_path: Path
):
    path = write_graph_file(graph, tmp_path / f"graph.{suffix}")
    assert isomorphic(load_graph(path), graph)  # read back by its own suffix
    head = path.read_bytes()[:200].lstrip()
    fmt = GRAPH_FILE_FORMATS[suffix]
    if fmt == "turtle":
        assert head.startswith(b"@prefix")
    elif fmt in ("ntriples", "nquads"):
        assert head.startswith((b"<", b"_:")) and b"@prefix" not in path.read_bytes()
    elif fmt == "jsonld":
        assert head.startswith((b"{", b"["))
    elif fmt == "rdfxml":
        assert head.startswith(b"<?xml")
    if fmt in ("nquads", "trig"):  # one named graph per document
        dataset = Dataset()
        dataset.parse(path, format="nquads" if fmt == "nquads" else "trig")
        assert len(list(dataset.graphs())) > 2


@pytest.mark.parametrize("name", ["graph.txt", "graph", "graph.ttl.bak", "graph.csv"])
def test_a_graph_file_of_unknown_suffix_is_refused_before_writing(
    graph: Graph, name: str, tmp_path: Path
):
    with pytest.raises(
        GraphError, match=r"names no RDF format graphbuild writes; use one of \.ttl"
    ):
        graph_file_format(tmp_path / name)
    with pytest.raises(GraphError):
        write_graph_file(graph, tmp_path / name)
    assert list(tmp_path.iterdir()) == []
