"""Membership nouns: "X is a member of Y" (copula-member), "X, a member of Y"
(apposition-member), "as a NATO member, X" (as-member), "NATO members such as Poland"
(member-examples); membership spoken of as a goal is hypothetical.
"""

from __future__ import annotations

from spacy.tokens import Token

from graphbuild.extract.lexicon import Trigger
from graphbuild.extract.modality import CueWords
from graphbuild.extract.predicates import (
    Link,
    agents_of,
    attached_as,
    dependents,
    own_subjects,
    prep_objects,
    relative_heads,
)
from graphbuild.extract.statements import Candidate
from graphbuild.records import Family


def member_candidates(noun: Token, trigger: Trigger, cues: CueWords) -> list[Candidate]:
    """ "X is a member of Y", "X, a member of Y", "NATO members such as Poland"."""
    groups = prep_objects(noun, trigger.object_prepositions)
    if not groups and attached_as(noun, Link.PREDICATE_NOUN):
        # "Mauritius became a republic within the Commonwealth": the group hangs on the copula
        groups = prep_objects(noun.head, trigger.object_prepositions)
    # "NATO members", "a NATO member state", "Nato allies"
    owner = noun
    if attached_as(noun, Link.COMPOUND) and noun.head.lemma_.lower() in cues.membership_nouns:
        owner = noun.head
        groups += prep_objects(owner, trigger.object_prepositions)
    groups += dependents(noun, Link.COMPOUND, Link.POSSESSOR, Link.NOUN_MODIFIER)
    # "a member of NATO and the EU" where the parser coordinates the EU with "member"
    groups += [c for c in noun.children if attached_as(c, Link.CONJUNCT) and c.pos_ == "PROPN"]
    # "a member of the Five Eyes alliance": the name modifies a group noun
    groups += [
        c
        for g in groups
        if g.lemma_.lower() in cues.group_nouns
        for c in g.children
        if attached_as(c, Link.COMPOUND)
    ]
    if not groups and attached_as(owner, Link.OBJECT) and owner.head.lemma_ == "have":
        # "the Commonwealth has 56 member states, including India"
        groups = own_subjects(owner.head)
    groups = relative_heads(groups)
    if not groups:
        return []
    members: list[Token] = []
    rule = "member-examples"
    first = owner
    while (
        attached_as(first, Link.CONJUNCT)
        or (
            attached_as(first, Link.APPOSITION)
            and first.head.lemma_.lower() in cues.membership_nouns
        )
    ) and first.head != first:
        first = first.head  # "X is a UN member state, a member state of the AU, and ..."
    if (
        attached_as(first, Link.PREP_OBJECT)
        and first.head.lower_ == "of"
        and first.head.head.lower_ == "one"
    ):
        first = first.head.head  # "Britain is one of the founding members of NATO"
    # "Estonia, one of the bloc's members,": the apposition is "one", not the membership noun
    appos = (
        owner
        if attached_as(owner, Link.APPOSITION)
        else first
        if attached_as(first, Link.APPOSITION)
        else None
    )
    fellows = fellow_of(owner, cues)
    if (
        attached_as(first, Link.PREP_OBJECT)
        and first.head.lower_ == "among"
        and first.head.head.lemma_ == "be"
    ):
        members = own_subjects(first.head.head)  # "X was among the members"
        rule = "copula-member"
    elif attached_as(first, Link.PREDICATE_NOUN):
        # "X is a member of Y"; "X is not a member of Y but is part of Z"
        members = own_subjects(first.head) or agents_of(first.head)[0]
        members = relative_heads(members)  # "Turkey, which is a member of NATO"
        rule = "copula-member"
    elif attached_as(first, Link.SUBJECT) and first.head.lemma_.lower() in {
        "include",
        "comprise",
        "be",
    }:
        # "The member states of the Arab League include Egypt and Jordan", "NATO's founding
        # members were Belgium, France and ..."
        members = dependents(first.head, Link.OBJECT, Link.PREDICATE_NOUN)
        rule = "copula-member"
    elif appos is not None and appos is owner and owner.tag_ in {"NNS", "NNPS"}:
        # "Hungary and Slovakia, both EU members,": a plural describes the whole coordination
        members = [owner.head]
        rule = "apposition-member"
    elif appos is not None:
        # the apposition describes the word right before it, whatever the parser attached it to
        before = appos.doc[appos.left_edge.i - 1] if appos.left_edge.i > 0 else appos.head
        while before.is_punct and before.i > 0:
            before = before.doc[before.i - 1]
        members = [before if before.pos_ in {"PROPN", "NOUN"} else appos.head]
        rule = "apposition-member"
    elif fellows:
        return []  # "consulted its fellow EU members": `fellow-member` (rules/groups.py)
    elif (
        attached_as(first, Link.PREP_OBJECT)
        and first.head.lower_ == "as"
        and first.head.head.pos_ in {"VERB", "AUX"}
        and first.head.i < first.head.head.i
    ):
        # "As a NATO member, Turkey must ...", "Canada, as a member of the G7, hosted ..."
        # (after the verb, "treated Ukraine as a member" would describe its object)
        members = dependents(first.head.head, Link.SUBJECT, Link.PASSIVE_SUBJECT)
        rule = "as-member"
    for child in owner.children:
        if attached_as(child, Link.APPOSITION):
            members.append(child)
        if attached_as(child, Link.PREPOSITION) and child.lower_ in {"as", "including", "like"}:
            members.extend(dependents(child, Link.PREP_OBJECT))
    if attached_as(owner, Link.COMPOUND) and owner.head.pos_ == "PROPN":
        # "NATO allies Poland and Latvia" parsed as a compound of the names
        members.append(owner.head)
    if attached_as(owner, Link.CONJUNCT) and any(
        c.lower_ in {"other", "its", "their"} for c in owner.children
    ):
        # "Britain and other NATO members", "the UK and its NATO allies": the earlier
        # conjuncts are members too
        first = owner.head
        members.append(first)
        while attached_as(first, Link.CONJUNCT) and first.head != first:
            first = first.head  # "Poland, Lithuania and other NATO members"
            members.append(first)
        members.extend(c for c in first.children if attached_as(c, Link.CONJUNCT) and c.i < owner.i)
    # "Britain, France, Austria (then a state of the Holy Roman Empire)": only Austria
    expand = rule != "apposition-member" or owner.tag_ in {"NNS", "NNPS"}
    return [Candidate(members, groups, rule, coordinated_subjects=expand)] if members else []


def fellow_of(noun: Token, cues: CueWords) -> bool:
    """ "its fellow EU members": the noun's owner shares the membership (`fellow-member`)."""
    return any(c.lemma_.lower() in cues.fellow_words for c in dependents(noun, Link.ADJECTIVE))


def aspired(trigger: Token, cues: CueWords) -> bool:
    """Membership spoken of as a goal, not a fact: "applied to join the EU", "Ukraine's path to
    NATO membership", "its membership remains a distant prospect", "a candidate member"."""
    words = cues.membership_aspirations
    node = trigger
    arg = trigger  # the node's child on the path from the trigger
    for _ in range(8):
        if node.lemma_.lower() in words or any(
            attached_as(c, Link.ADJECTIVE, Link.COMPOUND) and c.lemma_.lower() in words
            for c in node.children
        ):
            return True
        if node.pos_ in {"VERB", "AUX"}:
            if any(
                attached_as(c, Link.PREDICATE_NOUN, Link.PREDICATE_ADJECTIVE)
                and c.lemma_.lower() in words
                for c in node.children
            ):
                return True  # "membership remains a distant prospect"
            if attached_as(arg, Link.SUBJECT, Link.PASSIVE_SUBJECT) and any(
                attached_as(c, Link.NEGATION) for c in node.children
            ):
                return True  # "Ukraine's membership of NATO is not on the table"
            if (
                attached_as(arg, Link.OBJECT, Link.PREPOSITION)
                and node.lemma_.lower() in cues.membership_contests
            ):
                return True  # "voted against Ukraine's membership", "backed its membership"
            if not attached_as(node, Link.OPEN_COMPLEMENT, Link.NOUN_CLAUSE, Link.PREP_CLAUSE):
                return False
        elif attached_as(node, Link.APPOSITION, Link.CONJUNCT, Link.ROOT) or node.head == node:
            return False  # "Poland, a member of NATO, ...": the host noun's clause is not ours
        arg, node = node, node.head
    return False


def constituent(token: Token, trigger: Trigger, cues: CueWords) -> bool:
    """True for "a state of Y", "Y countries" without "member": Y may be a polity, not a
    body with members ("Austria, then a state of the Holy Roman Empire")."""
    if trigger.family is not Family.MEMBER_OF or trigger.lemma not in cues.constituent_nouns:
        return False
    nouns = [token, *dependents(token, Link.COMPOUND)]
    if attached_as(token, Link.COMPOUND):
        nouns.append(token.head)
    return not any(n.lemma_.lower() == "member" for n in nouns)
