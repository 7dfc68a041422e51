"""Stances: a pro-X or anti-X modifier says where the modified actor stands on X
(stance-modifier): "Kneecap, a pro-Palestine band", "the anti-Trump Republicans of the Bulwark".
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.strings import get_string_id

from graphbuild.extract.lexicon import Trigger
from graphbuild.extract.rules.context import RuleContext
from graphbuild.extract.spans import text_span
from graphbuild.extract.statements import Candidate, Finding
from graphbuild.extract.syntax import children
from graphbuild.records import Family

# Pseudo-triggers of stance prefixes ("a pro-Palestine band", "anti-Trump Republicans").
_STANCE_TRIGGERS = {
    "pro": Trigger(lemma="pro", pos="ADJ", relation="supports", family=Family.SUPPORT, cameo="051"),
    "anti": Trigger(lemma="anti", pos="ADJ", relation="opposes", family=Family.OPPOSE, cameo="110"),
}


def findings(ctx: RuleContext) -> Iterator[Finding]:
    """ "Kneecap, a pro-Palestine band", "the anti-Trump Republicans of the Bulwark": a pro-X
    or anti-X modifier says where the modified actor stands on X."""
    doc = ctx.doc
    hyphen = get_string_id("-")
    orths = ctx.orths
    for i in range(1, len(doc) - 1):
        if orths[i] != hyphen:
            continue
        dash = doc[i]
        if dash.whitespace_:
            continue
        prefix, token = doc[dash.i - 1], doc[dash.i + 1]
        if prefix.lower_ not in _STANCE_TRIGGERS or prefix.whitespace_:
            continue
        holder = token.head if token.head.i > token.i else None
        if holder is None:
            continue
        if ctx.index.at_token(holder.i) is None:
            named = children(holder, {"appos"})
            if holder.dep_ in {"appos", "compound"} and holder.head.pos_ == "PROPN":
                named = [holder.head]
            holder = named[0] if named else holder
        context = ctx.assess(token)
        candidate = Candidate([holder], [token], "stance-modifier", coordinated_subjects=False)
        yield Finding(
            token,
            _STANCE_TRIGGERS[prefix.lower_],
            [candidate],
            context,
            context.polarity,
            text_span(doc[prefix.i : token.i + 1]),
        )
