"""A large synthetic graph in the shape of docs/graph-model.md, written straight to N-Triples.

Going through extraction would take hours for a million triples; writing the model's triples
directly keeps the shape (entities, posts, documents, sentences, statement nodes, direct triples,
the ontology itself) while generating ~1M triples in seconds. Actor popularity is skewed (a few
leaders are in most statements) as it is in the news.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus import make_world
from graphbuild.extract.gazetteer import load_gazetteer
from graphbuild.fsutil import atomic_open
from graphbuild.graph.aggregates import EdgeTally
from graphbuild.graph.iris import (
    DEFAULT_BASE,
    document_iri,
    entity_iri,
    post_iri,
    sentence_iri,
    slugify,
    statement_iri,
)
from graphbuild.graph.ontology import GB_NS, all_relations, family_of, load_ontology
from graphbuild.records import EntityKind, Family

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
WD = "http://www.wikidata.org/entity/"

SENTENCES_PER_DOC = 30
STATEMENTS_PER_DOC = 14
# Triples per document with the numbers above, measured on generated output; sizes the run.
TRIPLES_PER_DOC = 460


POST_RELATIONS = {"President": "headOfStateOf", "Prime Minister": "headOfGovernmentOf"}


@dataclass(frozen=True, slots=True)
class Actor:
    iri: str
    label: str
    kind: EntityKind


def _iri(value: str) -> str:
    return f"<{value}>"


def _lit(value: str | int | float | bool, datatype: str | None = None) -> str:
    if isinstance(value, bool):
        return f'"{str(value).lower()}"^^<{XSD}boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<{XSD}integer>'
    if isinstance(value, float):
        return f'"{value:.2f}"^^<{XSD}decimal>'
    text = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"^^<{datatype}>' if datatype else f'"{text}"'


def _t(s: str, p: str, o: str) -> str:
    return f"{s} <{p}> {o} .\n"


def _actors(
    base: str, n_people: int, rng: random.Random
) -> tuple[list[Actor], list[str], list[tuple[str, str, str]]]:
    """People (invented and known), states, coalitions and organisations, with their triples and
    the direct relations among them (a person's post in a state, with no statement behind it)."""
    gazetteer = load_gazetteer()
    lines: list[str] = []
    actors: list[Actor] = []
    direct: list[tuple[str, str, str]] = []
    for entry in sorted(gazetteer.entries.values(), key=lambda e: e.key):
        if entry.kind is EntityKind.PLACE:
            continue
        iri = _iri(entity_iri(entry.key, base))
        lines.append(_t(iri, RDF + "type", _iri(GB_NS + entry.kind.value)))
        lines.append(_t(iri, RDFS + "label", _lit(entry.label)))
        lines.extend(_t(iri, SKOS + "altLabel", _lit(a)) for a in entry.aliases)
        if entry.qid:
            lines.append(_t(iri, OWL + "sameAs", _iri(WD + entry.qid)))
            lines.append(_t(iri, SKOS + "exactMatch", _iri(WD + entry.qid)))
        if entry.code:
            lines.append(_t(iri, GB_NS + "isoCode", _lit(entry.code)))
        actors.append(Actor(iri, entry.label, entry.kind))
    states = [a for a in actors if a.kind is EntityKind.STATE]
    world = make_world()
    people = [(p.name, "President") for p in gazetteer.people.values()]
    people += [(p.name, p.office) for p in world.cast]
    i = 0
    while len(people) < n_people:
        i += 1
        person = world.cast[i % len(world.cast)]
        people.append((f"{person.name} {i}", person.office))
    for name, office in people[:n_people]:
        iri = _iri(entity_iri(f"person/{slugify(name)}", base))
        state = rng.choice(states)
        place = state.iri[len("<" + base) : -1]
        post = _iri(post_iri(office, place, base))
        relation = POST_RELATIONS.get(office, "holdsPostIn")
        lines.append(_t(iri, GB_NS + relation, state.iri))
        direct.append((iri[1:-1], GB_NS + relation, state.iri[1:-1]))
        lines.append(_t(iri, RDF + "type", _iri(GB_NS + "Person")))
        lines.append(_t(iri, RDFS + "label", _lit(name)))
        lines.append(_t(iri, SKOS + "altLabel", _lit(name.split()[-1])))
        lines.append(_t(iri, GB_NS + "holdsPost", post))
        lines.append(_t(post, RDF + "type", _iri(GB_NS + "Post")))
        lines.append(_t(post, RDFS + "label", _lit(f"{office} of {state.label}")))
        lines.append(_t(post, GB_NS + "office", _lit(office)))
        lines.append(_t(post, GB_NS + "postIn", state.iri))
        actors.append(Actor(iri, name, EntityKind.PERSON))
    return actors, lines, direct


def _skewed(rng: random.Random, items: list[Actor]) -> Actor:
    """An item with probability ~ 1/rank: a few actors dominate, as leaders do in the news."""
    return items[min(int(rng.paretovariate(1.0)) - 1, len(items) - 1)]


def generate_triples(n_triples: int, seed: int = 7, base: str = DEFAULT_BASE) -> Iterator[str]:
    """N-Triples lines of a graph of about `n_triples` triples (the ontology included)."""
    rng = random.Random(seed)
    n_docs = max(1, n_triples // TRIPLES_PER_DOC)
    for triple in load_ontology():
        yield " ".join(term.n3() for term in triple) + " .\n"
    actors, lines, direct = _actors(base, max(50, n_docs // 2), rng)
    yield from lines
    pools = {kind: [a for a in actors if a.kind is kind] for kind in EntityKind}
    for pool in pools.values():
        rng.shuffle(pool)
    relations = [r for r in all_relations() if family_of(r) is not Family.POST_IN]
    outlets = make_world().vocab["outlets"]
    tally = EdgeTally()  # the edge nodes and actor degrees, as a build writes them
    for triple in direct:
        tally.link(triple)
    for d in range(n_docs):
        doc_id = f"synthetic-{d:06d}"
        doc = _iri(document_iri(doc_id, base))
        yield _t(doc, RDF + "type", _iri(GB_NS + "Document"))
        yield _t(doc, DCT + "identifier", _lit(doc_id))
        yield _t(doc, DCT + "title", _lit(f"Leaders meet as talks continue ({d})"))
        outlet, day = outlets[d % len(outlets)], f"2025-{1 + d % 12:02d}-{1 + d % 28:02d}"
        yield _t(doc, GB_NS + "outlet", _lit(outlet))
        yield _t(doc, DCT + "issued", _lit(day, XSD + "date"))
        yield _t(doc, SCHEMA + "url", _iri(f"https://news.example.org/{doc_id}"))
        yield _t(doc, GB_NS + "contentHash", _lit(hashlib.sha256(doc_id.encode()).hexdigest()))
        offset = 0
        for n in range(SENTENCES_PER_DOC):
            sent = _iri(sentence_iri(doc_id, n, base))
            text = f"Sentence {n} of {doc_id}: officials said the talks would continue next week."
            yield _t(sent, RDF + "type", _iri(GB_NS + "Sentence"))
            yield _t(sent, RDF + "value", _lit(text))
            yield _t(sent, GB_NS + "index", _lit(n))
            yield _t(sent, GB_NS + "start", _lit(offset))
            yield _t(sent, GB_NS + "end", _lit(offset + len(text)))
            yield _t(sent, DCT + "isPartOf", doc)
            offset += len(text) + 1
        for k in range(STATEMENTS_PER_DOC):
            kind = rng.choices(
                [EntityKind.PERSON, EntityKind.STATE, EntityKind.COALITION], [6, 3, 1]
            )[0]
            subject = _skewed(rng, pools[kind])
            relation = rng.choice(relations)
            if family_of(relation) in (Family.MEMBER_OF, Family.LEADS):
                groups = [EntityKind.COALITION, EntityKind.ORGANIZATION]
                obj = _skewed(rng, pools[rng.choice(groups)])
            else:
                obj = _skewed(rng, pools[rng.choice([EntityKind.PERSON, EntityKind.STATE])])
            while obj == subject:
                obj = rng.choice(pools[obj.kind])
            n = rng.randrange(SENTENCES_PER_DOC)
            polarity = "negative" if rng.random() < 0.05 else "positive"
            modality = rng.choices(["asserted", "future", "hypothetical"], [85, 10, 5])[0]
            asserted = polarity == "positive" and modality == "asserted"
            st = _iri(statement_iri((doc_id, n, k, relation), base))
            start = rng.randrange(0, 60)
            yield _t(st, RDF + "type", _iri(GB_NS + "Statement"))
            yield _t(st, RDF + "subject", subject.iri)
            yield _t(st, RDF + "predicate", _iri(GB_NS + relation))
            yield _t(st, RDF + "object", obj.iri)
            yield _t(st, GB_NS + "family", _lit(family_of(relation).value))
            yield _t(st, PROV + "wasDerivedFrom", _iri(sentence_iri(doc_id, n, base)))
            yield _t(st, GB_NS + "document", doc)
            yield _t(st, GB_NS + "trigger", _lit(relation))
            yield _t(st, GB_NS + "rule", _lit(rng.choice(["svo-active", "svo-passive", "noun"])))
            yield _t(st, GB_NS + "confidence", _lit(round(rng.uniform(0.5, 0.95), 2)))
            yield _t(st, GB_NS + "polarity", _lit(polarity))
            yield _t(st, GB_NS + "modality", _lit(modality))
            yield _t(st, GB_NS + "asserted", _lit(asserted))
            for name, value in (
                ("subjectStart", start),
                ("subjectEnd", start + 12),
                ("triggerStart", start + 13),
                ("triggerEnd", start + 23),
                ("objectStart", start + 24),
                ("objectEnd", start + 36),
            ):
                yield _t(st, GB_NS + name, _lit(value))
            if rng.random() < 0.1:
                yield _t(st, GB_NS + "speaker", _skewed(rng, pools[EntityKind.PERSON]).iri)
            if asserted:
                yield _t(subject.iri, GB_NS + relation, obj.iri)
                edge = (subject.iri[1:-1], GB_NS + relation, obj.iri[1:-1])
                family = family_of(relation).value
                tally.add(st[1:-1], edge, family, doc[1:-1], outlet, day)
    yield from tally.ntriples()


def write_graph(path: str | Path, n_triples: int, seed: int = 7) -> int:
    """Write the synthetic graph as N-Triples; return the number of lines (a few may repeat)."""
    count = 0
    with atomic_open(path, "w") as handle:
        for line in generate_triples(n_triples, seed):
            handle.write(line)
            count += 1
    return count
