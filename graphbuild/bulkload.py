"""Parallel bulk loading of line-based RDF (N-Triples, N-Quads) into an empty Oxigraph store.

Oxigraph's bulk loader parses a file on one thread and only then builds its indexes, so a 1M-triple
file keeps one core busy for ~5 s. N-Triples and N-Quads hold one statement a line, so the file can
be cut at line ends and the pieces loaded concurrently (`Store.bulk_load` releases the GIL), as
Oxigraph itself loads batches of a large file. Blank node labels are scoped to one parse, so every
line that mentions one (`_:`) is kept out of the pieces and loaded in a single last parse.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

LINE_FORMATS = frozenset({ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS})
CHUNK_BYTES = 16 * 2**20
# Smaller files gain nothing from splitting: one bulk_load is as fast.
MIN_PARALLEL_BYTES = 2 * CHUNK_BYTES

_BLANK = b"_:"
_BLANK_LINE = re.compile(rb"^[^\n]*_:[^\n]*(?:\n|\Z)", re.MULTILINE)


def split_lines(stream: IO[bytes], size: int) -> Iterator[tuple[bytes, bytes]]:
    """Cut a byte stream into pieces of about `size` bytes ending at line ends; yields
    (lines without a blank node, lines with one), each in input order."""
    rest = b""
    while True:
        data = stream.read(size)
        if not data:
            if rest:
                yield _separate(rest)
            return
        data = rest + data
        cut = data.rfind(b"\n") + 1
        if cut == 0:
            rest = data
            continue
        rest = data[cut:]
        yield _separate(data[:cut])


def _separate(lines: bytes) -> tuple[bytes, bytes]:
    """(lines without `_:`, lines with `_:`); a `_:` inside a literal only costs parallelism."""
    if _BLANK not in lines:
        return lines, b""
    plain: list[bytes] = []
    blank: list[bytes] = []
    start = 0
    for match in _BLANK_LINE.finditer(lines):
        plain.append(lines[start : match.start()])
        blank.append(match.group())
        start = match.end()
    plain.append(lines[start:])
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
    """Bulk-load a line-based RDF file into `store` with `workers` concurrent parses.

    Not atomic, like `Store.bulk_load`: on error some pieces may be loaded; the caller clears the
    store. At most `workers + 1` pieces are held in memory at once; blank-node lines are spooled
    to a temporary file past `chunk_bytes`.
    """
    if ox_format not in LINE_FORMATS:
        raise ValueError(f"{ox_format} is not a line-based RDF format")
    workers = workers or worker_count()
    chunk_bytes = chunk_bytes or CHUNK_BYTES
    options = {"format": ox_format, "to_graph": to_graph, "base_iri": base_iri}
    with (
        tempfile.SpooledTemporaryFile(max_size=chunk_bytes) as blank_lines,
        ThreadPoolExecutor(max_workers=workers) as pool,
        source.open("rb") as stream,
    ):
        pending: deque[Future[None]] = deque()
        try:
            for plain, blank in split_lines(stream, chunk_bytes):
                blank_lines.write(blank)
                if not plain:
                    continue
                while len(pending) > workers:
                    pending.popleft().result()
                pending.append(pool.submit(store.bulk_load, plain, **options))
            while pending:
                pending.popleft().result()
            if blank_lines.tell():
                blank_lines.seek(0)
                store.bulk_load(blank_lines, **options)
        finally:
            for future in pending:
                future.cancel()
