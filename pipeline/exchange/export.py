"""Exporting the edition for other archives and harvesters.

Three formats, each from every TEI file of the edition (``tei/*.xml``, the edition's
own, and ``tei/imported/*.xml``, other archives' files as they came):

- ``teicorpus``: the whole edition as one ``teiCorpus`` (``<out>/<name>.xml``, the name
  from the edition's title), a corpus header from edition.toml, then every document.
  Each document's ``xml:id``\\ s and local pointers are prefixed with ``<id>.`` and its
  root carries its id in the edition, so that ids stay unique; an imported teiCorpus
  is nested whole. ``keywords/@scheme`` stays as written (the stylesheets compare it)
  and points at a copy of its taxonomy in the corpus header. The corpus is valid
  against tei_all: a document that is not (an archive's own customisation) is left
  out of it, and the report says why.
- ``json``: ``<out>/metadata.json``, one record per document (:mod:`.metadata`),
  ordered by id.
- ``dc``: ``<out>/dc/<id>.xml``, one Dublin Core record per document as OAI-PMH serves
  it (``oai_dc:dc``).

tei/ is only read, never changed.

Example::

    run = export_edition(Path("tei"), Path("output/export"), config, formats=("json", "dc"))
    print(run.summary())
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Iterator
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .. import __version__
from ..config import Config
from ..corpus import IMPORTED, FileReport, RunReport, find_tei
from ..encode import build_date, ncname, slug
from ..encode.ids import LOCAL_POINTER, prefix_ids
from ..errors import EditionError, OutputError
from ..validate import grammar
from ..xmlio import TEI_NS, parse_xml, serialize, write_atomic
from .metadata import DocumentRecord, describe, record_dict

__all__ = ["DC_NS", "FORMATS", "OAI_DC_NS", "corpus_name", "dublin_core", "edition_documents",
           "export_edition", "metadata_json"]

FORMATS = ("teicorpus", "json", "dc")
METADATA_NAME = "metadata.json"
DC_DIR = "dc"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_OAI_DC_XSD = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
_TEI = f"{{{TEI_NS}}}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_SCHEME = frozenset({"scheme"})  # pointers left as written (see the module's docstring)

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    """Progress sink that says nothing."""


@dataclass(frozen=True)
class Document:
    """One TEI file of the edition: where it is, its id, whether it is another archive's."""

    path: Path
    id: str
    imported: bool


def edition_documents(tei_dir: Path) -> list[Document]:
    """The edition's TEI files and those of ``tei_dir/imported/``, ordered by id (the
    edition's own file first when an imported one has the same id)."""
    own = find_tei([tei_dir]) if tei_dir.is_dir() else []
    imported = find_tei([tei_dir / IMPORTED]) if (tei_dir / IMPORTED).is_dir() else []
    docs = [Document(p, ncname(p.stem), False) for p in own]
    docs += [Document(p, ncname(p.stem), True) for p in imported]
    return sorted(docs, key=lambda d: (d.id, d.imported, d.path.name))


def corpus_name(config: Config) -> str:
    """The teiCorpus file's name: the edition title's slug, else ``corpus``."""
    name = slug(config.edition.title or "")
    return name if name != "untitled" else "corpus"


def export_edition(tei_dir: Path, out_dir: Path, config: Config, *, formats: Iterable[str] = FORMATS,
                   progress: Progress = _quiet, display: Callable[[Path], str] = str) -> RunReport:
    """Export every TEI file of the edition in the formats asked for.

    Args:
        tei_dir: the edition's TEI folder (its ``imported/`` folder is read too).
        out_dir: where the exports go (``output/export/``).
        config: the edition's title, publisher and licence name the teiCorpus.
        formats: any of :data:`FORMATS`.
        progress: receives one line per file.
        display: how to name a path in the report (relative to the edition).

    Returns:
        The run's report: per document ``exported``, ``invalid`` (left out of the
        teiCorpus, still in the other formats) or ``failed``; per written file
        (teiCorpus, metadata.json, dc/) ``written`` or ``failed``.

    Raises:
        EditionError: a format is unknown or tei_dir holds no TEI file.
    """
    formats = tuple(dict.fromkeys(formats)) or FORMATS
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise EditionError(None, [f"unknown export format {f!r} (known: {', '.join(FORMATS)})"
                                  for f in unknown])
    documents = edition_documents(tei_dir)
    if not documents:
        raise EditionError(str(tei_dir), ["no TEI files (*.xml) here or in imported/"])
    started = time.monotonic()
    run = RunReport("export")
    corpus = _Corpus() if "teicorpus" in formats else None
    records: list[DocumentRecord] = []
    dc_dir = out_dir / DC_DIR
    for doc, tree, report in _read(documents, display):
        if tree is None:
            run.files.append(report)
            progress(f"{'failed':>9}  {report.problems[0]}")
            continue
        record = describe(tree, doc_id=doc.id, file=doc.path.relative_to(tei_dir.parent).as_posix(),
                          imported=doc.imported)
        report = _export_one(doc, tree, record, report, corpus, records, dc_dir, formats, display)
        run.files.append(report)
        progress(f"{report.status:>9}  {report.problems[0] if report.problems else report.path}")
    if corpus is not None:
        run.files.append(_write_corpus(corpus, config, out_dir / f"{corpus_name(config)}.xml",
                                       display, progress))
    if "json" in formats:
        run.files.append(_written(out_dir / METADATA_NAME, metadata_json(records), display,
                                  {"records": len(records)}))
    if "dc" in formats:
        run.files.append(_clean_dc(dc_dir, run, display))
    run.seconds = time.monotonic() - started
    return run


def _read(documents: list[Document],
          display: Callable[[Path], str]) -> Iterator[tuple[Document, etree._ElementTree | None, FileReport]]:
    """Each document parsed, one at a time; a failed one with its report and no tree."""
    taken: dict[str, str] = {}
    for doc in documents:
        name = display(doc.path)
        report = FileReport(path=name, status="exported", id=doc.id,
                            details={"imported": doc.imported})
        if doc.id in taken:
            yield doc, None, _failed(report, f"{name}: its id in the edition, {doc.id}, is already "
                                             f"that of {taken[doc.id]}; rename one of the two files")
            continue
        taken[doc.id] = name
        try:
            tree = parse_xml(doc.path, name=name)
        except EditionError as exc:
            yield doc, None, _failed(report, *exc.details())
            continue
        root = etree.QName(tree.getroot())
        if root.namespace != TEI_NS or root.localname not in ("TEI", "teiCorpus"):
            yield doc, None, _failed(report, f"{name}: not a TEI document (the root is {root.text}, "
                                             "not TEI or teiCorpus in the TEI namespace)")
            continue
        yield doc, tree, report


def _failed(report: FileReport, *problems: str) -> FileReport:
    return FileReport(path=report.path, status="failed", id=report.id, problems=problems,
                      details=report.details)


def _export_one(doc: Document, tree: etree._ElementTree, record: DocumentRecord, report: FileReport,
                corpus: _Corpus | None, records: list[DocumentRecord], dc_dir: Path,
                formats: tuple[str, ...], display: Callable[[Path], str]) -> FileReport:
    """One document into every format asked for; its report."""
    exported, problems, outputs = [], [], []
    if "json" in formats:
        records.append(record)
        exported.append("json")
    if "dc" in formats:
        target = dc_dir / f"{doc.id}.xml"
        try:
            _write(target, serialize(dublin_core(record)))
        except OutputError as exc:
            problems.extend(exc.details())
        else:
            exported.append("dc")
            outputs.append(display(target))
    if corpus is not None:
        left_out = corpus.add(doc.id, tree, report.path)
        problems.extend(left_out)
        if not left_out:
            exported.append("teicorpus")
    if not problems:
        status = "exported"
    elif all(f in exported for f in formats if f != "teicorpus"):
        status = "invalid"  # only left out of the teiCorpus
    else:
        status = "failed"
    return FileReport(path=report.path, status=status, id=doc.id, outputs=tuple(outputs),
                      problems=tuple(problems), details={**report.details, "formats": exported})


# --------------------------------------------------------------------------- teiCorpus

class _Corpus:
    """The teiCorpus being assembled, one member at a time."""

    def __init__(self) -> None:
        self.members: list[etree._Element] = []
        self.taxonomies: dict[str, etree._Element] = {}
        self.left_out: list[str] = []
        self.seconds = 0.0  # spent validating against tei_all (the first call compiles it)

    def add(self, doc_id: str, tree: etree._ElementTree, name: str) -> list[str]:
        """Take the document in; or, when it would make the corpus invalid, say why not."""
        started = time.monotonic()
        findings = grammar.check(tree, grammar.tei_all_path(), "tei_all")
        self.seconds += time.monotonic() - started
        reasons = [_said(f) for f in findings]
        reasons += [f"xml:id {value!r} is used {n} times" for value, n in _repeated_ids(tree)]
        if reasons:
            self.left_out.append(doc_id)
            return [f"{name}: left out of the teiCorpus, as it is not valid against tei_all: {reasons[0]}",
                    *(f"{name}: {r}" for r in reasons[1:])]
        keep = _SCHEME if self._hoist(tree.getroot()) else frozenset()
        self.members.append(prefix_ids(tree, doc_id, keep=keep, root_id=doc_id))
        return []

    def _hoist(self, root: etree._Element) -> bool:
        """Whether every ``@scheme="#x"`` of the document can stay as written, pointing at
        a copy of its taxonomy in the corpus header (registered here); False when one
        points elsewhere or at a taxonomy unlike another document's of the same id."""
        ids = {e.get(_XML_ID): e for e in root.iter(etree.Element) if e.get(_XML_ID)}
        wanted: dict[str, etree._Element] = {}
        for element in root.iter(etree.Element):
            for token in (element.get("scheme") or "").split():
                match = LOCAL_POINTER.fullmatch(token)
                if not match:
                    continue
                target = ids.get(match.group(1))
                if target is None or target.tag != f"{_TEI}taxonomy":
                    return False
                wanted[match.group(1)] = _bare(target)
        for key, taxonomy in wanted.items():
            known = self.taxonomies.get(key)
            if known is not None and etree.tostring(known) != etree.tostring(taxonomy):
                return False
        for key, taxonomy in wanted.items():
            self.taxonomies.setdefault(key, taxonomy)
        return True

    def element(self, config: Config) -> etree._Element:
        """The teiCorpus: the corpus header, then the members in order."""
        corpus = etree.Element(f"{_TEI}teiCorpus", nsmap={None: TEI_NS})
        corpus.text = "\n"
        header = _corpus_header(config, len(self.members), self.left_out, list(self.taxonomies.values()))
        for part in (header, *self.members):
            part.tail = "\n"
            corpus.append(part)
        return corpus


def _said(finding) -> str:
    """A tei_all finding in one line: where, what."""
    line = f"line {finding.line}: " if finding.line else ""
    return f"{line}{finding.message}" + (f" (at {finding.xpath})" if finding.xpath else "")


def _bare(taxonomy: etree._Element) -> etree._Element:
    """A copy of a taxonomy for the corpus header: no ids below it (they would repeat),
    whitespace between elements dropped (so that copies compare)."""
    copy = deepcopy(taxonomy)
    copy.tail = None
    for element in copy.iter(etree.Element):
        if element is not copy:
            element.attrib.pop(_XML_ID, None)
        if element.text is not None and not element.text.strip():
            element.text = None
        if element is not copy and element.tail is not None and not element.tail.strip():
            element.tail = None
    return copy


def _repeated_ids(tree: etree._ElementTree) -> list[tuple[str, int]]:
    """``xml:id`` values used more than once (libxml2's RELAX NG does not see them)."""
    counts: dict[str, int] = {}
    for element in tree.iter(etree.Element):
        value = element.get(_XML_ID)
        if value is not None:
            counts[value] = counts.get(value, 0) + 1
    return [(value, n) for value, n in counts.items() if n > 1]


def _corpus_header(config: Config, members: int, left_out: list[str],
                   taxonomies: list[etree._Element]) -> etree._Element:
    """The corpus ``teiHeader``: the edition's title, publisher, licence and the date."""
    settings = config.edition
    header = _el("teiHeader")
    file_desc = _sub(header, "fileDesc")
    _sub(_sub(file_desc, "titleStmt"), "title", settings.title)
    pub = _sub(file_desc, "publicationStmt")
    today = build_date()
    if settings.publisher:
        _sub(pub, "publisher", settings.publisher)
        _sub(pub, "date", today).set("when", today)
        if settings.licence:
            _sub(_sub(pub, "availability"), "licence", settings.licence)
        if settings.base_url:
            _sub(pub, "idno", settings.base_url).set("type", "URI")
    else:  # TEI wants a publisher before dates and licences; without one, say it in prose
        _sub(pub, "p", f"Exported on {today}; no publisher is named in edition.toml.")
        for label, value in (("Licence", settings.licence), ("Address", settings.base_url)):
            if value:
                _sub(pub, "p", f"{label}: {value}")
    source_desc = _sub(file_desc, "sourceDesc")
    _sub(source_desc, "p", f"The TEI documents of the edition ({members}), its own and those of other "
                           "archives (tei/imported/), each under its id in the edition.")
    if left_out:
        _sub(source_desc, "p", "Left out, as they are not valid against TEI P5 tei_all: "
                               f"{', '.join(left_out)}.")
    encoding = _sub(header, "encodingDesc")
    _sub(encoding, "p", "Every xml:id of a document and every pointer to one (#x) is prefixed with "
                        "the document's id and a full stop (#id.x), so that ids stay unique in the "
                        "corpus; the root of each document carries its id. keywords/@scheme keeps "
                        "its value and points at the taxonomies declared here.")
    if taxonomies:
        class_decl = _sub(encoding, "classDecl")
        for taxonomy in taxonomies:
            class_decl.append(deepcopy(taxonomy))
    application = _sub(_sub(encoding, "appInfo"), "application")
    application.set("ident", "tei-edition")
    application.set("version", __version__)
    _sub(application, "label", "tei-edition export")
    etree.indent(header, space="  ")
    return header


def _el(name: str, text: str | None = None) -> etree._Element:
    element = etree.Element(f"{_TEI}{name}", nsmap={None: TEI_NS})
    element.text = text
    return element


def _sub(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{_TEI}{name}")
    element.text = text
    return element


def _write_corpus(corpus: _Corpus, config: Config, target: Path, display: Callable[[Path], str],
                  progress: Progress) -> FileReport:
    """Validate the assembled corpus against tei_all and write it; never an invalid one."""
    name = display(target)
    element = corpus.element(config)
    started = time.monotonic()
    findings = grammar.check(etree.ElementTree(element), grammar.tei_all_path(), "tei_all")
    seconds = corpus.seconds + time.monotonic() - started
    problems = [f"{name}: {_said(f)}" for f in findings]
    problems += [f"{name}: xml:id {value!r} is used {n} times"
                 for value, n in _repeated_ids(etree.ElementTree(element))]
    progress(f"{'checked':>9}  {name}: {len(corpus.members)} documents against tei_all in {seconds:.1f} s")
    if problems:
        return FileReport(path=name, status="failed",
                          problems=(f"{name}: not written: the corpus is not valid against tei_all "
                                    f"({problems[0].removeprefix(name + ': ')})", *problems[1:]))
    return _written(target, serialize(element), display, {"documents": len(corpus.members)})


# --------------------------------------------------------------------------- JSON, Dublin Core

def metadata_json(records: Iterable[DocumentRecord]) -> bytes:
    """The records as a JSON list ordered by id, pretty-printed UTF-8."""
    data = [record_dict(r) for r in sorted(records, key=lambda r: r.id)]
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")


def dublin_core(record: DocumentRecord) -> etree._Element:
    """The record as simple Dublin Core, the ``oai_dc:dc`` element OAI-PMH serves.

    Elements in the order of the Dublin Core element set; absent ones are not written.
    """
    root = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": _XSI_NS})
    root.set(f"{{{_XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {_OAI_DC_XSD}")
    for name, value in dict.fromkeys(_dc_elements(record)):
        etree.SubElement(root, f"{{{DC_NS}}}{name}").text = value
    etree.indent(root)
    return root


def _dc_elements(record: DocumentRecord) -> Iterator[tuple[str, str]]:
    """(element, value) pairs: title, creator, subject, description, publisher,
    contributor, date, type, identifier, source, language, relation, rights."""
    senders = [p for action in record.correspondence if action.type == "sent" for p in action.persons]
    fields = [
        ("title", [record.title]),
        ("creator", [a.name for a in record.authors] or senders),
        ("subject", list(record.keywords)),
        ("description", [record.summary]),
        ("publisher", [record.publisher]),
        ("contributor", [a.name for a in record.contributors]),
        ("date", [record.date or record.published]),
        ("type", ["Text", record.document_type]),
        ("identifier", [record.uri, *(i.value for i in record.identifiers if _URI.fullmatch(i.value)),
                        record.id]),
        ("source", [record.citation]),
        ("language", list(record.languages)),
        ("relation", [record.series]),
        ("rights", [record.licence, record.licence_url, record.rights]),
    ]
    for name, values in fields:
        for value in values:
            if value:
                yield name, value


# --------------------------------------------------------------------------- files

def _write(path: Path, data: bytes) -> None:
    write_atomic(path, data)  # (an OutputError when the folder will not take it)


def _written(target: Path, data: bytes, display: Callable[[Path], str], details: dict) -> FileReport:
    """Write one file of the export; its report."""
    name = display(target)
    try:
        _write(target, data)
    except OutputError as exc:
        return FileReport(path=name, status="failed", problems=tuple(exc.details()))
    return FileReport(path=name, status="written", outputs=(name,), details=details)


def _clean_dc(dc_dir: Path, run: RunReport, display: Callable[[Path], str]) -> FileReport:
    """The dc/ folder's report; records this run did not write (documents no longer in
    the edition, or that failed) are removed: a harvester would serve them as current."""
    written = {Path(o).name for f in run.files for o in f.outputs if Path(o).parent.name == DC_DIR}
    removed = []
    for old in sorted(dc_dir.glob("*.xml")) if dc_dir.is_dir() else []:
        if old.name not in written:
            old.unlink()
            removed.append(old.name)
    return FileReport(path=display(dc_dir) + "/", status="written",
                      details={"records": len(written), "removed": removed})
