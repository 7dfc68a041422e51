"""Verbal and predicative triggers: the lexicon's verbs and adjectives and their arguments.

"Britain sanctioned Russia" (svo-active), "Russia was sanctioned by Britain" (svo-passive),
"Putin, who invaded Ukraine" (svo-relative), "forces pounding Kyiv" (svo-participle), "agreed to
meet Trump" (svo-complement), "met Putin and praised him" (svo-coordination), "Trump and Putin
met" (reciprocal), "was not happy with Putin" (svo-predicate), "was proscribed in Britain"
(svo-jurisdiction), "threatened to impose tariffs on Brazil" (threat-complement), "the UK-led
coalition" (compound-participle).
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Token

from graphbuild.extract.coref import relative_antecedent
from graphbuild.extract.lexicon import Trigger
from graphbuild.extract.modality import CueWords
from graphbuild.extract.predicates import (
    Link,
    agents_of,
    attached_as,
    by_agents,
    dependents,
    direct_objects,
    marked_passive,
    naming_complement,
    own_subjects,
    passive_subjects,
    prep_objects,
    relative_heads,
    unmarked_recipients,
)
from graphbuild.extract.statements import ATTITUDE_FAMILIES, RECIPROCAL_FAMILIES, Candidate
from graphbuild.extract.vocabulary import load_vocabulary
from graphbuild.records import EntityKind, Family


def _relatives() -> frozenset[str]:
    return load_vocabulary().predicates.relative_pronouns


_DASHES = frozenset({"\u2013", "\u2014", "--", "-"})
_MAX_ASIDE = 20
_STATE_KINDS = frozenset({EntityKind.STATE})


def verbal_candidates(verb: Token, trigger: Trigger, cues: CueWords) -> list[Candidate]:
    named = dependents(verb, Link.OBJECT_PREDICATE) or naming_complement(verb) is not None
    if (named and trigger.family not in ATTITUDE_FAMILIES) or (
        verb.lemma_.lower() in cues.naming_verbs
        and (
            attached_as(verb, Link.NOUN_CLAUSE, Link.ADJECTIVE)
            or marked_passive(verb)
            or _after_comma(verb)
        )
    ):
        # "called Putin a war criminal", "sometimes called X" name, they do not phone; an
        # attitude verb keeps its sense ("denounced the coalition as a threat")
        return []
    if trigger.family in ATTITUDE_FAMILIES and _placed_posture(verb, trigger, cues):
        return []  # "stood with Netanyahu at the White House" is where he stood
    if trigger.inverse and not trigger.direct_object:
        # "the alliance consisted of France, Britain and Russia", "the EU is made up of 27
        # states": the group is the subject, its members the prepositional objects
        groups = relative_heads(dependents(verb, Link.SUBJECT, Link.PASSIVE_SUBJECT))
        members = prep_objects(verb, trigger.object_prepositions)
        return [Candidate(members, groups, "svo-active")]
    if trigger.inverse:
        # "the EU admitted Croatia", "Montenegro was admitted to the UN": the one admitted is
        # the relation's subject, the admitting group (subject, agent or "to" object) its object
        passive = marked_passive(verb)
        members = passive_subjects(verb) if passive else direct_objects(verb)
        # "brings together 30 states along with allies such as Japan", "unites A and B with
        # partners like C": members named beside the object are members too
        members += _comitatives(verb) + (prep_objects(verb, ("with",)) if members else [])
        groups = prep_objects(verb, ("to", "into", *trigger.object_prepositions))
        groups += by_agents(verb)
        if not passive and not groups:
            # "the G7 includes Japan", "APEC, which includes Western nations"; but "the EU
            # included Russia in its sanctions list" puts Russia in the list, not in the EU
            groups = relative_heads(own_subjects(verb))
            if not groups and attached_as(verb, Link.CONJUNCT):
                # "the coalition, launched in March, brings together 31 countries"
                groups = agents_of(verb)[0]
            if trigger.family is Family.MEMBER_OF:
                # the group itself, not an event it holds: "NATO's summit brought together A
                # and B" gathers them, it does not enrol them
                groups = [
                    g for g in groups if g.pos_ == "PROPN" or g.lemma_.lower() in cues.group_nouns
                ]
        return [Candidate(members, groups, "svo-passive" if passive else "svo-active")]
    subjects, rule = agents_of(verb)
    if not trigger.direct_object and marked_passive(verb) and not subjects:
        # "TBS is affiliated to X": with no object slot, the passive subject is the actor
        subjects, rule = passive_subjects(verb), "svo-passive"
    if not subjects and marked_passive(verb) and verb.lemma_.lower() in cues.jurisdiction_verbs:
        # "Palestine Action was proscribed in the United Kingdom": the state it happens in acts
        # ("proscribed as a terrorist group in Britain", "banned from Hungary")
        complements = [
            p for a in dependents(verb, Link.PREPOSITION) if a.lower_ == "as" for p in a.children
        ]
        places = [p for h in [verb, *complements] for p in prep_objects(h, ("in", "from"))]
        objects = _verb_objects(verb, trigger, cues)
        return [Candidate(places, objects, "svo-jurisdiction", subject_kinds=_STATE_KINDS)]
    objects = _verb_objects(verb, trigger, cues) or _relcl_object(verb, trigger)
    if not objects and verb.lemma_.lower() in cues.posture_verbs:
        objects = _posture_objects(verb, trigger)
    if not objects and trigger.family is Family.OPPOSE and trigger.lemma in cues.appeal_verbs:
        # "demanded that Ukraine withdraw from Donetsk": the demand is made of the clause's subject
        objects = [s for c in dependents(verb, Link.CLAUSE_COMPLEMENT) for s in own_subjects(c)]
        rule = "svo-complement" if objects and rule == "svo-active" else rule
    if not objects and trigger.direct_object and not direct_objects(verb):
        # "Britain condemned and sanctioned Russia": the object is shared with the next verb
        objects = [
            o
            for c in dependents(verb, Link.CONJUNCT)
            if c.pos_ == "VERB" and c.i > verb.i
            for o in direct_objects(c)
            if o.lower_ not in _relatives()
        ]
        rule = "svo-coordination" if objects else rule
    if not objects and trigger.lemma in cues.threat_verbs:
        # "threatened to impose tariffs on Brazil": the threat is toward the act's target
        objects = [
            o for c in dependents(verb, Link.OPEN_COMPLEMENT) for o in _complement_targets(c)
        ]
        rule = "threat-complement" if objects and rule == "svo-active" else rule
    if attached_as(verb, Link.ADJECTIVE, Link.NOUN_CLAUSE) and verb.tag_ == "VBN":
        # "the UK-led coalition", "a coalition led by France"
        agents = [c for c in dependents(verb, Link.NOUN_ADVERB, Link.COMPOUND) if c.i < verb.i]
        if agents:
            return [Candidate(agents, [verb.head], "compound-participle")]
        if attached_as(verb, Link.ADJECTIVE) and subjects and not objects and trigger.direct_object:
            # "Trump hosted Mark Rutte": the parser made the verb a modifier of its object
            return [Candidate(subjects, [verb.head], "svo-active")]
        if not subjects and attached_as(verb, Link.NOUN_CLAUSE):
            agents = by_agents(verb)
            return [Candidate(agents, [verb.head], "svo-participle")]
    if (
        verb.tag_ == "VBN"
        and not subjects
        and not objects
        and not attached_as(verb, Link.ROOT, Link.CONJUNCT)
    ):
        # "the coalition of the willing, set up by Starmer": the parser loses the participle's
        # noun; the nearest noun above it is what was set up
        agents = by_agents(verb)
        noun = next((a for a in verb.ancestors if a.pos_ in {"NOUN", "PROPN"}), None)
        if agents and noun is not None:
            return [Candidate(agents, [noun], "svo-participle")]
    if objects and subjects:
        # "Starmer, along with Macron, condemned Russia": a comitative phrase adds a subject
        subjects = subjects + [c for holder in [verb, *subjects] for c in _comitatives(holder)]
    candidates = [Candidate(subjects, objects, rule or "svo-active")]
    # "A and B called for X" or "A and B visited Kyiv" never relate A to B: only verbs that
    # take a partner ("meet with", "talk with") are reciprocal
    partnered = bool({"with", "between"} & set(trigger.object_prepositions))
    if (
        not objects
        and trigger.family in RECIPROCAL_FAMILIES
        and subjects
        and partnered
        and not _clausal(verb)
        and not _vague(verb, trigger)
    ):
        # "Trump and Putin met": the coordinated subjects meet each other
        candidates.append(Candidate(subjects, [], "reciprocal", reciprocal=True))
    return candidates


def adjective_candidates(adjective: Token, trigger: Trigger) -> list[Candidate]:
    """Evaluative predicates: "Trump was not happy with Putin", "became angry over X"."""
    if not attached_as(
        adjective, Link.PREDICATE_ADJECTIVE, Link.PREDICATE_NOUN, Link.OBJECT_PREDICATE
    ):
        return []
    subjects, rule = agents_of(adjective.head)
    if not subjects:
        return []
    objects = prep_objects(adjective, trigger.object_prepositions)
    if not objects and attached_as(adjective, Link.PREDICATE_ADJECTIVE):
        # "he was 'not happy' with Putin": the parser may hang the target on the copula
        objects = prep_objects(adjective.head, trigger.object_prepositions)
    return [Candidate(subjects, objects, "svo-predicate" if rule == "svo-active" else rule)]


def _comitatives(token: Token) -> list[Token]:
    """Objects of "alongside X", "along with X", "together with X" hanging on a token."""
    found: list[Token] = []
    for prep in dependents(token, Link.PREPOSITION):
        if prep.lower_ == "alongside":
            found += dependents(prep, Link.PREP_OBJECT)
        elif prep.lower_ in {"along", "together"} or (
            prep.lower_ == "with" and any(c.lower_ in {"along", "together"} for c in token.children)
        ):
            found += [
                p
                for w in [prep, *dependents(prep, Link.PREPOSITION)]
                for p in dependents(w, Link.PREP_OBJECT)
            ]
    return found


def _verb_objects(verb: Token, trigger: Trigger, cues: CueWords) -> list[Token]:
    """Object tokens of a verbal trigger: direct object, passive subject, prepositional object."""
    objects: list[Token] = []
    required = trigger.requires[0] if trigger.requires else None
    dobjs = direct_objects(verb)
    if marked_passive(verb) and trigger.direct_object:
        objects.extend(passive_subjects(verb))
        described = [relative_antecedent(o, possessive=False) for o in objects]
        if attached_as(verb, Link.RELATIVE_CLAUSE) and any(d is not None for d in described):
            # "Zelensky, who is backed by Britain": the pronoun stands for the head noun
            objects = [o for o, d in zip(objects, described, strict=True) if d is None]
            objects += [d for d in described if d is not None][:1]
        if not objects and attached_as(verb, Link.NOUN_CLAUSE):
            # "the coalition, set up by Starmer and Macron"
            objects.append(verb.head)
    if trigger.direct_object and required != "dobj":
        objects.extend(c for c in dobjs if c.lower_ not in _relatives())
        described = [relative_antecedent(c, possessive=False) for c in dobjs]
        if attached_as(verb, Link.RELATIVE_CLAUSE) and any(d is not None for d in described):
            # "the coalition which Starmer and Macron assembled"
            objects += [d for d in described if d is not None][:1]
    objects.extend(prep_objects(verb, trigger.object_prepositions))
    objects.extend(unmarked_recipients(verb, trigger))
    if (
        trigger.family is Family.ATTACK
        and trigger.direct_object
        and all(d.lemma_.lower() in cues.target_nouns for d in dobjs)
    ):
        # "struck three nuclear facilities in Iran", "targeting nine sites across Pakistan";
        # but "sites in India across Punjab and Gujarat" lists regions of the place named
        placed = any(prep_objects(d, ("in", "of")) for d in dobjs)
        objects.extend(
            prep_objects(verb, ("in", "inside") if placed else ("in", "inside", "across"))
        )
    # "sent weapons to Kyiv", "fund air defence systems for Ukraine": the parser may hang the
    # recipient on the direct object
    recipients = tuple(p for p in trigger.object_prepositions if p != "of")
    for dobj in dobjs:
        objects.extend(prep_objects(dobj, recipients))
    if (
        attached_as(verb, Link.RELATIVE_CLAUSE)
        and not objects
        and trigger.direct_object
        and not dobjs
    ):
        # "the coalition Starmer assembled" (no relative pronoun)
        objects.append(verb.head)
    return objects


def _complement_targets(verb: Token) -> list[Token]:
    """Who an infinitive act is aimed at: its direct object and its on/against/to/at objects
    (on the verb or on its object: "impose tariffs on Brazil", "cut aid to Israel")."""
    preps = load_vocabulary().cues.threat_target_prepositions
    objects = direct_objects(verb)
    targets = [o for o in objects if o.lower_ not in _relatives()]
    for holder in [verb, *objects]:
        targets += prep_objects(holder, preps)
    if not prep_objects(verb, preps):
        targets += [t for holder in objects for t in _after_aside(holder, preps)]
    return targets


def _after_aside(token: Token, preps: Collection[str]) -> list[Token]:
    """ "impose tariffs – yes, he's back on that horse – on Brazil": the parser loses a phrase
    that resumes after a dash-enclosed aside; its object is the one after the closing dash."""
    doc = token.doc
    start = token.right_edge.i + 1
    if start >= len(doc) or doc[start].text not in _DASHES:
        return []
    for i in range(start + 1, min(len(doc) - 1, start + _MAX_ASIDE)):
        if doc[i].text in _DASHES:
            prep = doc[i + 1]
            if prep.lower_ in preps:
                return dependents(prep, Link.PREP_OBJECT)
            return []
        if doc[i].is_sent_start:
            return []
    return []


def _relcl_object(verb: Token, trigger: Trigger) -> list[Token]:
    """ "the coalition which Starmer and Macron have worked so hard to assemble": xcomp in relcl."""
    node = verb
    while attached_as(node, Link.OPEN_COMPLEMENT, Link.ADVERB) and node.head != node:
        node = node.head
    objects = direct_objects(verb)
    if (
        node != verb
        and attached_as(node, Link.RELATIVE_CLAUSE)
        and trigger.direct_object
        and (not objects or any(c.lower_ in _relatives() for c in objects))
    ):
        return [node.head]
    return []


def _after_comma(verb: Token) -> bool:
    """True for ", (sometimes) called": a participle the parser mistook for a finite verb."""
    before = verb.i - 1
    while (
        before >= 0 and attached_as(verb.doc[before], Link.ADVERB) and verb.doc[before].head == verb
    ):
        before -= 1
    return before >= 0 and verb.doc[before].text == "," and verb.tag_ in {"VBN", "VBD"}


def _placed_posture(verb: Token, trigger: Trigger, cues: CueWords) -> bool:
    """True for a posture verb with a place ("stood with Netanyahu at the White House"), which
    says where someone stood rather than whom they stand with."""
    if verb.lemma_.lower() not in cues.posture_verbs:
        return False
    for prep in dependents(verb, Link.PREPOSITION):
        if prep.lower_ in trigger.object_prepositions:
            continue
        named = prep.lower_ in cues.named_place_prepositions and any(
            p.pos_ == "PROPN" for p in dependents(prep, Link.PREP_OBJECT)
        )
        if prep.lower_ in cues.locative_prepositions or named:
            return True
    return False


def _posture_objects(verb: Token, trigger: Trigger) -> list[Token]:
    """ "stand shoulder to shoulder with Ukraine", "stands united with Kyiv": the posture's
    manner phrase carries the object."""
    found: list[Token] = []
    for child in dependents(verb, Link.OBJECT, Link.PREDICATE_ADJECTIVE, Link.ADVERB):
        holders = [
            child,
            *(p for prep in dependents(child, Link.PREPOSITION) for p in prep.children),
        ]
        # "shoulder to shoulder", "side by side": the repeated noun may hang on the verb
        holders += [
            p
            for prep in dependents(verb, Link.PREPOSITION)
            for p in dependents(prep, Link.PREP_OBJECT)
            if p.lemma_ == child.lemma_
        ]
        found += [o for h in holders for o in prep_objects(h, trigger.object_prepositions)]
    return found


def _clausal(verb: Token) -> bool:
    """True for a verb with a clause as complement: "Starmer and Macron worked so hard to
    assemble" is not working with each other."""
    return any(
        attached_as(c, Link.OPEN_COMPLEMENT, Link.CLAUSE_COMPLEMENT)
        or (attached_as(c, Link.OBJECT) and c.lower_ in _relatives())
        or any(attached_as(g, Link.OPEN_COMPLEMENT) for g in c.children)
        # not the next verb's complement: "spoke by phone and agreed to ..."
        for c in verb.children
        if not attached_as(c, Link.CONJUNCT)
    )


def _vague(verb: Token, trigger: Trigger) -> bool:
    """True for "A and B worked" without "together" (but not "A and B worked on X")."""
    return trigger.relation == "cooperatesWith" and not any(
        c.lower_ == "together" for c in verb.children
    )
