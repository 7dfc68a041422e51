"""Group events (graphbuild.extract.gatherings): co-signers, hosts with participants, companions.
One must / must-not table per rule, sentences in our own words: a list is never read as pairs
of its members, and a negated, future or questioned event is never asserted."""

from __future__ import annotations

import pytest
from rule_tables import ASS, FUT, HYP, NEG, POS, Case, Row, Triple, cases, check
from spacy.language import Language

TABLES: dict[str, list[Case]] = {
    "co-signing": [
        (
            "The joint communique was signed by Japan, South Korea and Australia on Tuesday.",
            [
                ("Japan", "cooperatesWith", "South Korea", POS, ASS),
                ("South Korea", "cooperatesWith", "Australia", POS, ASS),
            ],
            [],
        ),
        (
            # five signers: more than a joint subject takes, still one text
            "Brazil, Argentina, Chile, Peru and Colombia signed a trade accord in Lima last week.",
            [
                ("Brazil", "cooperatesWith", "Colombia", POS, ASS),
                ("Chile", "cooperatesWith", "Peru", POS, ASS),
            ],
            [],
        ),
        (
            "A letter co-signed by Pedro Sánchez and Olaf Scholz urged restraint.",
            [("Pedro Sánchez", "cooperatesWith", "Olaf Scholz", POS, ASS)],
            [],
        ),
        (
            "The treaty will be signed by Kenya and Ethiopia next month.",
            [("Kenya", "cooperatesWith", "Ethiopia", POS, FUT)],
            [("Kenya", "cooperatesWith", "Ethiopia"), ("Ethiopia", "cooperatesWith", "Kenya")],
        ),
        (
            "The accord was not signed by Kenya and Ethiopia.",
            [("Kenya", "cooperatesWith", "Ethiopia", NEG, ASS)],
            [("Kenya", "cooperatesWith", "Ethiopia"), ("Ethiopia", "cooperatesWith", "Kenya")],
        ),
        (
            # a list read as a pair: each signed its own agreement with Sweden
            "Norway and Denmark signed separate agreements with Sweden.",
            [],
            [("Norway", "cooperatesWith", "Denmark"), ("Denmark", "cooperatesWith", "Norway")],
        ),
        (
            # a manner is no party: the accord is still the signers' own
            "Ghana and Togo signed an accord with immediate effect.",
            [("Ghana", "cooperatesWith", "Togo", POS, ASS)],
            [],
        ),
        (
            "Was the pact signed by Egypt and Jordan?",
            [],
            [("Egypt", "cooperatesWith", "Jordan"), ("Jordan", "cooperatesWith", "Egypt")],
        ),
    ],
    "event-hosts": [
        (
            "The summit, hosted by Narendra Modi, saw the participation of Olaf Scholz and "
            "Fumio Kishida.",
            [
                ("Narendra Modi", "hosts", "Olaf Scholz", POS, ASS),
                ("Narendra Modi", "hosts", "Fumio Kishida", POS, ASS),
            ],
            # the guests are not paired with each other
            [
                ("Olaf Scholz", "meetsWith", "Fumio Kishida"),
                ("Fumio Kishida", "hosts", "Olaf Scholz"),
            ],
        ),
        (
            "Olaf Scholz and Fumio Kishida attended the talks hosted by Narendra Modi.",
            [("Narendra Modi", "hosts", "Fumio Kishida", POS, ASS)],
            [("Olaf Scholz", "hosts", "Narendra Modi")],  # roles not reversed
        ),
        (
            "The conference, organised by Norway, brought together Colombia and Venezuela.",
            [("Norway", "hosts", "Venezuela", POS, ASS)],
            [("Colombia", "hosts", "Norway")],
        ),
        (
            "The meeting chaired by Ethiopia was attended by Kenya and Uganda.",
            [("Ethiopia", "hosts", "Uganda", POS, ASS)],
            [],
        ),
        (
            "The summit hosted by Narendra Modi will see the participation of Olaf Scholz.",
            [("Narendra Modi", "hosts", "Olaf Scholz", POS, FUT)],
            [("Narendra Modi", "hosts", "Olaf Scholz")],
        ),
        (
            "The summit, hosted by Narendra Modi, did not see the participation of Olaf Scholz.",
            [("Narendra Modi", "hosts", "Olaf Scholz", NEG, ASS)],
            [("Narendra Modi", "hosts", "Olaf Scholz")],
        ),
        (
            "Did the talks hosted by Narendra Modi draw Olaf Scholz?",
            [],
            [("Narendra Modi", "hosts", "Olaf Scholz")],
        ),
    ],
    "accompaniment": [
        (
            "Those accompanying Emmanuel Macron included Olaf Scholz, Giorgia Meloni and "
            "Pedro Sánchez.",
            [
                ("Olaf Scholz", "cooperatesWith", "Emmanuel Macron", POS, ASS),
                ("Pedro Sánchez", "cooperatesWith", "Emmanuel Macron", POS, ASS),
            ],
            # companions of one leader are not paired with each other
            [("Olaf Scholz", "cooperatesWith", "Giorgia Meloni")],
        ),
        (
            "Olaf Scholz was accompanied by Mark Rutte on the trip to Kyiv.",
            [("Mark Rutte", "cooperatesWith", "Olaf Scholz", POS, ASS)],
            [],
        ),
        (
            "Giorgia Meloni accompanied Ursula von der Leyen to Tunis.",
            [("Giorgia Meloni", "cooperatesWith", "Ursula von der Leyen", POS, ASS)],
            [],
        ),
        (
            "Narendra Modi spoke to reporters, flanked by Anthony Albanese and Fumio Kishida.",
            [("Fumio Kishida", "cooperatesWith", "Narendra Modi", POS, ASS)],
            [("Anthony Albanese", "cooperatesWith", "Fumio Kishida")],
        ),
        (
            "Giorgia Meloni will not accompany Ursula von der Leyen to Tunis.",
            [],
            [("Giorgia Meloni", "cooperatesWith", "Ursula von der Leyen")],
        ),
        (
            "If Olaf Scholz had accompanied Emmanuel Macron, the talks would have gone better.",
            [],
            [("Olaf Scholz", "cooperatesWith", "Emmanuel Macron")],
        ),
        (
            "Those accompanying Emmanuel Macron did not include Olaf Scholz.",
            [("Olaf Scholz", "cooperatesWith", "Emmanuel Macron", NEG, ASS)],
            [("Olaf Scholz", "cooperatesWith", "Emmanuel Macron")],
        ),
    ],
    "mediated-event": [
        (
            "Ghana and Togo reached a deal through the mediation of Nigeria.",
            [
                ("Nigeria", "cooperatesWith", "Ghana", POS, ASS),
                ("Nigeria", "cooperatesWith", "Togo", POS, ASS),
            ],
            [],
        ),
        (
            "Kenya and Uganda signed the pact under the auspices of the African Union.",
            [("African Union", "cooperatesWith", "Uganda", POS, ASS)],
            [],
        ),
        (
            "With Qatari mediation, Israel and Hamas agreed a truce.",
            [("Qatar", "cooperatesWith", "Hamas", POS, ASS)],
            [],
        ),
        (
            # the mediation of a later step still names the mediator of the agreement
            "Laos and Vietnam agreed to a truce and began talks on their border under the "
            "mediation of Singapore.",
            [("Singapore", "cooperatesWith", "Laos", POS, ASS)],
            [],
        ),
        (
            "Ghana and Togo refused to sign a deal under the mediation of Nigeria.",
            [],
            [("Nigeria", "cooperatesWith", "Ghana"), ("Ghana", "cooperatesWith", "Nigeria")],
        ),
        (
            "Ghana and Togo may agree a truce under Nigeria's mediation.",
            [("Nigeria", "cooperatesWith", "Togo", POS, HYP)],
            [("Nigeria", "cooperatesWith", "Togo")],
        ),
        (
            # no joint act: the mediator is not tied to the critic or the criticised
            "Ghana criticised Togo under the mediation of Nigeria.",
            [],
            [("Nigeria", "cooperatesWith", "Ghana"), ("Nigeria", "cooperatesWith", "Togo")],
        ),
    ],
}


@pytest.mark.parametrize(("rule", "text", "must", "must_not"), cases(TABLES))
def test_gathering_rules(
    nlp: Language, rule: str, text: str, must: list[Row], must_not: list[Triple]
) -> None:
    check(nlp, rule, text, must, must_not)
