"""The network page in a real headless Chromium: it draws the graph, settles, stays offline, runs
nothing from the articles, and shows tooltips as text. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from graphbuild.graph.ontology import GB
from graphbuild.serve.viz import view_network, write_page

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")

FIXTURE = Path(__file__).parents[1] / "data" / "viz_fixture.ttl"
ARTIFACTS = Path(__file__).parents[1] / "artifacts"
ID = "https://w3id.org/graphbuild/id/"
STARMER = ID + "person/keir-starmer"
PUTIN = ID + "person/vladimir-putin"
ZELENSKY = ID + "person/volodymyr-zelensky"
LOCAL_SCHEMES = {"file", "data", "about"}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SETTLE_MS = 90_000  # a generous ceiling for a loaded CI machine, not a performance target

# A point on an edge, in page coordinates, away from any node (None if the edge is hidden).
EDGE_POINT_JS = """(id) => {
  const edge = window.graphbuild.edges.get(id);
  const pos = network.getPositions([edge.from, edge.to]);
  const a = network.canvasToDOM(pos[edge.from]), b = network.canvasToDOM(pos[edge.to]);
  const rect = document.querySelector('#network canvas').getBoundingClientRect();
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const nx = -(b.y - a.y) / len, ny = (b.x - a.x) / len;
  for (const t of [0.5, 0.4, 0.6, 0.3, 0.7]) {
    for (let off = 0; off <= 60; off += 2) {
      for (const sign of [1, -1]) {
        const p = {x: a.x + t * (b.x - a.x) + sign * off * nx, y: a.y + t * (b.y - a.y) + sign * off * ny};
        if (network.getEdgeAt(p) === id && network.getNodeAt(p) === undefined) {
          return {x: p.x + rect.left, y: p.y + rect.top};
        }
      }
    }
  }
  return null;
}"""
NODE_POINT_JS = """(id) => {
  const p = network.canvasToDOM(network.getPositions([id])[id]);
  const rect = document.querySelector('#network canvas').getBoundingClientRect();
  return {x: p.x + rect.left, y: p.y + rect.top};
}"""
EDGE_ID_JS = """([from, to]) =>
  window.graphbuild.edges.get({filter: (e) => e.from === from && e.to === to})[0].id"""


def _chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    if executable is None:
        pytest.skip("no Chromium found (looked for chromium on PATH and /usr/bin/chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(FIXTURE, format="turtle")


class Opened:
    """A page opened in a fresh context, with what it logged and every request it made."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector(
            "body[data-stabilized=true]", state="attached", timeout=SETTLE_MS
        )

    def _route(self, route: Any) -> None:
        if urlsplit(route.request.url).scheme in LOCAL_SCHEMES:
            route.continue_()
        else:
            route.abort()

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text}")

    def eval(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def hover_text(self, point: dict[str, float]) -> str:
        self.page.mouse.move(point["x"], point["y"])
        tooltip = self.page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=10_000)
        return tooltip.inner_text()

    def edge_tooltip(self, source: str, target: str) -> str:
        """The tooltip text of the edge from `source` to `target`, hovered at its midpoint."""
        point = self.eval(EDGE_POINT_JS, self.eval(EDGE_ID_JS, [source, target]))
        assert point is not None, f"the {source} -> {target} edge is not reachable on screen"
        return self.hover_text(point)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    opened: list[Opened] = []

    def _open(path: Path) -> Opened:
        opened.append(Opened(browser, path))
        return opened[-1]

    yield _open
    for page in opened:
        page.close()


def _assert_clean(opened: Opened) -> None:
    assert opened.errors == []
    leaving = [url for url in opened.requests if urlsplit(url).scheme not in LOCAL_SCHEMES]
    assert leaving == []
    assert opened.eval("window.__pwned") is None


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"focus": "Keir Starmer", "hops": 1},
        {"families": ["OPPOSE", "ATTACK"], "drop_isolated": True},
        {"since": "2025-03-01", "min_sources": 2},
    ],
    ids=["all", "focus", "families", "since-sources"],
)
def test_page_draws_the_graph_it_was_given(
    graph: Graph, open_page: Any, tmp_path: Path, options: dict
) -> None:
    path = tmp_path / "graph.html"
    write_page(graph, path, **options)
    network, _ = view_network(graph, **options)
    opened = open_page(path)
    counts = opened.eval(
        "[network.body.data.nodes.length, network.body.data.edges.length,"
        " Object.keys(network.getPositions()).length]"
    )
    expected = network.number_of_nodes()
    assert counts == [expected, network.number_of_edges(), expected]
    _assert_clean(opened)


def test_page_settles_offline_and_readable(graph: Graph, open_page: Any, tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    write_page(graph, path, title="Leaders and coalitions")
    opened = open_page(path)
    _assert_clean(opened)
    assert opened.eval("network.physics.options.enabled") is False
    before = opened.eval("network.getPositions()")
    opened.page.wait_for_timeout(300)
    assert opened.eval("network.getPositions()") == before  # physics is off: nothing drifts
    legend = opened.page.locator("#legend")
    assert legend.is_visible()
    box = legend.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1400 and box["y"] >= 0
    assert opened.page.locator("#progress").is_hidden()
    assert opened.page.title() == "Leaders and coalitions"
    ARTIFACTS.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(ARTIFACTS / "network.png"))
    find = opened.page.locator("#find-input")
    find.fill("vladimir putin")
    find.press("Enter")
    assert opened.eval("network.getSelectedNodes()") == [PUTIN]


def test_tooltips_show_sentences_as_text(graph: Graph, open_page: Any, tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    write_page(graph, path)
    opened = open_page(path)

    text = opened.edge_tooltip(STARMER, PUTIN)
    assert "Starmer again criticised Putin over the strikes." in text
    assert "BBC News, 2025-04-10" in text
    opened.page.mouse.move(5, 880)

    text = opened.edge_tooltip(ZELENSKY, STARMER)
    assert "<script>window.__pwned=1</script>" in text
    assert '<img src=x onerror="window.__pwned=1">' in text
    assert (
        opened.page.locator(
            "div.vis-tooltip img, div.vis-tooltip a, div.vis-tooltip script"
        ).count()
        == 0
    )
    ARTIFACTS.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(ARTIFACTS / "network-tooltip.png"))

    opened.page.mouse.move(5, 880)
    node_text = opened.hover_text(opened.eval(NODE_POINT_JS, STARMER))
    assert "Posts: Prime Minister of the United Kingdom" in node_text
    assert "Also: Sir Keir Starmer, Starmer" in node_text
    _assert_clean(opened)


def _synthetic_graph(actors: int, statements: int, seed: int = 1) -> Graph:
    """A random actor graph in the model of docs/graph-model.md, for the size test."""
    rnd = random.Random(seed)
    graph = Graph()
    kinds = [GB.Person, GB.State, GB.Coalition, GB.Organization, GB.Place]
    relations = [("criticises", "OPPOSE"), ("meetsWith", "COOPERATE"), ("praises", "SUPPORT")]
    relations += [("strikes", "ATTACK"), ("memberOf", "MEMBER_OF")]
    for i in range(actors):
        graph.add((URIRef(f"{ID}person/a{i}"), RDF.type, kinds[i % len(kinds)]))
        graph.add((URIRef(f"{ID}person/a{i}"), RDFS.label, Literal(f"Actor {i}")))
    for k in range(statements):
        s, o = rnd.sample(range(actors), 2)
        subject, obj = URIRef(f"{ID}person/a{s}"), URIRef(f"{ID}person/a{o}")
        relation, family = rnd.choice(relations)
        doc = URIRef(f"{ID}doc/d{k % 40}")
        sentence = URIRef(f"{doc}/sentence/{k}")
        statement = URIRef(f"{ID}statement/{k:016x}")
        graph.add((doc, GB.outlet, Literal(f"Outlet {k % 7}")))
        graph.add((doc, DCTERMS.issued, Literal("2025-03-01", datatype=XSD.date)))
        graph.add((sentence, RDF.value, Literal(f"Actor {s} {relation} Actor {o}.")))
        graph.add((subject, GB[relation], obj))
        for p, value in (
            (RDF.type, GB.Statement),
            (RDF.subject, subject),
            (RDF.predicate, GB[relation]),
            (RDF.object, obj),
            (GB.family, Literal(family)),
            (PROV.wasDerivedFrom, sentence),
            (GB.document, doc),
            (GB.asserted, Literal(True)),
        ):
            graph.add((statement, p, value))
    return graph


@pytest.mark.slow
def test_a_thousand_actors_settle(open_page: Any, tmp_path: Path) -> None:
    graph = _synthetic_graph(1000, 2000)
    path = tmp_path / "big.html"
    write_page(graph, path)
    network, _ = view_network(graph)
    opened = open_page(path)
    counts = opened.eval("[network.body.data.nodes.length, network.body.data.edges.length]")
    assert counts == [1000, network.number_of_edges()]
    assert opened.eval("network.physics.options.enabled") is False
    _assert_clean(opened)
    ARTIFACTS.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(ARTIFACTS / "network-1000.png"))
