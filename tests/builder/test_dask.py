"""Extraction on a Dask cluster (`--workers N`, `--scheduler ADDRESS`): the same bytes as a build in
one process, also when a worker process is killed mid-build, and a one-line error without Dask.

One LocalCluster of two worker processes, bound to 127.0.0.1, serves the module; it is started by
`graphbuild.builder.cluster.DaskExecutor` exactly as `build --workers 2` starts one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from graphbuild.builder import BuildOptions, BuildProgress, ExtractionPlan, run
from graphbuild.cli import main
from graphbuild.extract.nlp import pipeline_name
from graphbuild.graph.rdfgraph import load_graph
from graphbuild.resources import EXAMPLES_DIR

distributed = pytest.importorskip("distributed")
from graphbuild.builder.cluster import DaskExecutor  # noqa: E402

pytestmark = pytest.mark.slow
ARTICLES = EXAMPLES_DIR / "articles"
OUTPUTS = ("statements.jsonl", "graph.ttl")


@pytest.fixture(scope="module")
def executor() -> Iterator[DaskExecutor]:
    dask = DaskExecutor(pipeline_name(), workers=2)
    yield dask
    dask.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build of the examples in this process, one document a batch."""
    out = tmp_path_factory.mktemp("local")
    args = ["build", str(ARTICLES), "-o", str(out), "-q", "--no-cache", "--no-page"]
    assert main([*args, "--batch-size", "1"]) == 0
    return out


def _same_as(out: Path, reference: Path) -> None:
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name
    assert isomorphic(load_graph(out / "graph.ttl"), load_graph(reference / "graph.ttl"))


def _options(batch_size: int = 1) -> BuildOptions:
    return BuildOptions(page=False, extraction=ExtractionPlan(batch_size=batch_size))


def _worker_pids(executor: DaskExecutor) -> dict[str, int]:
    return executor._client.run(os.getpid)  # type: ignore[no-any-return]


def test_a_two_worker_build_writes_what_one_process_writes(
    executor: DaskExecutor, reference: Path, tmp_path: Path
) -> None:
    assert len(_worker_pids(executor)) == 2
    seen: list[BuildProgress] = []
    run(
        [str(ARTICLES)],
        outdir=tmp_path,
        options=_options(),
        executor=executor,
        progress=seen.append,
    )
    _same_as(tmp_path, reference)
    assert [p.documents for p in seen] == list(range(1, len(seen) + 1))


def test_a_worker_killed_mid_build_loses_nothing_and_writes_nothing_twice(
    executor: DaskExecutor, reference: Path, tmp_path: Path
) -> None:
    client = executor._client
    before = _worker_pids(executor)
    killed: list[tuple[str, int]] = []
    stop = threading.Event()

    def kill_a_busy_worker() -> None:
        """SIGKILL the first worker seen running a batch of this build."""
        while not stop.is_set():
            busy = sorted(w for w, keys in client.processing().items() if keys)
            if busy:
                os.kill(before[busy[0]], signal.SIGKILL)
                killed.append((busy[0], before[busy[0]]))
                return
            time.sleep(0.002)

    killer = threading.Thread(target=kill_a_busy_worker, daemon=True)
    killer.start()
    try:
        run([str(ARTICLES)], outdir=tmp_path, options=_options(), executor=executor)
    finally:
        stop.set()
        killer.join(timeout=10)
    assert killed, "no worker was busy with this build"
    _same_as(tmp_path, reference)
    client.wait_for_workers(2, timeout=120)  # the nanny restarted the killed worker
    after = _worker_pids(executor)
    assert killed[0][1] not in after.values()


def test_build_on_an_existing_cluster_by_its_scheduler_address(
    executor: DaskExecutor, reference: Path, tmp_path: Path
) -> None:
    address = executor._client.scheduler.address
    args = ["build", str(ARTICLES), "-o", str(tmp_path), "-q", "--no-cache", "--no-page"]
    assert main([*args, "--scheduler", address, "--batch-size", "2"]) == 0
    _same_as(tmp_path, reference)


def test_an_unreachable_scheduler_is_a_one_line_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from graphbuild.builder import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 1)
    args = ["build", str(ARTICLES), "-o", str(tmp_path / "out"), "-q", "--no-cache"]
    assert main([*args, "--scheduler", "tcp://127.0.0.1:9"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("graphbuild: error: cannot use the Dask scheduler")
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_without_dask_workers_is_a_one_line_error(tmp_path: Path) -> None:
    # a fresh interpreter in which `import distributed` fails, as where Dask is not installed
    code = (
        "import sys; sys.modules['distributed'] = None\n"
        "from graphbuild.cli import main\n"
        f"sys.exit(main(['build', {str(ARTICLES)!r}, '-o', {str(tmp_path)!r}, '--workers', '2']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "graphbuild: error: Dask is not installed: pip install 'graphbuild[dask]'"
        " (for --workers and --scheduler)"
    )
    assert not (tmp_path / "graph.ttl").exists()
