"""Input documents: read files, folders, JSONL and stdin; clean news text; split aggregator pages.

Reading (`read_inputs`) is the only I/O here. The text logic (`clean_text`, `split_page`) is pure:
it drops page furniture described in `ontology/page-furniture.yaml`, strips markdown emphasis, joins
paragraphs broken mid-sentence, ends headings with a full stop so the parser does not glue them to
the next sentence, and keeps a pull quote once. The cleaned text is the Document text, so every
offset later stages compute refers to it.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import yaml

from graphbuild.errors import InputError, one_line
from graphbuild.records import Document
from graphbuild.resources import ontology_file

DEFAULT_MAX_BYTES = 20_000_000
INPUT_SUFFIXES = (".txt", ".md", ".jsonl")
STDIN_ID = "stdin"
# A folder's README (or licence) describes the folder; it is read only when named explicitly.
FOLDER_NOTES = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG"})

_TERMINAL = re.compile(r"[.!?…:]['\"’”)\]]*$")
_CONTINUES = re.compile(r"[,;–—-]$")
_WS = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\s]*\)")
_IMAGE = re.compile(r"!\[[^\[\]\n]*\]\([^()\s]*\)")
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=[^\s*_])(.+?)(?<=[^\s*_])\1")
_MD_PREFIX = re.compile(r"^(?:#{1,6}(?:\s+|$)|>\s?)+")
_LIST_BULLET = re.compile(r"^[-*+•·](?:\s+|$)")
_DOUBLED_NAME = re.compile(r"^(?P<name>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}) (?P=name)(?: |$)")
_SENTENCE = re.compile(r"\S.*?(?:[.!?…]+['\"’”)\]]*(?=\s|$)|$)", re.S)
_WORD = re.compile(r"\S+")
_OUTLET_WORD = re.compile(r"^(?:[A-Z0-9][\w&'’.-]*|the|of|and|de|la|le|on)$")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "`": "'"})
_MIN_QUOTE_WORDS = 6
_MAX_HEADER_CHARS = 200
_MIN_WRAP_WIDTH = 40  # a block of lines this wide or wider may be hard-wrapped prose...
_SURE_WRAP_WIDTH = 60  # ...when it has three lines or more, or two lines this wide
_MAX_WRAP_WIDTH = 120
_FULL_LINE = 0.75  # a line of a wrapped block that fills this much of it continues on the next
_WRAPPED_SHARE = 0.5  # ...and more than this share of its lines must stop mid-sentence


@dataclass(frozen=True, slots=True)
class Furniture:
    """Compiled patterns of page furniture (see `ontology/page-furniture.yaml`)."""

    lines: re.Pattern[str]
    section_markers: re.Pattern[str]
    end_markers: re.Pattern[str]
    relative_time: re.Pattern[str]
    outlet_bullet: re.Pattern[str]
    read_more: re.Pattern[str]
    sentence_openers: frozenset[str]
    author_bio: re.Pattern[str]
    photo_credit: re.Pattern[str]


def _any_of(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def load_furniture(path: str | Path | None = None) -> Furniture:
    """Load and compile the furniture patterns; the default file is read once per process."""
    if path is None:
        return _default_furniture()
    return _load_furniture(Path(path))


@lru_cache(maxsize=1)
def _default_furniture() -> Furniture:
    return _load_furniture(ontology_file("page-furniture.yaml"))


def _load_furniture(path: Path) -> Furniture:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Furniture(
            lines=_any_of(data["furniture_lines"]),
            section_markers=_any_of(data["section_markers"]),
            end_markers=_any_of(data["end_markers"]),
            relative_time=re.compile(data["relative_time"], re.IGNORECASE),
            outlet_bullet=re.compile(data["outlet_bullet"]),
            read_more=re.compile(data["read_more"]),
            sentence_openers=frozenset(data["sentence_openers"]),
            author_bio=re.compile(data["author_bio"], re.IGNORECASE),
            photo_credit=re.compile(f"(?:{data['photo_credit']})(?=[.\\s]*$)", re.IGNORECASE),
        )
    except (OSError, ValueError, yaml.YAMLError, KeyError, TypeError, re.error) as exc:
        reason = one_line(exc)
        raise InputError(f"{path}: cannot load page furniture patterns ({reason})") from None


# --- cleaning -------------------------------------------------------------------------------


def _norm(text: str) -> str:
    """Comparison key of a line or sentence: quotes unified, case and spacing ignored."""
    return " ".join(text.translate(_QUOTES).replace("'", "").replace('"', "").casefold().split())


def _strip_emphasis(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _IMAGE.sub("", text)
        text = _LINK.sub(r"\1", text)
        text = _EMPHASIS.sub(r"\2", text)
    return text.replace("*", "")


def _drop_read_more(text: str, furniture: Furniture) -> str:
    """Remove inline "READ MORE: <headline>" links; the headline ends at a sentence opener."""
    while match := furniture.read_more.search(text):
        rest = text[match.end() :]
        words = list(_WORD.finditer(rest))
        cut = len(rest)
        for prev, word in pairwise(words):
            token = word.group().strip("'\"‘“(),;:")
            if token in furniture.sentence_openers and not _TERMINAL.search(prev.group()):
                cut = word.start()
                break
            if re.search(r"[.!?]['\"’”)]*$", prev.group()) and token[:1].isupper():
                cut = word.start()
                break
        text = (text[: match.start()] + " " + rest[cut:]).strip()
    return text


def clean_line(line: str, furniture: Furniture | None = None) -> str:
    """One line of text without markdown markup, emphasis, READ MORE links or extra spaces.

    Every step only removes characters, so they are applied until nothing changes: cleaning a
    clean line leaves it as it is.
    """
    furniture = furniture or load_furniture()
    previous = None
    while previous != line:
        previous = line
        line = _WS.sub(" ", _strip_emphasis(line)).strip()
        line = _LIST_BULLET.sub("", _MD_PREFIX.sub("", line)).lstrip()
        line = _drop_read_more(line, furniture)
        line = furniture.photo_credit.sub("", line).rstrip()
        doubled = _DOUBLED_NAME.match(line)
        if doubled:
            line = line[doubled.end() :]
    return line


def _is_furniture(line: str, furniture: Furniture) -> bool:
    bare = line.rstrip(".")
    return any(
        p.fullmatch(bare) is not None
        for p in (furniture.lines, furniture.section_markers, furniture.end_markers)
    ) or (_relative_time(line, furniture) is not None)


def _paragraphs(lines: Sequence[str], furniture: Furniture) -> list[str]:
    """Cleaned paragraphs of raw lines: blank lines separate blocks; hard-wrapped blocks reflow."""
    blocks: list[list[str]] = [[]]
    for raw in lines:
        if not raw.strip():
            blocks.append([])
            continue
        line = clean_line(raw, furniture)
        if line and not _is_furniture(line, furniture):
            blocks[-1].append(line)
    paragraphs: list[str] = []
    for block in blocks:
        if not block:
            continue
        width = max(len(line) for line in block)
        broken = [
            len(line) >= _FULL_LINE * width and not _ends_sentence(line) for line in block[:-1]
        ]
        wrapped = (
            len(block) > 1
            and _MIN_WRAP_WIDTH <= width <= _MAX_WRAP_WIDTH
            and (len(block) > 2 or width >= _SURE_WRAP_WIDTH)
            and sum(broken) > _WRAPPED_SHARE * len(broken)
        )
        current = [block[0]]
        for line, stops_mid_sentence in zip(block[1:], broken, strict=True):
            if not (wrapped and stops_mid_sentence):
                paragraphs.append(" ".join(current))
                current = []
            current.append(line)
        paragraphs.append(" ".join(current))
    return paragraphs


def _ends_sentence(text: str) -> bool:
    return _TERMINAL.search(text[-16:]) is not None


def _join_broken(paragraphs: list[str]) -> list[str]:
    """Join a paragraph that stops mid-sentence with the next one."""
    groups: list[list[str]] = []
    for para in paragraphs:
        if groups:
            last = groups[-1][-1]
            continues = _CONTINUES.search(last[-2:]) is not None
            if continues or (not _ends_sentence(last) and para[:1].islower()):
                groups[-1].append(para)
                continue
        groups.append([para])
    return [" ".join(group) for group in groups]


def _sentences(paragraph: str) -> list[re.Match[str]]:
    return list(_SENTENCE.finditer(paragraph))


def _drop_pull_quotes(paragraphs: list[str]) -> list[str]:
    """Keep the first occurrence of every long sentence; later verbatim repeats are display quotes."""
    seen: set[str] = set()
    out: list[str] = []
    for para in paragraphs:
        kept: list[str] = []
        for match in _sentences(para):
            key = _norm(match.group())
            if len(key.split()) >= _MIN_QUOTE_WORDS:
                if key in seen:
                    continue
                seen.add(key)
            kept.append(match.group())
        text = " ".join(kept).strip()
        if text:
            out.append(text)
    return out


def _drop_author_bio(paragraphs: list[str], furniture: Furniture) -> list[str]:
    """Remove closing author bios ("Jonathan Freedland is a Guardian columnist")."""
    while paragraphs:
        sentences = _sentences(paragraphs[-1])
        if not sentences or not furniture.author_bio.fullmatch(sentences[-1].group().rstrip(".")):
            break
        rest = paragraphs[-1][: sentences[-1].start()].strip()
        paragraphs = [*paragraphs[:-1], rest] if rest else paragraphs[:-1]
    return paragraphs


def _terminate_headings(paragraphs: list[str]) -> list[str]:
    """End every paragraph but the last with terminal punctuation (headings get a full stop)."""
    return [
        p if i == len(paragraphs) - 1 or _ends_sentence(p) else p + "."
        for i, p in enumerate(paragraphs)
    ]


def _clean_lines(lines: Sequence[str], furniture: Furniture) -> str:
    paragraphs = _paragraphs(lines, furniture)
    paragraphs = _join_broken(paragraphs)
    paragraphs = _drop_pull_quotes(paragraphs)
    paragraphs = _drop_author_bio(paragraphs, furniture)
    paragraphs = _terminate_headings(paragraphs)
    return "\n\n".join(paragraphs)


def clean_text(text: str, *, furniture: Furniture | None = None) -> str:
    """Article text without furniture or markup, paragraphs separated by a blank line.

    Headings gain a full stop (spaCy's parser does not end a sentence at "\\n\\n"); a paragraph
    cut mid-sentence is joined to the next; a sentence repeated later is kept once.
    """
    return _clean_lines(text.splitlines(), furniture or load_furniture())


# --- splitting aggregator pages --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Header:
    """Lines heading one aggregated article: headline(s), relative time, outlet."""

    start: int
    end: int  # index of the header's last line
    title: str | None
    outlet: str | None


def _looks_like_outlet(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 5 and all(_OUTLET_WORD.match(w) for w in words)


def _relative_time(line: str, furniture: Furniture) -> str | None:
    """The outlet glued before a relative time ("" if none), or None if the line is no time."""
    line = line.strip()
    if len(line) > 80:
        return None
    match = furniture.relative_time.fullmatch(line)
    if match is None:
        return None
    outlet = match.group("outlet").strip()
    if outlet and not _looks_like_outlet(outlet):
        return None
    return outlet


def _bullet_outlet(line: str, furniture: Furniture) -> str | None:
    match = furniture.outlet_bullet.fullmatch(line.strip())
    if match is None:
        return None
    outlet = match.group("outlet").strip()
    return outlet if _looks_like_outlet(outlet) else None


def _headerish(line: str) -> bool:
    text = line.strip()
    return 0 < len(text) <= _MAX_HEADER_CHARS and not re.search(r"\.['\"’”)]*$", text)


def _find_headers(lines: Sequence[str], furniture: Furniture) -> list[_Header]:
    """Header groups around each relative-time line: headline lines before it, outlet lines after.

    After a "Related Articles" marker, an outlet bullet ("- The Independent") heads an article too.
    """
    headers: list[_Header] = []
    used = -1
    related = False
    for t, line in enumerate(lines):
        related = related or (bool(line.strip()) and _is_marker(line, furniture))
        glued = _relative_time(line, furniture)
        if glued is None and related and t > used:
            bullet = _bullet_outlet(line, furniture)
            glued = None if bullet is None else ""
        if t <= used or glued is None:
            continue
        back: list[int] = []
        j = t - 1
        while j > used and len(back) < 4:
            text = lines[j].strip()
            if not text:
                j -= 1
                continue
            if _headerish(text) and not _is_furniture(clean_line(text, furniture), furniture):
                back.append(j)
                j -= 1
                continue
            break
        back.reverse()
        outlets = [glued] if glued else []
        end = t
        k = t
        while k < len(lines):
            text = lines[k].strip()
            bullet = _bullet_outlet(text, furniture) if text else None
            if not text:
                k += 1
            elif bullet is not None:
                outlets.insert(0, bullet)
                end, k = k, k + 1
            elif _relative_time(text, furniture) is not None:
                end, k = k, k + 1
            else:
                break
        back_texts = [clean_line(lines[i], furniture) for i in back]
        if not outlets and len(back_texts) > 1 and _looks_like_outlet(back_texts[-1]):
            outlets.append(back_texts[-1])
        outlet = outlets[0] if outlets else None
        outlet_keys = {_norm(o) for o in outlets}
        candidates = [b for b in back_texts if _norm(b) not in outlet_keys]
        while k < len(lines):
            text = lines[k].strip()
            if not text:
                k += 1
                continue
            cleaned = clean_line(text, furniture)
            repeat = any(_norm(cleaned) == _norm(c) for c in candidates)
            if _headerish(text) and (repeat or not candidates):
                candidates.append(cleaned)
                end, k = k, k + 1
                continue
            break
        if outlet is None and candidates:
            # "26 minutes ago" (the last item's time), this item's title twice, then "The
            # Guardian6 hours ago": the outlet line after the titles is this header's
            m = k
            while m < len(lines) and not lines[m].strip():
                m += 1
            later = _relative_time(lines[m].strip(), furniture) if m < len(lines) else None
            if later:
                outlet, end = later, m
        title = Counter(candidates).most_common(1)[0][0] if candidates else None
        start = back[0] if back else t
        headers.append(_Header(start, end, title, outlet))
        used = end
    return headers


def _is_marker(line: str, furniture: Furniture) -> bool:
    return furniture.section_markers.fullmatch(clean_line(line, furniture)) is not None


def _is_end(line: str, furniture: Furniture) -> bool:
    return furniture.end_markers.fullmatch(clean_line(line, furniture)) is not None


def split_page(
    text: str, *, doc_id: str, path: str | None = None, furniture: Furniture | None = None
) -> list[Document]:
    """Split an aggregator page into its articles: `doc_id#1` is the main one, then each related one.

    A page with no relative-time headers and no "Related Articles" section is a plain article: one
    Document with id `doc_id` and the cleaned text. Articles left empty by cleaning are dropped.
    """
    furniture = furniture or load_furniture()
    lines = text.splitlines()
    headers = _find_headers(lines, furniture)
    if not headers and not any(_is_marker(line, furniture) for line in lines):
        cleaned = clean_text(text, furniture=furniture)
        return [Document(id=doc_id, text=cleaned, path=path)] if cleaned else []
    by_start = {h.start: h for h in headers}
    segments: list[tuple[_Header | None, list[str]]] = [(None, [])]
    i = 0
    while i < len(lines):
        line = lines[i]
        if i in by_start:
            header = by_start[i]
            segments.append((header, []))
            i = header.end + 1
            continue
        if line.strip() and _is_end(line, furniture) and any(s[1] for s in segments):
            break
        if line.strip() and _is_marker(line, furniture):
            segments.append((None, []))
        else:
            segments[-1][1].append(line)
        i += 1
    documents: list[Document] = []
    for header_or_none, body in segments:
        title = header_or_none.title if header_or_none else None
        outlet = header_or_none.outlet if header_or_none else None
        if header_or_none is None:
            title, body = _leading_title(body, furniture)
        if title is not None:
            body = [b for b in body if _norm(clean_line(b, furniture)) != _norm(title)]
        cleaned = _clean_lines(body, furniture)
        if cleaned:
            documents.append(
                Document(
                    id=f"{doc_id}#{len(documents) + 1}",
                    text=cleaned,
                    title=title,
                    source=outlet,
                    path=path,
                )
            )
    return documents


def _leading_title(body: list[str], furniture: Furniture) -> tuple[str | None, list[str]]:
    """Take a headline-like first line as the title of an article that has no header group."""
    content = [
        (i, clean_line(b, furniture))
        for i, b in enumerate(body)
        if b.strip() and not _is_furniture(clean_line(b, furniture), furniture)
    ]
    if len(content) > 1 and _headerish(content[0][1]):
        index, title = content[0]
        return title, body[index + 1 :]
    return None, body


# --- reading ---------------------------------------------------------------------------------


def _decode(data: bytes, where: str, max_bytes: int) -> str:
    if len(data) > max_bytes:
        raise InputError(f"{where}: too large ({len(data)} bytes, limit {max_bytes})")
    if not data.strip():
        raise InputError(f"{where}: empty file")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"{where}: binary file (NUL byte at offset {nul}), expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def read_text_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """A UTF-8 text file's content; missing, unreadable, empty, binary or too large -> InputError."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: too large ({size} bytes, limit {max_bytes})")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return _decode(data, str(path), max_bytes)


def _check_date(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        for parse in (date.fromisoformat, datetime.fromisoformat):
            try:
                parse(value)
                return value
            except ValueError:
                pass
    raise InputError(f"{where}: date {value!r} is not an ISO 8601 date or date-time")


def _optional_str(record: dict[str, Any], key: str, where: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value or None
    raise InputError(f"{where}: {key!r} must be a string, not {type(value).__name__}")


def json_object(line: str, at: str) -> dict[str, Any]:
    """One JSONL line as a JSON object; anything else -> InputError naming `at` (file:line)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{at}: malformed JSON ({exc.msg} at column {exc.colno})") from None
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{at}: malformed JSON ({type(exc).__name__})") from None
    if not isinstance(record, dict):
        raise InputError(f"{at}: expected a JSON object, got {type(record).__name__}")
    return record


def parse_jsonl(text: str, *, where: str, path: str | None = None) -> Iterator[Document]:
    """Documents of a JSONL text, one `{"id", "text", "title"?, "date"?, "source"?, "url"?}` a line.

    Texts are cleaned, not split; ids must be unique within the text.
    """
    furniture = load_furniture()
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        at = f"{where}:{number}"
        record = json_object(line, at)
        doc_id = record.get("id")
        if not isinstance(doc_id, str) or not doc_id.strip():
            raise InputError(f"{at}: missing or empty string 'id'")
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            raise InputError(f"{at}: missing or empty string 'text' (id {doc_id!r})")
        if doc_id in seen:
            raise InputError(f"{at}: duplicate id {doc_id!r} (first on line {seen[doc_id]})")
        seen[doc_id] = number
        cleaned = clean_text(body, furniture=furniture)
        if not cleaned:
            raise InputError(f"{at}: no article text left after removing page furniture")
        yield Document(
            id=doc_id,
            text=cleaned,
            title=_optional_str(record, "title", at),
            date=_check_date(record.get("date"), at),
            source=_optional_str(record, "source", at),
            url=_optional_str(record, "url", at),
            path=path,
        )


def _looks_like_jsonl(text: str) -> bool:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return first.lstrip().startswith("{")


def _text_documents(
    text: str, *, doc_id: str, where: str, path: str | None, split_pages: bool
) -> list[Document]:
    if split_pages:
        documents = split_page(text, doc_id=doc_id, path=path)
    else:
        cleaned = clean_text(text)
        documents = [Document(id=doc_id, text=cleaned, path=path)] if cleaned else []
    if not documents:
        raise InputError(f"{where}: no article text left after removing page furniture")
    return documents


def _expand(paths: Sequence[str]) -> list[tuple[str, Path | None, str]]:
    """(label, path or None for stdin, id) of every input, folders walked recursively and sorted."""
    if not paths:
        raise InputError("no inputs given")
    sources: list[tuple[str, Path | None, str]] = []
    for given in paths:
        if given == "-":
            sources.append(("<stdin>", None, STDIN_ID))
            continue
        path = Path(given)
        if path.is_dir():
            found: list[Path] = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(
                    Path(root) / f
                    for f in files
                    if not f.startswith(".")
                    and f.endswith(INPUT_SUFFIXES)
                    and Path(f).stem.upper() not in FOLDER_NOTES
                )
            if not found:
                raise InputError(f"{given}: folder holds no .txt, .md or .jsonl files")
            for file in sorted(found, key=lambda p: p.relative_to(path).as_posix()):
                doc_id = file.relative_to(path).with_suffix("").as_posix()
                sources.append((str(file), file, doc_id))
        elif path.is_file():
            sources.append((str(path), path, path.stem))
        elif path.exists():
            raise InputError(f"{given}: not a regular file or folder")
        else:
            raise InputError(f"{given}: no such file or folder")
    return sources


def _read_stdin(stdin: TextIO | None, max_bytes: int) -> str:
    stream = stdin if stdin is not None else sys.stdin
    buffer: BinaryIO | None = getattr(stream, "buffer", None)
    try:
        if buffer is not None:
            data = buffer.read(max_bytes + 1)
        else:
            data = stream.read(max_bytes + 1).encode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"<stdin>: not UTF-8 (byte at offset {exc.start})") from None
    return _decode(data, "<stdin>", max_bytes)


def read_inputs(
    paths: Sequence[str],
    *,
    stdin: TextIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    split_pages: bool = True,
) -> Iterator[Document]:
    """Documents from files, folders (recursive, sorted) and `-` (stdin), in input order.

    `.jsonl` holds one document a line; `.txt`/`.md` files and stdin text are one page each,
    cleaned and (with `split_pages`) split into articles. A file's id is its path relative to the
    folder given, or its name, without suffix. Any unreadable input raises `InputError`.
    """
    sources = _expand(paths)
    origin: dict[str, str] = {}
    for label, path, doc_id in sources:
        text = _read_stdin(stdin, max_bytes) if path is None else read_text_file(path, max_bytes)
        file = None if path is None else str(path)
        if (path is not None and path.suffix == ".jsonl") or (
            path is None and _looks_like_jsonl(text)
        ):
            documents: Iterator[Document] | list[Document] = parse_jsonl(
                text, where=label, path=file
            )
        else:
            documents = _text_documents(
                text, doc_id=doc_id, where=label, path=file, split_pages=split_pages
            )
        for document in documents:
            if document.id in origin:
                raise InputError(
                    f"{label}: duplicate document id {document.id!r} (also in {origin[document.id]})"
                )
            origin[document.id] = label
            yield document
