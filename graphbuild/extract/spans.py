"""Conversions from spaCy tokens and spans to the offset records the rest of the pipeline uses."""

from __future__ import annotations

from bisect import bisect_right

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span, Token

from graphbuild.records import TextSpan

_SENT_STARTS = "graphbuild_sent_starts"
_SENT_SPANS = "graphbuild_sent_spans"
_TEXT = "graphbuild_text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once a document: spaCy joins every token's text anew on each call."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Record that `doc` was parsed from `text` (spaCy's tokenizer keeps every character, so
    `doc.text == text`), sparing `doc_text` the join."""
    doc.user_data[_TEXT] = text


def text_span(item: Span | Token) -> TextSpan:
    """Character offsets and text of a token or span, relative to the document text."""
    if isinstance(item, Token):
        return TextSpan(item.idx, item.idx + len(item.text), item.text)
    start, end = item.start_char, item.end_char
    return TextSpan(start, end, doc_text(item.doc)[start:end])


def sentence_starts(doc: Doc) -> list[int]:
    """First token of each sentence, found once a document."""
    starts = doc.user_data.get(_SENT_STARTS)
    if starts is None:
        starts = [sent.start for sent in doc.sents]
        doc.user_data[_SENT_STARTS] = starts
    return starts


def sentence_texts(doc: Doc) -> list[tuple[int, int, str]]:
    """(start char, end char, text) of each sentence, from token offsets and the text joined once
    (a Span's text joins its tokens anew)."""
    starts = sentence_starts(doc)
    if not starts:
        return []
    offsets, lengths = doc.to_array([IDX, LENGTH]).T.tolist()
    text = doc_text(doc)
    ends = [*starts[1:], len(doc)]
    return [
        (
            offsets[a],
            offsets[b - 1] + lengths[b - 1],
            text[offsets[a] : offsets[b - 1] + lengths[b - 1]],
        )
        for a, b in zip(starts, ends, strict=True)
    ]


def sentence_index(token: Token) -> int:
    """Index (0-based, in document order) of the sentence that holds `token`."""
    return bisect_right(sentence_starts(token.doc), token.i) - 1


def sentence_bounds(token: Token) -> tuple[int, int]:
    """Start and end token of the sentence that holds `token`: `token.sent` without the scan."""
    starts = sentence_starts(token.doc)
    number = bisect_right(starts, token.i) - 1
    end = starts[number + 1] if number + 1 < len(starts) else len(token.doc)
    return starts[number], end


def sentence_span(token: Token) -> TextSpan:
    """The sentence that holds `token`, as offsets into the document text (made once a sentence)."""
    doc = token.doc
    # plain tuples, so that the Doc can still be serialised with its user data
    spans: dict[int, tuple[int, int, str]] = doc.user_data.setdefault(_SENT_SPANS, {})
    start, end = sentence_bounds(token)
    known = spans.get(start)
    if known is None:
        sent = doc[start:end]
        first, last = sent.start_char, sent.end_char
        known = spans[start] = (first, last, doc_text(doc)[first:last])
    return TextSpan(*known)
