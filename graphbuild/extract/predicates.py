"""Predicate-argument layer: who did what to whom in a parsed sentence, as roles, not dependency labels.

For a predicate (a verb, an event noun such as "talks" or "summit", or a light-verb construction
such as "held talks") `frame` returns its arguments with roles (agent, patient, recipient,
comitative "with", "between" pairs, "against"/"on" targets, beneficiary) after undoing the
passive and "by"-agents, reduced relatives ("the truce brokered by A"), coordination on both sides,
control ("agreed to meet"), relative clauses, appositions, possessives and compound modifiers
("the A-B summit"). Pure functions over a spaCy `Doc`; records are frozen and hold token indices,
never spaCy objects, so rules can be tested and compared without the parser's objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from spacy.tokens import Doc, Token

from graphbuild.extract.vocabulary import PredicateWords, load_vocabulary


class Role(StrEnum):
    """What an argument is to its predicate."""

    AGENT = "agent"
    PATIENT = "patient"
    RECIPIENT = "recipient"
    COMITATIVE = "comitative"  # "talks with X", "alongside X"
    BETWEEN = "between"  # "a truce between A and B"
    TARGET = "target"  # "sanctions on X", "a campaign against X"
    BENEFICIARY = "beneficiary"  # "aid for X"


@dataclass(frozen=True, slots=True)
class Argument:
    """One actor-bearing noun of a predicate: its head token, role and how it was reached.

    `group` numbers the noun phrase the argument came from: the conjuncts of "A and B" share it,
    so a rule can tell "A and B agreed" (one group of two) from two separate arguments.
    """

    role: Role
    token: int
    via: str
    group: int


@dataclass(frozen=True, slots=True)
class Predicate:
    """A predicate and its arguments; `light` is the light verb of "held talks", if any."""

    head: int
    lemma: str
    kind: str  # "verb", "noun" or "light" (an event noun with its light verb)
    passive: bool
    arguments: tuple[Argument, ...]
    light: int | None = None
    distributive: bool = False  # "separate calls with A and B", "each met X"

    def role(self, role: Role) -> tuple[Argument, ...]:
        """The arguments with this role, in the order found."""
        return tuple(a for a in self.arguments if a.role is role)

    def tokens(self, role: Role) -> tuple[int, ...]:
        """Token indices of the arguments with this role (no repeats)."""
        return tuple(dict.fromkeys(a.token for a in self.arguments if a.role is role))

    def groups(self, role: Role) -> dict[int, tuple[int, ...]]:
        """The arguments with this role by noun-phrase group: {group: token indices}."""
        found: dict[int, list[int]] = {}
        for a in self.arguments:
            if a.role is role and a.token not in found.setdefault(a.group, []):
                found[a.group].append(a.token)
        return {g: tuple(ts) for g, ts in found.items()}


def predicate_words() -> PredicateWords:
    """The layer's word lists (`ontology/predicates.yaml`), from the one vocabulary loader."""
    return load_vocabulary().predicates


_SUBJ = frozenset({"nsubj", "csubj"})
_PASS_SUBJ = frozenset({"nsubjpass"})
_PASSIVE_MARKS = frozenset({"auxpass", "nsubjpass"})
_NOUN_POS = frozenset({"NOUN", "PROPN", "PRON"})
_NOMINAL_AGENT_DEPS = frozenset({"poss", "compound", "nmod", "amod"})
# Named-entity types that never stand for an actor ("on Sunday", "for two hours").
_NOT_ACTORS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})


def is_passive(verb: Token) -> bool:
    """A verb with a passive auxiliary or subject, or a bare participle with a "by" agent."""
    return any(c.dep_ in _PASSIVE_MARKS for c in verb.children) or (
        verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children)
    )


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ == "pobj"]


def _prep_table(token: Token) -> dict[str, list[Token]]:
    """Objects of every preposition on `token` (also behind a particle or "together"), by
    preposition: one walk over the children serves all the roles that need them."""
    table: dict[str, list[Token]] = {}
    for child in token.children:
        dep = child.dep_
        if dep in {"prep", "dative", "agent"}:
            table.setdefault(child.lower_, []).extend(_pobjs(child))
        elif dep == "prt" or (dep == "advmod" and child.lower_ == "together"):
            for c in child.children:
                table.setdefault(c.lower_, []).extend(_pobjs(c))
    return table


def _preps(
    token: Token, words: Iterable[str], table: dict[str, list[Token]] | None = None
) -> list[Token]:
    """Objects of the prepositions `words` on `token` (from `table` when the caller has one)."""
    table = _prep_table(token) if table is None else table
    return [p for w in words if w in table for p in table[w]]


def _described(noun: Token, vocabulary: PredicateWords) -> Token | None:
    """The noun an appositive description follows ("X, a group set up by ..."), also when the
    parser hangs the description elsewhere: the word before the comma."""
    if noun.pos_ != "NOUN" or noun.dep_ not in {"appos", "npadvmod", "nsubj", "dobj"}:
        return None
    doc = noun.doc
    start = noun.left_edge.i
    if start < 2 or doc[start - 1].text != ",":
        return None
    described = any(c.dep_ in {"acl", "relcl"} for c in noun.children) and any(
        c.dep_ == "det" and c.lower_ in vocabulary.indefinite_articles for c in noun.children
    )
    if noun.dep_ != "appos" and not described:
        return None  # "a group convened by ...": an indefinite description after a comma
    at = start - 2
    while at > 0 and doc[at].is_quote:
        at -= 1  # 'the so-called "coalition of the willing", a group ...'
    before = doc[at]
    return before if before.pos_ in {"NOUN", "PROPN"} else None


class _Builder:
    """Collects the arguments of one predicate, each noun phrase expanded to its actors."""

    def __init__(self, vocabulary: PredicateWords) -> None:
        self.vocabulary = vocabulary
        self.found: dict[tuple[Role, int], Argument] = {}
        self.group = 0

    def add(self, role: Role, heads: Iterable[Token], via: str, *, together: bool = False) -> None:
        """Arguments from noun phrases headed by `heads`; `together`: one group for all of them
        ("the Trump-Putin summit" names its two parties as one)."""
        if together:
            self.group += 1
        for head in heads:
            if head.ent_type_ in _NOT_ACTORS or head.is_punct:
                continue
            if not together:
                self.group += 1
            for token, how in self._expand(head, via):
                self.found.setdefault((role, token.i), Argument(role, token.i, how, self.group))

    def _expand(self, head: Token, via: str) -> list[tuple[Token, str]]:
        """The head, its relative-pronoun antecedent, conjuncts, appositions and examples."""
        vocabulary = self.vocabulary
        if head.lower_ in vocabulary.relative_pronouns:
            clause = next((a for a in head.ancestors if a.dep_ == "relcl"), None)
            if clause is None:
                return []
            head, via = clause.head, f"{via}+relative"
        found: list[tuple[Token, str]] = []
        for node, how in [(head, via), *((c, f"{via}+conjunct") for c in head.conjuncts)]:
            owners = (
                _preps(node, sorted(vocabulary.representative_prepositions))
                if node.lemma_.lower() in vocabulary.representative_nouns
                else []
            )
            # "the leaders of Egypt, Turkey and Qatar": the people stand for the states they lead
            found += [(o, f"{how}+representing") for w in owners for o in (w, *w.conjuncts)]
            if not owners:
                found.append((node, how))
        host = _described(head, vocabulary)
        if host is not None:
            # "the coalition, a group convened by A and B": the description stands for its host
            found.append((host, f"{via}+apposition"))
        for node in [head, *head.conjuncts]:
            for child in node.children:
                if child.dep_ == "appos":
                    found.append((child, f"{via}+apposition"))
                    found += [(c, f"{via}+apposition") for c in child.conjuncts]
                elif child.dep_ == "prep" and child.lower_ in vocabulary.example_prepositions:
                    # "29 leaders, including A and B"
                    for p in _pobjs(child):
                        found += [(p, f"{via}+example")]
                        found += [(c, f"{via}+example") for c in p.conjuncts]
                elif child.dep_ in {"nmod", "compound"} and any(
                    c.dep_ == "cc" for c in child.children
                ):
                    # the parser sometimes hangs "A and" of "A and B" on B as a modifier
                    found.append((child, f"{via}+conjunct"))
        return found

    def build(
        self, head: Token, kind: str, passive: bool, light: Token | None, distributive: bool
    ) -> Predicate:
        return Predicate(
            head=head.i,
            lemma=head.lemma_.lower(),
            kind=kind,
            passive=passive,
            arguments=tuple(self.found.values()),
            light=light.i if light is not None else None,
            distributive=distributive,
        )


def co_prefix(verb: Token) -> Token | None:
    """The "co" of a verb split as "co - chaired" / "co - host" by the tokenizer, if any."""
    doc = verb.doc
    i = verb.i
    if (
        i >= 2
        and doc[i - 1].text == "-"
        and doc[i - 2].lower_ == "co"
        and not doc[i - 1].whitespace_
    ):
        return doc[i - 2]
    return None


def _clause_subjects(verb: Token, depth: int = 0) -> tuple[list[Token], str]:
    """Who does what `verb` says: its subject, "by" agent, controller or shared subject."""
    passive = is_passive(verb)
    if passive:
        agents = [p for a in verb.children if a.dep_ == "agent" for p in _pobjs(a)]
        if agents:
            return agents, "by-agent"
    else:
        subjects = [c for c in verb.children if c.dep_ in _SUBJ]
        if subjects:
            return subjects, "subject"
    if depth > 3:
        return [], ""
    prefix = co_prefix(verb)
    if prefix is not None and prefix != verb:
        # "will co-host": the tokenizer splits "co - host" and the parser may hang the verb on
        # the prefix; the clause's subject is the prefix's
        found, via = _clause_subjects(prefix, depth + 1)
        if found:
            return found, via
    if verb.head == verb:
        return [], ""
    head = verb.head
    if verb.dep_ == "xcomp" and not passive:
        # "pressed Putin to meet Trump" (object control), "agreed to meet" (subject control)
        objects = [c for c in head.children if c.dep_ == "dobj"]
        if objects:
            return objects[:1], "control"
        found, _ = _clause_subjects(head, depth + 1)
        return found, "control"
    if verb.dep_ == "conj" and head.pos_ in {"VERB", "AUX"}:
        # "met Putin and agreed a truce": the second verb shares the first one's subject
        found, _ = _clause_subjects(head, depth + 1)
        return found, "shared-subject"
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and head.pos_ in {"VERB", "AUX"}:
        found, _ = _clause_subjects(head, depth + 1)
        return found, "shared-subject"
    if verb.dep_ in {"acl", "relcl"} and verb.tag_ == "VBG" and head.pos_ in _NOUN_POS:
        return [head], "participle"  # "leaders attending the summit"
    return [], ""


def _verb_frame(verb: Token, vocabulary: PredicateWords) -> _Builder:
    builder = _Builder(vocabulary)
    table = _prep_table(verb)
    passive = is_passive(verb)
    agents, via = _clause_subjects(verb)
    builder.add(Role.AGENT, agents, via)
    if passive:
        builder.add(Role.PATIENT, [c for c in verb.children if c.dep_ in _PASS_SUBJ], "subject")
        if verb.dep_ in {"acl", "amod"} and verb.tag_ == "VBN":
            # "the truce brokered by A", "a US-brokered deal"
            builder.add(Role.PATIENT, [verb.head], "reduced-relative")
    elif verb.dep_ in {"acl", "amod"} and verb.tag_ == "VBN":
        builder.add(Role.PATIENT, [verb.head], "reduced-relative")
    if verb.dep_ in {"acl", "amod"} and verb.tag_ == "VBN":
        # "a Qatar-brokered truce", "the US-mediated talks"
        builder.add(
            Role.AGENT,
            [c for c in verb.children if c.dep_ in {"npadvmod", "compound"} and c.i < verb.i],
            "compound",
        )
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if verb.dep_ == "relcl" and any(o.lower_ in vocabulary.relative_pronouns for o in objects):
        objects = [o for o in objects if o.lower_ not in vocabulary.relative_pronouns]
        builder.add(Role.PATIENT, [verb.head], "relative")
    builder.add(Role.PATIENT, objects, "object")
    builder.add(
        Role.RECIPIENT,
        [c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"],
        "dative",
    )
    builder.add(Role.RECIPIENT, _preps(verb, vocabulary.recipient_prepositions, table), "to")
    builder.add(Role.COMITATIVE, _preps(verb, vocabulary.comitative_prepositions, table), "with")
    builder.add(Role.BETWEEN, _preps(verb, ("between",), table), "between")
    builder.add(Role.TARGET, _preps(verb, vocabulary.target_prepositions, table), "against")
    builder.add(Role.BENEFICIARY, _preps(verb, vocabulary.beneficiary_prepositions, table), "for")
    return builder


def light_verb(noun: Token, vocabulary: PredicateWords) -> Token | None:
    """The verb that lends its subject to an event noun ("held talks", "a call was made")."""
    node = noun
    while node.dep_ == "conj" and node.head != node:
        node = node.head
    head = node.head
    lemma = head.lemma_.lower()
    if head.pos_ not in {"VERB", "AUX"} or lemma not in vocabulary.event_light_verbs:
        return None
    if lemma in vocabulary.mediation_verbs:
        return None  # "Qatar brokered a truce": the broker is not a party to it
    return head if node.dep_ in {"dobj", "nsubjpass"} else None


def _distributive(noun: Token, vocabulary: PredicateWords) -> bool:
    words = vocabulary.distributive_words
    if any(c.lower_ in words for c in noun.children):
        return True  # "separate calls with A and B"
    verb = noun.head if noun.dep_ in {"dobj", "nsubjpass", "nsubj"} else noun
    return any(c.lower_ in words for c in verb.children)


def _noun_frame(noun: Token, vocabulary: PredicateWords) -> tuple[_Builder, Token | None]:
    builder = _Builder(vocabulary)
    table = _prep_table(noun)
    owners = [c for c in noun.children if c.dep_ == "poss"]
    builder.add(Role.AGENT, owners, "possessive")
    # "the Trump-Putin summit", "US-Iran talks": names before the noun are its parties
    modifiers = [
        c
        for c in noun.children
        if c.dep_ in _NOMINAL_AGENT_DEPS - {"poss"}
        and c.i < noun.i
        and (c.pos_ == "PROPN" or (c.pos_ == "ADJ" and c.text[:1].isupper()))
    ]
    inner = [m for c in modifiers for m in c.children if m.dep_ == "compound" and m.pos_ == "PROPN"]
    builder.add(Role.AGENT, modifiers + inner, "compound", together=True)
    builder.add(Role.AGENT, _preps(noun, ("by",), table), "by-agent")
    builder.add(Role.COMITATIVE, _preps(noun, vocabulary.comitative_prepositions, table), "with")
    builder.add(Role.BETWEEN, _preps(noun, ("between",), table), "between")
    builder.add(Role.TARGET, _preps(noun, vocabulary.target_prepositions, table), "against")
    builder.add(Role.RECIPIENT, _preps(noun, vocabulary.recipient_prepositions, table), "to")
    builder.add(Role.BENEFICIARY, _preps(noun, vocabulary.beneficiary_prepositions, table), "for")
    if noun.dep_ == "appos":
        builder.add(Role.AGENT, [noun.head], "apposition")
    for child in noun.children:
        if child.dep_ == "acl" and child.tag_ == "VBN":
            # "a meeting co-chaired by A and B", "talks hosted by X": the one who runs it takes
            # part in it; "talks mediated by X" are recorded as the participle's own frame
            lemma = child.lemma_.lower()
            if lemma in vocabulary.event_light_verbs and lemma not in vocabulary.mediation_verbs:
                builder.add(
                    Role.AGENT,
                    [p for a in child.children if a.dep_ == "agent" for p in _pobjs(a)],
                    "by-agent",
                )
    light = light_verb(noun, vocabulary)
    if light is not None:
        agents, via = _clause_subjects(light)
        builder.add(Role.AGENT, agents, f"light-verb+{via}")
        builder.add(Role.COMITATIVE, _preps(light, vocabulary.comitative_prepositions), "with")
        builder.add(Role.BETWEEN, _preps(light, ("between",)), "between")
    return builder, light


def frame(token: Token, vocabulary: PredicateWords | None = None) -> Predicate | None:
    """The predicate `token` heads with its arguments, or None if it is not a predicate."""
    vocabulary = vocabulary or predicate_words()
    if token.pos_ in {"VERB", "AUX"} and token.dep_ not in {"aux", "auxpass"} and token.is_alpha:
        builder = _verb_frame(token, vocabulary)
        return builder.build(
            token, "verb", is_passive(token), None, _distributive(token, vocabulary)
        )
    if token.pos_ == "NOUN" and token.lemma_.lower() in vocabulary.event_nouns:
        builder, light = _noun_frame(token, vocabulary)
        kind = "light" if light is not None else "noun"
        return builder.build(token, kind, False, light, _distributive(token, vocabulary))
    return None


def predicates(doc: Doc, vocabulary: PredicateWords | None = None) -> tuple[Predicate, ...]:
    """Every predicate of the document (verbs and event nouns), in text order."""
    vocabulary = vocabulary or predicate_words()
    found = (frame(token, vocabulary) for token in doc)
    return tuple(p for p in found if p is not None)
