"""Edge nodes (graphbuild.graph.aggregates): equal to a recount of the statements after every kind of
build and load, and the named queries that read them answer as the statement-scanning ones did."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from benchmarks.synthgraph import write_graph
from graphbuild.cli import main, open_graph
from graphbuild.graph import aggregates
from graphbuild.graph.ontology import GB
from graphbuild.graph.rdfgraph import load_graph
from graphbuild.graph.store import OXIGRAPH, close_graph
from graphbuild.graph.store import open_graph as open_store
from graphbuild.serve.queries import NamedQuery, list_queries, load_query, run_query

DATA = Path(__file__).parents[1] / "data"
BEFORE = Path(__file__).parents[2] / "benchmarks" / "data" / "before"

# Our own sentences: the first two documents share edges, the third adds to one of them.
FIRST = [
    {
        "id": "wire-1",
        "date": "2025-03-02",
        "source": "Northern Wire",
        "text": "Keir Starmer criticised Vladimir Putin on Monday. Emmanuel Macron met Keir "
        "Starmer in Paris to discuss support for Ukraine.",
    },
    {
        "id": "herald-1",
        "date": "2025-03-05",
        "source": "Evening Herald",
        "text": "Keir Starmer condemned Vladimir Putin after the strike. Keir Starmer also "
        "criticised Vladimir Putin over the ceasefire talks.",
    },
]
LATER = [
    {
        "id": "herald-2",
        "date": "2025-04-11",
        "source": "Evening Herald",
        "text": "Keir Starmer criticised Vladimir Putin again. Emmanuel Macron met Keir Starmer "
        "in London.",
    },
    {
        "id": "undated",
        "text": "Friedrich Merz praised Volodymyr Zelensky for his courage.",
    },
]


def edge_table(graph: Graph) -> dict[tuple, tuple]:
    """(subject, relation, object) -> (family, statements, documents, outlets, first, last, rank)
    as the graph's edge nodes say; AssertionError if an edge has two nodes or a property twice."""
    table: dict[tuple, tuple] = {}
    for node in graph.subjects(RDF.type, GB.Edge):

        def one(prop: URIRef, node: URIRef = node) -> object:
            values = list(graph.objects(node, prop))
            assert len(values) <= 1, (node, prop, values)
            return values[0].toPython() if values else None

        key = (one(GB.edgeSubject), one(GB.edgeRelation), one(GB.edgeObject))
        assert key not in table, key
        table[key] = tuple(
            one(p)
            for p in (
                GB.edgeFamily,
                GB.statementCount,
                GB.documentCount,
                GB.outletCount,
                GB.firstReported,
                GB.lastReported,
                GB.outletRank,
            )
        )
    return table


def recount(graph: Graph) -> dict[tuple, tuple]:
    """The same table counted in Python from the asserted statements and their documents."""
    groups: dict[tuple, list] = defaultdict(list)
    for statement in graph.subjects(GB.asserted, Literal(True)):
        s, p, o = (graph.value(statement, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        if (s, p, o) in graph:
            groups[(s, p, o)].append(statement)
    table = {}
    for (s, p, o), statements in groups.items():
        docs = {graph.value(st, GB.document) for st in statements}
        outlets = {graph.value(d, GB.outlet) for d in docs} - {None}
        days = {
            day.toPython()
            for d in docs
            for day in graph.objects(d, DCTERMS.issued)
            if isinstance(day, Literal) and day.datatype == XSD.date
        }
        family = {str(graph.value(st, GB.family)) for st in statements}
        table[(s.toPython(), p.toPython(), o.toPython())] = (
            min(family),
            len(set(statements)),
            len(docs),
            len(outlets),
            min(days) if days else None,
            max(days) if days else None,
        )
    # the rank: how many edges of the same family have more outlets
    return {
        key: (*row, sum(1 for o in table.values() if o[0] == row[0] and o[3] > row[3]))
        for key, row in table.items()
    }


def degree_table(graph: Graph) -> dict[str, tuple]:
    """actor -> (neighbours, relations, rank) as the graph's degree triples say; AssertionError if
    an actor has a property twice."""
    table: dict[str, tuple] = {}
    for actor in set(graph.subjects(GB.neighbourCount, None)):
        values = [list(graph.objects(actor, p)) for p in DEGREES]
        assert all(len(v) == 1 for v in values), (actor, values)
        table[str(actor)] = tuple(v[0].toPython() for v in values)
    return table


DEGREES = (GB.neighbourCount, GB.relationCount, GB.connectionRank)


def degree_recount(graph: Graph) -> dict[str, tuple]:
    """The same table counted in Python from the direct triples whose property is under a family."""
    families = set(graph.subjects(GB.relationFamily, None))
    properties = {
        p
        for p in set(graph.predicates())
        if families & set(graph.transitive_objects(p, RDFS.subPropertyOf))
    }
    others: dict[str, list] = defaultdict(list)
    for p in properties:
        for s, o in graph.subject_objects(p):
            others[str(s)].append(str(o))
            others[str(o)].append(str(s))
    counts = {a: (len(set(o)), len(o)) for a, o in others.items()}
    return {a: (*c, sum(1 for d in counts.values() if d > c)) for a, c in counts.items()}


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("corpus")
    return (
        _jsonl(root / "first.jsonl", FIRST),
        _jsonl(root / "later.jsonl", LATER),
        _jsonl(root / "all.jsonl", FIRST + LATER),
    )


@pytest.fixture(scope="module")
def whole(corpus: tuple[Path, Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One streamed build (`build -o`) of every document."""
    out = tmp_path_factory.mktemp("whole")
    assert main(["build", str(corpus[2]), "-o", str(out), "-q", "--no-page"]) == 0
    return out / "graph.ttl"


def test_a_streamed_build_writes_the_edges_a_recount_gives(whole: Path) -> None:
    graph = load_graph(whole)
    table = edge_table(graph)
    assert table == recount(graph)
    criticises = next(v for k, v in table.items() if k[1] == str(GB.criticises))
    assert criticises[1:] == (3, 3, 2, date(2025, 3, 2), date(2025, 4, 11), 0)
    ranks = {
        row[0]: sorted(r[6] for r in table.values() if r[0] == row[0]) for row in table.values()
    }
    assert any(len(set(r)) > 1 for r in ranks.values())  # some edge is ranked below another
    degrees = degree_table(graph)
    assert degrees == degree_recount(graph)
    assert len({d[2] for d in degrees.values()}) > 2  # actors ranked apart


def test_adding_documents_into_a_graph_file_recomputes_the_edges(
    corpus: tuple[Path, Path, Path], whole: Path, tmp_path: Path
) -> None:
    target = tmp_path / "graph.ttl"
    assert main(["build", str(corpus[0]), "--into", str(target), "-q", "--no-cache"]) == 0
    before = edge_table(load_graph(target))
    assert main(["build", str(corpus[1]), "--into", str(target), "-q", "--no-cache"]) == 0
    graph = load_graph(target)
    after = edge_table(graph)
    assert after == recount(graph) != before
    assert after == edge_table(load_graph(whole))  # as if built at once
    assert degree_table(graph) == degree_recount(graph) == degree_table(load_graph(whole))


def test_adding_documents_into_a_store_recomputes_the_edges(
    corpus: tuple[Path, Path, Path], whole: Path, tmp_path: Path
) -> None:
    spec = f"oxigraph:{tmp_path / 'store'}"
    for part in corpus[:2]:
        assert main(["build", str(part), "--store", spec, "-q", "--no-cache"]) == 0
    graph = open_store(spec)
    try:
        assert edge_table(graph) == recount(graph) == edge_table(load_graph(whole))
        assert degree_table(graph) == degree_recount(graph) == degree_table(load_graph(whole))
    finally:
        close_graph(graph)


def test_loading_files_into_a_store_recomputes_the_edges_of_all_of_them(
    corpus: tuple[Path, Path, Path], whole: Path, tmp_path: Path
) -> None:
    files = []
    for n, part in enumerate(corpus[:2]):
        out = tmp_path / f"part{n}"
        assert main(["build", str(part), "-o", str(out), "-q", "--no-page"]) == 0
        files.append(str(out / "graph.ttl"))
    spec = f"oxigraph:{tmp_path / 'store'}"
    assert main(["load", *files, "--store", spec]) == 0
    graph = open_store(spec)
    try:
        assert edge_table(graph) == recount(graph) == edge_table(load_graph(whole))
        assert degree_table(graph) == degree_recount(graph) == degree_table(load_graph(whole))
    finally:
        close_graph(graph)


def test_a_graph_file_without_edges_gets_them_when_read(whole: Path, tmp_path: Path) -> None:
    graph = load_graph(whole)
    for node in list(graph.subjects(RDF.type, GB.Edge)):
        graph.remove((node, None, None))
    for prop in DEGREES:
        graph.remove((None, prop, None))
    old = tmp_path / "old.nt"
    graph.serialize(old, format="nt", encoding="utf-8")
    read = open_graph(str(old))
    assert edge_table(read) == recount(graph) != {}
    assert degree_table(read) == degree_recount(graph) != {}


def test_a_graph_file_with_edges_but_no_degrees_gets_them_when_read(
    whole: Path, tmp_path: Path
) -> None:
    graph = load_graph(whole)
    for prop in DEGREES:
        graph.remove((None, prop, None))
    old = tmp_path / "old.nt"
    graph.serialize(old, format="nt", encoding="utf-8")
    assert degree_table(open_graph(str(old))) == degree_recount(graph) != {}


def test_the_benchmark_graph_has_the_edges_a_build_would_write(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.nt"
    write_graph(path, 20_000)
    graph = load_graph(path)
    table = edge_table(graph)
    assert len(table) > 100 and table == recount(graph)
    assert degree_table(graph) == degree_recount(graph)


# --- the queries that read edge nodes answer as the statement-scanning ones did ------------------


@pytest.fixture(scope="module")
def graphs(whole: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Graph]:
    synthetic = tmp_path_factory.mktemp("synthetic") / "graph.nt"
    write_graph(synthetic, 20_000)
    return {
        "fixture": load_graph(DATA / "fixture_graph.ttl"),
        "built": load_graph(whole),
        "synthetic": load_graph(synthetic, graph=open_store(OXIGRAPH)),
    }


def _cases(graph: Graph, query: NamedQuery) -> list[dict[str, str]]:
    """No parameters, then values drawn from the graph for the parameters `query` declares: the
    two busiest (subject, object) pairs of statements, each side alone, the families."""
    names = {p.name for p in query.params}
    pairs = Counter(
        (graph.value(st, RDF.subject), graph.value(st, RDF.object))
        for st in graph.subjects(RDF.type, GB.Statement)
    )
    cases: list[dict[str, str]] = [{}]
    if "family" in names:
        cases += [{"family": f} for f in ("OPPOSE", "SUPPORT", "COOPERATE", "ATTACK")]
    for (first, second), _ in pairs.most_common(2):
        one, other = f"<{first}>", f"<{second}>"
        cases.append({n: one for n in ("actor", "a", "subject", "speaker") if n in names})
        cases.append({n: other for n in ("actor", "a", "subject", "speaker") if n in names})
        both = {n: one for n in ("subject", "a") if n in names}
        both |= {n: other for n in ("object", "b") if n in names}
        cases += [both, both | ({"relation": "gb:opposes"} if "relation" in names else {})]
        if "since" in names:
            cases.append({"actor": one, "since": "2025-03-01", "until": "2025-09-30"})
    unique = {tuple(sorted(c.items())): c for c in cases}
    return [
        c for c in unique.values() if not any(p.required and p.name not in c for p in query.params)
    ]


REWRITTEN = sorted(path.stem for path in BEFORE.glob("*.rq"))


@pytest.mark.parametrize("name", REWRITTEN)
@pytest.mark.parametrize("source", ["fixture", "built", "synthetic"])
def test_rewritten_queries_answer_as_they_did_before(
    graphs: dict[str, Graph], source: str, name: str
) -> None:
    """Each named query rewritten for speed (its earlier form in benchmarks/data/before/) gives
    the same answer, rows in the same order, on rdflib's engine and on Oxigraph's."""
    graph = graphs[source]
    new = next(q for q in list_queries() if q.name == name)
    old = load_query(BEFORE / f"{name}.rq")
    assert old.params == new.params
    nonempty = 0
    cases = _cases(graph, new)
    for params in cases:
        before, after = run_query(graph, old, params), run_query(graph, new, params)
        assert after.kind == before.kind
        if after.graph is not None:
            assert before.graph is not None
            assert set(after.graph) == set(before.graph), params
            nonempty += len(after.graph) > 0
        else:
            assert after.variables == before.variables
            assert after.rows == before.rows, params
            nonempty += bool(after.rows)
    assert nonempty >= min(2, len(cases))


def test_edge_nodes_conform_to_the_shapes_and_a_broken_one_is_reported(whole: Path) -> None:
    from graphbuild.graph.validate import validate_graph

    graph = load_graph(whole)
    assert validate_graph(graph).conforms
    edge = next(graph.subjects(RDF.type, GB.Edge))
    graph.add((edge, GB.documentCount, Literal(99)))
    graph.remove((edge, GB.edgeFamily, None))
    messages = {v.message for v in validate_graph(graph).violations}
    assert "an edge node needs exactly one document count, an integer of at least 0" in messages
    assert any(m.startswith("an edge node needs exactly one family") for m in messages)


def test_the_recount_in_python_and_the_sparql_query_make_the_same_edge_nodes(whole: Path) -> None:
    on_rdflib = load_graph(whole)
    on_oxigraph = load_graph(whole, graph=open_store(OXIGRAPH))
    for graph in (on_rdflib, on_oxigraph):
        for node in list(graph.subjects(RDF.type, GB.Edge)):
            graph.remove((node, None, None))
        for prop in DEGREES:
            graph.remove((None, prop, None))
        aggregates.refresh(graph)

    def edges(graph: Graph) -> set:
        nodes = {
            t
            for node in graph.subjects(RDF.type, GB.Edge)
            for t in graph.triples((node, None, None))
        }
        return nodes | {t for p in DEGREES for t in graph.triples((None, p, None))}

    assert edges(on_rdflib) == edges(on_oxigraph) != set()
    assert edges(on_rdflib) == edges(load_graph(whole))  # as the streamed build wrote them
