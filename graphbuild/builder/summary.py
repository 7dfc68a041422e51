"""Tallies of a build (documents, sentences, entities by class, statements by family) for the CLI."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from graphbuild.records import DocumentResult, EntityKind, Family


@dataclass
class BuildSummary:
    """Running counts over the documents of one build; `add` each result as it streams past."""

    documents: int = 0
    skipped: int = 0
    sentences: int = 0
    entities: dict[EntityKind, set[str]] = field(default_factory=dict)
    statements: Counter[Family] = field(default_factory=Counter)
    facts: Counter[Family] = field(default_factory=Counter)

    def add(self, result: DocumentResult) -> None:
        self.documents += 1
        self.sentences += len(result.sentences)
        for entity in result.entities:
            self.entities.setdefault(entity.kind, set()).add(entity.key)
        for statement in result.statements:
            self.statements[statement.family] += 1
            if statement.is_fact:
                self.facts[statement.family] += 1

    def format(self) -> str:
        """Plain-text report: one line per count, families in ontology order."""
        lines = [
            f"documents: {self.documents}"
            + (f" (+{self.skipped} already in the graph)" if self.skipped else "")
        ]
        lines.append(f"sentences: {self.sentences}")
        lines.append("entities:")
        for kind in EntityKind:
            lines.append(f"  {kind.value:<13} {len(self.entities.get(kind, ())):>6}")
        total = sum(self.statements.values())
        lines.append(f"statements: {total} ({sum(self.facts.values())} asserted as facts)")
        for family in Family:
            lines.append(
                f"  {family.value:<13} {self.statements[family]:>6}  ({self.facts[family]} facts)"
            )
        return "\n".join(lines)
