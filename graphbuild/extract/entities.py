"""Mentions -> entities: find who and what a document talks about and resolve aliases to one key.

`resolve_entities` is the stage's entry point; `EntityIndex` is what later stages (relations,
posts) use to ask "which entity does this token belong to?". Resolution never looks beyond the
document except through the gazetteer (known states, organisations and people).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.attrs import IDX, LOWER, ORTH
from spacy.tokens import Doc, Span, Token

from graphbuild.extract.coref import (
    KeySpan,
    counterpart,
    peer_offices,
    person_pronouns,
    role_holder,
    state_anaphors,
    word_gender,
)
from graphbuild.extract.gazetteer import (
    CAPITAL_PREFIX,
    Gazetteer,
    GazetteerEntry,
    key_slug,
    normalise,
)
from graphbuild.extract.spans import doc_text, sentence_starts
from graphbuild.extract.vocabulary import load_vocabulary
from graphbuild.records import Document, Entity, EntityKind, Mention, TextSpan


@dataclass
class EntityIndex:
    """The resolved mentions of one parsed document, looked up by token or character offset."""

    doc: Doc
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    _by_token: dict[int, Mention] = field(default_factory=dict, repr=False)
    # id(mention) -> (mention, start token, end token); holding the mention keeps its id unique
    _tokens: dict[int, tuple[Mention, int, int]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def add(self, mention: Mention, entity: Entity) -> None:
        """Record a mention; a later mention never overwrites tokens already claimed."""
        span = self.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        self._add(mention, entity, (span.start, span.end) if span is not None else None)

    def _add(self, mention: Mention, entity: Entity, tokens: tuple[int, int] | None) -> None:
        """`add` for a mention whose token offsets are known."""
        self.entities[entity.key] = entity
        self.mentions.append(mention)
        if tokens is not None:
            self._tokens[id(mention)] = (mention, *tokens)
            for i in range(*tokens):
                self._by_token.setdefault(i, mention)

    def at_token(self, i: int) -> Mention | None:
        """The mention covering token `i`, if any."""
        return self._by_token.get(i)

    def entity_at(self, i: int) -> Entity | None:
        """The entity of the mention covering token `i`, if any."""
        mention = self._by_token.get(i)
        return self.entities[mention.entity_key] if mention else None

    def in_span(self, span: Span) -> list[Mention]:
        """Mentions overlapping a span, in text order, each once."""
        seen: dict[int, Mention] = {}
        for token in span:
            m = self._by_token.get(token.i)
            if m is not None:
                seen.setdefault(id(m), m)
        return sorted(seen.values(), key=lambda m: m.span.start)

    def entity_for(self, entry: GazetteerEntry, aliases: tuple[str, ...] | None = None) -> Entity:
        """The document's entity for a gazetteer actor, or a new record if it was not mentioned."""
        return self.entities.get(entry.key) or entry.as_entity(aliases)

    def entity(self, key: str) -> Entity:
        return self.entities[key]

    def all_entities(self) -> Iterable[Entity]:
        return self.entities.values()

    def mention_span(self, mention: Mention) -> Span | None:
        """The tokens of a mention."""
        tokens = self.mention_tokens(mention)
        return self.doc[tokens[0] : tokens[1]] if tokens is not None else None

    def mention_tokens(self, mention: Mention) -> tuple[int, int] | None:
        """Start and end token of a mention, without building a Span."""
        known = self._tokens.get(id(mention))
        if known is not None and known[0] is mention:
            return known[1], known[2]
        span = self.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        return (span.start, span.end) if span is not None else None


_NOT_NAMES = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "EVENT", "LAW"}
)
_NOT_NAME_POS = frozenset(
    {"ADV", "ADP", "CCONJ", "SCONJ", "DET", "PRON", "VERB", "AUX", "INTJ", "NUM", "PART"}
)
_ROMAN = re.compile(r"(?=[IVX])X{0,3}(IX|IV|V?I{0,3})")
_ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent"})
_TRANSLIT = re.compile(r"(yy|iy|ii|yi|ij)\b")


def demonym_entry(gazetteer: Gazetteer, span: Span | Token) -> GazetteerEntry | None:
    """The state a demonym names, singular or plural ("Americans" -> United States)."""
    text = span.text
    entry = gazetteer.demonym(text)
    if entry is None and text.endswith("s"):
        entry = gazetteer.demonym(text[:-1])
    return entry


def fold_name(text: str) -> str:
    """Comparison form of a person's name: normalised, transliteration endings unified."""
    return _TRANSLIT.sub("y", normalise(text))


@dataclass
class _Found:
    """A mention before entities are built: tokens, key and how it was found."""

    start: int  # token offsets
    end: int
    key: str
    kind: EntityKind
    method: str
    label: str
    qid: str | None = None
    code: str | None = None
    surface: str | None = None  # the name part, when the mention also covers a head noun


@dataclass
class _Person:
    key: str
    label: str
    qid: str | None
    posts: set[tuple[str, str | None]] = field(default_factory=set)  # (office label, place key)


class _Resolver:
    """One document's resolution; see `resolve_entities`."""

    def __init__(self, doc: Doc, document: Document, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.document = document
        self.gaz = gazetteer
        words = load_vocabulary().entities
        self.honorifics = words.honorifics
        self.given_honorifics = words.given_name_honorifics
        self.actor_nouns = words.state_actor_nouns
        self.role_nouns = words.role_nouns
        self.role_determiners = words.role_determiners
        self.articles = words.articles
        self.titles = words.name_titles
        self.institutions = words.institution_words
        self.stance_prefixes = words.stance_prefixes
        self.former_words = words.former_words
        self.name_particles = words.name_particles
        # Token attributes read once into flat lists: reading them through Token objects costs
        # more, and keeping Token objects (or a list per token) alive makes the GC scan the heap.
        strings = doc.vocab.strings
        columns = doc.to_array([ORTH, LOWER, IDX]).T.tolist() if len(doc) else [[], [], []]
        self.texts: list[str] = [strings[orth] for orth in columns[0]]
        self.lowers: list[str] = [strings[lower] for lower in columns[1]]
        self.offsets: list[int] = columns[2]
        self.doc_text = doc_text(doc)
        self._state_counts: dict[str, int] | None = None  # state key -> mentions, for parties
        self.ents: Sequence[Span] = ()  # the document's entity spans, read once by `run`
        self.found: list[_Found] = []
        # `found` by covered token and by first token, each in the order found (for lookups
        # that would otherwise scan `found` once per title or role)
        self.covering: dict[int, list[_Found]] = defaultdict(list)
        self.starting: dict[int, list[tuple[int, _Found]]] = defaultdict(list)
        self.found_keys: set[str] = set()
        self.claimed: set[int] = set()
        self.people: dict[str, _Person] = {}
        self.by_full: dict[str, str] = {}
        self.by_last: dict[str, set[str]] = defaultdict(set)
        self.by_first: dict[str, set[str]] = defaultdict(set)
        self.by_middle: dict[str, set[str]] = defaultdict(set)

    # ---- helpers -------------------------------------------------------------------------
    def _text(self, start: int, end: int) -> str:
        """`doc[start:end].text` (end > start) without building the Span."""
        last = end - 1
        return self.doc_text[self.offsets[start] : self.offsets[last] + len(self.texts[last])]

    @functools.cached_property
    def _sent_ranges(self) -> list[tuple[int, int]]:
        """(start, end) token of each sentence, read once (`doc.sents` builds a Span each)."""
        starts = sentence_starts(self.doc)
        return list(zip(starts, [*starts[1:], len(self.texts)], strict=True))

    @functools.cached_property
    def sent_of(self) -> list[int]:
        """Index of the sentence each token belongs to."""
        sent_of = [0] * len(self.texts)
        for n, (start, end) in enumerate(self._sent_ranges):
            sent_of[start:end] = [n] * (end - start)
        return sent_of

    @functools.cached_property
    def sents(self) -> list[Span]:
        """The document's sentences."""
        return list(self.doc.sents)

    @functools.cached_property
    def sent_starts(self) -> list[int]:
        """First token of the sentence each token belongs to."""
        starts = [0] * len(self.texts)
        for start, end in self._sent_ranges:
            starts[start:end] = [start] * (end - start)
        return starts

    def _trim(self, span: Span, person: bool) -> Span | None:
        start, end = span.start, span.end
        texts = self.texts
        while end > start and texts[end - 1] in {"'s", "’s", "'", "’"}:
            end -= 1
        while end - start > 1 and self.lowers[start] in self.articles:
            start += 1
        if person:
            while end - start > 1 and texts[start] in self.honorifics:
                start += 1
        while end > start and not texts[end - 1][:1].isalnum():
            end -= 1
        while end > start and not texts[start][:1].isalnum():
            start += 1
        return self.doc[start:end] if end > start else None

    def _is_place_name(self, span: Span) -> bool:
        text = self._text(span.start, span.end)
        return self.gaz.lookup(text) is not None or (
            len(span) > 1 and self.gaz.region(text) is not None
        )

    def _plausible_name(self, span: Span) -> bool:
        """False for what the NER calls a person but is a title, an outlet or lower case."""
        text = span.text
        if self.gaz.is_media(text) or self.gaz.office(text) is not None:
            return False
        if text in self.honorifics or not text[:1].isupper() or span[-1].text in self.titles:
            return False
        if len(span) == 1 and span[0].pos_ in _NOT_NAME_POS:
            return False  # "Hitherto" (PERSON)
        return any(c.isalpha() for c in text)

    def _titled(self, ent: Span) -> bool:
        """A name the NER mislabels but a title introduces: "King Constantine" (ORG)."""
        return (
            ent.label_ in {"ORG", "GPE", "FAC", "NORP", "LOC", "WORK_OF_ART"}
            and len(ent) >= 2
            and ent[0].text in self.titles
            and all(t.text[:1].isupper() for t in ent[1:])
            and self.gaz.lookup(ent[1:].text) is None
            and self.gaz.office(ent.text) is None
        )

    def _titled_names(self, ents: Iterable[Span]) -> list[Span]:
        """Proper nouns after a title that the NER left unlabelled ("King Philip V")."""
        labelled = {i for ent in ents for i in range(ent.start, ent.end)}
        doc, texts = self.doc, self.texts
        spans: list[Span] = []
        for i in range(len(texts) - 1):
            if texts[i] not in self.titles or i + 1 in labelled:
                continue
            end = i + 1
            while end < len(doc) and end not in labelled and doc[end].pos_ == "PROPN":
                if not texts[end][:1].isupper() or texts[end] in self.titles:
                    break
                end += 1
            if end > i + 1:
                span = self._with_numeral(doc[i + 1 : end])
                if self.gaz.lookup(span.text) is None and self.gaz.demonym(span.text) is None:
                    spans.append(span)
        return spans

    def _merge_adjacent(self, spans: list[tuple[Span, bool]]) -> list[tuple[Span, bool]]:
        """Two person names with nothing between them are one: "Govind" + "Narayan Singh"."""
        merged: list[tuple[Span, bool]] = []
        for span, given in spans:
            previous = merged[-1][0] if merged else None
            if (
                previous is not None
                and previous.end == span.start
                and not (len(previous) > 1 and len(span) > 1)  # two full names
                and self.gaz.person(previous.text) is None  # "Trump Putin summit"
                and self.gaz.person(span.text) is None
            ):
                merged[-1] = (self.doc[previous.start : span.end], merged[-1][1])
            else:
                merged.append((span, given))
        return merged

    def _extend_left(self, span: Span) -> Span:
        """Add a given name the NER left out: "Gregorio [Pacheco Leyes]"."""
        start = span.start
        labelled = self.doc[start - 1].ent_type_ if start > 0 else "x"
        if start > 0 and not labelled:
            token = self.doc[start - 1]
            before = self.doc[start - 2] if start > 1 else None
            if (
                (before is None or before.pos_ not in {"ADP", "PROPN"})
                and token.pos_ == "PROPN"
                and token.text[:1].isupper()
                and token.text not in self.honorifics
                and token.text not in self.titles
                and self.gaz.demonym(token.text) is None
                and self.gaz.lookup(token.text) is None
            ):
                start -= 1
        return self.doc[start : span.end]

    def _joined(self, span: Span) -> Span:
        """A name the NER cut at a hyphen or a patronymic particle: "Willem" + "-Alexander",
        "Tamim bin" + "Hamad al-Thani" (capitalised words on both sides, no title)."""
        texts, doc, gaz = self.texts, self.doc, self.gaz
        start, end = span.start, span.end
        while (
            end + 1 < len(texts)
            and texts[end] == "-"
            and not doc[end - 1].whitespace_
            and not doc[end].whitespace_
            and texts[end + 1][:1].isupper()
            and texts[end + 1].isalpha()
            # "the Zelensky-Trump meeting", "US-Ukraine talks": two parties, not one name
            and gaz.person(texts[end - 1]) is None
            and gaz.person(texts[end + 1]) is None
            and gaz.lookup(texts[end + 1]) is None
            and not (end + 2 < len(texts) and doc[end + 2].pos_ == "NOUN")
        ):
            end += 2
        while (
            start >= 2
            and self.lowers[start - 1] in self.name_particles
            and texts[start - 2][:1].isupper()
            and texts[start - 2].isalpha()
            and texts[start - 2] not in self.titles
            and texts[start - 2] not in self.honorifics
            and doc[start - 2].pos_ == "PROPN"
            and self.gaz.lookup(texts[start - 2]) is None
        ):
            start -= 2
        return span if (start, end) == (span.start, span.end) else doc[start:end]

    def _cut_off(self, span: Span) -> bool:
        """True for a name unknown to the gazetteer that ends the text without a full stop: a
        headline or teaser cut mid-word ("(More President Tru", "Cambodia and Th")."""
        texts = self.texts
        after = span.end
        while after < len(texts) and not texts[after].strip():
            after += 1
        return after == len(texts) and self.gaz.person(span.text) is None

    def _with_numeral(self, span: Span) -> Span:
        """Extend a name by a following regnal numeral: "Constantine" + "I"."""
        doc, end, texts = self.doc, span.end, self.texts
        if end >= len(doc) or not _ROMAN.fullmatch(texts[end]):
            return span
        titled = span.start > 0 and texts[span.start - 1] in self.titles
        if texts[end] == "I" and not titled:
            return span  # "after meeting Putin I said", but "King Carol I"
        return doc[span.start : end + 1]

    def _stance(self, i: int) -> bool:
        """True for the name in "pro-Russian", "anti-Kremlin": an attitude, not the state."""
        return i >= 2 and self.texts[i - 1] == "-" and self.lowers[i - 2] in self.stance_prefixes

    def _in_proper_name(self, span: Span) -> Span | None:
        """The longer proper name a state name only begins ("Palestine Action", "Ukraine
        Solidarity Campaign"): capitalised nouns the state name modifies that name no state,
        person, title or institution of the state."""
        doc, end = self.doc, span.end
        if span.root.dep_ != "compound" or span.root.head.i < end:
            return None
        while (
            end < len(doc)
            and doc[end].pos_ == "PROPN"
            and self.texts[end][:1].isupper()
            and doc[end].ent_type_ in {"", "ORG"}
            and self.texts[end] not in self.honorifics
            and self.texts[end] not in self.titles
            and self.texts[end] not in self.institutions
            and self.lowers[end] not in self.actor_nouns
            and self.gaz.office(self.texts[end]) is None
            and self.gaz.lookup(self.texts[end]) is None
            and self.gaz.demonym(self.texts[end]) is None
            and self.gaz.person(self.texts[end]) is None
        ):
            end += 1
        if end == span.end or span.root.head.i >= end:
            return None
        return doc[span.start : end]

    def _former(self, i: int) -> bool:
        """True when "former" or "ex-" comes right before token `i`."""
        lowers = self.lowers
        if i >= 1 and lowers[i - 1] in self.former_words:
            return True
        return i >= 2 and lowers[i - 1] == "-" and lowers[i - 2] in self.former_words

    def _free(self, start: int, end: int) -> bool:
        return self.claimed.isdisjoint(range(start, end))

    def _claim(self, found: _Found) -> None:
        if self._free(found.start, found.end):
            self._append(found)

    def _append(self, found: _Found) -> None:
        self.starting[found.start].append((len(self.found), found))
        self.found.append(found)
        self.found_keys.add(found.key)
        for i in range(found.start, found.end):
            self.covering[i].append(found)
        self.claimed.update(range(found.start, found.end))

    def _entry_found(
        self, start: int, end: int, entry: GazetteerEntry, method: str, surface: Span | None = None
    ) -> _Found:
        return _Found(
            start,
            end,
            entry.key,
            entry.kind,
            method,
            entry.label,
            entry.qid,
            entry.code,
            surface.text if surface is not None and surface.end < end else None,
        )

    def _actor_head(self, span: Span) -> Token | None:
        """The noun a state name or demonym modifies when it makes the state an actor."""
        root = span.root
        head = root.head
        modifies = root.dep_ in {"amod", "compound", "poss", "nmod"} and head.i >= span.end
        if modifies and (
            head.lemma_.lower() in self.actor_nouns or head.lower_ in self.actor_nouns
        ):
            return head
        return None

    def _is_actor(self, token: Token) -> bool:
        """Subject, possessor or passive agent (through conjunctions): the token acts."""
        while token.dep_ == "conj" and token.head is not token:
            token = token.head
        if token.dep_ in _ACTOR_DEPS:
            return True
        return token.dep_ == "pobj" and token.head.dep_ == "agent"

    # ---- people --------------------------------------------------------------------------
    def _person(self, key: str, label: str, qid: str | None) -> _Person:
        person = self.people.get(key)
        if person is None:
            person = self.people[key] = _Person(key, label, qid)
            known = self.gaz.people.get(key)
            if known is not None:
                for office, place in known.posts:
                    place_key = place if "/" in place else f"state/{place}"
                    person.posts.add((office, place_key))
        return person

    def _register_full(self, span: Span) -> str:
        text = span.text
        known = self.gaz.person(text)
        if known is not None:
            key, label, qid = known.key, known.name, known.qid
        else:
            key, label, qid = f"person/{key_slug(text)}", text, None
            existing = self.by_full.get(fold_name(text))
            if existing:
                return existing
        self._person(key, label, qid)
        self.by_full.setdefault(fold_name(text), key)
        names = [text, *(known.aliases if known else ())]
        for name in names:
            parts = name.split()
            if len(parts) >= 2 and _ROMAN.fullmatch(parts[-1]):  # "Carol II" -> "Carol"
                self.by_last[fold_name(parts[0])].add(key)
            elif len(parts) >= 2:
                self.by_last[fold_name(parts[-1])].add(key)
                self.by_first[fold_name(parts[0])].add(key)
                for part in parts[1:-1]:
                    if len(part) > 2 and part[:1].isupper() and not part.endswith("."):
                        self.by_middle[fold_name(part)].add(key)
            elif known is not None:
                self.by_last[fold_name(name)].add(key)
        return key

    def _person_key(self, span: Span, given: bool = False) -> tuple[str, str] | None:
        """Key and method for a person name in this document, or None if it names no one known."""
        text = span.text
        folded = fold_name(text)
        if folded in self.by_full:
            return self.by_full[folded], "name"
        if len(span) == 1 or " " not in text.strip():
            table = self.by_first if given else self.by_last
            keys = table.get(folded, set())
            if len(keys) == 1:
                return next(iter(keys)), "surname" if not given else "given-name"
            known = self.gaz.person(text)
            if known is not None and (not keys or known.key in keys):
                self._person(known.key, known.name, known.qid)
                return known.key, "gazetteer"
            middle = self.by_middle.get(folded, set())
            if not keys and not given and len(middle) == 1:  # "Endara" of "G. D. Endara Galimany"
                return next(iter(middle)), "surname"
        return None

    # ---- passes --------------------------------------------------------------------------
    def run(self) -> EntityIndex:
        person_spans: list[tuple[Span, bool]] = []
        ruler_keys: dict[int, str] = {}
        others: list[Span] = []
        ents = self.ents = self.doc.ents  # builds a Span per entity on every access
        for ent in ents:
            is_person = ent.label_ == "PERSON" and not ent.ent_id_.startswith(
                ("state/", CAPITAL_PREFIX)
            )
            titled = not ent.ent_id_ and self._titled(ent)
            if not (is_person or titled):
                others.append(ent)
                continue
            trimmed = self._trim(ent, person=True)
            if trimmed is not None and self._is_place_name(trimmed):
                others.append(ent)  # "Madhya Pradesh" labelled PERSON
            elif trimmed is not None and self._plausible_name(trimmed):
                given = (
                    ent.start < trimmed.start
                    and self.doc[trimmed.start - 1].text in self.given_honorifics
                )
                if len(trimmed) > 1 and all(self.gaz.person(t.text) for t in trimmed):
                    person_spans.extend((trimmed[k : k + 1], False) for k in range(len(trimmed)))
                    continue  # "Trump Putin" (summit): two known people, not one name
                span = self._with_numeral(self._joined(self._extend_left(trimmed)))
                if ent.ent_id_.startswith("person/"):
                    ruler_keys[span.start] = ent.ent_id_  # "Sir Keir" is a known alias
                person_spans.append((span, given))
        person_spans.extend((self._joined(span), False) for span in self._titled_names(ents))
        person_spans = [(span, given) for span, given in person_spans if not self._cut_off(span)]
        person_spans.sort(key=lambda item: item[0].start)
        person_spans = self._merge_adjacent(person_spans)
        # Full names first, so that lone surnames anywhere in the document can link to them.
        for span, given in person_spans:
            if len(span) >= 2 and not given:
                self._register_full(span)
        for span, given in person_spans:
            resolved = self._person_key(span, given)
            known = self.gaz.people.get(ruler_keys.get(span.start, ""))
            if resolved is None and known is not None:
                self._person(known.key, known.name, known.qid)
                resolved = (known.key, "gazetteer")
            if resolved is None:
                key = self._register_full(span)
                resolved = (key, "ner")
            key, method = resolved
            person = self.people[key]
            self._claim(
                _Found(
                    span.start, span.end, key, EntityKind.PERSON, method, person.label, person.qid
                )
            )
        for ent in others:
            self._other(ent)
        self._loose_surnames()
        self._state_anaphors()
        self._collect_titles()
        self._roles()
        self._pronouns()
        return self._index()

    def _other(self, ent: Span) -> None:
        gaz = self.gaz
        span = self._trim(ent, person=False)
        if span is None:
            return
        while len(span) > 1 and self.doc[span.end - 1].is_stop:  # "King of" (GPE)
            span = self.doc[span.start : span.end - 1]
        ent_id = ent.ent_id_
        texts, lowers = self.texts, self.lowers
        if not ent_id and all(
            not texts[k][:1].isupper() or lowers[k] in self.articles
            for k in range(span.start, span.end)
        ):
            return  # "The", "troop": not a name
        if not ent_id and self._part_of_title(span):
            return  # a title the NER took for a name: "King of" (GPE), "Defense" (ORG)
        text = self._text(span.start, span.end)
        label = ent.label_
        if ent_id.startswith(CAPITAL_PREFIX):
            entry = gaz.get(ent_id[len(CAPITAL_PREFIX) :])
            self._place_or_capital(span, entry)
            return
        entry = gaz.get(ent_id) if ent_id else None
        if entry is None and not ent_id:
            entry = self._lookup(span, label)
        if entry is not None and self._stance(span.start):
            return  # "pro-Russian leader", "anti-Kremlin protests"
        if entry is not None and entry.key in gaz.parties and self._stance_of(span):
            return  # "the anti-Trump Republicans": members who hold a stance, not the party
        if entry is not None and entry.key in gaz.parties:
            entry = gaz.get(self._party_key(span, entry.key)) or entry
        if entry is not None and entry.kind is EntityKind.STATE and label != "NORP":
            name = self._in_proper_name(span)
            if name is not None:  # "Palestine Action" is an organisation, not Palestine
                key = f"organization/{key_slug(name.text)}"
                self._claim(
                    _Found(name.start, name.end, key, EntityKind.ORGANIZATION, "ner", name.text)
                )
                return
        if entry is not None:
            if label == "NORP" or (normalise(text) not in gaz.names and gaz.demonym(text) is entry):
                self._demonym(span, entry)
                return
            method = "metonym" if gaz.metonym(text) is entry else "gazetteer"
            head = self._actor_head(span) if entry.kind is EntityKind.STATE else None
            end = head.i + 1 if head is not None and head.i - span.end < 3 else span.end
            self._claim(self._entry_found(span.start, end, entry, method, span))
            return
        if label in {"ORG", "GPE", "LOC", "NORP", "FAC"}:
            resolved = self._person_key(span)
            if resolved is not None:
                key, _ = resolved
                person = self.people[key]
                self._claim(
                    _Found(
                        span.start,
                        span.end,
                        key,
                        EntityKind.PERSON,
                        "relabelled",
                        person.label,
                        person.qid,
                    )
                )
                return
        if label in {"ORG", "GPE", "LOC"} and gaz.region(text) is not None:
            self._place_or_capital(span, None)  # "Madhya Pradesh" labelled ORG
            return
        if label in {"ORG", "GPE", "LOC"} and self._cut_off(span):
            return  # "... Cambodia and Th" where the saved text stops mid-word
        if label == "ORG":
            if gaz.is_media(text):
                return
            key = f"organization/{key_slug(text)}"
            self._claim(_Found(span.start, span.end, key, EntityKind.ORGANIZATION, "ner", text))
        elif label in {"GPE", "LOC", "PERSON"}:
            self._place_or_capital(span, gaz.capital(text))

    def _party_key(self, span: Span, key: str) -> str:
        """Which of the parties sharing a name this is: the one of a state or demonym right
        before it ("Canada's Conservatives", "the British Tories"), else of the state the
        document names most (its known people's states included)."""
        named = None
        j = span.start - 1
        if j >= 0 and self.texts[j] in {"'s", "’s"}:
            j -= 1
        if j >= 0 and self.texts[j][:1].isupper():
            found = self.gaz.demonym(self.texts[j]) or self.gaz.lookup(self.texts[j])
            named = found.key if found is not None else None
        if self._state_counts is None:
            counts: dict[str, int] = {}
            for ent in self.doc.ents:
                state = ent.ent_id_.removeprefix(CAPITAL_PREFIX)
                if state.startswith("person/"):
                    state = self.gaz.home_state(state) or ""
                if state.startswith("state/"):
                    counts[state] = counts.get(state, 0) + 1
            self._state_counts = counts
        return self.gaz.party_in_context(key, span.text, named, self._state_counts)

    def _stance_of(self, span: Span) -> bool:
        """True for a name after a stance prefix ("anti-Trump Republicans", "pro-EU Tories")."""
        texts, lowers = self.texts, self.lowers
        return any(
            texts[k] == "-" and lowers[k - 1] in self.stance_prefixes
            for k in range(max(1, span.start - 4), span.start)
        )

    def _part_of_title(self, span: Span) -> bool:
        for end in range(span.end, min(len(self.texts), span.end + 3) + 1):
            if self.gaz.office(self._text(span.start, end)) is not None:
                return True
        return False

    def _lookup(self, span: Span, label: str) -> GazetteerEntry | None:
        gaz = self.gaz
        if label == "NORP":
            return demonym_entry(gaz, span)
        if label not in {"ORG", "GPE", "LOC", "FAC", "PERSON"}:
            return None
        return gaz.lookup(span.text) or gaz.metonym(span.text)

    def _dateline(self, span: Span) -> bool:
        """True for the place of a wire dateline that opens a text or paragraph ("OTTAWA,
        Canada (AFP) —", "RIYADH, May 14,"): where the report was filed, not an actor."""
        start, texts = span.start, self.texts
        while start > 0 and texts[start - 1].isupper() and len(texts[start - 1]) > 1:
            start -= 1  # "THE HAGUE, Netherlands >>": the article is part of the dateline
        opens = start == 0 or "\n" in texts[start - 1] or texts[start - 1].isspace()
        after = texts[span.end] if span.end < len(texts) else ""
        return opens and span.text.isupper() and after in {",", "—", "–", "-", ":", "("}

    def _place_or_capital(self, span: Span, state: GazetteerEntry | None) -> None:
        """A capital is its state's government only as an actor ("Moscow rejected", "Kyiv's
        allies", "by Washington", "Moscow officials"); otherwise, like any other place name, it is
        a place ("residents of Kyiv"). Names ending in an institution word are organisations."""
        if state is None and span[-1].text in self.institutions:
            key = f"organization/{key_slug(span.text)}"
            self._claim(
                _Found(span.start, span.end, key, EntityKind.ORGANIZATION, "ner", span.text)
            )
            return
        if (
            state is not None
            and (self._is_actor(span.root) or self._actor_head(span))
            and not self._dateline(span)
        ):
            head = self._actor_head(span)
            end = head.i + 1 if head is not None and head.i - span.end < 3 else span.end
            self._claim(self._entry_found(span.start, end, state, "capital", span))
            return
        self._claim(
            _Found(
                span.start,
                span.end,
                f"place/{key_slug(span.text)}",
                EntityKind.PLACE,
                "ner",
                span.text,
            )
        )

    def _demonym(self, span: Span, entry: GazetteerEntry) -> None:
        """A demonym is the state only as an actor: "the British government", "the Russians said"."""
        head = self._actor_head(span)
        if head is not None and head.i - span.end < 3:
            self._claim(self._entry_found(span.start, head.i + 1, entry, "demonym", span))
        elif span.root.tag_ in {"NNPS", "NNS"} and (
            self._is_actor(span.root) or self._partner(span.root)
        ):
            self._claim(self._entry_found(span.start, span.end, entry, "demonym"))

    @staticmethod
    def _partner(token: Token) -> bool:
        """The object of "with" or "between" ("talked with the Iranians"): a party to the act."""
        while token.dep_ == "conj" and token.head is not token:
            token = token.head
        return token.dep_ == "pobj" and token.head.lower_ in {"with", "between", "alongside"}

    def _loose_surnames(self) -> None:
        """Proper nouns the NER missed that name a person already named in the document."""
        for i, text in enumerate(self.texts):
            if i in self.claimed or not text[:1].isupper():
                continue
            token = self.doc[i]
            if token.pos_ not in {"PROPN", "NOUN", "X", "ADJ"} or token.is_stop:
                continue  # "May" (the month) and "Will" are not Theresa May or Will Smith
            if token.ent_type_ in _NOT_NAMES:
                continue
            keys = self.by_last.get(fold_name(text), set())
            known = self.gaz.person(text) if not keys else None
            if known is not None:
                self._person(known.key, known.name, known.qid)
                keys = {known.key}
            if len(keys) == 1:
                key = next(iter(keys))
                person = self.people[key]
                self._claim(
                    _Found(
                        token.i,
                        token.i + 1,
                        key,
                        EntityKind.PERSON,
                        "surname",
                        person.label,
                        person.qid,
                    )
                )

    def _collect_titles(self) -> None:
        """Posts the document gives people through titles ("French President Emmanuel Macron")."""
        for found in self.found:
            if found.kind is not EntityKind.PERSON:
                continue
            match = self._title_before(found.start)
            if match is not None:
                office, place, start = match
                if any(self._former(k) for k in range(max(0, start - 2), start + 1)):
                    continue  # "former US president Barack Obama" holds no post now
                self.people[found.key].posts.add((office, place))

    def _title_before(self, i: int) -> tuple[str, str | None, int] | None:
        """Office (and state) of a title right before token `i`: (office label, place key, start)."""
        sent_start = self.sent_starts[i] if i < len(self.texts) else 0
        best: tuple[str, str | None, int] | None = None
        for start in range(max(sent_start, i - 5), i):
            if not self.claimed.isdisjoint(range(start, i)):
                continue
            office = self.gaz.office(self._text(start, i))
            if office is not None:
                best = (office.label, None, start)
                break
        if best is None:
            return None
        office_label, _, start = best
        place = self._qualifier(start)
        return office_label, place, start

    def _qualifier(self, start: int) -> str | None:
        """The state or organisation named right before token `start` ("French", "Ukraine's")."""
        j = start - 1
        if j >= 0 and self.texts[j] in {"'s", "’s"}:
            j -= 1
        if j < 0:
            return None
        for found in self.covering.get(j, ()):
            if found.kind is not EntityKind.PERSON:
                return found.key
        text = self.texts[j]
        entry = self.gaz.demonym(text) or self.gaz.lookup(text)
        if entry is not None and self._stance(j):
            return None  # "the pro-Russian leader" is not Russia's leader
        if entry is not None and entry.kind is not EntityKind.PLACE and text[:1].isupper():
            return entry.key
        return None

    def _roles(self) -> None:
        """Role mentions ("the Prime Minister", "the Russian leader") of a person given that post."""
        doc = self.doc
        windows: dict[int, list[int]] = defaultdict(list)
        for _, start, end in self.gaz.title_matcher(doc.vocab)(doc):
            windows[start].append(end)
        posts = {key: person.posts for key, person in self.people.items()}
        for i in sorted(windows):
            if i in self.claimed:
                continue
            match = self._role_at(i, sorted(windows[i], reverse=True), posts)
            if match is None:
                continue
            start, end, key = match
            person = self.people[key]
            self._append(
                _Found(start, end, key, EntityKind.PERSON, "role", person.label, person.qid)
            )

    def _role_at(
        self, i: int, ends: list[int], posts: dict[str, set[tuple[str, str | None]]]
    ) -> tuple[int, int, str] | None:
        """The role mention starting at token `i` (longest first) and the person the coreference
        oracle says holds it."""
        texts = self.texts
        for end in ends:
            if not self.claimed.isdisjoint(range(i, end)) or not all(
                texts[k][:1].isalpha() for k in range(i, end)
            ):
                continue  # "president." or "Minister's" would not be the title's words
            text = normalise(self._text(i, end))
            office = self.gaz.office(text)
            role = text in self.role_nouns
            if office is None and not role:
                continue
            if end < len(texts) and (end in self.claimed or self.doc[end].pos_ == "PROPN"):
                return None  # a title before a name, not a role mention
            start, place = self._role_qualifier(i, end)
            if self._former(start) or self._former(i):
                return None  # "the former US president" is not the one holding the post now
            has_det = start > 0 and self.lowers[start - 1] in self.role_determiners
            if not has_det and place is None:
                return None
            peer = None
            if text == "counterpart":
                people = [
                    KeySpan(f.start, f.end, f.key)
                    for f in self.found
                    if f.kind is EntityKind.PERSON
                ]
                peer = peer_offices(self.doc, i, people, posts, self.gaz)
            if peer:
                # "Defence Secretary John Healey met his Canadian counterpart": the same office
                key = counterpart(posts, self.found_keys, peer, place, self.gaz)
            else:
                label = office.label if office and not role else None
                key = role_holder(posts, self.found_keys, label, place, self.gaz)
            if key is None:
                return None
            return start, end, key
        return None

    def _role_qualifier(self, i: int, end: int) -> tuple[int, str | None]:
        """Start of a role mention and the state it names: "the [Russian] leader",
        "the [US] president", "the president of [France]"."""
        place = self._qualifier(i)
        if place is not None:
            for found in self.covering.get(i - 1, ()):
                if found.key == place:
                    return found.start, place
            return i - 1, place
        if end + 1 < len(self.texts) and self.lowers[end] == "of":
            after = [
                (n, found)
                for start in (end + 1, end + 2)
                for n, found in self.starting.get(start, ())
                if found.kind is not EntityKind.PERSON
            ]
            if after:
                return i, min(after, key=lambda item: item[0])[1].key
        return i, None

    def _state_anaphors(self) -> None:
        """ "the country" -> the state the coreference oracle names (`coref.state_anaphors`)."""
        states = [KeySpan(f.start, f.end, f.key) for f in self.found if f.kind is EntityKind.STATE]
        for i, key in state_anaphors(self.doc, states, self.claimed, self.gaz):
            entry = self.gaz.get(key)
            if entry is not None:
                self._claim(self._entry_found(i, i + 1, entry, "anaphor"))

    def _genders(self) -> dict[str, str]:
        """Genders the gazetteer or the titles before a name tell ("Mr Trump", "Dame Judi")."""
        genders: dict[str, str] = {}
        for key in self.people:
            known = self.gaz.people.get(key)
            if known is not None and known.gender in {"m", "f"}:
                genders[key] = known.gender
        for f in self.found:
            if f.kind is EntityKind.PERSON and f.start > 0 and f.method != "pronoun":
                said = word_gender(self.texts[f.start - 1], self.gaz)
                if said is not None:
                    genders.setdefault(f.key, said)
        return genders

    def _pronouns(self) -> None:
        """Subject he/she -> the person the coreference oracle names (`coref.person_pronouns`)."""
        people = [KeySpan(f.start, f.end, f.key) for f in self.found if f.kind is EntityKind.PERSON]
        for i, key in person_pronouns(self.doc, people, self._genders(), self.claimed, self.gaz):
            person = self.people[key]
            self._claim(
                _Found(i, i + 1, key, EntityKind.PERSON, "pronoun", person.label, person.qid)
            )

    def _styled_name(self, found: _Found) -> str | None:
        """A monarch's "X of Y" style: "Philip V" + "of Spain" -> "Philip V of Spain"."""
        if not _ROMAN.fullmatch(self.texts[found.end - 1]) or found.end + 1 >= len(self.texts):
            return None
        if self.lowers[found.end] != "of":
            return None
        for other in self.found:
            if other.start == found.end + 1 and other.kind is EntityKind.STATE:
                name = self._text(found.start, found.end)
                return f"{name} of {self._text(other.start, other.end)}"
        return None

    def _index(self) -> EntityIndex:
        index = EntityIndex(self.doc)
        self.found.sort(key=lambda f: f.start)
        aliases: dict[str, dict[str, None]] = defaultdict(dict)
        for f in self.found:
            if f.method not in {"pronoun", "role", "anaphor"}:
                aliases[f.key][f.surface or self._text(f.start, f.end)] = None
                if f.kind is EntityKind.PERSON and (styled := self._styled_name(f)):
                    aliases[f.key][styled] = None
        for ent in self.ents:  # demonyms seen name the state too ("Norwegian")
            entry = demonym_entry(self.gaz, ent) if ent.label_ == "NORP" else None
            if entry is not None and entry.key in aliases:
                aliases[entry.key][ent.text] = None
        entities: dict[str, Entity] = {}
        for f in self.found:
            if f.key not in entities:
                entry = self.gaz.get(f.key)
                label = entry.label if entry is not None else f.label
                entities[f.key] = Entity(
                    key=f.key,
                    kind=f.kind,
                    label=label,
                    aliases=tuple(a for a in aliases[f.key] if a != label),
                    qid=f.qid,
                    code=f.code,
                )
        for f in self.found:
            start_char = self.offsets[f.start]
            end_char = self.offsets[f.end - 1] + len(self.texts[f.end - 1])
            mention = Mention(
                doc_id=self.document.id,
                span=TextSpan(start_char, end_char, self.doc_text[start_char:end_char]),
                entity_key=f.key,
                kind=f.kind,
                method=f.method,
            )
            index._add(mention, entities[f.key], (f.start, f.end))
        return index


def resolve_entities(doc: Doc, document: Document, gazetteer: Gazetteer) -> EntityIndex:
    """Find the mentions of people, states, coalitions, organisations and places in a parsed
    document and resolve each to an entity whose key is stable across documents."""
    return _Resolver(doc, document, gazetteer).run()
