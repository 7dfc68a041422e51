"""Nominal and light-verb triggers: event nouns of the lexicon and who takes part in them.

"Trump's summit with Putin", "the Zelensky-Trump meeting" (nominal), "talks between X and Y"
(nominal-between), "held talks with Y", "imposed sanctions on Russia" (nominal-light-verb), "the
two leaders held talks" (reciprocal), "faced criticism from Macron" (nominal-received).
"""

from __future__ import annotations

from spacy.tokens import Token

from graphbuild.extract.lexicon import Lexicon, Trigger
from graphbuild.extract.modality import CueWords
from graphbuild.extract.predicates import (
    Link,
    agents_of,
    attached_as,
    dependents,
    direct_objects,
    own_subjects,
    participation_holder,
    passive_subjects,
    prep_objects,
    unmarked_recipients,
)
from graphbuild.extract.rules.agent_nouns import agent_noun_candidates
from graphbuild.extract.statements import RECIPROCAL_FAMILIES, Candidate
from graphbuild.extract.vocabulary import load_vocabulary
from graphbuild.records import Family

# Dependents of a nominal trigger that name its agent ("Trump's summit", "the Putin-Trump talks").
_NOMINAL_AGENT_LINKS = (Link.POSSESSOR, Link.COMPOUND, Link.ADJECTIVE, Link.NOUN_MODIFIER)


def nominal_candidates(
    noun: Token, trigger: Trigger, cues: CueWords, lexicon: Lexicon
) -> list[Candidate]:
    """Agents and objects of an event noun: "Trump's summit with Putin", "the Zelensky-Trump
    meeting", "talks between X and Y", "held talks with", "criticism of X by Y"."""
    if trigger.agent_noun:
        return agent_noun_candidates(noun, trigger, cues)
    objects = prep_objects(noun, trigger.object_prepositions)
    if not objects:
        # "his biggest air attack of the war on Ukraine": the object hangs on a kindred noun
        for inner in prep_objects(noun, ("of",)):
            kindred = lexicon.lookup(inner.lemma_, "NOUN")
            if any(k.family is trigger.family for k in kindred):
                objects = prep_objects(inner, trigger.object_prepositions)
    if (
        not objects
        and attached_as(noun, Link.COMPOUND)
        and noun.head.lemma_.lower() in cues.container_nouns
    ):
        # "its 19th sanctions package against Russia"
        objects = prep_objects(noun.head, trigger.object_prepositions)
    if not objects and attached_as(noun, Link.PREP_OBJECT) and _held_by_amount(noun, cues):
        # "£150 million of military aid to Ukraine": the object hangs on the sum
        objects = prep_objects(noun.head.head, trigger.object_prepositions)
    if not objects:
        # "new sanctions targeting Russia's shadow fleet", "strikes aimed at Kyiv"
        for acl in dependents(noun, Link.NOUN_CLAUSE):
            if acl.lemma_.lower() in cues.targeting_verbs:
                objects = direct_objects(acl) + prep_objects(acl, ("at",))
    if (
        not objects
        and attached_as(noun, Link.PREP_OBJECT)
        and attached_as(noun.head, Link.BY_AGENT)
    ):
        # "Kyiv was hit by a massive Russian missile strike": the target is the passive subject
        objects = passive_subjects(noun.head.head)
    between = prep_objects(noun, ("between",)) if "between" in trigger.object_prepositions else []
    objects = [o for o in objects if o not in between]
    agents = dependents(noun, *_NOMINAL_AGENT_LINKS)
    if trigger.family is Family.MEMBER_OF:
        # "X was Britain's ambassador to NATO": Britain is the member, not X;
        # "Ukraine's NATO membership", "sought EU accession": the modifier is the group
        objects = objects or [c for c in agents if attached_as(c, Link.COMPOUND)]
    elif attached_as(noun, Link.APPOSITION):
        agents.append(noun.head)  # "Keir Starmer, the leader of the coalition"
    elif attached_as(noun, Link.PREDICATE_NOUN) and noun.head.lemma_ == "be":
        agents += own_subjects(noun.head)  # "Starmer is the founder of X"
    # "the Zelensky-Trump meeting": the first name hangs on the second
    agents += [
        c for a in agents if attached_as(a, Link.COMPOUND) for c in dependents(a, Link.COMPOUND)
    ]
    agents += prep_objects(noun, tuple(cues.agent_prepositions - set(trigger.object_prepositions)))
    candidates: list[Candidate] = []
    if between:
        # "the summit between Trump and Putin"
        candidates.append(Candidate(between, [], "nominal-between", reciprocal=True))
    if agents:
        # "the Zelensky-Trump meeting", "Trump and Putin's summit" (conjuncts count too)
        parties = {t.i for a in agents for t in (a, *a.conjuncts)}
        if not objects and len(parties) >= 2 and trigger.family in RECIPROCAL_FAMILIES:
            # "the Zelensky-Trump meeting"
            candidates.append(Candidate(agents, [], "nominal", reciprocal=True))
        else:
            candidates.append(Candidate(agents, objects, "nominal"))
    verb = _light_verb(noun, cues)
    if trigger.family is Family.MEMBER_OF and dependents(noun, Link.POSSESSOR):
        verb = None  # "Zelensky called for Ukraine's membership": Ukraine would be the member
    adjunct = (
        attached_as(noun, Link.PREP_OBJECT)
        and noun.head.lower_ in load_vocabulary().cues.time_prepositions
    )
    named = [
        a
        for a in agents
        if a.lower_
        not in load_vocabulary().entities.possessive_pronouns
        | load_vocabulary().entities.plural_pronouns
    ]
    if adjunct and (trigger.family not in RECIPROCAL_FAMILIES or named):
        # "after a Russian attack on Kyiv, Trump said": only a meeting or talks in a time
        # adjunct involve the clause's subject ("after his meeting with Putin, Trump ..."), and
        # only when no one else is named as its agent
        verb = None
    if verb is not None:
        # "impose tariffs on Brazil": the parser may hang the object on the verb
        if not objects and attached_as(noun, Link.PREP_OBJECT) and noun.head.lower_ == "with":
            # "slapped Russia with sanctions": the verb's object is the one it falls on
            objects = direct_objects(verb)
        objects = (
            objects
            or prep_objects(verb, trigger.object_prepositions)
            or unmarked_recipients(verb, trigger)
        )
        subjects, _ = agents_of(verb)
        if trigger.family is Family.SUPPORT and verb.lemma_.lower() in cues.receiving_verbs:
            # "Netanyahu has the backing of Trump" receives it (below), he does not give it
            givers = prep_objects(noun, ("of",))
            objects = [o for o in objects if o not in givers]
        if subjects:
            candidates.append(Candidate(subjects, objects, "nominal-light-verb"))
            # "after a summit in London, the UK and France will lead ...": a time adjunct does
            # not say its subjects met each other
            # "they took part in a meeting of the coalition" meet the coalition (group-meeting),
            # they are not said to meet each other ("a meeting of A and B" is theirs)
            owners = prep_objects(noun, ("of",))
            group_owned = bool(owners) and not any(o.conjuncts for o in owners)
            if (
                not objects
                and trigger.family in RECIPROCAL_FAMILIES
                and not adjunct
                and not group_owned
            ):
                # "the two leaders held talks" / "Trump and Putin held talks"
                candidates.append(Candidate(subjects, [], "reciprocal", reciprocal=True))
    receiver = _receiving_verb(noun, cues)
    if receiver is not None:
        # "Trump faced criticism from Macron", "Israel came under attack from Iran": the
        # verb's subject is the one acted on, the "from" phrase the actor
        sources = prep_objects(noun, ("from",)) or prep_objects(receiver, ("from",))
        if not sources and trigger.family is Family.SUPPORT and not agents:
            # "won the backing of NATO": support one receives is of its giver ("faced criticism
            # of his policy" names a target, so only for support)
            sources = prep_objects(noun, ("of",))
        targets, _ = agents_of(receiver)
        if sources and targets:
            candidates.append(Candidate(sources, targets, "nominal-received"))
    return candidates


def _receiving_verb(noun: Token, cues: CueWords) -> Token | None:
    """The verb through which its subject undergoes an event noun ("faced criticism", "came
    under attack"), if any."""
    head = noun.head
    if attached_as(noun, Link.OBJECT) and head.lemma_.lower() in cues.receiving_verbs:
        return head
    if (
        attached_as(noun, Link.PREP_OBJECT)
        and head.lower_ == "under"
        and head.head.pos_ in {"VERB", "AUX"}
    ):
        return head.head
    return None


def _light_verb(noun: Token, cues: CueWords) -> Token | None:
    """The verb that passes its subject to an eventive noun ("held talks", "imposed sanctions")."""
    node = noun
    while attached_as(node, Link.CONJUNCT) and node.head != node:
        node = node.head
    for _ in range(3):
        if not attached_as(node, Link.PREP_OBJECT) or not _held_by_amount(node, cues):
            break
        # "announced a new package of sanctions", "pledged £150 million in military aid",
        # "a new package of £150 million in military aid"
        node = node.head.head
    if attached_as(node, Link.COMPOUND) and node.head.lemma_.lower() in cues.container_nouns:
        node = node.head  # "adopted its 19th sanctions package"
    head = node.head
    if (
        # "imposed sanctions on Russia", "sanctions were imposed on Russia by the EU"
        (
            attached_as(node, Link.OBJECT)
            or (attached_as(node, Link.PASSIVE_SUBJECT) and dependents(head, Link.BY_AGENT))
        )
        and head.pos_ in {"VERB", "AUX"}
        and head.lemma_.lower() in cues.light_verbs
    ):
        return head
    if attached_as(node, Link.PREP_OBJECT) and head.lower_ == "with" and head.head.pos_ == "VERB":
        return head.head  # "hit back with strikes on Russian refineries"
    if (
        attached_as(node, Link.PREP_OBJECT)
        and head.lower_ in load_vocabulary().cues.time_prepositions
        and head.head.pos_ in {"VERB", "AUX"}
        and attached_as(head.head, Link.ROOT)
    ):
        return head.head  # "Following talks with Trump, Zelensky said ..."
    if attached_as(node, Link.PREP_OBJECT) and (holder := participation_holder(head)) is not None:
        return holder  # "acted in defence of Netanyahu", "marched in solidarity with Kyiv"
    if (
        attached_as(node, Link.PREP_OBJECT)
        and head.lower_ == "for"
        and head.head.pos_ == "VERB"
        and head.head.lemma_.lower() in cues.motion_verbs | cues.hypothetical_governors
    ):
        # "flew to Moscow for talks with Putin"; "called for sanctions" (an appeal: the chain
        # in graphbuild.extract.modality makes it hypothetical)
        return head.head
    return None


def _held_by_amount(noun: Token, cues: CueWords) -> bool:
    """True when `noun` is what a container or a sum is of: "a package of sanctions", "£150
    million in military aid", "500 million euros of aid"."""
    prep, holder = noun.head, noun.head.head
    if prep.lower_ == "of" and holder.lemma_.lower() in cues.container_nouns:
        return True
    return prep.lower_ in {"of", "in"} and (
        holder.ent_type_ == "MONEY"
        or any(attached_as(c, Link.NUMBER, Link.COMPOUND) and c.like_num for c in holder.children)
    )
