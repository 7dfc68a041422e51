"""Relation rules as registered units: one ordered registry of every rule that writes statements.

A `Rule` has the name written on its statements (`rule` in statements.jsonl), its confidence when
both arguments are named outright, the construction family (module) that holds it, the relations
it can yield, and the unit (a pass over the document) that proposes it. Units run in the order
their first rule appears; a statement found by several rules keeps the highest confidence, the
earliest on a tie. Each rule has a must / must-not table in tests/extract/rules/.

To add a construction: write its function in the family's module (or a new module with a
`findings(ctx)` unit), add one `Rule` line below (or, for a rule over the predicate-argument
layer, one `RoleRule` in `graphbuild.extract.role_rules`), and one test table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from graphbuild.extract import role_rules
from graphbuild.extract.rules import (
    appeals,
    gatherings,
    groups,
    namings,
    predications,
    roles,
    stances,
    triggers,
)
from graphbuild.extract.rules.context import RuleContext
from graphbuild.extract.statements import Finding

Unit = Callable[[RuleContext], Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One registered rule. `relations` are the ontology relations it can yield; an empty tuple
    means the relation of the lexicon row (or role-rule proposal) that fired it."""

    name: str
    confidence: float
    family: str
    relations: tuple[str, ...]
    unit: Unit


_LEXICON = triggers.findings  # lexicon triggers, read by the family `triggers.FAMILIES` picks

# In order. Confidence: when both arguments are named; pronouns and proxies cost more.
RULES: tuple[Rule, ...] = (
    # verbal triggers (rules/verbal.py)
    Rule("svo-active", 0.85, "verbal", (), _LEXICON),
    Rule("svo-passive", 0.75, "verbal", (), _LEXICON),
    Rule("svo-relative", 0.75, "verbal", (), _LEXICON),
    Rule("svo-participle", 0.75, "verbal", (), _LEXICON),
    Rule("svo-complement", 0.7, "verbal", (), _LEXICON),
    Rule("svo-coordination", 0.6, "verbal", (), _LEXICON),
    Rule("svo-jurisdiction", 0.65, "verbal", (), _LEXICON),
    Rule("threat-complement", 0.7, "verbal", (), _LEXICON),
    Rule("compound-participle", 0.75, "verbal", (), _LEXICON),
    Rule("reciprocal", 0.7, "verbal", (), _LEXICON),  # and nominal: "held talks"
    Rule("svo-predicate", 0.75, "verbal", (), _LEXICON),  # predicative adjectives
    # nominal and light-verb triggers (rules/nominal.py)
    Rule("nominal", 0.75, "nominal", (), _LEXICON),
    Rule("nominal-light-verb", 0.7, "nominal", (), _LEXICON),
    Rule("nominal-between", 0.75, "nominal", (), _LEXICON),
    Rule("nominal-received", 0.7, "nominal", (), _LEXICON),
    # agent nouns (rules/agent_nouns.py)
    Rule("nominal-agent", 0.7, "agent_nouns", (), _LEXICON),
    # membership nouns (rules/membership.py)
    Rule("copula-member", 0.85, "membership", (), _LEXICON),
    Rule("apposition-member", 0.75, "membership", (), _LEXICON),
    Rule("as-member", 0.75, "membership", (), _LEXICON),
    Rule("member-examples", 0.7, "membership", (), _LEXICON),
    # passes of their own
    Rule("appeal-punish", 0.6, "appeals", ("opposes",), appeals.findings),
    Rule("naming", 0.75, "namings", ("criticises", "praises"), namings.findings),
    Rule(
        "speaker-predicate", 0.7, "predications", ("criticises", "praises"), predications.findings
    ),
    Rule("stance-modifier", 0.6, "stances", ("supports", "opposes"), stances.findings),
    # membership and leadership of groups (rules/groups.py)
    Rule("leader-apposition", 0.75, "groups", ("leads",), groups.findings),
    Rule("leader-as", 0.7, "groups", ("leads",), groups.findings),
    Rule("founding-effort", 0.7, "groups", ("leads",), groups.findings),
    Rule("fellow-member", 0.7, "groups", ("memberOf",), groups.findings),
    Rule("party-government", 0.7, "groups", ("memberOf",), groups.findings),
    # rules over the predicate-argument layer (graphbuild.extract.role_rules)
    *(Rule(r.name, r.confidence, "roles", (), roles.findings) for r in role_rules.RULES),
    # group events: hosts with participants, co-signers, companions (extract/gatherings.py)
    Rule("co-signing", 0.7, "gatherings", ("cooperatesWith",), gatherings.findings),
    Rule("event-hosts", 0.65, "gatherings", ("hosts",), gatherings.findings),
    Rule("accompaniment", 0.65, "gatherings", ("cooperatesWith",), gatherings.findings),
    Rule("mediated-event", 0.65, "gatherings", ("cooperatesWith",), gatherings.findings),
)
CONFIDENCE: dict[str, float] = {rule.name: rule.confidence for rule in RULES}
UNITS: tuple[Unit, ...] = tuple(dict.fromkeys(rule.unit for rule in RULES))


def findings(ctx: RuleContext) -> Iterator[Finding]:
    """What every unit finds in the document, unit by unit in registry order."""
    for unit in UNITS:
        yield from unit(ctx)
