"""The one build service behind `graphbuild build`, `graphbuild.build()` and the benchmarks.

`run` reads inputs, extracts (in this process, `--jobs` processes or on Dask), and writes the
graph, statements.jsonl, the page and the manifest; see `graphbuild.builder.service`.
"""

from __future__ import annotations

from graphbuild.builder.executors import DEFAULT_BATCH_SIZE, ExtractionPlan
from graphbuild.builder.service import (
    PAGE_LIMIT,
    BuildOptions,
    BuildProgress,
    BuildReport,
    Progress,
    extract,
    run,
)

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "PAGE_LIMIT",
    "BuildOptions",
    "BuildProgress",
    "BuildReport",
    "ExtractionPlan",
    "Progress",
    "extract",
    "run",
]
