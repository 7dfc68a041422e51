"""Parallel bulk loading of large N-Triples, N-Quads and Turtle files into an empty Oxigraph store.

Oxigraph's bulk loader parses a file on one thread and only then builds its indexes, so a 1M-triple
file keeps one core busy for ~5 s. A file cut between statements loads in pieces concurrently
(`Store.bulk_load` releases the GIL), as Oxigraph itself loads batches of a very large file.

- N-Triples and N-Quads hold one statement a line: any line end is a cut.
- Turtle is cut only after a line ending in "." when the next line that is not blank starts at its
  first column,
  as Oxigraph's and rdflib's writers lay it out. Short strings and IRIs cannot hold a line break,
  so such a "." ends a statement or sits in a comment; a cut inside a statement leaves a piece
  that does not parse, and the caller then loads the file in one piece. Files with long strings
  (`\"\"\"`) or with prefix and base directives after the first statement are not cut
  (`Unsplittable`); each piece is parsed after the directives at the head of the file.
- Blank node labels are scoped to one parse, so every statement that mentions one (`_:`) is kept
  out of the pieces and loaded in a single last parse.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

LINE_FORMATS = frozenset({ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS})
# About 100,000 statements a piece: N-Triples take ~150 bytes a triple, Turtle ~40.
CHUNK_BYTES = {
    ox.RdfFormat.N_TRIPLES: 16 * 2**20,
    ox.RdfFormat.N_QUADS: 16 * 2**20,
    ox.RdfFormat.TURTLE: 4 * 2**20,
}


def worth_splitting(size: int, ox_format: ox.RdfFormat) -> bool:
    """Whether a file of `size` bytes makes at least two pieces (smaller loads as fast whole)."""
    return ox_format in CHUNK_BYTES and size >= 2 * CHUNK_BYTES[ox_format]


_BLANK = b"_:"
_LINE_END = re.compile(rb"\n")
# The end of a Turtle statement that closes a line, and any blank lines after it, before a line
# that starts at column one.
_TURTLE_END = re.compile(rb"\.[ \t]*\r?\n(?:[ \t]*\r?\n)*(?=[^ \t\r\n])")
_TURTLE_HEAD_LINE = re.compile(
    rb"[ \t]*(?:#[^\n]*|@prefix[^\n]*|@base[^\n]*|(?i:prefix|base)[ \t][^\n]*)?\r?\n"
)
_TURTLE_DIRECTIVE = re.compile(rb"^[ \t]*(?:@prefix|@base|(?i:prefix|base)[ \t])", re.MULTILINE)
_LONG_STRING = re.compile(rb"\"\"\"|'''")
# Where a Turtle file's directives are looked for; more of them than this and it loads whole.
_HEAD_BYTES = 2**16


class Unsplittable(ValueError):
    """The file cannot be cut into pieces safely; it must be loaded in one piece."""


def split_lines(stream: IO[bytes], size: int) -> Iterator[tuple[bytes, bytes]]:
    """Cut N-Triples or N-Quads into pieces of about `size` bytes ending at line ends; yields
    (statements without a blank node, statements with one), each in input order."""
    yield from _split(stream, size, b"", _LINE_END, _last_line_end)


def split_turtle(stream: IO[bytes], size: int) -> tuple[bytes, Iterator[tuple[bytes, bytes]]]:
    """The directives at the head of a Turtle file, and its statements cut into pieces of about
    `size` bytes as `split_lines` does; the pieces raise `Unsplittable` on a long string or a
    later directive."""
    head = stream.read(min(size, _HEAD_BYTES))
    start = 0
    while match := _TURTLE_HEAD_LINE.match(head, start):
        if match.end() == start:
            break
        start = match.end()
    pieces = _split(stream, size, head[start:], _TURTLE_END, _last_turtle_end, _check_turtle)
    return head[:start], pieces


def _last_line_end(data: bytes) -> int:
    return data.rfind(b"\n") + 1


def _last_turtle_end(data: bytes) -> int:
    window = max(0, len(data) - 2**20)
    while True:
        ends = [m.end() for m in _TURTLE_END.finditer(data, window)]
        if ends or window == 0:
            return ends[-1] if ends else 0
        window = max(0, window - 2**22)


def _check_turtle(data: bytes) -> None:
    if _LONG_STRING.search(data) or _TURTLE_DIRECTIVE.search(data):
        raise Unsplittable("long strings or directives after the first statement")


def _split(
    stream: IO[bytes],
    size: int,
    rest: bytes,
    ends: re.Pattern[bytes],
    last_end: Callable[[bytes], int],
    check: Callable[[bytes], None] | None = None,
) -> Iterator[tuple[bytes, bytes]]:
    while True:
        more = stream.read(size)
        data = rest + more
        if check is not None:
            check(data)
        if not more:
            if data:
                yield _separate(data, ends)
            return
        cut = last_end(data)
        if cut == 0:
            if check is not None and len(data) > 8 * size:  # such a statement: load whole
                raise Unsplittable(f"no statement ends in {len(data)} bytes")
            rest = data
            continue
        rest = data[cut:]
        yield _separate(data[:cut], ends)


def _separate(piece: bytes, ends: re.Pattern[bytes]) -> tuple[bytes, bytes]:
    """(statements without `_:`, statements with `_:`); a `_:` in a literal only costs speed."""
    if _BLANK not in piece:
        return piece, b""
    plain: list[bytes] = []
    blank: list[bytes] = []
    start = 0
    for end in [*(m.end() for m in ends.finditer(piece)), len(piece)]:
        statement = piece[start:end]
        (blank if _BLANK in statement else plain).append(statement)
        start = end
    return b"".join(plain), b"".join(blank)


def worker_count() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def parallel_bulk_load(
    store: ox.Store,
    source: Path,
    ox_format: ox.RdfFormat,
    *,
    to_graph: Any = None,
    base_iri: str | None = None,
    workers: int | None = None,
    chunk_bytes: int | None = None,
) -> None:
    """Bulk-load an N-Triples, N-Quads or Turtle file into `store` with `workers` concurrent
    parses.

    Not atomic, like `Store.bulk_load`: on error (`Unsplittable` included) some pieces may be
    loaded; the caller clears the store. At most `workers + 1` pieces are held in memory at once;
    blank-node statements are spooled to a temporary file past `chunk_bytes`.
    """
    if ox_format not in CHUNK_BYTES:
        raise ValueError(f"{ox_format} files are not cut into pieces")
    workers = workers or worker_count()
    chunk_bytes = chunk_bytes or CHUNK_BYTES[ox_format]
    options = {"format": ox_format, "to_graph": to_graph, "base_iri": base_iri}
    with (
        tempfile.SpooledTemporaryFile(max_size=chunk_bytes) as blank_statements,
        ThreadPoolExecutor(max_workers=workers) as pool,
        source.open("rb") as stream,
    ):
        if ox_format in LINE_FORMATS:
            head, pieces = b"", split_lines(stream, chunk_bytes)
        else:
            head, pieces = split_turtle(stream, chunk_bytes)
        blank_statements.write(head)
        pending: deque[Future[None]] = deque()
        try:
            for plain, blank in pieces:
                blank_statements.write(blank)
                if not plain:
                    continue
                while len(pending) > workers:
                    pending.popleft().result()
                pending.append(pool.submit(store.bulk_load, head + plain, **options))
            while pending:
                pending.popleft().result()
            if blank_statements.tell() > len(head):
                blank_statements.seek(0)
                store.bulk_load(blank_statements, **options)
        finally:
            for future in pending:
                future.cancel()
