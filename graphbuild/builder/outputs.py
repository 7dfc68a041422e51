"""What a build writes into OUTDIR: statements.jsonl, graph.ttl, graph.html and the manifest.

One class, `OutdirWriter`, owns every file a build puts in OUTDIR, so that how outputs are made
safe (the folder locked, the files staged and moved into place together, the manifest last and
checked) is decided in one place.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

from graphbuild.builder import manifest
from graphbuild.records import DocumentResult

if TYPE_CHECKING:
    from rdflib import Graph

STATEMENTS = "statements.jsonl"
GRAPH = "graph.ttl"
PAGE = "graph.html"


def page_view(result: DocumentResult) -> DocumentResult:
    """What the network page reads of a result: every entity, the asserted statements and the
    sentences they come from (the page shows no other statement)."""
    facts = tuple(st for st in result.statements if st.is_fact)
    cited = {st.sentence_index for st in facts}
    entities = {e.key: e for e in result.entities}
    for st in result.statements:  # actors of dropped statements stay nodes of the page
        for entity in (st.subject, st.object, st.speaker):
            if entity is not None:
                entities.setdefault(entity.key, entity)
    return dataclasses.replace(
        result,
        entities=tuple(entities.values()),
        sentences=tuple(s for s in result.sentences if s.index in cited),
        statements=facts,
    )


def count_facts(graph: Graph) -> int:
    """The number of asserted statements in a graph (what its page would draw)."""
    from rdflib import Literal

    from graphbuild.graph.ontology import GB

    return sum(1 for _ in graph.triples((None, GB.asserted, Literal(True))))


class OutdirWriter:
    """Writes one build's outputs into `outdir` as one set (graphbuild.builder.manifest.OutputFolder).

    Used as a context manager around the whole build: entering locks the folder (a second build
    into it fails at once) and clears what a killed run left. Inside, `statements()` is open
    around extraction and `add` takes each result as it streams past (statements.jsonl, and the
    page's share of a new graph); then `write_graph_stream` or `write_graph`, then `write_page`.
    Every file goes to a staging folder; `finish` moves them into place together and writes the
    manifest last. Leaving without `finish` keeps the previous outputs and their manifest."""

    def __init__(self, outdir: Path, *, base: str, page: bool, page_limit: int) -> None:
        self.outdir = outdir
        self.base = base
        self.page = page
        self.page_limit = page_limit
        self.page_written = False
        self.page_skipped = False
        self._page_views: list[DocumentResult] | None = None
        self._page_facts = 0
        self._jsonl: IO[str] | None = None
        self._folder = manifest.OutputFolder(outdir, [STATEMENTS, GRAPH, PAGE])
        from graphbuild.builder.statements_jsonl import generate_jsonl

        self._generate_jsonl = generate_jsonl

    # --- before and during extraction --------------------------------------------------------

    def __enter__(self) -> OutdirWriter:
        self._folder.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._folder.__exit__(kind, value, traceback)

    def previous(self) -> manifest.Manifest | None:
        """The manifest of the outputs in the folder now (read under the lock)."""
        return self._folder.manifest()

    @contextlib.contextmanager
    def statements(self) -> Iterator[None]:
        """statements.jsonl open for `add` (staged; in place only when the build commits)."""
        with self._folder.stage(STATEMENTS).open("w", encoding="utf-8", newline="") as handle:
            self._jsonl = handle
            try:
                yield
            finally:
                self._jsonl = None

    def collect_page(self) -> None:
        """Keep what the page of a new graph needs from each result `add`ed (up to the limit)."""
        if self.page:
            self._page_views = []

    def add(self, result: DocumentResult, *, in_graph: bool = False) -> None:
        """Write a result's statements; keep its share of the page (see `collect_page`) unless
        the graph already held the document (`in_graph`: statements.jsonl only)."""
        assert self._jsonl is not None, "add() inside statements()"
        self._jsonl.writelines(self._generate_jsonl([result], base=self.base))
        if self._page_views is not None and not in_graph:
            view = page_view(result)
            self._page_facts += len(view.statements)  # counted only until the limit is passed
            if self._page_facts <= self.page_limit:
                self._page_views.append(view)
            else:  # too dense to explore whole, and holding it would grow memory
                self._page_views, self.page_skipped = None, True

    # --- the graph and its page --------------------------------------------------------------

    def write_graph_stream(self, triples: Iterable[Any]) -> None:
        """graph.ttl from a stream of Oxigraph triples (a new graph, never held in memory)."""
        from graphbuild.graph.export import write_triples

        write_triples(triples, self._folder.stage(GRAPH), base=self.base)

    def write_graph(self, graph: Graph) -> None:
        """graph.ttl from a graph (one built into an existing file or store)."""
        from graphbuild.graph.rdfgraph import write_turtle

        write_turtle(graph, self._folder.stage(GRAPH))

    def write_page(self, graph: Graph | None = None) -> None:
        """graph.html: of `graph`, else of the views `collect_page` kept; none past the limit."""
        if not self.page:
            return
        if graph is not None and count_facts(graph) > self.page_limit:
            self.page_skipped = True  # the page of a grown graph would be as dense
        if self.page_skipped:
            return
        from graphbuild.serve.viz import write_page

        if graph is None:
            from graphbuild.graph.ontology import bind_prefixes
            from graphbuild.graph.rdfgraph import build_graph
            from graphbuild.graph.store import OXIGRAPH, open_graph

            assert self._page_views is not None, "collect_page() before extraction"
            # In Oxigraph's memory store: ~5x cheaper to fill than rdflib's, same page.
            graph = build_graph(
                self._page_views,
                base=self.base,
                graph=bind_prefixes(open_graph(OXIGRAPH), self.base),
            )
            self._page_views.clear()
        write_page(graph, self._folder.stage(PAGE), drop_isolated=True)
        self.page_written = True

    # --- after ------------------------------------------------------------------------------

    def page_notice(self) -> str | None:
        """Why there is no page, when the limit stopped it."""
        if not self.page_skipped:
            return None
        return (
            f"no graph.html: more than --page-limit {self.page_limit} asserted statements, too"
            " many to explore on one page; draw a filtered one with"
            " `graphbuild viz GRAPH --min-sources N --family F --since DATE`"
        )

    def finish(self, said: Sequence[str], digest: str | None) -> str:
        """Move the outputs into place together, remove an earlier build's page when this one
        drew none (the folder holds one build's outputs), write the manifest last (`digest`
        None: a build never called up to date), and say what was written."""
        record = self._folder.commit(
            digest,
            summary="\n".join(said),
            page_written=self.page_written,
            remove=[] if self.page_written else [PAGE],
        )
        written = [GRAPH, STATEMENTS, *([PAGE] if self.page_written else [])]
        assert set(record.outputs) == set(written), "every output staged before the commit"
        return "wrote " + ", ".join(str(self.outdir / name) for name in written)
