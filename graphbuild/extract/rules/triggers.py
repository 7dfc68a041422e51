"""The lexicon pass: every trigger of `ontology/relations.csv` in a document, handed to the
first construction family that takes it (verbal, predicative, membership, agent noun, nominal),
with the trigger's context (polarity, modality, speaker) assessed once.

Triggers are found by `graphbuild.extract.lexicon.find_triggers`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Token

from graphbuild.extract.lexicon import Trigger, find_triggers
from graphbuild.extract.modality import is_conditional
from graphbuild.extract.predicates import auxiliaries, clause_of_subject, prep_objects
from graphbuild.extract.rules.agent_nouns import agent_noun_candidates
from graphbuild.extract.rules.context import RuleContext
from graphbuild.extract.rules.membership import aspired, constituent, member_candidates
from graphbuild.extract.rules.nominal import nominal_candidates
from graphbuild.extract.rules.verbal import adjective_candidates, verbal_candidates
from graphbuild.extract.spans import text_span
from graphbuild.extract.statements import Candidate, Finding
from graphbuild.extract.vocabulary import load_vocabulary
from graphbuild.records import Family, Modality, Polarity

Propose = Callable[[Token, Trigger, RuleContext], list[Candidate]]


@dataclass(frozen=True, slots=True)
class TriggerFamily:
    """A construction family of lexicon triggers: which rows it takes and how it finds their
    arguments. The first family (in `FAMILIES` order) that takes a row proposes for it."""

    name: str
    takes: Callable[[Trigger, RuleContext], bool]
    propose: Propose


def _membership_noun(trigger: Trigger, ctx: RuleContext) -> bool:
    return trigger.family is Family.MEMBER_OF and trigger.lemma in ctx.cues.membership_nouns


# In order: a noun row that is a membership noun is read as one even if it names an agent.
FAMILIES: tuple[TriggerFamily, ...] = (
    TriggerFamily(
        "verbal",
        lambda t, _: t.pos == "VERB",
        lambda token, t, ctx: verbal_candidates(token, t, ctx.cues),
    ),
    TriggerFamily(
        "predicative",
        lambda t, _: t.pos == "ADJ",
        lambda token, t, ctx: adjective_candidates(token, t),
    ),
    TriggerFamily(
        "membership",
        _membership_noun,
        lambda token, t, ctx: member_candidates(token, t, ctx.cues),
    ),
    TriggerFamily(
        "agent-noun",
        lambda t, _: t.agent_noun,
        lambda token, t, ctx: agent_noun_candidates(token, t, ctx.cues),
    ),
    TriggerFamily(
        "nominal",
        lambda t, _: True,
        lambda token, t, ctx: nominal_candidates(token, t, ctx.cues, ctx.lexicon),
    ),
)


def family_for(trigger: Trigger, ctx: RuleContext) -> TriggerFamily:
    """The construction family that reads a lexicon row (looked up once per row and document)."""
    known = ctx.families.get(id(trigger))
    if known is None:
        known = ctx.families[id(trigger)] = next(f for f in FAMILIES if f.takes(trigger, ctx))
    return known


def findings(ctx: RuleContext) -> Iterator[Finding]:
    """One finding per lexicon trigger with arguments, in text order."""
    for token, trigger, required in find_triggers(ctx.doc, ctx.lexicon):
        # a word inside a name ("Strike Group", "Summit Hotel") triggers nothing
        if ctx.index.at_token(token.i) is not None:
            continue
        finding = _from_trigger(ctx, token, trigger, required)
        if finding is not None:
            yield finding


def _from_trigger(
    ctx: RuleContext, token: Token, trigger: Trigger, required: Token | None
) -> Finding | None:
    if trigger.pos == "VERB" and trigger.family is Family.ATTACK and _penalised(ctx, token):
        return None  # "the EU hit Russia with sanctions" imposes them (their noun says so)
    candidates = family_for(trigger, ctx).propose(token, trigger, ctx)
    if not any(c.subjects or c.objects for c in candidates):
        return None  # no argument at all: spare the context assessment
    context = ctx.assess(token)
    if (
        trigger.family is Family.MEMBER_OF
        and context.modality is not Modality.HYPOTHETICAL
        and aspired(token, ctx.cues)
    ):
        context = replace(context, modality=Modality.HYPOTHETICAL)
    if (
        trigger.pos == "NOUN"
        and trigger.family is Family.COOPERATE
        and trigger.relation != "cooperatesWith"  # a partnership lasts; a meeting happens
        and (clause := clause_of_subject(token)) is not None
        and context.modality is Modality.ASSERTED
        and any(a.lower_ in ctx.cues.future_auxiliaries for a in auxiliaries(clause))
    ):
        # "his meeting with Trump will bring progress": an event that will bring is to come
        context = replace(context, modality=Modality.FUTURE)
    polarity = context.polarity
    if trigger.negated_only:
        # "don't trust" signals distrust; plain "trust" signals nothing
        if polarity is Polarity.POSITIVE:
            return None
        polarity = Polarity.POSITIVE
        if (
            context.modality is Modality.HYPOTHETICAL
            and any(
                a.lower_ in load_vocabulary().cues.ability_auxiliaries for a in auxiliaries(token)
            )
            and not is_conditional(token, ctx.cues)
        ):
            # "Putin cannot be trusted" states distrust; it is not a hypothesis
            context = replace(context, modality=Modality.ASSERTED)
    # the trigger's words: "set up", "taken the lead", but not "send more 'defensive weapons"
    near = required is not None and abs(required.i - token.i) <= 2
    first = min(token.i, required.i) if near and required is not None else token.i
    last = max(token.i, required.i) if near and required is not None else token.i
    return Finding(
        token,
        trigger,
        candidates,
        context,
        polarity,
        text_span(ctx.doc[first : last + 1]),
        known_groups_only=constituent(token, trigger, ctx.cues),
    )


def _penalised(ctx: RuleContext, verb: Token) -> bool:
    """True if the verb's "with" phrase is a penalty ("hit Russia with sanctions")."""
    return any(
        t.relation == "sanctions"
        for noun in prep_objects(verb, ("with",))
        for t in ctx.lexicon.lookup(noun.lemma_, "NOUN")
    )
