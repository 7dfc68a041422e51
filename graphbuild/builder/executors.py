"""Where extraction runs: in this process, in `--jobs N` local processes, or on a Dask cluster.

Every executor maps batches of documents to batches of `DocumentResult` records and yields them in
the order the batches came in, with a bounded number of batches in flight, so that a build streams
whatever runs the extraction. Workers load the pipeline once (`graphbuild.builder.worker`) and send
back records only, never spaCy Docs.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol

from graphbuild.errors import GraphbuildError, UsageError, one_line
from graphbuild.records import Document, DocumentResult

DEFAULT_BATCH_SIZE = 32


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


class ProcessExecutor(Executor):
    """Extraction in `jobs` local worker processes, each loading the pipeline once (`--jobs N`)."""

    def __init__(self, model: str, jobs: int) -> None:
        from graphbuild.builder.worker import load_worker

        self.model = model
        self.jobs = jobs
        # spawn: a fresh interpreter, never a fork of a parent whose threads (progress bar, store)
        # may hold locks; each worker loads the pipeline once in its initializer.
        self._pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=load_worker,
            initargs=(model,),
        )

    def map(self, batches: Iterable[Sequence[Document]]) -> Iterator[list[DocumentResult]]:
        from graphbuild.builder.worker import extract_batch

        def submit(batch: Sequence[Document]) -> _Result:
            return self._pool.submit(extract_batch, self.model, list(batch))

        try:
            yield from ordered(submit, batches, in_flight=2 * self.jobs + 1)
        except concurrent.futures.process.BrokenProcessPool as exc:
            raise GraphbuildError(f"an extraction process died: {one_line(exc)}") from None

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


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
