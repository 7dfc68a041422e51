"""The SPARQL endpoint served by uvicorn on a free local port, queried as a client would."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import re
import socket
import threading
import time
import urllib.error
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from rdflib import Graph
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper

from graphbuild.serve.server import make_server, negotiate

FIXTURE = Path(__file__).parents[1] / "data" / "fixture_graph.ttl"
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


def test_slow_query_times_out_and_its_worker_is_replaced(endpoint):
    before = set(_live_workers())
    response = httpx.get(f"{endpoint}/sparql", params={"query": SLOW}, timeout=60)
    assert response.status_code == 503
    assert "longer than the 1 s limit" in response.text
    again = httpx.get(f"{endpoint}/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert again.status_code == 200
    assert len(set(_live_workers()) - before) == 1  # one killed, one forked in its place


def _live_workers() -> list[int]:
    """PIDs of this process's live query worker processes."""
    return [p.pid for p in multiprocessing.active_children() if p.name == "graphbuild-query"]


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


# --- workers, queue and time limit on every kind of graph ----------------------------------------


def _graph(kind: str, tmp_path: Path) -> Graph:
    """The fixture graph in rdflib's memory store, Oxigraph's memory store or on disk."""
    from graphbuild.graph.store import load_into, open_graph

    if kind == "rdflib":
        return Graph().parse(FIXTURE, format="turtle")
    spec = "oxigraph" if kind == "oxigraph-memory" else f"oxigraph:{tmp_path / 'store'}"
    return load_into(open_graph(spec), FIXTURE)


@contextlib.contextmanager
def running(graph: Graph, **options) -> Iterator[tuple[str, Any]]:
    """(base URL, app) of a live server on a free port, stopped with `should_exit`."""
    port = _free_port()
    server = make_server(graph, "127.0.0.1", port, **options)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", server.config.app
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def _until(condition, what: str) -> None:
    for _ in range(2000):
        if condition():
            return
        time.sleep(0.01)
    pytest.fail(f"never: {what}")


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


GRAPH_KINDS = ["rdflib", "oxigraph-memory", "oxigraph-disk"]


@pytest.mark.parametrize("kind", GRAPH_KINDS)
def test_heavy_queries_are_killed_at_their_limit_and_the_server_answers_right_after(kind, tmp_path):
    """A native Oxigraph query cannot be interrupted in a thread: its worker process is killed."""
    with running(_graph(kind, tmp_path), timeout_s=1.0, workers=2, queue=4) as (url, app):
        first = set(app.state.workers.pids())
        with ThreadPoolExecutor(4) as pool:
            heavy = list(
                pool.map(
                    lambda _: httpx.get(f"{url}/sparql", params={"query": SLOW}, timeout=60),
                    range(4),
                )
            )
        assert [r.status_code for r in heavy] == [503] * 4
        assert all(r.text.count("\n") == 1 for r in heavy)
        assert any("longer than the 1 s limit" in r.text for r in heavy)
        assert all(_gone(pid) for pid in first)  # no heavy query runs on after its 503
        ask = httpx.get(f"{url}/sparql", params={"query": "ASK {?s ?p ?o}"}, timeout=30)
        assert ask.status_code == 200 and ask.json() == {"head": {}, "boolean": True}
        assert app.state.admission.running == 0


@pytest.mark.parametrize(
    ("kind", "processes"),
    [(kind, True) for kind in GRAPH_KINDS] + [("rdflib", False)],
    ids=[*GRAPH_KINDS, "rdflib-threads"],
)
def test_clients_beyond_the_workers_wait_in_the_queue_and_all_get_answers(
    kind, processes, tmp_path
):
    graph = _graph(kind, tmp_path)
    query = PREFIX + "SELECT ?l WHERE { ?s a gb:State ; rdfs:label ?l } ORDER BY ?l"
    clients = 12
    barrier = threading.Barrier(clients)
    with running(graph, timeout_s=60, workers=2, queue=clients, processes=processes) as (url, _):

        def ask(_: int) -> httpx.Response:
            barrier.wait(timeout=30)
            return httpx.post(
                f"{url}/sparql", data={"query": query}, headers={"accept": "text/csv"}, timeout=60
            )

        with ThreadPoolExecutor(clients) as pool:
            responses = list(pool.map(ask, range(clients)))
    assert [r.status_code for r in responses] == [200] * clients
    expected = "l\r\nFrance\r\nRussia\r\nUkraine\r\nUnited Kingdom\r\nUnited States\r\n"
    assert {r.text for r in responses} == {expected}


@pytest.mark.parametrize("processes", [True, False], ids=["processes", "threads"])
def test_a_request_past_the_full_queue_gets_a_clear_503(processes):
    graph = Graph().parse(FIXTURE, format="turtle")
    options = {"workers": 1, "queue": 1, "queue_wait_s": 60, "processes": processes}
    with running(graph, timeout_s=5, **options) as (url, app):
        admission = app.state.admission
        with ThreadPoolExecutor(2) as pool:
            running_one = pool.submit(
                httpx.get, f"{url}/sparql", params={"query": SLOW}, timeout=60
            )
            _until(lambda: admission.running == 1, "the first query runs")
            waiting_one = pool.submit(
                httpx.get, f"{url}/sparql", params={"query": "ASK {?s ?p ?o}"}, timeout=60
            )
            _until(lambda: admission.waiting == 1, "the second query waits")
            refused = httpx.get(f"{url}/sparql", params={"query": "ASK {?s ?p ?o}"}, timeout=60)
            assert refused.status_code == 503
            assert (
                refused.text == "server busy: 1 queries running and 1 waiting; try again shortly\n"
            )
            assert running_one.result().status_code == 503  # its time limit
            assert waiting_one.result().status_code == 200  # its turn came


# --- what clients send and read ------------------------------------------------------------------

QUERIES = Path(__file__).parents[2] / "queries"


@pytest.fixture(scope="module")
def roomy_endpoint() -> Iterator[str]:
    """A live server whose time limit leaves whole-graph named queries room on a busy machine."""
    with running(Graph().parse(FIXTURE, format="turtle"), timeout_s=120) as (url, _):
        yield url


@pytest.mark.parametrize("name", ["supporters-and-critics", "timeline"])
def test_a_named_querys_text_sent_by_a_client_runs_with_its_parameters_unbound(
    roomy_endpoint, name
):
    """`# param:` lines are comments to a SPARQL client: the endpoint never asks for them."""
    endpoint = roomy_endpoint
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    assert "# param:" in text
    via_wrapper = {}
    for method, request_method in ((None, None), (POST, None), (POST, POSTDIRECTLY)):
        client = wrapper(endpoint)
        if method:
            client.setMethod(method)
        if request_method:
            client.setRequestMethod(request_method)
        client.setQuery(text)
        client.setReturnFormat(JSON)
        via_wrapper[(method, request_method)] = client.query().convert()
    via_httpx = httpx.post(
        f"{endpoint}/sparql",
        content=text.encode(),
        headers={"content-type": "application/sparql-query", "accept": "application/json"},
    )
    assert via_httpx.status_code == 200, via_httpx.text
    answers = [*via_wrapper.values(), via_httpx.json()]
    assert all(a == answers[0] for a in answers)
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    remote = Graph(store=SPARQLStore(f"{endpoint}/sparql", returnFormat="json"))
    rows = list(remote.query(text))
    assert len(rows) == len(answers[0]["results"]["bindings"])
    if name == "supporters-and-critics":  # no parameter given: the named query answers the same
        named = httpx.get(f"{endpoint}/queries/{name}", headers={"accept": "application/json"})
        assert answers[0] == named.json() and answers[0]["results"]["bindings"]


def test_xml_results_keep_false_and_zero(endpoint):
    """rdflib's XML writer drops falsy literals (rdflib #3138); the endpoint's XML must not."""
    query = (
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT ?b ?d ?i ?e WHERE { "
        'BIND(false AS ?b) BIND("0.0"^^xsd:double AS ?d) BIND(0 AS ?i) BIND("" AS ?e) }'
    )
    client = wrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(XML)
    document = client.query().convert()
    values = {
        b.getAttribute("name"): b.getElementsByTagName("literal")[0].firstChild
        for b in document.getElementsByTagName("binding")
    }
    assert {k: v.data if v else "" for k, v in values.items()} == {
        "b": "false",
        "d": "0.0",
        "i": "0",
        "e": "",
    }
    raw = httpx.get(
        f"{endpoint}/sparql",
        params={"query": query},
        headers={"accept": "application/sparql-results+xml"},
    ).text
    assert ">false</literal>" in raw and ">0.0</literal>" in raw and ">0</literal>" in raw
    client = wrapper(endpoint)
    client.setQuery("ASK { <urn:nothing> ?p ?o }")
    client.setReturnFormat(XML)
    booleans = client.query().convert().getElementsByTagName("boolean")
    assert booleans[0].firstChild.data == "false"


def test_cors_lets_a_page_on_another_origin_query(endpoint):
    origin = {"origin": "https://yasgui.example.org"}
    preflight = httpx.options(
        f"{endpoint}/sparql",
        headers={
            **origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type, accept",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "content-type" in preflight.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in preflight.headers
    answer = httpx.post(
        f"{endpoint}/sparql",
        content="ASK { ?s ?p ?o }",
        headers={**origin, "content-type": "application/sparql-query"},
    )
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "x-graphbuild-truncated" in answer.headers["access-control-expose-headers"].lower()
    client = wrapper(endpoint)
    client.addCustomHttpHeader("Origin", origin["origin"])
    client.setQuery("ASK { ?s ?p ?o }")
    client.setReturnFormat(JSON)
    result = client.query()
    assert result.info()["access-control-allow-origin"] == "*"
    assert result.convert()["boolean"] is True


def test_cors_can_be_limited_or_switched_off():
    graph = Graph()
    with running(graph, processes=False, cors_origins=["https://a.example"]) as (url, _):
        allowed = httpx.get(f"{url}/queries", headers={"origin": "https://a.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://a.example"
        other = httpx.get(f"{url}/queries", headers={"origin": "https://b.example"})
        assert "access-control-allow-origin" not in other.headers
    with running(graph, processes=False, cors_origins=()) as (url, _):
        off = httpx.get(f"{url}/queries", headers={"origin": "https://a.example"})
        assert off.status_code == 200 and "access-control-allow-origin" not in off.headers


@pytest.mark.browser
@pytest.mark.slow
def test_page_runs_a_parameterised_querys_text_in_headless_chromium(roomy_endpoint):
    """The query page's "Run SPARQL" on a named query's text (which declares parameters) gives
    rows, not a 400."""
    endpoint = roomy_endpoint
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
            assert "# param: actor" in page.input_value("#query")
            page.click("#run-text")
            page.wait_for_selector("#out table")
            assert page.inner_text("#status").endswith(" rows")
            assert "Keir Starmer" in page.inner_text("#out")
            assert errors == []
        finally:
            browser.close()


def test_named_queries_page_by_limit_and_offset(endpoint):
    url = f"{endpoint}/queries/leaders"
    accept = {"accept": "application/sparql-results+json"}
    whole = httpx.get(url, headers=accept)
    assert whole.status_code == 200, whole.text
    rows = whole.json()["results"]["bindings"]
    page = httpx.get(url, params={"limit": "2", "offset": "1"}, headers=accept)
    assert page.status_code == 200, page.text
    assert len(rows) > 3 and page.json()["results"]["bindings"] == rows[1:3]
    assert page.headers.get("x-graphbuild-truncated") == "true"
    bad = httpx.get(url, params={"limit": "-1"})
    assert bad.status_code == 400 and "limit" in bad.text
