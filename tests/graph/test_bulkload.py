"""Line-based RDF loads in concurrent pieces and still equals the file, blank nodes included."""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graphbuild.errors import GraphError
from graphbuild.graph import bulkload
from graphbuild.graph.store import close_graph, from_ox, load_into, open_graph, to_ox

ROOT = Path(__file__).parents[2]
SAMPLE = Path(__file__).parents[1] / "data" / "store_sample.ttl"
ONTOLOGY = ROOT / "ontology" / "graphbuild.ttl"

_line = st.builds(
    lambda body, blank, end: body + (" _:b1" if blank else "") + " ." + end,
    st.text(st.characters(blacklist_characters="\n", blacklist_categories=("Cs",)), max_size=30),
    st.booleans(),
    st.sampled_from(["\n", "\r\n"]),
)


def _lines(data: bytes) -> list[bytes]:
    """Lines cut at LF only: a statement never spans one, whatever else ends lines (CR, CRLF)."""
    return re.findall(rb"[^\n]*\n|[^\n]+\Z", data)


@given(st.lists(_line, max_size=40), st.integers(min_value=1, max_value=200), st.booleans())
def test_pieces_end_at_line_ends_and_keep_every_line_once(
    lines: list[str], size: int, trailing: bool
) -> None:
    data = "".join(lines).encode("utf-8")
    if not trailing:
        data = data.rstrip(b"\n")
    pieces = list(bulkload.split_lines(io.BytesIO(data), size))
    plain = b"".join(p for p, _ in pieces)
    blank = b"".join(b for _, b in pieces)
    every = _lines(data)
    assert _lines(plain) == [x for x in every if b"_:" not in x]
    assert _lines(blank) == [x for x in every if b"_:" in x]
    assert all(p.endswith(b"\n") for p, _ in pieces[:-1] if p)


@pytest.fixture
def ntriples(tmp_path: Path) -> Path:
    """The sample graph and the ontology (owl:unionOf lists: blank nodes) as N-Triples."""
    graph = Graph().parse(SAMPLE).parse(ONTOLOGY)
    path = tmp_path / "graph.nt"
    graph.serialize(path, format="nt")
    assert b"_:" in path.read_bytes()
    return path


def _as_rdflib(store: ox.Store) -> Graph:
    graph = Graph()
    for quad in store:
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return graph


@pytest.mark.parametrize("on_disk", [True, False])
def test_concurrent_pieces_load_the_same_graph(
    ntriples: Path, tmp_path: Path, on_disk: bool
) -> None:
    store = ox.Store(str(tmp_path / "store")) if on_disk else ox.Store()
    bulkload.parallel_bulk_load(
        store, ntriples, ox.RdfFormat.N_TRIPLES, workers=2, chunk_bytes=2048
    )
    expected = Graph().parse(ntriples, format="nt")
    assert len(store) == len(expected)
    assert isomorphic(_as_rdflib(store), expected)


def test_only_line_based_formats_and_turtle_are_split(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not cut"):
        bulkload.parallel_bulk_load(ox.Store(), SAMPLE, ox.RdfFormat.RDF_XML)


def _turtle_by(writer: str, graph: Graph, path: Path) -> Path:
    if writer == "rdflib":
        graph.serialize(path, format="turtle")
    else:
        store = ox.Store()
        for s, p, o in graph:
            store.add(ox.Quad(to_ox(s), to_ox(p), to_ox(o)))
        store.dump(
            str(path),
            format=ox.RdfFormat.TURTLE,
            from_graph=ox.DefaultGraph(),
            prefixes={"gb": "https://w3id.org/graphbuild/ontology#"},
        )
    return path


@pytest.mark.parametrize("writer", ["rdflib", "oxigraph"])
def test_turtle_is_cut_between_statements_and_loads_the_same_graph(
    writer: str, tmp_path: Path
) -> None:
    expected = Graph().parse(SAMPLE).parse(ONTOLOGY)
    turtle = _turtle_by(writer, expected, tmp_path / "graph.ttl")
    head, pieces = bulkload.split_turtle(turtle.open("rb"), 1024)
    assert b"prefix" in head.lower()
    assert len(list(pieces)) > 3
    store = ox.Store()
    bulkload.parallel_bulk_load(store, turtle, ox.RdfFormat.TURTLE, workers=2, chunk_bytes=1024)
    assert isomorphic(_as_rdflib(store), expected)


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        # a long string may hold a line that looks like the end of a statement
        (
            '@prefix ex: <http://e/> .\nex:a ex:p """x .\nex:b ex:q ex:c .""" .\nex:d ex:p 1 .\n',
            False,
        ),
        # a directive after the first statement changes what later pieces mean
        (
            "@prefix ex: <http://e/> .\nex:a ex:p 1 .\n@prefix ex: <http://f/> .\nex:b ex:p 2 .\n",
            False,
        ),
        # a comment ending in "." inside a statement, then a line at column one
        ("@prefix ex: <http://e/> .\nex:a ex:p 1 ; # see ex.\nex:q 2 .\nex:b ex:p 3 .\n", True),
    ],
)
def test_turtle_that_cannot_be_cut_safely_still_loads_whole(
    split_small_files: list[Path], tmp_path: Path, text: str, cut: bool
) -> None:
    path = tmp_path / "graph.ttl"
    path.write_text(text * 20, encoding="utf-8")
    graph = open_graph(f"oxigraph:{tmp_path / 'store'}")
    load_into(graph, path)
    assert split_small_files == [path]
    assert isomorphic(Graph() + graph, Graph().parse(path, format="turtle"))
    close_graph(graph)


_literal = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3), _literal), min_size=1, max_size=40))
def test_any_small_graph_loads_in_pieces_as_it_parses(triples: list[tuple[int, int, str]]) -> None:
    graph = Graph()
    for s, p, o in triples:
        graph.add((URIRef(f"http://e/s{s}"), URIRef(f"http://e/p{p}"), Literal(o)))
    graph.add((URIRef("http://e/s0"), URIRef("http://e/p0"), BNode("b")))
    graph.add((BNode("b"), URIRef("http://e/p1"), Literal("blank")))
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, ox_format in (("turtle", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES)):
            path = Path(tmp) / f"graph.{fmt}"
            graph.serialize(path, format=fmt)
            store = ox.Store()
            try:
                bulkload.parallel_bulk_load(store, path, ox_format, workers=2, chunk_bytes=64)
            except bulkload.Unsplittable:
                continue  # load_into loads such a file whole
            assert isomorphic(_as_rdflib(store), graph), fmt


@pytest.fixture
def split_small_files(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Make load_into split any N-Triples file into 1 KB pieces on two workers; records calls."""
    calls: list[Path] = []
    real = bulkload.parallel_bulk_load

    def spy(store: ox.Store, source: Path, *args: object, **kwargs: object) -> None:
        calls.append(source)
        real(store, source, *args, workers=2, chunk_bytes=1024, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bulkload, "worth_splitting", lambda size, ox_format: True)
    monkeypatch.setattr(bulkload, "worker_count", lambda: 2)
    monkeypatch.setattr(bulkload, "parallel_bulk_load", spy)
    return calls


def test_load_into_an_empty_store_uses_the_pieces(
    split_small_files: list[Path], ntriples: Path, tmp_path: Path
) -> None:
    graph = open_graph(f"oxigraph:{tmp_path / 'store'}")
    load_into(graph, ntriples)
    assert split_small_files == [ntriples]
    assert isomorphic(Graph() + graph, Graph().parse(ntriples, format="nt"))
    close_graph(graph)


def test_a_malformed_piece_is_reported_at_its_line_and_loads_nothing(
    split_small_files: list[Path], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.nt"
    good = '<https://w3id.org/graphbuild/id/a> <https://w3id.org/graphbuild/id/b> "{}" .\n'
    lines = [good.format(i) for i in range(200)]
    lines[150] = "<https://w3id.org/graphbuild/id/a> oops .\n"
    bad.write_text("".join(lines), encoding="utf-8")
    graph = open_graph(f"oxigraph:{tmp_path / 'store'}")
    with pytest.raises(GraphError, match="line 151"):
        load_into(graph, bad)
    assert split_small_files == [bad]
    assert len(graph) == 0
    close_graph(graph)
