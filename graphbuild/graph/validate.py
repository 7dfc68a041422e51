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

from graphbuild.graph.ontology import (
    GB,
    SHAPES_FILE,
    all_relations,
    compact_iri,
    family_of,
    gb_local,
    parse_packaged,
    prefixes,
    relation_iri,
)


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
    return parse_packaged(SHAPES_FILE, "the SHACL shapes")


def _compact(node: Node | None, graph: Graph) -> str | None:
    """A short readable name for a node: prefix:local for IRIs under a bound prefix, else N3."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        names = {**prefixes(), **{p: str(ns) for p, ns in graph.namespaces() if p}}
        return compact_iri(str(node), names.items())
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


def invariant_violations(graph: Graph) -> Iterator[Violation]:
    """Rules of the graph model that SHACL core cannot state cheaply (pySHACL would run a SPARQL
    query per statement): a statement is asserted exactly when its direct triple is in the graph,
    and its family is its predicate's family. Direct triples with no asserted statement behind
    them are warnings (someone added a fact by hand)."""
    backed: set[tuple[Node, Node, Node]] = set()
    for statement in graph.subjects(RDF.type, GB.Statement):
        s, p, o = (
            graph.value(statement, prop) for prop in (RDF.subject, RDF.predicate, RDF.object)
        )
        if s is None or p is None or o is None:
            continue  # the shapes report missing parts
        asserted = graph.value(statement, GB.asserted) == Literal(True)
        focus = _compact(statement, graph) or "?"
        if asserted:
            backed.add((s, p, o))
            if (s, p, o) not in graph:
                yield Violation(
                    focus,
                    "gb:asserted",
                    "the statement is asserted but its direct triple is missing",
                    "Violation",
                )
        family = graph.value(statement, GB.family)
        local = gb_local(str(p))
        try:
            expected = family_of(local).value if local else None
        except KeyError:
            expected = None  # an unknown predicate is reported by the shapes
        if expected is not None and family is not None and str(family) != expected:
            yield Violation(
                focus,
                "gb:family",
                f"the statement's family must be {expected}, the family of gb:{local}",
                "Violation",
                str(family),
            )
    for relation in all_relations():
        predicate = relation_iri(relation)
        for s, o in graph.subject_objects(predicate):
            if (s, predicate, o) not in backed:
                yield Violation(
                    _compact(s, graph) or "?",
                    f"gb:{relation}",
                    "direct relation with no asserted statement behind it",
                    "Warning",
                    _compact(o, graph),
                )


def validate_graph(
    graph: Graph, shapes: Graph | None = None, *, invariants: bool = True
) -> ValidationReport:
    """Validate `graph` against the graphbuild shapes (or `shapes`) and, unless `invariants` is
    False, the statement invariants; warnings do not break conformance. The graph is unchanged."""
    conforms, report_graph, _ = shacl_validate(
        graph,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none",
        advanced=False,
        abort_on_first=False,
        allow_warnings=True,
    )
    found = set(_results(report_graph, graph))
    if invariants:
        extra = set(invariant_violations(graph))
        conforms = conforms and all(v.severity != "Violation" for v in extra)
        found |= extra
    violations = sorted(found, key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))
    return ValidationReport(conforms=bool(conforms), violations=tuple(violations))


def format_violations(report: ValidationReport) -> Iterator[str]:
    """One plain line per violation: "gbd:statement/..: gb:confidence: <message> (found 1.5)"."""
    for v in report.violations:
        where = f"{v.focus} {v.path}" if v.path else v.focus
        found = f" (found {v.value})" if v.value is not None else ""
        level = "" if v.severity == "Violation" else f"[{v.severity.lower()}] "
        yield f"{level}{where}: {v.message}{found}"
