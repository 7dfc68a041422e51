"""Turn the example graph into a networkx network and rank the most central actors.

Run: python examples/network_analysis.py
"""

from __future__ import annotations

from pathlib import Path

import graphbuild
from graphbuild.serve.analytics import format_stats, stats

ARTICLES = Path(__file__).resolve().parent / "articles"


def main() -> None:
    graph = graphbuild.build([str(ARTICLES)])
    print(format_stats(stats(graph, top=5)))


if __name__ == "__main__":
    main()
