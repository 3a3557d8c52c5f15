"""Source texts of every export shape → :class:`~pipeline.model.SourceDocument`.

>>> from pipeline.ingest import ingest, read_source
>>> doc = ingest(read_source(Path("sources/000_1a1bf81f1de0107e.txt")))
>>> doc.metadata.date
'1952-01-18'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..errors import IngestError
from ..model import Block, Gap, Metadata, Shelfmark, SourceDocument, SourceText, Version
from . import fields
from .languages import chinese_variant, guess_latin_language, language, tag_for
from .marks import parse_inline
from .readers import READERS, Layout, NotMine
from .structure import structure
from .text import Para, collapse, dominant_script, read_source, script_of

__all__ = ["READERS", "ingest", "read_source"]


def ingest(source: SourceText) -> SourceDocument:
    """Read a source text with the first reader that recognises its shape.

    Raises:
        IngestError: no reader took it; the error lists each reader's reason.
    """
    reasons = []
    for reader in READERS:
        try:  # the metadata can still say "not mine" (no title): then the next reader
            return _document(reader(source), source)
        except NotMine as why:
            reasons.append(f"not a {reader.__name__.removeprefix('read_').replace('_', ' ')}: {why}")
    if not source.text.strip():
        reasons = ["the file is empty"]
    raise IngestError(source.name, reasons)


# --------------------------------------------------------------------------- metadata

# Fields the metadata takes in; any other labelled field is kept as it is (other_fields).
_USED_FIELDS = {"Citation", "Summary", "Original Language", "URL", "Record ID", "Source", "Rights",
                "Original Uploaded Date", "Donors", "Type", "Language", "Original Archive", "Author"}


def _metadata(layout: Layout) -> Metadata:
    f = layout.fields
    citation = _one_paragraph(f.get("Citation"))
    source_note = _one_paragraph(f.get("Source"))
    title = layout.title or (fields.title_from_citation(citation) if citation else None)
    if not title:
        raise NotMine("no title: neither a title line nor a quoted title in the citation")
    date = fields.parse_date(layout.date_text) if layout.date_text else None
    event = fields.find_title_date(title)
    record_url = f.get("URL")
    original = f.get("Original Language")
    if "Language" in f and not layout.contents:  # the new page's "Language": the version's
        layout.contents.append(f"{f['Language']} version")
    return Metadata(
        title=title,
        date=date,
        date_text=layout.date_text,
        event_date=event[1] if event and event[1] != date else None,
        event_date_text=event[0] if event and event[1] != date else None,
        citation=citation,
        record_id=f.get("Record ID") or fields.record_id_from_url(record_url),
        record_url=record_url,
        uploaded=_iso_day(f.get("Original Uploaded Date")),
        summary=_one_paragraph(f.get("Summary")),
        rights=f.get("Rights"),
        source_note=source_note,
        responsibilities=fields.responsibilities(citation or source_note),
        funders=fields.funders(*layout.credits, f.get("Donors")),
        credits=tuple(collapse(c) for c in layout.credits),
        original_language=language(original) if original else None,
        shelfmark=_shelfmark(citation or source_note, f.get("Original Archive")),
        document_type=fields.document_type(title, f.get("Type")),
        author=_one_paragraph(f.get("Author")),
        other_fields=tuple((k, v) for k, v in f.items() if k not in _USED_FIELDS),
    )


def _shelfmark(statement: str | None, archive: str | None):
    """Repository and shelfmark from the citation; an "Original Archive" field names the
    repository when the citation does not."""
    mark = fields.shelfmark(fields.archive_part(statement or ""))
    if archive and (mark is None or not mark.repository):
        return replace(mark, repository=collapse(archive)) if mark else Shelfmark(
            repository=collapse(archive), idno=None)
    return mark


def _one_paragraph(text: str | None) -> str | None:
    return collapse(text) if text else None


def _iso_day(text: str | None) -> str | None:
    if text and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        return text.strip()
    return fields.parse_date(text) if text else None


# --------------------------------------------------------------------------- body

_SCRIPT_OF_LANG = {"ru": "cyrillic", "uk": "cyrillic", "bg": "cyrillic", "sr": "cyrillic",
                   "mn": "cyrillic", "mk": "cyrillic", "be": "cyrillic", "zh": "han",
                   "ja": "han", "ko": "hangul", "el": "greek", "ar": "arabic", "fa": "arabic",
                   "he": "hebrew"}
_LABEL = re.compile(r"(?i)\b(translation|transcription|original|scan)\b")
_SOURCE_NOTE = re.compile(r"^\[(?:源|来源|出处|Source)\s*[：:]")
_CLASSIFICATION = re.compile(r"\b(Top Secret|Strictly confidential|Secret|Confidential)\b", re.I)


@dataclass
class _Run:
    """Consecutive body paragraphs written in one script."""

    script: str | None
    paras: list[Para]


def _document(layout: Layout, source: SourceText) -> SourceDocument:
    meta = _metadata(layout)
    markdown = layout.shape == "markdown-export"
    runs = _script_runs(layout.body)
    labels = _version_labels(layout, runs)
    warnings = list(source.repairs) + list(layout.notes)
    versions = []
    if source.encoding not in ("utf-8", "utf-8-sig", "utf-16", "utf-32"):
        warnings.append(f"decoded as {source.encoding} (told by charset-normalizer); "
                        "check a few lines of the TEI against the source")
    for run, (_, label), lang in _one_run_per_language(runs, labels, warnings):
        version = _version(run, lang, label, meta, markdown)
        versions.append(version)
        if version.damaged:
            lost = version.lost_places()
            warnings.append(f"{version.lang}: characters lost in {lost} places (encoded as "
                            "gap reason='lost'; the text was not repaired)")
    warnings.extend(_truncation(versions))
    classification = _classification(versions)
    if classification:
        meta = replace(meta, classification=classification)
    return SourceDocument(metadata=meta, versions=tuple(versions), source=source,
                          shape=layout.shape, warnings=tuple(warnings),
                          dropped=tuple(layout.dropped), labels=tuple(layout.labels),
                          body_text="\n\n".join("\n".join(p.lines) for p in layout.body))


def _script_runs(paras: list[Para]) -> list[_Run]:
    """Split the body where the script changes (a file holding several versions)."""
    runs: list[_Run] = []
    for para in paras:
        script = dominant_script(para.joined())
        if runs and (script is None or script == runs[-1].script or runs[-1].script is None):
            runs[-1].paras.append(para)
            runs[-1].script = runs[-1].script or script
        else:
            runs.append(_Run(script, [para]))
    return _merge_short_runs(runs)


def _merge_short_runs(runs: list[_Run]) -> list[_Run]:
    """A lone paragraph in another script (a quoted name) stays in its version."""
    merged: list[_Run] = []
    for run in runs:
        if merged and len(run.paras) == 1 and len(run.paras[0].joined()) < 40:
            merged[-1].paras.extend(run.paras)
        else:
            merged.append(run)
    return merged or [_Run(None, [])]


def _one_run_per_language(runs: list[_Run], labels: list, warnings: list[str]):
    """Each run with its label and language, one run per language: a language whose
    text comes back after another version's (a paragraph moved by the export, a long
    quotation, text in a wrong encoding) stays inside the version before it, so that
    the order of the text is kept and every version has ids of its own."""
    kept: list[tuple[_Run, tuple, str]] = []
    moved: dict[str, int] = {}  # paragraphs kept inside another version, by language
    for run, named in zip(runs, labels, strict=True):
        kept.append((run, named, _run_lang(run, named[0])))
        while len(kept) > 1 and kept[-1][2] in {lang for _, _, lang in kept[:-1]}:
            again, _, lang = kept.pop()
            moved[lang] = moved.get(lang, 0) + len(again.paras)
            previous, named_before, _ = kept.pop()
            previous.paras.extend(again.paras)
            kept.append((previous, named_before, _run_lang(previous, named_before[0])))
    warnings.extend(f"{n} paragraph(s) in {lang} after another version's text are kept inside "
                    "that version (a language has one version): check the source's order"
                    for lang, n in moved.items())
    return kept


# Enough text to tell a version's language; more only costs time.
_LANG_SAMPLE = 20_000


def _run_lang(run: _Run, name: str | None) -> str:
    parts, size = [], 0
    for para in run.paras:  # (a run merged many times over stays cheap to tell)
        parts.append(para.joined())
        size += len(parts[-1]) + 1
        if size >= _LANG_SAMPLE:
            break
    return _lang(name, run.script, " ".join(parts)[:_LANG_SAMPLE])


def _version_labels(layout: Layout, runs: list[_Run]) -> list[tuple[str | None, str | None]]:
    """For each run, the language name and the label from the Contents list."""
    contents = list(layout.contents)
    result = []
    for run in runs:
        match = None
        for label in contents:
            name = _label_language(label)
            tag = tag_for(name) if name else None
            if len(runs) == 1 or _SCRIPT_OF_LANG.get(tag or "", "latin") == run.script:
                match = label
                break
        if match:
            contents.remove(match)
            result.append((_label_language(match), match))
        else:
            result.append((None, None))
    return result


def _label_language(label: str) -> str | None:
    """'Translation - English' / 'English Translation' / 'English HTML' → 'English'."""
    words = re.sub(r"[-–]", " ", label).split()
    names = [w for w in words if tag_for(w)]
    return names[0] if names else None


def _version(run: _Run, lang: str, label: str | None, meta: Metadata, markdown: bool) -> Version:
    text = " ".join(p.joined() for p in run.paras)
    damaged = lang.startswith("zh") and len(re.findall(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]", text)) >= 3
    blocks = _blocks(run.paras, meta, markdown, damaged)
    return Version(lang=lang, type=_version_type(label, lang, meta), label=label,
                   blocks=tuple(blocks), damaged=damaged)


def _lang(name: str | None, script: str | None, text: str) -> str:
    tag = tag_for(name) if name else None
    if script == "han" and (tag in (None, "zh")):
        return chinese_variant(text)
    if tag:
        return tag
    if script == "cyrillic":
        return "ru"
    if script == "latin":
        return guess_latin_language(text) or "und"
    return "und"


def _version_type(label: str | None, lang: str, meta: Metadata) -> str | None:
    found = _LABEL.search(label or "")
    if found and found.group(1).lower() != "scan":
        return found.group(1).lower()
    original = meta.original_language.ident if meta.original_language else None
    if original:
        return "original" if lang.split("-", maxsplit=1)[0] == original else "translation"
    return None


def _blocks(paras: list[Para], meta: Metadata, markdown: bool, damaged: bool) -> list[Block]:
    blocks: list[Block] = []
    seen_prose = False
    for para in _join_split_paragraphs(paras):
        hard = para.hard if markdown else tuple(True for _ in para.lines)
        lines = list(para.lines)
        kind, note_type = "p", None
        if markdown and lines[0].startswith("#"):
            kind, lines[0] = "head", lines[0].lstrip("#").strip()
        elif _SOURCE_NOTE.match(para.joined()) and para.joined().endswith("]"):
            kind, note_type = "note", "source"
            lines[0] = lines[0][1:]
            lines[-1] = lines[-1][:-1]
        elif _is_heading(para.joined(), meta.title, seen_prose):
            kind = "head"
        content = parse_inline(lines, hard, damaged_cjk=damaged)
        if kind == "p" and content and all(isinstance(i, Gap) for i in content):
            kind = "gap"  # (not an empty paragraph: a line of control characters, removed)
        seen_prose = seen_prose or (kind == "p" and len(para.joined()) > 120)
        blocks.append(Block(kind=kind, content=content, type=note_type))
    return structure(blocks)


def _join_split_paragraphs(paras: list[Para]) -> list[Para]:
    """A paragraph broken by a page or by the export (next starts lowercase) is one."""
    out: list[Para] = []
    for para in paras:
        prev = out[-1].joined() if out else ""
        first = para.joined()[:1]
        latin_break = first.islower() and not re.search(r"[.!?:;»”\"')\]。！？]$", prev)
        cjk_break = prev.endswith(("，", "、")) and script_of(first) == "han"
        if prev and (latin_break or cjk_break):
            last = out[-1]
            glue = "" if cjk_break else " "
            out[-1] = Para((*last.lines[:-1], last.lines[-1] + glue + para.lines[0], *para.lines[1:]),
                           last.hard[:-1] + para.hard, last.start)
        else:
            out.append(para)
    return out


def _is_heading(text: str, title: str, seen_prose: bool) -> bool:
    """An all-capitals block before the prose starts, or the title repeated in the text."""
    if len(text) > 300 or text.rstrip().endswith("."):
        return False
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 6:
        return False
    if not seen_prose and all(c.isupper() for c in letters) and len(text.split()) >= 2:
        return True
    return len(text.split()) >= 4 and collapse(text).lower() in collapse(title).lower()


def _truncation(versions: list[Version]) -> list[str]:
    """A text that stops mid-sentence was probably cut off by the export."""
    if not versions or not versions[-1].blocks:
        return ["no body text found: the export may be truncated"] if not any(
            v.blocks for v in versions) else []
    bare = [v.lang for v in versions if not any(b.kind == "p" for b in v.blocks)]
    if bare:  # (encoded with a paragraph holding gap reason="missing")
        return [f"{', '.join(bare)}: no running text after the heading (encoded as a gap, "
                "reason 'missing'): the export may be truncated"]
    last = versions[-1].blocks[-1]
    text = last.plain()
    if last.kind == "p" and len(text) > 80 and not re.search(r"[.!?:;\"'”»)\]。！？]$", text):
        return [f"{versions[-1].lang}: the text ends mid-sentence (…{text[-40:]!r}): the export "
                f"may be truncated"]
    return []


def _classification(versions: list[Version]) -> str | None:
    """The security classification printed at the head of the first version."""
    if not versions:
        return None
    for block in versions[0].blocks[:4]:
        found = _CLASSIFICATION.search(block.plain())
        if found:
            word = found.group(1)
            return word[0].upper() + word[1:].lower() if word.isupper() else word
    return None
