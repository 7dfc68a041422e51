"""Namings: calling someone a name criticises or praises them (naming).

"Trump called Zelensky a dictator", "Putin was branded a war criminal by Biden", "hailed her as a
hero". Whether a name is pejorative or laudatory comes from the cue words.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Token

from graphbuild.extract.lexicon import Trigger
from graphbuild.extract.modality import CueWords
from graphbuild.extract.predicates import (
    agents_of,
    by_agents,
    direct_objects,
    marked_passive,
    naming_complement,
    passive_subjects,
)
from graphbuild.extract.rules.context import RuleContext
from graphbuild.extract.spans import text_span
from graphbuild.extract.statements import Candidate, Finding
from graphbuild.records import Family

_VERB_POS = frozenset({POS_IDS["VERB"]})
# The pseudo-triggers of calling someone a name ("called Zelensky a dictator", "a hero").
_NAMING = Trigger(
    lemma="call", pos="VERB", relation="criticises", family=Family.OPPOSE, cameo="111"
)
_PRAISING = Trigger(
    lemma="call", pos="VERB", relation="praises", family=Family.SUPPORT, cameo="051"
)


def attitude_trigger(praise: bool) -> Trigger:
    """The pseudo-trigger of giving someone a name or quality: praise or criticism."""
    return _PRAISING if praise else _NAMING


def name_trigger(name: Token, cues: CueWords) -> Trigger | None:
    """Criticism for a pejorative name ("a dictator"), praise for a laudatory one ("a hero")."""
    lemma = name.lemma_.lower()
    if lemma in cues.pejorative_nouns:
        return _NAMING
    return _PRAISING if lemma in cues.laudatory_nouns else None


def findings(ctx: RuleContext) -> Iterator[Finding]:
    """Calling someone a name is criticising them: "Trump called Zelensky a dictator",
    "Putin was branded a war criminal by Biden"."""
    for token in ctx.tokens_tagged(_VERB_POS, ctx.cues.naming_verbs.__contains__):
        name = naming_complement(token)
        trigger = name_trigger(name, ctx.cues) if name is not None else None
        if trigger is None:
            continue
        if marked_passive(token):
            subjects = by_agents(token)
            objects = passive_subjects(token)
        else:
            subjects, _ = agents_of(token)
            objects = direct_objects(token)
        context = ctx.assess(token)
        candidate = Candidate(subjects, objects, "naming")
        yield Finding(token, trigger, [candidate], context, context.polarity, text_span(token))
