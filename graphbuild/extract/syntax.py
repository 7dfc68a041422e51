"""Pure dependency-tree helpers under the predicate-argument layer and the coreference oracle.

Functions over tokens only (no entities, no document state): children by label, prepositional
objects, the passive marks, the parser's misplaced clause subject. Only
`graphbuild.extract.predicates` and `graphbuild.extract.coref` read this module; the relation
rules ask the predicate-argument layer instead (tests/extract/rules/test_layers.py).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from spacy.tokens import Token

# Dependents that introduce a prepositional phrase (a dative "to" included).
PREP_DEPS = frozenset({"prep", "dative"})


def children(token: Token, deps: Iterable[str]) -> list[Token]:
    """The token's children whose dependency label is one of `deps`, in text order."""
    deps = frozenset(deps)
    return [c for c in token.children if c.dep_ in deps]


def prep_objects(token: Token, preps: Collection[str]) -> list[Token]:
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


ACTIVE_SUBJ_DEPS = frozenset({"nsubj"})
PASSIVE_SUBJ_DEPS = frozenset({"nsubjpass"})
SUBJ_DEPS = ACTIVE_SUBJ_DEPS | PASSIVE_SUBJ_DEPS
OBJ_DEPS = frozenset({"dobj"})
AGENT_DEPS = frozenset({"agent"})
PASSIVE_AUX_DEPS = frozenset({"auxpass"})
# Object control: "pressed Putin to meet Trump" makes Putin the one who meets.
CONTROL_OBJ_DEPS = frozenset({"dobj"})


PASSIVE_DEPS = PASSIVE_AUX_DEPS | PASSIVE_SUBJ_DEPS
OBJECT_LIKE_DEPS = OBJ_DEPS | PASSIVE_SUBJ_DEPS


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_DEPS for c in verb.children)


def clause_subject_conjunct(token: Token) -> bool:
    """True for a nominal conjunct the parser took from the next clause: in "Britain condemned
    Russia and France sanctioned Iran" it hangs France on Russia, though France is the subject
    of the subject-less finite verb right after it, which is coordinated with the first verb."""
    if token.dep_ != "conj" or token.pos_ not in {"PROPN", "NOUN"} or token.i + 1 >= len(token.doc):
        return False
    verb = token.doc[token.i + 1]
    first = token.head
    while first.dep_ == "conj" and first.head != first:
        first = first.head
    return (
        verb.dep_ == "conj"
        and verb.tag_ in {"VBD", "VBZ", "VBP"}
        and verb.head == first.head
        and first.head.pos_ in {"VERB", "AUX"}
        and not any(c.dep_ in SUBJ_DEPS for c in verb.children)
    )
