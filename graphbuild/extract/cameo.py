"""Relation lexicon rows derived from the CAMEO verb pattern dictionary (PETRARCH2's CAMEO.2.0.txt).

Every verb and verb pattern whose CAMEO code falls in a relation family (04-06 cooperate, 051/07
support, 10-17 oppose, 18-20 attack; 03, intent to cooperate, is a promise, not a fact) becomes one row in the lexicon's own form (lemma, a required
particle or object noun, the object's slot), with the CAMEO code kept; patterns that form cannot
express are dropped and counted by reason. `python -m graphbuild.extract.cameo` rewrites
`ontology/relations-cameo.csv` from `ontology/cameo/CAMEO.2.0.txt` and prints the counts.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graphbuild.errors import InputError
from graphbuild.extract.lexicon import Trigger
from graphbuild.graph.ontology import family_of
from graphbuild.records import Family

DICTIONARY = Path("cameo") / "CAMEO.2.0.txt"
DERIVED = "relations-cameo.csv"

# CAMEO code prefix -> fine relation (longest prefix wins); codes outside these (01-02 statements
# and appeals, 08-09 yielding and investigating) name no relation between two actors, and 03
# (express intent to cooperate: "pledged cooperation with X") is a promise, which the gold
# annotation does not count as a fact (it cost precision on real-news dev).
CODE_RELATIONS: dict[str, str] = {
    "04": "talksWith",  # consult
    "042": "visits",
    "043": "hosts",
    "044": "meetsWith",
    "046": "negotiatesWith",
    "05": "cooperatesWith",  # diplomatic cooperation
    "051": "praises",
    "052": "supports",  # defend verbally
    "053": "supports",  # rally support on behalf of
    "054": "supports",  # grant diplomatic recognition
    "06": "cooperatesWith",  # material cooperation
    "07": "aids",  # provide aid
    "10": "demandsFrom",
    "11": "criticises",  # disapprove
    "110": "opposes",
    "111": "criticises",
    "112": "accuses",
    "113": "opposes",
    "114": "opposes",
    "115": "accuses",
    "116": "opposes",
    "12": "rejects",
    "13": "threatens",
    "14": "opposes",  # protest
    "15": "threatens",  # exhibit military posture
    "16": "opposes",  # reduce relations
    "163": "sanctions",  # embargo, boycott, sanctions
    "17": "opposes",  # coerce
    "18": "attacks",  # assault
    "19": "attacks",  # fight
    "192": "invades",  # occupy territory
    "194": "strikes",  # artillery and tanks
    "195": "strikes",  # aerial weapons
    "20": "attacks",  # mass violence
}

# Where the target of a verb + object word ("held talks", "launched strikes") or verb + particle
# ("cracked down") pattern is, when the pattern leaves it implicit: the preposition its family's
# nouns take ("talks with", "aid to", "support for", "a protest against", "an attack on"). Not
# "on" for OPPOSE: "attacked his comments on Ukraine" names a topic, not a target.
IMPLICIT_TARGETS: dict[Family, tuple[str, ...]] = {
    Family.COOPERATE: ("with",),
    Family.SUPPORT: ("to", "for", "behind"),
    Family.OPPOSE: ("against",),
    Family.ATTACK: ("against", "on"),
}

PARTICLES = frozenset({"up", "down", "out", "off", "back", "away", "forth", "aside"})
PREPOSITIONS = frozenset(
    {
        "about",
        "against",
        "at",
        "behind",
        "between",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "onto",
        "over",
        "to",
        "toward",
        "towards",
        "upon",
        "with",
        "within",
    }
)
_CODE = re.compile(r"\[([^\]]*)\]")
Requires = tuple[str, tuple[str, ...]] | None  # (dependency label, lemmas), as in lexicon.Trigger
Form = tuple[str, Requires, str]  # (verb lemma, required dependent, the target's slot)
_WORD = re.compile(r"^[a-z][a-z-]*$")


@dataclass(frozen=True, slots=True)
class Pattern:
    """One CAMEO pattern line (or a bare verb line): its verbs, words around `*` and code."""

    verbs: tuple[str, ...]  # the block's verbs it applies to, as written ("MEET", "+SET_UP")
    before: tuple[str, ...]  # tokens before `*`
    after: tuple[str, ...]  # tokens after `*` ("(WITH", "+)", "&WEAPON", ...)
    code: str  # as written, e.g. "042:043", "190", ":054", "---"
    line: int
    block: str


@dataclass(frozen=True, slots=True)
class Row:
    """One derived lexicon row, in `ontology/relations.csv`'s columns."""

    lemma: str
    relation: str
    cameo: str
    slots: tuple[str, ...]
    requires: Requires
    note: str

    def csv_fields(self) -> list[str]:
        requires = f"{self.requires[0]}:{'|'.join(self.requires[1])}" if self.requires else ""
        return [
            self.lemma,
            "VERB",
            self.relation,
            self.cameo,
            "|".join(self.slots),
            requires,
            "",
            "cameo",
            self.note,
        ]


@dataclass
class Derivation:
    """Derived rows and, for every pattern or verb line that gave none, why."""

    rows: list[Row] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)
    mapped: int = 0  # pattern or verb lines that gave at least one row
    total: int = 0  # pattern and verb lines read


# --- reading the dictionary -------------------------------------------------------------------


def _strip_comment(line: str) -> tuple[str, str]:
    text, _, comment = line.partition("#")
    return text.strip(), comment.strip()


def read_synsets(lines: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """`&NAME` -> its member phrases, lower-case, "_" joining words ("&WEAPON" -> ("missile",...))."""
    synsets: dict[str, tuple[str, ...]] = {}
    name: str | None = None
    members: list[str] = []
    for raw in lines:
        text, _ = _strip_comment(raw)
        if text.startswith("&"):
            if name:
                synsets[name] = tuple(members)
            name, members = text.split()[0], []
        elif text.startswith("+") and name:
            members.append(text[1:].split()[0].lower())
        elif not text and name:
            synsets[name] = tuple(members)
            name, members = None, []
    if name:
        synsets[name] = tuple(members)
    return synsets


def read_patterns(text: str) -> tuple[dict[str, tuple[str, ...]], list[Pattern]]:
    """Synonym sets and every verb line and pattern line of the verb section, in file order.

    A bare verb line is a Pattern with no words after `*` and the block's (or its own) code; a
    pattern line applies to the verb its comment names (PETRARCH's record of where the pattern
    was first found), and to none when the comment names no verb of its block.
    """
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "VERB PATTERNS" in line), None)
    if start is None:
        raise InputError("no '####### VERB PATTERNS #######' section in the CAMEO dictionary")
    synsets = read_synsets(lines[:start])
    patterns: list[Pattern] = []
    block, default = "", "---"
    verbs: list[str] = []
    for number, raw in enumerate(lines[start + 1 :], start=start + 2):
        text, comment = _strip_comment(raw)
        if not text:
            continue
        if text.startswith("---"):
            block = text.strip("- ").split()[0] if text.strip("- ") else ""
            found = _CODE.search(text)
            default, verbs = (found.group(1).strip() if found else "---"), []
            continue
        if text.startswith("-"):
            found = _CODE.search(text)
            code = found.group(1).strip() if found else "---"
            body = _CODE.sub(" ", text[1:]).split()
            if "*" not in body:
                continue
            star = body.index("*")
            named = comment.split()[0].upper() if comment else ""
            applies = tuple(v for v in verbs if _verb_key(v) == named)
            patterns.append(
                Pattern(applies, tuple(body[:star]), tuple(body[star + 1 :]), code, number, block)
            )
            continue
        verb = text.split()[0]
        verbs.append(verb)
        found = _CODE.search(text.split("{")[0] + " " + text.rpartition("}")[2])
        own = found.group(1).strip() if found else default
        patterns.append(Pattern((verb,), (), (), own, number, block))
    return synsets, patterns


def _verb_key(verb: str) -> str:
    return verb.lstrip("+").split("_")[0].upper()


# --- translating patterns into lexicon rows -----------------------------------------------------


def relation_of(code: str) -> str | None:
    """The fine relation a CAMEO code signals (the source-side code of "042:043"), or None."""
    first = code.split(":")[0].strip()
    if not first.isdigit():
        return None
    for size in range(len(first), 1, -1):
        relation = CODE_RELATIONS.get(first[:size])
        if relation:
            return relation
    return None


def _verb_form(verb: str) -> tuple[str, Requires, str | None] | None:
    """(lemma, required dependent, slot) of a verb line: "+SET_UP" -> ("set", prt:up, None);
    "+MEET_WITH" -> ("meet", None, "with"); "+TAKE_LEAVE" -> ("take", dobj:leave, None)."""
    words = verb.lstrip("+").lower().split("_")
    words = [w for w in words if w]
    if not words or not all(_WORD.match(w) for w in words) or len(words) > 2:
        return None
    if words[0] == "re" and len(words) == 2:
        return f"re{words[1]}", None, None
    if len(words) == 1:
        return words[0], None, None
    second = words[1]
    if second in PARTICLES:
        return words[0], ("prt", (second,)), None
    if second in PREPOSITIONS:
        return words[0], None, second
    return words[0], ("dobj", (second,)), None


def _noun_lemmas(token: str, synsets: dict[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    """Single-word lemmas an object word or `&SYNSET` stands for; None when it is not one."""
    if token.startswith("&"):
        members = synsets.get(token)
        if not members:
            return None
        words = [m.rstrip("_") for m in members if "_" not in m.rstrip("_")]
        lemmas = tuple(dict.fromkeys(_singular(w) for w in words if _WORD.match(w)))
        return lemmas or None
    word = token.lower()
    return (_singular(word),) if _WORD.match(word) else None


def _singular(word: str) -> str:
    """The lemma spaCy gives a plain English plural noun ("sanctions" -> "sanction")."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _groups(tokens: Sequence[str]) -> list[tuple[str, ...]] | None:
    """Post-verb tokens grouped: "(WITH", "+)" -> ("(", "with", "+"); "{A", "B}" -> ("{", "a", "b")."""
    groups: list[tuple[str, ...]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        for opener, closer in (("(", ")"), ("{", "}")):
            if token.startswith(opener):
                inner: list[str] = []
                rest = token[1:]
                while True:
                    done = rest.endswith(closer)
                    word = rest[:-1] if done else rest
                    if word:
                        inner.append(word)
                    if done:
                        break
                    i += 1
                    if i >= len(tokens):
                        return None
                    rest = tokens[i]
                groups.append((opener, *inner))
                break
        else:
            groups.append((token,))
        i += 1
    return groups


def translate(
    pattern: Pattern,
    synsets: dict[str, tuple[str, ...]],
    relation: str | None = None,
    events: Mapping[str, frozenset[Family]] | None = None,
) -> tuple[list[Form], str | None]:
    """(lemma, required dependent, slot) for each verb a pattern applies to, or a drop reason.

    Expressible: nothing or `$` before `*`; after it at most one particle or object word
    (`&SYNSET` or a single-word `{...}`), then an explicit target: `+` (the direct object) or one
    `(PREP)` / `(PREP +)` phrase, or a verb written with its preposition ("+MEET_WITH"); with
    `relation` given, a particle or object word without a target takes the prepositions of
    IMPLICIT_TARGETS for the relation's family, except object words that `events` (the hand
    lexicon's nouns) files under another family: "condemned the attack on X" names the attack's
    victim, not whom the condemnation is aimed at. Anything else (no target, words before the verb,
    fixed prepositional objects, multi-word noun phrases, skips `^`, targets before the verb) is
    not.
    """
    if any(t != "$" for t in pattern.before):
        return [], "words before the verb"
    groups = _groups(pattern.after)
    if groups is None:
        return [], "unbalanced brackets"
    if any(g == ("$",) or g == ("^",) or "^" in g or "$" in g for g in groups):
        return [], "skip or source after the verb"
    required: Requires = None
    slot: str | None = None
    rest = list(groups)
    if rest and rest[0][0] not in ("(", "+"):
        head = rest.pop(0)
        if head[0] == "{":
            if len(head) != 2:
                return [], "multi-word object phrase"
            head = (head[1],)
        word = head[0].lower()
        if word in PARTICLES:
            required = ("prt", (word,))
        else:
            lemmas = _noun_lemmas(head[0], synsets)
            if lemmas is None:
                return [], "object word not a single noun"
            required = ("dobj", lemmas)
    if rest and rest[0] == ("+",):
        if required is not None and required[0] == "dobj":
            return [], "object word then a bare target"
        rest.pop(0)
        slot = "dobj"
    elif rest and rest[0][0] == "(":
        phrase = rest.pop(0)
        words = [w.lower() for w in phrase[1:]]
        if not words or words[0] not in PREPOSITIONS:
            return [], "phrase not opened by a preposition"
        if words[1:] not in ([], ["+"]):
            return [], "fixed object of a preposition"
        slot = words[0]
    if rest:
        return [], "words after the target"
    if not pattern.verbs:
        return [], "comment names no verb of the block"
    if slot is None and required is not None and relation is not None:
        family = family_of(relation)
        implicit = IMPLICIT_TARGETS.get(family, ())
        if required[0] == "dobj" and events:
            own = tuple(w for w in required[1] if events.get(w, frozenset({family})) == {family})
            if not own:
                return [], "object word an event of another family"
            required = ("dobj", own)
        implied: list[Form] = [
            (form[0], required, target)
            for form in map(_verb_form, pattern.verbs)
            if form is not None and form[1] is None and form[2] is None
            for target in implicit
        ]
        return implied, None if implied else "verb form not expressible"
    results: list[Form] = []
    for verb in pattern.verbs:
        form = _verb_form(verb)
        if form is None:
            continue
        lemma, verb_requires, verb_slot = form
        if verb_requires is not None and required is not None:
            continue  # "+SET_UP" with a pattern's own particle: two required dependents
        if verb_slot and slot and slot != verb_slot:
            continue
        object_word = required is not None and required[0] == "dobj"
        target = slot or (None if object_word else verb_slot)  # "+ASK_FOR" * AMNESTY: no target
        if target is None:
            continue
        results.append((lemma, required or verb_requires, target))
    if not results:
        forms = [_verb_form(v) for v in pattern.verbs]
        if slot is None and not any(f is not None and f[2] for f in forms):
            return [], "no explicit target (+ or a preposition)"
        return [], "verb form not expressible"
    return results, None


def derive(
    text: str,
    known: Iterable[tuple[str, Requires]] = (),
    lemma_of: Callable[[str], str] | None = None,
    *,
    implicit_targets: bool = True,
    events: Mapping[str, frozenset[Family]] | None = None,
) -> Derivation:
    """Lexicon rows for every CAMEO pattern of a relation family, merged per (lemma, required
    dependent); verbs in `known` (the hand lexicon's (lemma, required dependent) pairs) are left
    to it unless the row needs a dependent they lack ("launch" + "attack": the hand row "launch"
    founds, this one attacks), verbs that
    `lemma_of` (spaCy's lemmatizer) would not give as a lemma ("killed") are dropped, and a
    (lemma, required dependent) that CAMEO files under two relations is dropped as ambiguous."""
    synsets, patterns = read_patterns(text)
    taken_forms = frozenset(known)
    taken = frozenset(lemma for lemma, _ in taken_forms)
    result = Derivation()
    merged: dict[tuple[str, Requires], dict[str, tuple[list[str], list[str], list[Pattern]]]] = {}
    per_pattern: dict[int, list[tuple[str, Requires]]] = {}
    for pattern in patterns:
        result.total += 1
        relation = relation_of(pattern.code)
        if relation is None:
            result.dropped[
                "code outside the families" if pattern.code.split(":")[0] else "target-side code"
            ] += 1
            continue
        if not pattern.after and not pattern.before and "_" not in pattern.verbs[0]:
            result.dropped["single verb under its block's code"] += 1
            continue
        forms, reason = translate(pattern, synsets, relation if implicit_targets else None, events)
        if reason is not None:
            result.dropped[reason] += 1
            continue
        if lemma_of is not None:
            forms = [f for f in forms if lemma_of(f[0]) == f[0]]
            if not forms:
                result.dropped["verb written in an inflected form"] += 1
                continue
        forms = [
            f
            for f in forms
            if (f[0], f[1]) not in taken_forms and (f[1] is not None or f[0] not in taken)
        ]
        if not forms:
            result.dropped["lemma already in the hand lexicon"] += 1
            continue
        keys = []
        for lemma, requires, slot in forms:
            key = (lemma, requires)
            entry = merged.setdefault(key, {}).setdefault(relation, ([], [], []))
            if slot not in entry[0]:
                entry[0].append(slot)
            code = pattern.code.split(":")[0]
            if code not in entry[1]:
                entry[1].append(code)
            entry[2].append(pattern)
            keys.append(key)
        per_pattern[pattern.line] = keys
    ambiguous = {key for key, by_relation in merged.items() if len(by_relation) > 1}
    for keys in per_pattern.values():
        if all(k in ambiguous for k in keys):
            result.dropped["filed under two relations"] += 1
        else:
            result.mapped += 1
    for key, by_relation in merged.items():
        if key in ambiguous:
            continue
        (relation, (slots, codes, sources)), *_ = by_relation.items()
        lemma, requires = key
        first = sources[0]
        shown = " ".join(first.after) if first.after else "(verb)"
        result.rows.append(
            Row(
                lemma=lemma,
                relation=relation,
                cameo=codes[0],
                slots=tuple(slots),
                requires=requires,
                note=f"{first.block} {shown} [line {first.line}]",
            )
        )
    result.rows.sort(key=lambda r: (r.cameo, r.lemma, r.requires or ("", ())))
    return result


def render(derivation: Derivation) -> str:
    """The derived rows as CSV with a header comment saying where they come from."""
    out = io.StringIO()
    out.write(
        "# Derived by `python -m graphbuild.extract.cameo` from ontology/cameo/CAMEO.2.0.txt (PETRARCH2,\n"
        "# openeventdata/petrarch2 commit 676801cd9cb2924bbbad09f86d15c9323e7097bf; MIT licence in\n"
        "# ontology/cameo/LICENSE). Do not edit: change the hand lexicon relations.csv or the\n"
        "# mapping in graphbuild/extract/cameo.py and regenerate. Read after relations.csv: its verbs are\n"
        "# left out here unless a row needs a dependent the hand rows of that verb do not.\n"
    )
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["lemma", "pos", "relation", "cameo", "slots", "requires", "flags", "source", "notes"]
    )
    for row in derivation.rows:
        writer.writerow(row.csv_fields())
    return out.getvalue()


def summary(derivation: Derivation) -> Iterator[str]:
    """Counts for the README and the commit: rows, mapped share, drops by reason."""
    share = derivation.mapped / derivation.total if derivation.total else 0.0
    yield (
        f"{derivation.total} verb and pattern lines; {derivation.mapped} map "
        f"({share:.1%}) into {len(derivation.rows)} lexicon rows"
    )
    for reason, count in derivation.dropped.most_common():
        yield f"  dropped {count:5d}: {reason}"


def event_nouns(lexicon: Iterable[Trigger]) -> dict[str, frozenset[Family]]:
    """Noun lemma -> the families the lexicon's noun triggers of that lemma signal."""
    nouns: dict[str, set[Family]] = {}
    for trigger in lexicon:
        if trigger.pos == "NOUN":
            nouns.setdefault(trigger.lemma, set()).add(trigger.family)
    return {lemma: frozenset(families) for lemma, families in nouns.items()}


def verb_lemmatizer(model: str | None = None) -> Callable[[str], str]:
    """The lemma spaCy's lemmatizer gives a word tagged as a verb ("killed" -> "kill")."""
    from spacy.tokens import Doc

    from graphbuild.extract.nlp import load_pipeline

    nlp = load_pipeline(model)
    lemmatizer = nlp.get_pipe("lemmatizer")

    def lemma_of(word: str) -> str:
        doc = Doc(nlp.vocab, words=[word], pos=["VERB"], tags=["VB"])
        return str(lemmatizer(doc)[0].lemma_).lower()

    return lemma_of


def main(argv: Sequence[str] | None = None) -> int:
    from graphbuild.extract.lexicon import read_lexicon
    from graphbuild.resources import ontology_file

    parser = argparse.ArgumentParser(prog="python -m graphbuild.extract.cameo", description=__doc__)
    parser.add_argument("--dictionary", type=Path, default=ontology_file(str(DICTIONARY)))
    parser.add_argument("--hand", type=Path, default=ontology_file("relations.csv"))
    parser.add_argument("-o", "--output", type=Path, default=ontology_file(DERIVED))
    parser.add_argument("--check", action="store_true", help="exit 1 if the output is stale")
    args = parser.parse_args(argv)
    hand = read_lexicon(args.hand)
    text = args.dictionary.read_text(encoding="utf-8", errors="replace")
    derivation = derive(
        text,
        ((t.lemma, t.requires) for t in hand if t.pos == "VERB"),
        verb_lemmatizer(),
        events=event_nouns(hand),
    )
    rendered = render(derivation)
    for line in summary(derivation):
        print(line)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != rendered:
            print(
                f"{args.output} is stale: run python -m graphbuild.extract.cameo", file=sys.stderr
            )
            return 1
        return 0
    from graphbuild.fsutil import atomic_write_text

    atomic_write_text(args.output, rendered)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
