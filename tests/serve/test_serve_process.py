"""`graphbuild serve` as a fresh process: concurrent first queries, port checks, bind errors."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from serving import FIXTURE, serve_process

from graphbuild.cli import main

GB = "https://w3id.org/graphbuild/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def _client_queries() -> list[str]:
    """Sixteen different queries (different grammar paths: FILTER, OPTIONAL, UNION, aggregates,
    property paths, sub-select, VALUES), so that each first parse is a different one."""
    p = f"PREFIX gb: <{GB}> PREFIX rdfs: <{RDFS}> "
    return [
        p + "SELECT ?l WHERE { ?s a gb:State ; rdfs:label ?l } ORDER BY ?l",
        p + "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        p + "SELECT ?s WHERE { ?s a gb:Coalition } ORDER BY ?s",
        p + "SELECT ?l WHERE { ?s rdfs:label ?l FILTER(STRSTARTS(?l, 'U')) } ORDER BY ?l",
        p + "SELECT ?a ?b WHERE { ?a gb:criticises ?b } ORDER BY ?a ?b",
        p + "SELECT ?s ?l WHERE { ?s a gb:State OPTIONAL { ?s rdfs:label ?l } } ORDER BY ?s",
        p + "SELECT ?x WHERE { { ?x a gb:State } UNION { ?x a gb:Coalition } } ORDER BY ?x",
        p + "SELECT ?t (COUNT(?s) AS ?n) WHERE { ?s a ?t } GROUP BY ?t ORDER BY ?t",
        p + "SELECT DISTINCT ?p WHERE { ?s ?p ?o } ORDER BY ?p",
        p + "SELECT ?l WHERE { VALUES ?s { <urn:none> } ?s rdfs:label ?l }",
        p + "SELECT ?n WHERE { { SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o } } }",
        p + "SELECT ?a ?b WHERE { ?a gb:invades ?b } ORDER BY ?a",
        p + "SELECT ?s WHERE { ?s rdfs:label ?l FILTER(LANG(?l) = '' && STRLEN(?l) > 6) } "
        "ORDER BY ?s",
        p + "SELECT (MAX(STRLEN(?l)) AS ?m) WHERE { ?s rdfs:label ?l }",
        p + "SELECT ?s WHERE { ?s a/rdfs:subClassOf* gb:State } ORDER BY ?s LIMIT 3",
        p + "SELECT ?l WHERE { ?s rdfs:label ?l FILTER(REGEX(?l, '^F')) } ORDER BY ?l",
    ]


def test_sixteen_concurrent_first_queries_on_a_fresh_server_all_answer_right():
    """Regression: concurrent first parses poisoned rdflib's (pyparsing) parser for good."""
    queries = _client_queries()
    reference = Graph().parse(FIXTURE, format="turtle")
    expected = [
        [[str(v) for v in row] for row in reference.query(q)] for q in queries
    ]  # parsed here one at a time: this process is not the server
    barrier = threading.Barrier(len(queries))
    accept = {"accept": "application/sparql-results+json"}
    with serve_process() as url:

        def ask(query: str) -> httpx.Response:
            barrier.wait(timeout=60)
            return httpx.post(f"{url}/sparql", data={"query": query}, headers=accept, timeout=120)

        with ThreadPoolExecutor(len(queries)) as pool:
            responses = list(pool.map(ask, queries))
        for query, response, rows in zip(queries, responses, expected, strict=True):
            assert response.status_code == 200, (query, response.text)
            data = response.json()
            names = data["head"]["vars"]
            got = [[b[n]["value"] for n in names if n in b] for b in data["results"]["bindings"]]
            assert got == rows, query
        after = httpx.get(f"{url}/sparql", params={"query": "ASK {?s ?p ?o}"}, headers=accept)
        assert after.status_code == 200 and after.json()["boolean"] is True


@pytest.mark.parametrize("port", ["99999", "-1", "65536", "http"])
def test_serve_rejects_a_port_out_of_range_with_a_usage_error(port, capsys):
    with pytest.raises(SystemExit) as info:
        main(["serve", str(FIXTURE), "--port", port])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "--port" in err
    assert err.strip().splitlines()[-1].startswith("graphbuild serve: error: argument --port")


def test_serve_on_a_port_in_use_is_one_line_and_never_claims_to_serve(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        status = main(["serve", str(FIXTURE), "--port", str(port)])
    err = capsys.readouterr().err
    assert status != 0
    assert "serving SPARQL" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("graphbuild: error: cannot serve on 127.0.0.1:")
    assert "in use" in lines[0]


def test_concurrent_first_parses_in_one_process_are_safe():
    """The parser lock itself, in a fresh interpreter (this one's parser is warmed up already):
    16 threads parse 16 different queries at once, then every later parse still works."""
    script = f"""
import threading, sys
sys.path[:0] = [{str(Path(__file__).parent)!r}, {str(Path(__file__).parents[1])!r}]
from test_serve_process import _client_queries
from graphbuild.serve.queries import prepare_query
errors = []
barrier = threading.Barrier(16)
def parse(text):
    barrier.wait()
    try:
        prepare_query(text)
    except Exception as exc:
        errors.append(repr(exc))
threads = [threading.Thread(target=parse, args=(q,)) for q in _client_queries()]
for t in threads: t.start()
for t in threads: t.join()
prepare_query("ASK {{ ?s ?p ?o }}")
print(len(errors), errors[:1])
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("0 []"), done.stdout


@pytest.mark.parametrize(
    ("flags", "origins"),
    [
        ([], ("*",)),
        (["--cors-origin", "https://a.example"], ("https://a.example",)),
        (["--cors-origin", "none"], ()),
    ],
)
def test_serve_options_reach_the_server(monkeypatch, flags, origins):
    import graphbuild.serve.server

    seen = {}
    monkeypatch.setattr(graphbuild.serve.server, "serve", lambda graph, **kw: seen.update(kw))
    argv = ["serve", str(FIXTURE), "--port", "0", "--workers", "2", "--queue", "5", *flags]
    assert main([*argv, "--timeout", "2.5"]) == 0
    assert seen["cors_origins"] == origins
    assert (seen["workers"], seen["queue"], seen["timeout_s"], seen["port"]) == (2, 5, 2.5, 0)
