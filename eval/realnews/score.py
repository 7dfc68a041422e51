"""Score graphbuild on the real-news set: check the saved texts, then `graphbuild evaluate` one split.

    python eval/realnews/score.py check              # which texts are present, missing or changed
    python eval/realnews/score.py restore ID FILE    # save a text from the search tool's excerpt
    python eval/realnews/score.py score [--blind]    # per-family P/R/F1 on dev (or the blind split)

Texts are third-party articles kept out of git in eval/realnews/texts/<id>.txt; manifest.jsonl has the
search query that brings each back and the sha256 of the saved text. Run from the repository root with
the graphbuild you want measured importable (in a worktree: PYTHONPATH=$PWD). The blind split is scored
once, at the end, by the lead: --blind exists so that nobody scores it by accident.
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
            articles.append(Article(**{k: row[k] for k in fields}))
    return articles


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


def cmd_score(args: argparse.Namespace) -> int:
    split = "blind" if args.blind else "dev"
    articles = [a for a in load_manifest() if a.split == split]
    if not report(articles):
        print(f"error: restore the texts above before scoring the {split} split", file=sys.stderr)
        return 1
    gold = HERE / f"gold-{split}.jsonl"
    with tempfile.TemporaryDirectory(prefix=f"realnews-{split}-") as tmp:
        for article in articles:
            shutil.copyfile(article.path, Path(tmp) / article.path.name)
        command = [sys.executable, "-m", "graphbuild", "evaluate", str(gold), tmp, "-q"]
        command += ["--max-items", str(args.max_items)]
        if args.model:
            command += ["--model", args.model]
        if args.family:
            command += ["--family", args.family]
        print(f"{split}: {len(articles)} articles; {' '.join(command[1:])}", flush=True)
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
    p = sub.add_parser("score", help="per-family P/R/F1 with graphbuild evaluate")
    p.add_argument("--blind", action="store_true", help="score the blind split (once, at the end)")
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
