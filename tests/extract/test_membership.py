"""MEMBER_OF extraction (issue #3): Wikipedia-style and news-style statements of membership, with
the real pipeline, and the cases that must not become membership facts."""

from __future__ import annotations

import pytest
from spacy.language import Language

from graphbuild.extract.entities import resolve_entities
from graphbuild.extract.gazetteer import load_gazetteer
from graphbuild.extract.relations import extract_relations
from graphbuild.records import Document, Family, Modality, Polarity, Statement

POS, NEG = "positive", "negative"
ASS, HYP = "asserted", "hypothetical"

Row = tuple[str, str, str, str, str]
Triple = tuple[str, str, str]


def _membership(nlp: Language, text: str) -> list[Statement]:
    document = Document(id="membership-doc", text=text)
    doc = nlp(text)
    index = resolve_entities(doc, document, load_gazetteer())
    return [s for s in extract_relations(doc, document, index) if s.family is Family.MEMBER_OF]


def _facts(statements: list[Statement]) -> set[Triple]:
    """(subject, family member, object) of the statements that would be asserted as facts."""
    return {
        (s.subject.label, "member", s.object.label)
        for s in statements
        if s.polarity is Polarity.POSITIVE and s.modality is Modality.ASSERTED
    }


# (text, statements that must be found, (subject, relation, object) that must not be at all)
FOUND: list[tuple[str, list[Row], list[Triple]]] = [
    (
        "Lithuania, which has been a member of NATO since 2004, hosted the alliance's summit.",
        [("Lithuania", "memberOf", "NATO", POS, ASS)],
        [],
    ),
    (
        "The African Union, of which Nigeria is a founding member, met in Addis Ababa.",
        [("Nigeria", "memberOf", "African Union", POS, ASS)],
        [("African Union", "memberOf", "Nigeria")],
    ),
    (
        "NATO's founding members were Belgium, Canada and Denmark.",
        [
            ("Belgium", "memberOf", "NATO", POS, ASS),
            ("Canada", "memberOf", "NATO", POS, ASS),
            ("Denmark", "memberOf", "NATO", POS, ASS),
        ],
        [],
    ),
    (
        "The G7 includes Japan, Canada and Italy as well as the United States.",
        [
            ("Japan", "memberOf", "G7", POS, ASS),
            ("Canada", "memberOf", "G7", POS, ASS),
            ("Italy", "memberOf", "G7", POS, ASS),
        ],
        [("G7", "memberOf", "Japan")],
    ),
    (
        "BRICS comprises Brazil, Russia, India, China and South Africa.",
        [("Brazil", "memberOf", "BRICS", POS, ASS), ("India", "memberOf", "BRICS", POS, ASS)],
        [],
    ),
    (
        "The Warsaw Pact consisted of the Soviet Union and seven satellite states.",
        [("Soviet Union", "memberOf", "Warsaw Pact", POS, ASS)],
        [("Warsaw Pact", "memberOf", "Soviet Union")],
    ),
    (
        "The coalition of the willing is made up of Britain, France and Canada.",
        [
            ("United Kingdom", "memberOf", "coalition of the willing", POS, ASS),
            ("Canada", "memberOf", "coalition of the willing", POS, ASS),
        ],
        [],
    ),
    (
        "Poland, Lithuania and other NATO members on the eastern flank have closed their borders.",
        [("Poland", "memberOf", "NATO", POS, ASS), ("Lithuania", "memberOf", "NATO", POS, ASS)],
        [],
    ),
    (
        "Sony Music includes Columbia Records and RCA Records.",
        [],
        [("Columbia Records", "memberOf", "Sony Music")],
    ),
    (
        "The European Union included Russia in its list of high-risk jurisdictions.",
        [],
        [("Russia", "memberOf", "European Union")],
    ),
    (
        "Eritrea gained independence in 1993. It is a member state of the African Union and"
        " of the United Nations.",
        [("Eritrea", "memberOf", "African Union", POS, ASS)],
        [],
    ),
    (
        "Namibia became independent in 1990. It is a United Nations member state, a member"
        " state of the African Union, and a member of the Commonwealth.",
        [
            ("Namibia", "memberOf", "United Nations", POS, ASS),
            ("Namibia", "memberOf", "African Union", POS, ASS),
            ("Namibia", "memberOf", "Commonwealth of Nations", POS, ASS),
        ],
        [],
    ),
    (
        "The Andean Community, whose members are Bolivia, Colombia, Ecuador and Peru, was"
        " founded in 1969.",
        [("Bolivia", "memberOf", "Andean Community", POS, ASS)],
        [],
    ),
    (
        "The Commonwealth has 56 member states, including India, Nigeria and Canada.",
        [
            ("India", "memberOf", "Commonwealth of Nations", POS, ASS),
            ("Canada", "memberOf", "Commonwealth of Nations", POS, ASS),
        ],
        [],
    ),
    (
        "New Zealand is a member of the Five Eyes intelligence alliance.",
        [("New Zealand", "memberOf", "Five Eyes", POS, ASS)],
        [],
    ),
    (
        "Mercosur countries such as Uruguay want a trade deal with the EU.",
        [("Uruguay", "memberOf", "Mercosur", POS, ASS)],
        [("Uruguay", "memberOf", "European Union")],
    ),
    (
        "As a NATO member, Turkey is obliged to defend its allies.",
        [("Turkey", "memberOf", "NATO", POS, ASS)],
        [],
    ),
    (
        "Canada, as a member of the G7, hosted the summit in Alberta.",
        [("Canada", "memberOf", "G7", POS, ASS)],
        [],
    ),
    (
        "Hungary and Slovakia, both EU members, have resisted new sanctions.",
        [
            ("Hungary", "memberOf", "European Union", POS, ASS),
            ("Slovakia", "memberOf", "European Union", POS, ASS),
        ],
        [],
    ),
    (
        "Montenegro joined NATO in 2017, a decade after it became independent.",
        [("Montenegro", "joins", "NATO", POS, ASS)],
        [],
    ),
    (
        "Croatia, a member state of the EU since 2013, adopted the euro in 2023.",
        [("Croatia", "memberOf", "European Union", POS, ASS)],
        [],
    ),
    (
        "Denmark is one of the twelve founding members of NATO.",
        [("Denmark", "memberOf", "NATO", POS, ASS)],
        [],
    ),
    (
        "Poland's accession to the European Union in 2004 transformed its economy.",
        [("Poland", "joins", "European Union", POS, ASS)],
        [],
    ),
    (
        "Finland's NATO accession was completed in April 2023.",
        [("Finland", "joins", "NATO", POS, ASS)],
        [],
    ),
    (
        "NATO members such as Estonia and Latvia share a border with Russia.",
        [("Estonia", "memberOf", "NATO", POS, ASS), ("Latvia", "memberOf", "NATO", POS, ASS)],
        [("Russia", "memberOf", "NATO")],
    ),
    (
        "Tony Radakin consulted his military colleagues in the coalition of the willing about"
        " the size of the force.",
        [("Tony Radakin", "memberOf", "coalition of the willing", POS, ASS)],
        [],
    ),
    (
        "The war saw an alliance of Britain, France, Austria (then a state of the Holy Roman"
        " Empire), and Portugal.",
        [],
        [("Austria", "memberOf", "Holy Roman Empire")],
    ),
]


@pytest.mark.parametrize(("text", "expected", "absent"), FOUND, ids=[c[0][:48] for c in FOUND])
def test_membership_statements(
    nlp: Language, text: str, expected: list[Row], absent: list[Triple]
) -> None:
    statements = _membership(nlp, text)
    rows = {
        (s.subject.label, s.relation, s.object.label, s.polarity.value, s.modality.value)
        for s in statements
    }
    for row in expected:
        assert row in rows, f"missing {row}; got {sorted(rows)}"
    triples = {(s.subject.label, s.relation, s.object.label) for s in statements}
    for triple in absent:
        assert triple not in triples, f"unexpected {triple}"


# (text, (subject, object) that must not be asserted as a membership fact, the statement the
# text does support if any: its relation, polarity and modality)
NOT_FACTS: list[tuple[str, tuple[str, str], tuple[str, str, str] | None]] = [
    # aspiration and hypothetical membership
    ("Ukraine wants to join NATO.", ("Ukraine", "NATO"), ("joins", POS, HYP)),
    ("Georgia applied to join the European Union in 2022.", ("Georgia", "European Union"), None),
    ("Moldova aspires to join the EU.", ("Moldova", "European Union"), None),
    (
        "Ukraine's membership of NATO remains a distant prospect.",
        ("Ukraine", "NATO"),
        ("memberOf", POS, HYP),
    ),
    (
        "The prospect of Ukraine's membership of NATO has angered Moscow.",
        ("Ukraine", "NATO"),
        None,
    ),
    ("Ukraine's path to NATO membership is irreversible.", ("Ukraine", "NATO"), None),
    ("Ukraine's eventual membership of NATO was discussed.", ("Ukraine", "NATO"), None),
    (
        "Ukraine submitted its application to join the European Union.",
        ("Ukraine", "European Union"),
        None,
    ),
    ("Zelensky called for Ukraine's membership of NATO.", ("Volodymyr Zelensky", "NATO"), None),
    ("Zelensky called for Ukraine's membership of NATO.", ("Ukraine", "NATO"), None),
    (
        "Macron has treated Ukraine as a future EU member.",
        ("Emmanuel Macron", "European Union"),
        None,
    ),
    # negation
    ("Ukraine is not a member of NATO.", ("Ukraine", "NATO"), ("memberOf", NEG, ASS)),
    ("Austria has never been a member of NATO.", ("Austria", "NATO"), None),
    (
        "Starmer said Britain would remain a member of NATO.",
        ("United Kingdom", "NATO"),
        ("memberOf", POS, "future"),
    ),
    # meeting a group is not joining it
    ("Britain held talks with NATO on Monday.", ("United Kingdom", "NATO"), None),
    ("Keir Starmer met NATO's secretary general in Brussels.", ("Keir Starmer", "NATO"), None),
    # people the small model tags ORG, and people joining parties
    (
        "Ngoako Ramatlhodi (born 21 August 1955), a senior member of the African National"
        " Congress, was a minister.",
        ("Ngoako Ramatlhodi", "African National Congress"),
        None,
    ),
    (
        "In 2001 its candidate, Fradique de Menezes, won the vote. After the elections Fradique"
        " de Menezes joined a new party, the Force for Change Democratic Movement.",
        ("Fradique de Menezes", "Force for Change Democratic Movement"),
        None,
    ),
    # a membership voted on, blocked, backed or denied is not one yet
    (
        "Hungary voted against Ukraine's membership of the European Union.",
        ("Ukraine", "European Union"),
        ("memberOf", POS, HYP),
    ),
    (
        "Viktor Orban blocked Ukraine's membership of NATO again on Thursday.",
        ("Ukraine", "NATO"),
        None,
    ),
    ("Georgia's membership of NATO is not on the table.", ("Georgia", "NATO"), None),
    (
        "Canada strongly supports Ukraine's membership of the EU.",
        ("Ukraine", "European Union"),
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "pair", "supported"), NOT_FACTS, ids=[f"{c[0][:40]}-{c[1][0]}" for c in NOT_FACTS]
)
def test_not_a_membership_fact(
    nlp: Language, text: str, pair: tuple[str, str], supported: tuple[str, str, str] | None
) -> None:
    statements = _membership(nlp, text)
    assert (pair[0], "member", pair[1]) not in _facts(statements)
    if supported is not None:
        rows = {
            (s.relation, s.polarity.value, s.modality.value)
            for s in statements
            if (s.subject.label, s.object.label) == pair
        }
        assert supported in rows, f"missing {supported}; got {sorted(rows)}"
