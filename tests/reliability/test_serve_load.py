"""A small bounded loopback load test of `graphbuild serve` (benchmarks/bench_serve.py at CI size).

More clients than workers, plus heavy queries that can only end at the time limit: every light
request is answered (none refused: they wait in the queue), the heavy ones get their 503, and
the server still answers afterwards. No timing is asserted; the figures are printed.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "fixture_graph.ttl"


def test_more_clients_than_workers_and_heavy_queries_all_get_answers(capsys) -> None:
    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks.bench_serve import run
    finally:
        sys.path.remove(str(ROOT))
    report = run(
        FIXTURE, clients=4, requests=4, heavy=1, workers=2, queue=8, timeout_s=3, max_seconds=120
    )
    with capsys.disabled():
        print("\nserve load:", json.dumps(asdict(report)))
    assert not report.stopped_early
    assert report.sent == 4 * 4
    assert report.answered_200 == report.sent, report.errors
    assert report.refused_busy == report.timed_out == report.no_answer == 0
    assert report.heavy_statuses == [503]  # each killed at its limit, not left running
    assert report.answers_after
    assert 0 < report.p50_ms <= report.p99_ms <= report.max_ms
