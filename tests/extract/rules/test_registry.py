"""The rule registry (graphbuild.extract.rules): one entry per rule, each with a table."""

from __future__ import annotations

import test_document_rules
import test_gathering_rules
import test_group_rules
import test_membership_rules
import test_nominal_rules
import test_verbal_rules

from graphbuild.extract import role_rules, rules
from graphbuild.extract.rules import triggers
from graphbuild.graph.ontology import family_of

# The tables of tests/extract/test_role_rules.py cover the role rules (family "roles").
TABLES = {
    **test_verbal_rules.TABLES,
    **test_nominal_rules.TABLES,
    **test_membership_rules.TABLES,
    **test_document_rules.TABLES,
    **test_gathering_rules.TABLES,
    **test_group_rules.TABLES,
}


def test_every_registered_rule_has_a_must_and_a_must_not_table() -> None:
    for rule in rules.RULES:
        if rule.family == "roles":
            continue
        table = TABLES.get(rule.name)
        assert table, f"{rule.name} has no table"
        assert any(must for _, must, _ in table), f"{rule.name}: no must row"
        assert any(must_not for _, _, must_not in table), f"{rule.name}: no must-not row"
    assert set(TABLES) <= {rule.name for rule in rules.RULES}, "a table for no rule"


def test_rule_names_are_unique_and_entries_sound() -> None:
    names = [rule.name for rule in rules.RULES]
    assert len(names) == len(set(names))
    for rule in rules.RULES:
        assert 0 < rule.confidence <= 1, rule.name
        for relation in rule.relations:
            family_of(relation)  # KeyError for a relation the ontology lacks
    assert {rule.name: rule.confidence for rule in rules.RULES} == rules.CONFIDENCE


def test_role_rules_are_registered_in_order_after_the_lexicon_pass() -> None:
    roles = [rule.name for rule in rules.RULES if rule.family == "roles"]
    assert roles == [rule.name for rule in role_rules.RULES]
    assert rules.UNITS[0] is triggers.findings  # the lexicon pass runs first


def test_trigger_families_take_every_lexicon_row() -> None:
    """Each lexicon row is read by one construction family; a membership noun as one even when
    it also names an agent."""
    names = [family.name for family in triggers.FAMILIES]
    assert names.index("membership") < names.index("agent-noun") < names.index("nominal")
    assert triggers.FAMILIES[-1].name == "nominal"  # takes what no other family took
