"""Membership nouns: "X is a member of Y" (copula-member), "X, a member of Y"
(apposition-member), "as a NATO member, X" (as-member), "NATO members such as Poland"
(member-examples); membership spoken of as a goal is hypothetical.
"""

from __future__ import annotations

from spacy.tokens import Token

from graphbuild.extract.lexicon import Trigger
from graphbuild.extract.modality import CueWords
from graphbuild.extract.predicates import agents_of, relative_heads
from graphbuild.extract.statements import Candidate
from graphbuild.extract.syntax import (
    ACTIVE_SUBJ_DEPS,
    OBJ_DEPS,
    SUBJ_DEPS,
    children,
    prep_objects,
)
from graphbuild.records import Family


def member_candidates(noun: Token, trigger: Trigger, cues: CueWords) -> list[Candidate]:
    """ "X is a member of Y", "X, a member of Y", "NATO members such as Poland"."""
    groups = prep_objects(noun, trigger.object_prepositions)
    if not groups and noun.dep_ == "attr":
        # "Mauritius became a republic within the Commonwealth": the group hangs on the copula
        groups = prep_objects(noun.head, trigger.object_prepositions)
    # "NATO members", "a NATO member state", "Nato allies"
    owner = noun
    if noun.dep_ == "compound" and noun.head.lemma_.lower() in cues.membership_nouns:
        owner = noun.head
        groups += prep_objects(owner, trigger.object_prepositions)
    groups += [c for c in noun.children if c.dep_ in {"compound", "poss", "nmod"}]
    # "a member of NATO and the EU" where the parser coordinates the EU with "member"
    groups += [c for c in noun.children if c.dep_ == "conj" and c.pos_ == "PROPN"]
    # "a member of the Five Eyes alliance": the name modifies a group noun
    groups += [
        c
        for g in groups
        if g.lemma_.lower() in cues.group_nouns
        for c in g.children
        if c.dep_ == "compound"
    ]
    if not groups and owner.dep_ == "dobj" and owner.head.lemma_ == "have":
        # "the Commonwealth has 56 member states, including India"
        groups = children(owner.head, ACTIVE_SUBJ_DEPS)
    groups = relative_heads(groups)
    if not groups:
        return []
    members: list[Token] = []
    rule = "member-examples"
    first = owner
    while (
        first.dep_ == "conj"
        or (first.dep_ == "appos" and first.head.lemma_.lower() in cues.membership_nouns)
    ) and first.head != first:
        first = first.head  # "X is a UN member state, a member state of the AU, and ..."
    if first.dep_ == "pobj" and first.head.lower_ == "of" and first.head.head.lower_ == "one":
        first = first.head.head  # "Britain is one of the founding members of NATO"
    if first.dep_ == "pobj" and first.head.lower_ == "among" and first.head.head.lemma_ == "be":
        members = children(first.head.head, ACTIVE_SUBJ_DEPS)  # "X was among the members"
        rule = "copula-member"
    elif first.dep_ == "attr":
        # "X is a member of Y"; "X is not a member of Y but is part of Z"
        members = children(first.head, ACTIVE_SUBJ_DEPS) or agents_of(first.head)[0]
        members = relative_heads(members)  # "Turkey, which is a member of NATO"
        rule = "copula-member"
    elif first.dep_ == "nsubj" and first.head.lemma_.lower() in {"include", "comprise", "be"}:
        # "The member states of the Arab League include Egypt and Jordan", "NATO's founding
        # members were Belgium, France and ..."
        members = children(first.head, {*OBJ_DEPS, "attr"})
        rule = "copula-member"
    elif owner.dep_ == "appos" and owner.tag_ in {"NNS", "NNPS"}:
        # "Hungary and Slovakia, both EU members,": a plural describes the whole coordination
        members = [owner.head]
        rule = "apposition-member"
    elif owner.dep_ == "appos":
        # the apposition describes the word right before it, whatever the parser attached it to
        before = owner.doc[owner.left_edge.i - 1] if owner.left_edge.i > 0 else owner.head
        while before.is_punct and before.i > 0:
            before = before.doc[before.i - 1]
        members = [before if before.pos_ in {"PROPN", "NOUN"} else owner.head]
        rule = "apposition-member"
    elif (
        first.dep_ == "pobj"
        and first.head.lower_ == "as"
        and first.head.head.pos_ in {"VERB", "AUX"}
        and first.head.i < first.head.head.i
    ):
        # "As a NATO member, Turkey must ...", "Canada, as a member of the G7, hosted ..."
        # (after the verb, "treated Ukraine as a member" would describe its object)
        members = children(first.head.head, SUBJ_DEPS)
        rule = "as-member"
    for child in owner.children:
        if child.dep_ == "appos":
            members.append(child)
        if child.dep_ == "prep" and child.lower_ in {"as", "including", "like"}:
            members.extend(c for c in child.children if c.dep_ == "pobj")
    if owner.dep_ == "compound" and owner.head.pos_ == "PROPN":
        # "NATO allies Poland and Latvia" parsed as a compound of the names
        members.append(owner.head)
    if owner.dep_ == "conj" and any(c.lower_ in {"other", "its", "their"} for c in owner.children):
        # "Britain and other NATO members", "the UK and its NATO allies": the earlier
        # conjuncts are members too
        first = owner.head
        members.append(first)
        while first.dep_ == "conj" and first.head != first:
            first = first.head  # "Poland, Lithuania and other NATO members"
            members.append(first)
        members.extend(c for c in first.children if c.dep_ == "conj" and c.i < owner.i)
    # "Britain, France, Austria (then a state of the Holy Roman Empire)": only Austria
    expand = rule != "apposition-member" or owner.tag_ in {"NNS", "NNPS"}
    return [Candidate(members, groups, rule, coordinated_subjects=expand)] if members else []


def aspired(trigger: Token, cues: CueWords) -> bool:
    """Membership spoken of as a goal, not a fact: "applied to join the EU", "Ukraine's path to
    NATO membership", "its membership remains a distant prospect", "a candidate member"."""
    words = cues.membership_aspirations
    node = trigger
    arg = trigger  # the node's child on the path from the trigger
    for _ in range(8):
        if node.lemma_.lower() in words or any(
            c.dep_ in {"amod", "compound"} and c.lemma_.lower() in words for c in node.children
        ):
            return True
        if node.pos_ in {"VERB", "AUX"}:
            if any(
                c.dep_ in {"attr", "acomp"} and c.lemma_.lower() in words for c in node.children
            ):
                return True  # "membership remains a distant prospect"
            if arg.dep_ in SUBJ_DEPS and any(c.dep_ == "neg" for c in node.children):
                return True  # "Ukraine's membership of NATO is not on the table"
            if arg.dep_ in {"dobj", "prep"} and node.lemma_.lower() in cues.membership_contests:
                return True  # "voted against Ukraine's membership", "backed its membership"
            if node.dep_ not in {"xcomp", "acl", "pcomp"}:
                return False
        elif node.dep_ in {"appos", "conj", "ROOT"} or node.head == node:
            return False  # "Poland, a member of NATO, ...": the host noun's clause is not ours
        arg, node = node, node.head
    return False


def constituent(token: Token, trigger: Trigger, cues: CueWords) -> bool:
    """True for "a state of Y", "Y countries" without "member": Y may be a polity, not a
    body with members ("Austria, then a state of the Holy Roman Empire")."""
    if trigger.family is not Family.MEMBER_OF or trigger.lemma not in cues.constituent_nouns:
        return False
    nouns = [token, *(c for c in token.children if c.dep_ == "compound")]
    if token.dep_ == "compound":
        nouns.append(token.head)
    return not any(n.lemma_.lower() == "member" for n in nouns)
