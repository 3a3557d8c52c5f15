"""Metadata fields in the archive's wording → structured values.

Dates ("January 18, 1952" → 1952-01-18), the citation's credit sentences ("Obtained by
X and translated by Y"), credit lines ("made possible with support from …"), record ids
from URLs, and repository / shelfmark from the archive part of a citation.
"""

from __future__ import annotations

import datetime
import re

from ..model import Responsibility, Shelfmark

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], 1)}
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE_MDY = re.compile(rf"^{_MONTH}\s+(\d{{1,2}}),\s*(\d{{4}})$", re.I)
_DATE_DMY = re.compile(rf"\b(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})\b", re.I)
_RECORD_URL = re.compile(r"/document/(\d+)\b")
_QUOTED = re.compile(r"^\s*[\"“](.+?)[,.]?[\"”]\s*,?\s*(.*)$", re.S)


def parse_date(text: str) -> str | None:
    """ISO date of a date printed alone ("January 01, 1950"), else None."""
    match = _DATE_MDY.match(text.strip())
    if not match:
        return None
    month, day, year = match.groups()
    return _iso(int(year), MONTHS[month.lower()], int(day))


def find_dmy_date(text: str) -> tuple[str, str] | None:
    """The last day-month-year date named in a text ("24 December 1951") and its ISO form."""
    found = list(_DATE_DMY.finditer(text))
    if not found:
        return None
    match = found[-1]
    day, month, year = match.groups()
    iso = _iso(int(year), MONTHS[month.lower()], int(day))
    return (match.group(0), iso) if iso else None


_MDY_IN_TEXT = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|"
                          r"November|December)\s+\d{1,2},\s*\d{4}\b")


def find_title_date(text: str) -> tuple[str, str] | None:
    """The date a title names, as written and in ISO form: the last day-month-year
    date ("24 December 1951"), else the first month-day-year one ("August 1, 1963")."""
    named = find_dmy_date(text)
    if named is None:
        found = _MDY_IN_TEXT.search(text)
        iso = parse_date(found.group(0)) if found else None
        named = (found.group(0), iso) if iso else None
    return named


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def record_id_from_url(url: str | None) -> str | None:
    """The archive's record number in a record URL (``…/document/116801`` → 116801)."""
    match = _RECORD_URL.search(url or "")
    return match.group(1) if match else None


def title_from_citation(citation: str) -> str | None:
    """The quoted title at the head of a citation, without its trailing comma."""
    match = _QUOTED.match(citation)
    return match.group(1).strip() if match else None


# --------------------------------------------------------------------------- people

_NAME_END = r"(?<!\b[A-Z])\.(?=\s|$)"
_CREDITS = [
    (re.compile(rf"\bObtained and translated (?:for [\w .-]+? )?by (?P<names>.+?){_NAME_END}"),
     ("obtainer", "translator")),
    (re.compile(rf"\bObtained (?:for [\w .-]+? )?by (?P<names>.+?)(?= and translated\b|{_NAME_END})"),
     ("obtainer",)),
    (re.compile(rf"\b[Tt]ranslated (?:for [\w .-]+? )?by (?P<names>.+?){_NAME_END}"),
     ("translator",)),
    (re.compile(rf"\b[Tt]ranscribed (?:for [\w .-]+? )?by (?P<names>.+?){_NAME_END}"),
     ("transcriber",)),
]


def responsibilities(citation: str | None) -> tuple[Responsibility, ...]:
    """Who obtained, translated or transcribed the document, from the citation's credits."""
    if not citation:
        return ()
    found: list[Responsibility] = []
    taken: list[tuple[int, int]] = []
    for pattern, roles in _CREDITS:
        for match in pattern.finditer(citation):
            span = match.span("names")
            if any(a <= span[0] < b for a, b in taken):
                continue
            taken.append(span)
            for role in roles:
                found.extend(Responsibility(role, n) for n in split_names(match.group("names")))
    order = {"obtainer": 0, "translator": 1, "transcriber": 2}
    return tuple(sorted(dict.fromkeys(found), key=lambda r: order[r.role]))


def split_names(text: str) -> list[str]:
    """``A, B and C`` → [A, B, C]; a part of one word stays with its neighbour."""
    parts = [p.strip() for p in re.split(r",\s*|\s+and\s+", text.strip()) if p.strip()]
    if len(parts) > 1 and all(len(p.split()) >= 2 or _is_single_name(p) for p in parts):
        return parts
    return [text.strip()]


def _is_single_name(part: str) -> bool:
    return bool(re.search(r"\d", part))  # organisations such as "7Brands"


_CREDIT_LINE = re.compile(r"made possible (?:with|by) (?:the )?(?:generous )?support (?:from|of) "
                          r"(?:the )?(?P<names>.+?)\.?$", re.I)


def funders(*lines: str | None) -> tuple[str, ...]:
    """Funders named in credit lines and donor fields, each once, in order."""
    names: list[str] = []
    for line in lines:
        if not line:
            continue
        match = _CREDIT_LINE.search(line.strip())
        text = match.group("names") if match else line.strip().rstrip(".")
        for name in split_names(text):
            name = re.sub(r"^the\s+", "", name, flags=re.I)
            if name and name not in names:
                names.append(name)
    return tuple(names)


# --------------------------------------------------------------------------- shelfmark

_DIGITAL_ARCHIVE = re.compile(r"^[^,]*Digital Archive,\s*")
_CREDIT_START = re.compile(r"\.\s+(?=(Obtained|Translated|Transcribed|Contributed|Donated|The |This ))")
# Words that open an archival reference (fond, opis, delo, list; sygnatura, karta; dosar …).
_UNIT = re.compile(
    r"^(?:f|op|d|l|ll|p|papka|fond|opis|delo|list|listy|sygn|k|dosar|file|box|folder|vol|t|"
    r"teczka|doboz|j\.e|ф|оп|д|л|лл|п)\.?,?$", re.I)
_LETTER_CODE = re.compile(r"^(?:[IVXLC]+|[A-Z])[,.]?$")


def archive_part(citation: str) -> str | None:
    """The archive statement of a citation: what follows title and date, before credits."""
    match = _QUOTED.match(citation)
    rest = match.group(2) if match else citation
    rest = re.sub(rf"^{_MONTH}\s+\d{{1,2}},\s*\d{{4}},\s*", "", rest.strip(), flags=re.I)
    rest = _CREDIT_START.split(rest, maxsplit=1)[0]
    rest = _DIGITAL_ARCHIVE.sub("", rest).strip().rstrip(".")
    return rest or None


def shelfmark(statement: str | None) -> Shelfmark | None:
    """Repository and shelfmark from an archive statement.

    The shelfmark starts at the first unit word (``f.``, ``fond``, ``sygn.``, ``dosar`` …)
    or number, taking along letter codes just before a number ("J IV 2/202/280"), and runs
    to the end, verbatim ("f. 0100, op. 43, d. 10, papka 302, ll. 1-4", "118-01109-02,
    11-14"). What stands before it is the repository; a trailing city is the settlement.
    """
    if not statement:
        return None
    tokens = statement.split()
    cut = next((i for i, t in enumerate(tokens) if _UNIT.match(t) or re.search(r"\d", t)), len(tokens))
    if cut < len(tokens) and not _UNIT.match(tokens[cut]):
        while cut > 0 and _LETTER_CODE.match(tokens[cut - 1]):
            cut -= 1
    idno = " ".join(tokens[cut:]).strip(" ,") or None
    repository = " ".join(tokens[:cut]).strip(" ,") or None
    settlement = None
    if repository and "," in repository:
        head, _, last = repository.rpartition(",")
        if _looks_like_city(last.strip()):
            repository, settlement = head.strip(), last.strip()
    if idno is None and repository is None:
        return None
    return Shelfmark(repository=repository, idno=idno, settlement=settlement,
                     parts=shelfmark_parts(idno) if idno else ())


_PART_NAMES = {"f": "fond", "fond": "fond", "ф": "fond", "op": "opis", "opis": "opis", "оп": "opis",
               "d": "delo", "delo": "delo", "д": "delo", "p": "papka", "papka": "papka", "п": "papka",
               "l": "list", "ll": "list", "list": "list", "listy": "list", "л": "list", "лл": "list",
               "sygn": "signature", "k": "folio", "dosar": "dosar", "file": "file", "box": "box",
               "folder": "folder", "vol": "volume", "t": "volume", "teczka": "folder"}


def shelfmark_parts(idno: str) -> tuple[tuple[str, str], ...]:
    """The units of a shelfmark when every comma-separated part opens with a known unit
    word ("f. 0100" → fond, "op. 43" → opis …); () when the pattern is not known.

    ``f.`` is a fond in first place and a folio after a file unit (``dosar 45, f. 2-9``).
    """
    segments = [s.strip() for s in idno.split(",")]
    parts = []
    for index, segment in enumerate(segments):
        unit = segment.split(" ", 1)[0].rstrip(".").lower()
        name = _PART_NAMES.get(unit)
        if name is None or " " not in segment:
            return ()
        if name == "fond" and index and parts[-1][0] in ("dosar", "file", "delo"):
            name = "folio"
        parts.append((name, segment))
    return tuple(parts) if ", ".join(s for _, s in parts) == idno else ()


_CITIES = {"Moscow", "Beijing", "Berlin", "Warsaw", "Budapest", "Prague", "Bucharest", "Sofia",
           "Washington", "London", "Paris", "Tokyo", "Seoul", "Pyongyang", "Hanoi", "Taipei",
           "Ulaanbaatar", "Tirana", "Belgrade", "Koblenz", "Nanjing", "Shanghai"}


def _looks_like_city(text: str) -> bool:
    return text in _CITIES


# --------------------------------------------------------------------------- document type

# The kinds of document the archive's titles begin with, longest first.
_DOCUMENT_TYPES = [
    ("memorandum of conversation", "memorandum of conversation"),
    ("record of conversation", "record of conversation"),
    ("minutes of conversation", "minutes of conversation"),
    ("transcript of conversation", "record of conversation"),
    ("memorandum", "memorandum"), ("cable", "cable"), ("telegram", "telegram"),
    ("ciphered telegram", "telegram"), ("note", "note"), ("report", "report"),
    ("letter", "letter"), ("minutes", "minutes"), ("diary", "diary entry"),
    ("speech", "speech"), ("instruction", "instruction"), ("directive", "directive"),
    ("resolution", "resolution"), ("decree", "decree"), ("protocol", "protocol"),
    ("circular", "circular"), ("statement", "statement"), ("information", "information"),
]


def document_type(title: str, printed: str | None = None) -> str | None:
    """The kind of document: the archive's "Type" field when printed, else the title's
    first words ("Cable from …" → cable, "Memorandum of Conversation, …" → memorandum of
    conversation)."""
    if printed and printed.strip():
        return printed.strip().lower()
    start = title.strip().lower()
    for prefix, kind in sorted(_DOCUMENT_TYPES, key=lambda item: -len(item[0])):
        if re.match(rf"{re.escape(prefix)}\b", start):
            return kind
    return None
