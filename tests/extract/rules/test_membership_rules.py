"""Membership nouns (graphbuild.extract.rules.membership): one table per rule."""

from __future__ import annotations

import pytest
from rule_tables import ASS, NEG, POS, Case, Row, Triple, cases, check
from spacy.language import Language

TABLES: dict[str, list[Case]] = {
    "copula-member": [
        ("Poland is a member of NATO.", [("Poland", "memberOf", "NATO", POS, ASS)], []),
        (
            "Britain was among the founding members of NATO.",
            [("United Kingdom", "memberOf", "NATO", POS, ASS)],
            [],
        ),
        (
            "Ukraine is not a member of NATO.",
            [("Ukraine", "memberOf", "NATO", NEG, ASS)],
            [("Ukraine", "memberOf", "NATO")],
        ),
        (
            # the ontology's domain: a region is no member of an alliance
            "Bavaria is a member of NATO.",
            [],
            [("Bavaria", "memberOf", "NATO")],
        ),
    ],
    "apposition-member": [
        (
            "Finland, a member of the European Union, shares a border with Russia.",
            [("Finland", "memberOf", "European Union", POS, ASS)],
            [("Russia", "memberOf", "European Union")],
        ),
        (
            "Hungary and Slovakia, both EU members, opposed the plan.",
            [
                ("Hungary", "memberOf", "European Union", POS, ASS),
                ("Slovakia", "memberOf", "European Union", POS, ASS),
            ],
            [],
        ),
    ],
    "as-member": [
        (
            "As a member of NATO, Turkey must defend Poland.",
            [("Turkey", "memberOf", "NATO", POS, ASS)],
            [("Poland", "memberOf", "NATO")],
        ),
        (
            "Canada, as a member of the G7, hosted the summit.",
            [("Canada", "memberOf", "G7", POS, ASS)],
            [],
        ),
        (
            # after the verb, "as a member" describes its object, as a wish or a view
            "The summit treated Ukraine as a member of NATO.",
            [],
            [("Ukraine", "memberOf", "NATO")],
        ),
    ],
    "member-examples": [
        (
            "NATO members such as Poland and Latvia raised spending.",
            [
                ("Poland", "memberOf", "NATO", POS, ASS),
                ("Latvia", "memberOf", "NATO", POS, ASS),
            ],
            [],
        ),
        (
            "Britain and other NATO members sent troops.",
            [("United Kingdom", "memberOf", "NATO", POS, ASS)],
            [],
        ),
        (
            "Candidates such as Ukraine and Georgia hope to join NATO.",
            [],
            [("Ukraine", "memberOf", "NATO"), ("Georgia", "joins", "NATO")],
        ),
    ],
}


@pytest.mark.parametrize(("rule", "text", "must", "must_not"), cases(TABLES))
def test_membership_rules(
    nlp: Language, rule: str, text: str, must: list[Row], must_not: list[Triple]
) -> None:
    check(nlp, rule, text, must, must_not)
