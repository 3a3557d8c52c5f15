"""One source text's ingest as a pure function of bytes: the unit an ingest fans out.

:func:`ingest_document` takes an :class:`IngestTask` (the source's bytes and how to
encode them) and returns an :class:`IngestResult` (the TEI file's bytes, the id it was
written under, warnings and the ingest details) or the reasons it failed. It reads and
writes no file, so it runs as well in this process as in a local worker or on a Dask
cluster; :func:`pipeline.corpus.ingest_sources` reads the sources, settles the ids and
writes the TEI files.

Ids: a task names the document's id when the edition already knows it (the manifest);
otherwise the result proposes one from the metadata (:func:`pipeline.encode.document_id`)
and the caller, which sees every source in order, makes it unique. The rare source whose
proposed id is taken is encoded again under its final id.

Example::

    result = ingest_document(IngestTask(name="sources/a.txt", data=path.read_bytes()))
    if not result.problems:
        (tei_dir / f"{result.doc_id}.xml").write_bytes(result.data)
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..encode import EncodeOptions, document_id, encode
from ..errors import EditionError, IngestError
from ..model import SourceText
from ..xmlio import serialize
from . import ingest
from .describe import describe
from .text import decode

if TYPE_CHECKING:
    from ..render.document import DocumentResult, DocumentTask

__all__ = ["IngestResult", "IngestTask", "ingest_document", "stopped", "warm_up", "warm_up_rendering"]


@dataclass(frozen=True)
class IngestTask:
    """What to ingest and how.

    Attributes:
        name: the source as messages name it.
        data: the source file's bytes.
        doc_id: the id to write it under; None: propose one from its metadata.
        publisher, licence: the edition's, for the header.
        aligner: the scorer aligning its versions (``length`` or ``embedding``).
        previous: the TEI file the pipeline wrote for this source last time, whose
            alignment links are taken over while the texts are unchanged.
        strict: a failed round-trip check fails the source instead of warning.
        render: render the TEI file as well, as this task says (a build): the result's
            ``rendered`` is then what :func:`pipeline.render.document.render_document`
            would make of the file, its outputs staged under temporary names (the caller
            settles the id first). ``name``, ``doc_id``, ``data`` and ``stage`` are
            filled in here; the plain text the round-trip check renders serves as the
            txt output when its options allow.
        tei_folder: the TEI files' folder as messages name it (for ``render``).
    """

    name: str
    data: bytes
    doc_id: str | None = None
    publisher: str | None = None
    licence: str | None = None
    aligner: str = "length"
    previous: bytes | None = None
    strict: bool = False
    render: DocumentTask | None = None
    tei_folder: str = "tei"


@dataclass(frozen=True)
class IngestResult:
    """What became of one source: the TEI file, or the reasons it failed (``problems``);
    with the task's ``render``, the file's rendering (``rendered``, a
    :class:`~pipeline.render.document.DocumentResult`, None when it was not made)."""

    name: str
    doc_id: str | None = None
    data: bytes | None = None
    source_sha256: str = ""
    warnings: tuple[str, ...] = ()
    details: dict = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    rendered: DocumentResult | None = None


def warm_up() -> None:
    """Compile the plain-text stylesheet the round-trip check runs (a worker's
    initializer); the aligner's model loads with the first document that needs it."""
    from ..render.stylesheets import compiled

    compiled(_renderer().stylesheets["txt"])


def warm_up_rendering() -> None:
    """Compile every stylesheet (the initializer of workers whose tasks ``render``)."""
    from ..render.document import warm_up as warm_up_render

    warm_up()
    warm_up_render()


@functools.cache
def _renderer():
    from ..render import Renderer

    return Renderer()


def stopped(task: IngestTask, reason: str) -> IngestResult:
    """The result of a task that was stopped (over its time budget, or its worker died)."""
    return IngestResult(name=task.name, source_sha256=_sha256(task.data),
                        problems=(f"{task.name}: {reason}",))


def ingest_document(task: IngestTask) -> IngestResult:
    """Read, ingest, encode and align one source; check that none of its words was lost;
    with ``task.render``, render the TEI file too.

    Never raises for the source's faults: they come back as ``problems``.
    """
    sha256 = _sha256(task.data)
    along = None
    try:
        decoded = decode(task.data, task.name)
        doc = ingest(SourceText(name=task.name, text=decoded.text, sha256=sha256,
                                encoding=decoded.encoding, repairs=decoded.repairs))
        doc_id = task.doc_id or document_id(doc.metadata)
        edition = encode(doc, options=EncodeOptions(publisher=task.publisher, licence=task.licence,
                                                    doc_id=doc_id))
        if len(doc.versions) > 1:
            from ..align.tei import align_tree  # numpy and the aligners: only when aligning

            edition = replace(edition, tree=align_tree(edition.tree, _scorer(task.aligner),
                                                       previous=_previous(task)))
        warnings = list(edition.warnings)
        if doc.dropped:
            warnings.append(f"removed web page chrome: {', '.join(repr(d) for d in doc.dropped)}")
        data = serialize(edition.tree)
        if task.render is not None:
            along = _Along.of(task, doc_id, data)
        findings = _round_trip(doc, edition, along)
        if findings and task.strict:
            raise IngestError(task.name, [*findings, "not written (--strict)"])
        warnings.extend(findings)
    except EditionError as exc:
        return IngestResult(name=task.name, source_sha256=sha256, problems=tuple(exc.details()))
    return IngestResult(name=task.name, doc_id=doc_id, data=data, source_sha256=sha256,
                        warnings=tuple(warnings), details=describe(doc),
                        rendered=along.render() if along is not None else None)


class _Along:
    """The rendering of a TEI file as it is ingested: the file parsed as the render step
    would read it, prepared for Saxon once for the round-trip check and every format."""

    def __init__(self, task: DocumentTask, tree, prepared, data: bytes):
        self.task, self.tree, self.prepared, self.data = task, tree, prepared, data
        self.texts: dict[str, str] | None = None  # the txt output, when the check made it
        self.full_texts: dict[str, str] | None = None  # every version's, the check's own

    @classmethod
    def of(cls, task: IngestTask, doc_id: str, data: bytes) -> _Along | None:
        """None when the file cannot be rendered here (the render step then reports why)."""
        from ..limits import check_depth
        from ..render.stylesheets import prepare
        from ..xmlio import parse_xml

        folder = task.tei_folder
        name = f"{doc_id}.xml" if folder in ("", ".") else f"{folder}/{doc_id}.xml"
        render = replace(task.render, name=name, doc_id=doc_id,
                         stage=hashlib.sha256(task.name.encode()).hexdigest()[:12])
        try:
            tree = parse_xml(data, name=name)
            check_depth(tree, name, render.max_depth)
            return cls(render, tree, prepare(tree), data)
        except EditionError:
            return None

    def render(self):
        from ..render.document import render_tree

        result = render_tree(self.task, self.tree, prepared=self.prepared, texts=self.texts,
                             full_texts=self.full_texts)
        return replace(result, digest=_sha256(self.data))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.cache
def _scorer(name: str):
    """The aligner's scorer, made once per process."""
    from ..align.scorers import make_scorer

    return make_scorer(name)


def _previous(task: IngestTask):
    """The previous TEI file's tree, or None (none, or it cannot be read)."""
    if task.previous is None:
        return None
    from ..xmlio import parse_xml

    try:
        return parse_xml(task.previous, task.name)
    except EditionError:
        return None


def _round_trip(doc, edition, along: _Along | None = None) -> list[str]:
    """The round-trip check's findings (empty when nothing of the source was lost).

    With ``along``, the plain text is rendered from its prepared tree, and with the
    txt output's own options when they render the bodies as the check reads them
    (page breaks shown, every version): it is then kept as that output. Either way it
    is kept for the search index, which reads the same bodies.
    """
    from ..render import TxtOptions
    from .roundtrip import check, rendered_body

    if along is None:
        texts = _renderer().txt(edition.tree, edition.id, TxtOptions())
    else:
        wanted = along.task.options.txt
        reuse = ("txt" in along.task.formats and wanted.version_lang is None
                 and wanted.show_page_breaks == TxtOptions().show_page_breaks)
        texts = _renderer().txt(along.prepared, edition.id, wanted if reuse else TxtOptions())
        if reuse:
            along.texts = texts
        along.full_texts = texts
    result = check(doc.source.text, doc.dropped + doc.labels, edition.tree, doc.body_text,
                   rendered_body(texts))
    return result.messages()
