"""Interactive offline network pages: actors and their relations, with the sentences behind each edge.

The network comes from `analytics.actor_network`; pyvis turns it into vis-network node and edge
records, and our own template (graphbuild/serve/templates/network.html) inlines vis-network's JS and CSS
from pyvis's bundle. Every text from the graph reaches the page only as JSON data, and the page
shows it through `textContent` or canvas labels, so markup in an article never runs.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
import pyvis
from markupsafe import Markup
from pyvis.network import Network
from rdflib import Graph

from graphbuild.errors import GraphbuildError
from graphbuild.fsutil import atomic_write_text
from graphbuild.records import EntityKind, Family
from graphbuild.serve import analytics
from graphbuild.serve.analytics import ACTOR, STRUCTURAL, Evidence
from graphbuild.serve.csp import source_hash


@dataclass(frozen=True, slots=True)
class LegendItem:
    """One row of the page legend: a name and its colour (and node shape)."""

    name: str
    colour: str
    shape: str = ""


# Node colour and vis-network shape by actor class.
NODE_STYLE: dict[str, tuple[str, str]] = {
    EntityKind.PERSON.value: ("#4e79a7", "dot"),
    EntityKind.STATE.value: ("#59a14f", "square"),
    EntityKind.COALITION.value: ("#b07aa1", "hexagon"),
    EntityKind.ORGANIZATION.value: ("#edc948", "diamond"),
    EntityKind.PLACE.value: ("#9c755f", "triangle"),
    ACTOR: ("#bab0ac", "dot"),
}
STRUCTURAL_COLOUR = "#8c8c8c"
FAMILY_COLOUR: dict[Family, str] = {
    Family.COOPERATE: "#2ca02c",
    Family.SUPPORT: "#1f77b4",
    Family.OPPOSE: "#ff7f0e",
    Family.ATTACK: "#d62728",
    **{family: STRUCTURAL_COLOUR for family in STRUCTURAL},
}
FAMILY_NAMES: dict[str, str] = {
    "COOPERATE": "cooperation (meets, talks, visits)",
    "SUPPORT": "support (praises, aids)",
    "OPPOSE": "opposition (criticises, sanctions)",
    "ATTACK": "attack (strikes, invades)",
}
MAX_SENTENCES = 5
"""Sentences listed in an edge tooltip; the rest are counted as "+N more"."""
MAX_SENTENCE_CHARS = 320
LARGE = 300
"""Above this many nodes the layout trades polish for speed."""
LAYOUT_BUDGET_MS = 4000
"""The page stops laying out after this long and shows the network as it is."""

CSP = (
    "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
    "script-src {hashes}; base-uri 'none'; form-action 'none'"
)


# --- the network shown ------------------------------------------------------------------------


def view_network(
    graph: Graph,
    *,
    focus: str | None = None,
    hops: int = 2,
    families: Iterable[str | Family] | None = None,
    min_sources: int = 1,
    since: str | date | None = None,
    drop_isolated: bool = False,
    min_confidence: float = 0.0,
) -> tuple[nx.MultiDiGraph, str | None]:
    """The filtered actor network a page shows, and the IRI of its focus (None without one)."""
    network = analytics.actor_network(
        graph,
        families=families,
        min_sources=min_sources,
        since=since,
        min_confidence=min_confidence,
    )
    focus_iri = None
    if focus is not None:
        focus_iri = analytics.resolve_actor(network, focus)
        network = analytics.ego(network, focus_iri, hops)
    if drop_isolated:
        network.remove_nodes_from([n for n in list(nx.isolates(network)) if n != focus_iri])
    return network, focus_iri


def _clip(text: str, limit: int = MAX_SENTENCE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _source_line(e: Evidence) -> str:
    where = ", ".join(part for part in (e.outlet, e.date) if part) or "unknown source"
    return f"   {where}" + (f" — {_clip(e.title, 120)}" if e.title else "")


def node_tooltip(iri: str, data: dict) -> str:
    """Plain-text tooltip of an actor: name, class, aliases, posts, IRI."""
    lines = [f"{data['label']} ({data['kind']})"]
    if data.get("aliases"):
        lines.append("Also: " + ", ".join(data["aliases"]))
    if data.get("posts"):
        lines.append("Posts: " + "; ".join(data["posts"]))
    lines.append(iri)
    return "\n".join(lines)


def edge_tooltip(network: nx.MultiDiGraph, s: str, o: str, data: dict) -> str:
    """Plain-text tooltip of a folded edge: who, which relations, and the sentences behind it."""
    nodes = network.nodes
    head = f"{nodes[s]['label']} → {nodes[o]['label']} ({data['family']})"
    if data["background"]:
        return (
            f"{head}\n{', '.join(data['relations'])}\nIn the graph without a statement behind it."
        )
    counts = Counter(e.relation for e in data["evidence"])
    relations = ", ".join(f"{r} ×{counts[r]}" for r in data["relations"])
    lines = [
        head,
        f"{relations} · {data['statements']} statement(s) in {data['documents']} document(s)"
        f" from {data['outlets']} outlet(s)",
    ]
    for e in data["evidence"][:MAX_SENTENCES]:
        lines += ["", f"“{_clip(e.sentence)}”", _source_line(e)]
    extra = len(data["evidence"]) - MAX_SENTENCES
    if extra > 0:
        lines += ["", f"+{extra} more"]
    return "\n".join(lines)


def _edge_label(relations: tuple[str, ...]) -> str:
    return " / ".join(relations[:2]) + (" …" if len(relations) > 2 else "")


def _edge_width(documents: int) -> float:
    return 1.0 if documents <= 1 else round(min(1.0 + 2.5 * math.log2(documents), 12.0), 2)


def to_pyvis(network: nx.MultiDiGraph, focus_iri: str | None = None) -> Network:
    """vis-network records for the network: style by class and family, size by PageRank."""
    net = Network(directed=True)
    rank = analytics.centrality(network)
    top = max(rank.values(), default=1.0) or 1.0
    for iri, data in sorted(network.nodes(data=True)):
        colour, shape = NODE_STYLE.get(data["kind"], NODE_STYLE[ACTOR])
        extra = {"borderWidth": 4, "font": {"size": 18}} if iri == focus_iri else {}
        net.add_node(
            iri,
            label=data["label"],
            shape=shape,
            color=colour,
            size=round(9 + 18 * math.sqrt(rank.get(iri, 0.0) / top), 2),
            title=node_tooltip(iri, data),
            kind=data["kind"],
            **extra,
        )
    # Edges of one direction between a pair bend apart; the two directions curve to opposite sides.
    seen: Counter[tuple[str, str]] = Counter()
    for i, (s, o, data) in enumerate(sorted(network.edges(data=True), key=lambda e: e[:2])):
        nth = seen[(s, o)]
        seen[(s, o)] += 1
        net.add_edge(
            s,
            o,
            id=f"e{i}",
            label=_edge_label(data["relations"]),
            title=edge_tooltip(network, s, o, data),
            color=FAMILY_COLOUR[Family(data["family"])],
            width=1.0 if data["background"] else _edge_width(data["documents"]),
            dashes=bool(data["background"]),
            family=data["family"],
            sources=data["documents"],
            smooth={"enabled": True, "type": "curvedCW", "roundness": 0.12 + 0.2 * nth},
        )
    return net


def vis_options(nodes: int) -> dict:
    """vis-network options: physics that stabilises off-screen, then the page switches it off."""
    large = nodes > LARGE
    return {
        "autoResize": True,
        "layout": {"improvedLayout": not large, "randomSeed": 7},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -70,
                "centralGravity": 0.012,
                "springLength": 130,
                "springConstant": 0.05,
                "avoidOverlap": 0.0 if large else 0.3,
            },
            "stabilization": {
                "enabled": True,
                "iterations": 200 if large else 400,
                "updateInterval": 10 if large else 25,
                "fit": True,
            },
            "minVelocity": 1.0,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {
            "borderWidth": 1,
            "font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "font": {"size": 10, "align": "horizontal", "color": "#555555", "strokeWidth": 3},
            "selectionWidth": 2,
        },
    }


# --- the page ---------------------------------------------------------------------------------


@cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as bundled with pyvis, made safe to inline."""
    lib = Path(pyvis.__file__).parent / "lib"
    found = sorted(lib.glob("vis-*/vis-network.min.js"))
    if not found:
        raise GraphbuildError(f"vis-network is missing from the pyvis install at {lib}")
    js = found[-1].read_text(encoding="utf-8").replace("</script", "<\\/script")
    css_path = found[-1].with_name("vis-network.css")
    css = css_path.read_text(encoding="utf-8") if css_path.exists() else ""
    return js, css.replace("</style", "<\\/style")


@cache
def _template_files() -> tuple[str, str, str]:
    folder = resources.files("graphbuild.serve") / "templates"
    return tuple(  # type: ignore[return-value]
        (folder / name).read_text(encoding="utf-8")
        for name in ("network.html", "network.js", "network.css")
    )


def _json_for_script(value: object) -> str:
    """JSON that cannot end its <script> element or open a comment: <, >, & become escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _summary(
    network: nx.MultiDiGraph,
    focus_iri: str | None,
    hops: int,
    families: Iterable[str | Family] | None,
    min_sources: int,
    since: str | date | None,
    min_confidence: float = 0.0,
) -> str:
    parts = [f"{network.number_of_nodes()} actors, {network.number_of_edges()} relations"]
    if focus_iri is not None:
        hop_word = "hop" if hops == 1 else "hops"
        parts.append(f"around {network.nodes[focus_iri]['label']} ({hops} {hop_word})")
    wanted = analytics.parse_families(families)
    if wanted is not None:
        parts.append("families " + ", ".join(f.value for f in Family if f in wanted))
    if min_sources > 1:
        parts.append(f"at least {min_sources} sources")
    if since is not None:
        parts.append(f"since {analytics.parse_since(since)}")
    if min_confidence > 0:
        parts.append(f"confidence at least {min_confidence:g}")
    return " · ".join(parts)


def _legend() -> tuple[list[LegendItem], list[LegendItem]]:
    nodes = [LegendItem(kind.value, *NODE_STYLE[kind.value]) for kind in EntityKind]
    edges = [
        LegendItem(FAMILY_NAMES[f.value], FAMILY_COLOUR[f]) for f in Family if f not in STRUCTURAL
    ]
    edges.append(LegendItem("structural (post, member, leads)", STRUCTURAL_COLOUR))
    return nodes, edges


def render_page(
    graph: Graph,
    *,
    focus: str | None = None,
    hops: int = 2,
    families: Iterable[str | Family] | None = None,
    min_sources: int = 1,
    since: str | date | None = None,
    drop_isolated: bool = False,
    min_confidence: float = 0.0,
    title: str = "graphbuild: actors and relations",
) -> str:
    """The HTML of a self-contained page showing the graph's actor network (see `view_network`).

    `focus` is an IRI, label or alias; an unknown one, an unknown family or a malformed date
    raises `QueryError`. The page loads nothing: JS, CSS and data are inline.
    """
    families = list(families) if families is not None else None
    network, focus_iri = view_network(
        graph,
        focus=focus,
        hops=hops,
        families=families,
        min_sources=min_sources,
        since=since,
        drop_isolated=drop_isolated,
        min_confidence=min_confidence,
    )
    net = to_pyvis(network, focus_iri)
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": vis_options(len(net.nodes)),
        "layoutBudgetMs": LAYOUT_BUDGET_MS,
    }
    page_html, page_js, page_css = _template_files()
    vis_js, vis_css = _vis_assets()
    node_legend, edge_legend = _legend()
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(page_html).render(
        title=title,
        summary=_summary(network, focus_iri, hops, families, min_sources, since, min_confidence),
        csp=CSP.format(hashes=" ".join(source_hash(s) for s in (vis_js, page_js))),
        vis_css=Markup(vis_css),
        page_css=Markup(page_css),
        vis_js=Markup(vis_js),
        page_js=Markup(page_js),
        data_json=Markup(_json_for_script(data)),
        node_legend=node_legend,
        edge_legend=edge_legend,
    )


def write_page(graph: Graph, path: str | Path, **options: Any) -> None:
    """Render the page (options as for `render_page`) and write it atomically to `path`."""
    atomic_write_text(path, render_page(graph, **options))
