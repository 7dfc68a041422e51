"""A read-only SPARQL 1.1 Protocol endpoint, the named queries over HTTP, and a small query page.

Starlette gives routing, request parsing and responses in a few lines and runs on uvicorn.
Queries run in forked worker processes (threads where fork is unavailable) behind a bounded
queue, so the event loop stays responsive, a query past its time limit is killed with its
process (native Oxigraph queries cannot be interrupted otherwise), and concurrent clients wait
their turn instead of being refused.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import ctypes
import errno
import html
import multiprocessing
import os
import signal
import socket
import threading
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import uvicorn
from rdflib import Graph
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from graphbuild.errors import GraphError, QueryError, one_line
from graphbuild.resources import QUERIES_DIR
from graphbuild.serve.csp import source_hash
from graphbuild.serve.queries import (
    NamedQuery,
    QuerySyntaxError,
    UnsafeQueryError,
    UpdateForbiddenError,
    format_result,
    list_queries,
    parse_page,
    prepare_query,
    run_query,
)

T = TypeVar("T")

MAX_BODY_BYTES = 1 << 20
RESERVED_PARAMS = frozenset({"format", "output", "results", "limit", "offset"})

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
    """Every query worker is taken and the queue in front of them is full (or too slow)."""


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


# --- running queries: a bounded queue, then a worker with a time limit ---------------------------

# An HTTP answer computed where the query ran: (status, body, media type, extra headers).
Reply = tuple[int, bytes, str, dict[str, str]]
# What a worker needs to answer a request: (query, parameters, max rows, Accept, format override).
# (query, parameters, max rows, Accept, format override, (limit, offset) of the page)
Job = tuple[NamedQuery, dict[str, str], int, str | None, str | None, tuple[int | None, int]]


def _problem(exc: BaseException) -> Reply:
    """The status and one-line plain-text message for an error."""
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
    return status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8", {}


def _respond(graph: Graph, job: Job) -> Reply:
    """Run a query and write its result in the negotiated format, where the query runs (a worker
    process or thread), so the time limit covers serialising a large result too."""
    query, params, max_rows, accept, override, (limit, offset) = job
    try:
        result = run_query(graph, query, params, max_rows=max_rows, limit=limit, offset=offset)
        fmt, media_type = negotiate(result.kind, accept, override)
        body = format_result(result, fmt).encode("utf-8")
    except Exception as exc:
        return _problem(exc)
    headers = {"Vary": "Accept"}
    if result.truncated:
        headers["X-Graphbuild-Truncated"] = "true"
    return 200, body, media_type, headers


class Admission:
    """At most `workers` queries run at once; up to `queue` more wait their turn in arrival
    order (for at most `wait_s`, when given); a request beyond the queue, or one that waited
    longer, is refused with ServerBusyError (503). Used from the event loop only."""

    def __init__(self, workers: int, queue: int, wait_s: float | None = None):
        if workers < 1 or queue < 0:
            raise ValueError("workers must be at least 1 and queue at least 0")
        self.workers, self.queue, self.wait_s = workers, queue, wait_s
        self._free = workers
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    @property
    def running(self) -> int:
        return self.workers - self._free

    @property
    def waiting(self) -> int:
        return sum(not f.done() for f in self._waiters)

    async def acquire(self) -> None:
        if self._free > 0 and not self._waiters:
            self._free -= 1
            return
        if self.waiting >= self.queue:
            raise ServerBusyError(
                f"server busy: {self.workers} queries running and {self.queue} waiting; "
                "try again shortly"
            )
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(waiter, self.wait_s)
        except BaseException as exc:
            if waiter.done() and not waiter.cancelled():
                self.release()  # handed a worker just as we gave up: pass it on
            else:
                waiter.cancel()
                with contextlib.suppress(ValueError):
                    self._waiters.remove(waiter)
            if isinstance(exc, TimeoutError):
                raise ServerBusyError(
                    f"server busy: no query worker came free within {self.wait_s or 0:g} s; "
                    "try again shortly"
                ) from None
            raise

    def release(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)  # the worker goes straight to the longest waiter
                return
        self._free += 1


def _interrupt(thread: threading.Thread, exc_type: type[BaseException]) -> bool:
    """Raise `exc_type` inside `thread` at its next Python bytecode (CPython only)."""
    if thread.ident is None:
        return False
    changed = ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread.ident), ctypes.py_object(exc_type)
    )
    return changed == 1


def _timeout_error(timeout_s: float) -> QueryTimeoutError:
    return QueryTimeoutError(f"query stopped: it ran longer than the {timeout_s:g} s limit")


class ThreadWorkers:
    """Queries in daemon threads of this process (where fork is unavailable, or when asked).
    A query over the limit is answered at once and its thread interrupted at its next Python
    instruction: rdflib's engine stops promptly, but a native Oxigraph query only when control
    returns to Python, and its thread keeps the worker until then."""

    def __init__(self, graph: Graph, admission: Admission, timeout_s: float):
        self.graph, self.admission, self.timeout_s = graph, admission, timeout_s

    def start(self) -> None:
        pass

    def close(self) -> None:
        pass

    async def run(self, job: Job) -> Reply:
        await self.admission.acquire()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Reply] = loop.create_future()

        def settle(reply: Reply) -> None:
            if not future.done():
                future.set_result(reply)

        def work() -> None:
            try:
                reply = _respond(self.graph, job)
            except BaseException as exc:  # the QueryTimeoutError sent by _interrupt
                reply = _problem(exc)
            with contextlib.suppress(RuntimeError):  # the loop closed while we ran
                loop.call_soon_threadsafe(settle, reply)
                loop.call_soon_threadsafe(self.admission.release)

        thread = threading.Thread(target=work, name="graphbuild-query", daemon=True)
        try:
            thread.start()
        except BaseException:
            self.admission.release()
            raise
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.timeout_s)
        except TimeoutError:
            _interrupt(thread, QueryTimeoutError)
            raise _timeout_error(self.timeout_s) from None


def _worker_graph(graph: Graph) -> Graph:
    """The graph a worker process queries: the parent's, shared copy-on-write, except that an
    on-disk Oxigraph store is reopened read-only (a RocksDB handle must not cross a fork)."""
    from graphbuild.graph.store import GraphbuildOxigraphStore, is_oxigraph

    path = getattr(graph.store, "path", None) if is_oxigraph(graph) else None
    if path is None:
        return graph
    import pyoxigraph

    copy = Graph(
        store=GraphbuildOxigraphStore(store=pyoxigraph.Store.read_only(str(path))),
        identifier=graph.identifier,
    )
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    return copy


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (no orphaned native query)."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _max_fd() -> int:
    try:
        return max(os.sysconf("SC_OPEN_MAX"), 256)
    except (ValueError, OSError):
        return 65536


def _worker_main(graph: Graph, conn: Connection) -> None:
    """A worker process: answer jobs from the pipe one at a time until it closes."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(ValueError):
        signal.set_wakeup_fd(-1)  # the parent's event loop must not hear our signals
    # Close what the fork copied: the listening socket, client connections (which would stay
    # open while a worker holds them), other workers' pipes, the parent's store files.
    keep = conn.fileno()
    os.closerange(3, keep)
    os.closerange(keep + 1, _max_fd())
    graph = _worker_graph(graph)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            conn.send(_respond(graph, job))
        except (OSError, KeyboardInterrupt):
            return


class _Worker:
    """One forked worker process and the parent's end of its pipe."""

    def __init__(self, context: Any, graph: Graph):
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(graph, child), name="graphbuild-query", daemon=True
        )
        self.process.start()
        child.close()

    async def call(self, job: Job, timeout_s: float) -> Reply:
        loop = asyncio.get_running_loop()
        readable: asyncio.Future[None] = loop.create_future()
        fd = self.conn.fileno()

        def wake() -> None:
            if not readable.done():
                readable.set_result(None)

        loop.add_reader(fd, wake)
        try:
            self.conn.send(job)
            await asyncio.wait_for(readable, timeout_s)
        except TimeoutError:
            raise _timeout_error(timeout_s) from None
        finally:
            loop.remove_reader(fd)
        reply: Reply = self.conn.recv()  # the worker writes its whole reply at once
        return reply

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(10)
        self.conn.close()


class ProcessWorkers:
    """Queries in forked worker processes that share the loaded graph copy-on-write. A query
    over the time limit is answered with a 503 and its process killed and replaced, so no query,
    however heavy or native, keeps a worker (or a core) after its time is up."""

    def __init__(self, graph: Graph, admission: Admission, timeout_s: float):
        self.graph, self.admission, self.timeout_s = graph, admission, timeout_s
        self._context = multiprocessing.get_context("fork")
        self._idle: list[_Worker] = []
        self._started = False
        self.replaced = 0  # workers killed at their time limit or lost, and started again

    def start(self) -> None:
        if not self._started:
            self._started = True
            self._idle = [_Worker(self._context, self.graph) for _ in range(self.admission.workers)]

    def close(self) -> None:
        while self._idle:
            self._idle.pop().kill()
        self._started = False

    def pids(self) -> list[int]:
        return [w.process.pid for w in self._idle if w.process.pid is not None]

    async def run(self, job: Job) -> Reply:
        self.start()
        await self.admission.acquire()
        try:
            worker = self._idle.pop() if self._idle else _Worker(self._context, self.graph)
        except BaseException:
            self.admission.release()
            raise
        try:
            reply = await worker.call(job, self.timeout_s)
        except BaseException as exc:
            worker.kill()
            self.replaced += 1
            with contextlib.suppress(Exception):  # a failed fork leaves one worker fewer
                self._idle.append(_Worker(self._context, self.graph))
            self.admission.release()
            if isinstance(exc, QueryError | asyncio.CancelledError):
                raise
            raise RuntimeError(f"the query worker stopped: {one_line(exc)}") from None
        self._idle.append(worker)
        self.admission.release()
        return reply


def fork_available() -> bool:
    """Whether worker processes can be forked here (POSIX)."""
    return "fork" in multiprocessing.get_all_start_methods()


# --- the app -------------------------------------------------------------------------------------


def _response(reply: Reply) -> Response:
    status, body, media_type, headers = reply
    return Response(body, status_code=status, media_type=media_type, headers=headers)


def _problem_response(exc: Exception) -> Response:
    return _response(_problem(exc))


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
    queue: int = 64,
    queue_wait_s: float | None = None,
    processes: bool | None = None,
    cors_origins: Sequence[str] = ("*",),
    queries_dir: str | Path = QUERIES_DIR,
) -> Starlette:
    """The ASGI app: `/sparql` (SPARQL 1.1 Protocol, read-only), `/queries` (JSON list),
    `/queries/{name}` (run a named query, parameters in the query string) and `/` (HTML page).

    At most `workers` queries run at once, in forked processes (`processes`, the default where
    fork exists) or threads; `queue` more wait their turn, for at most `queue_wait_s` if given
    (a process worker is free by `timeout_s` at the latest, so a queued request waits at most
    about (queue / workers + 1) x timeout_s). `cors_origins` may call the endpoint from other
    origins ("*": any; empty: same-origin only)."""
    named: dict[str, NamedQuery] = {q.name: q for q in list_queries(queries_dir)}
    admission = Admission(workers, queue, queue_wait_s)
    use_processes = fork_available() if processes is None else processes
    pool: ThreadWorkers | ProcessWorkers = (ProcessWorkers if use_processes else ThreadWorkers)(
        graph, admission, timeout_s
    )

    async def sparql(request: Request) -> Response:
        try:
            text, params = await _protocol_request(request)
            # A client's text is plain SPARQL: `# param:` lines in it are comments, and variables
            # they name stay unbound (only /queries/{name} binds declared parameters).
            query = NamedQuery("sparql", "SPARQL query", "", (), text, None)
            override = params.get("format") or params.get("output")
            accept = request.headers.get("accept")
            return _response(await pool.run((query, {}, max_rows, accept, override, (None, 0))))
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
            page = parse_page(request.query_params.get("limit"), request.query_params.get("offset"))
            return _response(await pool.run((query, params, max_rows, accept, override, page)))
        except Exception as exc:
            return _problem_response(exc)

    async def catalogue(request: Request) -> Response:
        return JSONResponse([_describe(q) for q in named.values()])

    async def page(request: Request) -> Response:
        return HTMLResponse(_page(list(named.values())), headers={"Content-Security-Policy": _CSP})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        _warm_up(graph, named.values())
        pool.start()  # fork the workers now, before the first request waits for them
        try:
            yield
        finally:
            pool.close()

    middleware = []
    if cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
                expose_headers=["X-Graphbuild-Truncated"],
                allow_credentials=False,
                max_age=600,
            )
        )
    app = Starlette(
        routes=[
            Route("/", page, methods=["GET"]),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/queries", catalogue, methods=["GET"]),
            Route("/queries/{name}", run_named, methods=["GET"]),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.workers = pool
    app.state.admission = admission
    return app


def _warm_up(graph: Graph, queries: Iterable[NamedQuery]) -> None:
    """Parse the named queries once before the workers fork, so each inherits them parsed
    (rdflib's parser takes tens of milliseconds a query)."""
    namespaces = dict(graph.namespaces())
    for query in queries:
        with contextlib.suppress(QueryError):
            prepare_query(query.text, namespaces)


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
    `app_options` go to `create_app` (timeout_s, max_rows, workers, queue, cors_origins, ...)."""
    config = uvicorn.Config(
        create_app(graph, **app_options), host=host, port=port, log_level=log_level
    )
    return uvicorn.Server(config)


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port; GraphError (one line) when the address is taken or
    not ours to bind, so nothing claims to serve before the bind has succeeded."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
    except (OSError, UnicodeError) as exc:
        raise GraphError(f"cannot serve on {host}:{port}: {_reason(exc)}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
        sock.set_inheritable(True)
    except OSError as exc:
        sock.close()
        raise GraphError(f"cannot serve on {host}:{port}: {_reason(exc)}") from None
    return sock


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno == errno.EADDRINUSE:
        return "the port is already in use"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:]
    return one_line(exc)


def serve(
    graph: Graph,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    announce: Callable[[str], None] | None = None,
    **app_options: Any,
) -> None:
    """Serve the graph until interrupted, logging requests; `announce` gets the endpoint's URL
    once the port is bound (GraphError before that if it cannot be)."""
    sock = bind(host, port)
    try:
        server = make_server(graph, host, port, log_level="info", **app_options)
        if announce is not None:
            shown = f"[{host}]" if ":" in host else host
            announce(f"http://{shown}:{sock.getsockname()[1]}/sparql")
        server.run(sockets=[sock])
    finally:
        sock.close()


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
