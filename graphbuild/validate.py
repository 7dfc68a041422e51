"""SHACL validation of a built graph against ontology/shapes.ttl, reported in plain words.

pySHACL runs without inference and without an ontology graph, so it validates the data graph in
place (no copy) — the shapes test concrete classes for that reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from graphbuild.errors import GraphError
from graphbuild.ontology import SHAPES_FILE, prefixes
from graphbuild.resources import ontology_file


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result: the node at fault, the property (if any), what is wrong, how bad."""

    focus: str
    path: str | None
    message: str
    severity: str  # "Violation", "Warning" or "Info"
    value: str | None = None


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Whether a graph conforms to the shapes, and every result when it does not."""

    conforms: bool
    violations: tuple[Violation, ...] = ()


@cache
def load_shapes() -> Graph:
    """The shapes graph, parsed once per process; callers must not modify it."""
    path = ontology_file(SHAPES_FILE)
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many types
        raise GraphError(f"{path}: cannot read the SHACL shapes: {exc}") from None


def _compact(node: Node | None, graph: Graph) -> str | None:
    """A short readable name for a node: prefix:local for IRIs under a bound prefix, else N3."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        text = str(node)
        names = {**prefixes(), **{p: str(ns) for p, ns in graph.namespaces() if p}}
        best = max(
            ((p, ns) for p, ns in names.items() if text.startswith(ns) and len(text) > len(ns)),
            key=lambda item: len(item[1]),
            default=None,
        )
        return f"{best[0]}:{text[len(best[1]) :]}" if best else f"<{text}>"
    return str(node) if isinstance(node, Literal) else node.n3()


def _results(report: Graph, data: Graph) -> Iterator[Violation]:
    for result in report.subjects(RDF.type, SH.ValidationResult):
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        severity = report.value(result, SH.resultSeverity)
        path = report.value(result, SH.resultPath)
        yield Violation(
            focus=_compact(report.value(result, SH.focusNode), data) or "?",
            path=_compact(path, data) if isinstance(path, URIRef) else None,
            message=messages[0] if messages else "does not conform",
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            value=_compact(report.value(result, SH.value), data),
        )


def validate_graph(graph: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate `graph` against the graphbuild shapes (or `shapes`); the graph is not modified."""
    conforms, report_graph, _ = shacl_validate(
        graph,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none",
        advanced=False,
        abort_on_first=False,
        allow_warnings=True,
    )
    violations = sorted(
        set(_results(report_graph, graph)),
        key=lambda v: (v.focus, v.path or "", v.message, v.value or ""),
    )
    return ValidationReport(conforms=bool(conforms), violations=tuple(violations))


def format_violations(report: ValidationReport) -> Iterator[str]:
    """One plain line per violation: "gbd:statement/..: gb:confidence: <message> (found 1.5)"."""
    for v in report.violations:
        where = f"{v.focus} {v.path}" if v.path else v.focus
        found = f" (found {v.value})" if v.value is not None else ""
        level = "" if v.severity == "Violation" else f"[{v.severity.lower()}] "
        yield f"{level}{where}: {v.message}{found}"
