"""Verbal and predicative triggers (graphbuild.extract.rules.verbal): one table per rule."""

from __future__ import annotations

import pytest
from rule_tables import ASS, FUT, HYP, NEG, POS, Case, Row, Triple, cases, check
from spacy.language import Language

TABLES: dict[str, list[Case]] = {
    "svo-active": [
        # a group's members after a group verb, also those named "along with allies such as"
        (
            "The coalition of the willing, launched in March, brings together 30 countries along"
            " with allies such as Japan and Canada.",
            [
                ("Japan", "memberOf", "coalition of the willing", POS, ASS),
                ("Canada", "memberOf", "coalition of the willing", POS, ASS),
            ],
            [],
        ),
        (
            "NATO met in June. The alliance unites Poland and Latvia with partners like Norway.",
            [
                ("Poland", "memberOf", "NATO", POS, ASS),
                ("Norway", "memberOf", "NATO", POS, ASS),
            ],
            [],
        ),
        (
            # an event of the group gathers, it does not enrol
            "NATO's summit in Vilnius brought together Poland and Japan.",
            [],
            [("Japan", "memberOf", "NATO"), ("Poland", "memberOf", "NATO")],
        ),
        (
            "NATO did not bring together Japan and Korea.",
            [("Japan", "memberOf", "NATO", NEG, ASS)],
            [("Japan", "memberOf", "NATO")],
        ),
        (
            "Keir Starmer praised Emmanuel Macron on Tuesday.",
            [("Keir Starmer", "praises", "Emmanuel Macron", POS, ASS)],
            [],
        ),
        (
            "Keir Starmer did not praise Emmanuel Macron on Tuesday.",
            [("Keir Starmer", "praises", "Emmanuel Macron", NEG, ASS)],
            [("Keir Starmer", "praises", "Emmanuel Macron")],
        ),
        (
            "Britain condemned Russia and France sanctioned Iran.",
            [("France", "sanctions", "Iran", POS, ASS)],
            [],
        ),
        # an embedded question ("whether", "if") asks its content and asserts nothing
        (
            "It is unclear whether Germany supports Ukraine.",
            [("Germany", "supports", "Ukraine", POS, HYP)],
            [("Germany", "supports", "Ukraine")],
        ),
        (
            "Emmanuel Macron asked whether Russia had attacked Moldova.",
            [("Russia", "attacks", "Moldova", POS, HYP)],
            [("Russia", "attacks", "Moldova")],
        ),
        (
            "Reporters wanted to know if Hungary had condemned Russia, but Viktor Orban said"
            " nothing.",
            [],
            [("Hungary", "condemns", "Russia")],
        ),
        (
            # a clause that merely follows a question is asserted as usual
            "Olaf Scholz asked whether talks would resume, and Poland condemned Russia.",
            [("Poland", "condemns", "Russia", POS, ASS)],
            [],
        ),
        (
            "Indian strikes damaged several Pakistani airfields.",
            [("India", "attacks", "Pakistan", POS, ASS)],
            [],
        ),
        (
            # what damages an economy is no armed attack, and a tariff is not its owner's force
            "Donald Trump's tariffs damaged Canada's economy.",
            [],
            [("Donald Trump", "attacks", "Canada"), ("United States", "attacks", "Canada")],
        ),
        # a measure stands for its author: named before it ("the American plan", "a Commission
        # proposal") or after "by"; a place before it is its topic, not its author
        (
            "Hungary rejected the American plan.",
            [("Hungary", "rejects", "United States", POS, ASS)],
            [],
        ),
        (
            "Hungary did not reject the American plan.",
            [("Hungary", "rejects", "United States", NEG, ASS)],
            [("Hungary", "rejects", "United States")],
        ),
        (
            "Germany welcomed the proposal put forward by Donald Trump.",
            [("Germany", "praises", "Donald Trump", POS, ASS)],
            [],
        ),
        (
            "Hungary rejected the Gaza plan.",
            [],
            [("Hungary", "rejects", "Gaza")],
        ),
        (
            "Poland rejected the plan to help Ukraine.",
            [],
            [("Poland", "rejects", "Ukraine")],
        ),
        # a reciprocal object: each subject did it to the others
        (
            "India and Pakistan blamed each other for the attack.",
            [
                ("India", "blames", "Pakistan", POS, ASS),
                ("Pakistan", "blames", "India", POS, ASS),
            ],
            [],
        ),
        (
            "The fighting between Chile and Peru began in May. Each side blamed the other.",
            [("Chile", "blames", "Peru", POS, ASS), ("Peru", "blames", "Chile", POS, ASS)],
            [],
        ),
        (
            "Germany and France have never criticised one another.",
            [("Germany", "criticises", "France", NEG, ASS)],
            [("Germany", "criticises", "France"), ("France", "criticises", "Germany")],
        ),
        (
            # the urged pair would attack each other; the one who urges attacks nobody
            "Keir Starmer urged Israel and Iran to stop attacking each other.",
            [],
            [
                ("Israel", "attacks", "Iran"),
                ("Keir Starmer", "attacks", "Israel"),
                ("Keir Starmer", "attacks", "Iran"),
            ],
        ),
        (
            # "each country" of a larger group is no pair; "the other members" are not its subject
            "NATO agreed that each country would spend more, and Germany praised the other"
            " members.",
            [],
            [("Germany", "praises", "Germany"), ("Germany", "praises", "NATO")],
        ),
        # a wire dateline ("PLACE, Country >>") is where the report was filed, not the subject
        (
            "BERLIN, Germany >> Chancellor Friedrich Merz criticised Donald Trump on Monday.",
            [("Friedrich Merz", "criticises", "Donald Trump", POS, ASS)],
            [("Germany", "criticises", "Donald Trump")],
        ),
        (
            "THE HAGUE, Netherlands — Mark Rutte praised Donald Trump at the summit.",
            [("Mark Rutte", "praises", "Donald Trump", POS, ASS)],
            [("Netherlands", "praises", "Donald Trump")],
        ),
        (
            # a capital in its own sentence, in ordinary case, is its government
            "Berlin, long cautious, condemned Russia on Monday.",
            [("Germany", "condemns", "Russia", POS, ASS)],
            [],
        ),
    ],
    "svo-passive": [
        (
            "Ukraine was backed by Britain throughout the winter.",
            [("United Kingdom", "supports", "Ukraine", POS, ASS)],
            [],
        ),
        (
            "Ukraine may soon be backed by Britain, officials said.",
            [("United Kingdom", "supports", "Ukraine", POS, HYP)],
            [("United Kingdom", "supports", "Ukraine")],
        ),
    ],
    "svo-relative": [
        (
            "Vladimir Putin, who invaded Ukraine in 2022, spoke on Friday.",
            [("Vladimir Putin", "invades", "Ukraine", POS, ASS)],
            [],
        ),
        (
            "Vladimir Putin, who never visited Kyiv, spoke on Friday.",
            [],
            [("Vladimir Putin", "visits", "Kyiv")],
        ),
    ],
    "svo-participle": [
        (
            "Russian troops attacking Ukraine were seen by Polish observers.",
            [("Russia", "attacks", "Ukraine", POS, ASS)],
            [("Poland", "attacks", "Ukraine")],
        ),
    ],
    "svo-complement": [
        (
            "Volodymyr Zelensky agreed to meet Vladimir Putin in Istanbul.",
            [("Volodymyr Zelensky", "meetsWith", "Vladimir Putin", POS, FUT)],
            [("Volodymyr Zelensky", "meetsWith", "Vladimir Putin")],
        ),
        (
            # object control: the one pressed is the one who would condemn
            "Emmanuel Macron pressed Donald Trump to condemn Russia.",
            [("Donald Trump", "condemns", "Russia", POS, HYP)],
            [("Emmanuel Macron", "condemns", "Russia")],
        ),
        (
            "Volodymyr Zelensky refused to meet Vladimir Putin in Istanbul.",
            [("Volodymyr Zelensky", "meetsWith", "Vladimir Putin", NEG, ASS)],
            [("Volodymyr Zelensky", "meetsWith", "Vladimir Putin")],
        ),
    ],
    "svo-coordination": [
        (
            "Britain condemned and sanctioned Russia on Monday.",
            [
                ("United Kingdom", "condemns", "Russia", POS, ASS),
                ("United Kingdom", "sanctions", "Russia", POS, ASS),
            ],
            [],
        ),
        (
            "Donald Trump met Vladimir Putin and praised him.",
            [("Donald Trump", "praises", "Vladimir Putin", POS, ASS)],
            [],
        ),
        (
            "Donald Trump met Vladimir Putin, and Emmanuel Macron praised Volodymyr Zelensky.",
            [],
            [("Donald Trump", "praises", "Volodymyr Zelensky")],
        ),
        (
            # the parser hangs France on Russia, but it is the subject of the next verb
            "Britain condemned Russia and France sanctioned Iran.",
            [],
            [("United Kingdom", "sanctions", "Iran"), ("United Kingdom", "condemns", "France")],
        ),
    ],
    "svo-jurisdiction": [
        (
            "Palestine Action was proscribed in the United Kingdom last year.",
            [("United Kingdom", "opposes", "Palestine Action", POS, ASS)],
            [],
        ),
        (
            # only a state proscribes: a city named as the place does not
            "Palestine Action was proscribed in London last year.",
            [],
            [("London", "opposes", "Palestine Action")],
        ),
    ],
    "threat-complement": [
        (
            "Donald Trump threatened to impose tariffs on Brazil.",
            [("Donald Trump", "threatens", "Brazil", POS, ASS)],
            [("Donald Trump", "sanctions", "Brazil")],
        ),
        (
            "Donald Trump decided not to impose tariffs on Brazil.",
            [],
            [("Donald Trump", "threatens", "Brazil"), ("Donald Trump", "sanctions", "Brazil")],
        ),
    ],
    "compound-participle": [
        (
            "The US-backed government of Ukraine held firm.",
            [("United States", "supports", "Ukraine", POS, ASS)],
            [],
        ),
        (
            # the backer of an attacker attacks no one
            "The Iran-backed Houthis attacked Israel on Sunday.",
            [("Iran", "supports", "Houthis", POS, ASS)],
            [("Iran", "attacks", "Israel")],
        ),
    ],
    "reciprocal": [
        (
            "Donald Trump and Vladimir Putin met in Alaska.",
            [("Donald Trump", "meetsWith", "Vladimir Putin", POS, ASS)],
            [],
        ),
        (
            "Donald Trump and Vladimir Putin will meet in Budapest.",
            [("Donald Trump", "meetsWith", "Vladimir Putin", POS, FUT)],
            [("Donald Trump", "meetsWith", "Vladimir Putin")],
        ),
        (
            # visiting a place together is not meeting each other
            "Donald Trump and Vladimir Putin visited Alaska.",
            [],
            [("Donald Trump", "meetsWith", "Vladimir Putin")],
        ),
        (
            "Pedro Sánchez and Olaf Scholz held talks in Madrid on Friday.",
            [("Pedro Sánchez", "talksWith", "Olaf Scholz", POS, ASS)],
            [],
        ),
        (
            # attending a group's meeting together meets the group, not each other
            "Pedro Sánchez and Olaf Scholz took part in a meeting of NATO on Friday.",
            [],
            [
                ("Pedro Sánchez", "meetsWith", "Olaf Scholz"),
                ("Olaf Scholz", "meetsWith", "Pedro Sánchez"),
            ],
        ),
        (
            "Pedro Sánchez and Olaf Scholz joined a virtual meeting of the coalition of the willing.",
            [],
            [
                ("Pedro Sánchez", "meetsWith", "Olaf Scholz"),
                ("Olaf Scholz", "meetsWith", "Pedro Sánchez"),
            ],
        ),
    ],
    "svo-predicate": [
        (
            "Emmanuel Macron was angry with Donald Trump.",
            [("Emmanuel Macron", "opposes", "Donald Trump", POS, ASS)],
            [],
        ),
        (
            "Emmanuel Macron was grateful to Keir Starmer.",
            [("Emmanuel Macron", "praises", "Keir Starmer", POS, ASS)],
            [],
        ),
        (
            "Emmanuel Macron was happy with the deal that Donald Trump rejected.",
            [],
            [("Emmanuel Macron", "praises", "Donald Trump")],
        ),
    ],
}


@pytest.mark.parametrize(("rule", "text", "must", "must_not"), cases(TABLES))
def test_verbal_rules(
    nlp: Language, rule: str, text: str, must: list[Row], must_not: list[Triple]
) -> None:
    check(nlp, rule, text, must, must_not)
