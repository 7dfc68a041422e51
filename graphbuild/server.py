"""A read-only SPARQL 1.1 Protocol endpoint, the named queries over HTTP, and a small query page.

Starlette gives routing, request parsing and responses in a few lines and runs on uvicorn;
queries run in worker threads so the event loop stays responsive and a time limit can be kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import html
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import uvicorn
from rdflib import Graph
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from graphbuild.csp import source_hash
from graphbuild.errors import QueryError, one_line
from graphbuild.queries import (
    NamedQuery,
    QuerySyntaxError,
    UnsafeQueryError,
    UpdateForbiddenError,
    format_result,
    inline_query,
    list_queries,
    run_query,
)
from graphbuild.resources import QUERIES_DIR

T = TypeVar("T")

MAX_BODY_BYTES = 1 << 20
RESERVED_PARAMS = frozenset({"format", "output", "results"})

# (media type, our format) in order of preference; the first entry is the default.
SELECT_TYPES = (
    ("application/sparql-results+json", "json"),
    ("application/json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("text/plain", "table"),
)
GRAPH_TYPES = (
    ("text/turtle", "turtle"),
    ("application/x-turtle", "turtle"),
    ("application/turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("text/plain", "nt"),
    ("application/ld+json", "json-ld"),
    ("application/json", "json-ld"),
    ("application/rdf+xml", "xml"),
    ("application/xml", "xml"),
)
RESPONSE_TYPES = {
    ("select", "json"): "application/sparql-results+json",
    ("select", "xml"): "application/sparql-results+xml",
    ("select", "csv"): "text/csv; charset=utf-8",
    ("select", "tsv"): "text/tab-separated-values; charset=utf-8",
    ("select", "table"): "text/plain; charset=utf-8",
    ("graph", "turtle"): "text/turtle; charset=utf-8",
    ("graph", "nt"): "application/n-triples",
    ("graph", "json-ld"): "application/ld+json",
    ("graph", "xml"): "application/rdf+xml",
}
FORMAT_ALIASES = {
    "json": ("json", "json-ld"),
    "xml": ("xml", "xml"),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "turtle": (None, "turtle"),
    "ttl": (None, "turtle"),
    "n3": (None, "turtle"),
    "nt": (None, "nt"),
    "ntriples": (None, "nt"),
    "n-triples": (None, "nt"),
    "json-ld": (None, "json-ld"),
    "jsonld": (None, "json-ld"),
    "rdf+xml": (None, "xml"),
    "rdf": (None, "xml"),
    "text": ("table", "turtle"),
}


class QueryTimeoutError(QueryError):
    """A query ran past the server's time limit."""


class ServerBusyError(QueryError):
    """Every query worker is taken (abandoned slow queries count until they stop)."""


class HTTPProblem(Exception):
    """An error answered with `status` and a one-line plain-text message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


# --- content negotiation -------------------------------------------------------------------------


def _accepted(accept: str) -> list[str]:
    """Media ranges of an Accept header, most preferred first (stable for equal q)."""
    ranges = []
    for index, item in enumerate(accept.split(",")):
        parts = [p.strip() for p in item.split(";")]
        if not parts[0]:
            continue
        q = 1.0
        for part in parts[1:]:
            key, _, value = part.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, index, parts[0].lower()))
    return [r for _, _, r in sorted(ranges)]


def negotiate(result_kind: str, accept: str | None, override: str | None) -> tuple[str, str]:
    """(our format, response media type) for a result kind, an Accept header and an optional
    `format`/`output` parameter (which wins). Unmatched preferences get the default format."""
    group = "graph" if result_kind in ("CONSTRUCT", "DESCRIBE") else "select"
    offered = GRAPH_TYPES if group == "graph" else SELECT_TYPES
    fmt = None
    if override:
        key = override.strip().lower()
        if key in FORMAT_ALIASES:
            fmt = FORMAT_ALIASES[key][0 if group == "select" else 1]
        else:
            fmt = next((f for media, f in offered if media == key), None)
    if fmt is None and accept:
        for media_range in _accepted(accept):
            if media_range == "*/*":
                break
            kind = media_range.split("/")[0] + "/*" == media_range
            match = next(
                (
                    f
                    for media, f in offered
                    if media == media_range or (kind and media.startswith(media_range[:-1]))
                ),
                None,
            )
            if match:
                fmt = match
                break
    if fmt is None:
        fmt = offered[0][1]
    return fmt, RESPONSE_TYPES[(group, fmt)]


# --- running queries with a time limit -----------------------------------------------------------


def _interrupt(thread: threading.Thread, exc_type: type[BaseException]) -> bool:
    """Raise `exc_type` inside `thread` at its next Python bytecode (CPython only)."""
    if thread.ident is None:
        return False
    changed = ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread.ident), ctypes.py_object(exc_type)
    )
    return changed == 1


class QueryRunner:
    """Runs blocking query calls in daemon threads, at most `workers` at once, each with a
    time limit. A query over the limit is answered at once; its thread is then interrupted
    with QueryTimeoutError at its next Python instruction (rdflib's engine is pure Python,
    so it stops promptly; a native store such as Oxigraph stops when control returns to
    Python, e.g. at the next row). Until it stops, the thread keeps its worker slot."""

    def __init__(self, timeout_s: float, workers: int = 4):
        self.timeout_s = timeout_s
        self._slots = threading.BoundedSemaphore(workers)
        self.threads: set[threading.Thread] = set()

    async def run(self, fn: Callable[[], T]) -> T:
        if not self._slots.acquire(blocking=False):
            raise ServerBusyError("all query workers are busy; try again shortly")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()

        def settle(value: Any, error: BaseException | None) -> None:
            if future.done():
                return
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(value)

        def work() -> None:
            try:
                value, error = fn(), None
            except BaseException as exc:
                value, error = None, exc
            finally:
                self._slots.release()
                self.threads.discard(threading.current_thread())
            with contextlib.suppress(RuntimeError):  # the loop closed while we ran
                loop.call_soon_threadsafe(settle, value, error)

        thread = threading.Thread(target=work, name="graphbuild-query", daemon=True)
        self.threads.add(thread)
        thread.start()
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.timeout_s)
        except TimeoutError:
            _interrupt(thread, QueryTimeoutError)
            raise QueryTimeoutError(
                f"query stopped: it ran longer than the {self.timeout_s:g} s limit"
            ) from None


# --- the app -------------------------------------------------------------------------------------


def _problem_response(exc: Exception) -> PlainTextResponse:
    if isinstance(exc, HTTPProblem):
        status = exc.status
    elif isinstance(exc, UpdateForbiddenError | UnsafeQueryError):
        status = 403
    elif isinstance(exc, QueryTimeoutError | ServerBusyError):
        status = 503
    elif isinstance(exc, QuerySyntaxError | QueryError):
        status = 400
    else:
        status = 500
    message = one_line(exc)
    if status == 500:
        message = f"internal error: {message}"
    return PlainTextResponse(message + "\n", status_code=status)


def _answer(
    graph: Graph,
    query: NamedQuery,
    params: Mapping[str, str],
    max_rows: int,
    accept: str | None,
    override: str | None,
) -> Response:
    """Run a query and write its result in the negotiated format; called in a worker thread, so
    the time limit covers serialising a large result too and the event loop never waits on it."""
    result = run_query(graph, query, params, max_rows=max_rows)
    fmt, media_type = negotiate(result.kind, accept, override)
    body = format_result(result, fmt)
    headers = {"Vary": "Accept"}
    if result.truncated:
        headers["X-Graphbuild-Truncated"] = "true"
    return Response(body, media_type=media_type, headers=headers)


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise HTTPProblem(413, f"request body larger than {MAX_BODY_BYTES} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise HTTPProblem(413, f"request body larger than {MAX_BODY_BYTES} bytes")
    return body


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPProblem(400, "request body is not UTF-8") from None


async def _protocol_request(request: Request) -> tuple[str, Mapping[str, str]]:
    """The query text and protocol parameters of a SPARQL 1.1 Protocol request."""
    params: dict[str, str] = dict(request.query_params)
    if request.method == "POST":
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await _read_body(request)
        if content_type == "application/x-www-form-urlencoded":
            form = parse_qsl(_decode(body), keep_blank_values=True)
            params.update(form)
        elif content_type == "application/sparql-query":
            params["query"] = _decode(body)
        elif content_type == "application/sparql-update":
            raise UpdateForbiddenError("SPARQL Update is not allowed: the endpoint is read-only")
        else:
            raise HTTPProblem(
                415,
                "POST a query as application/x-www-form-urlencoded or application/sparql-query",
            )
    if "update" in params:
        raise UpdateForbiddenError("SPARQL Update is not allowed: the endpoint is read-only")
    if "default-graph-uri" in params or "named-graph-uri" in params:
        raise HTTPProblem(400, "default-graph-uri and named-graph-uri are not supported")
    query = params.get("query")
    if not query or not query.strip():
        raise HTTPProblem(400, "missing 'query' parameter")
    return query, params


def create_app(
    graph: Graph,
    *,
    timeout_s: float = 10,
    max_rows: int = 10000,
    workers: int = 4,
    queries_dir: str | Path = QUERIES_DIR,
) -> Starlette:
    """The ASGI app: `/sparql` (SPARQL 1.1 Protocol, read-only), `/queries` (JSON list),
    `/queries/{name}` (run a named query, parameters in the query string) and `/` (HTML page)."""
    named: dict[str, NamedQuery] = {q.name: q for q in list_queries(queries_dir)}
    runner = QueryRunner(timeout_s, workers)

    async def sparql(request: Request) -> Response:
        try:
            text, params = await _protocol_request(request)
            query = inline_query(text)
            override = params.get("format") or params.get("output")
            accept = request.headers.get("accept")
            return await runner.run(lambda: _answer(graph, query, {}, max_rows, accept, override))
        except Exception as exc:
            return _problem_response(exc)

    async def run_named(request: Request) -> Response:
        query = named.get(request.path_params["name"])
        if query is None:
            return PlainTextResponse(
                f"no named query {request.path_params['name']!r}\n", status_code=404
            )
        params = {k: v for k, v in request.query_params.items() if k not in RESERVED_PARAMS}
        override = request.query_params.get("format") or request.query_params.get("output")
        accept = request.headers.get("accept")
        try:
            return await runner.run(
                lambda: _answer(graph, query, params, max_rows, accept, override)
            )
        except Exception as exc:
            return _problem_response(exc)

    async def catalogue(request: Request) -> Response:
        return JSONResponse([_describe(q) for q in named.values()])

    async def page(request: Request) -> Response:
        return HTMLResponse(_page(list(named.values())), headers={"Content-Security-Policy": _CSP})

    app = Starlette(
        routes=[
            Route("/", page, methods=["GET"]),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/queries", catalogue, methods=["GET"]),
            Route("/queries/{name}", run_named, methods=["GET"]),
        ]
    )
    app.state.runner = runner
    return app


def _describe(query: NamedQuery) -> dict[str, Any]:
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "params": [
            {"name": p.name, "kind": p.kind, "doc": p.doc, "required": p.required}
            for p in query.params
        ],
        "text": query.text,
    }


def make_server(
    graph: Graph,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    log_level: str = "warning",
    **app_options: Any,
) -> uvicorn.Server:
    """A uvicorn Server for the app (call `.run()`, or set `.should_exit` to stop it);
    `app_options` go to `create_app` (timeout_s, max_rows, workers, queries_dir)."""
    config = uvicorn.Config(
        create_app(graph, **app_options), host=host, port=port, log_level=log_level
    )
    return uvicorn.Server(config)


def serve(graph: Graph, host: str = "127.0.0.1", port: int = 8000, **app_options: Any) -> None:
    """Serve the graph until interrupted, logging requests."""
    make_server(graph, host, port, log_level="info", **app_options).run()


# --- the HTML page (no external assets) ----------------------------------------------------------

_STYLE = """
body{font:15px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
textarea{width:100%;height:9em;font:13px monospace}
table{border-collapse:collapse;margin-top:1em}
td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}
#status{margin:.5em 0;color:#555}
#params label{display:block;margin:.3em 0}
pre{background:#f7f7f7;padding:.5em;overflow:auto}
"""

_SCRIPT = """
const $ = (id) => document.getElementById(id);
let catalogue = [];
function show(text) { $("status").textContent = text; }
function clear() { $("out").replaceChildren(); }
function cell(term) {
  if (!term) return "";
  if (term.type === "uri") return term.value;
  if (term.type === "bnode") return "_:" + term.value;
  return term.value + (term["xml:lang"] ? "@" + term["xml:lang"] : "");
}
async function render(response) {
  clear();
  const type = response.headers.get("content-type") || "";
  const body = await response.text();
  if (!response.ok) { show("Error " + response.status + ": " + body); return; }
  if (!type.includes("json")) {
    const pre = document.createElement("pre"); pre.textContent = body;
    $("out").append(pre); show("Graph result"); return;
  }
  const data = JSON.parse(body);
  if ("boolean" in data) { show("Answer: " + data.boolean); return; }
  const table = document.createElement("table");
  const head = table.insertRow();
  for (const v of data.head.vars) {
    const th = document.createElement("th"); th.textContent = v; head.append(th);
  }
  for (const b of data.results.bindings) {
    const row = table.insertRow();
    for (const v of data.head.vars) row.insertCell().textContent = cell(b[v]);
  }
  $("out").append(table);
  const cut = response.headers.get("x-graphbuild-truncated") ? " (truncated)" : "";
  show(data.results.bindings.length + " rows" + cut);
}
const ACCEPT = {Accept: "application/sparql-results+json, text/turtle;q=0.9"};
function pick() {
  const q = catalogue.find((x) => x.name === $("named").value);
  const box = $("params"); box.replaceChildren();
  if (!q) return;
  $("about").textContent = q.description;
  for (const p of q.params) {
    const label = document.createElement("label");
    label.textContent = p.name + " (" + p.kind + (p.required ? ", required" : "") + "): ";
    const input = document.createElement("input");
    input.name = p.name; input.title = p.doc; input.placeholder = p.doc;
    label.append(input); box.append(label);
  }
  $("query").value = q.text;
}
async function runNamed() {
  const params = new URLSearchParams();
  for (const input of $("params").querySelectorAll("input")) {
    if (input.value.trim()) params.set(input.name, input.value);
  }
  show("Running..."); clear();
  const url = "queries/" + encodeURIComponent($("named").value) + "?" + params;
  render(await fetch(url, {headers: ACCEPT}));
}
async function runText() {
  show("Running..."); clear();
  const body = new URLSearchParams({query: $("query").value});
  render(await fetch("sparql", {method: "POST", body: body, headers: ACCEPT}));
}
async function start() {
  catalogue = await (await fetch("queries")).json();
  $("named").addEventListener("change", pick);
  $("run-named").addEventListener("click", runNamed);
  $("run-text").addEventListener("click", runText);
  pick();
}
start();
"""


_CSP = (
    f"default-src 'none'; script-src {source_hash(_SCRIPT)}; style-src {source_hash(_STYLE)}; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def _page(queries: list[NamedQuery]) -> str:
    options = "\n".join(
        f'<option value="{html.escape(q.name)}">{html.escape(q.name)} - {html.escape(q.title)}'
        "</option>"
        for q in queries
    )
    listing = "\n".join(
        f"<li><b>{html.escape(q.name)}</b>: {html.escape(q.description)}</li>" for q in queries
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>graphbuild SPARQL</title>
<style>{_STYLE}</style></head>
<body>
<h1>graphbuild SPARQL endpoint</h1>
<p>Read-only. Protocol endpoint: <code>sparql</code>; named queries: <code>queries</code>.</p>
<h2>Named query</h2>
<select id="named">{options}</select> <button id="run-named">Run</button>
<p id="about"></p>
<div id="params"></div>
<h2>SPARQL</h2>
<textarea id="query" spellcheck="false">SELECT * WHERE {{ ?s ?p ?o }} LIMIT 10</textarea>
<button id="run-text">Run SPARQL</button>
<div id="status"></div>
<div id="out"></div>
<details><summary>All named queries</summary><ul>{listing}</ul></details>
<script>{_SCRIPT}</script>
</body></html>
"""
