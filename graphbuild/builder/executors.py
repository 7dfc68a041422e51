"""Where extraction runs: in this process, in `--jobs N` local processes, or on a Dask cluster.

Every executor maps batches of documents to batches of `DocumentResult` records and yields them in
the order the batches came in, with a bounded number of batches in flight, so that a build streams
whatever runs the extraction. Workers load the pipeline once (`graphbuild.builder.worker`) and send
back records only, never spaCy Docs.
"""

from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol

from graphbuild.errors import GraphbuildError, UsageError, one_line
from graphbuild.records import Document, DocumentResult

DEFAULT_BATCH_SIZE = 32
# Documents a `--jobs` worker task (or a step of this process) takes: few, so that at the end of
# the input no process waits long on another's last piece.
PIECE = 4


@dataclass(frozen=True)
class ExtractionPlan:
    """How extraction runs: `jobs` local processes, or Dask (`workers` local worker processes, or
    the cluster at `scheduler`); documents travel `batch_size` at a time."""

    jobs: int = 1
    workers: int | None = None
    scheduler: str | None = None
    batch_size: int = DEFAULT_BATCH_SIZE

    def __post_init__(self) -> None:
        if self.workers is not None and self.scheduler is not None:
            raise UsageError("give either --workers N or --scheduler ADDRESS, not both")
        if self.jobs > 1 and (self.workers is not None or self.scheduler is not None):
            raise UsageError("give either --jobs N or Dask (--workers/--scheduler), not both")
        if self.batch_size < 1 or self.jobs < 1 or (self.workers is not None and self.workers < 1):
            raise UsageError("--jobs, --workers and --batch-size must be at least 1")

    @property
    def uses_dask(self) -> bool:
        return self.workers is not None or self.scheduler is not None


class _Result(Protocol):
    def result(self) -> list[DocumentResult]: ...


class _Done:
    """A batch with nothing to extract (every document came from the cache)."""

    def done(self) -> bool:
        return True

    def result(self) -> list[DocumentResult]:
        return []


def ordered(
    submit: Callable[[Sequence[Document]], _Result],
    batches: Iterable[Sequence[Document]],
    in_flight: int,
) -> Iterator[list[DocumentResult]]:
    """Submit batches, at most `in_flight` unfinished at a time, and yield their results in the
    order submitted (an empty batch is not sent anywhere)."""
    pending: deque[_Result] = deque()
    for batch in batches:
        pending.append(submit(batch) if batch else _Done())
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class Executor:
    """Runs extraction batches; `map` yields each batch's records in input order. A context
    manager: leaving it stops the processes or cluster the executor started."""

    def map(self, batches: Iterable[Sequence[Document]]) -> Iterator[list[DocumentResult]]:
        raise NotImplementedError

    def close(self) -> None:
        """Release what the executor started."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class LocalExecutor(Executor):
    """Extraction in this process; the pipeline loads at the first batch with work, once a
    process (`graphbuild.builder.worker.load_worker`)."""

    def __init__(self, model: str) -> None:
        self.model = model

    def map(self, batches: Iterable[Sequence[Document]]) -> Iterator[list[DocumentResult]]:
        from graphbuild.builder.worker import extract_batch

        for batch in batches:
            yield extract_batch(self.model, batch) if batch else []


class _Ready:
    """A batch this process has already extracted."""

    def __init__(self, results: list[DocumentResult]) -> None:
        self._results = results

    def done(self) -> bool:
        return True

    def result(self) -> list[DocumentResult]:
        return self._results


class ProcessExecutor(Executor):
    """Extraction in `jobs` processes (`--jobs N`): this one and `jobs - 1` workers.

    Batches go out in pieces of PIECE documents. This process loads the pipeline and extracts
    too, a piece whenever the workers each hold two unfinished ones, so it never waits idle on
    them. Where it runs no other thread, it warms the pipeline on a short article, freezes what is
    alive out of the collector's reach (`gc.freeze`) and forks the workers at once: they share its
    pipeline pages copy-on-write instead of each loading a copy (~150 MiB). Otherwise (a thread
    may hold a lock a forked child would wait on forever) each worker is a fresh interpreter
    (spawn) that loads the pipeline itself."""

    def __init__(self, model: str, jobs: int) -> None:
        from graphbuild.builder.worker import load_worker, warm_up

        self.model = model
        self.jobs = jobs
        self.start_method = worker_start_method()
        load_worker(model)
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        if jobs < 2:
            return
        if self.start_method == "fork":
            warm_up(model)  # lazily built tables are built once, here, and shared
            gc.freeze()
        self._pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=jobs - 1,
            mp_context=multiprocessing.get_context(self.start_method),
            initializer=load_worker,
            initargs=(model,),
        )
        if self.start_method == "fork":
            # a first task forks every worker now (concurrent.futures starts forked workers all
            # at once), before the caller starts threads or takes locks the children would hold
            self._pool.submit(int)

    def map(self, batches: Iterable[Sequence[Document]]) -> Iterator[list[DocumentResult]]:
        from graphbuild.builder.worker import extract_batch

        pool = self._pool
        queued = 2 * (self.jobs - 1)  # unfinished pieces the workers hold before this one helps
        in_flight = 2 * self.jobs + 1
        pending: deque[list[Any]] = deque()  # each batch's pieces, in order

        def busy(parts: list[Any]) -> int:
            return sum(not p.done() for batch in pending for p in batch) + sum(
                not p.done() for p in parts
            )

        def finished() -> Iterator[list[DocumentResult]]:
            while pending and (all(p.done() for p in pending[0]) or len(pending) >= in_flight):
                yield [result for part in pending.popleft() for result in part.result()]

        try:
            for batch in batches:
                parts: list[Any] = []
                for at in range(0, len(batch), PIECE):
                    piece = list(batch[at : at + PIECE])
                    if pool is not None and busy(parts) < queued:
                        parts.append(pool.submit(extract_batch, self.model, piece))
                    else:
                        parts.append(_Ready(extract_batch(self.model, piece)))
                        yield from finished()
                pending.append(parts)
                yield from finished()
            while pending:
                yield [result for part in pending.popleft() for result in part.result()]
        except concurrent.futures.process.BrokenProcessPool as exc:
            raise GraphbuildError(f"an extraction process died: {one_line(exc)}") from None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def worker_start_method() -> str:
    """How `--jobs` starts its workers: "fork" (sharing the pipeline loaded here) when the
    platform has it and this process runs no other thread, else "spawn"."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def make_executor(plan: ExtractionPlan, model: str) -> Executor:
    """The executor `plan` asks for, extracting with the installed pipeline `model`."""
    if plan.uses_dask:
        from graphbuild.builder.cluster import DaskExecutor

        return DaskExecutor(model, workers=plan.workers, scheduler=plan.scheduler)
    if plan.jobs > 1:
        return ProcessExecutor(model, plan.jobs)
    return LocalExecutor(model)


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive lists of `size` items (the last one shorter)."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
