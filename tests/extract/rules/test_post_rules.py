"""Must / must-not tables of the POST_IN constructions of `graphbuild.extract.posts` (issue 12,
item 8), run through entities, coreference and the posts pass. Sentences are our own."""

from __future__ import annotations

import pytest
from spacy.language import Language

from graphbuild.extract.entities import resolve_entities
from graphbuild.extract.gazetteer import load_gazetteer
from graphbuild.extract.posts import CONFIDENCE, extract_posts
from graphbuild.records import Document, Statement

ASS, PAST = "asserted", "past"

Row = tuple[str, str, str, str]  # subject, relation, object, modality
Pair = tuple[str, str]  # subject, object: no post of the subject in the object is said held
Case = tuple[str, list[Row], list[Pair]]


def posts(nlp: Language, text: str) -> list[Statement]:
    document = Document(id="post-doc", text=text)
    doc = nlp(text)
    gazetteer = load_gazetteer()
    return list(extract_posts(doc, document, resolve_entities(doc, document, gazetteer), gazetteer))


TABLES: dict[str, list[Case]] = {
    # "X succeeded / replaced Y as <office>": Y held it (past), X holds it when asserted
    "post-succession": [
        (
            "Mark Carney replaced Justin Trudeau as Canada's prime minister in March.",
            [
                ("Justin Trudeau", "headOfGovernmentOf", "Canada", PAST),
                ("Mark Carney", "headOfGovernmentOf", "Canada", ASS),
            ],
            [],
        ),
        (
            "Ola Nordmann, who succeeded Lars Berg as president of Finland, spoke.",
            [
                ("Lars Berg", "headOfStateOf", "Finland", PAST),
                ("Ola Nordmann", "headOfStateOf", "Finland", ASS),
            ],
            [],
        ),
        (
            "Lars Berg retired in 2024 and was succeeded as president of Finland by Ola Nordmann.",
            [("Ola Nordmann", "headOfStateOf", "Finland", ASS)],
            [],
        ),
        # must-not twins: a purpose, a future, a negation do not make the successor hold it
        (
            "The party chose Ola Nordmann to replace Lars Berg as president of Finland.",
            [("Lars Berg", "headOfStateOf", "Finland", PAST)],
            [("Ola Nordmann", "Finland")],
        ),
        (
            "Ola Nordmann will succeed Lars Berg as president of Finland.",
            [("Lars Berg", "headOfStateOf", "Finland", PAST)],
            [("Ola Nordmann", "Finland")],
        ),
        (
            "Ola Nordmann did not replace Lars Berg as president of Finland.",
            [],
            [("Ola Nordmann", "Finland")],
        ),
        # a post in an organisation is none in a state
        ("Mark Rutte replaced Jens Stoltenberg as NATO chief.", [], [("Mark Rutte", "NATO")]),
    ],
    # "Y was succeeded by X": X takes the one head-of-state/government post the text gave Y
    "post-succeeded": [
        (
            "Lars Berg was the president of Finland. He was succeeded by Ola Nordmann in 2024.",
            [("Ola Nordmann", "headOfStateOf", "Finland", ASS)],
            [],
        ),
        (
            "Lars Berg was president of Finland until 2024. Ola Nordmann won the "
            "election and succeeded him.",
            [("Ola Nordmann", "headOfStateOf", "Finland", ASS)],
            [],
        ),
        # not when the succession is in something else, nor for a post that is no head's
        (
            "Lars Berg was the president of Finland. He was succeeded in the party by "
            "Ola Nordmann.",
            [],
            [("Ola Nordmann", "Finland")],
        ),
        (
            "Lars Berg was the foreign minister of Finland. He was succeeded by Alexander "
            "Stubb in 2024.",
            [],
            [("Ola Nordmann", "Finland")],
        ),
    ],
    # "As <office>, X ...", "X, as <office>, ...": the clause's subject holds it
    "post-as-adjunct": [
        (
            "In 2019, as mayor of Lima, Pedro Alvarez opened the bridge.",
            [("Pedro Alvarez", "headOfGovernmentOf", "Lima", ASS)],
            [],
        ),
        (
            "Ola Nordmann, as president of Finland, signed the treaty.",
            [("Ola Nordmann", "headOfStateOf", "Finland", ASS)],
            [],
        ),
        (
            "As president of Finland, Ola Nordmann has visited Kyiv twice.",
            [("Ola Nordmann", "headOfStateOf", "Finland", ASS)],
            [],
        ),
        # a hypothetical clause, and "as" that only introduces an apposition
        (
            "As president of Finland, Ola Nordmann would cut taxes.",
            [],
            [("Ola Nordmann", "Finland")],
        ),
        (
            "Olaf Scholz praised the plan, as mayor of Lima, Pedro Alvarez, said.",
            [],
            [("Olaf Scholz", "Lima")],
        ),
    ],
    # "his tenure as <office>", "X's term as <office>": the possessor holds it
    "post-tenure": [
        (
            "Olaf Scholz said his tenure as chancellor of Germany ended in 2025.",
            [("Olaf Scholz", "headOfGovernmentOf", "Germany", ASS)],
            [],
        ),
        (
            "Olaf Scholz's term as chancellor of Germany was short.",
            [("Olaf Scholz", "headOfGovernmentOf", "Germany", ASS)],
            [],
        ),
        (
            "Giorgia Meloni spoke in Rome. During her time as prime minister of Italy, the "
            "economy grew.",
            [("Giorgia Meloni", "headOfGovernmentOf", "Italy", ASS)],
            [],
        ),
        # "its" is no person's, "her" no man's; two men leave "his" unresolved
        (
            "Pedro Alvarez spoke in Lima. The talks were hosted by Peru in its capacity as "
            "chair of the bloc.",
            [],
            [("Pedro Alvarez", "Peru")],
        ),
        (
            "Olaf Scholz spoke in Rome. During her time as prime minister of Italy, the "
            "economy grew.",
            [],
            [("Olaf Scholz", "Italy")],
        ),
        (
            "Olaf Scholz met Emmanuel Macron. During his time as president of Finland, the "
            "economy grew.",
            [],
            [("Olaf Scholz", "Finland"), ("Emmanuel Macron", "Finland")],
        ),
    ],
    # "the presidency of X", "X's premiership", "the X administration"
    "post-tenure-noun": [
        (
            "Under the presidency of Emmanuel Macron, France raised its defence budget.",
            [("Emmanuel Macron", "headOfStateOf", "France", ASS)],
            [],
        ),
        (
            "Chubais was an influential member of Boris Yeltsin's administration in Russia.",
            [("Boris Yeltsin", "headOfStateOf", "Russia", ASS)],
            [],
        ),
        (
            "Chubais served in the Boris Yeltsin administration, and Russia grew poorer. "
            "Russia then changed.",
            [("Boris Yeltsin", "headOfStateOf", "Russia", ASS)],
            [],
        ),
        (
            "Olaf Scholz's chancellorship in Germany lasted three years.",
            [("Olaf Scholz", "headOfGovernmentOf", "Germany", ASS)],
            [],
        ),
        (
            "Syria changed after the fall of the Assad regime in Syria.",
            [("Assad", "headOfStateOf", "Syria", ASS)],
            [],
        ),
        (
            "Guillermo Endara opposed the Manuel Noriega military dictatorship in Panama.",
            [("Manuel Noriega", "headOfStateOf", "Panama", ASS)],
            [],
        ),
        # hypothetical, future, a bid, a body's presidency, a city, a regime of no one
        ("Iran condemned the sanctions regime imposed on Syria.", [], []),
        (
            "Kamala Harris campaigned in the United States. A Harris presidency would change "
            "the United States.",
            [],
            [("Kamala Harris", "United States")],
        ),
        (
            "Donald Trump's bid for the presidency of the United States failed in 2020.",
            [],
            [("Donald Trump", "United States")],
        ),
        ("Poland held the presidency of the European Union in 2025.", [], []),
        (
            "He worked for the Barack Obama administration in Washington.",
            [],
            [("Barack Obama", "Washington")],
        ),
    ],
    # a plural title and the list of names it introduces
    "post-plural-title": [
        (
            "Guests included Presidents Recep Tayyip Erdogan (Türkiye) and Emmanuel Macron "
            "(France).",
            [
                ("Recep Tayyip Erdoğan", "headOfStateOf", "Turkey", ASS),
                ("Emmanuel Macron", "headOfStateOf", "France", ASS),
            ],
            [],
        ),
        (
            "Prime Ministers Keir Starmer (United Kingdom), Pedro Sánchez (Spain) and Giorgia "
            "Meloni (Italy) arrived.",
            [
                ("Keir Starmer", "headOfGovernmentOf", "United Kingdom", ASS),
                ("Pedro Sánchez", "headOfGovernmentOf", "Spain", ASS),
                ("Giorgia Meloni", "headOfGovernmentOf", "Italy", ASS),
            ],
            [],
        ),
        (
            "Presidents Donald Trump and Vladimir Putin met in the United States, a day after "
            "Russia said they would.",
            [
                ("Donald Trump", "headOfStateOf", "United States", ASS),
                ("Vladimir Putin", "headOfStateOf", "Russia", ASS),
            ],
            [],
        ),
        # the places stay with their names; a plural title with no list names nobody
        (
            "Presidents Emmanuel Macron (France) and Ola Nordmann (Finland) met.",
            [("Ola Nordmann", "headOfStateOf", "Finland", ASS)],
            [("Emmanuel Macron", "Finland"), ("Ola Nordmann", "France")],
        ),
        ("The Presidents of France and Finland met in Paris.", [], []),
    ],
    # a role noun as a title with its state: the one head post the person is known to hold
    "post-role-title": [
        (
            "Trump met his Russian counterpart Vladimir Putin in Alaska.",
            [("Vladimir Putin", "headOfStateOf", "Russia", ASS)],
            [],
        ),
        (
            "Hungarian strongman Viktor Orban blocked the package.",
            [("Viktor Orbán", "headOfGovernmentOf", "Hungary", ASS)],
            [],
        ),
        (
            "Emmanuel Macron called his Ukrainian counterpart, Volodymyr Zelensky, on Friday.",
            [],
            [("Emmanuel Macron", "Ukraine")],
        ),
        # no known head post there, no state with the role: nothing
        ("The Belarusian strongman Pedro Alvarez spoke.", [], [("Pedro Alvarez", "Belarus")]),
        (
            "Trump met his counterpart Vladimir Putin in Alaska.",
            [],
            [("Vladimir Putin", "United States")],
        ),
    ],
    # a style between the title and the name ("Emir Sheikh X"), a crown prince
    "post-title-name": [
        (
            "Talks were hosted by Qatar's Emir Sheikh Tamim bin Hamad Al Thani in Doha.",
            [("Tamim bin Hamad Al Thani", "headOfStateOf", "Qatar", ASS)],
            [],
        ),
        (
            "Saudi Crown Prince Mohammed bin Salman hosted the talks.",
            [("Mohammed bin Salman", "holdsPostIn", "Saudi Arabia", ASS)],
            [],
        ),
    ],
}


@pytest.mark.parametrize(
    ("rule", "text", "must", "must_not"),
    [(rule, *case) for rule, table in TABLES.items() for case in table],
)
def test_post_rule_table(nlp, rule, text, must, must_not):
    statements = posts(nlp, text)
    mine = {
        (s.subject.label, s.relation, s.object.label, s.modality.value)
        for s in statements
        if s.rule == rule
    }
    for row in must:
        assert row in mine, f"{rule} missed {row}; it wrote {sorted(mine)}"
    held = {
        (s.subject.label, s.object.label)
        for s in statements
        if s.modality.value in {ASS, PAST}
        and not (s.modality.value == PAST and s.rule == "post-succession")
    }
    asserted = {(s.subject.label, s.object.label) for s in statements if s.modality.value == ASS}
    for pair in must_not:
        assert pair not in asserted, f"unexpected {pair}: {sorted(held)}"


def test_every_post_rule_has_a_confidence_and_a_table():
    named = {rule.removeprefix("post-") for rule in TABLES}
    assert named - {"title-name"} <= set(CONFIDENCE), named - set(CONFIDENCE)
