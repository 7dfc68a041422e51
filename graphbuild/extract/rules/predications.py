"""Predications: a speaker who says someone is a name calls them that name (speaker-predicate).

"Biden said Putin was a war criminal", "'Zelensky is a brave man and a hero,' Trump said".
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.parts_of_speech import IDS as POS_IDS

from graphbuild.extract.predicates import (
    adjective_copula,
    copula_of,
    first_conjunct,
    own_subjects,
)
from graphbuild.extract.rules.context import RuleContext
from graphbuild.extract.rules.namings import attitude_trigger, name_trigger
from graphbuild.extract.spans import text_span
from graphbuild.extract.statements import Candidate, Finding
from graphbuild.records import Polarity

_NOUN_POS = frozenset({POS_IDS["NOUN"]})
_ADJ_POS = frozenset({POS_IDS["ADJ"]})


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
    yield from _qualities(ctx)


def _qualities(ctx: RuleContext) -> Iterator[Finding]:
    """A speaker who says someone is disrespectful criticises them, brave praises them, and not
    serious (sincere, honest ...) criticises them: "Vance said Zelensky was disrespectful",
    "'Putin is not serious about peace,' Starmer said"."""
    cues = ctx.cues
    qualities = cues.pejorative_adjectives | cues.laudatory_adjectives | cues.credit_adjectives
    for token in ctx.tokens_tagged(_ADJ_POS, qualities.__contains__):
        copula = adjective_copula(token)
        if copula is None or copula.lemma_ != "be":
            continue
        context = ctx.assess(token)
        if context.speaker is None:
            continue
        lemma = token.lemma_.lower()
        polarity = context.polarity
        if lemma in cues.credit_adjectives:
            if polarity is Polarity.POSITIVE:
                continue  # plain "serious" signals nothing
            trigger, polarity = attitude_trigger(praise=False), Polarity.POSITIVE
        else:
            trigger = attitude_trigger(praise=lemma in cues.laudatory_adjectives)
        candidate = Candidate([], own_subjects(copula), "speaker-predicate", speaker_subject=True)
        yield Finding(token, trigger, [candidate], context, polarity, text_span(token))
