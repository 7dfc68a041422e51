"""Extraction on a Dask cluster: a local one of N worker processes (`--workers N`) or an existing
one (`--scheduler tcp://HOST:PORT`).

A worker plugin loads the pipeline, gazetteer and lexicon once per worker process (and again in a
worker that replaces a lost one); batches of documents go out as tasks, at most a few per worker
at a time, and their records come back in input order. When a worker dies, the scheduler runs
its unfinished batches again on another worker, and the build consumes each batch exactly once,
so nothing is lost or written twice. Dask is optional: `pip install 'graphbuild[dask]'`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from graphbuild.builder.executors import Executor, ordered
from graphbuild.errors import GraphbuildError, InputError, one_line
from graphbuild.records import Document, DocumentResult

MISSING = "Dask is not installed: pip install 'graphbuild[dask]' (for --workers and --scheduler)"
CONNECT_TIMEOUT_S = 10
WORKERS_TIMEOUT_S = 60
BATCHES_PER_WORKER = 2  # in flight: one running and one queued a worker, so none waits idle

try:
    import distributed
    from distributed import WorkerPlugin
except ImportError:  # pragma: no cover - exercised by simulating the missing import
    distributed = None  # type: ignore[assignment]
    WorkerPlugin = object  # type: ignore[assignment,misc]


def require_dask() -> Any:
    """The `distributed` module, or InputError with the one-line install hint."""
    if distributed is None:
        raise InputError(MISSING)
    return distributed


class ExtractionPlugin(WorkerPlugin):
    """Loads the extraction pipeline once in every worker process, present or future."""

    name = "graphbuild-extraction"

    def __init__(self, model: str) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        from graphbuild.builder.worker import load_worker

        load_worker(self.model)


def _local_cluster_config() -> dict[str, Any]:
    """Dask settings of the local cluster, measured on extraction (24 articles, one worker):

    - Dask's sampling profiler walks the worker thread's stack every 10 ms: ~30 % more CPU on
      extraction's deep Python calls, for a dashboard that a local build does not show;
    - the nanny sets MALLOC_TRIM_THRESHOLD_=65536 in workers, which turns off glibc's dynamic
      mmap threshold, so spaCy's arrays are mapped and unmapped on every batch: system CPU 0.99 s
      against 0.11 s without it, worker CPU 7.85 s against 6.46 s;
    - an idle cluster of one worker took 3.5-4.7 % of a core in this process (scheduler, nanny)
      and 1.8-2.6 % in the worker, mostly the event loops' 20 ms health tick and the 100-500 ms
      resource monitors; with the intervals below, 0.7 % and 0.4 %.
    """
    import dask

    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
    environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    return {
        "distributed.worker.profile.enabled": False,
        "distributed.nanny.pre-spawn-environ": environ,
        "distributed.admin.tick.interval": "500ms",
        "distributed.admin.system-monitor.interval": "5s",
        "distributed.worker.memory.monitor-interval": "1s",
    }


class DaskExecutor(Executor):
    """Extraction batches as Dask tasks; records stream back in input order."""

    def __init__(
        self, model: str, *, workers: int | None = None, scheduler: str | None = None
    ) -> None:
        dd = require_dask()
        self.model = model
        self._cluster: Any = None
        try:
            if scheduler is not None:
                self._client = dd.Client(scheduler, timeout=CONNECT_TIMEOUT_S)
            else:
                import dask

                with dask.config.set(_local_cluster_config()):
                    self._cluster = dd.LocalCluster(
                        n_workers=workers or 1,
                        threads_per_worker=1,
                        processes=True,
                        host="127.0.0.1",
                        dashboard_address=None,
                        # no dashboard; its small HTTP server on a free local port, not 8787
                        scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
                        silence_logs=logging.ERROR,
                    )
                self._client = dd.Client(self._cluster)
            self._client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)  # none: TimeoutError
            self._client.register_plugin(ExtractionPlugin(model))
        except GraphbuildError:
            self.close()
            raise
        except (OSError, TimeoutError, ValueError, RuntimeError) as exc:
            self.close()
            where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
            raise GraphbuildError(f"cannot use {where}: {one_line(exc)}") from None

    @property
    def workers(self) -> int:
        return max(1, len(self._client.scheduler_info().get("workers", {})))

    def map(self, batches: Iterable[Sequence[Document]]) -> Iterator[list[DocumentResult]]:
        from graphbuild.builder.worker import extract_batch

        def submit(batch: Sequence[Document]) -> Any:
            return self._client.submit(extract_batch, self.model, list(batch), pure=False)

        try:
            yield from ordered(submit, batches, in_flight=BATCHES_PER_WORKER * self.workers + 1)
        except distributed.KilledWorker as exc:
            raise GraphbuildError(
                f"Dask workers kept dying on one batch of documents: {one_line(exc)}"
            ) from None

    def close(self) -> None:
        client, cluster = getattr(self, "_client", None), self._cluster
        self._client = self._cluster = None
        with contextlib.suppress(Exception):
            if client is not None:
                client.close()
        with contextlib.suppress(Exception):
            if cluster is not None:
                cluster.close()
