"""Mentions -> entities: find who and what a document talks about and resolve aliases to one key.

`resolve_entities` is the stage's entry point; `EntityIndex` is what later stages (relations,
posts) use to ask "which entity does this token belong to?".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from graphbuild.records import Entity, Mention


@dataclass
class EntityIndex:
    """The resolved mentions of one parsed document, looked up by token or character offset."""

    doc: Doc
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    _by_token: dict[int, Mention] = field(default_factory=dict, repr=False)

    def add(self, mention: Mention, entity: Entity) -> None:
        """Record a mention; a later mention never overwrites tokens already claimed."""
        self.entities[entity.key] = entity
        self.mentions.append(mention)
        span = self.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if span is not None:
            for token in span:
                self._by_token.setdefault(token.i, mention)

    def at_token(self, i: int) -> Mention | None:
        """The mention covering token `i`, if any."""
        return self._by_token.get(i)

    def entity_at(self, i: int) -> Entity | None:
        """The entity of the mention covering token `i`, if any."""
        mention = self._by_token.get(i)
        return self.entities[mention.entity_key] if mention else None

    def in_span(self, span: Span) -> list[Mention]:
        """Mentions overlapping a span, in text order, each once."""
        seen: dict[int, Mention] = {}
        for token in span:
            m = self._by_token.get(token.i)
            if m is not None:
                seen.setdefault(id(m), m)
        return sorted(seen.values(), key=lambda m: m.span.start)

    def entity(self, key: str) -> Entity:
        return self.entities[key]

    def all_entities(self) -> Iterable[Entity]:
        return self.entities.values()
