"""Nominal and light-verb triggers (graphbuild.extract.rules.nominal) and agent nouns
(graphbuild.extract.rules.agent_nouns): one table per rule."""

from __future__ import annotations

import pytest
from rule_tables import ASS, NEG, PAST, POS, Case, Row, Triple, cases, check
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
            "Donald Trump and Benjamin Netanyahu heaped praise on one another in Jerusalem.",
            [
                ("Donald Trump", "praises", "Benjamin Netanyahu", POS, ASS),
                ("Benjamin Netanyahu", "praises", "Donald Trump", POS, ASS),
            ],
            [],
        ),
        (
            "Slovakia voiced its opposition to a European Commission proposal.",
            [("Slovakia", "opposes", "European Commission", POS, ASS)],
            [],
        ),
        (
            "Emmanuel Macron showered praise on Olaf Scholz.",
            [("Emmanuel Macron", "praises", "Olaf Scholz", POS, ASS)],
            [("Olaf Scholz", "praises", "Emmanuel Macron")],
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
        # "former", "ex-", "once", "formerly": the stance held and no longer does (past)
        (
            "Keir Starmer, a former supporter of Jeremy Corbyn, spoke on Monday.",
            [("Keir Starmer", "supports", "Jeremy Corbyn", POS, PAST)],
            [("Keir Starmer", "supports", "Jeremy Corbyn")],
        ),
        (
            "Emmanuel Macron, an ex-ally of Donald Trump, arrived in Rome.",
            [("Emmanuel Macron", "supports", "Donald Trump", POS, PAST)],
            [("Emmanuel Macron", "supports", "Donald Trump")],
        ),
        (
            "Viktor Orban was once a fierce critic of Vladimir Putin.",
            [("Viktor Orbán", "criticises", "Vladimir Putin", POS, PAST)],
            [("Viktor Orbán", "criticises", "Vladimir Putin")],
        ),
        (
            "Germany, formerly a backer of Hungary, changed course.",
            [("Germany", "supports", "Hungary", POS, PAST)],
            [("Germany", "supports", "Hungary")],
        ),
        (
            # a longtime stance still holds
            "Poland, a longtime supporter of Ukraine, sent more tanks.",
            [("Poland", "supports", "Ukraine", POS, ASS)],
            [],
        ),
        (
            # "former" on the possessor, not on the stance noun, ends nothing
            "The former president's critics in Kyiv include Petro Poroshenko.",
            [],
            [],
        ),
    ],
}


@pytest.mark.parametrize(("rule", "text", "must", "must_not"), cases(TABLES))
def test_nominal_rules(
    nlp: Language, rule: str, text: str, must: list[Row], must_not: list[Triple]
) -> None:
    check(nlp, rule, text, must, must_not)
