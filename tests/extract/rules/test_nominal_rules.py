"""Nominal and light-verb triggers (graphbuild.extract.rules.nominal) and agent nouns
(graphbuild.extract.rules.agent_nouns): one table per rule."""

from __future__ import annotations

import pytest
from rule_tables import ASS, NEG, POS, Case, Row, Triple, cases, check
from spacy.language import Language

TABLES: dict[str, list[Case]] = {
    "nominal": [
        (
            "Donald Trump's summit with Vladimir Putin was short.",
            [("Donald Trump", "meetsWith", "Vladimir Putin", POS, ASS)],
            [],
        ),
        (
            "The Zelensky-Trump meeting lasted an hour.",
            [("Donald Trump", "meetsWith", "Volodymyr Zelensky", POS, ASS)],
            [],
        ),
        (
            # the one who reports on a summit did not attend it
            "Donald Trump's summit was short, Vladimir Putin said.",
            [],
            [("Vladimir Putin", "meetsWith", "Donald Trump")],
        ),
    ],
    "nominal-light-verb": [
        (
            "Keir Starmer held talks with Emmanuel Macron in London.",
            [("Keir Starmer", "talksWith", "Emmanuel Macron", POS, ASS)],
            [],
        ),
        (
            "The European Union imposed sanctions on Russia.",
            [("European Union", "sanctions", "Russia", POS, ASS)],
            [],
        ),
        (
            "The European Union did not impose sanctions on Russia.",
            [("European Union", "sanctions", "Russia", NEG, ASS)],
            [("European Union", "sanctions", "Russia")],
        ),
        (
            # the negation sits on the verb one takes part through, not on the event noun
            "Emmanuel Macron did not take part in talks with Vladimir Putin.",
            [],
            [("Emmanuel Macron", "talksWith", "Vladimir Putin")],
        ),
        (
            # an attack named in a time adjunct is not the clause subject's
            "After a Russian attack on Kyiv, Donald Trump spoke to reporters.",
            [],
            [("Donald Trump", "attacks", "Kyiv")],
        ),
    ],
    "nominal-between": [
        (
            "The talks between Russia and Ukraine resumed in Geneva.",
            [("Russia", "talksWith", "Ukraine", POS, ASS)],
            [],
        ),
        (
            "Talks on a truce between Russia and Ukraine never began.",
            [],
            [("Russia", "talksWith", "Ukraine"), ("Russia", "cooperatesWith", "Ukraine")],
        ),
    ],
    "nominal-received": [
        (
            "Donald Trump faced criticism from Emmanuel Macron.",
            [("Emmanuel Macron", "criticises", "Donald Trump", POS, ASS)],
            [],
        ),
        (
            "Israel came under attack from Iran overnight.",
            [("Iran", "attacks", "Israel", POS, ASS)],
            [],
        ),
        (
            # criticism "of" a policy names its target, not who criticised
            "Donald Trump faced criticism of his policy on Ukraine.",
            [],
            [("Ukraine", "criticises", "Donald Trump")],
        ),
    ],
    "nominal-agent": [
        (
            "Keir Starmer, a staunch supporter of Ukraine, spoke in Kyiv.",
            [("Keir Starmer", "supports", "Ukraine", POS, ASS)],
            [],
        ),
        (
            "Britain is Ukraine's strongest backer.",
            [("United Kingdom", "supports", "Ukraine", POS, ASS)],
            [],
        ),
        (
            "Kremlin critic Alexei Navalny died in prison.",
            [("Alexei Navalny", "criticises", "Russia", POS, ASS)],
            [],
        ),
        (
            # meeting a supporter of someone is not supporting them
            "Keir Starmer met a supporter of Jeremy Corbyn in Kyiv.",
            [],
            [("Keir Starmer", "supports", "Jeremy Corbyn")],
        ),
    ],
}


@pytest.mark.parametrize(("rule", "text", "must", "must_not"), cases(TABLES))
def test_nominal_rules(
    nlp: Language, rule: str, text: str, must: list[Row], must_not: list[Triple]
) -> None:
    check(nlp, rule, text, must, must_not)
