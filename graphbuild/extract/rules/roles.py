"""The role pass: statements the role rules (`graphbuild.extract.role_rules`) propose from the
predicate-argument layer, resolved and assessed like a lexicon trigger's."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from graphbuild.extract.lexicon import Trigger
from graphbuild.extract.role_rules import Proposal, proposals
from graphbuild.extract.rules.context import RuleContext
from graphbuild.extract.spans import text_span
from graphbuild.extract.statements import Candidate, Finding


def findings(ctx: RuleContext) -> Iterator[Finding]:
    """One finding per role-rule proposal whose anchor is not inside a name."""
    return proposal_findings(ctx, proposals(ctx.doc))


def proposal_findings(ctx: RuleContext, found: Iterable[Proposal]) -> Iterator[Finding]:
    """Findings of proposals over the predicate-argument layer (role rules, group events)."""
    doc = ctx.doc
    for proposal in found:
        anchor = doc[proposal.anchor]
        if ctx.index.at_token(anchor.i) is not None:
            continue
        trigger = Trigger(
            lemma=anchor.lemma_.lower(),
            pos="VERB" if anchor.pos_ == "VERB" else "NOUN",
            relation=proposal.relation,
            family=proposal.family,
            source="role",
        )
        candidate = Candidate(
            [doc[i] for i in proposal.subjects],
            [doc[i] for i in proposal.objects],
            proposal.rule,
            reciprocal=proposal.reciprocal,
            coordinated_subjects=False,  # the layer already lists every conjunct
            speaker_subject=proposal.speaker_subject,
            object_kinds=proposal.object_kinds,
        )
        context = ctx.assess(anchor)
        head = proposal.anchor if proposal.head is None else proposal.head
        first, last = min(anchor.i, head), max(anchor.i, head)
        yield Finding(
            anchor,
            trigger,
            [candidate],
            context,
            context.polarity,
            text_span(doc[first : last + 1]),
        )
