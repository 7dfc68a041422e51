"""Pure dependency-tree helpers shared by the relation rules and the coreference oracle."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

# Dependents that introduce a prepositional phrase (a dative "to" included).
PREP_DEPS = frozenset({"prep", "dative"})


def children(token: Token, deps: Iterable[str]) -> list[Token]:
    """The token's children whose dependency label is one of `deps`, in text order."""
    deps = frozenset(deps)
    return [c for c in token.children if c.dep_ in deps]


def prep_objects(token: Token, preps: tuple[str, ...]) -> list[Token]:
    """Objects of the given prepositions hanging on `token` (or on its particle)."""
    result: list[Token] = []
    if not preps:
        return result
    particles = []
    for child in token.children:  # one walk finds both the prepositions and the particles
        if child.dep_ == "prt":
            particles.append(child)
        elif child.dep_ in PREP_DEPS and child.lower_ in preps:
            result.extend(c for c in child.children if c.dep_ == "pobj")
    for particle in particles:
        for prep in particle.children:
            if prep.dep_ in PREP_DEPS and prep.lower_ in preps:
                result.extend(c for c in prep.children if c.dep_ == "pobj")
    return result
