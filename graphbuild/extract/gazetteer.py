"""The gazetteer: states, coalitions, organisations, offices, metonyms, media and known people.

Country names and ISO codes come from pycountry at load time; `ontology/gazetteer/` adds what
pycountry lacks (aliases, demonyms, Wikidata QIDs, organisations, offices, metonyms, outlets).
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry
import yaml
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from graphbuild.errors import InputError
from graphbuild.extract.vocabulary import load_vocabulary
from graphbuild.graph.iris import slugify
from graphbuild.records import Entity, EntityKind
from graphbuild.resources import ontology_file

DEFAULT_DIRECTORY = ontology_file("gazetteer")
# Entity-ruler ids of capitals: "capital:state/RUS"; whether a capital is the state is decided
# in context by the resolver.
CAPITAL_PREFIX = "capital:"

OFFICE_KINDS = frozenset(
    {"head_of_state", "head_of_government", "minister", "envoy", "military", "official"}
)
RELATION_OF_KIND = {
    "head_of_state": "headOfStateOf",
    "head_of_government": "headOfGovernmentOf",
}

_PUNCT = re.compile(r"[^\w\s-]+")
_SPACE = re.compile(r"[\s-]+")
_POSSESSIVE = re.compile(r"'s?$")


_LETTERS = str.maketrans(
    {
        "æ": "ae",
        "Æ": "Ae",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
        "œ": "oe",
        "Œ": "Oe",
        "ı": "i",
    }
)


def key_slug(name: str) -> str:
    """Slug for an entity key: `iris.slugify` after spelling out letters that have no
    decomposition ("Lærum" -> "laerum", "Piłsudski" -> "pilsudski", not "lrum", "pisudski")."""
    return slugify(name.translate(_LETTERS))


@functools.lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Lookup form of a name: no diacritics, lower case, no leading "the", possessive or dots.

    Cached: resolution asks for the same few thousand names and words over and over."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.replace("’", "'").strip().lower()
    folded = _POSSESSIVE.sub("", folded)
    folded = _PUNCT.sub("", folded)
    folded = _SPACE.sub(" ", folded).strip()
    if folded.startswith("the "):
        folded = folded[4:]
    return folded


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """A known actor: its stable key, kind, preferred label and the names it goes by."""

    key: str
    kind: EntityKind
    label: str
    aliases: tuple[str, ...] = ()
    qid: str | None = None
    code: str | None = None
    demonyms: tuple[str, ...] = ()

    def as_entity(self, aliases: tuple[str, ...] | None = None) -> Entity:
        """The entity record of this actor, with the aliases a document used (default: all)."""
        return Entity(
            self.key,
            self.kind,
            self.label,
            self.aliases if aliases is None else aliases,
            self.qid,
            self.code,
        )


_GROUP_RELATIONS = frozenset({None, "leads", "chairs"})  # LEADS properties an office can imply


@dataclass(frozen=True, slots=True)
class Office:
    """An office and the POST_IN property that holding it implies."""

    label: str
    kind: str  # one of OFFICE_KINDS
    relation: str  # "headOfStateOf" | "headOfGovernmentOf" | "holdsPostIn"
    local: bool = False  # held in a city or region (mayor, governor), not in a state
    explicit_place: bool = False  # a post only with its place named ("Soviet leader", "NATO chief")
    state: str | None = None  # the one state with this office ("Home Secretary": GBR)
    city: bool = False  # held in a city (mayor): never given a region from context
    group_relation: str | None = None  # held in a coalition/organisation, it leads it ("chairs")
    portfolio: str | None = None  # counterparts share it: Defence Secretary ~ Defence Minister


@dataclass(frozen=True, slots=True)
class KnownPerson:
    """A well-known person: canonical name, variants and the posts held (for role mentions only)."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    qid: str | None = None
    posts: tuple[tuple[str, str], ...] = ()  # (office label, place key)
    gender: str | None = None  # "m" | "f", for pronoun agreement


@dataclass
class Gazetteer:
    """Lookups over the gazetteer data; build with `load_gazetteer`."""

    entries: dict[str, GazetteerEntry] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # normalised name -> key
    demonyms: dict[str, str] = field(default_factory=dict)
    seats: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    offices: dict[str, tuple[Office, dict[str, str]]] = field(default_factory=dict)
    media: frozenset[str] = frozenset()
    people: dict[str, KnownPerson] = field(default_factory=dict)  # key -> person
    person_names: dict[str, str] = field(default_factory=dict)  # normalised name -> person key
    ambiguous: frozenset[str] = frozenset()  # names kept out of the entity ruler
    seat_names: tuple[tuple[str, str], ...] = ()  # (surface form, key) of seats of government
    capital_names: tuple[tuple[str, str], ...] = ()  # (surface form, state key) of capitals
    office_forms: tuple[str, ...] = ()  # office titles as written in offices.yaml
    tenures: dict[str, str] = field(default_factory=dict)  # "presidency" -> "president"
    place_names: tuple[str, ...] = ()  # well-known cities and regions (places.txt)
    parties: frozenset[str] = frozenset()  # keys of political parties (organisations)
    party_states: dict[str, str] = field(default_factory=dict)  # party key -> its state's key
    # normalised name -> keys of the parties of different countries that share it, default first
    shared_party_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _matchers: dict[int, tuple[Vocab, PhraseMatcher]] = field(default_factory=dict, repr=False)

    def party_in_context(
        self, key: str, name: str, named_state: str | None, state_counts: Mapping[str, int]
    ) -> str:
        """The party a shared name means in a document: the one of the state named right before
        it ("Canada's Conservatives", "British Tories"), else of the state the document names
        most, else `key` (the first listed). `key` is returned for a name no two parties share."""
        choices = self.shared_party_names.get(normalise(name))
        if not choices or key not in choices:
            return key
        for choice in choices:
            if named_state is not None and self.party_states.get(choice) == named_state:
                return choice
        best = max(choices, key=lambda c: state_counts.get(self.party_states.get(c, ""), 0))
        return best if state_counts.get(self.party_states.get(best, ""), 0) > 0 else key

    def get(self, key: str) -> GazetteerEntry | None:
        """The entry with this key (e.g. "state/GBR"), if any."""
        return self.entries.get(key)

    def home_state(self, person_key: str) -> str | None:
        """The key of the one state a known person holds posts in ("state/USA"), if exactly one."""
        known = self.people.get(person_key)
        places = {place for _, place in known.posts} if known is not None else set()
        if len(places) != 1:
            return None
        place = next(iter(places))
        entry = self.get(place if "/" in place else f"state/{place}")
        return entry.key if entry is not None and entry.kind is EntityKind.STATE else None

    def lookup(self, text: str) -> GazetteerEntry | None:
        """The state, coalition, organisation or territory a name denotes, if known."""
        key = self.names.get(normalise(text))
        return self.entries[key] if key else None

    def demonym(self, text: str) -> GazetteerEntry | None:
        """The state a demonym refers to ("British" -> United Kingdom), if known."""
        key = self.demonyms.get(normalise(text))
        return self.entries[key] if key else None

    def metonym(self, text: str) -> GazetteerEntry | None:
        """The state a seat of government stands for ("the Kremlin" -> Russia), if known."""
        key = self.seats.get(normalise(text))
        return self.entries[key] if key else None

    def capital(self, text: str) -> GazetteerEntry | None:
        """The state whose capital this is ("Moscow" -> Russia); callers decide if it is an actor."""
        key = self.capitals.get(normalise(text))
        return self.entries[key] if key else None

    def office(self, text: str, place_code: str | None = None) -> Office | None:
        """The office a title names ("prime minister", "Foreign Secretary"), if known.

        `place_code` picks a state-specific reading (a German chancellor heads the government).
        """
        found = self.offices.get(normalise(text))
        if found is None:
            return None
        office, by_state = found
        kind = by_state.get(place_code or "")
        if kind:
            return Office(
                office.label,
                kind,
                RELATION_OF_KIND.get(kind, "holdsPostIn"),
                office.local,
                office.explicit_place,
                office.state,
                office.city,
                office.group_relation,
                office.portfolio,
            )
        return office

    def is_media(self, text: str) -> bool:
        """True for a news outlet or agency: outlets report, they are not actors."""
        return normalise(text) in self.media

    def region(self, text: str) -> GazetteerEntry | None:
        """A first-level region of a state from pycountry ("Florida", "Madhya Pradesh"), as a
        place; regions are where governors, premiers and chief ministers hold office."""
        return _regions().get(normalise(text))

    def person(self, text: str) -> KnownPerson | None:
        """The well-known person a name or variant denotes ("Zelenskyy" -> Volodymyr Zelensky)."""
        key = self.person_names.get(normalise(text))
        return self.people[key] if key else None

    def title_matcher(self, vocab: Vocab) -> PhraseMatcher:
        """A case-insensitive PhraseMatcher of office titles ("OFFICE") and role nouns ("ROLE"),
        built once per vocabulary."""
        cached = self._matchers.get(id(vocab))
        if cached is None or cached[0] is not vocab:
            matcher = PhraseMatcher(vocab, attr="LOWER")
            matcher.add("OFFICE", [Doc(vocab, words=_words(form)) for form in self.office_forms])
            matcher.add(
                "ROLE",
                [
                    Doc(vocab, words=_words(w))
                    for w in sorted(load_vocabulary().entities.role_nouns)
                ],
            )
            cached = self._matchers[id(vocab)] = (vocab, matcher)
        return cached[1]

    def ruler_patterns(self) -> list[dict[str, Any]]:
        """Phrase patterns for spaCy's entity ruler; each carries the entry key as its `id`."""
        patterns: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()

        def add(label: str, text: str, key: str) -> None:
            for variant in _case_variants(text):
                if (variant, label) not in seen and normalise(variant) not in self.ambiguous:
                    seen.add((variant, label))
                    patterns.append({"label": label, "pattern": variant, "id": key})

        for name in self.place_names:
            add("GPE", name, self.names[normalise(name)])
        for entry in self.entries.values():
            if entry.kind is EntityKind.PLACE:
                continue  # territories and regions: left to the statistical NER
            label = "GPE" if entry.kind is EntityKind.STATE else "ORG"
            for name in (entry.label, *entry.aliases):
                add(label, _strip_the(name), entry.key)
            for demonym in entry.demonyms:
                if normalise(demonym) not in self.names:
                    add("NORP", demonym, entry.key)
        for name, key in self.seat_names:
            add("ORG", _strip_the(name), key)
        for name, key in self.capital_names:
            add("GPE", name, CAPITAL_PREFIX + key)
        for person in self.people.values():
            for name in (person.name, *person.aliases):
                if " " in name:  # a lone surname could be part of another person's name
                    add("PERSON", name, person.key)
        return patterns


def _words(form: str) -> list[str]:
    """Tokens of a title as spaCy's English tokenizer splits it ("vice-president": 3 tokens)."""
    words: list[str] = []
    for part in form.lower().split():
        for n, piece in enumerate(part.split("-")):
            if n:
                words.append("-")
            if piece:
                words.append(piece)
    return words


def _strip_the(name: str) -> str:
    return name[4:] if name.lower().startswith("the ") else name


def _case_variants(text: str) -> list[str]:
    variants = [text]
    if text[:1].islower():
        variants.append(text[:1].upper() + text[1:])
        variants.append(" ".join(w[:1].upper() + w[1:] for w in text.split()))
    return list(dict.fromkeys(variants))


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split(";") if part.strip())


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError as exc:
        raise InputError(f"gazetteer file missing: {path}") from exc
    except yaml.YAMLError as exc:
        raise InputError(f"gazetteer file {path} is not valid YAML: {exc}".splitlines()[0]) from exc


def _state_entries(path: Path) -> Iterator[tuple[GazetteerEntry, bool]]:
    """States from states.csv, named by pycountry unless the row gives a label."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError as exc:
        raise InputError(f"gazetteer file missing: {path}") from exc
    listed: set[str] = set()
    for line, row in enumerate(rows, start=2):
        code = (row.get("alpha3") or "").strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise InputError(f"{path}:{line}: bad alpha3 code {code!r}")
        listed.add(code)
        country = pycountry.countries.get(alpha_3=code)
        names: list[str] = []
        if country is not None:
            for attr in ("common_name", "name", "official_name"):
                value = getattr(country, attr, None)
                if value and "," not in value:
                    names.append(value)
        label = (row.get("label") or "").strip() or (names[0] if names else "")
        if not label:
            raise InputError(f"{path}:{line}: {code} is not in pycountry and has no label")
        aliases = tuple(
            dict.fromkeys(n for n in (*names, *_split(row.get("aliases"))) if n != label)
        )
        entry = GazetteerEntry(
            key=f"state/{code}",
            kind=EntityKind.STATE,
            label=label,
            aliases=aliases,
            qid=(row.get("qid") or "").strip() or None,
            code=code,
            demonyms=_split(row.get("demonyms")),
        )
        yield entry, (row.get("ambiguous") or "").strip().lower() in {"y", "yes", "1", "true"}
    for country in pycountry.countries:
        if country.alpha_3 in listed:
            continue
        name = getattr(country, "common_name", None) or country.name
        others = tuple(
            str(n)
            for n in (country.name, getattr(country, "official_name", None))
            if n and n != name and "," not in n
        )
        yield (
            GazetteerEntry(f"place/{key_slug(name)}", EntityKind.PLACE, name, others, code=None),
            False,
        )


_ORGANISATION_KINDS = {
    "coalition": EntityKind.COALITION,
    "organization": EntityKind.ORGANIZATION,
    "party": EntityKind.ORGANIZATION,  # a political party: an organisation people belong to
}


def _organisation_entries(path: Path) -> Iterator[tuple[GazetteerEntry, str | None]]:
    """Coalitions and organisations, each with the country of a political party (else None)."""
    for item in _read_yaml(path) or []:
        kind = _ORGANISATION_KINDS.get(item.get("kind", ""))
        if kind is None or not item.get("slug") or not item.get("label"):
            raise InputError(f"{path}: entry {item!r} needs slug, label and a known kind")
        if (item["kind"] == "party") != bool(item.get("country")):
            raise InputError(
                f"{path}: entry {item['slug']!r}: a party, and only a party, has a country"
            )
        prefix = "coalition" if kind is EntityKind.COALITION else "organization"
        names = tuple(n for n in item.get("names", []) if n != item["label"])
        entry = GazetteerEntry(
            f"{prefix}/{item['slug']}", kind, item["label"], names, qid=item.get("qid")
        )
        yield entry, str(item["country"]) if item["kind"] == "party" else None


@functools.cache
def _regions() -> dict[str, GazetteerEntry]:
    """First-level subdivisions of every state, by normalised name (first one wins a clash)."""
    table: dict[str, GazetteerEntry] = {}
    region_types = load_vocabulary().entities.region_types
    for sub in pycountry.subdivisions:
        if sub.parent_code is None and sub.type in region_types:
            name = sub.name.split(" (")[0]
            entry = GazetteerEntry(f"place/{key_slug(name)}", EntityKind.PLACE, name, code=None)
            table.setdefault(normalise(name), entry)
    return table


def _register(table: dict[str, str], names: Iterable[str], key: str) -> None:
    for name in names:
        table.setdefault(normalise(name), key)


@functools.lru_cache(maxsize=8)
def _load(directory: Path) -> Gazetteer:
    gaz = Gazetteer()
    ambiguous: set[str] = set()
    for entry, is_ambiguous in _state_entries(directory / "states.csv"):
        gaz.entries[entry.key] = entry
        if is_ambiguous:
            ambiguous.add(normalise(entry.label))
    party_names: dict[str, dict[str, None]] = {}
    for entry, country in _organisation_entries(directory / "organisations.yaml"):
        gaz.entries[entry.key] = entry
        if country is not None:
            state = f"state/{country}"
            if state not in gaz.entries:
                raise InputError(
                    f"{directory / 'organisations.yaml'}: {entry.key}: no state {country}"
                )
            gaz.party_states[entry.key] = state
            for name in (entry.label, *entry.aliases):
                party_names.setdefault(normalise(name), {})[entry.key] = None
    gaz.parties = frozenset(gaz.party_states)
    gaz.shared_party_names = {
        name: tuple(keys) for name, keys in party_names.items() if len(keys) > 1
    }
    # Names: states and organisations first, territories last so that a state wins a clash.
    for entry in sorted(gaz.entries.values(), key=lambda e: e.kind is EntityKind.PLACE):
        _register(gaz.names, (entry.label, *entry.aliases), entry.key)
        _register(gaz.demonyms, entry.demonyms, entry.key)
    for entry in gaz.entries.values():
        if entry.kind is EntityKind.STATE:  # names used attributively: "the UK prime minister"
            _register(gaz.demonyms, (entry.label, *entry.aliases), entry.key)

    metonyms = _read_yaml(directory / "metonyms.yaml") or {}
    raw: dict[str, list[tuple[str, str]]] = {"seats": [], "capitals": []}
    for group, table in (("seats", gaz.seats), ("capitals", gaz.capitals)):
        for code, names in (metonyms.get(group) or {}).items():
            key = code if "/" in code else f"state/{code}"
            if key not in gaz.entries:
                raise InputError(f"{directory / 'metonyms.yaml'}: unknown state or key {code!r}")
            _register(table, names, key)
            raw[group].extend((n, key) for n in names)
    gaz.seat_names = tuple(raw["seats"])
    gaz.capital_names = tuple(raw["capitals"])

    forms: list[str] = []
    for item in _read_yaml(directory / "offices.yaml") or []:
        kind = item.get("kind")
        if kind not in OFFICE_KINDS or not item.get("label"):
            raise InputError(f"{directory / 'offices.yaml'}: bad office {item!r}")
        if item.get("group_relation") not in _GROUP_RELATIONS:
            raise InputError(f"{directory / 'offices.yaml'}: bad group_relation in {item!r}")
        office = Office(
            item["label"],
            kind,
            item.get("relation") or "holdsPostIn",
            bool(item.get("local")),
            bool(item.get("explicit_place")),
            item.get("state"),
            bool(item.get("city")),
            item.get("group_relation"),
            item.get("portfolio"),
        )
        for name in (item["label"], *item.get("names", [])):
            gaz.offices.setdefault(normalise(name), (office, dict(item.get("by_state") or {})))
            forms.append(name)
        for noun in item.get("tenures") or []:
            if not isinstance(noun, str) or noun != noun.lower() or noun in gaz.tenures:
                raise InputError(f"{directory / 'offices.yaml'}: bad tenure {noun!r}")
            gaz.tenures[noun] = item["label"]
    gaz.office_forms = tuple(dict.fromkeys(forms))

    places_path = directory / "places.txt"
    try:
        place_lines = places_path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise InputError(f"gazetteer file missing: {places_path}") from exc
    for line in place_lines:
        names = _split(line) if not line.startswith("#") else ()
        if not names or normalise(names[0]) in gaz.names:
            continue
        entry = GazetteerEntry(f"place/{key_slug(names[0])}", EntityKind.PLACE, names[0], names[1:])
        gaz.entries[entry.key] = entry
        _register(gaz.names, names, entry.key)
        gaz.place_names = (*gaz.place_names, *names)

    media_path = directory / "media.txt"
    try:
        lines = media_path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise InputError(f"gazetteer file missing: {media_path}") from exc
    gaz.media = frozenset(normalise(s) for s in lines if s.strip() and not s.startswith("#"))

    for item in _read_yaml(directory / "people.yaml") or []:
        if not item.get("name"):
            raise InputError(f"{directory / 'people.yaml'}: entry {item!r} has no name")
        person = KnownPerson(
            key=f"person/{key_slug(item['name'])}",
            name=item["name"],
            aliases=tuple(item.get("aliases") or ()),
            qid=item.get("qid"),
            posts=tuple((str(o), str(p)) for o, p in item.get("posts") or ()),
            gender=item.get("gender"),
        )
        gaz.people[person.key] = person
        _register(gaz.person_names, (person.name, *person.aliases), person.key)

    gaz.ambiguous = frozenset(ambiguous)
    return gaz


def load_gazetteer(directory: str | Path | None = None) -> Gazetteer:
    """Load (once per directory) the gazetteer from `ontology/gazetteer/` or `directory`."""
    path = Path(directory) if directory is not None else DEFAULT_DIRECTORY
    if not path.is_dir():
        raise InputError(f"gazetteer directory not found: {path}")
    return _load(path.resolve())
