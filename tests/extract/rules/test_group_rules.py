"""Membership and leadership of groups (graphbuild.extract.rules.groups): one table per rule.

Each construction has paraphrases (tense, word order, other entities) and must-not twins:
negation, question, hypothesis, reversed roles, a list read as an apposition."""

from __future__ import annotations

import pytest
from rule_tables import ASS, HYP, NEG, POS, Case, Row, Triple, cases, check
from spacy.language import Language

ASEAN = "Association of Southeast Asian Nations"
PAST = "past"

TABLES: dict[str, list[Case]] = {
    "leader-apposition": [
        (
            "The talks will open next week under Malaysia, the current chair of ASEAN, officials said.",
            [("Malaysia", "leads", ASEAN, POS, ASS)],
            [],
        ),
        (
            "Envoys thanked Kenya, this year's chair of the African Union, for its help.",
            [("Kenya", "leads", "African Union", POS, ASS)],
            [("Kenya", "leads", "Envoys")],
        ),
        (
            "Delegates praised Chile, the G20 chair, before the vote.",
            [("Chile", "leads", "G20", POS, ASS)],
            [],
        ),
        (
            "Ministers met in Oslo, the host city, and Brazil, the former chair of the G20, sent an envoy.",
            [("Brazil", "leads", "G20", POS, PAST)],
            [("Brazil", "leads", "G20")],
        ),
        (
            # a list of titled names: no name describes the one before it
            "Spanish Prime Minister Pedro Sanchez, European Commission President Ursula von der"
            " Leyen and Polish President Andrzej Duda attended.",
            [],
            [("Pedro Sanchez", "leads", "European Commission")],
        ),
        (
            "NATO met in June. Reporters waited for the alliance's secretary general, Jens Holt.",
            [("Jens Holt", "leads", "NATO", POS, ASS)],
            [],
        ),
    ],
    "leader-as": [
        (
            "Thailand chaired the session as head of the ASEAN bloc.",
            [("Thailand", "leads", ASEAN, POS, ASS)],
            [],
        ),
        (
            "The summit, hosted by Brazil in its capacity as G20 chair, ended on Friday.",
            [("Brazil", "leads", "G20", POS, ASS)],
            [],
        ),
        (
            "As chair of the African Union, Kenya opened the meeting.",
            [("Kenya", "leads", "African Union", POS, ASS)],
            [],
        ),
        (
            "Serving as chair of the Arab League, Egypt convened the meeting.",
            [("Egypt", "leads", "Arab League", POS, ASS)],
            [],
        ),
        (
            "Kenya took over as chair of the African Union in February.",
            [("Kenya", "leads", "African Union", POS, ASS)],
            [],
        ),
        (
            "The members elected Norway as chair of the OSCE.",
            [("Norway", "leads", "Organization for Security and Co-operation in Europe", POS, ASS)],
            [("members", "leads", "Organization for Security and Co-operation in Europe")],
        ),
        (
            # a view, not an office
            "Critics treated Hungary as the leader of the EU.",
            [],
            [("Hungary", "leads", "European Union"), ("Critics", "leads", "European Union")],
        ),
        (
            "Kenya will open the meeting as chair of the African Union if the vote passes.",
            [],
            [("Kenya", "leads", "African Union")],
        ),
    ],
    "founding-effort": [
        (
            "Britain and France have led efforts to set up the coalition of the willing.",
            [
                ("United Kingdom", "leads", "coalition of the willing", POS, ASS),
                ("France", "leads", "coalition of the willing", POS, ASS),
            ],
            [],
        ),
        (
            "Poland spearheaded the push to create the Joint Expeditionary Force.",
            [("Poland", "leads", "Joint Expeditionary Force", POS, ASS)],
            [],
        ),
        (
            "Germany did not lead the effort to establish the coalition of the willing.",
            [("Germany", "leads", "coalition of the willing", NEG, ASS)],
            [("Germany", "leads", "coalition of the willing")],
        ),
        (
            "Italy may lead efforts to build the coalition of the willing.",
            [],
            [("Italy", "leads", "coalition of the willing")],
        ),
        (
            # an effort against a group does not found it
            "Russia led efforts to weaken NATO.",
            [],
            [("Russia", "leads", "NATO")],
        ),
    ],
    "fellow-member": [
        (
            "Hungary consulted its fellow EU members on the sanctions.",
            [("Hungary", "memberOf", "European Union", POS, ASS)],
            [],
        ),
        (
            "Estonia held talks with fellow NATO allies in Riga.",
            [("Estonia", "memberOf", "NATO", POS, ASS)],
            [],
        ),
        (
            "Portugal and Spain briefed their fellow EU member states.",
            [
                ("Portugal", "memberOf", "European Union", POS, ASS),
                ("Spain", "memberOf", "European Union", POS, ASS),
            ],
            [],
        ),
        (
            "If Ukraine joined, it would consult its fellow NATO members.",
            [("Ukraine", "memberOf", "NATO", POS, HYP)],
            [("Ukraine", "memberOf", "NATO")],
        ),
        (
            # the one told is a member too, but the teller is the possessor's group only
            "Japan urged fellow G7 members to act.",
            [("Japan", "memberOf", "G7", POS, ASS)],
            [("G7", "memberOf", "Japan")],
        ),
    ],
    "party-government": [
        (
            "Mark Carney flew to London, his first trip since winning a Liberal majority in Canada.",
            [("Mark Carney", "memberOf", "Liberal Party of Canada", POS, ASS)],
            [],
        ),
        (
            "Rishi Sunak led a minority Conservative government in Britain.",
            [("Rishi Sunak", "memberOf", "Conservative Party (UK)", POS, ASS)],
            [],
        ),
        (
            "Mark Carney defeated a Conservative government in Canada.",
            [],
            [("Mark Carney", "memberOf", "Conservative Party of Canada")],
        ),
        (
            "Pierre Poilievre hoped to win a Conservative majority in Canada.",
            [],
            [("Pierre Poilievre", "memberOf", "Conservative Party of Canada")],
        ),
        (
            "Mark Carney did not win a Liberal majority in Canada.",
            [("Mark Carney", "memberOf", "Liberal Party of Canada", NEG, ASS)],
            [("Mark Carney", "memberOf", "Liberal Party of Canada")],
        ),
    ],
}


@pytest.mark.parametrize(("rule", "text", "must", "must_not"), cases(TABLES))
def test_group_rules(
    nlp: Language, rule: str, text: str, must: list[Row], must_not: list[Triple]
) -> None:
    check(nlp, rule, text, must, must_not)
