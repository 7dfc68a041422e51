"""Agent nouns: a noun naming the actor, whose possessor or modifier is the object.

"Starmer, a staunch supporter of Ukraine", "Britain is Ukraine's strongest backer", "Kremlin
critic Alexei Navalny" (nominal-agent).
"""

from __future__ import annotations

from spacy.tokens import Token

from graphbuild.extract.lexicon import Trigger
from graphbuild.extract.modality import CueWords
from graphbuild.extract.statements import Candidate
from graphbuild.extract.syntax import ACTIVE_SUBJ_DEPS, children, prep_objects


def agent_noun_candidates(noun: Token, trigger: Trigger, cues: CueWords) -> list[Candidate]:
    """A noun naming the actor: "Starmer, a staunch supporter of Ukraine", "Britain is (has
    become) Ukraine's strongest backer", "Kremlin critic Alexei Navalny" (the possessor or
    modifier is the object)."""
    objects = prep_objects(noun, trigger.object_prepositions)
    objects += [c for c in noun.children if c.dep_ in {"poss", "compound"}]
    if noun.dep_ == "appos":
        agents = [noun.head]
    elif noun.dep_ == "attr" and noun.head.lemma_.lower() in cues.copulas:
        agents = children(noun.head, ACTIVE_SUBJ_DEPS)
    elif noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ == "attr":
        agents = children(noun.head.head.head, ACTIVE_SUBJ_DEPS)  # "one of Kyiv's backers"
    elif noun.dep_ == "compound" and noun.head.pos_ == "PROPN":
        agents = [noun.head]
    else:
        agents = children(noun, {"appos"})
    return [Candidate(agents, objects, "nominal-agent")] if agents and objects else []
