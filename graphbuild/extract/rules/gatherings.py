"""The group-event pass: hosts and participants, co-signers and companions
(`graphbuild.extract.gatherings`), resolved and assessed like the role rules' proposals."""

from __future__ import annotations

from collections.abc import Iterator

from graphbuild.extract.gatherings import proposals
from graphbuild.extract.rules.context import RuleContext
from graphbuild.extract.rules.roles import proposal_findings
from graphbuild.extract.statements import Finding


def findings(ctx: RuleContext) -> Iterator[Finding]:
    """One finding per group-event proposal whose anchor is not inside a name."""
    return proposal_findings(ctx, proposals(ctx.doc))
