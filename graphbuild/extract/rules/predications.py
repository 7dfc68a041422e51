"""Predications: a speaker who says someone is a name calls them that name (speaker-predicate).

"Biden said Putin was a war criminal", "'Zelensky is a brave man and a hero,' Trump said".
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.parts_of_speech import IDS as POS_IDS

from graphbuild.extract.predicates import copula_of, first_conjunct, own_subjects
from graphbuild.extract.rules.context import RuleContext
from graphbuild.extract.rules.namings import name_trigger
from graphbuild.extract.spans import text_span
from graphbuild.extract.statements import Candidate, Finding

_NOUN_POS = frozenset({POS_IDS["NOUN"]})


def findings(ctx: RuleContext) -> Iterator[Finding]:
    """A speaker who says someone is a name calls them that name: "Biden said Putin was a war
    criminal", "'Zelensky is a brave man and a hero,' Trump said"."""
    names = ctx.cues.pejorative_nouns | ctx.cues.laudatory_nouns
    for token in ctx.tokens_tagged(_NOUN_POS, names.__contains__):
        copula = copula_of(first_conjunct(token))  # "a brave man and a hero"
        if copula is None or copula.lemma_ != "be":
            continue
        trigger = name_trigger(token, ctx.cues)
        if trigger is None:
            continue
        # from the name, which passes to its copula: "said Putin was no war criminal" denies it
        context = ctx.assess(first_conjunct(token))
        if context.speaker is None:
            continue
        candidate = Candidate([], own_subjects(copula), "speaker-predicate", speaker_subject=True)
        yield Finding(token, trigger, [candidate], context, context.polarity, text_span(token))
