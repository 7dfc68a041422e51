"""The group pass: membership and leadership said by office and membership nouns
(`graphbuild.extract.group_rules`), resolved and assessed like the role pass's proposals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from graphbuild.extract.group_rules import proposals
from graphbuild.extract.modality import Context
from graphbuild.extract.predicates import predicate_words
from graphbuild.extract.rules import roles
from graphbuild.extract.rules.context import RuleContext
from graphbuild.extract.statements import Finding
from graphbuild.extract.vocabulary import load_vocabulary
from graphbuild.records import EntityKind, Modality

_PEOPLE = frozenset({EntityKind.PERSON})


def findings(ctx: RuleContext) -> Iterator[Finding]:
    """One finding per group-rule proposal, resolved like the role pass's."""
    words = load_vocabulary().roles
    vocabulary = predicate_words()
    former = load_vocabulary().entities.former_words
    for proposal in proposals(ctx.doc, words, vocabulary, ctx.cues, ctx.gazetteer):
        finding = next(iter(roles.proposal_findings(ctx, [proposal])), None)
        if finding is None:
            continue
        if proposal.rule == "leader-apposition":
            # an appositive description is not governed by its host's clause ("talks will start
            # under Malaysia, the current chair of ASEAN"); "the former chair" is past
            noun = ctx.doc[proposal.anchor]
            past = any(c.lower_ in former for c in noun.lefts)
            context = Context(
                modality=Modality.PAST if past else Modality.ASSERTED,
                speaker=finding.context.speaker,
                quoted=finding.context.quoted,
            )
            finding = replace(finding, context=context, polarity=context.polarity)
        if proposal.rule == "party-government":
            # "Carney won a Liberal government": a person, not "Britain formed a Labour government"
            candidates = [replace(c, subject_kinds=_PEOPLE) for c in finding.candidates]
            finding = replace(finding, candidates=candidates)
        yield finding
