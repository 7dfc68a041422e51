"""Rules with a pass of their own: appeals, namings, predications and stances
(graphbuild.extract.rules.appeals, .namings, .predications, .stances): one table per rule."""

from __future__ import annotations

import pytest
from rule_tables import ASS, HYP, NEG, POS, Case, Row, Triple, cases, check
from spacy.language import Language

TABLES: dict[str, list[Case]] = {
    "appeal-punish": [
        (
            "Volodymyr Zelensky called for Vladimir Putin's arrest.",
            [("Volodymyr Zelensky", "opposes", "Vladimir Putin", POS, ASS)],
            [],
        ),
        (
            "Emmanuel Macron demanded tougher sanctions on Russia.",
            [("Emmanuel Macron", "opposes", "Russia", POS, ASS)],
            [],
        ),
        (
            # an appeal to undo a penalty is no appeal to punish
            "Viktor Orban called for sanctions on Russia to be lifted.",
            [],
            [("Viktor Orbán", "opposes", "Russia"), ("Viktor Orbán", "sanctions", "Russia")],
        ),
        (
            # calling someone about sanctions is a phone call
            "Donald Trump called Vladimir Putin about sanctions.",
            [],
            [("Donald Trump", "opposes", "Vladimir Putin")],
        ),
    ],
    "naming": [
        (
            "Donald Trump called Volodymyr Zelensky a dictator.",
            [("Donald Trump", "criticises", "Volodymyr Zelensky", POS, ASS)],
            [],
        ),
        (
            "Donald Trump never called Volodymyr Zelensky a dictator.",
            [("Donald Trump", "criticises", "Volodymyr Zelensky", NEG, ASS)],
            [("Donald Trump", "criticises", "Volodymyr Zelensky")],
        ),
        (
            "Donald Trump called Volodymyr Zelensky on Monday.",
            [],
            [("Donald Trump", "criticises", "Volodymyr Zelensky")],
        ),
    ],
    "speaker-predicate": [
        (
            "Joe Biden said Vladimir Putin was a war criminal.",
            [("Joe Biden", "criticises", "Vladimir Putin", POS, ASS)],
            [],
        ),
        (
            '"Volodymyr Zelensky is a brave man and a hero," Donald Trump said.',
            [("Donald Trump", "praises", "Volodymyr Zelensky", POS, ASS)],
            [],
        ),
        (
            "Joe Biden said Vladimir Putin was not a war criminal.",
            [("Joe Biden", "criticises", "Vladimir Putin", NEG, ASS)],
            [("Joe Biden", "criticises", "Vladimir Putin")],
        ),
        (
            # "no" on the name denies it as "not" does
            "Donald Trump insisted that Viktor Orban was no dictator.",
            [("Donald Trump", "criticises", "Viktor Orbán", NEG, ASS)],
            [("Donald Trump", "criticises", "Viktor Orbán")],
        ),
        # predicate adjectives: criticism, praise, and credit whose denial criticises
        (
            "JD Vance said Volodymyr Zelensky was disrespectful.",
            [("JD Vance", "criticises", "Volodymyr Zelensky", POS, ASS)],
            [],
        ),
        (
            '"Vladimir Putin is not serious about peace," Keir Starmer said on Sunday.',
            [("Keir Starmer", "criticises", "Vladimir Putin", POS, ASS)],
            [],
        ),
        (
            "Downing Street said the strikes showed that Vladimir Putin was not sincere.",
            [("United Kingdom", "criticises", "Vladimir Putin", POS, ASS)],
            [],
        ),
        (
            # plain credit signals nothing; denied blame is no blame
            "Keir Starmer said Vladimir Putin was serious about peace.",
            [],
            [
                ("Keir Starmer", "criticises", "Vladimir Putin"),
                ("Keir Starmer", "praises", "Vladimir Putin"),
            ],
        ),
        (
            "Olaf Scholz said Emmanuel Macron was never reckless.",
            [("Olaf Scholz", "criticises", "Emmanuel Macron", NEG, ASS)],
            [("Olaf Scholz", "criticises", "Emmanuel Macron")],
        ),
        (
            '"Giorgia Meloni is very brave," Donald Trump told reporters.',
            [("Donald Trump", "praises", "Giorgia Meloni", POS, ASS)],
            [],
        ),
        (
            # asked, not said
            "Joe Biden asked whether Vladimir Putin was dishonest.",
            [],
            [("Joe Biden", "criticises", "Vladimir Putin")],
        ),
        (
            # a reported question asks; it calls nobody anything
            "Joe Biden asked whether Vladimir Putin was a war criminal.",
            [("Joe Biden", "criticises", "Vladimir Putin", POS, HYP)],
            [("Joe Biden", "criticises", "Vladimir Putin")],
        ),
        (
            "A reporter asked Donald Trump if Volodymyr Zelensky was a dictator.",
            [],
            [
                ("Donald Trump", "criticises", "Volodymyr Zelensky"),
                ("A reporter", "criticises", "Volodymyr Zelensky"),
            ],
        ),
        (
            '"Is Vladimir Putin a war criminal?" Joe Biden asked on Tuesday.',
            [],
            [("Joe Biden", "criticises", "Vladimir Putin")],
        ),
        (
            # a name that is neither praise nor blame
            "Joe Biden said Vladimir Putin was a lawyer.",
            [],
            [
                ("Joe Biden", "criticises", "Vladimir Putin"),
                ("Joe Biden", "praises", "Vladimir Putin"),
            ],
        ),
    ],
    "stance-modifier": [
        (
            "Kneecap, a pro-Palestine band, played in London.",
            [("Kneecap", "supports", "Palestine", POS, ASS)],
            [],
        ),
        (
            "Viktor Orban, an anti-Ukraine populist, met Donald Trump.",
            [("Viktor Orbán", "opposes", "Ukraine", POS, ASS)],
            [("Donald Trump", "opposes", "Ukraine")],
        ),
        (
            # the stance of a song is not its band's
            "Kneecap, a Belfast band, played a pro-Palestine song.",
            [],
            [("Kneecap", "supports", "Palestine")],
        ),
    ],
}


@pytest.mark.parametrize(("rule", "text", "must", "must_not"), cases(TABLES))
def test_document_rules(
    nlp: Language, rule: str, text: str, must: list[Row], must_not: list[Triple]
) -> None:
    check(nlp, rule, text, must, must_not)
