"""Candidates -> statements: a rule's argument tokens resolved to entities, checked against the
ontology's domain and range of the relation, and written with their provenance.

A rule (`graphbuild.extract.rules`) hands over a `Finding`: the trigger, its context (polarity,
modality, speaker) and `Candidate` token groups. `emit` resolves the groups through the
antecedent oracle (`graphbuild.extract.coref`), keeps the pairs the relation's `rdfs:domain` / `rdfs:range` allow (and that
the text does not rule out), and scores each statement from the rule's confidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from spacy.tokens import Token

from graphbuild.extract.coref import (
    COORDINATION_PENALTY,
    PRONOUN_PENALTY,
    Arg,
    reciprocal_object,
)
from graphbuild.extract.lexicon import Trigger
from graphbuild.extract.modality import Context
from graphbuild.extract.predicates import appositions, has_by_phrase, marked_passive
from graphbuild.extract.spans import sentence_index, sentence_span
from graphbuild.extract.vocabulary import load_vocabulary
from graphbuild.graph.ontology import relation_kinds
from graphbuild.records import (
    Entity,
    EntityKind,
    Family,
    Modality,
    Polarity,
    Statement,
    TextSpan,
)

if TYPE_CHECKING:
    from graphbuild.extract.rules.context import RuleContext

# Families where a person acting on their own state is not an interaction.
_INTERACTION_FAMILIES = frozenset({Family.COOPERATE, Family.SUPPORT, Family.OPPOSE, Family.ATTACK})
# Families whose verbs express an attitude to the owner of their object ("Trump's plan").
ATTITUDE_FAMILIES = frozenset({Family.SUPPORT, Family.OPPOSE})
# Families whose target may be a company, official or force standing for its demonym's state
# ("sanctioned Russian oil companies"); meeting a Russian company is not meeting Russia.
_HOSTILE_FAMILIES = frozenset({Family.OPPOSE, Family.ATTACK})
# Families where "A and B met" / "talks between A and B" relate the coordinated actors.
RECIPROCAL_FAMILIES = frozenset({Family.COOPERATE})
_MAX_RECIPROCAL = 4
_VERBAL_ATTACK = "criticises"
# A rule missing from the registry's confidence table scores this.
_DEFAULT_CONFIDENCE = 0.6


@dataclass(frozen=True, slots=True)
class Candidate:
    """Subject and object tokens proposed by one rule for one trigger."""

    subjects: list[Token]
    objects: list[Token]
    rule: str
    reciprocal: bool = False
    coordinated_subjects: bool = True  # expand the subjects' conjuncts
    subject_kinds: frozenset[EntityKind] | None = None  # only subjects of these kinds
    speaker_subject: bool = False  # the subject is the one who says it
    object_kinds: frozenset[EntityKind] | None = None  # only objects of these kinds


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found at one trigger: its candidates and the trigger's context.

    `token` is where the trigger is (its sentence is the statement's); `span` is the trigger's
    words; `known_groups_only` keeps only objects the gazetteer knows as groups ("a state of Y").
    """

    token: Token
    trigger: Trigger
    candidates: list[Candidate]
    context: Context
    polarity: Polarity
    span: TextSpan
    known_groups_only: bool = False


def _with_reason(verb: Token) -> bool:
    """ "attacked Spain for refusing ...", "attacked Spain over the decision": a reason given as
    a gerund after "for" or a noun after "over" (not a time: "over the weekend")."""
    for c in verb.children:
        if c.dep_ != "prep":
            continue
        if c.lower_ == "for" and any(g.tag_ == "VBG" for g in c.children):
            return True
        if c.lower_ == "over" and any(
            g.dep_ == "pobj" and g.ent_type_ not in {"DATE", "TIME"} for g in c.children
        ):
            return True
    return False


def emit(
    ctx: RuleContext, finding: Finding, confidences: Mapping[str, float]
) -> Iterator[Statement]:
    """Statements for every resolved (subject, object) pair the finding's candidates propose."""
    token, trigger, context, polarity = (
        finding.token,
        finding.trigger,
        finding.context,
        finding.polarity,
    )
    trigger_span = finding.span
    coref = ctx.coref
    for candidate in finding.candidates:
        subjects = coref.args(
            candidate.subjects,
            context,
            target=False,
            coordinated=candidate.coordinated_subjects,
            it_subject=trigger.family is Family.MEMBER_OF,
        )
        if candidate.subject_kinds is not None:
            subjects = [a for a in subjects if a.entity.kind in candidate.subject_kinds]
        if candidate.speaker_subject and context.speaker is not None:
            subjects = [Arg(context.speaker, trigger_span, PRONOUN_PENALTY / 2)]
        if (
            not subjects
            and context.speaker is not None
            and trigger.negated_only
            and marked_passive(token)
            and not has_by_phrase(token)
        ):
            # "Putin cannot be trusted, Macron said": an agentless attitude is the speaker's
            subjects = [Arg(context.speaker, trigger_span, PRONOUN_PENALTY)]
        if candidate.reciprocal and len(subjects) > _MAX_RECIPROCAL:
            continue  # a list of examples, not a meeting of each with each
        if candidate.reciprocal:
            # "a meeting of Trump, Vance and Zelensky": officials of one government at a meeting
            # are one side of it, not partners of each other
            pairs = [
                (a, b)
                for n, a in enumerate(subjects)
                for b in subjects[n + 1 :]
                if a.entity.key != b.entity.key and not _same_side(ctx, a.entity, b.entity)
            ]
        else:
            objects = coref.args(
                candidate.objects,
                context,
                target=True,
                locative=trigger.family is Family.ATTACK,
                attitude=trigger.family in ATTITUDE_FAMILIES,
                hostile=trigger.family in _HOSTILE_FAMILIES,
            )
            subject_keys = {a.entity.key for a in subjects}
            objects += [
                arg
                for tok in candidate.objects
                if tok.lower_ in load_vocabulary().entities.object_pronouns
                and ctx.index.at_token(tok.i) is None
                for arg in [coref.object_pronoun(tok, subject_keys)]
                if arg is not None
            ]
            if any(reciprocal_object(tok, candidate.subjects) for tok in candidate.objects):
                # "A and B praised each other": each subject did it to the others
                objects += [
                    replace(a, penalty=max(a.penalty, PRONOUN_PENALTY / 2)) for a in subjects
                ]
            if trigger.owned_object:
                objects = [o for o in objects if o.owned]
            if candidate.object_kinds is not None:
                objects = [o for o in objects if o.entity.kind in candidate.object_kinds]
            # "Trump and Putin praised their summit": what the subjects own is not each other
            reflexive = {
                o.span
                for o in objects
                if o.entity.key in subject_keys
                and o.span.text.lower() in load_vocabulary().entities.plural_pronouns
            }
            objects = [o for o in objects if o.span not in reflexive]
            if trigger.relation == "hosts" and len(subjects) > 1:
                # "they were welcomed by A and B": a reception line of several hosts for a group
                # named only by a pronoun says nobody hosted each of its members
                objects = [
                    o
                    for o in objects
                    if o.span.text.lower() not in load_vocabulary().entities.plural_pronouns
                ]
            pairs = [(s, o) for s in subjects for o in objects]
        coordinated = len(pairs) > 1
        # "started attacking Canada's economy": an attack on a thing one attacks in words
        figurative = any(o.lemma_.lower() in ctx.cues.figurative_targets for o in candidate.objects)
        for subject, obj in pairs:
            obj = coref.government(obj, trigger)
            if not allowed(ctx, trigger, subject.entity, obj.entity):
                continue
            relation, family = trigger.relation, trigger.family
            if (
                trigger.lemma in ctx.cues.verbal_attack_verbs
                and subject.entity.kind is EntityKind.PERSON
                and (
                    obj.entity.kind in {EntityKind.PERSON, EntityKind.ORGANIZATION}
                    or _with_reason(token)
                    or figurative
                )
            ):
                # "Trump attacked the BBC", "attacked Spain for refusing" / "over the
                # decision": words, not force
                relation, family = _VERBAL_ATTACK, Family.OPPOSE
            confidence = confidences.get(candidate.rule, _DEFAULT_CONFIDENCE)
            confidence -= subject.penalty + obj.penalty
            if coordinated:
                confidence -= COORDINATION_PENALTY / 2
            if (
                family is Family.ATTACK
                and polarity is Polarity.POSITIVE
                and context.modality is Modality.ASSERTED
            ):
                coref.note_attack(sentence_index(token), subject.entity)
            if finding.known_groups_only and not _known_group(ctx, obj.entity):
                continue
            yield Statement(
                doc_id=ctx.document.id,
                sentence_index=sentence_index(token),
                sentence=sentence_span(token),
                subject=subject.entity,
                relation=relation,
                family=family,
                object=obj.entity,
                subject_span=subject.span,
                object_span=obj.span,
                trigger=trigger_span,
                rule=candidate.rule,
                confidence=round(max(0.05, min(1.0, confidence)), 2),
                polarity=polarity,
                modality=context.modality,
                speaker=context.speaker,
            )


def select(statements: Iterable[Statement]) -> list[Statement]:
    """One statement per (subject, relation, object, sentence, polarity, modality): the first
    with the highest confidence, in order of trigger, subject and object offsets."""
    best: dict[tuple[str, str, str, int, Polarity, Modality], Statement] = {}
    for statement in statements:
        key = (
            statement.subject.key,
            statement.relation,
            statement.object.key,
            statement.sentence_index,
            statement.polarity,
            statement.modality,
        )
        if key not in best or best[key].confidence < statement.confidence:
            best[key] = statement
    return sorted(
        best.values(),
        key=lambda s: (s.trigger.start, s.subject_span.start, s.object_span.start),
    )


def _same_side(ctx: RuleContext, a: Entity, b: Entity) -> bool:
    """True for two people the gazetteer places in one state's government (Trump, Vance)."""
    if ctx.gazetteer is None or EntityKind.PERSON is not a.kind or a.kind is not b.kind:
        return False
    state = ctx.gazetteer.home_state(a.key)
    return state is not None and state == ctx.gazetteer.home_state(b.key)


def allowed(ctx: RuleContext, trigger: Trigger, subject: Entity, obj: Entity) -> bool:
    """Whether the trigger's relation may hold between two entities: the kinds the ontology's
    rdfs:domain and rdfs:range of the relation allow, then what the text says about them."""
    if subject.key == obj.key:
        return False
    if trigger.person_object and obj.kind is not EntityKind.PERSON:
        return False
    domain, range_ = relation_kinds(trigger.relation)
    if subject.kind not in domain or obj.kind not in range_:
        return False
    if (
        trigger.family is Family.MEMBER_OF
        and subject.kind is EntityKind.PERSON
        and obj.kind is not EntityKind.COALITION
        and not (ctx.gazetteer is not None and obj.key in ctx.gazetteer.parties)
    ):
        return False  # people "join" companies: employment; but "of the Liberal Party"
    if trigger.family is Family.MEMBER_OF and _named_as_person(ctx, subject):
        return False  # the same, for a person the small model tagged ORG
    if (
        trigger.relation == "memberOf"
        and trigger.inverse
        and subject.kind is not EntityKind.STATE
        and obj.kind is not EntityKind.COALITION
    ):
        return False  # "Sony Music includes Columbia Records": a subsidiary, not a member
    return not (
        trigger.family in _INTERACTION_FAMILIES
        and (_own_state(ctx, subject, obj) or _own_state(ctx, obj, subject))
    )


def _known_group(ctx: RuleContext, entity: Entity) -> bool:
    """True for a coalition or organisation the gazetteer knows (NATO, the EU, the AU)."""
    return ctx.gazetteer is not None and ctx.gazetteer.get(entity.key) is not None


def _own_state(ctx: RuleContext, person: Entity, state: Entity) -> bool:
    """True when a person holds a post in the state (from the gazetteer's known people)."""
    if person.kind is not EntityKind.PERSON or state.kind is not EntityKind.STATE:
        return False
    if ctx.gazetteer is None:
        return False
    known = ctx.gazetteer.people.get(person.key)
    if known is None:
        return False
    return any(
        place in {state.key, state.code, state.key.partition("/")[2]} for _, place in known.posts
    )


def _named_as_person(ctx: RuleContext, entity: Entity) -> bool:
    """True when the document shows that a name the small model tagged ORG is a person's:
    the name (or its last word) tagged PERSON elsewhere, "(born ...)" after it, or a person
    noun in apposition ("its candidate, Fradique de Menezes")."""
    if entity.key in ctx.person_like:
        return ctx.person_like[entity.key]
    ctx.person_like[entity.key] = found = _person_evidence(ctx, entity)
    return found


def _person_evidence(ctx: RuleContext, entity: Entity) -> bool:
    if entity.kind is not EntityKind.ORGANIZATION:
        return False
    if ctx.gazetteer is not None and (
        ctx.gazetteer.get(entity.key) is not None
        or not load_vocabulary().entities.institution_words.isdisjoint(entity.label.split())
    ):
        return False
    words = entity.label.split()
    for ent in ctx.doc.ents:
        if ent.label_ == "PERSON" and (
            ent.text == entity.label or (len(words) > 1 and ent[-1].text == words[-1])
        ):
            return True
    doc = ctx.doc
    for mention in ctx.index.mentions:
        tokens = ctx.index.mention_tokens(mention)
        if mention.entity_key != entity.key or tokens is None:
            continue
        start, end = tokens
        if end + 1 < len(doc) and doc[end].text == "(" and doc[end + 1].lower_ in {"born", "b."}:
            return True
        root = doc[start:end].root
        hosts = [root.head] if root.dep_ == "appos" else []
        hosts += appositions(root)
        if any(_person_noun(ctx, host) for host in hosts):
            return True
    return False


def _person_noun(ctx: RuleContext, token: Token) -> bool:
    """A common noun for a person: "candidate", "politician", "president"."""
    if token.pos_ != "NOUN":
        return False
    lemma = token.lemma_.lower()
    if lemma in ctx.cues.person_nouns:
        return True
    return ctx.gazetteer is not None and ctx.gazetteer.office(lemma) is not None
