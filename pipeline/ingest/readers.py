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

def _label_of(para: Para, bold: bool) -> str | None:
    """``**Citation:**`` (bold) or ``Citation:`` (plain) alone in a paragraph → its label."""
    if len(para.lines) != 1:
        return None
    line = para.lines[0].strip()
    pattern = r"^\*\*(.+?):\*\*$" if bold else r"^([A-Z][\w ]{2,30}):$"
    match = re.match(pattern, line)
    if not match or match.group(1).strip() not in HEADER_LABELS:
        return None
    return match.group(1).strip()


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
        new_label = _label_of(para, bold)
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
    """The lines before the first label: a date line and the title (possibly wrapped)."""
    lines: list[str] = []
    for para in paras:
        text = " ".join(_strip_bold(x) for x in para.lines) if bold else None
        candidates = [text] if text is not None else list(para.lines)
        for line in candidates:
            line = _strip_bold(line).strip()
            if layout.date_text is None and parse_date(line):
                layout.date_text = line
            else:
                lines.append(line)
    layout.title = re.sub(r"\s+", " ", " ".join(lines)).strip().strip("*").strip() or None


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
    if "Document Information" not in joined:
        raise NotMine("no 'Document Information' footer")
    layout = Layout(shape="new-web-page")
    footer = joined.index("Document Information")
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
    if head:  # the summary stands last, just above the footer
        layout.fields["Summary"] = head[-1].joined()
        head = head[:-1]
    layout.body = head
    layout.labels.append("Document Information")
    _footer_fields(layout, paras[footer + 1:])
    if not layout.title:
        raise NotMine("no title above the text")
    return layout


def _footer_fields(layout: Layout, paras: list[Para]) -> None:
    """``Label`` paragraphs each followed by their value paragraphs (possibly none)."""
    label = None
    for para in paras:
        text = para.joined()
        if text in _NEW_FIELDS:
            label = text
            layout.labels.append(text)
            layout.fields.setdefault(label, "")
        elif label:
            previous = layout.fields[label]
            layout.fields[label] = f"{previous}\n\n{text}" if previous else text
    for key in [k for k, v in layout.fields.items() if not v]:
        del layout.fields[key]  # printed label, empty value: the field is absent


READERS = (read_markdown_export, read_plain_export, read_old_web_page, read_new_web_page)
