"""The network page: counts, folding, tooltips, escaping of hostile text, offline assets, filters."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from graphbuild.errors import GraphbuildError, QueryError
from graphbuild.graph.ontology import GB
from graphbuild.serve.viz import MAX_SENTENCES, render_page, view_network, write_page

FIXTURE = Path(__file__).parents[1] / "data" / "viz_fixture.ttl"
ID = "https://w3id.org/graphbuild/id/"
STARMER = ID + "person/keir-starmer"
PUTIN = ID + "person/vladimir-putin"
ZELENSKY = ID + "person/volodymyr-zelensky"

# The tags the page template writes; anything else in a page came from the data.
TEMPLATE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "p", "label", "input",
    "datalist", "main", "div", "aside", "h2", "ul", "li", "span", "script",
}  # fmt: skip


class _Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False if tag == "script" else self._in_script

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def _tags(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def _data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert match, "no graph data in the page"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(FIXTURE, format="turtle")


@pytest.fixture(scope="module")
def page(graph: Graph) -> str:
    return render_page(graph)


def _edge(data: dict, source: str, target: str) -> dict:
    found = [e for e in data["edges"] if (e["from"], e["to"]) == (source, target)]
    assert len(found) == 1
    return found[0]


def test_page_has_every_actor_and_one_edge_per_pair_and_family(page: str) -> None:
    data = _data(page)
    assert len(data["nodes"]) == 15
    assert len(data["edges"]) == 17
    assert len({e["id"] for e in data["edges"]}) == 17
    assert "15 actors, 17 relations" in page


def test_folded_edge_is_labelled_with_its_relations_and_wider_for_more_sources(page: str) -> None:
    data = _data(page)
    folded = _edge(data, STARMER, PUTIN)
    single = _edge(data, ZELENSKY, STARMER)
    assert folded["label"] == "criticises / condemns"
    assert (folded["sources"], single["sources"]) == (3, 1)
    assert folded["width"] > single["width"]
    assert folded["arrows"] == "to"


def test_styles_by_class_and_family(page: str) -> None:
    data = _data(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes[STARMER]["shape"] == "dot"
    assert nodes[ID + "state/GBR"]["shape"] == "square"
    assert nodes[ID + "coalition/nato"]["shape"] == "hexagon"
    assert nodes[ID + "organization/european-union"]["shape"] == "diamond"
    colours = {e["family"]: e["color"] for e in data["edges"]}
    assert len({colours[f] for f in ("COOPERATE", "SUPPORT", "OPPOSE", "ATTACK")}) == 4
    assert colours["POST_IN"] == colours["MEMBER_OF"] == colours["LEADS"]
    assert colours["OPPOSE"] != colours["LEADS"]
    # Node size follows PageRank: Ukraine (a sink) outweighs France (one edge out).
    assert nodes[ID + "state/UKR"]["size"] > nodes[ID + "state/FRA"]["size"]


def test_legend_lists_classes_and_families(page: str) -> None:
    legend = page[page.index('<aside id="legend"') : page.index("</aside>")]
    for name in ("Person", "State", "Coalition", "Organization", "Place", "opposition", "attack"):
        assert name in legend


def test_edge_tooltip_lists_sentences_with_outlet_and_date(page: str) -> None:
    title = _edge(_data(page), STARMER, PUTIN)["title"]
    assert title.startswith("Keir Starmer → Vladimir Putin (OPPOSE)")
    assert "criticises ×2, condemns ×1" in title
    assert "“Starmer again criticised Putin over the strikes.”" in title
    assert "BBC News, 2025-04-10 — Russia launches strikes on Ukraine" in title
    assert "Sky News, 2025-02-20" in title
    assert title.index("2025-04-10") < title.index("2025-02-20")  # newest first


def test_node_tooltip_shows_aliases_and_posts(page: str) -> None:
    node = next(n for n in _data(page)["nodes"] if n["id"] == STARMER)
    assert "Also: Sir Keir Starmer, Starmer" in node["title"]
    assert "Posts: Prime Minister of the United Kingdom" in node["title"]


def test_edge_tooltip_caps_sentences() -> None:
    graph = Graph()
    a, b = URIRef(ID + "person/a"), URIRef(ID + "person/b")
    for node, name in ((a, "Anna Alpha"), (b, "Bo Beta")):
        graph.add((node, RDF.type, GB.Person))
        graph.add((node, RDFS.label, Literal(name)))
    graph.add((a, GB.criticises, b))
    for i in range(MAX_SENTENCES + 3):
        doc, st = URIRef(f"{ID}doc/d{i}"), URIRef(f"{ID}statement/{i:016x}")
        sentence = URIRef(f"{doc}/sentence/0")
        graph.add((doc, GB.outlet, Literal(f"Outlet {i}")))
        graph.add((doc, DCTERMS.issued, Literal(f"2025-01-{i + 10}", datatype=XSD.date)))
        graph.add((sentence, RDF.value, Literal(f"Anna Alpha criticised Bo Beta, take {i}.")))
        for p, o in (
            (RDF.type, GB.Statement),
            (RDF.subject, a),
            (RDF.predicate, GB.criticises),
            (RDF.object, b),
            (GB.family, Literal("OPPOSE")),
            (PROV.wasDerivedFrom, sentence),
            (GB.document, doc),
            (GB.asserted, Literal(True)),
        ):
            graph.add((st, p, o))
    title = _data(render_page(graph))["edges"][0]["title"]
    assert title.count("“Anna Alpha criticised Bo Beta") == MAX_SENTENCES
    assert title.endswith("+3 more")
    assert "take 7" in title and "take 2" not in title  # the newest five


def test_injected_markup_appears_only_as_text(page: str) -> None:
    for raw in ("<script>window", "<img", 'onerror="window', "<a href", "<b onmouseover"):
        assert raw not in page
    parsed = _tags(page)
    assert {tag for tag, _ in parsed.tags} <= TEMPLATE_TAGS
    assert len(parsed.scripts) == 3
    for _, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs)
        assert not any("javascript:" in (value or "") for value in attrs.values())
    # The text survives, escaped, for the tooltip to show verbatim.
    title = _edge(_data(page), ZELENSKY, STARMER)["title"]
    assert '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1">' in title
    assert 'Gazette <b onmouseover="window.__pwned=1">, 2025-05-01' in title


def test_title_is_escaped(graph: Graph) -> None:
    page = render_page(graph, title="<script>alert(1)</script> & friends")
    assert "<script>alert(1)" not in page
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends</h1>" in page


def test_page_loads_nothing_from_the_network(page: str) -> None:
    parsed = _tags(page)
    assert not any(tag == "link" for tag, _ in parsed.tags)
    for _, attrs in parsed.tags:
        for name in ("src", "href", "srcset", "action", "data"):
            value = attrs.get(name) or ""
            assert not re.match(r"\s*(https?:)?//", value), f"{name}={value}"
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)
    assert "@import" not in page


def test_content_security_policy_allows_exactly_the_inline_scripts(page: str) -> None:
    parsed = _tags(page)
    csp = next(
        a["content"] or ""
        for _, a in parsed.tags
        if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    for script in parsed.scripts[1:]:  # the first is JSON data, which never runs
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_layout_stabilises_then_physics_is_switched_off(page: str) -> None:
    options = _data(page)["options"]
    assert options["physics"]["stabilization"]["enabled"] is True
    assert options["physics"]["stabilization"]["iterations"] > 0
    assert "physics: { enabled: false }" in page  # set when stabilisation is done


def test_focus_by_label_alias_or_iri(graph: Graph) -> None:
    for focus in ("Keir Starmer", "sir keir starmer", STARMER):
        data = _data(render_page(graph, focus=focus, hops=1))
        assert len(data["nodes"]) == 7
        focus_node = next(n for n in data["nodes"] if n["id"] == STARMER)
        assert focus_node["borderWidth"] == 4
    assert "around Keir Starmer (1 hop)" in render_page(graph, focus="Starmer", hops=1)


def test_unknown_focus_is_a_graphbuild_error(graph: Graph) -> None:
    with pytest.raises(GraphbuildError, match="unknown actor 'Boris Johnson'") as info:
        render_page(graph, focus="Boris Johnson")
    assert isinstance(info.value, QueryError)


def test_filters_family_sources_since_and_isolated(graph: Graph) -> None:
    assert len(_data(render_page(graph, families=["OPPOSE", "ATTACK"]))["edges"]) == 3
    assert len(_data(render_page(graph, min_sources=2))["edges"]) == 1
    assert len(_data(render_page(graph, since="2025-03-01"))["edges"]) == 11
    assert len(_data(render_page(graph, drop_isolated=True))["nodes"]) == 13
    data = _data(render_page(graph, families=["ATTACK"], drop_isolated=True))
    assert sorted(n["label"] for n in data["nodes"]) == ["Russia", "Ukraine"]
    page = render_page(graph, families=["oppose"], min_sources=2, since="2025-03-01")
    assert "families OPPOSE · at least 2 sources · since 2025-03-01" in page


def test_focus_with_drop_isolated_keeps_the_focus(graph: Graph) -> None:
    network, focus = view_network(graph, focus="Kyiv", drop_isolated=True)
    assert focus == ID + "place/kyiv"
    assert list(network.nodes) == [focus]


def test_empty_graph_renders_an_empty_page() -> None:
    data = _data(render_page(Graph()))
    assert data["nodes"] == data["edges"] == []


def test_write_page_is_atomic(graph: Graph, tmp_path: Path) -> None:
    target = tmp_path / "out" / "graph.html"
    write_page(graph, target, focus="Macron", hops=1)
    assert "Emmanuel Macron" in target.read_text(encoding="utf-8")
    before = target.read_bytes()
    with pytest.raises(QueryError):
        write_page(graph, target, focus="nobody at all")
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["graph.html"]


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/&\"' =:scriptimgonerror\u2028!-[]")), max_size=60))
def test_any_text_round_trips_through_the_page_data(text: str) -> None:
    graph = Graph()
    node = URIRef(ID + "person/x")
    graph.add((node, RDF.type, GB.Person))
    graph.add((node, RDFS.label, Literal("X" + text)))
    page = render_page(graph)
    assert _data(page)["nodes"][0]["label"] == "X" + text
    data_block = page[page.index('id="graph-data">') : page.index("</script>")]
    assert "<" not in data_block[len('id="graph-data">') :]
