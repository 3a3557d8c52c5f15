"""What a TEI header says about its document, as one record for harvesters.

:func:`describe` reads a TEI tree, the edition's own or another archive's, into a
:class:`DocumentRecord`; the JSON and Dublin Core exports both write that record, so
they always agree. The record holds what the header holds and nothing else: a field the
header does not fill stays absent (None or empty), never "N/A".

Besides the edition's profile (DESIGN.md), it reads what other archives put in their
headers: FRUS volumes (titles by type, editors by role, ISBNs), DraCor plays (authors
with ``persName``), Perseus texts (``editor role="translator"``, ``biblStruct``
sources) and letters with ``correspDesc`` (sender, receiver, date and place of each
``correspAction``).

Example::

    record = describe(parse_xml(path), doc_id="wilson-110404", file="tei/wilson-110404.xml")
    record.title, record.date, [a.name for a in record.contributors]
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, fields

from lxml import etree

from ..xmlio import TEI_NS

__all__ = ["Agent", "CorrespAction", "DocumentRecord", "Identifier", "describe", "record_dict"]

_NS = {"t": TEI_NS}
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ISO_DATE = re.compile(r"-?\d{4}(-\d\d(-\d\d)?)?")


@dataclass(frozen=True)
class Agent:
    """A person or body and their part in the document.

    Attributes:
        name: as the header writes it.
        role: ``author``, ``translator``, ``editor``, ``transcriber``, ``obtainer``,
            ``principal``, or, for any other responsibility, ``contributor``.
        resp: the responsibility as printed (``translated by``, ``primary``,
            ``CTS and EpiDoc conversion``), when the header words it.
        ref: the header's pointer to an authority record (``@ref``, ``@key``).
    """

    name: str
    role: str
    resp: str | None = None
    ref: str | None = None


@dataclass(frozen=True)
class Identifier:
    """An identifier of the document or its record (``idno``), with its type as written."""

    type: str
    value: str


@dataclass(frozen=True)
class CorrespAction:
    """One step of a letter's way (``correspDesc/correspAction``): sent, received …"""

    type: str
    persons: tuple[str, ...] = ()
    date: str | None = None  # ISO 8601; an interval "a/b" for notBefore/notAfter
    date_text: str | None = None
    place: str | None = None


@dataclass(frozen=True)
class DocumentRecord:
    """A document's metadata, the shape of ``metadata.json`` and of the Dublin Core records.

    Attributes:
        id: the document's id in the edition.
        file: the TEI file, relative to the edition (``tei/imported/x.xml``).
        imported: another archive's file (``tei/imported/``), kept as it came.
        title, series: the document's title; the series or volume it belongs to.
        authors, contributors: who wrote it; who translated, edited, transcribed … it.
        funders: funders and sponsors named in ``titleStmt``.
        date, date_text: the document's date, ISO 8601 and as printed (``creation/date``,
            else the date a letter was sent).
        event_date, event_date_text: another date the title names (DESIGN.md).
        published, published_text: the date of the publication (``publicationStmt/date``).
        languages: ``langUsage/language/@ident`` (else the text's ``xml:lang``), as written.
        original_language: the language of the original (``msContents/textLang/@mainLang``).
        summary: the abstract.
        record_id, uri: the source record's id and URI.
        identifiers: every ``idno`` of ``publicationStmt`` and of the record ``bibl``.
        source_id: an imported document's own ``xml:id`` in its archive.
        publisher, licence, licence_url, rights: from ``publicationStmt``.
        country, settlement, repository, shelfmark: ``msIdentifier`` of the original.
        citation: the source as cited (``bibl type="citation"``, else composed from the
            source description).
        document_type, classification, keywords: ``textClass``.
        correspondence: ``correspDesc``, one entry per ``correspAction``.
    """

    id: str
    file: str
    imported: bool = False
    title: str | None = None
    series: str | None = None
    authors: tuple[Agent, ...] = ()
    contributors: tuple[Agent, ...] = ()
    funders: tuple[str, ...] = ()
    date: str | None = None
    date_text: str | None = None
    event_date: str | None = None
    event_date_text: str | None = None
    published: str | None = None
    published_text: str | None = None
    languages: tuple[str, ...] = ()
    original_language: str | None = None
    summary: str | None = None
    record_id: str | None = None
    uri: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    source_id: str | None = None
    publisher: str | None = None
    licence: str | None = None
    licence_url: str | None = None
    rights: str | None = None
    country: str | None = None
    settlement: str | None = None
    repository: str | None = None
    shelfmark: str | None = None
    citation: str | None = None
    document_type: str | None = None
    classification: str | None = None
    keywords: tuple[str, ...] = ()
    correspondence: tuple[CorrespAction, ...] = ()


def describe(tree: etree._ElementTree | etree._Element, *, doc_id: str, file: str,
             imported: bool = False) -> DocumentRecord:
    """The metadata of one TEI document (or of a teiCorpus, from its corpus header).

    Args:
        tree: the parsed document.
        doc_id: its id in the edition.
        file: how to name the file in the record (relative to the edition).
        imported: whether it is another archive's file.

    Returns:
        The record; fields the header does not fill are None or empty.
    """
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    header = _first(root, "t:teiHeader")
    if header is None:
        return DocumentRecord(id=doc_id, file=file, imported=imported)
    title_stmt = _first(header, "t:fileDesc/t:titleStmt")
    pub = _first(header, "t:fileDesc/t:publicationStmt")
    profile = _first(header, "t:profileDesc")
    own_id = root.get(_XML_ID)
    return DocumentRecord(
        id=doc_id, file=file, imported=imported,
        **_titles(title_stmt), **_agents(header, title_stmt), **_dates(profile, pub),
        languages=_languages(root, header),
        original_language=_attr(header, ".//t:sourceDesc//t:msContents/t:textLang/@mainLang"),
        summary=_text(_first(profile, "t:abstract")),
        **_identifiers(header, pub),
        source_id=own_id if imported and own_id and own_id != doc_id else None,
        **_publication(pub), **_ms_identifier(header),
        citation=_citation(_first(header, "t:fileDesc/t:sourceDesc")),
        **_classes(profile),
        correspondence=tuple(_correspondence(profile)),
    )


def record_dict(record: DocumentRecord) -> dict:
    """The record as JSON-ready data, absent fields left out (``imported`` always there)."""
    return _compact(record)


# --------------------------------------------------------------------------- helpers

def _first(element: etree._Element | None, path: str) -> etree._Element | None:
    """The first element at ``path`` below ``element`` (prefix ``t:`` for TEI)."""
    if element is None:
        return None
    found = element.xpath(path, namespaces=_NS)
    return found[0] if found else None


def _all(element: etree._Element | None, path: str) -> list[etree._Element]:
    return [] if element is None else element.xpath(path, namespaces=_NS)


def _attr(element: etree._Element | None, path: str) -> str | None:
    """The first non-empty attribute value at ``path``, stripped."""
    values = [v.strip() for v in _all(element, path) if v.strip()]
    return values[0] if values else None


def _text(element: etree._Element | None, skip: tuple[str, ...] = ()) -> str | None:
    """The element's words, whitespace collapsed; None when it has none.

    ``skip``: TEI elements inside it whose words are not part of it (an author's ``idno``).
    """
    if element is None:
        return None
    if skip:
        element = deepcopy(element)
        etree.strip_elements(element, *(f"{{{TEI_NS}}}{name}" for name in skip), with_tail=False)
    text = " ".join("".join(element.itertext()).split())
    return text or None


def _iso(element: etree._Element | None) -> str | None:
    """A date element's ISO value: @when, an interval from @notBefore/@notAfter or
    @from/@to, or its text when that is an ISO date."""
    if element is None:
        return None
    for key in ("when", "when-iso"):
        if element.get(key, "").strip():
            return element.get(key).strip()
    for start, end in (("notBefore", "notAfter"), ("from", "to")):
        if element.get(start) or element.get(end):
            return f"{element.get(start, '').strip()}/{element.get(end, '').strip()}"
    text = _text(element)
    return text if text and _ISO_DATE.fullmatch(text) else None


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


# --------------------------------------------------------------------------- sections

_MAIN_TYPES = (None, "main", "complete", "full", "uniform")
_MAIN_LEVELS = (None, "a", "m")


def _titles(title_stmt: etree._Element | None) -> dict:
    """The main title (FRUS ``type="complete"``, a letter's ``level="a"``) and the series."""
    titles = [t for t in _all(title_stmt, "t:title") if _text(t)]
    main = next((t for t in titles if t.get("type") in _MAIN_TYPES and t.get("level") in _MAIN_LEVELS),
                titles[0] if titles else None)
    series = next((t for t in titles if t is not main
                   and (t.get("level") == "s" or t.get("type") == "series")), None)
    return {"title": _text(main), "series": _text(series)}


_ROLES = (  # words of a responsibility statement → role
    (re.compile(r"translat|übersetz|traduc", re.I), "translator"),
    (re.compile(r"transcri|transkri", re.I), "transcriber"),
    (re.compile(r"obtain", re.I), "obtainer"),
    (re.compile(r"edit|herausgeg", re.I), "editor"),
)
_NAMES = "t:persName | t:name | t:orgName"


def _role(resp: str | None, default: str = "contributor") -> str:
    return next((role for pattern, role in _ROLES if resp and pattern.search(resp)), default)


def _agents(header: etree._Element, title_stmt: etree._Element | None) -> dict:
    """Authors, contributors with their roles, and funders, from ``titleStmt`` (and the
    responsibilities of ``editionStmt``)."""
    authors = [_agent(a, "author", None) for a in _all(title_stmt, "t:author")]
    contributors = []
    for editor in _all(title_stmt, "t:editor"):
        role_attr = editor.get("role")
        contributors.append(_agent(editor, _role(role_attr, "editor") if role_attr else "editor", role_attr))
    for resp_stmt in _all(header, "t:fileDesc/t:titleStmt/t:respStmt | t:fileDesc/t:editionStmt/t:respStmt"):
        resp = _text(_first(resp_stmt, "t:resp"))
        contributors.append(_agent(resp_stmt, _role(resp), resp))
    contributors += [_agent(p, "principal", None) for p in _all(title_stmt, "t:principal")]
    funders = [_text(_first(f, "t:name | t:orgName") if _first(f, "t:name | t:orgName") is not None else f)
               for f in _all(title_stmt, "t:funder | t:sponsor")]
    return {"authors": tuple(a for group in authors for a in group),
            "contributors": tuple(a for group in contributors for a in group),
            "funders": tuple(dict.fromkeys(f for f in funders if f))}


def _agent(element: etree._Element, role: str, resp: str | None) -> list[Agent]:
    """One agent per name the element holds (``editor`` with two ``name``s is two); an
    ``orgName`` beside a ``persName`` is the person's affiliation, not another agent."""
    names = _all(element, "t:persName | t:name") or _all(element, "t:orgName")
    if not names:
        name = _text(element, skip=("idno", "resp", "note", "affiliation", "address"))
        names_text = [(name, element)] if name else []
    else:
        names_text = [(_text(n, skip=("idno",)), n) for n in names]
    ref = element.get("ref") or element.get("key")
    return [Agent(name=n, role=role, resp=resp, ref=(node.get("ref") or node.get("key") or ref))
            for n, node in names_text if n]


def _dates(profile: etree._Element | None, pub: etree._Element | None) -> dict:
    """The document's date (``creation``, else the sending of a letter), an event date the
    title names, and the publication's date."""
    dates = _all(profile, "t:creation//t:date")
    document = next((d for d in dates if d.get("type") in (None, "document", "creation")), None)
    event = next((d for d in dates if d.get("type") == "event"), None)
    if document is None:
        document = _first(profile, "t:correspDesc/t:correspAction[@type='sent']/t:date")
    published = _first(pub, "t:date")
    return {"date": _iso(document), "date_text": _text(document),
            "event_date": _iso(event), "event_date_text": _text(event),
            "published": _iso(published), "published_text": _text(published)}


def _languages(root: etree._Element, header: etree._Element) -> tuple[str, ...]:
    """``langUsage`` idents; without them, the language the text is marked up in."""
    idents = [v.strip() for v in _all(header, "t:profileDesc/t:langUsage/t:language/@ident") if v.strip()]
    if not idents:
        text = _first(root, "t:text")
        lang = (text.get(_XML_LANG) if text is not None else None) or root.get(_XML_LANG)
        idents = [lang.strip()] if lang and lang.strip() else []
    return tuple(dict.fromkeys(idents))


# DraCor's idno type="URL" names the publisher's site, not the document: not a URI here.
_URI_TYPES = ("uri", "handle", "doi")


def _identifiers(header: etree._Element, pub: etree._Element | None) -> dict:
    """``idno``s of the publication and of the record ``bibl``; the record id; the URI."""
    idnos = _all(pub, "t:idno") + _all(header, "t:fileDesc/t:sourceDesc/t:bibl[@type='record']/t:idno")
    found = dict.fromkeys(Identifier(type=(i.get("type") or "idno").strip(), value=_text(i))
                          for i in idnos if _text(i))
    identifiers = tuple(found)
    record_id = next((i.value for i in identifiers if i.type == "record"), None)
    uri = next((i.value for kind in _URI_TYPES for i in identifiers if i.type.lower() == kind), None)
    return {"identifiers": identifiers, "record_id": record_id, "uri": uri}


def _publication(pub: etree._Element | None) -> dict:
    """Publisher, licence (text and URL) and any other rights statement."""
    availability = _first(pub, "t:availability")
    licence = _first(availability, "t:licence")
    rights = " ".join(filter(None, (_text(p) for p in _all(availability, "t:p"))))
    return {"publisher": "; ".join(filter(None, (_text(p) for p in _all(pub, "t:publisher")))) or None,
            "licence": _text(licence),
            "licence_url": licence.get("target") if licence is not None and licence.get("target") else None,
            "rights": rights or None}


def _ms_identifier(header: etree._Element) -> dict:
    """Where the original is kept: the first ``msIdentifier`` of the source description."""
    ms = _first(header, "t:fileDesc/t:sourceDesc//t:msIdentifier")
    return {"country": _text(_first(ms, "t:country")), "settlement": _text(_first(ms, "t:settlement")),
            "repository": _text(_first(ms, "t:repository")), "shelfmark": _text(_first(ms, "t:idno"))}


def _citation(source_desc: etree._Element | None) -> str | None:
    """The citation as printed; else one composed from the first ``bibl``/``biblStruct``;
    else the source description's prose."""
    printed = _first(source_desc, "t:bibl[@type='citation']")
    if printed is not None:
        return _text(printed)
    struct = _first(source_desc, ".//t:biblStruct")
    if struct is not None:
        return _bibl_struct(struct)
    bibl = _first(source_desc, "t:bibl | t:listBibl/t:bibl")
    if bibl is not None:
        return _bibl(bibl)
    return " ".join(filter(None, (_text(p) for p in _all(source_desc, "t:p")))) or None


def _bibl_struct(struct: etree._Element) -> str | None:
    """``Author, Title: Subtitle, tr. Translator, Place: Publisher, Date, vol. 2``."""
    monogr = _first(struct, "t:monogr")
    parts = [_text(a) for a in _all(monogr, "t:author")]
    titles = [_text(t) for t in _all(monogr, "t:title")]
    parts.append(": ".join(filter(None, titles)) or None)
    for editor in _all(monogr, "t:editor"):
        parts.append(f"{'tr.' if editor.get('role') == 'translator' else 'ed.'} {_text(editor)}")
    imprint = _first(monogr, "t:imprint")
    place, publisher = _text(_first(imprint, "t:pubPlace")), _text(_first(imprint, "t:publisher"))
    parts.append(": ".join(filter(None, (place, publisher))) or None)
    parts.append(_text(_first(imprint, "t:date")))
    parts += [f"{s.get('unit', '')} {_text(s)}".strip() for s in _all(monogr, "t:biblScope[@unit]")]
    text = ", ".join(p for p in parts if p)
    return text or None


def _bibl(bibl: etree._Element) -> str | None:
    """A ``bibl``'s parts joined by commas, a nested ``bibl`` (an original source) after
    a semicolon; licences are rights, not citation."""
    own = [_text(child) for child in bibl
           if isinstance(child.tag, str) and _local(child) not in ("bibl", "availability", "note")]
    if not any(isinstance(c.tag, str) for c in bibl):
        own = [_text(bibl)]
    nested = [_bibl(b) for b in _all(bibl, "t:bibl")]
    text = "; ".join(filter(None, [", ".join(filter(None, own)), *nested]))
    return text or None


def _classes(profile: etree._Element | None) -> dict:
    """Document type and classification (the edition's taxonomies), other keywords."""
    by_scheme: dict[str, list[str]] = {}
    for keywords in _all(profile, "t:textClass/t:keywords"):
        terms = [_text(t) for t in _all(keywords, "t:term")] or [_text(keywords)]
        by_scheme.setdefault(keywords.get("scheme", ""), []).extend(t for t in terms if t)
    codes = [_text(c) for c in _all(profile, "t:textClass/t:classCode")]
    other = [t for scheme, terms in by_scheme.items()
             if scheme not in ("#documentType", "#classification") for t in terms]
    return {"document_type": "; ".join(by_scheme.get("#documentType", [])) or None,
            "classification": "; ".join(by_scheme.get("#classification", [])) or None,
            "keywords": tuple(dict.fromkeys(t for t in [*other, *codes] if t))}


def _correspondence(profile: etree._Element | None):
    """One :class:`CorrespAction` per ``correspAction`` (sender, receiver …)."""
    for action in _all(profile, "t:correspDesc/t:correspAction"):
        date = _first(action, "t:date")
        yield CorrespAction(
            type=action.get("type", "").strip() or "unspecified",
            persons=tuple(n for n in (_text(p) for p in _all(action, _NAMES)) if n),
            date=_iso(date), date_text=_text(date),
            place=_text(_first(action, "t:placeName | t:settlement")))


def _compact(value):
    """Dataclasses and tuples as dicts and lists, without None and empty values."""
    if hasattr(value, "__dataclass_fields__"):
        out = {}
        for f in fields(value):
            item = _compact(getattr(value, f.name))
            if item is not None or f.name == "imported":
                out[f.name] = item
        return out
    if isinstance(value, tuple | list):
        items = [_compact(v) for v in value]
        return [i for i in items if i is not None] or None
    if isinstance(value, str):
        return value or None
    return value
