"""Direct quotations in a parsed document: which tokens someone is quoted as saying.

Entity resolution needs them before relation extraction does (a "he" inside a quote is not its
speaker), so they live below both; the rules match `modality.quotation_spans`.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from graphbuild.extract.spans import doc_text

QUOTE_MARKS = frozenset({"'", '"', "\u2018", "\u2019", "\u201c", "\u201d", "``", "''"})
_QUOTE_OR_BREAK = re.compile("[\n'\"`\u2018\u2019\u201c\u201d]")
_BOUNDS = "graphbuild_quotation_bounds"


def possessive_apostrophe(token: Token) -> bool:
    """ "the leaders' summit": an apostrophe glued to a plural and followed by its noun."""
    if token.i == 0 or token.i + 1 >= len(token.doc) or token.text not in {"'", "\u2019"}:
        return False
    before, after = token.doc[token.i - 1], token.doc[token.i + 1]
    return (
        not before.whitespace_
        and before.lower_.endswith("s")
        and bool(token.whitespace_)
        and after.pos_ in {"NOUN", "PROPN", "ADJ"}
    )


def quotation_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) tokens of each outermost direct quotation, marks included, within a paragraph.

    A mark glued to the word after it opens a quotation and one glued to the word before it
    closes one, so quotations nested with the same mark ("'He said 'your election was rigged,''
    Trump claimed") pair up; a mark spaced on both sides opens or closes whichever fits.
    Found once a document (entities and relations both ask); the caller must not change it."""
    known: list[tuple[int, int]] | None = doc.user_data.get(_BOUNDS)
    if known is None:
        known = doc.user_data[_BOUNDS] = _quotation_bounds(doc)
    return known


def _quotation_bounds(doc: Doc) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    opening, depth = 0, 0
    # Only tokens holding a quote mark or a line break matter: find them in the text, not by
    # walking every token.
    starts = doc.to_array(IDX).tolist() if len(doc) else []
    marked = sorted(
        {bisect_right(starts, m.start()) - 1 for m in _QUOTE_OR_BREAK.finditer(doc_text(doc))}
    )
    for i in marked:
        token = doc[i]
        if "\n\n" in token.text_with_ws or token.text.startswith("\n"):
            depth = 0
        if token.text not in QUOTE_MARKS or possessive_apostrophe(token):
            continue
        if _opens(token, depth):
            if depth == 0:
                opening = i
            depth += 1
        elif depth > 0:
            depth = 0 if token.text == "''" else depth - 1
            if depth == 0 and i - opening > 1:
                bounds.append((opening, i + 1))
    return bounds


def _opens(token: Token, depth: int) -> bool:
    """Whether a quote mark opens a quotation (else it closes one)."""
    if token.text in {"\u201c", "\u2018", "``"}:
        return True
    if token.text in {"\u201d", "''"}:
        return False
    doc, i = token.doc, token.i
    spaced_before = i == 0 or bool(doc[i - 1].whitespace_) or doc[i - 1].is_space
    spaced_after = (
        i + 1 == len(doc) or bool(token.whitespace_) or doc[i + 1].is_space or doc[i + 1].is_punct
    )
    if spaced_before != spaced_after:
        return spaced_before
    return depth == 0
