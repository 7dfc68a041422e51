"""Agent nouns: a noun naming the actor, whose possessor or modifier is the object.

"Starmer, a staunch supporter of Ukraine", "Britain is Ukraine's strongest backer", "Kremlin
critic Alexei Navalny" (nominal-agent).
"""

from __future__ import annotations

from spacy.tokens import Token

from graphbuild.extract.lexicon import Trigger
from graphbuild.extract.modality import CueWords
from graphbuild.extract.predicates import (
    apposition_host,
    appositions,
    compound_host,
    copula_of,
    own_subjects,
    owners,
    prep_objects,
    preposition_of,
)
from graphbuild.extract.statements import Candidate


def agent_noun_candidates(noun: Token, trigger: Trigger, cues: CueWords) -> list[Candidate]:
    """A noun naming the actor: "Starmer, a staunch supporter of Ukraine", "Britain is (has
    become) Ukraine's strongest backer", "Kremlin critic Alexei Navalny" (the possessor or
    modifier is the object)."""
    objects = prep_objects(noun, trigger.object_prepositions) + owners(noun)
    host = apposition_host(noun)
    copula = copula_of(noun)
    preposition = preposition_of(noun)
    named = compound_host(noun)
    if host is not None:
        agents = [host]
    elif copula is not None and copula.lemma_.lower() in cues.copulas:
        agents = own_subjects(copula)
    elif (
        preposition is not None
        and preposition.lower_ == "of"
        and (one := copula_of(preposition.head)) is not None
    ):
        agents = own_subjects(one)  # "one of Kyiv's backers"
    elif named is not None and named.pos_ == "PROPN":
        agents = [named]
    else:
        agents = appositions(noun)
    return [Candidate(agents, objects, "nominal-agent")] if agents and objects else []
