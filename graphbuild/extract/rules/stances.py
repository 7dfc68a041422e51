"""Stances: a pro-X or anti-X modifier says where the modified actor stands on X
(stance-modifier): "Kneecap, a pro-Palestine band", "the anti-Trump Republicans of the Bulwark".
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping

from spacy.strings import get_string_id

from graphbuild.extract.lexicon import Trigger
from graphbuild.extract.predicates import apposition_host, appositions, compound_host
from graphbuild.extract.rules.context import RuleContext
from graphbuild.extract.spans import text_span
from graphbuild.extract.statements import Candidate, Finding
from graphbuild.extract.vocabulary import load_vocabulary
from graphbuild.graph.ontology import family_of


@functools.cache
def stance_triggers() -> Mapping[str, Trigger]:
    """Pseudo-triggers of the stance prefixes ("a pro-Palestine band", "anti-Trump
    Republicans"), by prefix, from the cue words' `stance_prefix_relations`."""
    relations = load_vocabulary().cues.stance_prefix_relations
    return {
        prefix: Trigger(lemma=prefix, pos="ADJ", relation=relation, family=family_of(relation))
        for prefix, relation in relations.items()
    }


def findings(ctx: RuleContext) -> Iterator[Finding]:
    """ "Kneecap, a pro-Palestine band", "the anti-Trump Republicans of the Bulwark": a pro-X
    or anti-X modifier says where the modified actor stands on X."""
    doc = ctx.doc
    hyphen = get_string_id("-")
    orths = ctx.orths
    triggers = stance_triggers()
    for i in range(1, len(doc) - 1):
        if orths[i] != hyphen:
            continue
        dash = doc[i]
        if dash.whitespace_:
            continue
        prefix, token = doc[dash.i - 1], doc[dash.i + 1]
        if prefix.lower_ not in triggers or prefix.whitespace_:
            continue
        holder = token.head if token.head.i > token.i else None
        if holder is None:
            continue
        if ctx.index.at_token(holder.i) is None:
            named = appositions(holder)
            host = apposition_host(holder) or compound_host(holder)
            if host is not None and host.pos_ == "PROPN":
                named = [host]
            holder = named[0] if named else holder
        context = ctx.assess(token)
        candidate = Candidate([holder], [token], "stance-modifier", coordinated_subjects=False)
        yield Finding(
            token,
            triggers[prefix.lower_],
            [candidate],
            context,
            context.polarity,
            text_span(doc[prefix.i : token.i + 1]),
        )
