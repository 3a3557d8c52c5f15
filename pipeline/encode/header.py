"""The teiHeader: one small builder per section, each leaving out what the source lacks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from lxml import etree

from ..ingest.languages import name_for
from ..model import SourceDocument, Version
from .tei import append_text, el, sub

_RESP = {"obtainer": "obtained by", "translator": "translated by", "transcriber": "transcribed by"}


@dataclass(frozen=True)
class HeaderOptions:
    """What the edition (not the source) says: who publishes it, under which licence.

    Attributes:
        publisher: the edition's publisher, from edition.toml.
        licence: the licence of the encoding, from edition.toml.
        when: the ISO date of this conversion (for revisionDesc).
        tool_version: the pipeline's version.
    """

    publisher: str | None
    licence: str | None
    when: str
    tool_version: str


def header(doc: SourceDocument, options: HeaderOptions) -> etree._Element:
    """The complete teiHeader of a document."""
    root = el("teiHeader")
    file_desc = sub(root, "fileDesc")
    file_desc.append(_title_stmt(doc))
    file_desc.append(_publication_stmt(doc, options))
    if doc.metadata.credits or doc.metadata.other_fields:
        file_desc.append(_notes_stmt(doc))
    file_desc.append(_source_desc(doc))
    root.append(_encoding_desc(doc, options))
    root.append(_profile_desc(doc))
    root.append(_revision_desc(doc, options))
    return root


def _title_stmt(doc: SourceDocument) -> etree._Element:
    meta = doc.metadata
    stmt = el("titleStmt")
    sub(stmt, "title", meta.title)
    if meta.author:
        sub(stmt, "author", meta.author)
    for funder in meta.funders:
        sub(stmt, "funder", funder)
    for resp in meta.responsibilities:
        resp_stmt = sub(stmt, "respStmt")
        sub(resp_stmt, "resp", _RESP[resp.role])
        sub(resp_stmt, "persName" if _is_person(resp.name) else "name", resp.name)
    return stmt


def _is_person(name: str) -> bool:
    """'Austin Jersild' is a person; '7Brands' (an agency) is not known to be one."""
    words = name.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and w.replace(".", "").replace("-", "").isalpha()
                                        for w in words)


def _publication_stmt(doc: SourceDocument, options: HeaderOptions) -> etree._Element:
    meta = doc.metadata
    stmt = el("publicationStmt")
    if options.publisher:
        sub(stmt, "publisher", options.publisher)
    else:
        sub(stmt, "p", "Not yet published: no publisher is set in edition.toml.")
        return stmt  # a publicationStmt of paragraphs cannot also hold idno
    if options.licence or meta.rights:
        availability = sub(stmt, "availability")
        if options.licence:
            sub(availability, "licence", options.licence)
        for para in (meta.rights or "").split("\n\n"):
            if para.strip():
                sub(availability, "p", para.strip())
    _record_idnos(stmt, doc)
    return stmt


def _notes_stmt(doc: SourceDocument) -> etree._Element:
    """The source's credit lines as printed (the funders' names are in titleStmt)."""
    stmt = el("notesStmt")
    for credit in doc.metadata.credits:
        sub(stmt, "note", credit, type="credit")
    for label, value in doc.metadata.other_fields:
        note = sub(stmt, "note", type="field")
        sub(note, "label", label)
        for para in value.split("\n\n"):
            sub(note, "p", para)
    return stmt


def _record_idnos(parent: etree._Element, doc: SourceDocument) -> etree._Element:
    if doc.metadata.record_id:
        sub(parent, "idno", doc.metadata.record_id, type="record")
    if doc.metadata.record_url:
        sub(parent, "idno", doc.metadata.record_url, type="URI")
    return parent


def _source_desc(doc: SourceDocument) -> etree._Element:
    meta = doc.metadata
    desc = el("sourceDesc")
    if meta.citation:
        sub(desc, "bibl", meta.citation, type="citation")
    if meta.source_note:
        sub(desc, "bibl", meta.source_note, type="source")
    if meta.record_id or meta.record_url or meta.uploaded:
        record = _record_idnos(sub(desc, "bibl", type="record"), doc)
        if meta.uploaded:
            sub(record, "date", meta.uploaded, type="uploaded", when=meta.uploaded)
    if meta.shelfmark or meta.original_language:
        desc.append(_ms_desc(doc))
    if not len(desc):
        sub(desc, "p", f"Converted from the source text {PurePath(doc.source.name).name}.")
    return desc


def _ms_desc(doc: SourceDocument) -> etree._Element:
    meta = doc.metadata
    ms = el("msDesc")
    ident = sub(ms, "msIdentifier")
    mark = meta.shelfmark
    if mark and mark.settlement:
        sub(ident, "settlement", mark.settlement)
    if mark and mark.repository:
        sub(ident, "repository", mark.repository)
    if mark and mark.idno:
        idno = sub(ident, "idno", None if mark.parts else mark.idno, type="shelfmark")
        for index, (unit, text) in enumerate(mark.parts):
            if index:
                append_text(idno, ", ")
            sub(idno, "idno", text, type=unit)
    if meta.original_language:
        contents = sub(ms, "msContents")
        sub(contents, "textLang", meta.original_language.name,
            mainLang=meta.original_language.ident)
    return ms


def _encoding_desc(doc: SourceDocument, options: HeaderOptions) -> etree._Element:
    desc = el("encodingDesc")
    editorial = sub(desc, "editorialDecl")
    sub(editorial, "p", (
        "Square brackets of the source are encoded explicitly and are not kept in the text: "
        "insertions of the translator or editor as supplied, omissions ([...]) as gap with "
        "reason omitted, words flagged [sic] as sic, and bracketed equivalents of names as "
        "gloss. The page marker // of transcriptions is encoded as pb, a word split at the "
        "break as lb with break=\"no\". A paragraph broken by a page or by the export is "
        "encoded as one paragraph. Rendering restores the brackets."))
    for version in doc.versions:
        if version.damaged:
            sub(editorial, "p", _damage_text(version), xml_id=f"damage-{version.lang}")
    if doc.source.repairs:
        correction = sub(editorial, "correction")
        for repair in doc.source.repairs:
            sub(correction, "p", f"The source text was repaired on reading: {repair}.")
    if doc.metadata.classification or doc.metadata.document_type:
        class_decl = sub(desc, "classDecl")
        if doc.metadata.classification:
            taxonomy = sub(class_decl, "taxonomy", xml_id="classification")
            sub(taxonomy, "desc", "Security classification printed on the document.")
        if doc.metadata.document_type:
            taxonomy = sub(class_decl, "taxonomy", xml_id="documentType")
            sub(taxonomy, "desc", "Kind of document, as the archive's title or type field names it.")
    app_info = sub(desc, "appInfo")
    app = sub(app_info, "application", ident="tei-edition", version=options.tool_version)
    sub(app, "label", "tei-edition")
    return desc


def _damage_text(version: Version) -> str:
    lost = version.lost_places()
    return (f"In the {name_for(version.lang)} text ({version.lang}) characters were lost in an "
            f"encoding accident before the text reached this edition: the source shows a space "
            f"where one or more characters stood. Each such place ({lost} in all) is encoded as "
            f"gap with reason lost pointing here, its extent estimated at one character with "
            f"low precision (most places lost one character, a few lost more, and the export "
            f"does not tell which). The text was not repaired.")


def _profile_desc(doc: SourceDocument) -> etree._Element:
    meta = doc.metadata
    desc = el("profileDesc")
    if meta.date or meta.event_date:
        creation = sub(desc, "creation")
        if meta.date:
            sub(creation, "date", meta.date_text or meta.date, type="document", when=meta.date)
        if meta.event_date:
            if len(creation):
                append_text(creation, " ")
            sub(creation, "date", meta.event_date_text or meta.event_date, type="event",
                when=meta.event_date)
    usage = sub(desc, "langUsage")
    for version in doc.versions:
        sub(usage, "language", name_for(version.lang), ident=version.lang)
    if meta.summary:
        abstract = sub(desc, "abstract")
        sub(abstract, "p", meta.summary)
    if meta.classification or meta.document_type:
        text_class = sub(desc, "textClass")
        for scheme, value in (("classification", meta.classification),
                              ("documentType", meta.document_type)):
            if value:
                sub(sub(text_class, "keywords", scheme=f"#{scheme}"), "term", value)
    return desc


def _revision_desc(doc: SourceDocument, options: HeaderOptions) -> etree._Element:
    desc = el("revisionDesc")
    name = PurePath(doc.source.name).name
    sub(desc, "change", (f"Encoded from the source text {name} ({doc.shape}, "
                         f"{doc.source.encoding.removesuffix('-sig')}, sha256 "
                         f"{doc.source.sha256[:16]}…) by tei-edition {options.tool_version}."),
        when=options.when)
    return desc
