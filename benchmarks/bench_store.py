"""Load rate into Virtuoso (triples/s) against Oxigraph's bulk load, on the same graph, in one run.

A synthetic graph in the shape of docs/graph-model.md (benchmarks.synthgraph) is written as Turtle
the way `graphbuild build -o` writes graph.ttl, then loaded three ways:

- Oxigraph: `graphbuild load FILE --store oxigraph:PATH` (its bulk loader, in pieces on both cores);
- Virtuoso, whole file: one Graph Store Protocol PUT of the Turtle file (Virtuoso's own parser);
- Virtuoso, as `build --store sparql:URL` writes: SPARQL Updates of DROP + INSERT DATA, one named
  graph per "document" (the file's triples in pieces of `--per-document`), 16 documents a request.

Virtuoso is Debian's `virtuoso-t`, started here on 127.0.0.1 with a fresh database (the test
fixture's launcher, tests/virtuoso.py) and stopped at the end. Run:

    python -m benchmarks.bench_store --triples 200000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _virtuoso() -> Any:
    sys.path.insert(0, str(ROOT / "tests"))
    import virtuoso  # the tests' launcher: one way to start the server

    return virtuoso


def _rate(triples: int, seconds: float) -> str:
    return f"{triples:>10,} triples {seconds:8.2f} s {triples / seconds:>10,.0f} triples/s"


def _turtle(nt: Path, ttl: Path) -> int:
    """The N-Triples file as graph.ttl is written (Oxigraph's writer, data IRIs in full)."""
    import pyoxigraph as ox

    from graphbuild.graph.export import write_triples

    triples = list(ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES))
    write_triples(triples, ttl)
    return len(triples)


def load_oxigraph(ttl: Path, work: Path) -> tuple[float, int]:
    """Seconds to load the file as `graphbuild load` does, and the triples the store then holds."""
    from graphbuild.graph.store import OxigraphLocation, close_graph, load_files, open_graph

    graph = open_graph(OxigraphLocation(work / "oxigraph"))
    start = time.perf_counter()
    load_files(graph, [ttl])
    close_graph(graph)  # flushed and compacted, as `graphbuild load` leaves it
    seconds = time.perf_counter() - start
    graph = open_graph(OxigraphLocation(work / "oxigraph"))
    held = len(graph)
    close_graph(graph)
    return seconds, held


def load_virtuoso_file(server: object, ttl: Path) -> float:
    virtuoso = _virtuoso()
    start = time.perf_counter()
    status = virtuoso.put_graph_retrying(
        server, "urn:graphbuild:bench:file", ttl.read_bytes(), "text/turtle"
    )
    assert status in (200, 201, 204), status
    return time.perf_counter() - start


def load_virtuoso_updates(server: object, nt: Path, per_document: int) -> float:
    from graphbuild.graph.sparqlstore import Credentials, SparqlClient, SparqlWriter
    from graphbuild.graph.store import SparqlLocation

    location = SparqlLocation(server.query_url, server.update_url)  # type: ignore[attr-defined]
    credentials = Credentials(server.user, server.password)  # type: ignore[attr-defined]
    writer = SparqlWriter(SparqlClient(location, credentials))
    writer.check_access()  # challenged once: the updates then go signed, as in a build
    lines = [
        line
        for line in nt.read_text(encoding="utf-8").splitlines(keepends=True)
        if "_:" not in line
    ]
    start = time.perf_counter()
    for number, first in enumerate(range(0, len(lines), per_document)):
        piece = "".join(lines[first : first + per_document])
        writer.put_document(f"urn:graphbuild:bench:doc/{number}", piece, "")
    writer.flush()
    return time.perf_counter() - start


def count(server: object, graphs: str) -> int:
    from graphbuild.graph.sparqlstore import SparqlClient
    from graphbuild.graph.store import SparqlLocation

    client = SparqlClient(SparqlLocation(server.query_url))  # type: ignore[attr-defined]
    _, rows, _ = client.select(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), '{graphs}')) }}"
    )
    return int(rows[0][0].value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=200_000)
    parser.add_argument("--per-document", type=int, default=300, help="triples a document graph")
    args = parser.parse_args(argv)
    virtuoso = _virtuoso()
    if virtuoso.available() is None:
        print("virtuoso-t not found: apt-get install virtuoso-opensource", file=sys.stderr)
        return 2
    from benchmarks.synthgraph import write_graph

    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        work = Path(tmp)
        nt, ttl = work / "graph.nt", work / "graph.ttl"
        write_graph(nt, args.triples)
        n = _turtle(nt, ttl)
        print(f"graph: {n:,} triples written, Turtle {ttl.stat().st_size / 1e6:.1f} MB")
        oxigraph_s, n = load_oxigraph(ttl, work)  # a store holds each distinct triple once
        server = virtuoso.start(work / "virtuoso")
        try:
            try:
                file_s = load_virtuoso_file(server, ttl)
            except OSError as exc:  # say what the server said, and measure the updates still
                detail = exc.read()[:300] if hasattr(exc, "read") else b""
                print(f"Virtuoso GSP PUT failed: {exc} {detail!r}\n{server.log_tail(5)}")
                file_s = float("nan")
            in_file = count(server, "urn:graphbuild:bench:file")
            updates_s = load_virtuoso_updates(server, nt, args.per_document)
            in_docs = count(server, "urn:graphbuild:bench:doc/")
        finally:
            virtuoso.stop(server)
    print("(triples: as each store holds them; the update path counts a triple once a graph)")
    print(f"Oxigraph bulk load (graphbuild load)      {_rate(n, oxigraph_s)}")
    print(f"Virtuoso, Turtle file by GSP PUT          {_rate(in_file, file_s)}")
    print(f"Virtuoso, SPARQL Update as build --store  {_rate(in_docs, updates_s)}")
    print(f"ratio Virtuoso file / Oxigraph:    {(in_file / file_s) / (n / oxigraph_s):.3f}")
    print(f"ratio Virtuoso updates / Oxigraph: {(in_docs / updates_s) / (n / oxigraph_s):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
