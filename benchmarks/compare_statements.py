"""Does a change keep extraction byte-identical? Build `statements.jsonl` for every evaluation set
with two checkouts (a git ref and this working tree) and diff them set by set.

    python -m benchmarks.compare_statements main                 # main against the working tree
    python -m benchmarks.compare_statements HEAD~1 --head /work/wt/other
    python -m benchmarks.compare_statements main --sets examples,news-dev

Sets: examples/articles, tests/data/news-* (dev, held-out, blind, blind 2), the real-news texts
(`--texts`, default eval/realnews/texts, else the main checkout's) and the Re-DocRED dev
documents (`--redocred`, default ../shared/eval/redocred-dev-docs.jsonl). Both checkouts read the
same input files (the head checkout's). A ref is checked out in a temporary detached worktree;
its outputs are kept under `--cache` by commit, so comparing against it again builds only the
head. Each checkout builds in one fresh process (its own code on PYTHONPATH, the model loaded
once, `--no-cache`). Exit status 1 when a set differs.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_DEFAULT_CACHE = Path(tempfile.gettempdir()) / "graphbuild-compare-statements"

# Builds every set named on the command line (name=input) into OUT/name with the checkout's code.
_BUILDER = """
import sys
from pathlib import Path
from graphbuild.cli import main
out = Path(sys.argv[1])
for spec in sys.argv[2:]:
    name, _, source = spec.partition("=")
    status = main(["build", source, "-o", str(out / name), "--no-page", "--no-cache", "-q"])
    if status:
        sys.exit(f"building {name} failed ({status})")
"""


def _sets(head: Path, texts: Path | None, redocred: Path | None) -> dict[str, Path]:
    """The evaluation sets by name: their input folder or file (read from the head checkout)."""
    found = {"examples": head / "examples" / "articles"}
    for folder in sorted((head / "tests" / "data").glob("news-*")):
        if folder.is_dir():
            found[folder.name] = folder
    if texts is None:
        texts = head / "eval" / "realnews" / "texts"
        if not any(texts.glob("*.txt")):  # a worktree: the texts of the main checkout
            texts = _upwards("main/eval/realnews/texts") or texts
    if texts.is_dir() and any(texts.glob("*.txt")):
        found["realnews"] = texts
    if redocred is not None and redocred.is_file():
        found["redocred-dev"] = redocred
    return found


def _upwards(relative: str) -> Path | None:
    """`relative` under the first folder above this checkout that has it (../shared, ...)."""
    return next((p / relative for p in ROOT.parents if (p / relative).exists()), None)


def _commit(ref: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", f"{ref}^{{commit}}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def _build(checkout: Path, out: Path, sets: dict[str, Path]) -> None:
    """Build each set with the code of `checkout` into OUT/<set>/statements.jsonl."""
    env = dict(os.environ, PYTHONPATH=str(checkout))
    specs = [f"{name}={path}" for name, path in sets.items()]
    subprocess.run(
        [sys.executable, "-c", _BUILDER, str(out), *specs],
        cwd=checkout,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,  # the build summaries; errors still reach stderr
    )


def _build_ref(ref: str, cache: Path, sets: dict[str, Path]) -> Path:
    """Outputs of the commit `ref` names, built in a temporary worktree unless cached."""
    commit = _commit(ref)
    out = cache / commit
    missing = {n: p for n, p in sets.items() if not (out / n / "statements.jsonl").is_file()}
    if not missing:
        return out
    with tempfile.TemporaryDirectory(prefix="compare-") as tmp:
        worktree = Path(tmp) / "base"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(worktree), commit],
            check=True,
        )
        try:
            _build(worktree, out, missing)
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)],
                check=False,
            )
    return out


def _differences(base: Path, head: Path, limit: int) -> tuple[int, int, list[str]]:
    """(base lines, head lines, the first `limit` lines of a unified diff) of two files."""
    old = base.read_text(encoding="utf-8").splitlines()
    new = head.read_text(encoding="utf-8").splitlines()
    if old == new and base.read_bytes() == head.read_bytes():
        return len(old), len(new), []
    diff = difflib.unified_diff(old, new, str(base), str(head), n=0, lineterm="")
    lines = [line for line in diff if not line.startswith(("---", "+++", "@@"))]
    return len(old), len(new), lines[:limit] or ["(the files differ in bytes only)"]


def _summary(line: str) -> str:
    """One changed statement as 'subject -relation-> object (rule, polarity, modality)'."""
    try:
        row = json.loads(line[1:])
    except ValueError:
        return line
    return (
        f"{line[0]} {row.get('doc')}: {row['subject']['label']} -{row['predicate']['label']}-> "
        f"{row['object']['label']} ({row.get('rule')}, {row.get('polarity')}, "
        f"{row.get('modality')}, {row.get('confidence')})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="git ref of the baseline (e.g. main, HEAD~1)")
    parser.add_argument(
        "--head", type=Path, default=ROOT, help="checkout to compare (default: this)"
    )
    parser.add_argument("--texts", type=Path, default=None, help="real-news texts folder")
    parser.add_argument(
        "--redocred",
        type=Path,
        default=_upwards("shared/eval/redocred-dev-docs.jsonl"),
        help="Re-DocRED dev documents (default: ../shared/eval/redocred-dev-docs.jsonl)",
    )
    parser.add_argument("--sets", default="", help="comma-separated set names (default: all)")
    parser.add_argument("--cache", type=Path, default=_DEFAULT_CACHE, help="baseline outputs")
    parser.add_argument("--show", type=int, default=20, help="changed lines shown per set")
    args = parser.parse_args(argv)

    sets = _sets(args.head.resolve(), args.texts, args.redocred)
    if args.sets:
        wanted = set(args.sets.split(","))
        unknown = wanted - set(sets)
        if unknown:
            parser.error(f"unknown or missing set(s): {', '.join(sorted(unknown))}")
        sets = {n: p for n, p in sets.items() if n in wanted}
    base_out = _build_ref(args.base, args.cache, sets)
    with tempfile.TemporaryDirectory(prefix="compare-head-") as tmp:
        head_out = Path(tmp)
        _build(args.head.resolve(), head_out, sets)
        changed = 0
        for name in sets:
            old, new, lines = _differences(
                base_out / name / "statements.jsonl",
                head_out / name / "statements.jsonl",
                args.show,
            )
            if not lines:
                print(f"{name:14} identical ({old} statements)")
                continue
            changed += 1
            print(f"{name:14} DIFFERS ({old} -> {new} statements)")
            for line in lines:
                print(f"    {_summary(line)}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
