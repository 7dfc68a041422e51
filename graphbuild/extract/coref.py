"""Who a token names: the one place that resolves pronouns, group nouns, pairs and proxies.

`Coref` is one document's antecedent oracle, built over the parsed `Doc` and the document's
`EntityIndex`. Relation rules ask it which actors a noun phrase names (`resolve`, `args`):
the entity itself, a pronoun's antecedent (he/she/his/her, they/their/them, it/its), "we" in a
speaker's quote, "the two leaders" / "both countries", "the group", a relative pronoun's head,
a demonym's state, or the owner of a proxy noun ("Putin's forces"). Answers are `Arg`s: the
entity, the span that named it here, and a confidence penalty for how far the answer reached.

The other stages ask it too, so that none keeps an antecedent search of its own: the entity
resolver finds the phrases and asks who they are (subject he/she: `person_pronouns`; role
mentions "the prime minister", "his counterpart": `role_holder`, `counterpart`, `peer_offices`;
"the country": `state_anaphors`), each answer becoming a "pronoun", "role" or "anaphor"
mention; modality finds a quoting "he said"'s speaker with `previous_subject`, and posts read the
person at a token, names only or stand-ins too, with `person_at`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from graphbuild.extract.quotes import quotation_bounds
from graphbuild.extract.spans import sentence_index, sentence_starts, text_span
from graphbuild.extract.syntax import (
    AGENT_DEPS,
    children,
    clause_subject_conjunct,
    prep_objects,
)
from graphbuild.extract.vocabulary import EntityWords, load_vocabulary
from graphbuild.records import Document, Entity, EntityKind, Family, Mention, TextSpan

if TYPE_CHECKING:  # the stages that ask the oracle; it needs their types only
    from graphbuild.extract.entities import EntityIndex
    from graphbuild.extract.gazetteer import Gazetteer
    from graphbuild.extract.lexicon import Lexicon, Trigger
    from graphbuild.extract.modality import Context, CueWords

# Confidence a statement loses for each argument reached through a pronoun, a proxy (a demonym,
# a capital, an owner) or a coordination.
PRONOUN_PENALTY = 0.2
PROXY_PENALTY = 0.1
COORDINATION_PENALTY = 0.1

_SUBJ_DEPS = frozenset({"nsubj", "nsubjpass"})
# Dependents through which a noun phrase names several actors ("Starmer and Macron").
_COORD_DEPS = frozenset({"conj"})
_PERSON_KINDS = frozenset({EntityKind.PERSON})
_STATE_KINDS = frozenset({EntityKind.STATE})
_GROUP_KINDS = frozenset({EntityKind.COALITION, EntityKind.ORGANIZATION})
_GROUP_ACTOR_KINDS = frozenset({EntityKind.STATE, EntityKind.COALITION, EntityKind.ORGANIZATION})
# How many sentences back a chain of "the group" may reach for the group it names.
_MAX_GROUP_CHAIN = 4
_GOVERNMENT_FAMILIES = frozenset(
    {Family.COOPERATE, Family.SUPPORT, Family.OPPOSE}
)  # capital = state


def _words() -> EntityWords:
    """The pronouns, determiners and nouns coreference reads (`ontology/gazetteer/words.yaml`)."""
    return load_vocabulary().entities


def relative_antecedent(token: Token, *, possessive: bool = True) -> Token | None:
    """The noun a relative pronoun stands for: the one its relative clause describes ("Putin,
    who invaded Ukraine": who -> Putin; "NATO, of which Poland is a member": which -> NATO;
    "Kyiv, whose allies": whose -> Kyiv). None for any other token, or outside a relative clause.
    `possessive=False` leaves "whose" out. The one place that answers it: the role layer, the
    rules and `resolve` ask here."""
    words = load_vocabulary().predicates
    if token.lower_ not in words.relative_pronouns and not (
        possessive and token.lower_ in words.possessive_relative_pronouns
    ):
        return None
    clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
    return clause.head if clause is not None else None


def _pronoun_gender(pronoun: str) -> str | None:
    """ "m" for a man's pronoun (he), "f" for a woman's (she), from the gender words."""
    if pronoun in _words().male_words:
        return "m"
    return "f" if pronoun in _words().female_words else None


def _coalition_kinds(lemma: str) -> frozenset[EntityKind] | None:
    """The kinds a group noun that only a coalition or bloc answers to reaches back for (they
    reach the last one named even when the sentences between do not repeat the noun): an
    alliance or coalition is a coalition in the gazetteer's sense (NATO, AUKUS); a bloc may be an
    organisation too (the EU, ASEAN)."""
    words = load_vocabulary().entities
    if lemma in words.coalition_nouns:
        return frozenset({EntityKind.COALITION})
    return _GROUP_KINDS if lemma in words.bloc_nouns else None


@dataclass(frozen=True, slots=True)
class Arg:
    """An argument resolved to an entity, with how far the resolution had to reach."""

    entity: Entity
    span: TextSpan
    penalty: float = 0.0
    owned: bool = False  # reached as the owner of a thing ("Trump's plan")


class Coref:
    """One document's antecedent oracle (holds the lookups its answers share).

    The only state that changes is `attacks`, the asserted attacks reported so far, which
    "the strikes" may refer back to: the relation extractor records them with `note_attack`.
    """

    def __init__(
        self,
        doc: Doc,
        document: Document,
        index: EntityIndex,
        lexicon: Lexicon,
        cues: CueWords,
        gazetteer: Gazetteer | None,
    ) -> None:
        self.doc = doc
        self.document = document
        self.index = index
        self.lexicon = lexicon
        self.cues = cues
        self.gazetteer = gazetteer
        # (sentence index, attacker) of every asserted attack so far, for "condemned the strikes"
        self.attacks: list[tuple[int, Entity]] = []

    def note_attack(self, sentence: int, attacker: Entity) -> None:
        """Remember an asserted attack, so that a later "the strikes" can name its attacker."""
        self.attacks.append((sentence, attacker))

    def object_pronoun(self, token: Token, subjects: set[str]) -> Arg | None:
        """ "Trump, who met Putin in 2018, has long admired him": see `object_person`."""
        entity = object_person(self.index, token, subjects)
        return None if entity is None else Arg(entity, text_span(token), PRONOUN_PENALTY)

    def _says(self, verb: Token, speaker: Entity) -> bool:
        """True if the speaker is the subject of `verb`, or `verb` has no subject of its own
        ("..., saying he ...")."""
        subjects = children(verb, _SUBJ_DEPS)
        keys = {e.key for s in subjects if (e := self.index.entity_at(s.i)) is not None}
        return not subjects or speaker.key in keys

    def _gender(self, person: Entity) -> str | None:
        """The gazetteer's gender of a known person ("m" or "f"), else None."""
        known = self.gazetteer.people.get(person.key) if self.gazetteer is not None else None
        return known.gender if known is not None else None

    def _state_of(self, person: Entity) -> Entity | None:
        """The one state a known person holds posts in (gazetteer), if exactly one."""
        if self.gazetteer is None or person.kind is not EntityKind.PERSON:
            return None
        known = self.gazetteer.people.get(person.key)
        places = {place for _, place in known.posts} if known is not None else set()
        if len(places) != 1:
            return None
        place = next(iter(places))
        entry = self.gazetteer.get(place if "/" in place else f"state/{place}")
        if entry is None or entry.kind is not EntityKind.STATE:
            return None
        return self.index.entity_for(entry)

    def _demonym(self, token: Token) -> Arg | None:
        """A state named by a demonym modifier ("Russian invasion", "Ukrainian cities").

        The entity resolver treats demonyms as actors only before actor nouns; as the agent of an
        event noun or the owner of a target they name the state too, so they are added here.
        """
        if self.gazetteer is None or token.pos_ not in {"ADJ", "PROPN", "NOUN"}:
            return None
        entry = self.gazetteer.demonym(token.text)
        if entry is None or entry.kind is not EntityKind.STATE:
            return None
        entity = self.index.entity_for(entry)
        span = text_span(token)
        self.index.add(Mention(self.document.id, span, entry.key, entry.kind, "demonym"), entity)
        return Arg(entity, span, PROXY_PENALTY)

    def government(self, arg: Arg, trigger: Trigger) -> Arg:
        """A capital that is criticised, backed or dealt with is its state's government
        ("sanctions on Moscow", "accused Washington"); one visited or struck stays a place."""
        entity = arg.entity
        if (
            entity.kind is not EntityKind.PLACE
            or self.gazetteer is None
            or trigger.family not in _GOVERNMENT_FAMILIES
            or trigger.relation == "visits"
        ):
            return arg
        state = self.gazetteer.capital(entity.label)
        if state is None:
            return arg
        return Arg(self.index.entity_for(state), arg.span, arg.penalty + PROXY_PENALTY)

    def _direct(self, token: Token, context: Context, *, demonym: bool = False) -> Arg | None:
        """The entity a single token names (itself, the quoted speaker, or a demonym)."""
        mention = self.index.at_token(token.i)
        if mention is not None:
            penalty = PRONOUN_PENALTY if mention.method == "pronoun" else 0.0
            return Arg(self.index.entities[mention.entity_key], mention.span, penalty)
        # "I" inside reported speech is the speaker: "I don't trust Putin, Zelensky said"
        if token.lower_ in _words().first_person_pronouns and context.speaker is not None:
            return Arg(context.speaker, text_span(token), PRONOUN_PENALTY)
        # "Trump, who met Putin, said he was disappointed": the reported clause's he/she is the
        # speaker when the genders agree
        if (
            token.lower_ in _words().person_pronouns
            and token.dep_ in _SUBJ_DEPS
            and token.head.dep_ == "ccomp"
            and context.speaker is not None
            and self._gender(context.speaker) == _pronoun_gender(token.lower_)
            and self._says(token.head.head, context.speaker)
        ):
            return Arg(context.speaker, text_span(token), PRONOUN_PENALTY)
        # "'We will support Ukraine,' Starmer said": a leader's "we" is their state
        if token.lower_ in _words().first_person_plural_pronouns and context.speaker is not None:
            state = self._state_of(context.speaker)
            if state is not None:
                return Arg(state, text_span(token), PRONOUN_PENALTY + PROXY_PENALTY)
            if context.speaker.kind in _GROUP_ACTOR_KINDS:
                # "'We condemn the strikes,' the EU said": a state's or body's "we" is itself
                return Arg(context.speaker, text_span(token), PRONOUN_PENALTY)
        if demonym and token.dep_ in {"amod", "compound", "nmod"}:
            return self._demonym(token)
        if token.dep_ == "poss" and token.lower_ in _words().possessive_pronouns:
            kinds = _PERSON_KINDS if token.lower_ in {"his", "her"} else _GROUP_ACTOR_KINDS
            return self._possessor(token, kinds)
        return None

    def _venue(self, token: Token, arg: Arg) -> bool:
        """True for a place naming where an event noun happens ("the London talks", "the Alaska
        summit"), which is not a party to it."""
        return (
            arg.entity.kind is EntityKind.PLACE
            and token.dep_ in {"compound", "amod", "nmod"}
            and bool(self.lexicon.lookup(token.head.lemma_, "NOUN"))
        )

    def _earlier_attacker(self, token: Token) -> Arg | None:
        """ "Russian attacks killed ten people. Zelensky condemned the strikes": a definite attack
        noun with no owner is the attack just reported, by its one attacker (this sentence or the
        two before)."""
        if not any(t.family is Family.ATTACK for t in self.lexicon.lookup(token.lemma_, "NOUN")):
            return None
        if not any(
            c.dep_ == "det" and c.lower_ in _words().definite_determiners for c in token.children
        ):
            return None
        if any(c.dep_ in {"poss", "amod", "compound", "prep"} for c in token.children):
            return None
        here = sentence_index(token)
        attackers = {e.key: e for i, e in self.attacks if here - 2 <= i <= here}
        if len(attackers) != 1:
            return None
        entity = next(iter(attackers.values()))
        return Arg(entity, text_span(token), PRONOUN_PENALTY + PROXY_PENALTY, owned=True)

    def _the_two(self, token: Token, kinds: frozenset[EntityKind] = _PERSON_KINDS) -> list[Arg]:
        """ "Trump greeted Putin ... when the two leaders held talks": "the two leaders" (or "both
        men") are the last two people named in this sentence, else a pair named together ("Merz
        and Tusk") that stayed the topic, else the last two people named with the sentence
        before. "Both countries" likewise, with a pair of states named together ("India and
        Pakistan agreed ... . Trump, who lauded both countries") before the last two named."""
        both = any(c.dep_ in {"det", "predet"} and c.lower_ == "both" for c in token.children)
        # "each side blamed the other": each of the last pair, only with "the other" after it
        # ("each country must pay" means every member of a larger group)
        both = both or (
            any(c.lower_ in _words().distributive_determiners for c in token.children)
            and any(reciprocal_object(t, [token]) for t in token.head.subtree)
        )
        if not both and not (
            any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
            and any(c.dep_ == "nummod" and c.lower_ in {"two", "2"} for c in token.children)
        ):
            return []
        sent = token.sent
        # "A's leader and B were in contact with both countries": not the clause's own subject
        pair = self._last_two_people(
            max(sent.start_char, self._after_subject(token)), token.idx, kinds
        )
        if not pair and kinds == _STATE_KINDS:
            pair = self._coordinated_pair(token, kinds)
        if not pair:
            pair = (self._topical_pair(token) if kinds == _PERSON_KINDS else []) or (
                self._last_two_people(
                    self.doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char,
                    token.idx,
                    kinds,
                )
            )
        return [
            Arg(self.index.entities[key], text_span(token), PRONOUN_PENALTY / 2) for key in pair
        ]

    def _after_subject(self, token: Token) -> int:
        """Where the subject phrase of the clause `token` is an object in ends (a character
        offset; 0 when `token` is in no such clause's object)."""
        if token.dep_ in _SUBJ_DEPS:
            return 0
        verb = token.head
        while verb.pos_ not in {"VERB", "AUX"} and verb.head is not verb:
            verb = verb.head
        subjects = [s for s in children(verb, _SUBJ_DEPS) if s.i < token.i]
        if not subjects or any(token in s.subtree for s in subjects):
            return 0
        last = max(s.right_edge for s in subjects)
        return last.idx + len(last.text)

    def _the_few(self, token: Token) -> list[Arg]:
        """ "Al-Sharaa thanked the three leaders": "the three (four, five) leaders" are the last
        three (...) distinct people named before, up to four sentences back, leaving out the
        subject of their own clause (one does not thank oneself); nobody when fewer are named."""
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            return []
        counts = _words().group_counts
        wanted = next(
            (counts[c.lower_] for c in token.children if c.dep_ == "nummod" and c.lower_ in counts),
            None,
        )
        if wanted is None:
            return []
        own: set[str] = set()
        if token.dep_ not in _SUBJ_DEPS:
            verb = token.head
            while verb.pos_ not in {"VERB", "AUX"} and verb.head is not verb:
                verb = verb.head
            own = {
                m.entity_key
                for s in children(verb, _SUBJ_DEPS)
                if (m := self.index.at_token(s.i)) is not None
            }
        first = token.sent.start
        for _ in range(_MAX_GROUP_CHAIN):
            if first == 0:
                break
            first = self.doc[first - 1].sent.start
        start = self.doc[first].idx
        people: list[str] = []
        for mention in sorted(self.index.mentions, key=lambda m: -m.span.start):
            if mention.kind is not EntityKind.PERSON or not start <= mention.span.start < token.idx:
                continue
            if mention.entity_key not in people and mention.entity_key not in own:
                people.append(mention.entity_key)
            if len(people) == wanted:
                return [
                    Arg(self.index.entities[key], text_span(token), PRONOUN_PENALTY / 2)
                    for key in reversed(people)
                ]
        return []

    def _coordinated_pair(
        self, token: Token, kinds: frozenset[EntityKind], sentences: int = 2
    ) -> list[str]:
        """Keys of the latest pair of entities of `kinds` coordinated on their own ("A and B",
        not a list of three) before `token`, in its sentence or the few before."""
        first = token.sent.start
        for _ in range(sentences):
            if first == 0:
                break
            first = self.doc[first - 1].sent.start
        for t in reversed(self.doc[first : token.i]):
            if t.dep_ != "conj" or t.head.dep_ == "conj":
                continue
            if len(children(t.head, _COORD_DEPS)) != 1 or children(t, _COORD_DEPS):
                continue
            a, b = self.index.at_token(t.head.i), self.index.at_token(t.i)
            if a is None or b is None or a.kind not in kinds or b.kind not in kinds:
                continue
            if a.entity_key != b.entity_key:
                return [a.entity_key, b.entity_key]
        return []

    def _last_two_people(
        self, start: int, end: int, kinds: frozenset[EntityKind] = _PERSON_KINDS
    ) -> list[str]:
        """Keys of the last two distinct people (or entities of `kinds`) mentioned between
        character offsets, in text order."""
        people: list[str] = []
        for mention in sorted(self.index.mentions, key=lambda m: -m.span.start):
            if mention.kind not in kinds or not start <= mention.span.start < end:
                continue
            if mention.entity_key not in people:
                people.append(mention.entity_key)
            if len(people) == 2:
                return list(reversed(people))
        return []

    def _topical_pair(self, token: Token, sentences: int = 3) -> list[str]:
        """The latest two people coordinated ("X and Y") in the last few sentences, when one of
        them is the subject of a later sentence, so the pair is still what the text is about."""
        sent = token.sent
        first = sent.start
        for _ in range(sentences):
            if first == 0:
                break
            first = self.doc[first - 1].sent.start
        for t in reversed(self.doc[first : sent.start]):
            head = t.head
            if t.dep_ != "conj" or (a := self.index.at_token(head.i)) is None:
                continue
            b = self.index.at_token(t.i)
            if b is None or EntityKind.PERSON is not a.kind or a.kind is not b.kind:
                continue
            if a.entity_key == b.entity_key:
                continue
            pair = [a.entity_key, b.entity_key]
            later = self.doc[t.sent.end : sent.start]
            if any(
                u.dep_ in _SUBJ_DEPS
                and (m := self.index.at_token(u.i)) is not None
                and m.entity_key in pair
                for u in later
            ):
                return pair
            return []
        return []

    def _plural_antecedent(
        self, token: Token, context: Context, *, forward: bool = False
    ) -> list[Arg]:
        """ "Starmer and Swinney ... when they call for X": the nearest coordinated group of
        actors before the pronoun in its sentence, else in the sentence before; `forward`: the
        first one after the pronoun's phrase in its sentence ("their efforts angered A and B")."""
        sent = token.sent
        spans = [range(token.i - 1, sent.start - 1, -1)]
        if forward:
            spans = [range(token.head.right_edge.i + 1, sent.end)]
        elif sent.start > 0:
            previous = self.doc[sent.start - 1].sent
            earlier = self._chained_subject(token, previous)
            if earlier is not None:
                # "In Kyiv, they were welcomed by A and B. Later, they took part in ...": a
                # subject "they" goes on with the sentence before's subject "they", not A and B
                group = self._plural_antecedent(earlier, context)
                if group:
                    return [replace(a, span=text_span(token)) for a in group]
            spans.append(range(previous.end - 1, previous.start - 1, -1))
        for span in spans:
            for i in span:
                candidate = self.doc[i]
                if self.index.at_token(i) is None:
                    continue
                root = candidate
                while root.dep_ == "compound" and self.index.at_token(root.head.i) is not None:
                    root = root.head
                while root.dep_ == "conj" or (
                    root.dep_ in {"nmod", "compound"} and any(c.dep_ == "cc" for c in root.children)
                ):
                    root = root.head
                group = self.resolve(root, context, target=False)
                if len(group) >= 2:
                    return [
                        replace(a, span=text_span(token), penalty=a.penalty + PRONOUN_PENALTY)
                        for a in group
                    ]
        return []

    def _chained_subject(self, token: Token, previous: Span) -> Token | None:
        """The main-clause subject "they" of the sentence before, when `token` is a main-clause
        subject "they" with nothing to resolve to before it in its own sentence."""
        plural = _words().plural_pronouns
        if token.dep_ not in _SUBJ_DEPS or token.head.dep_ != "ROOT":
            return None
        if any(self.index.at_token(i) is not None for i in range(token.sent.start, token.i)):
            return None
        return next(
            (
                t
                for t in previous
                if t.lower_ in plural
                and t.dep_ in _SUBJ_DEPS
                and t.head.dep_ == "ROOT"
                and self.index.at_token(t.i) is None
            ),
            None,
        )

    def _it_antecedent(self, token: Token, depth: int = 0) -> Arg | None:
        """ "South Sudan became independent in 2011. It is a member of the African Union": "it"
        is the one state or organisation that is a subject before it in its sentence, else in
        the sentence before (Wikipedia's way of going on about the article's subject)."""
        sent = token.sent
        spans = [range(sent.start, token.i)]
        if sent.start > 0:
            previous = self.doc[sent.start - 1].sent
            spans.append(range(previous.start, previous.end))
        for span in spans:
            # subjects of main clauses only: "It was founded by X, who ..." is about "it"
            subjects = [
                self.doc[i]
                for i in span
                if self.doc[i].dep_ in _SUBJ_DEPS
                and self.doc[i].head.dep_ in {"ROOT", "conj"}
                and i != token.i
            ]
            found: dict[str, Arg] = {}
            for subject in subjects:
                mention = self.index.at_token(subject.i)
                if mention is not None and mention.kind in _GROUP_ACTOR_KINDS:
                    entity = self.index.entities[mention.entity_key]
                    found.setdefault(entity.key, Arg(entity, text_span(token), PRONOUN_PENALTY))
                elif mention is None and subject.lower_ == "it" and depth < 2:
                    earlier = self._it_antecedent(subject, depth + 1)
                    if earlier is not None:
                        found.setdefault(
                            earlier.entity.key, replace(earlier, span=text_span(token))
                        )
            if len(found) == 1:
                return next(iter(found.values()))
            if found:
                return None
        return None

    def _definite_group(self, token: Token) -> Arg | None:
        """ "The group, set up by Starmer and Macron": a bare definite group noun stands for the
        one coalition or organisation named in the sentence before, or further back through
        sentences that say "the group" too (never when the noun has its own owner or name: "the
        Wagner group"; within its own sentence a writer would say "it")."""
        determiners = [c.lower_ for c in token.children if c.dep_ == "det"]
        if determiners not in (["the"], ["this"]):
            return None
        if token.tag_ != "NN" and not (token.tag_ == "NNP" and token.text.islower()):
            return None  # a name ("the Group of Seven"); the small model tags "bloc" NNP
        if any(c.dep_ in {"poss", "compound", "nmod"} for c in token.children):
            return None
        if any(self.index.at_token(c.i) is not None for c in children(token, {"appos"})):
            return None  # "the group, Palestine Action": the apposition names it
        if prep_objects(token, ("of",)):
            return None
        sent = token.sent
        kinds = _coalition_kinds(token.lemma_.lower())
        coalition = kinds is not None
        kinds = kinds or _GROUP_KINDS
        if coalition and self._actor_keys(kinds, sent.start_char, token.idx):
            # "NATO leaders met in The Hague, where the alliance agreed ...": a coalition noun
            # may follow its coalition's name within a sentence
            return self._sole_actor(token, kinds, sent.start_char, token.idx)
        for _ in range(_MAX_GROUP_CHAIN):
            if sent.start == 0:
                return None
            sent = self.doc[sent.start - 1].sent
            if self._actor_keys(kinds, sent.start_char, sent.end_char):
                return self._sole_actor(token, kinds, sent.start_char, sent.end_char)
            # "... Palestine Action. The group is not banned in Ireland. ... support for the
            # group": a sentence that names it the same way continues the chain; "the coalition",
            # "the bloc" and "the alliance" go back to the last group named in any case
            if not coalition and not any(
                t.lemma_ == token.lemma_
                and any(
                    c.dep_ == "det" and c.lower_ in _words().definite_determiners
                    for c in t.children
                )
                for t in sent
            ):
                return None
        return None

    def _possessor(self, token: Token, kinds: frozenset[EntityKind]) -> Arg | None:
        """ "his meeting with Trump", "its strikes on Gaza": see `possessor`."""
        entity = possessor(self.index, token, kinds)
        return None if entity is None else Arg(entity, text_span(token), PRONOUN_PENALTY)

    def _conjoined_object(self, token: Token) -> Arg | None:
        """ "attacked Spain over the decision and threatened it": "it" is the object of the verb
        its own verb is coordinated with, when that object names one state, coalition or
        organisation."""
        verb = token.head
        if verb.dep_ != "conj" or verb.head.pos_ not in {"VERB", "AUX"}:
            return None
        found = [
            mention
            for child in verb.head.children
            if child.dep_ == "dobj" and (mention := self.index.at_token(child.i)) is not None
        ]
        if len(found) != 1 or found[0].kind is EntityKind.PERSON:
            return None
        entity = self.index.entities[found[0].entity_key]
        return Arg(entity, text_span(token), PRONOUN_PENALTY)

    def _actor_keys(self, kinds: frozenset[EntityKind], start: int, end: int) -> set[str]:
        """Keys of the entities of these kinds mentioned between two character offsets."""
        return {
            m.entity_key
            for m in self.index.mentions
            if m.kind in kinds and start <= m.span.start < end
        }

    def _sole_actor(
        self, token: Token, kinds: frozenset[EntityKind], start: int, end: int
    ) -> Arg | None:
        """The one entity of these kinds mentioned in [start, end), standing in at `token`."""
        keys = self._actor_keys(kinds, start, end)
        if len(keys) != 1:
            return None
        return Arg(self.index.entities[next(iter(keys))], text_span(token), PRONOUN_PENALTY)

    def resolve(
        self,
        token: Token,
        context: Context,
        *,
        target: bool,
        coordinated: bool = True,
        locative: bool = False,
        attitude: bool = False,
        hostile: bool = False,
        depth: int = 0,
    ) -> list[Arg]:
        """Every actor a noun phrase headed by `token` names, coordination included."""
        found: list[Arg] = []
        described = (
            relative_antecedent(token, possessive=False)
            if token.head.dep_ == "relcl" and depth == 0
            else None
        )
        if described is not None:
            # "Macron, who is a fierce critic of Putin": the pronoun stands for the head noun
            return self.resolve(
                described,
                context,
                target=target,
                coordinated=coordinated,
                locative=locative,
                attitude=attitude,
                hostile=hostile,
                depth=depth + 1,
            )
        if token.lower_ in _words().plural_pronouns and self.index.at_token(token.i) is None:
            return self._plural_antecedent(token, context)
        if token.lower_ == "it" and token.dep_ == "dobj" and self.index.at_token(token.i) is None:
            antecedent = self._conjoined_object(token)
            return [antecedent] if antecedent is not None else []
        if (
            token.lemma_.lower() in _words().state_pair_nouns
            and self.index.at_token(token.i) is None
        ):
            pair = self._the_two(token, _STATE_KINDS)
            if pair:
                return pair
        if token.lemma_.lower() in _words().pair_nouns and self.index.at_token(token.i) is None:
            pair = self._the_two(token) or self._the_few(token)
            if pair:
                return pair
        if _dateline_place(token):
            # "THE HAGUE, Netherlands >> NATO chief Mark Rutte praised ...": where the report was
            # filed, hung by the parser on the subject it names in apposition
            named = [c for c in children(token, {"appos"}) if not _dateline_tail(token, c)]
            found = [a for a in (self._direct(c, context) for c in named) if a is not None]
            return found[:1]
        arg = self._direct(token, context, demonym=True)
        if arg is not None and self._venue(token, arg):
            return []
        if arg is None and token.lemma_.lower() in self.cues.group_nouns:
            arg = self._definite_group(token)
        if arg is None:
            # "the French president, Emmanuel Macron"
            for child in children(token, {"appos"}):
                arg = self._direct(child, context)
                if arg is not None:
                    break
        if arg is None:
            # "Putin's armed forces", "Ukraine's cities", "Ukrainian territory": the noun stands
            # for the state or person that owns it
            cues = self.cues
            proxies = cues.target_nouns | cues.actor_nouns if target else cues.actor_nouns
            if target and hostile:
                proxies = proxies | cues.hostile_target_nouns
            if token.lemma_.lower() in proxies or token.lower_ in proxies:
                owners = children(token, {"poss", "amod", "compound", "nmod"})
                if target:
                    # "parts of eastern Ukraine", "the cities of Ukraine"
                    # "a hospital in Kyiv" (a place is a target only of an attack),
                    # "talks between Russia and Ukraine"
                    preps = ("of", "between", "with") + (("in", "across") if locative else ())
                    owners += prep_objects(token, preps)
                for child in owners:
                    owner = self._direct(child, context, demonym=True)
                    if owner is not None and self._venue(child, owner):
                        continue
                    if owner is None and depth < 2 and child.lemma_.lower() in proxies:
                        # "an oil refinery in Russia's Volgograd region"
                        inner = self.resolve(
                            child,
                            context,
                            target=target,
                            locative=locative,
                            hostile=hostile,
                            depth=depth + 1,
                        )
                        owner = inner[0] if inner else None
                    if owner is not None:
                        owned = replace(owner, penalty=max(owner.penalty, PROXY_PENALTY))
                        if arg is None:
                            arg = owned
                        else:
                            found.append(owned)
                        # "between Russia and Ukraine": every conjunct is a participant
                        found.extend(
                            replace(a, penalty=max(a.penalty, PROXY_PENALTY))
                            for a in self.resolve(child, context, target=False)[1:]
                        )
                        if not target:
                            break
                        # a target is the state and the places named: "the Ukrainian cities of
                        # Kharkiv and Zaporizhzhia"
        if (
            arg is None
            and attitude
            and token.pos_ == "NOUN"
            and token.lemma_.lower() not in self.cues.relational_nouns
        ):
            # "dismissed Starmer's peace plan", "praised Trump's efforts", "condemned the Israeli
            # attacks": an attitude to a thing someone owns or did is an attitude to them
            event = bool(self.lexicon.lookup(token.lemma_, "NOUN"))
            # "opposed a Commission proposal", "rejected the American plan", "praised the plan
            # put forward by Trump": a measure is its author's, named before it or after "by"
            measure = token.lemma_.lower() in load_vocabulary().roles.measure_nouns
            owner_deps = {"poss", "amod", "compound"} if event or measure else {"poss"}
            authors = [
                agent
                for child in children(token, {"acl"})
                if child.tag_ == "VBN"
                and child.lemma_.lower() in load_vocabulary().roles.proposing_verbs
                for by in children(child, AGENT_DEPS)
                for agent in children(by, {"pobj"})
            ]
            for child in children(token, owner_deps) + (authors if measure else []):
                owner = self._direct(child, context, demonym=event or measure)
                if owner is not None and self._venue(child, owner):
                    owner = None
                if (
                    owner is not None
                    and not event
                    and child.dep_ != "poss"
                    and owner.entity.kind is EntityKind.PLACE
                ):
                    owner = None  # "the Gaza plan" is about Gaza, not by it
                if owner is None and child.lower_ in _words().plural_pronouns:
                    # "Putin's dismissal of their efforts angered Starmer and Macron"
                    group = self._plural_antecedent(child, context) or self._plural_antecedent(
                        child, context, forward=True
                    )
                    found.extend(
                        replace(a, penalty=max(a.penalty, PROXY_PENALTY), owned=True)
                        for a in group[1:]
                    )
                    owner = group[0] if group else None
                if owner is not None:
                    arg = replace(owner, penalty=max(owner.penalty, PROXY_PENALTY), owned=True)
                    break
            if arg is None and event:
                arg = self._earlier_attacker(token)
        if arg is not None:
            found.insert(0, arg)
        elif token.pos_ == "NOUN":
            # "states, including Britain and France," / "countries such as Poland"
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in {"including", "as", "like"}:
                    for pobj in children(child, {"pobj"}):
                        found.extend(
                            self.resolve(
                                pobj, context, target=target, locative=locative, hostile=hostile
                            )
                        )
        for child in token.children if coordinated else ():
            # "Starmer and Macron"; the parser sometimes hangs the first conjunct as nmod + cc
            broken = child.dep_ in {"nmod", "compound"} and any(
                c.dep_ == "cc" for c in child.children
            )
            if (child.dep_ in _COORD_DEPS or broken) and not clause_subject_conjunct(child):
                for sub in self.resolve(
                    child, context, target=target, locative=locative, hostile=hostile
                ):
                    found.append(replace(sub, penalty=sub.penalty + COORDINATION_PENALTY / 2))
        return found

    def args(
        self,
        tokens: list[Token],
        context: Context,
        *,
        target: bool,
        coordinated: bool = True,
        locative: bool = False,
        attitude: bool = False,
        hostile: bool = False,
        it_subject: bool = False,
    ) -> list[Arg]:
        """The actors a rule's argument tokens name, each entity once at its smallest penalty
        (`it_subject`: a bare "it" may go back to the state or group the text is about)."""
        seen: dict[str, Arg] = {}
        for token in tokens:
            found = self.resolve(
                token,
                context,
                target=target,
                coordinated=coordinated,
                locative=locative,
                attitude=attitude,
                hostile=hostile,
            )
            if not found and it_subject and token.lower_ == "it":
                antecedent = self._it_antecedent(token)
                found = [antecedent] if antecedent is not None else []
            for arg in found:
                if arg.entity.key not in seen or seen[arg.entity.key].penalty > arg.penalty:
                    seen[arg.entity.key] = arg
        return list(seen.values())


def person_at(
    index: EntityIndex, i: int, *, stand_in: bool = False
) -> tuple[Mention, Entity] | None:
    """The person mentioned at token `i`: a name, or (`stand_in`) also a pronoun or role mention
    resolved to one ("he", "the prime minister")."""
    if not 0 <= i < len(index.doc):
        return None
    mention = index.at_token(i)
    if mention is None or mention.kind is not EntityKind.PERSON:
        return None
    if mention.method in {"pronoun", "role"} and not stand_in:
        return None
    return mention, index.entity(mention.entity_key)


def object_person(index: EntityIndex, token: Token, subjects: AbstractSet[str]) -> Entity | None:
    """The person an object pronoun stands for ("Trump, who met Putin in 2018, has long
    admired him"): the one person named before in the sentence (else the sentence before) who
    is not one of the clause's `subjects` (keys)."""
    sent = token.sent
    spans = [(sent.start_char, token.idx)]
    if sent.start > 0:
        previous = token.doc[sent.start - 1].sent
        spans.append((previous.start_char, previous.end_char))
    for start, end in spans:
        people = {
            m.entity_key
            for m in index.mentions
            if m.kind is EntityKind.PERSON and start <= m.span.start < end
        } - set(subjects)
        if len(people) == 1:
            return index.entities[next(iter(people))]
        if people:
            return None
    return None


def possessor(
    index: EntityIndex,
    token: Token,
    kinds: frozenset[EntityKind] = _PERSON_KINDS,
    gazetteer: Gazetteer | None = None,
) -> Entity | None:
    """The owner a possessive pronoun stands for ("his meeting with Trump", "her term as
    mayor"): the one actor of the right kind named earlier in the sentence, or else in the
    sentence before (the entity resolver's rule for subject pronouns). With a `gazetteer`,
    people it knows to be of the other gender than "his"/"her" are no candidates."""
    sent = token.sent
    words = _words()
    said = (
        ("m" if token.lower_ in words.male_possessives else None)
        or ("f" if token.lower_ in words.female_possessives else None)
        if gazetteer is not None
        else None
    )

    def fits(key: str) -> bool:
        known = gazetteer.people.get(key) if gazetteer is not None and said else None
        return known is None or known.gender not in {"m", "f"} or known.gender == said

    def sole(start: int, end: int) -> Entity | None:
        keys = {
            m.entity_key
            for m in index.mentions
            if m.kind in kinds and start <= m.span.start < end and fits(m.entity_key)
        }
        return index.entities[next(iter(keys))] if len(keys) == 1 else None

    if sent.start == 0 or any(
        m.kind in kinds and sent.start_char <= m.span.start < token.idx for m in index.mentions
    ):
        return sole(sent.start_char, token.idx)
    previous = token.doc[sent.start - 1].sent
    return sole(previous.start_char, previous.end_char)


def previous_subject(token: Token, index: EntityIndex) -> Entity | None:
    """ "Macron warned that ... 'I don't trust Putin,' he told reporters": a quoting pronoun
    continues the person who was the subject of the sentence before."""
    previous = token.doc[token.sent.start - 1].sent
    for subject in (t for t in previous if t.dep_ in _SUBJ_DEPS and t.head.dep_ == "ROOT"):
        entity = index.entity_at(subject.i)
        if entity is not None and entity.kind is EntityKind.PERSON:
            return entity
    return None


# ---- he/she: person pronouns, resolved while the entities are found ---------------------------

# Sentences before a he/she that may name the person it stands for.
_PRONOUN_WINDOW = 3


@dataclass(frozen=True, slots=True)
class KeySpan:
    """A mention as the oracle reads it while entities are found: tokens [start, end) and the
    key of the person (or state) it names."""

    start: int
    end: int
    key: str


def word_gender(word: str, gazetteer: Gazetteer) -> str | None:
    """The gender a word tells ("he", "Mr", "Dame"): "m", "f", or None."""
    words = load_vocabulary().entities
    male, female = words.male_words, words.female_words
    if word in male or word.lower() in male:
        return "m"
    if word in female or word.lower() in female:
        return "f"
    return None


def person_pronouns(
    doc: Doc,
    people: Sequence[KeySpan],
    genders: dict[str, str],
    claimed: AbstractSet[int],
    gazetteer: Gazetteer,
) -> list[tuple[int, str]]:
    """(token, person key) for every subject he/she with one antecedent, in text order.

    `people` are the person mentions found so far, `genders` what the gazetteer and titles tell
    of them (completed here by the pronouns resolved), `claimed` the tokens any mention covers.
    Each resolved pronoun then counts as a mention of its person for the next one.
    """
    return _PersonPronouns(doc, people, genders, claimed, gazetteer).run()


class _PersonPronouns:
    """One document's he/she resolution; see `person_pronouns`."""

    def __init__(
        self,
        doc: Doc,
        people: Sequence[KeySpan],
        genders: dict[str, str],
        claimed: AbstractSet[int],
        gazetteer: Gazetteer,
    ) -> None:
        self.doc = doc
        self.gaz = gazetteer
        self.pronouns = load_vocabulary().entities.person_pronouns
        self.role_nouns = load_vocabulary().entities.role_nouns
        self.lowers = [t.lower_ for t in doc]
        self.sent_of = _sentence_numbers(doc)
        self.sents = list(doc.sents)
        self.gender = genders
        self.claimed = set(claimed)
        self.covering: dict[int, list[KeySpan]] = defaultdict(list)
        self.by_sent: dict[int, list[KeySpan]] = defaultdict(list)
        for person in people:
            self.by_sent[self.sent_of[person.start]].append(person)
            for i in range(person.start, person.end):
                self.covering[i].append(person)
        self.quote_at: dict[int, tuple[int, int]] = {}
        for start, end in quotation_bounds(doc):
            self.quote_at.update(dict.fromkeys(range(start + 1, end - 1), (start, end)))
        self.unresolved: list[tuple[int, str | None]] = []  # (token, gender)

    def run(self) -> list[tuple[int, str]]:
        resolved: list[tuple[int, str]] = []
        for i, lower in enumerate(self.lowers):
            if lower not in self.pronouns or self.doc[i].dep_ not in {"nsubj", "nsubjpass"}:
                continue
            wanted = word_gender(self.doc[i].text, self.gaz)
            key = self._antecedent(i, wanted)
            if key is None:
                self.unresolved.append((i, wanted))
                continue
            if wanted is not None:
                self.gender.setdefault(key, wanted)
            resolved.append((i, key))
            found = KeySpan(i, i + 1, key)
            if i not in self.claimed:  # a token another mention holds stays that mention's
                self.claimed.add(i)
                self.covering[i].append(found)
            self.by_sent[self.sent_of[i]].append(found)
        return resolved

    def _antecedent(self, i: int, wanted: str | None) -> str | None:
        """The person a he/she at token `i` stands for: the one compatible person (gender not
        contradicted, not the speaker of a quote the pronoun is in) named in the nearest sentence
        that names any, looking back from the pronoun over at most `_PRONOUN_WINDOW` sentences.
        Beyond the sentence before, no other compatible person may be named in the window either.
        An unresolved compatible pronoun on the way means someone else may be meant: no answer."""
        n = self.sent_of[i]
        quote = self.quote_at.get(i)
        speakers: set[str] = set()
        if quote is not None:
            about = self._said_of(quote)
            if about is not None and self.gender.get(about, wanted) == wanted:
                return about  # "'He killed our people,' Zelensky said of Putin"
            said = self._quote_speakers(quote)
            if said is None:
                return None  # "'He will not stop,' he said": whose words these are is unknown
            speakers = said

        def keys(m: int) -> set[str]:
            return {
                f.key
                for f in self.by_sent[m]
                if (m < n or f.end <= i)
                and f.key not in speakers
                and self.gender.get(f.key, wanted) == wanted
                # "'Putin lied,' he said": the quoted words are not the narrator's antecedent
                and not (quote is None and m == n and f.start in self.quote_at)
            }

        first = max(0, n - _PRONOUN_WINDOW)
        for m in range(n, first - 1, -1):
            found = keys(m)
            if len(found) > 1:
                return self._topic(found, m, n, keys)
            if not found:
                if any(self.sent_of[j] == m and j < i and g == wanted for j, g in self.unresolved):
                    return None
                continue
            key = next(iter(found))
            if m >= n - 1:
                return key
            if (
                key in self._subjects(m)
                and all(keys(k) <= found for k in range(first, m))
                and not any(self._unnamed_subject(k) for k in range(m + 1, n))
            ):
                return key
            return None
        return None

    def _topic(
        self, found: set[str], m: int, n: int, keys: Callable[[int], set[str]]
    ) -> str | None:
        """Of several compatible people in sentence `m`, the one who is the main-clause subject
        of `m` and of an earlier sentence of the window, when no other is the main-clause
        subject of any ("Starmer said ... . Starmer also met Trump. He added ...")."""
        first = max(0, n - _PRONOUN_WINDOW)
        subjects = [self._subjects(k, main=True) & keys(k) for k in range(first, m + 1)]
        topic = subjects[-1]
        if len(topic) != 1 or not topic <= found:
            return None
        others = set().union(*subjects) - topic
        if others or not any(topic <= earlier for earlier in subjects[:-1]):
            return None
        return next(iter(topic))

    def _subjects(self, m: int, *, main: bool = False) -> set[str]:
        """Keys of the people who are the subject of a clause of sentence `m` (`main`: of its
        main verb)."""
        return {
            f.key
            for token in self.sents[m]
            if token.dep_ in {"nsubj", "nsubjpass"} and (not main or token.head.dep_ == "ROOT")
            for f in self.covering.get(token.i, ())
        }

    def _unnamed_subject(self, m: int) -> bool:
        """True when an office or role no mention resolved is a subject in sentence `m` ("the
        prime minister is required to ..."): a person the pronoun after it may stand for."""
        return any(
            token.dep_ in {"nsubj", "nsubjpass"}
            and token.i not in self.claimed
            and (self.gaz.office(token.lower_) is not None or token.lower_ in self.role_nouns)
            for token in self.sents[m]
        )

    def _said_of(self, quote: tuple[int, int]) -> str | None:
        """The one person a quotation is said to be about ("..., Zelensky said of Putin")."""
        start, end = quote
        first, last = self.sent_of[start], self.sent_of[end - 1]
        about = {
            f.key
            for k in range(self.sents[first].start, self.sents[last].end)
            if not start <= k < end
            and self.lowers[k] == "of"
            and (of := self.doc[k]).dep_ == "prep"
            and of.head.lemma_.lower() in load_vocabulary().entities.saying_verbs
            for obj in children(of, {"pobj"})
            for f in self.covering.get(obj.i, ())
        }
        return next(iter(about)) if len(about) == 1 else None

    def _quote_speakers(self, quote: tuple[int, int]) -> set[str] | None:
        """People named outside a quotation in the sentences it spans (its speaker among them);
        None when none is, or a he/she not yet resolved may be the speaker."""
        start, end = quote
        first, last = self.sent_of[start], self.sent_of[end - 1]
        outside = [
            f for m in range(first, last + 1) for f in self.by_sent[m] if not start <= f.start < end
        ]
        named = {k for f in outside for k in range(f.start, f.end)}
        for k in range(self.sents[first].start, self.sents[last].end):
            if not start <= k < end and k not in named and self.lowers[k] in self.pronouns:
                return None
        return {f.key for f in outside} or None


# ---- role mentions and "the country": who holds a post, which state was just named -------------

# Offices whose holders head a state or government (a head's "counterpart" is another head).
_HEAD_KINDS = frozenset({"head_of_state", "head_of_government"})
# Posts the document gives each person it names: key -> {(office label, place key)}.
PostsHeld = Mapping[str, AbstractSet[tuple[str, str | None]]]


def sole_holder(
    posts: PostsHeld, named: AbstractSet[str], place: str | None, holds: Callable[[str], bool]
) -> str | None:
    """The one person named in the document (`named`) with a post in `place` (any place if None)
    whose office passes `holds`, if exactly one is."""
    keys = {
        key
        for key, held in posts.items()
        for office, post_place in held
        if (place is None or post_place == place) and holds(office)
    }
    keys &= named
    return next(iter(keys)) if len(keys) == 1 else None


def role_holder(
    posts: PostsHeld,
    named: AbstractSet[str],
    office: str | None,
    place: str | None,
    gazetteer: Gazetteer,
) -> str | None:
    """Who "the prime minister" (an `office`) or "the Russian leader" (no office: a role noun,
    any head of state or government) is: the one person of the document holding that post."""
    if office is not None:
        return sole_holder(posts, named, place, lambda held: held == office)

    def heads(held: str) -> bool:
        known = gazetteer.office(held)
        return known is not None and known.kind in _HEAD_KINDS

    return sole_holder(posts, named, place, heads)


def counterpart(
    posts: PostsHeld,
    named: AbstractSet[str],
    offices: AbstractSet[str],
    place: str | None,
    gazetteer: Gazetteer,
) -> str | None:
    """Who "his Canadian counterpart" is: the one person of the document holding one of
    `offices`, or an office of the same portfolio, in `place`."""
    known = [gazetteer.office(o) for o in offices]
    portfolios = {o.portfolio for o in known if o is not None and o.portfolio}

    def same_portfolio(office: str) -> bool:
        held = gazetteer.office(office)
        return office in offices or (held is not None and held.portfolio in portfolios)

    return sole_holder(posts, named, place, same_portfolio)


def peer_offices(
    doc: Doc, i: int, people: Sequence[KeySpan], posts: PostsHeld, gazetteer: Gazetteer
) -> set[str]:
    """Whose counterpart "his counterpart" at token `i` is: the offices of the clause's subject
    (else of the last person named before `i` in its sentence, `people` in the order found),
    when none of them heads a state or government (whose counterpart a role noun would name)."""
    sent_start = doc[i].sent.start
    before = [f for f in people if sent_start <= f.start < i]
    if not before:
        return set()
    peer = max(before, key=lambda f: f.start)
    verb = doc[i].head
    while verb.dep_ not in {"ROOT", "conj", "relcl", "advcl", "ccomp"} and verb.head is not verb:
        verb = verb.head
    subjects = [c.i for c in verb.children if c.dep_ == "nsubj"]
    # "Healey, who travelled with Sir Keir, met his counterpart": "his" is the subject's
    peer = next((f for f in before for k in subjects if f.start <= k < f.end), peer)
    offices = {office for office, _ in posts.get(peer.key, ())}
    kinds = {known.kind for o in offices if (known := gazetteer.office(o)) is not None}
    return set() if kinds & _HEAD_KINDS else offices


def state_anaphors(
    doc: Doc, states: Sequence[KeySpan], claimed: AbstractSet[int], gazetteer: Gazetteer
) -> list[tuple[int, str]]:
    """(token, state key) for each "the country" / "the nation" no mention holds: the one state
    named before it in its sentence, else in the sentence before, when there is exactly one."""
    words = load_vocabulary().entities.state_anaphors
    lowers = [t.lower_ for t in doc]
    relatives = load_vocabulary().entities.possessive_relatives
    found = []
    for i, lower in enumerate(lowers):
        if lower in words and i > 0 and lowers[i - 1] in relatives and i not in claimed:
            # "Finnish President X, whose country joined NATO": the one state named in the
            # phrase the relative clause describes
            head = doc[i].head.head if doc[i].head.dep_ == "relcl" else None
            named: set[str] = set()
            if head is not None:  # a state's name or demonym there ("Finnish President X")
                first, last = head.left_edge.i, head.i + 1
                if head.dep_ == "appos":  # "Latvia's leader X, whose country ..."
                    first = min(first, head.head.left_edge.i)
                named = {f.key for f in states if f.start >= first and f.end <= last}
                named |= {
                    e.ent_id_
                    for e in doc[first:last].ents
                    if e.ent_id_.startswith("state/") and gazetteer.get(e.ent_id_) is not None
                }
            if len(named) == 1:
                found.append((i, next(iter(named))))
    anaphors = [
        i
        for i, lower in enumerate(lowers)
        if lower in words and i > 0 and lowers[i - 1] == "the" and i not in claimed
    ]
    if not anaphors:
        return found
    sent_of = _sentence_numbers(doc)
    for i in anaphors:
        n = sent_of[i]
        before = {f.key for f in states if sent_of[f.start] == n and f.end <= i}
        previous = {f.key for f in states if sent_of[f.start] == n - 1}
        candidates = before or previous
        if len(candidates) == 1:
            found.append((i, next(iter(candidates))))
    return found


def reciprocal_object(token: Token, subjects: list[Token]) -> bool:
    """True for a reciprocal object standing for each subject toward the others: "each other",
    "one another" ("A and B praised each other", "heaped praise on one another"), and "the
    other" after a distributive subject ("each side blamed the other")."""
    doc, i = token.doc, token.i
    phrases = _words().reciprocal_pronouns
    before = f"{doc[i - 1].lower_} {token.lower_}" if i > 0 else ""
    after = f"{token.lower_} {doc[i + 1].lower_}" if i + 1 < len(doc) else ""
    if before not in phrases and after not in phrases:
        return False
    if doc[i - 1].lower_ in _words().definite_determiners:
        # "the other": only after "each side", "each leader"
        return any(
            c.lower_ in _words().distributive_determiners for s in subjects for c in s.children
        )
    return True


def _dateline_place(place: Token) -> bool:
    """True for the upper-case place of a wire dateline opening its paragraph ("THE HAGUE,
    Netherlands >> X praised Y", "KYIV, Ukraine — X said") that the parser made a subject."""
    doc = place.doc
    start = place.i
    while start > 0 and doc[start - 1].text.isupper() and len(doc[start - 1].text) > 1:
        start -= 1
    opens = start == 0 or "\n" in doc[start - 1].text_with_ws
    return (
        opens
        and place.text.isupper()
        and len(place.text) > 1
        and place.i + 1 < len(doc)
        and doc[place.i + 1].text == ","
    )


def _dateline_tail(place: Token, child: Token) -> bool:
    """True for the country of a dateline, hung on its place as an apposition and followed by a
    separator that is not a comma ("HAGUE, Netherlands >>", "KYIV, Ukraine —")."""
    doc = place.doc
    after = doc[child.i + 1] if child.i + 1 < len(doc) else None
    return (
        child.i > place.i
        and after is not None
        and (after.is_punct or after.pos_ == "X")
        and after.text not in {",", "."}
    )


def _sentence_numbers(doc: Doc) -> list[int]:
    """Index of the sentence each token belongs to."""
    starts = sentence_starts(doc)
    sent_of = [0] * len(doc)
    for n, (start, end) in enumerate(zip(starts, [*starts[1:], len(doc)], strict=True)):
        sent_of[start:end] = [n] * (end - start)
    return sent_of
