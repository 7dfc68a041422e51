"""The build service (`graphbuild.builder`): batches stream back in input order with a bounded
number in flight, cached documents keep their place, and `--jobs N` writes what one process
writes."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest
from builders import sample_results

from graphbuild.builder import ExtractionPlan, extract
from graphbuild.builder.executors import Executor, ordered
from graphbuild.cli import main
from graphbuild.errors import UsageError
from graphbuild.records import Document, DocumentResult
from graphbuild.resources import EXAMPLES_DIR

ARTICLES = EXAMPLES_DIR / "articles"


def _results(n: int) -> list[DocumentResult]:
    """n distinct hand-made results (documents news-0 ... news-(n-1))."""
    base = sample_results()[0]
    return [
        dataclasses.replace(base, document=Document(f"news-{i}", f"{base.document.text} ({i})"))
        for i in range(n)
    ]


def test_batches_come_back_in_input_order_with_a_bounded_number_in_flight() -> None:
    # Workers that finish later batches first: the order must still be the input's.
    pool = concurrent.futures.ThreadPoolExecutor(4)
    submitted = consumed = most = 0
    gates = [threading.Event() for _ in range(12)]

    def work(i: int, batch: Sequence[Document]) -> list[DocumentResult]:
        if i % 3 == 0 and i + 1 < len(gates):
            assert gates[i].wait(timeout=10)  # finishes only after the next batch has
        if i > 0:
            gates[i - 1].set()
        return [DocumentResult(d, (), (), (), ()) for d in batch]

    count = iter(range(12))

    def submit(batch: Sequence[Document]) -> concurrent.futures.Future[list[DocumentResult]]:
        nonlocal submitted, most
        submitted += 1
        most = max(most, submitted - consumed)  # submitted, not yet handed to the build
        return pool.submit(work, next(count), batch)

    batches = [[Document(f"d{i}-{j}", "text") for j in range(2)] for i in range(12)]
    got = []
    for results in ordered(submit, batches, in_flight=3):
        consumed += 1
        got.extend(r.document.id for r in results)
    pool.shutdown()
    assert got == [d.id for batch in batches for d in batch]
    assert most <= 3


class _Recording(Executor):
    """An executor that 'extracts' from a table and records the batches it was given."""

    def __init__(self, table: dict[str, DocumentResult]) -> None:
        self.table = table
        self.batches: list[list[str]] = []

    def map(self, batches: Iterable[Sequence[Document]]) -> Iterator[list[DocumentResult]]:
        for batch in batches:
            self.batches.append([d.id for d in batch])
            yield [self.table[d.id] for d in batch]


class _Cache:
    def __init__(self, hits: Iterable[DocumentResult]) -> None:
        self.entries = {r.document.id: r for r in hits}
        self.put_ids: list[str] = []

    def get(self, document: Document) -> DocumentResult | None:
        return self.entries.get(document.id)

    def put(self, result: DocumentResult) -> None:
        self.put_ids.append(result.document.id)


def test_cached_documents_keep_their_place_and_only_the_rest_are_extracted() -> None:
    results = _results(7)
    cached = [results[i] for i in (0, 2, 3, 6)]
    cache = _Cache(cached)
    executor = _Recording({r.document.id: r for r in results})
    documents = [r.document for r in results]
    got = list(extract(documents, executor, 3, cache))  # type: ignore[arg-type]
    assert got == results
    assert executor.batches == [["news-1"], ["news-4", "news-5"], []]
    assert cache.put_ids == ["news-1", "news-4", "news-5"]


def test_an_extraction_plan_takes_one_way_of_running() -> None:
    with pytest.raises(UsageError, match="--workers N or --scheduler"):
        ExtractionPlan(workers=2, scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(UsageError, match="--jobs N or Dask"):
        ExtractionPlan(jobs=2, workers=2)


@pytest.mark.slow
def test_jobs_2_writes_what_one_process_writes(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    args = ["build", str(ARTICLES), "-q", "--no-cache", "--no-page", "--batch-size", "2"]
    assert main([*args, "-o", str(one)]) == 0
    assert main([*args, "-o", str(two), "--jobs", "2"]) == 0
    for name in ("statements.jsonl", "graph.ttl"):
        assert (two / name).read_bytes() == (one / name).read_bytes(), name


def test_workers_are_forked_only_from_a_process_running_no_other_thread() -> None:
    from graphbuild.builder.executors import worker_start_method

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert worker_start_method() == "spawn"  # a thread could hold a lock a child waits on
    finally:
        stop.set()
        thread.join()
    if threading.active_count() == 1:
        assert worker_start_method() == "fork"


@pytest.mark.slow
def test_jobs_split_batches_into_pieces_and_give_each_batch_back_whole() -> None:
    from graphbuild.builder.executors import PIECE, LocalExecutor, ProcessExecutor
    from graphbuild.documents import read_inputs
    from graphbuild.extract.nlp import pipeline_name

    articles = list(read_inputs([str(ARTICLES)]))
    documents = [
        dataclasses.replace(article, id=f"{article.id}-{i}")
        for i in range(3)
        for article in articles
    ]
    cut = PIECE + 1  # a batch of more than one piece, an empty one, one of a single document
    batches = [documents[:cut], [], documents[cut : cut + 1], documents[cut + 1 :]]
    with ProcessExecutor(pipeline_name(), 2) as executor:
        got = list(executor.map(batches))
    with LocalExecutor(pipeline_name()) as local:
        expected = list(local.map(batches))
    assert [len(b) for b in got] == [len(b) for b in batches]
    assert [r.document for b in got for r in b] == documents
    assert got == expected
