"""A standard SPARQL 1.1 store over HTTP (Virtuoso, Fuseki, an Oxigraph server, ...).

Queries go to the query endpoint by the SPARQL 1.1 Protocol and come back in the W3C result
formats, parsed by Oxigraph; writes are SPARQL 1.1 Updates. A build writes one named graph per
document (its description, sentences and statement nodes), replaced whole in one update, so that
a retry or a re-run never duplicates a triple; what several documents share (entities, posts,
asserted relations) goes into one shared graph by INSERT DATA, which adds a triple once however
often it is sent; the ontology has its own graph. Credentials come from the environment only.

The HTTP client is the standard library's `urllib`: it speaks HTTP Digest (Virtuoso's
`/sparql-auth`) and Basic authentication, and every byte on the wire is visible here, which the
query sandbox needs (it admits this endpoint and nothing else). rdflib's SPARQLStore binds
parameters with a trailing VALUES block, which joins after aggregation instead of restricting the
pattern, and fetches triples one pattern at a time, so it is not used.
"""

from __future__ import annotations

import json
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.store import Store
from rdflib.term import Node

from graphbuild.errors import GraphError, one_line
from graphbuild.graph.aggregates import EDGE_GRAPH
from graphbuild.graph.iris import DEFAULT_BASE, document_iri
from graphbuild.graph.ontology import GB_NS, ONTOLOGY_IRI
from graphbuild.graph.store import SparqlLocation, from_ox

if TYPE_CHECKING:
    from graphbuild.records import DocumentResult

USER_ENV = "GRAPHBUILD_STORE_USER"
PASSWORD_ENV = "GRAPHBUILD_STORE_PASSWORD"
ONTOLOGY_GRAPH = ONTOLOGY_IRI
SHARED_GRAPH = "https://w3id.org/graphbuild/graph/shared"
"""Named graph of what documents share: entities, posts and asserted relations."""
TIMEOUT_S = 120.0
_XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
_BOOLEANS = {
    "1": ox.Literal("true", datatype=_XSD_BOOLEAN),
    "0": ox.Literal("false", datatype=_XSD_BOOLEAN),
}
_SELECT_TYPES = "application/sparql-results+json"
_GRAPH_TYPES = "application/n-triples"
_MAX_ERROR_CHARS = 300
DEADLOCK_RETRIES = 3
_NOT_LABEL = re.compile(r"[^A-Za-z0-9_]")


@dataclass(frozen=True, slots=True)
class Credentials:
    """A user name and password for the store (read from the environment, never printed)."""

    user: str
    password: str = field(repr=False)


def credentials_from_env(env: Mapping[str, str] | None = None) -> Credentials | None:
    """Credentials from GRAPHBUILD_STORE_USER / GRAPHBUILD_STORE_PASSWORD, or None when unset."""
    env = os.environ if env is None else env
    user, password = env.get(USER_ENV), env.get(PASSWORD_ENV)
    if not user and not password:
        return None
    if not user or password is None:
        missing = USER_ENV if not user else PASSWORD_ENV
        raise GraphError(f"store credentials: {missing} is not set (set both or neither)")
    return Credentials(user, password)


def check_url(url: str, what: str = "store URL") -> str:
    """An absolute http(s) URL without credentials or fragment; GraphError otherwise."""
    text = url.strip()
    try:
        parts = urllib.parse.urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise GraphError(f"{what} {url!r}: {one_line(exc)}") from None
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or any(c.isspace() for c in text)
    ):
        raise GraphError(f"{what} must be an absolute http(s) URL, not {url!r}")
    if parts.username is not None or parts.password is not None:
        raise GraphError(
            f"{what} carries credentials; give them in {USER_ENV} and {PASSWORD_ENV} instead"
        )
    if parts.fragment:
        raise GraphError(f"{what} {url!r} has a fragment (#...)")
    del port
    return text


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where the query sandbox lets a query connect: one host and port, one URL."""

    url: str
    host: str
    port: int
    addresses: frozenset[str]

    @classmethod
    def of(cls, url: str) -> Endpoint:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise GraphError(f"cannot reach the store at {url}: {one_line(exc)}") from None
        return cls(url, host, port, frozenset(str(info[4][0]) for info in infos))

    def admits(self, event: str, args: tuple) -> bool:
        """Whether an audited network event goes to this endpoint and nowhere else."""
        if event == "urllib.Request":
            return urllib.parse.urlsplit(str(args[0]))._replace(query="").geturl() == self.url
        if event == "socket.getaddrinfo":
            return str(args[0]) == self.host and _port(args[1]) == self.port
        if event == "http.client.connect":
            return str(args[1]) == self.host and _port(args[2]) == self.port
        if event == "socket.connect":
            address = args[1]
            return (
                isinstance(address, tuple)
                and len(address) >= 2
                and str(address[0]) in self.addresses
                and address[1] == self.port
            )
        return False


def _port(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


class PreemptiveDigestAuthHandler(urllib.request.HTTPDigestAuthHandler):
    """HTTP Digest authentication that, once challenged, signs every later request up front, so
    that a large update is sent once, not refused unread first (Virtuoso then resets the
    connection while the body is still being sent). A stale nonce is challenged again as usual."""

    def __init__(self, passwords: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(passwords)
        self._challenge: dict[str, str] | None = None

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        if self._challenge is not None and not req.has_header("Authorization"):
            auth = self.get_authorization(req, self._challenge)
            if auth:
                req.add_unredirected_header("Authorization", f"Digest {auth}")
        return req

    https_request = http_request

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> Any:
        _, _, challenge = auth.partition(" ")
        items = urllib.request.parse_http_list(challenge)
        self._challenge = urllib.request.parse_keqv_list([item for item in items if item])
        return super().retry_http_digest_auth(req, auth)


class SparqlClient:
    """The SPARQL 1.1 Protocol and Update over HTTP, with one-line errors."""

    def __init__(
        self,
        location: SparqlLocation,
        credentials: Credentials | None = None,
        *,
        timeout: float = TIMEOUT_S,
    ) -> None:
        self.location = location
        self.timeout = timeout
        handlers: list[urllib.request.BaseHandler] = []
        if credentials is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in {location.query_url, location.writes_to}:
                passwords.add_password(None, url, credentials.user, credentials.password)
            handlers += [
                PreemptiveDigestAuthHandler(passwords),
                urllib.request.HTTPBasicAuthHandler(passwords),
            ]
        self._opener = urllib.request.build_opener(*handlers)
        self.credentials = credentials

    # --- HTTP -----------------------------------------------------------------------------

    def _post(self, url: str, form: Mapping[str, str], accept: str) -> tuple[bytes, Any]:
        body = urllib.parse.urlencode(form).encode("utf-8")
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "Accept": accept,
            },
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return response.read(), response.headers
        except urllib.error.HTTPError as exc:
            raise self._http_error(url, exc) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise GraphError(f"cannot reach the store at {url}: {one_line(reason)}") from None

    def _http_error(self, url: str, exc: urllib.error.HTTPError) -> GraphError:
        if exc.code in (401, 403):
            given = "the credentials in" if self.credentials else "no credentials: set"
            return GraphError(
                f"the store at {url} refused access (HTTP {exc.code}): {given} "
                f"{USER_ENV} and {PASSWORD_ENV}"
            )
        try:
            text = exc.read().decode("utf-8", "replace")
            detail = " ".join(text.split())[:_MAX_ERROR_CHARS]
        except OSError:
            detail = ""
        return GraphError(f"the store at {url} answered HTTP {exc.code}: {detail or exc.reason}")

    # --- reading --------------------------------------------------------------------------

    def select(self, text: str) -> tuple[list[str], list[list[Any]], bool]:
        """Variables, rows of Oxigraph terms (None when unbound) and whether the server cut the
        result at its row limit (Virtuoso's ResultSetMaxRows, reported in X-SPARQL-MaxRows)."""
        data, headers = self._post(self.location.query_url, {"query": text}, _SELECT_TYPES)
        parsed = self._parse_results(data)
        if isinstance(parsed, ox.QueryBoolean):
            raise GraphError(
                f"the store at {self.location.query_url} answered a SELECT with a boolean"
            )
        variables = [v.value for v in parsed.variables]
        rows = [[_portable(term) for term in solution] for solution in parsed]
        return variables, rows, headers.get("X-SPARQL-MaxRows") is not None

    def ask(self, text: str) -> bool:
        data, _ = self._post(self.location.query_url, {"query": text}, _SELECT_TYPES)
        parsed = self._parse_results(data)
        if not isinstance(parsed, ox.QueryBoolean):
            raise GraphError(f"the store at {self.location.query_url} answered an ASK with rows")
        return bool(parsed)

    def construct(self, text: str) -> list[ox.Triple]:
        data, _ = self._post(self.location.query_url, {"query": text}, _GRAPH_TYPES)
        try:
            return [
                ox.Triple(q.subject, q.predicate, _portable(q.object))
                for q in ox.parse(input=data, format=ox.RdfFormat.N_TRIPLES)
            ]
        except SyntaxError as exc:
            raise GraphError(
                f"the store at {self.location.query_url} sent malformed N-Triples: {one_line(exc)}"
            ) from None

    def _parse_results(self, data: bytes) -> Any:
        try:
            if b'"bnode"' in data:
                data = _blank_node_labels(data)
            return ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            raise GraphError(
                f"the store at {self.location.query_url} sent malformed SPARQL results: "
                f"{one_line(exc, limit=_MAX_ERROR_CHARS)}"
            ) from None

    # --- writing --------------------------------------------------------------------------

    def update(self, text: str) -> None:
        """Run a SPARQL Update. A transaction the server gave up as deadlocked (Virtuoso's
        40001 / SR172, under concurrent load) is sent again: every update graphbuild sends
        replaces graphs whole or adds a set of triples, so sending it twice changes nothing."""
        for attempt in range(DEADLOCK_RETRIES + 1):
            try:
                self._post(self.location.writes_to, {"update": text}, "*/*")
                return
            except GraphError as exc:
                if attempt == DEADLOCK_RETRIES or not _deadlocked(str(exc)):
                    raise
                time.sleep(0.5 * (attempt + 1))


def _deadlocked(message: str) -> bool:
    """Whether a store's error says the transaction deadlocked (SQL state 40001)."""
    return "40001" in message or "deadlock" in message.lower()


def _blank_node_labels(data: bytes) -> bytes:
    """SPARQL JSON results with blank node labels that Oxigraph's parser takes: Virtuoso labels
    them `nodeID://b10006`, which is no blank node label; the same label stays the same."""
    try:
        results = json.loads(data)
        for row in results.get("results", {}).get("bindings", []):
            for value in row.values():
                if value.get("type") == "bnode":
                    value["value"] = "v" + _NOT_LABEL.sub("_", str(value["value"]))
    except (ValueError, AttributeError, TypeError):
        return data  # malformed: Oxigraph's parser then says what is wrong
    return json.dumps(results).encode("utf-8")


def _portable(term: Any) -> Any:
    """A term as the SPARQL standard writes it: Virtuoso answers xsd:boolean as "1"/"0"."""
    if isinstance(term, ox.Literal) and term.datatype == _XSD_BOOLEAN:
        return _BOOLEANS.get(term.value, term)
    return term


# --- writing documents -----------------------------------------------------------------------


MAX_TRIPLES_PER_INSERT = 1000
"""Triples in one INSERT DATA: Virtuoso 7.2's SPARQL compiler runs out of memory past a few
thousand in one operation (not in one request), so larger graphs are written in several."""
MAX_TRIPLES_PER_REQUEST = 5000


def _graph_block(name: str, ntriples: str) -> str:
    return f"GRAPH <{name}> {{\n{ntriples}}}\n" if ntriples else ""


def _pieces(ntriples: str, size: int) -> Iterator[str]:
    """N-Triples text in pieces of at most `size` lines (a line is a triple)."""
    lines = ntriples.splitlines(keepends=True)
    for first in range(0, len(lines), size):
        yield "".join(lines[first : first + size])


def replace_graphs_update(
    graphs: Iterable[tuple[str, str]],
    shared: str = "",
    shared_graph: str = SHARED_GRAPH,
    *,
    blank_nodes: bool = False,
) -> str:
    """One SPARQL Update request that replaces each (graph IRI, N-Triples) whole and adds
    `shared` N-Triples to the shared graph: DROP SILENT, then INSERT DATA operations of at most
    MAX_TRIPLES_PER_INSERT triples, so sending it twice changes nothing. The IRIs and N-Triples
    come from Oxigraph's writer (already valid and escaped). Triples with blank nodes (the
    ontology's OWL lists) go in one INSERT template instead, as Virtuoso refuses blank nodes in
    INSERT DATA (and a blank node is one node only within one operation)."""
    items = [*graphs, *([(shared_graph, shared)] if shared else [])]
    drops = [f"DROP SILENT GRAPH <{name}>" for name, _ in items if name != shared_graph]
    if blank_nodes:
        blocks = "".join(_graph_block(name, text) for name, text in items)
        inserts = [f"INSERT {{\n{blocks}}} WHERE {{}}"] if blocks else []
    else:
        inserts = [
            f"INSERT DATA {{\n{_graph_block(name, piece)}}}"
            for name, text in items
            for piece in _pieces(text, MAX_TRIPLES_PER_INSERT)
        ]
    return " ;\n".join(drops + inserts)


class SparqlWriter:
    """Writes a build into a SPARQL store, a few documents per update request."""

    def __init__(self, client: SparqlClient, *, documents_per_request: int = 16) -> None:
        self.client = client
        self.documents_per_request = documents_per_request
        self._pending: list[tuple[str, str]] = []
        self._shared: list[str] = []
        self._pending_triples = 0
        self.triples = 0

    def check_access(self) -> None:
        """Fail now, before any work, if the store cannot be reached or refuses updates."""
        self.client.update(f"DROP SILENT GRAPH <{SHARED_GRAPH}/probe>")

    def put_ontology(self, triples: Iterable[ox.Triple]) -> None:
        text = _ntriples(triples)
        self.client.update(replace_graphs_update([(ONTOLOGY_GRAPH, text)], blank_nodes=True))

    def put_document(self, graph: str, own: str, shared: str) -> None:
        """Queue a document's graph (N-Triples) and its shared triples; sent in batches."""
        self._pending.append((graph, own))
        if shared:
            self._shared.append(shared)
        triples = own.count("\n") + shared.count("\n")
        self.triples += triples
        self._pending_triples += triples
        if (
            len(self._pending) >= self.documents_per_request
            or self._pending_triples >= MAX_TRIPLES_PER_REQUEST
        ):
            self.flush()

    def flush(self) -> None:
        if self._pending or self._shared:
            self.client.update(replace_graphs_update(self._pending, "".join(self._shared)))
        self._pending, self._shared, self._pending_triples = [], [], 0


def store_results(
    results: Iterable[DocumentResult], writer: SparqlWriter, *, base: str = DEFAULT_BASE
) -> Iterator[ox.Quad]:
    """Write the ontology and each document's graph into the store as they come, yielding the
    same triples as default-graph quads (what `rdfgraph.generate_triples` yields), so that
    graph.ttl can be written from the same stream."""
    from graphbuild.graph.aggregates import EdgeTally
    from graphbuild.graph.rdfgraph import TripleGenerator, _invalid, ontology_triples

    generator = TripleGenerator(base)
    generator.tally = EdgeTally()  # graph.ttl gets the edge nodes the store computes
    ontology = ontology_triples()
    writer.put_ontology(ontology)
    yield from (ox.Quad(t.subject, t.predicate, t.object) for t in ontology)
    for result in results:
        parts = generator.document_parts(result)
        if not parts.own:
            continue  # its content was given before in this run
        try:
            quads = list(ox.parse(input=parts.ntriples, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:  # a term Oxigraph rejects, e.g. a malformed Wikidata id
            raise _invalid(result, exc) from None
        writer.put_document(
            document_iri(result.document.id, generator.base), parts.own, parts.common
        )
        yield from quads
    writer.flush()
    # The edge nodes of this run's documents, in their own graph, replaced whole (as graph.ttl
    # has them). A later run with only some of the documents rewrites them from those alone.
    edges = "".join(generator.tally.ntriples())
    writer.client.update(replace_graphs_update([(EDGE_GRAPH, edges)]))
    if edges:
        yield from ox.parse(input=edges, format=ox.RdfFormat.N_TRIPLES)


def _ntriples(triples: Iterable[ox.Triple]) -> str:
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return data.decode("utf-8") if data is not None else ""


# --- reading a whole store -------------------------------------------------------------------

OWN_GRAPHS = f"""{{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}
  UNION {{ GRAPH <{SHARED_GRAPH}> {{ ?s ?p ?o }} }}
  UNION {{ GRAPH <{EDGE_GRAPH}> {{ ?s ?p ?o }} }}
  UNION {{ GRAPH ?g {{ ?g a <{GB_NS}Document> . ?s ?p ?o }} }}"""
"""The graphs a build writes: a server's own graphs (Virtuoso's virtrdf:, ...) are left out."""


def read_triples(client: SparqlClient) -> Iterator[ox.Triple]:
    """Every triple graphbuild wrote into the store, each once. Read in one request; when the
    server cuts results at a row limit, again in pages of that size, in a fixed order."""
    where = f"WHERE {{ {OWN_GRAPHS} }}"
    _, rows, cut = client.select(f"SELECT DISTINCT ?s ?p ?o {where}")
    if not cut:
        yield from (ox.Triple(*row) for row in rows)
        return
    page = len(rows)
    offset = 0
    while True:
        _, rows, _ = client.select(
            f"SELECT ?s ?p ?o WHERE {{ {{ SELECT DISTINCT ?s ?p ?o {where} ORDER BY ?s ?p ?o }} }}"
            f" LIMIT {page} OFFSET {offset}"
        )
        yield from (ox.Triple(*row) for row in rows)
        if len(rows) < page:
            return
        offset += page


def count_triples(client: SparqlClient) -> int:
    """The number of triples graphbuild wrote into the store (each graph's triples counted)."""
    _, rows, _ = client.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {OWN_GRAPHS} }}")
    return int(rows[0][0].value)


# --- an rdflib store for query and serve ------------------------------------------------------


class RemoteSparqlStore(Store):
    """An rdflib Store whose queries run on the SPARQL endpoint (graphbuild.serve.queries sends them
    as text with parameters bound by a VALUES block); triple patterns are small SELECTs."""

    context_aware = False
    formula_aware = False
    transaction_aware = False

    def __init__(self, client: SparqlClient) -> None:
        super().__init__()
        self.client = client
        self.endpoint: Endpoint | None = None
        self._prefixes: dict[str, URIRef] = {}

    # Prefixes live here (the base Store keeps none): tables and queries use them.
    def bind(self, prefix: str, namespace: Any, override: bool = True) -> None:
        if override or prefix not in self._prefixes:
            self._prefixes = {p: n for p, n in self._prefixes.items() if n != URIRef(namespace)}
            self._prefixes[prefix] = URIRef(namespace)

    def namespace(self, prefix: str) -> URIRef | None:
        return self._prefixes.get(prefix)

    def prefix(self, namespace: Any) -> str | None:
        return next((p for p, n in self._prefixes.items() if n == URIRef(namespace)), None)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from list(self._prefixes.items())

    def allowed_endpoint(self) -> Endpoint:
        """The endpoint a query may reach (resolved once: the sandbox then blocks DNS)."""
        if self.endpoint is None:
            self.endpoint = Endpoint.of(self.client.location.query_url)
        return self.endpoint

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[Any]:
        terms = [t if isinstance(t, Node) else None for t in triple_pattern]
        names = ("?s", "?p", "?o")
        pattern = " ".join(
            t.n3() if t is not None else n for t, n in zip(terms, names, strict=True)
        )
        free = [n for t, n in zip(terms, names, strict=True) if t is None] or ["*"]
        if "*" in free:
            found = self.client.ask(f"ASK {{ {pattern} }}")
            rows: list[list[Any]] = [[]] if found else []
        else:
            _, rows, _ = self.client.select(
                f"SELECT DISTINCT {' '.join(free)} WHERE {{ {pattern} }}"
            )
        for row in rows:
            values = iter(row)
            triple = tuple(t if t is not None else from_ox(next(values)) for t in terms)
            yield triple, iter(())

    def __len__(self, context: Any = None) -> int:
        return count_triples(self.client)

    def add(self, *args: Any, **kwargs: Any) -> None:
        raise GraphError("a SPARQL store is read through queries; build into it with --store")

    def remove(self, *args: Any, **kwargs: Any) -> None:
        raise GraphError("a SPARQL store is read through queries; build into it with --store")


def remote_graph(client: SparqlClient) -> Graph:
    """An rdflib Graph over a SPARQL store, for `query` and `serve`."""
    return Graph(
        store=RemoteSparqlStore(client),
        identifier=URIRef(str(client.location)),
        bind_namespaces="none",
    )


def remote_client(graph: Graph) -> RemoteSparqlStore | None:
    """The remote store under `graph`, if its queries run on a SPARQL endpoint."""
    store = graph.store
    return store if isinstance(store, RemoteSparqlStore) else None


__all__ = [
    "ONTOLOGY_GRAPH",
    "PASSWORD_ENV",
    "SHARED_GRAPH",
    "USER_ENV",
    "Credentials",
    "Endpoint",
    "RemoteSparqlStore",
    "SparqlClient",
    "SparqlWriter",
    "check_url",
    "count_triples",
    "credentials_from_env",
    "read_triples",
    "remote_client",
    "remote_graph",
    "replace_graphs_update",
    "store_results",
]
