"""The SPARQL endpoint served by uvicorn on a free local port, queried as a client would."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, TURTLE, SPARQLWrapper

from graphbuild.server import make_server, negotiate

FIXTURE = Path(__file__).parent / "data" / "fixture_graph.ttl"
ID = "https://w3id.org/graphbuild/id/"
GB = "https://w3id.org/graphbuild/ontology#"
PREFIX = f"PREFIX gb: <{GB}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """Base URL of a live server over the fixture graph, stopped with `should_exit`."""
    graph = Graph().parse(FIXTURE, format="turtle")
    port = _free_port()
    server = make_server(graph, "127.0.0.1", port, timeout_s=1.0, max_rows=50)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=20)


def wrapper(endpoint: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setTimeout(30)
    return client


def test_select_with_sparqlwrapper_get_and_post(endpoint):
    for method, request_method in ((None, None), (POST, None), (POST, POSTDIRECTLY)):
        client = wrapper(endpoint)
        if method:
            client.setMethod(method)
        if request_method:
            client.setRequestMethod(request_method)
        client.setQuery(
            PREFIX + "SELECT ?label WHERE { ?s a gb:State ; rdfs:label ?label } ORDER BY ?label"
        )
        client.setReturnFormat(JSON)
        data = client.query().convert()
        labels = [b["label"]["value"] for b in data["results"]["bindings"]]
        assert labels == ["France", "Russia", "Ukraine", "United Kingdom", "United States"]


def test_ask_and_construct_with_sparqlwrapper(endpoint):
    client = wrapper(endpoint)
    client.setQuery(PREFIX + "ASK { ?s gb:criticises ?o }")
    client.setReturnFormat(JSON)
    assert client.query().convert() == {"head": {}, "boolean": True}

    client = wrapper(endpoint)
    client.setQuery(
        PREFIX + "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a gb:Coalition ; rdfs:label ?l }"
    )
    client.setReturnFormat(TURTLE)
    body = client.query().convert()
    graph = Graph().parse(data=body, format="turtle")
    labels = {str(s): str(o) for s, _, o in graph}
    assert labels == {
        ID + "coalition/nato": "NATO",
        ID + "coalition/coalition-of-the-willing": "coalition of the willing",
    }


def test_update_is_forbidden(endpoint):
    client = wrapper(endpoint)
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(urllib.error.HTTPError) as info:
        client.query()
    assert info.value.code == 403
    direct = httpx.post(
        f"{endpoint}/sparql",
        content="DROP ALL",
        headers={"content-type": "application/sparql-update"},
    )
    assert direct.status_code == 403
    smuggled = httpx.get(f"{endpoint}/sparql", params={"query": "CLEAR DEFAULT"})
    assert smuggled.status_code == 403 and "read-only" in smuggled.text
    count = httpx.get(
        f"{endpoint}/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
        headers={"accept": "text/csv"},
    )
    assert count.text.split("\r\n")[1] == str(len(Graph().parse(FIXTURE, format="turtle")))


def test_service_query_is_refused(endpoint):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    try:
        response = httpx.get(
            f"{endpoint}/sparql",
            params={
                "query": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"
            },
        )
        assert response.status_code == 403 and "SERVICE" in response.text
        with pytest.raises(BlockingIOError):
            listener.accept()
    finally:
        listener.close()


def test_malformed_query_is_a_400_with_the_parser_message(endpoint):
    response = httpx.post(f"{endpoint}/sparql", data={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert response.text.startswith("malformed SPARQL: Expected") and response.text.count("\n") == 1
    assert httpx.get(f"{endpoint}/sparql").status_code == 400
    odd = httpx.post(f"{endpoint}/sparql", content="x", headers={"content-type": "text/x-foo"})
    assert odd.status_code == 415


def test_a_lone_surrogate_in_a_result_is_a_400_not_a_500(endpoint):
    query = 'SELECT ?x WHERE { BIND("Zelenskyy \\uD800" AS ?x) }'
    for accept in ("application/sparql-results+json", "application/sparql-results+xml"):
        response = httpx.post(
            f"{endpoint}/sparql", data={"query": query}, headers={"accept": accept}
        )
        assert response.status_code == 400, accept
        assert response.text.startswith("cannot write the result as ")


def test_query_text_is_never_read_as_a_file(endpoint):
    response = httpx.get(f"{endpoint}/sparql", params={"query": str(FIXTURE)})
    assert response.status_code == 400 and "gb:" not in response.text


def test_content_negotiation(endpoint):
    query = {"query": PREFIX + "SELECT ?l WHERE { <" + ID + "state/FRA> rdfs:label ?l }"}
    cases = {
        "application/sparql-results+json": ("application/sparql-results+json", '"France"'),
        "application/sparql-results+xml": ("application/sparql-results+xml", "<literal>France"),
        "text/csv": ("text/csv", "l\r\nFrance\r\n"),
        "text/tab-separated-values": ("text/tab-separated-values", '?l\n"France"\n'),
        "text/html;q=0.9, text/csv;q=0.2": ("text/csv", "France"),
        "*/*": ("application/sparql-results+json", "France"),
    }
    for accept, (media, fragment) in cases.items():
        response = httpx.get(f"{endpoint}/sparql", params=query, headers={"accept": accept})
        assert response.headers["content-type"].startswith(media), accept
        assert fragment in response.text, accept
        if media.endswith("+json"):  # whitespace differs with and without orjson installed
            bindings = json.loads(response.text)["results"]["bindings"]
            assert bindings == [{"l": {"type": "literal", "value": "France"}}], accept
    construct = {"query": PREFIX + "CONSTRUCT WHERE { ?s gb:invades ?o }"}
    nt = httpx.get(
        f"{endpoint}/sparql", params=construct, headers={"accept": "application/n-triples"}
    )
    assert nt.headers["content-type"].startswith("application/n-triples")
    assert nt.text.strip() == f"<{ID}state/RUS> <{GB}invades> <{ID}state/UKR> ."
    assert negotiate("SELECT", "text/turtle", "csv") == ("csv", "text/csv; charset=utf-8")


def test_named_queries_over_http(endpoint):
    catalogue = httpx.get(f"{endpoint}/queries").json()
    names = [q["name"] for q in catalogue]
    assert "leaders" in names and "timeline" in names
    leaders = next(q for q in catalogue if q["name"] == "leaders")
    assert leaders["params"] == [
        {"name": "state", "kind": "iri", "doc": leaders["params"][0]["doc"], "required": False}
    ]
    response = httpx.get(
        f"{endpoint}/queries/supporters-and-critics",
        params={"actor": "Putin"},
        headers={"accept": "application/sparql-results+json"},
    )
    rows = response.json()["results"]["bindings"]
    assert [(r["otherLabel"]["value"], r["documents"]["value"]) for r in rows] == [
        ("Donald Trump", "1"),
        ("Keir Starmer", "3"),
        ("Emmanuel Macron", "1"),
    ]
    assert httpx.get(f"{endpoint}/queries/nope").status_code == 404
    bad = httpx.get(f"{endpoint}/queries/leaders", params={"country": "France"})
    assert bad.status_code == 400 and "its parameters: state" in bad.text


def test_result_size_limit_truncates(endpoint):
    response = httpx.get(
        f"{endpoint}/sparql",
        params={"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"},
        headers={"accept": "text/csv"},
    )
    assert response.status_code == 200
    assert response.headers["x-graphbuild-truncated"] == "true"
    assert response.text.count("\r\n") == 1 + 50


def test_slow_query_times_out_and_its_thread_stops(endpoint):
    response = httpx.get(f"{endpoint}/sparql", params={"query": SLOW}, timeout=60)
    assert response.status_code == 503
    assert "longer than the 1 s limit" in response.text
    # The abandoned worker thread is interrupted and exits; it does not run on forever.
    for _ in range(200):
        if not any(t.name == "graphbuild-query" for t in threading.enumerate()):
            break
        time.sleep(0.05)
    assert not any(t.name == "graphbuild-query" for t in threading.enumerate())
    again = httpx.get(f"{endpoint}/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert again.status_code == 200


def test_page_has_no_external_assets(endpoint):
    response = httpx.get(f"{endpoint}/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    assert "http://" not in page and "https://" not in page
    assert "<script src" not in page and "<link" not in page
    assert 'value="leaders"' in page and 'value="timeline"' in page
    assert "default-src 'none'" in response.headers["content-security-policy"]


@pytest.mark.browser
@pytest.mark.slow
def test_page_runs_a_named_query_in_headless_chromium(endpoint):
    """The inline script works under the page's own Content-Security-Policy."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("no Chromium")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"{endpoint}/")
            page.select_option("#named", "supporters-and-critics")
            page.fill("#params input[name=actor]", "Putin")
            page.click("#run-named")
            page.wait_for_selector("#out table")
            assert page.inner_text("#status") == "3 rows"
            assert "Keir Starmer" in page.inner_text("#out")
            assert errors == []
        finally:
            browser.close()
