"""A standard SPARQL store (`--store sparql:URL`): store locations, the HTTP client and writer,
the query sandbox's one admitted endpoint, and end-to-end builds into a real Virtuoso."""

from __future__ import annotations

import os
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import virtuoso as virtuoso_server
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from graphbuild import cli
from graphbuild.errors import GraphError, QueryError
from graphbuild.graph import sparqlstore
from graphbuild.graph.store import (
    FileLocation,
    MemoryLocation,
    OxigraphLocation,
    SparqlLocation,
    bind_with_values,
    parse_location,
    read_graph,
)
from graphbuild.resources import ROOT
from graphbuild.serve.queries import (
    SandboxViolation,
    UnsafeQueryError,
    inline_query,
    list_queries,
    run_query,
    sandbox,
)

EXAMPLES = ROOT / "examples" / "articles"
NEWS = Path(__file__).parents[1] / "data" / "news-dev"

# --- locations -----------------------------------------------------------------------------


def test_locations_are_parsed_once_into_records(tmp_path: Path) -> None:
    assert parse_location(None) == MemoryLocation()
    assert parse_location(" memory ") == MemoryLocation()
    assert parse_location("oxigraph") == OxigraphLocation(None)
    assert parse_location(f"oxigraph:{tmp_path}") == OxigraphLocation(tmp_path)
    assert parse_location("out/graph.ttl") == FileLocation(Path("out/graph.ttl"))
    location = parse_location(
        "sparql:http://127.0.0.1:8890/sparql", update_url="http://127.0.0.1:8890/sparql-auth"
    )
    assert location == SparqlLocation(
        "http://127.0.0.1:8890/sparql", "http://127.0.0.1:8890/sparql-auth"
    )
    assert str(location) == "sparql:http://127.0.0.1:8890/sparql"
    assert location.writes_to == "http://127.0.0.1:8890/sparql-auth"
    assert SparqlLocation("http://h/sparql").writes_to == "http://h/sparql"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("sparql:ftp://host/sparql", r"absolute http\(s\) URL"),
        ("sparql:sparql", r"absolute http\(s\) URL"),
        ("sparql:http://dba:secret@host/sparql", "GRAPHBUILD_STORE_USER"),
        ("sparql:http://host:99999/sparql", "store URL"),
        ("sparql:http://host/sparql#x", "fragment"),
        ("sparql:http://host/spa rql", r"absolute http\(s\) URL"),
    ],
)
def test_bad_store_urls_are_refused_in_one_line(spec: str, message: str) -> None:
    with pytest.raises(GraphError, match=message) as caught:
        parse_location(spec)
    assert "\n" not in str(caught.value)
    assert "secret" not in str(caught.value)


def test_an_update_url_goes_only_with_a_sparql_store() -> None:
    with pytest.raises(GraphError, match="sparql:URL"):
        parse_location("oxigraph:/tmp/x", update_url="http://h/update")


@given(st.text(min_size=1).filter(lambda s: s.strip() and ":" not in s and s.strip() != "memory"))
def test_any_other_spec_is_a_graph_file(spec: str) -> None:
    assert parse_location(spec) == FileLocation(Path(spec.strip()))


@given(
    host=st.from_regex(r"[a-z][a-z0-9-]{0,20}(\.[a-z]{2,5})?", fullmatch=True),
    port=st.integers(1, 65535),
    path=st.from_regex(r"(/[A-Za-z0-9._~-]{1,10}){0,3}", fullmatch=True),
)
def test_sparql_urls_round_trip(host: str, port: int, path: str) -> None:
    url = f"http://{host}:{port}{path}"
    location = parse_location(f"sparql:{url}")
    assert location == SparqlLocation(url)
    assert parse_location(str(location)) == location


def test_credentials_come_from_both_variables_or_neither() -> None:
    assert sparqlstore.credentials_from_env({}) is None
    both = {sparqlstore.USER_ENV: "dba", sparqlstore.PASSWORD_ENV: "s3cret"}
    credentials = sparqlstore.credentials_from_env(both)
    assert credentials == sparqlstore.Credentials("dba", "s3cret")
    assert "s3cret" not in repr(credentials)
    with pytest.raises(GraphError, match=sparqlstore.PASSWORD_ENV):
        sparqlstore.credentials_from_env({sparqlstore.USER_ENV: "dba"})


def test_the_update_replaces_each_document_graph_whole() -> None:
    text = sparqlstore.replace_graphs_update(
        [("http://x/doc/a", "<http://x/s> <http://x/p> <http://x/o> .\n")],
        "<http://x/e> <http://x/p> <http://x/o> .\n",
    )
    assert text.startswith("DROP SILENT GRAPH <http://x/doc/a> ;\nINSERT DATA {")
    assert f"INSERT DATA {{\nGRAPH <{sparqlstore.SHARED_GRAPH}> {{\n<http://x/e>" in text
    assert f"DROP SILENT GRAPH <{sparqlstore.SHARED_GRAPH}>" not in text  # only ever added to
    assert sparqlstore.replace_graphs_update([]) == ""
    big = "".join(f"<http://x/s{i}> <http://x/p> <http://x/o> .\n" for i in range(2500))
    text = sparqlstore.replace_graphs_update([("http://x/doc/b", big)])
    assert text.count("INSERT DATA") == 3 and text.count("DROP SILENT") == 1
    assert "INSERT {" in sparqlstore.replace_graphs_update(
        [("g", "_:b <p> <o> .\n")], blank_nodes=True
    )


def test_a_deadlocked_update_is_sent_again_and_other_errors_are_not() -> None:
    sent: list[str] = []
    answers = iter(["HTTP 500: Error 40001 SR172: Transaction deadlocked", None])

    class Client(sparqlstore.SparqlClient):
        def _post(self, url: str, form: object, accept: str) -> tuple[bytes, object]:
            sent.append(url)
            answer = next(answers)
            if answer is not None:
                raise GraphError(answer)
            return b"", {}

    Client(SparqlLocation("http://h/sparql")).update("DROP SILENT GRAPH <urn:x>")
    assert len(sent) == 2
    answers = iter(["HTTP 400: syntax error"])
    with pytest.raises(GraphError, match="syntax"):
        Client(SparqlLocation("http://h/sparql")).update("DROP SILENT GRAPH <urn:x>")


def test_parameters_sent_to_a_store_are_also_filters() -> None:
    text = bind_with_values(
        "SELECT ?x WHERE { ?x ?p ?o }", {"p": URIRef("http://x/p")}, enforce=True
    )
    assert "VALUES (?p) { (<http://x/p>) } FILTER(?p = <http://x/p>)" in text
    assert "FILTER" not in bind_with_values("ASK { ?x ?p ?o }", {"p": URIRef("http://x/p")})


def test_turtle_writes_data_iris_in_full_and_declares_gbd(tmp_path: Path) -> None:
    """Oxigraph would write gbd:state\\/GBR, which Virtuoso 7.2 reads with the backslash."""
    import pyoxigraph as ox

    from graphbuild.graph.export import write_triples
    from graphbuild.graph.iris import DEFAULT_BASE

    state = ox.NamedNode(DEFAULT_BASE + "state/GBR")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    out = write_triples([ox.Triple(state, label, ox.Literal("United Kingdom"))], tmp_path / "g.ttl")
    text = out.read_text()
    assert text.startswith(f"@prefix gbd: <{DEFAULT_BASE}> .\n")
    assert f"<{DEFAULT_BASE}state/GBR> rdfs:label" in text
    assert "\\/" not in text
    assert Graph().parse(out).namespace_manager.store.namespace("gbd") == URIRef(DEFAULT_BASE)


# --- the sandbox admits the configured endpoint only ----------------------------------------


def _listening() -> Iterator[tuple[int, int]]:
    import socket

    with socket.socket() as one, socket.socket() as other:
        one.bind(("127.0.0.1", 0))
        other.bind(("127.0.0.1", 0))
        one.listen()
        other.listen()
        yield one.getsockname()[1], other.getsockname()[1]


def test_the_sandbox_admits_the_endpoint_and_nothing_else() -> None:
    for port, other in _listening():
        endpoint = sparqlstore.Endpoint.of(f"http://127.0.0.1:{port}/sparql")
        assert endpoint.admits("socket.connect", (None, ("127.0.0.1", port)))
        assert not endpoint.admits("socket.connect", (None, ("127.0.0.1", other)))
        assert not endpoint.admits("socket.getaddrinfo", ("example.org", port, 0, 0, 0))
        assert endpoint.admits(
            "urllib.Request", (f"http://127.0.0.1:{port}/sparql?x", None, {}, "POST")
        )
        assert not endpoint.admits(
            "urllib.Request", (f"http://127.0.0.1:{port}/other", None, {}, "POST")
        )
        with sandbox(endpoint) as violations, pytest.raises(SandboxViolation):
            urllib.request.urlopen(f"http://127.0.0.1:{other}/sparql", timeout=1)
        assert violations
        with sandbox(endpoint), pytest.raises(SandboxViolation):
            open(Path.home() / ".netrc")  # noqa: SIM115 - files stay blocked too


# --- against a real Virtuoso ----------------------------------------------------------------


@dataclass(frozen=True)
class Builds:
    """One corpus built twice: into a graph file, and into Virtuoso."""

    server: virtuoso_server.VirtuosoServer
    local: Path
    store: str


def _store_args(server: virtuoso_server.VirtuosoServer) -> list[str]:
    return ["--store", f"sparql:{server.query_url}", "--store-update", server.update_url]


@pytest.fixture
def credentials(
    virtuoso: virtuoso_server.VirtuosoServer, monkeypatch: pytest.MonkeyPatch
) -> virtuoso_server.VirtuosoServer:
    monkeypatch.setenv(sparqlstore.USER_ENV, virtuoso.user)
    monkeypatch.setenv(sparqlstore.PASSWORD_ENV, virtuoso.password)
    return virtuoso


@pytest.fixture(scope="module")
def builds(
    virtuoso: virtuoso_server.VirtuosoServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Builds]:
    work = tmp_path_factory.mktemp("sparql-builds")
    inputs = [str(EXAMPLES), str(NEWS)]
    cache = ["--cache", str(work / "cache")]  # the second build reuses the first's extraction
    assert cli.main(["build", *inputs, "-o", str(work / "local"), "-q", "--no-page", *cache]) == 0
    saved = {k: os.environ.get(k) for k in (sparqlstore.USER_ENV, sparqlstore.PASSWORD_ENV)}
    os.environ[sparqlstore.USER_ENV] = virtuoso.user
    os.environ[sparqlstore.PASSWORD_ENV] = virtuoso.password
    try:
        assert cli.main(["build", *inputs, *_store_args(virtuoso), "-q", *cache]) == 0
        yield Builds(virtuoso, work / "local" / "graph.ttl", f"sparql:{virtuoso.query_url}")
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _cases() -> list[tuple[str, dict[str, str]]]:
    """Every named query without parameters (where none is required) and with each one."""
    samples = {"iri": "Keir Starmer", "literal": "OPPOSE", "date": "2025-01-01", "integer": "3"}
    cases = []
    for query in list_queries():
        required = {p.name: samples[p.kind] for p in query.params if p.required}
        cases.append((query.name, required))
        for param in query.params:
            if not param.required:
                cases.append((query.name, {**required, param.name: samples[param.kind]}))
    return cases


def test_every_named_query_gives_the_same_rows_on_virtuoso(builds: Builds) -> None:
    local = read_graph(parse_location(str(builds.local)))
    remote = read_graph(parse_location(builds.store), live=True)
    answered = 0
    for name, params in _cases():
        expected = run_query(local, name, params)
        found = run_query(remote, name, params)
        assert found.kind == expected.kind, name
        assert found.variables == expected.variables, name
        assert found.rows == expected.rows, (name, params)  # the same rows in the same order
        assert found.boolean == expected.boolean, (name, params)
        if expected.graph is not None:
            assert found.graph is not None
            assert set(found.graph) == set(expected.graph), (name, params)
            answered += len(expected.graph) > 0
        answered += len(expected.rows) > 0 or bool(expected.boolean)
    assert answered >= 20  # the comparison is not between empty answers


def test_read_commands_read_the_store(builds: Builds, tmp_path: Path) -> None:
    out = tmp_path / "store.nt"
    assert cli.main(["export", builds.store, "--format", "ntriples", "-o", str(out)]) == 0
    assert isomorphic(Graph().parse(out), Graph().parse(builds.local))
    assert cli.main(["validate", builds.store]) == 0
    assert cli.main(["stats", builds.store]) == 0
    assert cli.main(["viz", builds.store, "-o", str(tmp_path / "page.html")]) == 0
    assert (
        cli.main(
            ["query", builds.store, "leaders", "--format", "csv", "-o", str(tmp_path / "l.csv")]
        )
        == 0
    )
    assert "Keir Starmer" in (tmp_path / "l.csv").read_text()


def test_a_rerun_into_the_same_store_changes_nothing(
    builds: Builds, credentials: virtuoso_server.VirtuosoServer
) -> None:
    client = sparqlstore.SparqlClient(SparqlLocation(builds.server.query_url))
    before = sparqlstore.count_triples(client)
    assert before > 1000
    args = ["build", str(EXAMPLES), str(NEWS), *_store_args(credentials), "-q"]
    assert cli.main([*args, "--no-cache"]) == 0
    assert sparqlstore.count_triples(client) == before


def test_a_wrong_password_writes_nothing(
    builds: Builds,
    credentials: virtuoso_server.VirtuosoServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    client = sparqlstore.SparqlClient(SparqlLocation(builds.server.query_url))
    before = sparqlstore.count_triples(client)
    monkeypatch.setenv(sparqlstore.PASSWORD_ENV, "not-the-password")
    capsys.readouterr()
    out = tmp_path / "out"
    args = ["build", str(ROOT / "examples" / "articles"), *_store_args(credentials), "-o", str(out)]
    assert cli.main([*args, "-q", "--no-cache"]) == cli.EXIT_FAILURE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "refused access (HTTP 401)" in err
    assert "not-the-password" not in err
    assert sparqlstore.count_triples(client) == before
    assert not out.exists()


def test_an_unreachable_store_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = virtuoso_server.free_port()  # nothing listens there
    url = f"http://127.0.0.1:{port}/sparql"
    monkeypatch.delenv(sparqlstore.USER_ENV, raising=False)
    monkeypatch.delenv(sparqlstore.PASSWORD_ENV, raising=False)
    out = tmp_path / "out"
    args = ["build", str(EXAMPLES), "--store", f"sparql:{url}", "-o", str(out), "-q"]
    assert cli.main(args) == cli.EXIT_FAILURE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"cannot reach the store at {url}" in err
    assert not out.exists()
    assert cli.main(["query", f"sparql:{url}", "leaders"]) == cli.EXIT_FAILURE
    assert "cannot reach the store" in capsys.readouterr().err


def test_queries_on_the_store_stay_read_only_and_local(builds: Builds) -> None:
    remote = read_graph(parse_location(builds.store), live=True)
    with pytest.raises(UnsafeQueryError, match="SERVICE"):
        run_query(remote, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="read-only"):
        run_query(remote, "DROP ALL")
    ask = inline_query("ASK { ?s a <https://w3id.org/graphbuild/ontology#Person> }")
    assert run_query(remote, ask).boolean is True


def test_graph_ttl_loads_into_virtuoso_with_the_same_iris(
    builds: Builds, virtuoso: virtuoso_server.VirtuosoServer
) -> None:
    """Virtuoso 7.2 keeps the backslash of an escaped prefixed name (`gbd:state\\/GBR`)."""
    graph = "urn:graphbuild:test:graph-ttl"
    data = builds.local.read_bytes()
    assert virtuoso_server.put_graph(virtuoso, graph, data, "text/turtle") in (200, 201, 204)
    client = sparqlstore.SparqlClient(SparqlLocation(virtuoso.query_url))
    _, rows, _ = client.select(
        f"SELECT DISTINCT ?i WHERE {{ GRAPH <{graph}> {{ {{ ?i ?p ?o }} UNION {{ ?s ?i ?o }}"
        " UNION { ?s ?p ?i } } FILTER(isIRI(?i)) }"
    )
    local = Graph().parse(builds.local)
    expected = {str(t) for triple in local for t in triple if isinstance(t, URIRef)}
    assert {row[0].value for row in rows} == expected
