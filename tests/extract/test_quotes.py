"""Direct quotations found in parsed news text."""

from __future__ import annotations

import pytest
from spacy.language import Language

from graphbuild.extract.quotes import quotation_bounds


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        ("'We're ready,' he said.", ["'We're ready,'"]),
        ('Trump\'s envoy said "no deal" was possible.', ['"no deal"']),
        (
            "The leaders' summit ended. 'We will meet again,' Macron said.",
            ["'We will meet again,'"],
        ),
        # a quotation nested with the same mark stays inside the outer one
        (
            "'He said 'your election was rigged,'' Trump claimed. 'He said, 'no country has "
            "it.' And he said that to me.' Trump smiled.",
            [
                "'He said 'your election was rigged,''",
                "'He said, 'no country has it.' And he said that to me.'",
            ],
        ),
        (
            "\u201cWe stand with Ukraine,\u201d Starmer said.",
            ["\u201cWe stand with Ukraine,\u201d"],
        ),
    ],
)
def test_quotation_bounds(nlp: Language, text: str, quotes: list[str]) -> None:
    doc = nlp(text)
    assert [doc[start:end].text for start, end in quotation_bounds(doc)] == quotes


def test_quotation_never_spans_paragraphs(nlp: Language) -> None:
    doc = nlp("'We will not give up.\n\nStarmer said the talks went well.' Trump left.")
    assert all("\n\n" not in doc[start:end].text for start, end in quotation_bounds(doc))
