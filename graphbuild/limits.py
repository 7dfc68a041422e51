"""Limits for hostile input: XML entity expansion, oversized terms and graph files, long texts and
query time. Each limit answers with a one-line GraphbuildError instead of a crash or a stall.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from graphbuild.errors import GraphError, QueryError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_C = TypeVar("_C")

# Oxigraph's parsers hold one term in a buffer of at most 16 MiB (a longer literal fails).
MAX_TERM_BYTES = 16 * 1024 * 1024
# A graph file parsed into memory (not a store): past this, `graphbuild load` it into a store.
MAX_GRAPH_FILE_BYTES = 1 << 30
# XML entities may make an RDF/XML document at most this many times its own size (and at least
# this many characters): Protégé's `&owl;`-style abbreviations grow a file ~6x, a billion laughs
# a millionfold.
ENTITY_GROWTH = 10
MIN_ENTITY_BUDGET = 1_000_000
# A text past spaCy's max_length is parsed in pieces of at most this many characters (the parser's
# memory grows with the length of what it is given at once).
MAX_PIECE_CHARS = 100_000
# The CLI's `query` stops after this many seconds unless --timeout says otherwise.
DEFAULT_QUERY_TIMEOUT = 60.0
# Seconds a native query (Oxigraph) gets past its deadline to notice it before the process ends.
NATIVE_GRACE = 2.0

_DOCTYPE = re.compile(rb"<!DOCTYPE\b")
_ENTITY = re.compile(
    rb"""<!ENTITY\s+(?P<pe>%\s+)?(?P<name>[^\s"'>%&;]+)\s+"""
    rb"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<ext>(?:SYSTEM|PUBLIC)\b[^>]*))\s*>"""
)
_REFERENCE = re.compile(rb"&([^\s&;<>\"'#]+);")


def check_xml_entities(data: bytes, where: str) -> None:
    """Refuse an XML document whose internal DTD declares external or parameter entities, or
    whose entities expand (at declaration, as Oxigraph does, and where referenced) past the
    budget: `ENTITY_GROWTH` times the document's size, at least `MIN_ENTITY_BUDGET` characters.
    Documents without `<!ENTITY` cost one substring search."""
    if b"<!ENTITY" not in data:
        return
    doctype = _DOCTYPE.search(data)
    if doctype is None:
        return
    budget = max(MIN_ENTITY_BUDGET, ENTITY_GROWTH * len(data))
    sizes: dict[bytes, int] = {}
    end = doctype.end()
    matches = list(_ENTITY.finditer(data, doctype.end()))
    if len(matches) < data.count(b"<!ENTITY", doctype.end()):
        raise GraphError(f"{where}: an XML entity declaration graphbuild cannot check")
    for match in matches:
        name = match["name"]
        if match["pe"] is not None or match["ext"] is not None:
            kind = "parameter" if match["pe"] is not None else "external"
            raise GraphError(
                f"{where}: XML declares the {kind} entity {name.decode(errors='replace')!r},"
                " which graphbuild does not read"
            )
        value = match["dq"] if match["dq"] is not None else match["sq"]
        size = len(_REFERENCE.sub(b"", value)) + sum(
            sizes.get(ref, len(ref) + 2) for ref in _REFERENCE.findall(value)
        )
        if size > budget:
            raise _too_big(where, budget)
        sizes[name] = max(size, sizes.get(name, 0))  # a name declared twice: the larger counts
        end = match.end()
    if not sizes:
        return
    body = data[end:]
    total = 0
    for name, size in sizes.items():
        total += body.count(b"&" + name + b";") * size
        if total > budget:
            raise _too_big(where, budget)


def _too_big(where: str, budget: int) -> GraphError:
    return GraphError(
        f"{where}: XML entities expand past {budget:,} characters (an entity expansion attack?)"
    )


def term_too_long(error: BaseException) -> bool:
    """Whether a parser error is Oxigraph refusing a term longer than its buffer."""
    return isinstance(error, MemoryError) or "buffer maximal size" in str(error)


def term_too_long_message(where: str) -> str:
    return (
        f"{where}: a literal or IRI is longer than {MAX_TERM_BYTES // (1024 * 1024)} MiB,"
        " the longest term graphbuild reads"
    )


def check_graph_file_size(size: int, where: str) -> None:
    """Refuse a graph file too large to parse into memory; a store holds large graphs."""
    if size > MAX_GRAPH_FILE_BYTES:
        raise GraphError(
            f"{where}: too large to read into memory ({size:,} bytes, limit"
            f" {MAX_GRAPH_FILE_BYTES:,}); put it in a store with"
            " `graphbuild load FILE --store oxigraph:PATH` and query the store"
        )


# --- long texts --------------------------------------------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?…]['\"’”)\]]*\s+")
_SPACE = re.compile(r"\s+")


def split_long_text(text: str, limit: int) -> list[tuple[int, str]]:
    """Cut `text` into pieces of at most `limit` characters, as (offset, piece) pairs whose pieces
    joined give `text` back: at the last paragraph break before the limit, else the last sentence
    end, else the last space, else at the limit. A text within the limit is one piece."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for pattern in (_PARAGRAPH_BREAK, _SENTENCE_END, _SPACE):
            ends = [m.end() for m in pattern.finditer(window) if m.end() < len(window)]
            if ends:
                cut = ends[-1]
                break
        if cut == 0:
            cut = limit
        pieces.append((start, text[start : start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def pipe_in_pieces(
    nlp: Language, items: Iterable[tuple[str, _C]], **options: Any
) -> Iterator[tuple[Doc, _C]]:
    """`nlp.pipe(items, as_tuples=True, **options)` for texts of any length: a text longer than
    `nlp.max_length` (spaCy's E088) is parsed in pieces of at most `MAX_PIECE_CHARS`
    (`split_long_text`) joined back into one Doc whose text, and so every character offset, is the
    original's."""
    from spacy.tokens import Doc

    limit = nlp.max_length
    piece = min(limit, MAX_PIECE_CHARS)

    def pieces() -> Iterator[tuple[str, tuple[_C, int]]]:
        for text, context in items:
            if len(text) <= limit:
                yield text, (context, 1)
                continue
            parts = split_long_text(text, piece)
            for _, part in parts:
                yield part, (context, len(parts))

    parsed: list[Doc] = []
    for doc, (context, count) in nlp.pipe(pieces(), as_tuples=True, **options):
        if count == 1:
            yield doc, context
            continue
        parsed.append(doc)
        if len(parsed) == count:
            yield Doc.from_docs(parsed, ensure_whitespace=False), context
            parsed = []


# --- query time --------------------------------------------------------------------------------


class _Deadline(BaseException):
    """Raised in the main thread at a query's deadline (a BaseException: no `except Exception`
    on the way may swallow it)."""


@contextlib.contextmanager
def time_limit(seconds: float | None, what: str = "query") -> Iterator[None]:
    """Stop the block after `seconds` with a one-line QueryError.

    Python work (rdflib's evaluation, reading result rows) is interrupted by SIGALRM; native work
    that does not return to Python (an Oxigraph query) cannot be, so after `NATIVE_GRACE` more
    seconds a watchdog prints the error and ends the process with status 1. Only in the main
    thread of the main interpreter (signals); elsewhere the block runs unbounded.
    """
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    message = f"{what} stopped after its time limit of {seconds:g} s (--timeout)"

    done = threading.Event()
    active = [True]  # no alarm raised once the block is left

    def on_alarm(signum: int, frame: object) -> None:
        if active[0]:
            raise _Deadline()

    def watchdog() -> None:
        if not done.wait(seconds + NATIVE_GRACE):
            with contextlib.suppress(Exception):
                sys.stderr.write(f"graphbuild: error: {message}\n")
                sys.stderr.flush()
            os._exit(1)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    guard = threading.Thread(target=watchdog, name="graphbuild-query-watchdog", daemon=True)
    guard.start()
    try:
        yield
    except _Deadline:
        raise QueryError(message) from None
    finally:
        active[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        done.set()
