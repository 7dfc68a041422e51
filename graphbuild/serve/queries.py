"""Named SPARQL queries: loading `queries/*.rq`, binding parameters safely, running and formatting.

Parameters are bound with rdflib `initBindings` (never pasted into the text); queries are checked
on the parsed algebra (no updates, no SERVICE, no FROM) and run inside an audit-hook sandbox that
blocks network and file access, so an untrusted query can only read the graph it is given.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import io
import json
import os
import re
import site
import sys
import sysconfig
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import RDFS, SKOS, XSD
from rdflib.plugins.sparql import CUSTOM_EVALS, algebra
from rdflib.plugins.sparql.evaluate import evalBGP, evalLazyJoin
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result, ResultException
from rdflib.term import Identifier, Node

from graphbuild.errors import QueryError, one_line
from graphbuild.graph.iris import DEFAULT_BASE
from graphbuild.graph.ontology import GB_NS, compact_iri
from graphbuild.resources import QUERIES_DIR, ROOT

if TYPE_CHECKING:
    from graphbuild.graph.sparqlstore import Endpoint, RemoteSparqlStore

PARAM_KINDS = ("iri", "label", "literal", "date", "integer")
SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "nt", "xml", "json-ld")
FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "nt", "json-ld")

_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?P<kind>[a-z]+)\s*(?P<req>,\s*required\s*)?\)"
    r"\s*(?:-\s*(?P<doc>.*))?$"
)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_IRI_CHARS = re.compile(r'^[^\s<>"{}|\\^`]+$')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_PREFIXED = re.compile(r"^(?P<prefix>[A-Za-z][\w.-]*)?:(?P<local>[^\s<>\"{}|\\^`]*)$")
_MAX_PARAM_CHARS = 2000
_IRI_SCHEMES = frozenset({"http", "https", "urn", "tag", "mailto", "ftp", "file", "did"})
DEFAULT_PREFIXES = {"gb": GB_NS, "gbd": DEFAULT_BASE}


class QuerySyntaxError(QueryError):
    """The text is not a SPARQL 1.1 query (the message is the parser's, on one line)."""


class UpdateForbiddenError(QueryError):
    """The text is a SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...): the graph is read-only."""


class UnsafeQueryError(QueryError):
    """The query would reach outside the graph (SERVICE, FROM, network or file access)."""


class SandboxViolation(UnsafeQueryError, PermissionError):
    """Raised by the audit hook inside a running query; an OSError so library code fails cleanly."""


@dataclass(frozen=True, slots=True)
class QueryParam:
    """A declared parameter: `kind` says how the value string becomes an RDF term."""

    name: str
    kind: str
    doc: str = ""
    required: bool = False


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A SPARQL query with its header metadata; `path` is None for inline text."""

    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    text: str
    path: Path | None = None

    def param(self, name: str) -> QueryParam | None:
        """The declared parameter called `name`, if any."""
        return next((p for p in self.params if p.name == name), None)


@dataclass(frozen=True, slots=True)
class QueryResult:
    """A materialised result: rows for SELECT, `boolean` for ASK, `graph` for CONSTRUCT/DESCRIBE."""

    kind: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Identifier | None, ...], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = None
    truncated: bool = False
    namespaces: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    def to_rdflib(self) -> Result:
        """An rdflib Result carrying the same data, for rdflib's result serializers."""
        res = Result(self.kind)
        if self.kind == "SELECT":
            res.vars = [Variable(v) for v in self.variables]
            res.bindings = [
                {Variable(v): t for v, t in zip(self.variables, row, strict=True) if t is not None}
                for row in self.rows
            ]
        elif self.kind == "ASK":
            res.askAnswer = bool(self.boolean)
        else:
            res.graph = self.graph
        return res


# --- loading -------------------------------------------------------------------------------------


def parse_header(text: str, where: str = "query") -> tuple[str, str, tuple[QueryParam, ...]]:
    """Title, description and parameters from the leading `# key: value` comment lines."""
    title = description = ""
    params: list[QueryParam] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER.match(stripped)
        if not match:
            continue
        key, value = match.groups()
        if key == "title":
            title = value
        elif key == "description":
            description = value
        else:
            pm = _PARAM.match(value)
            if not pm or pm["kind"] not in PARAM_KINDS:
                raise QueryError(
                    f"{where}: bad param line {value!r}; expected 'name (kind) - meaning' with kind "
                    f"one of {', '.join(PARAM_KINDS)}"
                )
            if any(p.name == pm["name"] for p in params):
                raise QueryError(f"{where}: parameter {pm['name']!r} is declared twice")
            params.append(QueryParam(pm["name"], pm["kind"], pm["doc"] or "", bool(pm["req"])))
    return title, description, tuple(params)


def load_query(path: str | Path) -> NamedQuery:
    """Read one `.rq` file into a NamedQuery (its name is the file stem)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read query file ({exc.__class__.__name__})") from None
    if not text.strip():
        raise QueryError(f"{path}: empty query file")
    title, description, params = parse_header(text, str(path))
    return NamedQuery(path.stem, title or path.stem, description, params, text, path)


def list_queries(directory: str | Path = QUERIES_DIR) -> list[NamedQuery]:
    """Every named query in `directory`, sorted by name."""
    return [load_query(p) for p in sorted(Path(directory).glob("*.rq"))]


def inline_query(text: str) -> NamedQuery:
    """A NamedQuery for SPARQL text as given (never read from a file: safe for untrusted input)."""
    title, description, params = parse_header(text, "inline query")
    return NamedQuery("inline", title or "inline query", description, params, text, None)


def _is_dir(path: Path) -> bool:
    """Path.is_dir, False for names the OS refuses (too long, NUL byte)."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _is_file(path: Path) -> bool:
    """Path.is_file, False for names the OS refuses (too long, NUL byte) instead of an OSError."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def resolve_query(spec: str, directory: str | Path = QUERIES_DIR) -> NamedQuery:
    """A NamedQuery from a name in `directory`, a path to a `.rq` file, or inline SPARQL text."""
    spec = spec.strip()
    if not spec:
        raise QueryError("empty query")
    if _NAME.match(spec):
        candidate = Path(directory) / f"{spec}.rq"
        if _is_file(candidate):
            return load_query(candidate)
        if not _is_file(Path(spec)):
            names = ", ".join(q.name for q in list_queries(directory))
            raise QueryError(f"no named query {spec!r}; known: {names}")
    if "\n" not in spec and _is_dir(Path(spec)):
        raise QueryError(f"{spec}: a folder, not a query file")
    if "\n" not in spec and (spec.endswith(".rq") or _is_file(Path(spec))):
        if not _is_file(Path(spec)):
            raise QueryError(f"{spec}: no such query file")
        return load_query(spec)
    return inline_query(spec)


# --- checking ------------------------------------------------------------------------------------


# rdflib's SPARQL parser is pyparsing, whose parse actions learn their arity on first use and
# keep what they learnt: two threads parsing at once can teach them a wrong one, and every later
# parse in the process then fails ("<lambda>() missing 1 required positional argument").
# Parsing and translating therefore happen one at a time (translate also patches a module global).
_PARSER_LOCK = threading.RLock()


def _keep_order(triples: Any) -> list:
    return list(triples)


def _translate(parsed: Any, init_ns: Mapping[str, Any]) -> Query:
    """Translate a parse tree keeping the written triple order (rdflib would re-sort it)."""
    with _PARSER_LOCK:
        saved = algebra.reorderTriples
        algebra.reorderTriples = _keep_order  # type: ignore[assignment]
        try:
            return algebra.translateQuery(parsed, initNs=dict(init_ns))
        finally:
            algebra.reorderTriples = saved


def _walk(node: Any, seen: set[int] | None = None) -> Iterator[CompValue]:
    """Every CompValue in an algebra tree, expressions (EXISTS) and sub-selects included."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value, seen)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _walk(value, seen)


def prepare_query(text: str, init_ns: Mapping[str, Any] | None = None) -> Query:
    """Parse and check a query: malformed -> QuerySyntaxError, update -> UpdateForbiddenError,
    SERVICE or FROM / FROM NAMED -> UnsafeQueryError. Checked queries are cached (parsing
    costs more than running most named queries); the algebra is only read when evaluated."""
    return _prepare_cached(text, tuple(sorted((p, str(ns)) for p, ns in (init_ns or {}).items())))


@functools.lru_cache(maxsize=256)
def _prepare_cached(text: str, init_ns: tuple[tuple[str, str], ...]) -> Query:
    try:
        with _PARSER_LOCK:
            parsed = parseQuery(text)
    except Exception as exc:
        try:
            with _PARSER_LOCK:
                parseUpdate(text)
        except Exception:
            raise QuerySyntaxError(f"malformed SPARQL: {one_line(exc)}") from None
        raise UpdateForbiddenError(
            "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY) is not "
            "allowed: the graph is read-only"
        ) from None
    try:
        query = _translate(parsed, dict(init_ns))
    except Exception as exc:
        raise QuerySyntaxError(f"malformed SPARQL: {one_line(exc)}") from None
    if query.algebra.get("datasetClause"):
        raise UnsafeQueryError(
            "FROM / FROM NAMED are not allowed: a query runs over the loaded graph only"
        )
    for node in _walk(query.algebra):
        if node.name == "ServiceGraphPattern":
            raise UnsafeQueryError(
                f"SERVICE is not allowed (federated query to {node.get('term')})"
            )
    return query


# --- sandbox -------------------------------------------------------------------------------------

_SANDBOX: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "graphbuild_query_sandbox", default=None
)
_ENDPOINT: contextvars.ContextVar[Endpoint | None] = contextvars.ContextVar(
    "graphbuild_query_endpoint", default=None
)
_ORDERED_BGP: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "graphbuild_ordered_bgp", default=False
)
_BLOCKED_EVENTS = frozenset(
    {
        "socket.connect",
        "socket.bind",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.getnameinfo",
        "socket.sendto",
        "socket.sendmsg",
        "urllib.Request",
        "http.client.connect",
        "ftplib.connect",
        "smtplib.connect",
        "subprocess.Popen",
        "os.system",
        "os.exec",
        "os.posix_spawn",
        "os.spawn",
        "os.fork",
        "os.remove",
        "os.rename",
        "os.rmdir",
        "os.mkdir",
        "webbrowser.open",
    }
)
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_hook_lock = threading.Lock()
_hook_installed = False


def _allowed_roots() -> tuple[str, ...]:
    """Where code and data a running query may read live: the project and the Python install."""
    roots = {str(ROOT), sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    roots.update(p for p in sysconfig.get_paths().values() if p)
    with contextlib.suppress(AttributeError):
        roots.update(site.getsitepackages())
    with contextlib.suppress(AttributeError):
        roots.add(site.getusersitepackages())
    real = {os.path.realpath(r) for r in roots if r and os.path.isabs(r)}
    return tuple(sorted(r.rstrip(os.sep) + os.sep for r in real if r != os.sep))


_ROOTS = _allowed_roots()


def _open_allowed(path: Any, mode: Any, flags: Any) -> bool:
    if isinstance(path, int):
        return True  # an already open descriptor
    try:
        real = os.path.realpath(os.fsdecode(path))
    except (TypeError, ValueError):
        return False
    writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
        isinstance(flags, int) and bool(flags & _WRITE_FLAGS)
    )
    if writing and "__pycache__" not in real:
        return False  # only bytecode caching of a lazily imported module may write
    return real.startswith(_ROOTS)


def _audit(event: str, args: tuple) -> None:
    violations = _SANDBOX.get()
    if violations is None:
        return
    if event in _BLOCKED_EVENTS:
        endpoint = _ENDPOINT.get()
        if endpoint is not None and endpoint.admits(event, args):
            return  # the configured SPARQL store, and only it
        message = f"{event} is blocked while a query runs"
    elif event == "open" and not _open_allowed(args[0], args[1], args[2]):
        message = f"opening {os.fsdecode(args[0])!r} is blocked while a query runs"
    else:
        return
    violations.append(message)
    raise SandboxViolation(message)


def _install_hook() -> None:
    global _hook_installed
    with _hook_lock:
        if not _hook_installed:
            sys.addaudithook(_audit)  # process-wide and permanent; inert outside `sandbox()`
            _hook_installed = True


@contextlib.contextmanager
def sandbox(endpoint: Endpoint | None = None) -> Iterator[list[str]]:
    """While active (in this thread/context), block sockets, URL fetches, processes, writes and
    reads outside the project and the Python installation; yields the list of violations.
    With `endpoint` (a SPARQL store's), connections to that one URL, host and port pass."""
    _install_hook()
    violations: list[str] = []
    token = _SANDBOX.set(violations)
    allowed = _ENDPOINT.set(endpoint)
    try:
        yield violations
    finally:
        _ENDPOINT.reset(allowed)
        _SANDBOX.reset(token)


def _bgp_cost(triple: tuple, ctx: Any, known: set) -> tuple[int, int]:
    """(cartesian?, unbound terms) of a pattern given the bindings so far: connected first."""
    variables = [t for t in triple if isinstance(t, Variable | BNode)]
    free = [v for v in variables if v not in known and ctx[v] is None]
    cost = len(free)
    if not isinstance(triple[1], Node) and cost == 2:
        cost += 1  # a property path with both ends free walks every node
    connected = len(free) < len(variables) or not variables
    return (0 if connected else 1, cost)


def _bound_by_ctx(triple: tuple, ctx: Any, known: set) -> bool:
    """No variable of the pattern is bound only by an earlier pattern of the same BGP (whose
    value is not known yet), so its matches under the current bindings can be counted."""
    return not any(
        isinstance(t, Variable | BNode) and t in known and ctx[t] is None for t in triple
    )


def _rarest(candidates: list[int], remaining: list[tuple], ctx: Any) -> int:
    """Of equally bound patterns, the one with fewest matches under the current bindings:
    their matches are read in lockstep until one runs out, so this costs at most the number of
    candidates times what evaluating the winner reads anyway. Ties keep the written order."""
    matches = {}
    for i in candidates:
        triple = remaining[i]
        if isinstance(triple[1], Node):  # a property path is no simple lookup: never the rarest
            pattern = tuple(ctx[t] if isinstance(t, Variable | BNode) else t for t in triple)
            matches[i] = iter(ctx.graph.triples(pattern))
    if not matches:
        return candidates[0]
    while True:
        for i, found in matches.items():
            if next(found, None) is None:
                return i


def _eval_ordered_bgp(ctx: Any, part: CompValue) -> Any:
    """Evaluate a BGP joining greedily: next the connected pattern with fewest unbound terms
    given the bindings so far (rdflib sorts once, ignoring what earlier patterns bind); ties
    keep the written order, which the named queries write selective-first.

    A join whose right side is a BGP is evaluated by substituting each left solution into the
    BGP: rdflib otherwise evaluates the whole BGP unbound and compares every pair of solutions
    when the left side holds a VALUES block, a sub-select or another join (same solutions:
    a BGP has no inner scope a binding could leak into)."""
    if not _ORDERED_BGP.get():
        raise NotImplementedError
    if part.name == "Join" and not part.lazy and part.p2.name == "BGP":
        return evalLazyJoin(ctx, part)
    if part.name != "BGP":
        raise NotImplementedError
    remaining = list(part.triples)
    ordered = []
    known: set = set()
    while remaining:
        costs = [(*_bgp_cost(t, ctx, known), i) for i, t in enumerate(remaining)]
        cheapest = min(costs)
        tied = [c[2] for c in costs if c[:2] == cheapest[:2]]
        # Equally bound patterns whose terms are all known values: take the one with fewest matches.
        countable = len(tied) > 1 and all(_bound_by_ctx(remaining[i], ctx, known) for i in tied)
        best = _rarest(tied, remaining, ctx) if countable else cheapest[2]
        triple = remaining.pop(best)
        ordered.append(triple)
        known.update(t for t in triple if isinstance(t, Variable | BNode))
    return evalBGP(ctx, ordered)


CUSTOM_EVALS["graphbuild_ordered_bgp"] = _eval_ordered_bgp


# --- parameters ----------------------------------------------------------------------------------


def _prefixes(graph: Graph, query: Query | None = None) -> dict[str, str]:
    """Prefixes for parameters and tables: the graph's, then the query's, then gb:/gbd:."""
    found = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    if query is not None:
        for prefix, uri in query.prologue.namespace_manager.namespaces():
            found.setdefault(prefix, str(uri))
    for prefix, default in DEFAULT_PREFIXES.items():
        found.setdefault(prefix, default)
    return found


def resolve_label(graph: Graph, label: str, param: str = "value") -> URIRef:
    """The entity whose rdfs:label (preferred) or skos:altLabel equals `label`, ignoring case."""
    wanted = " ".join(label.split()).casefold()
    for prop in (RDFS.label, SKOS.altLabel):
        found = sorted(
            {
                s
                for s, _, o in graph.triples((None, prop, None))
                if isinstance(s, URIRef)
                and isinstance(o, Literal)
                and " ".join(str(o).split()).casefold() == wanted
            }
        )
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            shown = ", ".join(f"<{s}>" for s in found[:5])
            raise QueryError(
                f"parameter {param!r}: label {label!r} is ambiguous ({shown}); give the IRI"
            )
    raise QueryError(f"parameter {param!r}: no entity is labelled {label!r}")


def _iri_term(graph: Graph, query: Query | None, name: str, value: str) -> URIRef:
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
        if not _IRI_CHARS.match(text) or not _SCHEME.match(text):
            raise QueryError(f"parameter {name!r}: not an absolute IRI: {value!r}")
        return URIRef(text)
    pm = _PREFIXED.match(text)
    if pm:
        namespace = _prefixes(graph, query).get(pm["prefix"] or "")
        if namespace is not None:
            return URIRef(namespace + pm["local"])
        if (pm["prefix"] or "").lower() not in _IRI_SCHEMES:
            raise QueryError(f"parameter {name!r}: unknown prefix in {value!r}")
    if _SCHEME.match(text) and _IRI_CHARS.match(text):
        return URIRef(text)
    return resolve_label(graph, text, name)


def bind_params(
    graph: Graph, query: NamedQuery, params: Mapping[str, str], prepared: Query | None = None
) -> dict[str, Identifier]:
    """RDF terms for the given parameter strings; rejects undeclared or missing required ones."""
    allowed = ", ".join(p.name for p in query.params) or "none"
    bindings: dict[str, Identifier] = {}
    for name, value in params.items():
        param = query.param(name)
        if param is None:
            raise QueryError(
                f"query {query.name!r} has no parameter {name!r} (its parameters: {allowed})"
            )
        if not isinstance(value, str):
            raise QueryError(f"parameter {name!r}: expected a string, got {type(value).__name__}")
        if len(value) > _MAX_PARAM_CHARS:
            raise QueryError(f"parameter {name!r}: value longer than {_MAX_PARAM_CHARS} characters")
        if param.kind == "iri":
            bindings[name] = _iri_term(graph, prepared, name, value)
        elif param.kind == "date":
            try:
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
                    raise ValueError(value)
                day = date.fromisoformat(value.strip())
            except ValueError:
                raise QueryError(f"parameter {name!r}: not a date YYYY-MM-DD: {value!r}") from None
            bindings[name] = Literal(day.isoformat(), datatype=XSD.date)
        elif param.kind == "integer":
            if not re.fullmatch(r"[+-]?\d{1,18}", value.strip()):
                raise QueryError(f"parameter {name!r}: not an integer: {value!r}")
            bindings[name] = Literal(int(value.strip()))
        else:
            bindings[name] = Literal(value)
    missing = [p.name for p in query.params if p.required and p.name not in params]
    if missing:
        raise QueryError(f"query {query.name!r} needs parameter(s): {', '.join(missing)}")
    return bindings


# --- running -------------------------------------------------------------------------------------


def _native_engine(graph: Graph) -> bool:
    """True when the store answers SPARQL itself (Oxigraph via oxrdflib) instead of rdflib's
    engine; such stores get the query text, rdflib's engine gets the checked, prepared query."""
    module = type(graph.store).__module__
    return not module.startswith("rdflib.") or module.startswith("rdflib.plugins.stores.sparql")


def run_query(
    graph: Graph,
    query: NamedQuery | str,
    params: Mapping[str, str] | None = None,
    *,
    max_rows: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> QueryResult:
    """Run a named query (or a spec for `resolve_query`) with string parameters on any rdflib
    Graph; at most `max_rows` rows (or triples) are kept, flagging `truncated`.

    `offset` and `limit` page through the answer (rows, or triples of a CONSTRUCT) in the query's
    own order: rows before `offset` are skipped without being converted, and `truncated` says that
    rows follow the page."""
    if offset < 0 or (limit is not None and limit < 0):
        raise QueryError("limit and offset must be at least 0")
    named = resolve_query(query) if isinstance(query, str) else query
    prepared = prepare_query(named.text, dict(graph.namespaces()))
    bindings = bind_params(graph, named, params or {}, prepared)
    native = _native_engine(graph)
    if max_rows is not None:
        limit = max(0, max_rows) if limit is None else min(limit, max(0, max_rows))
    page = _Page(offset, limit)
    remote = _remote_store(graph)
    endpoint = remote.allowed_endpoint() if remote is not None else None
    with sandbox(endpoint) as violations:
        token = _ORDERED_BGP.set(True)
        try:
            if remote is not None:
                out = _run_remote(remote, graph, named.text, prepared, bindings, page)
            elif native and _on_oxigraph(graph):
                out = _run_oxigraph(graph, named.text, bindings, page, _can_slice(prepared))
            else:
                result = graph.query(named.text if native else prepared, initBindings=bindings)
                out = _materialise(result, page, graph)
        except SandboxViolation:
            raise
        except QueryError:
            raise
        except Exception as exc:
            if violations:
                raise UnsafeQueryError(violations[0]) from None
            raise QueryError(f"query {named.name!r} failed: {one_line(exc)}") from None
        finally:
            _ORDERED_BGP.reset(token)
    if violations:
        raise UnsafeQueryError(violations[0])
    return out


def _remote_store(graph: Graph) -> RemoteSparqlStore | None:
    module = type(graph.store).__module__
    if module != "graphbuild.graph.sparqlstore":
        return None
    from graphbuild.graph.sparqlstore import remote_client

    return remote_client(graph)


def _run_remote(
    store: RemoteSparqlStore,
    graph: Graph,
    text: str,
    prepared: Query,
    bindings: Mapping[str, Identifier],
    page: _Page,
) -> QueryResult:
    """Run checked query text on a SPARQL store's endpoint, parameters bound by a VALUES block at
    the start of the WHERE group (as initBindings restricts the pattern). A result the server
    cut at its own row limit is an error, not a silently shorter answer."""
    from graphbuild.graph.store import bind_with_values

    if bindings:
        text = bind_with_values(text, bindings, enforce=True)
    # The graph's prefixes, as Oxigraph is given them; the query's own PREFIX lines come later
    # and win. The server knows none of graphbuild's prefixes.
    text = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in graph.namespaces() if p) + text
    client = store.client
    form = prepared.algebra.name
    namespaces = tuple(_prefixes(graph).items())
    if form == "AskQuery":
        return QueryResult("ASK", boolean=client.ask(text), namespaces=namespaces)
    if form in ("ConstructQuery", "DescribeQuery"):
        found: Any = client.construct(text)
    else:
        variables, rows, cut = client.select(text)
        if cut and (page.end is None or len(rows) <= page.end):
            raise QueryError(
                f"the store at {client.location.query_url} cut the result at {len(rows)} rows "
                "(its own row limit, Virtuoso's ResultSetMaxRows); raise it or narrow the query"
            )
        found = _Solutions(variables, rows)
    kind = {"ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}.get(form, "SELECT")
    return _from_ox_result(found, page, namespaces, kind)


@dataclass(frozen=True)
class _Solutions:
    """Rows of Oxigraph terms with their variable names, read like `ox.QuerySolutions`."""

    names: list[str]
    rows: list[list[Any]]

    def __iter__(self) -> Iterator[list[Any]]:
        return iter(self.rows)


def parse_page(limit: str | None, offset: str | None) -> tuple[int | None, int]:
    """(limit, offset) from strings as a URL gives them (None: no limit, offset 0); QueryError
    unless each is a whole number of at least 0."""
    values: list[int | None] = []
    for name, text in (("limit", limit), ("offset", offset)):
        if text is None or not text.strip():
            values.append(None)
        elif re.fullmatch(r"\d{1,12}", text.strip()):
            values.append(int(text.strip()))
        else:
            raise QueryError(f"{name} must be a whole number of at least 0, not {text!r}")
    return values[0], values[1] or 0


@dataclass(frozen=True, slots=True)
class _Page:
    """Which rows of an answer to keep: `limit` (None: all) after the first `offset`."""

    offset: int = 0
    limit: int | None = None

    @property
    def end(self) -> int | None:
        """The number of rows the page needs read, None for all."""
        return None if self.limit is None else self.offset + self.limit

    def rows(self, rows: Iterator[Any], convert: Any) -> tuple[list[Any], bool]:
        """The converted rows of the page and whether more follow it."""
        kept: list[Any] = []
        for row in islice(rows, self.offset, None):
            if self.limit is not None and len(kept) >= self.limit:
                return kept, True
            kept.append(convert(row))
        return kept, False


def _on_oxigraph(graph: Graph) -> bool:
    try:
        from graphbuild.graph.store import is_oxigraph
    except ImportError:  # oxrdflib missing: no graph can be on Oxigraph then
        return False
    return is_oxigraph(graph)


def _can_slice(prepared: Query) -> bool:
    """True for a SELECT without its own LIMIT or OFFSET: a page of it can be asked of the engine
    as `LIMIT n OFFSET k` after the query's own ORDER BY, the same rows in the same order."""
    top = prepared.algebra
    return top.name == "SelectQuery" and top.p.name != "Slice"


def _sliced(text: str, page: _Page) -> str:
    """`text` asking the engine for the page and one row more (to tell that rows follow it)."""
    assert page.limit is not None
    return f"{text}\nLIMIT {page.limit + 1}" + (f" OFFSET {page.offset}" if page.offset else "")


def _run_oxigraph(
    graph: Graph,
    text: str,
    bindings: Mapping[str, Identifier],
    page: _Page,
    can_slice: bool = False,
) -> QueryResult:
    """Run query text on the Oxigraph store under `graph` as `graph.query` would, converting each
    distinct result term to rdflib once (per-term conversion cost more than the query itself
    on results of thousands of rows), and only the rows of the page. A page of a SELECT without
    its own LIMIT (`can_slice`) is asked of Oxigraph as a slice, so that the rows after it are
    never looked up (its sort still reads every row's keys)."""
    from graphbuild.graph.store import bind_with_values, oxigraph_store, to_ox

    store = oxigraph_store(graph)
    options: dict[str, Any] = {"prefixes": {p: str(ns) for p, ns in graph.namespaces()}}
    if graph.default_union:
        options["use_default_graph_as_union"] = True
    else:
        options["default_graph"] = to_ox(graph.identifier)

    def run(text: str) -> Any:
        try:
            return store.query(
                text,
                substitutions={ox.Variable(k): to_ox(v) for k, v in bindings.items()},
                **options,
            )
        except RuntimeError as error:  # Oxigraph substitutes only variables the query projects
            if not bindings or "projection" not in str(error):
                raise
            return store.query(bind_with_values(text, bindings), **options)

    found = None
    if can_slice and page.limit is not None:
        with contextlib.suppress(SyntaxError):  # e.g. a VALUES block after the WHERE group
            found, page = run(_sliced(text, page)), _Page(0, page.limit)
    if found is None:
        found = run(text)
    namespaces = tuple(_prefixes(graph).items())
    if isinstance(found, ox.QueryBoolean):
        return QueryResult("ASK", boolean=bool(found), namespaces=namespaces)
    return _from_ox_result(found, page, namespaces)


def _from_ox_result(
    found: Any, page: _Page, namespaces: tuple[tuple[str, str], ...], kind: str = "CONSTRUCT"
) -> QueryResult:
    """Solutions or triples of Oxigraph terms as a QueryResult, converting each distinct term to
    rdflib once, and only the rows (or triples) of the page."""
    from graphbuild.graph.store import from_ox

    terms: dict[Any, Any] = {}

    def term(value: Any) -> Any:
        if value is None:
            return None
        known = terms.get(value)
        if known is None:
            known = terms[value] = from_ox(value)
        return known

    if isinstance(found, ox.QuerySolutions | _Solutions):
        if isinstance(found, _Solutions):
            variables = tuple(found.names)
        else:
            variables = tuple(v.value for v in found.variables)
        rows, more = page.rows(iter(found), lambda solution: tuple(term(v) for v in solution))
        return QueryResult("SELECT", variables, tuple(rows), truncated=more, namespaces=namespaces)
    out = Graph()
    for prefix, ns in namespaces:
        out.bind(prefix, ns, override=True, replace=True)
    distinct = dict.fromkeys((t.subject, t.predicate, t.object) for t in found)  # in order
    kept, more = page.rows(iter(distinct), lambda t: tuple(term(x) for x in t))
    out.addN((s, p, o, out) for s, p, o in kept)
    return QueryResult(kind, graph=out, truncated=more, namespaces=namespaces)


def _materialise(result: Result, page: _Page, graph: Graph) -> QueryResult:
    namespaces = tuple(_prefixes(graph).items())
    if result.type == "ASK":
        return QueryResult("ASK", boolean=bool(result.askAnswer), namespaces=namespaces)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        source: Graph = result.graph if result.graph is not None else Graph()
        out = Graph()
        for prefix, ns in namespaces:
            out.bind(prefix, ns, override=True, replace=True)
        triples, more = page.rows(iter(source), tuple)
        out.addN((s, p, o, out) for s, p, o in triples)
        return QueryResult(result.type, graph=out, truncated=more, namespaces=namespaces)
    variables = tuple(str(v) for v in (result.vars or []))
    rows, more = page.rows(iter(result), tuple)
    return QueryResult("SELECT", variables, tuple(rows), truncated=more, namespaces=namespaces)


# --- formatting ----------------------------------------------------------------------------------

_TURTLE_INTEGER = re.compile(r"^[+-]?\d+$")
_TURTLE_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
_TURTLE_DOUBLE = re.compile(r"^[+-]?(\d+\.\d*|\.\d+|\d+)[eE][+-]?\d+$")


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


def tsv_term(term: Identifier | None) -> str:
    """A term as the SPARQL 1.1 TSV format writes it: Turtle/N-Triples syntax, numbers bare."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        lexical = str(term)
        if term.language:
            return f'"{_escape(lexical)}"@{term.language}'
        dt = term.datatype
        if (
            (dt == XSD.integer and _TURTLE_INTEGER.match(lexical))
            or (dt == XSD.decimal and _TURTLE_DECIMAL.match(lexical))
            or (dt == XSD.double and _TURTLE_DOUBLE.match(lexical))
            or (dt == XSD.boolean and lexical in ("true", "false"))
        ):
            return lexical
        if dt is None or dt == XSD.string:
            return f'"{_escape(lexical)}"'
        return f'"{_escape(lexical)}"^^<{dt}>'
    raise QueryError(f"cannot write term {term!r} as TSV")


def _table_term(term: Identifier | None, namespaces: tuple[tuple[str, str], ...]) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact_iri(str(term), namespaces)
    if isinstance(term, BNode):
        return f"_:{term}"
    return " ".join(str(term).split())


def _table(result: QueryResult) -> str:
    if not result.variables:
        return "(no variables)\n"
    cells = [[_table_term(t, result.namespaces) for t in row] for row in result.rows]
    widths = [max([len(v), *(len(r[i]) for r in cells)]) for i, v in enumerate(result.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(result.variables, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    footer = f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''}"
    footer += ", truncated)" if result.truncated else ")"
    return "\n".join(line.rstrip() for line in lines) + "\n" + footer + "\n"


def _serialize_result(result: QueryResult, fmt: str) -> str:
    buffer = io.StringIO()
    result.to_rdflib().serialize(buffer, format=fmt)
    value = buffer.getvalue()
    return value.decode("utf-8") if isinstance(value, bytes) else value


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Text of a result: table/csv/tsv/json/xml for SELECT and ASK (W3C SPARQL 1.1 result
    formats), turtle/nt/xml/json-ld for CONSTRUCT and DESCRIBE ("table" gives Turtle).

    A value that is not Unicode text (a lone surrogate from a "\\uD800" escape) -> QueryError."""
    try:
        text = _format(result, fmt.lower())
        text.encode("utf-8")
    except (UnicodeError, ResultException, TypeError, SyntaxError, ValueError) as exc:
        # orjson's error is a TypeError; Oxigraph's reader raises SyntaxError
        raise QueryError(f"cannot write the result as {fmt}: {one_line(exc)}") from None
    return text


def _format(result: QueryResult, fmt: str) -> str:
    if fmt not in FORMATS:
        raise QueryError(f"unknown result format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if result.kind in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        rdf_format = {"table": "turtle", "xml": "pretty-xml"}.get(fmt, fmt)
        if rdf_format not in ("turtle", "nt", "pretty-xml", "json-ld"):
            raise QueryError(
                f"a {result.kind} result is a graph: use one of {', '.join(GRAPH_FORMATS)}"
            )
        return result.graph.serialize(format=rdf_format)
    if fmt in ("turtle", "nt", "json-ld"):
        raise QueryError(f"a {result.kind} result is not a graph: use table, csv, tsv, json or xml")
    if result.kind == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
        if fmt == "xml":
            return _xml_results(json.dumps({"head": {}, "boolean": bool(result.boolean)}))
        value = "true" if result.boolean else "false"
        return value + ("\r\n" if fmt == "csv" else "\n")
    if fmt == "table":
        return _table(result)
    if fmt == "csv":
        return _serialize_result(result, "csv")  # rdflib's: plain values, CRLF, RFC 4180 quoting
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join(tsv_term(t) for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    if fmt == "json":
        return _serialize_result(result, "json") + "\n"
    return _xml_results(_serialize_result(result, "json"))


def _xml_results(json_results: str) -> str:
    """SPARQL XML results written by Oxigraph from the JSON results: rdflib's XML writer leaves
    falsy literals (false, 0, 0.0) empty (rdflib #3138)."""
    parsed = ox.parse_query_results(json_results.encode("utf-8"), ox.QueryResultsFormat.JSON)
    written = parsed.serialize(format=ox.QueryResultsFormat.XML)
    assert written is not None
    return written.decode("utf-8") + "\n"
