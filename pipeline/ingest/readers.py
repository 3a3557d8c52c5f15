"""One reader per export shape, tried in order (a chain, not a tangle of ifs).

Each reader looks at a :class:`SourceText` and either answers with a :class:`Layout`
(the export's parts, named but not yet interpreted) or raises :class:`NotMine` saying
why not. :func:`pipeline.ingest.ingest` runs the chain and interprets the layout; a
source no reader takes is an :class:`IngestError` listing every reader's reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import SourceText
from .fields import parse_date
from .text import Para, paragraphs


class NotMine(Exception):
    """A reader's answer that the source is not of its shape, with the reason."""


@dataclass
class Layout:
    """The parts of an export, as found: labelled fields, header lines and body paragraphs."""

    shape: str
    title: str | None = None
    date_text: str | None = None
    fields: dict[str, str] = field(default_factory=dict)  # label → text (paragraphs joined by \n\n)
    contents: list[str] = field(default_factory=list)  # version labels ("Translation - English")
    credits: list[str] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # web chrome removed, for the report
    notes: list[str] = field(default_factory=list)  # what the reader noticed (truncation …)
    labels: list[str] = field(default_factory=list)  # the export's own field labels


# Labels the archive prints before its metadata fields.
HEADER_LABELS = ("Citation", "Summary", "Credits", "Original Language", "Contents",
                 "Original Archive", "Keywords", "Document Type", "Language", "Record ID")
_CONTENTS_ITEM = re.compile(
    r"^(?:[-*•]\s+)?(?:(?:Translation|Transcription|Original|Scan)\s*-\s*[\w ]+"
    r"|[\w ]+\s(?:Translation|Transcription|Original|Scan))$", re.I)
_URL = re.compile(r"^<?(https?://\S+?)>?$")
_CREDIT = re.compile(r"^This document was made possible", re.I)


# --------------------------------------------------------------------------- labelled exports

def _label_of(para: Para, bold: bool, *, any_label: bool = False) -> str | None:
    """``**Citation:**`` (bold) or ``Citation:`` (plain) alone in a paragraph → its label.

    With ``any_label``, a label the archive is not known to use (``**Keywords:**``) is
    taken too, so that its block is kept and reported rather than read as text.
    """
    if len(para.lines) != 1:
        return None
    line = para.lines[0].strip()
    pattern = r"^\*\*([A-Z][\w ]{1,30}):\*\*$" if bold else r"^([A-Z][\w ]{1,30}):$"
    match = re.match(pattern, line)
    if not match:
        return None
    label = match.group(1).strip()
    known = label in HEADER_LABELS
    return label if known or (any_label and len(label.split()) <= 4) else None


def _strip_bold(line: str) -> str:
    return re.sub(r"^\*\*(.*)\*\*$", r"\1", line.strip())


def _labelled(src: SourceText, shape: str, bold: bool) -> Layout:
    """Shared walk of the two labelled exports (Markdown-like and plain)."""
    paras = paragraphs(src.text)
    first = next((i for i, p in enumerate(paras) if _label_of(p, bold)), None)
    if first is None:
        raise NotMine(f"no {'**Citation:**' if bold else 'Citation:'} label")
    layout = Layout(shape=shape)
    _title_and_date(layout, paras[:first], bold)
    index, label = first, None
    while index < len(paras):
        para = paras[index]
        new_label = _label_of(para, bold, any_label=label != "Contents")
        if new_label:
            label = new_label
            layout.labels.append(para.lines[0])
        elif label == "Contents" and not _contents_items(para):
            break
        elif label == "Contents":
            layout.contents.extend(_contents_items(para))
        elif label == "Credits":
            layout.credits.append(para.joined())
        else:
            _add_field(layout, label, para)
        index += 1
    layout.body = paras[index:]
    if not layout.title:
        raise NotMine("no title before the first label")
    return layout


def _title_and_date(layout: Layout, paras: list[Para], bold: bool) -> None:
    """The lines before the first label: a date line and the title (possibly wrapped).

    Lines above the date line, or paragraphs above the title when there is no date,
    are stray page text: dropped, and reported.
    """
    groups: list[list[str]] = []
    for para in paras:
        wrapped = bold and para.lines[0].startswith("**")  # a bold title wrapped over lines
        lines = [" ".join(_strip_bold(x) for x in para.lines)] if wrapped else list(para.lines)
        groups.append([_strip_bold(line).strip() for line in lines])
    flat = [line for group in groups for line in group]
    dated = next((i for i, line in enumerate(flat) if parse_date(line)), None)
    if dated is not None and dated + 1 < len(flat):
        layout.date_text = flat[dated]
        layout.dropped.extend(flat[:dated])
        title_lines = flat[dated + 1:]
    elif dated is not None:  # the date stands below the title
        layout.date_text = flat[dated]
        title_lines = flat[:dated]
    else:
        for group in groups[:-1]:
            layout.dropped.extend(group)
        title_lines = groups[-1] if groups else []
    layout.title = re.sub(r"\s+", " ", " ".join(title_lines)).strip().strip("*").strip() or None


def _contents_items(para: Para) -> list[str]:
    """The version labels of a Contents paragraph, or [] when it is not one."""
    items = [re.sub(r"^[-*•]\s+", "", line.strip()) for line in para.lines]
    return items if all(_CONTENTS_ITEM.match(line.strip()) for line in para.lines) else []


def _add_field(layout: Layout, label: str, para: Para) -> None:
    """Add a paragraph to a field; a record URL line is split off into ``URL``."""
    kept = []
    for line in para.lines:
        url = _URL.match(line.strip())
        if url:
            layout.fields["URL"] = url.group(1)
        else:
            kept.append(line.strip())
    if kept:
        text = " ".join(kept)
        previous = layout.fields.get(label)
        layout.fields[label] = f"{previous}\n\n{text}" if previous else text


def read_markdown_export(src: SourceText) -> Layout:
    """The archive's Markdown-like export: ``**Citation:**`` labels, ``####`` headings."""
    if "**Citation:**" not in src.text:
        raise NotMine("no **Citation:** label")
    return _labelled(src, "markdown-export", bold=True)


def read_plain_export(src: SourceText) -> Layout:
    """The plain-text export: bare ``Citation:`` / ``Summary:`` labels on their own lines."""
    if not re.search(r"(?m)^Citation:\s*$", src.text):
        raise NotMine("no Citation: line")
    return _labelled(src, "plain-export", bold=False)


def read_compact_export(src: SourceText) -> Layout:
    """The compact export: the plain export's labels, but every paragraph on one line with
    no blank lines between them."""
    match = re.search(r"(?m)^Citation:[ \t]*\n(?=[ \t]*\S)", src.text)
    if not match:
        raise NotMine("no Citation: line followed directly by its text")
    spaced = "\n\n".join(line for line in src.text.split("\n") if line.strip())
    layout = _labelled(_retext(src, spaced), "compact-export", bold=False)
    return layout


_RUN_LABELS = ("Citation", "Summary", "Credits", "Original Language", "Contents")
_RUN_LABEL = re.compile(r"\s*\b(" + "|".join(_RUN_LABELS) + r"):\s*")
_PDF_CHROME = re.compile(r"^(Page \d+ of \d+|\d+\s*/\s*\d+|digitalarchive\.wilsoncenter\.org\S*)$", re.I)


def read_pdf_export(src: SourceText) -> Layout:
    """Text of the archive's PDF export: the header labels may run together on one line
    ("Citation: … Summary: … Credits: … Original Language: … Contents: …"), and page
    numbers stand between paragraphs."""
    lines = src.text.split("\n")
    run = next((i for i, line in enumerate(lines) if len(_RUN_LABEL.findall(line)) >= 2), None)
    if run is None:
        raise NotMine("no line holding several of the labels Citation:, Summary:, Credits: …")
    dropped = [line.strip() for line in lines if _PDF_CHROME.match(line.strip())]
    kept = [line for line in lines if not _PDF_CHROME.match(line.strip())]
    run = next(i for i, line in enumerate(kept) if len(_RUN_LABEL.findall(line)) >= 2)
    parts = _RUN_LABEL.split(kept[run])
    header = [parts[0]] if parts[0].strip() else []
    for label, value in zip(parts[1::2], parts[2::2], strict=True):
        header.append(f"{label}:")
        if label == "Contents":
            header.extend(_split_contents(value))
        elif value.strip():
            header.append(value.strip())
    text = "\n\n".join([*kept[:run], *header]) + "\n\n" + "\n".join(kept[run + 1:])
    layout = _labelled(_retext(src, text), "pdf-export", bold=False)
    layout.dropped.extend(dropped)
    return layout


def _split_contents(value: str) -> list[str]:
    """'Translation - English Transcription - Russian' → one version label a line."""
    items = re.findall(r"(?:Translation|Transcription|Original|Scan)\s*-\s*\w+", value)
    return items or [value.strip()]


def _retext(src: SourceText, text: str) -> SourceText:
    """The same source with its text rearranged for a shared reader (bytes and hash kept)."""
    return SourceText(name=src.name, text=text, sha256=src.sha256, encoding=src.encoding,
                      repairs=src.repairs)


# --------------------------------------------------------------------------- web pages

_OLD_CHROME = {"Search in", "Digital Archive International History Declassified",
               "• Citation", "get citation", "• share document", "share document", "Citation"}
_VERSION_TAB = re.compile(r"^(\w+)\s+(HTML|PDF|Transcript|Translation)$")


def read_old_web_page(src: SourceText) -> Layout:
    """Text scraped from the archive's old document page ("Search in", "get citation")."""
    paras = paragraphs(src.text)
    lines = [line for p in paras for line in p.lines]
    if "get citation" not in lines or not any(line.startswith("Search in") for line in lines[:3]):
        raise NotMine("no 'Search in' … 'get citation' page chrome")
    layout = Layout(shape="old-web-page")
    head: list[str] = []
    body_start = None
    for i, para in enumerate(paras):
        tab = _VERSION_TAB.match(para.joined())
        if tab:
            layout.contents.append(para.joined())
            layout.labels.append(para.joined())
            body_start = i + 1
            continue
        if body_start is not None:
            break
        for line in para.lines:
            if line in _OLD_CHROME:
                layout.dropped.append(line)
            else:
                head.append(line)
    if body_start is None:
        raise NotMine("no version tab line (e.g. 'English HTML') before the text")
    layout.body = paras[body_start:]
    _web_head(layout, head)
    return layout


def _web_head(layout: Layout, head: list[str]) -> None:
    """Date, credit line, summary and citation from the lines above the text of a web page."""
    rest = []
    for line in head:
        if layout.date_text is None and parse_date(line):
            layout.date_text = line
        elif _CREDIT.match(line):
            layout.credits.append(line)
        else:
            rest.append(line)
    citation = next((line for line in rest if line[:1] in "\"“"), None)
    if citation:
        layout.fields["Citation"] = citation
        rest.remove(citation)
    if rest:
        layout.fields["Summary"] = "\n\n".join(rest)


_NEW_FIELDS = ("Source", "Rights", "Original Uploaded Date", "Type", "Language", "Record ID", "Donors",
               "Original Language", "Original Archive", "Keywords", "Subject", "Author")


def read_new_web_page(src: SourceText) -> Layout:
    """Text scraped from the archive's new document page ("Skip to content", a
    "Document Information" footer with Source / Rights / Record ID …)."""
    paras = paragraphs(src.text)
    joined = [p.joined() for p in paras]
    if "Document Information" not in joined and (not joined or joined[0] != "Skip to content"):
        raise NotMine("no 'Document Information' footer and no 'Skip to content' line")
    layout = Layout(shape="new-web-page")
    footer = joined.index("Document Information") if "Document Information" in joined else None
    if footer is None:
        layout.notes.append("the 'Document Information' footer is missing: the export may be "
                            "truncated; source, rights, record id and summary could not be read")
        footer = len(paras)
    top = 0
    if joined and joined[0] == "Skip to content":
        layout.dropped.append("Skip to content")
        top = 1
    head = paras[top:footer]
    if head and parse_date(head[0].joined()):
        layout.date_text = head[0].joined()
        head = head[1:]
    if head:
        layout.title = head[0].joined()
        head = head[1:]
    while head and _CREDIT.match(head[0].joined()):
        layout.credits.append(head[0].joined())
        head = head[1:]
    if head and footer < len(paras):  # the summary stands last, just above the footer
        layout.fields["Summary"] = head[-1].joined()
        head = head[:-1]
    layout.body = head
    layout.labels.append("Document Information")
    _footer_fields(layout, paras[footer + 1:])
    if not layout.title:
        raise NotMine("no title above the text")
    return layout


def _footer_fields(layout: Layout, paras: list[Para]) -> None:
    """``Label`` paragraphs each followed by their value paragraphs (possibly none).

    Text before the first label is the source line, printed without its label.
    """
    label = "Source"
    for para in paras:
        text = para.joined()
        if text in _NEW_FIELDS:
            label = text
            layout.labels.append(text)
            layout.fields.setdefault(label, "")
        else:
            previous = layout.fields.get(label)
            layout.fields[label] = f"{previous}\n\n{text}" if previous else text
    empty = [k for k, v in layout.fields.items() if not v]
    for key in empty:
        del layout.fields[key]  # printed label, empty value: the field is absent
    if empty:
        layout.notes.append(f"fields printed without a value (left absent): {', '.join(empty)}")


READERS = (read_markdown_export, read_pdf_export, read_compact_export, read_plain_export,
           read_old_web_page, read_new_web_page)
