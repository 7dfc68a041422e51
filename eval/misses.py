"""List one family's misses and false positives on a gold set with the sentences behind them.

For each gold triple no statement matched: the sentences that name its subject (those naming
the object too are marked `*`), and what graphbuild did say about that subject in the family.
For each false positive: the rule and the sentence. A development aid for grouping misses by
construction (`python eval/misses.py GOLD INPUT... --family POST_IN`); it prints, never scores
differently from `graphbuild evaluate`.
"""

from __future__ import annotations

import argparse
import sys

from graphbuild.documents import read_inputs
from graphbuild.evaluate import load_gold, normalise_name, score
from graphbuild.extract.nlp import load_pipeline
from graphbuild.extract.pipeline import extract_documents
from graphbuild.records import Family


def _names(names: tuple[str, ...]) -> list[str]:
    """Aliases worth searching for in the text: longest first, normalised form non-empty."""
    return sorted({n for n in names if normalise_name(n)}, key=len, reverse=True)


def _names_in(sentence: str, names: list[str]) -> bool:
    low = sentence.lower()
    return any(name.lower() in low for name in names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold")
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--family", default="POST_IN")
    parser.add_argument("--model", default=None)
    parser.add_argument("--sentences", type=int, default=4, help="sentences shown per miss")
    args = parser.parse_args(argv)

    family = Family(args.family.upper())
    gold = load_gold(args.gold)
    documents = list(read_inputs(args.inputs))
    nlp = load_pipeline(args.model)
    results = list(extract_documents(documents, nlp))
    statements = [s for r in results for s in r.statements]
    sentences = {r.document.id: [s.text for s in r.sentences] for r in results}
    report = score(statements, gold, families=[family])
    for row in report.families:
        print(
            f"{row.name}: gold {row.gold} predicted {row.predicted} correct {row.correct} "
            f"found {row.found} P {row.precision:.3f} R {row.recall:.3f}"
        )
    print(f"\nMisses ({len(report.misses)})")
    for g in report.misses:
        print(f"\n{g.doc}  {g.s} --{g.rel.value}--> {g.o}")
        subject, obj = _names((g.s, *g.s_aliases)), _names((g.o, *g.o_aliases))
        said = [
            s
            for s in statements
            if s.doc_id == g.doc
            and s.family is family
            and normalise_name(s.subject.label) in {normalise_name(n) for n in subject}
        ]
        for s in said:
            print(f"   said: -> {s.object.label} [{s.rule}, {s.modality.value}]")
        shown = 0
        for text in sentences.get(g.doc, []):
            if shown < args.sentences and _names_in(text, subject):
                mark = "*" if _names_in(text, obj) else " "
                print(f"  {mark} {text.strip()[:300]}")
                shown += 1
        if not shown:
            both = [t for t in sentences.get(g.doc, []) if _names_in(t, obj)]
            for text in both[: args.sentences]:
                print(f"  o {text.strip()[:300]}")
    print(f"\nFalse positives ({len(report.false_positives)})")
    for p in report.false_positives:
        print(f"\n{p.doc}  {p.subject} --{p.relation}--> {p.object}  [{p.rule}]")
        print(f"    {p.sentence.strip()[:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
