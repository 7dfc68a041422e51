"""Appeals: an appeal to punish someone opposes them (appeal-punish).

"called for Kneecap to be cancelled", "demanded Putin's arrest", "called for tougher sanctions on
Russia". The appeal is asserted even though the punishment is not.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Token

from graphbuild.extract.lexicon import Trigger
from graphbuild.extract.predicates import (
    agents_of,
    complement_clauses,
    has_by_phrase,
    is_complement_clause,
    is_direct_object,
    is_preposition_phrase,
    marked_passive,
    modified_noun,
    passive_subjects,
    possessors,
    prep_objects,
)
from graphbuild.extract.rules.context import RuleContext
from graphbuild.extract.spans import text_span
from graphbuild.extract.statements import Candidate, Finding
from graphbuild.records import Family

_VERB_OR_NOUN_POS = frozenset({POS_IDS["VERB"], POS_IDS["NOUN"]})
# The pseudo-trigger of an appeal to punish someone ("called for X to be banned").
_APPEAL = Trigger(lemma="call", pos="VERB", relation="opposes", family=Family.OPPOSE, cameo="112")


def findings(ctx: RuleContext) -> Iterator[Finding]:
    """Appeals to punish someone oppose them: "called for Kneecap to be cancelled",
    "demanded Putin's arrest". The appeal is asserted even though the punishment is not."""
    cues = ctx.cues
    for token in ctx.tokens_tagged(_VERB_OR_NOUN_POS, lambda lemma: _appeal_word(ctx, lemma)):
        lemma = token.lemma_.lower()
        patients: list[Token] = []
        # "called for Russia to be held accountable"
        accountable = lemma == "hold" and any(
            c.lower_ in cues.punitive_predicates for c in token.children
        )
        punitive = lemma in cues.punitive_verbs or accountable
        if token.pos_ == "VERB" and punitive and marked_passive(token):
            if has_by_phrase(token):
                continue
            patients = passive_subjects(token)
            described = modified_noun(token)
            if not patients and described is not None:
                patients = [described]  # "bands like Kneecap to be cancelled"
        elif token.pos_ == "NOUN" and lemma in cues.punitive_nouns:
            # "demanded Putin's arrest", "the arrest of Putin", "a ban on Kneecap"
            patients = possessors(token) + prep_objects(token, ("of", "on", "against"))
        elif token.pos_ == "NOUN":
            # "called for tougher sanctions on Russia": the target of a penalty noun
            penalties = [t for t in ctx.lexicon.lookup(lemma, "NOUN") if t.relation == "sanctions"]
            patients = [p for t in penalties for p in prep_objects(token, t.object_prepositions)]
        if not patients:
            continue
        ancestors = list(token.ancestors)[:4]
        appeal = next(
            (a for a in ancestors if a.pos_ == "VERB" and a.lemma_.lower() in cues.appeal_verbs),
            None,
        )
        if appeal is None:
            continue
        between = ancestors[: ancestors.index(appeal)]
        top = between[-1] if between else token
        if token.pos_ == "NOUN" and not (
            is_complement_clause(top)
            or (is_preposition_phrase(top) and top.lower_ in {"for", "on"})
            or (is_direct_object(top) and appeal.lemma_.lower() != "call")
        ):
            continue  # "called Putin about sanctions" phones; "called for sanctions" appeals
        undoing = cues.negation_governors | cues.negation_governor_nouns
        if token.pos_ == "NOUN":
            between += [t for t in token.subtree if t != token]
            between += complement_clauses(appeal)
        if any(a.lemma_.lower() in undoing for a in between):
            # "sought to block sanctions on Russia", "called for sanctions to be lifted"
            continue
        subjects, _ = agents_of(appeal)
        context = ctx.assess(appeal)
        candidate = Candidate(subjects, patients, "appeal-punish")
        yield Finding(appeal, _APPEAL, [candidate], context, context.polarity, text_span(appeal))


def _appeal_word(ctx: RuleContext, lemma: str) -> bool:
    """True for a lemma an appeal can start from: a punitive verb or noun, "hold" (to
    account), or a penalty noun of the lexicon."""
    cues = ctx.cues
    return (
        lemma in cues.punitive_verbs
        or lemma == "hold"
        or lemma in cues.punitive_nouns
        or any(t.relation == "sanctions" for t in ctx.lexicon.lookup(lemma, "NOUN"))
    )
