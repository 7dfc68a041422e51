"""Build the graph of the example articles and ask it two named questions.

Run: python examples/build_and_query.py
"""

from __future__ import annotations

from pathlib import Path

import graphbuild
from graphbuild.serve.queries import format_result, resolve_query, run_query

ARTICLES = Path(__file__).resolve().parent / "articles"


def main() -> None:
    graph = graphbuild.build([str(ARTICLES)])
    print(f"{len(graph)} triples")
    for name, params in [("leaders", {}), ("supporters-and-critics", {"actor": "Vladimir Putin"})]:
        query = resolve_query(name)
        print(f"\n== {query.title}")
        print(format_result(run_query(graph, query, params), "table"))


if __name__ == "__main__":
    main()
