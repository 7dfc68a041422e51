"""Pure dependency-tree helpers shared by the relation rules and the coreference oracle.

Functions over tokens only (no entities, no document state): a verb's subjects (through
control, coordination, relatives and participles), prepositional objects, passives. Newer rules
read the role layer (`graphbuild.extract.predicates`) instead.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from spacy.tokens import Token

from graphbuild.extract.lexicon import Trigger
from graphbuild.extract.vocabulary import load_vocabulary

# Dependents that introduce a prepositional phrase (a dative "to" included).
PREP_DEPS = frozenset({"prep", "dative"})


def children(token: Token, deps: Iterable[str]) -> list[Token]:
    """The token's children whose dependency label is one of `deps`, in text order."""
    deps = frozenset(deps)
    return [c for c in token.children if c.dep_ in deps]


def prep_objects(token: Token, preps: Collection[str]) -> list[Token]:
    """Objects of the given prepositions hanging on `token` (or on its particle)."""
    result: list[Token] = []
    if not preps:
        return result
    particles = []
    for child in token.children:  # one walk finds both the prepositions and the particles
        if child.dep_ == "prt":
            particles.append(child)
        elif child.dep_ in PREP_DEPS and child.lower_ in preps:
            result.extend(c for c in child.children if c.dep_ == "pobj")
    for particle in particles:
        for prep in particle.children:
            if prep.dep_ in PREP_DEPS and prep.lower_ in preps:
                result.extend(c for c in prep.children if c.dep_ == "pobj")
    return result


ACTIVE_SUBJ_DEPS = frozenset({"nsubj"})
PASSIVE_SUBJ_DEPS = frozenset({"nsubjpass"})
SUBJ_DEPS = ACTIVE_SUBJ_DEPS | PASSIVE_SUBJ_DEPS
OBJ_DEPS = frozenset({"dobj"})
AGENT_DEPS = frozenset({"agent"})
PASSIVE_AUX_DEPS = frozenset({"auxpass"})
# Object control: "pressed Putin to meet Trump" makes Putin the one who meets.
CONTROL_OBJ_DEPS = frozenset({"dobj"})


PASSIVE_DEPS = PASSIVE_AUX_DEPS | PASSIVE_SUBJ_DEPS
OBJECT_LIKE_DEPS = OBJ_DEPS | PASSIVE_SUBJ_DEPS


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_DEPS for c in verb.children)


def participation_holder(preposition: Token) -> Token | None:
    """The verb one takes part in an event through: "acted in defence of X", "took part in
    talks", "played a role in the deal" (for the "in" before the event noun)."""
    if preposition.lower_ != "in":
        return None
    holder = preposition.head
    if holder.pos_ == "NOUN" and holder.dep_ == "dobj":
        holder = holder.head  # "took part in", "made the same move in defence of Netanyahu"
    return holder if holder.pos_ in {"VERB", "AUX"} else None


def clause_subject_conjunct(token: Token) -> bool:
    """True for a nominal conjunct the parser took from the next clause: in "Britain condemned
    Russia and France sanctioned Iran" it hangs France on Russia, though France is the subject
    of the subject-less finite verb right after it, which is coordinated with the first verb."""
    if token.dep_ != "conj" or token.pos_ not in {"PROPN", "NOUN"} or token.i + 1 >= len(token.doc):
        return False
    verb = token.doc[token.i + 1]
    first = token.head
    while first.dep_ == "conj" and first.head != first:
        first = first.head
    return (
        verb.dep_ == "conj"
        and verb.tag_ in {"VBD", "VBZ", "VBP"}
        and verb.head == first.head
        and first.head.pos_ in {"VERB", "AUX"}
        and not any(c.dep_ in SUBJ_DEPS for c in verb.children)
    )


def subjects_of(verb: Token, depth: int = 0) -> tuple[list[Token], str]:
    """Subject tokens of a verb and the rule that found them (walking up xcomp, conj, relcl)."""
    passive = is_passive(verb)
    direct = [c for c in verb.children if c.dep_ in ACTIVE_SUBJ_DEPS]
    if passive:
        direct = [p for a in children(verb, AGENT_DEPS) for p in children(a, {"pobj"})]
    if direct:
        # two subjects are a parse of a dateline ("OTTAWA, Canada — X won"): the nearer is it
        subject = min(direct, key=lambda t: abs(t.i - verb.i))
        # "Putin, who invaded Ukraine": the relative pronoun stands for the head noun
        if (
            subject.lower_ in load_vocabulary().predicates.relative_pronouns
            and verb.dep_ == "relcl"
        ):
            return [verb.head], "svo-relative"
        return [subject], "svo-passive" if passive else "svo-active"
    if depth > 3 or (passive and verb.dep_ in {"xcomp", "relcl", "advcl"}):
        return [], ""  # "called for Kneecap to be banned": the caller is not the banner
    head = verb.head
    while verb.dep_ == "xcomp" and head.pos_ not in {"VERB", "AUX"} and head.head != head:
        head = head.head  # "worked so hard to assemble": the complement hangs on the adverb
    purpose = verb.dep_ == "advcl" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    )
    if (verb.dep_ == "xcomp" or purpose) and head != verb:
        # "sent troops to help Russia": a purpose clause shares the main clause's subject
        # "agreed to meet", "continue to pound", "is set to visit", "pressed Putin to meet"
        objects = [] if purpose else children(head, CONTROL_OBJ_DEPS)
        if not purpose and not objects:
            # "called on Europe to increase pressure": the one called on is the one who acts
            objects = [o for o in prep_objects(head, ("on", "upon")) if head.i < o.i < verb.i]
        relatives = load_vocabulary().predicates.relative_pronouns
        controllers = [c for c in objects if c.lower_ not in relatives] or children(head, SUBJ_DEPS)
        if controllers:
            return controllers[:1], "svo-complement"
        subjects, _ = subjects_of(head, depth + 1)
        return subjects, "svo-complement"
    if (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and head != verb
        and head.pos_ in {"VERB", "AUX"}
    ):
        # "Zelensky welcomed the deal, thanking Britain": a participle adjunct shares the main
        # clause's subject (the grammatical one: "was greeted by Starmer, thanking him")
        if is_passive(head):
            return children(head, PASSIVE_SUBJ_DEPS), "svo-complement"
        subjects, _ = subjects_of(head, depth + 1)
        return subjects, "svo-complement"
    if verb.dep_ == "conj" and head != verb and head.pos_ in {"VERB", "AUX"}:
        # "Trump met Putin and praised him": the second verb shares the first one's subject;
        # not across an opening quotation mark ('described it as "a war," saying it "could have
        # gone on and destroyed ...': the parser joined a quoted verb to the narrator's)
        marks = sum(
            verb.doc[i].is_quote for i in range(min(head.i, verb.i) + 1, max(head.i, verb.i))
        )
        if marks % 2:
            return [], ""
        if verb.i and clause_subject_conjunct(verb.doc[verb.i - 1]):
            return [verb.doc[verb.i - 1]], "svo-active"  # "... Russia and France sanctioned Iran"
        subjects, _ = subjects_of(head, depth + 1)
        return subjects, "svo-coordination"
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        author = message_author(head)
        if author is not None:
            # "issued a statement condemning Russia", "wrote a piece affirming her support"
            subjects, _ = subjects_of(author, depth + 1)
            return subjects, "svo-complement"
        # "forces pounding Kyiv"
        return [head], "svo-participle"
    if verb.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        # "Ukraine's bid to join NATO": the noun's owner is the one who would act
        return children(head, {"poss"}), "svo-complement"
    if (
        verb.dep_ == "pcomp"
        and head.lower_ in {"by", "after", "before"}
        and head.head.pos_ == "VERB"
    ):
        # "Iran responded by firing missiles at Israel"
        subjects, _ = subjects_of(head.head, depth + 1)
        return subjects, "svo-complement"
    return [], ""


def message_author(noun: Token) -> Token | None:
    """The verb whose subject wrote a message noun ("issued a statement", "wrote a piece in the
    Irish Times", "posted a video", "on his account with a lengthy post")."""
    if noun.lemma_.lower() not in load_vocabulary().cues.utterance_nouns:
        return None
    node = noun
    if node.dep_ == "pobj" and node.head.lower_ in {"with", "in"}:
        node = node.head
    if node.dep_ in {"dobj", "prep"} and node.head.pos_ == "VERB":
        return node.head
    return None


def bare_datives(verb: Token, trigger: Trigger) -> list[Token]:
    """The recipient of "sent Ukraine weapons", "gave Kyiv military aid" (a "to" object without
    its preposition)."""
    if "to" not in trigger.object_prepositions:
        return []
    return [c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"]


def naming_complement(verb: Token) -> Token | None:
    """The name in "called Putin a war criminal" (object predicate, or an apposition the parser
    hangs on the object without a comma between them)."""
    for child in verb.children:
        if child.dep_ == "oprd":
            return child
        if (
            child.dep_ == "prep"
            and child.lower_ == "as"
            and verb.lemma_.lower() in load_vocabulary().cues.as_naming_verbs
        ):
            return next((c for c in child.children if c.dep_ == "pobj"), None)
        if child.dep_ in OBJECT_LIKE_DEPS:
            for appos in children(child, {"appos"}):
                before = verb.doc[appos.left_edge.i - 1]
                if before.i == child.i or (before.head == child and not before.is_punct):
                    return appos
    return None


def relative_heads(tokens: list[Token]) -> list[Token]:
    """Relative pronouns replaced by the noun their clause describes ("NATO, of which Poland is
    a member": which -> NATO; "Turkey, which joined NATO": which -> Turkey)."""
    result = []
    for token in tokens:
        if (
            token.lower_ in load_vocabulary().predicates.relative_pronouns
            or token.lower_ == "whose"
        ):
            clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
            if clause is not None:
                result.append(clause.head)
                continue
        result.append(token)
    return result
