"""The per-document state rules share: the parse, the resolved entities, the word lists, the
antecedent oracle, and the lookups they all need (token arrays, quotations)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.attrs import LEMMA, ORTH, POS
from spacy.tokens import Doc, Span, Token

from graphbuild.extract.coref import Coref
from graphbuild.extract.entities import EntityIndex
from graphbuild.extract.gazetteer import Gazetteer
from graphbuild.extract.lexicon import Lexicon
from graphbuild.extract.modality import Context, CueWords, assess, quotation_spans
from graphbuild.records import Document

if TYPE_CHECKING:
    from graphbuild.extract.rules.triggers import TriggerFamily


@dataclass(slots=True)
class RuleContext:
    """One document as the rules see it. `coref` answers who a token names and remembers the
    attacks asserted so far; `person_like` and `families` are lookups made once per document."""

    doc: Doc
    document: Document
    index: EntityIndex
    lexicon: Lexicon
    cues: CueWords
    gazetteer: Gazetteer | None
    coref: Coref
    quotes: list[Span]
    orths: list[int]  # orth hash of every token
    _lemmas: list[int]
    _by_pos: dict[int, list[int]]  # coarse POS id -> its tokens, in text order
    person_like: dict[str, bool] = field(default_factory=dict)  # entity key -> named as a person
    families: dict[int, TriggerFamily] = field(default_factory=dict)  # id(lexicon row) -> family

    @classmethod
    def of(
        cls,
        doc: Doc,
        document: Document,
        index: EntityIndex,
        lexicon: Lexicon,
        cues: CueWords,
        gazetteer: Gazetteer | None,
    ) -> RuleContext:
        """The context of a parsed document (token arrays read once)."""
        pos, lemmas, orths = doc.to_array([POS, LEMMA, ORTH]).T.tolist()
        by_pos: dict[int, list[int]] = {}
        for i, p in enumerate(pos):
            by_pos.setdefault(p, []).append(i)
        return cls(
            doc,
            document,
            index,
            lexicon,
            cues,
            gazetteer,
            Coref(doc, document, index, lexicon, cues, gazetteer),
            quotation_spans(doc),
            orths,
            lemmas,
            by_pos,
        )

    def assess(self, token: Token) -> Context:
        """Polarity, modality and speaker of the clause around `token`."""
        return assess(token, self.index, cues=self.cues, quotes=self.quotes)

    def tokens_tagged(
        self, pos_ids: frozenset[int], wanted: Callable[[str], bool]
    ) -> Iterator[Token]:
        """The document's tokens whose coarse POS is one of `pos_ids` and whose lower-case lemma
        is `wanted`, in text order (each lemma is tested once; no Token is made for the rest)."""
        strings = self.doc.vocab.strings
        verdicts: dict[int, bool] = {}
        by_pos = self._by_pos
        positions = sorted(i for pos in pos_ids for i in by_pos.get(pos, ()))
        lemmas = self._lemmas
        for i in positions:
            lemma = lemmas[i]
            verdict = verdicts.get(lemma)
            if verdict is None:
                verdict = verdicts[lemma] = wanted(strings[lemma].lower())
            if verdict:
                yield self.doc[i]
