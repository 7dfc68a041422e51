"""Score graphbuild on the real-news set: check the saved texts, then `graphbuild evaluate` one set.

    python eval/realnews/score.py check                  # which texts are present, missing or changed
    python eval/realnews/score.py restore ID FILE        # save a text from the search tool's excerpt
    python eval/realnews/score.py add FILE --id ... ...  # a new article: save its text, add its manifest row
    python eval/realnews/score.py score [--set SET]      # per-family P/R/F1 on dev (or another set)

Texts are third-party articles kept out of git in eval/realnews/texts/<id>.txt; manifest.jsonl has the
search query that brings each back and the sha256 of the saved text. Run from the repository root with
the graphbuild you want measured importable (in a worktree: PYTHONPATH=$PWD). Sets: `dev` (every
article seen so far: rn01-rn49, the blind sets of rounds 1 and 2 included), `round1` (rn01-rn30, the
dev of round 2), `blind1` and `blind2` (rounds 1 and 2's blind sets alone, to compare with the
figures they had when blind) and `blind3` (round 3's blind set: scored once, at the end, by the lead;
--set blind3 must be asked for by name so that nobody scores it by accident). --dry-run lists a set
and the command without extracting anything.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The saved texts; --texts DIR reads them elsewhere (e.g. the main checkout's, from a worktree).
TEXTS = HERE / "texts"


@dataclass(frozen=True)
class Article:
    """One manifest row: where the text comes from and what it must hash to."""

    id: str
    url: str
    outlet: str
    corpus: str
    query: str
    body_start: str
    sha256: str
    split: str
    blind_round: int | None = None  # the round whose blind set this article was (None: never blind)

    @property
    def path(self) -> Path:
        return texts_dir() / f"{self.id}.txt"

    def how_to_restore(self) -> str:
        return (
            f"  {self.id} ({self.outlet}): search corpus={self.corpus!r} query={self.query!r};\n"
            f"    take the result with url {self.url}, save its excerpt to a file and run\n"
            f"    python eval/realnews/score.py restore {self.id} FILE"
        )


_texts: list[Path] = []


def texts_dir() -> Path:
    return _texts[-1] if _texts else TEXTS


def load_manifest() -> list[Article]:
    fields = Article.__dataclass_fields__
    articles = []
    for line in (HERE / "manifest.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            articles.append(Article(**{k: row[k] for k in fields if k in row}))
    return articles


# Set name -> (which articles, which committed gold file holds their facts).
# A blind set is its own split (and gold file) until it is scored once; then it joins dev and keeps
# its blind_round, so that it can still be scored alone.
SETS = {
    "dev": (lambda a: a.split == "dev", "gold-dev.jsonl"),
    "round1": (lambda a: a.split == "dev" and a.blind_round in (None, 1), "gold-dev.jsonl"),
    "blind1": (lambda a: a.blind_round == 1, "gold-dev.jsonl"),
    "blind2": (lambda a: a.blind_round == 2, "gold-dev.jsonl"),
    "blind3": (lambda a: a.split == "blind3", "gold-blind3.jsonl"),
}


def members(name: str) -> list[Article]:
    """The articles of the set `name` (a key of SETS)."""
    chosen, _ = SETS[name]
    return [a for a in load_manifest() if chosen(a)]


def gold_rows(name: str) -> list[str]:
    """The gold lines of the set `name`: its gold file's rows whose doc is one of its articles."""
    ids = {a.id for a in members(name)}
    path = HERE / SETS[name][1]
    lines = path.read_text("utf-8").splitlines() if path.exists() else []
    return [line for line in lines if line.strip() and json.loads(line)["doc"] in ids]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def status(article: Article) -> str:
    """'ok', 'missing' or 'changed' for the saved text of `article`."""
    if not article.path.exists():
        return "missing"
    return "ok" if sha256(article.path.read_text("utf-8")) == article.sha256 else "changed"


def report(articles: list[Article]) -> bool:
    """Print what is missing or changed and how to bring it back; True when every text is ok."""
    bad = [(a, s) for a in articles if (s := status(a)) != "ok"]
    ok = len(articles) - len(bad)
    print(f"texts: {ok} of {len(articles)} present with the manifest's sha256 ({texts_dir()})")
    for article, state in bad:
        print(f"{state}: {article.path.name}")
        print(article.how_to_restore())
    return not bad


def body_of(excerpt: str, start: str) -> str:
    """The saved text: the excerpt from `start` on, stripped, one final newline (README "Articles")."""
    at = excerpt.find(start)
    if at < 0:
        raise ValueError(f"the excerpt does not contain the body start {start!r}")
    return excerpt[at:].strip() + "\n"


def cmd_check(_: argparse.Namespace) -> int:
    return 0 if report(load_manifest()) else 1


def cmd_restore(args: argparse.Namespace) -> int:
    by_id = {a.id: a for a in load_manifest()}
    article = by_id.get(args.id)
    if article is None:
        print(f"error: no article {args.id!r} in the manifest", file=sys.stderr)
        return 2
    try:
        excerpt = Path(args.file).read_text("utf-8")
        body = body_of(excerpt, article.body_start)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return 1
    if sha256(body) != article.sha256:
        print(
            f"error: {args.file}: the text differs from the one annotated (sha256 mismatch);"
            " not saved",
            file=sys.stderr,
        )
        return 1
    texts_dir().mkdir(parents=True, exist_ok=True)
    article.path.write_text(body, encoding="utf-8")
    print(f"saved {article.path}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    """Save a new article's text by the README recipe and append its manifest row."""
    if any(a.id == args.id for a in load_manifest()):
        print(f"error: {args.id!r} is in the manifest already", file=sys.stderr)
        return 2
    try:
        body = body_of(Path(args.file).read_text("utf-8"), args.body_start)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return 1
    row = {
        "id": args.id,
        "outlet": args.outlet,
        "url": args.url,
        "title": args.title,
        "date": args.date,
        "topic": args.topic,
        "corpus": args.corpus,
        "query": args.query,
        "body_start": args.body_start,
        "chars": len(body),
        "sha256": sha256(body),
        "split": args.split,
    }
    if args.blind_round is not None:
        row["blind_round"] = args.blind_round
    path = texts_dir() / f"{args.id}.txt"
    texts_dir().mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    with open(HERE / "manifest.jsonl", "a", encoding="utf-8") as manifest:
        manifest.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"saved {path} ({len(body)} characters); manifest row added")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    name = args.set
    articles = members(name)
    if not articles:
        print(f"error: the manifest has no article in the {name} set", file=sys.stderr)
        return 1
    if args.dry_run:
        for article in articles:
            print(f"{article.id}  {status(article)}  {article.outlet}")
    elif not report(articles):
        print(f"error: restore the texts above before scoring the {name} set", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix=f"realnews-{name}-") as tmp:
        gold = Path(tmp) / f"gold-{name}.jsonl"
        gold.write_text("".join(line + "\n" for line in gold_rows(name)), encoding="utf-8")
        docs = Path(tmp) / "texts"
        docs.mkdir()
        command = [sys.executable, "-m", "graphbuild", "evaluate", str(gold), str(docs), "-q"]
        command += ["--max-items", str(args.max_items)]
        if args.model:
            command += ["--model", args.model]
        if args.family:
            command += ["--family", args.family]
        facts = len(gold_rows(name))
        print(f"{name}: {len(articles)} articles, {facts} gold facts; {' '.join(command[1:])}")
        if args.dry_run:
            print("dry run: nothing extracted")
            return 0
        for article in articles:
            shutil.copyfile(article.path, docs / article.path.name)
        sys.stdout.flush()
        return subprocess.call(command)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, help=f"folder of the saved texts (default {TEXTS})")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="which texts are present, missing or changed").set_defaults(
        func=cmd_check
    )
    p = sub.add_parser("restore", help="save a text from the search tool's excerpt")
    p.add_argument("id")
    p.add_argument("file", help="the excerpt as the search tool returned it")
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser("add", help="save a new article's text and append its manifest row")
    p.add_argument("file", help="the excerpt as the search tool returned it")
    for name in ("id", "outlet", "url", "title", "topic", "query", "body-start"):
        p.add_argument(f"--{name}", required=True)
    p.add_argument("--date", help="publication date when the page gives one (YYYY-MM-DD)")
    p.add_argument("--corpus", default="pages", help="search corpus the query was sent to")
    p.add_argument("--split", required=True, help="dev, or blind3 for round 3's blind set")
    p.add_argument("--blind-round", type=int, help="the round whose blind set this article is")
    p.set_defaults(func=cmd_add)
    p = sub.add_parser("score", help="per-family P/R/F1 with graphbuild evaluate")
    p.add_argument(
        "--set",
        choices=sorted(SETS),
        default="dev",
        help="dev (default: all seen articles), round1 (rn01-rn30), blind1 or blind2 (those"
        " blind sets alone, now in dev) or blind3 (round 3's blind set: once, at the end)",
    )
    p.add_argument(
        "--dry-run", action="store_true", help="list the set and command; extract nothing"
    )
    p.add_argument("--model", help="spaCy pipeline passed to graphbuild")
    p.add_argument("--family", help="only these families, comma-separated")
    p.add_argument("--max-items", type=int, default=1000, help="misses and false positives listed")
    p.set_defaults(func=cmd_score)
    args = parser.parse_args(argv)
    if args.texts:
        _texts.append(args.texts)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
