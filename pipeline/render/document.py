"""One document's rendering as a pure function of bytes: the unit a build fans out.

:func:`render_document` takes a :class:`DocumentTask` (the TEI file's bytes and what to
make of them) and returns a :class:`DocumentResult` (every output's bytes by path
relative to the output folder, the document's summary record for the corpus pages,
and the problems). It reads no file but the print stylesheet PDFs link. It writes
nothing unless the task names an output folder (``out_dir``): a local build lets the
workers write their own outputs, which spares the client a copy of every output and
its writes; on a cluster the outputs travel back and the client writes them, so no
shared filesystem is needed. A build that renders documents as it ingests them stages
the outputs under temporary names (``stage``) until the client has settled their ids.
Each process keeps one :class:`~pipeline.render.Renderer` (stylesheets compiled once).

Example::

    result = render_document(DocumentTask(name="tei/x.xml", doc_id="x", data=path.read_bytes(),
                                          formats=("html", "txt"), options=options_for(config)))
    for rel, data in result.outputs.items():
        (out_dir / rel).write_bytes(data)
"""

from __future__ import annotations

import contextlib
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from ..errors import EditionError
from ..limits import check_depth
from ..xmlio import parse_xml

if TYPE_CHECKING:
    from .search import PackedCounts

__all__ = ["DocumentResult", "DocumentTask", "commit_staged", "discard_staged", "render_document",
           "render_tree", "staged_path", "stopped", "warm_up"]

@dataclass(frozen=True)
class Validation:
    """Which validation layers a document goes through before it is rendered
    (:func:`pipeline.validate.validate_tree`'s arguments)."""

    profile: bool = True
    rules: bool = True
    tei_all: bool = False
    schema: str | None = None


@dataclass(frozen=True)
class DocumentTask:
    """What to do with one document.

    Attributes:
        name: the file as messages name it.
        doc_id: the id in the edition (output names).
        data: the TEI file's bytes.
        formats: any of html, print, pdf, txt (only these are made).
        options: the :class:`~pipeline.render.RenderOptions`.
        companions: bytes of other files of the same work (an imported CTS edition's
            translations), shown beside it; see :mod:`pipeline.exchange.pairing`.
        pair: whether to look for versions to pair (imported files only).
        summary: whether to make the summary record and search terms (for the index).
        print_base: the URL PDFs resolve the print stylesheet against.
        pdf_label: how to name the PDF in messages.
        error: why the file could not be read (the task then only reports it).
        validation: validate first, with these layers; None: do not validate.
        imported: another archive's file: rendered even when it fails validation
            (its status is then ``nonconformant``).
        out_dir: write the outputs into this folder (each file atomically) and return
            their names in ``written`` instead of their bytes; None: return the bytes.
        max_depth: the deepest nesting of elements accepted (:mod:`pipeline.limits`).
        path: read the TEI file from here (``data`` is then empty): a local worker
            reads and hashes it itself, sparing the client the work; the result's
            ``digest`` is its hash.
        stage: with ``out_dir``, write each output under a temporary name made with
            this token (see :func:`commit_staged`) and leave it there: the caller
            decides later whether the outputs stand (a build rendering documents as
            they are ingested, whose ids are settled afterwards).
    """

    name: str
    doc_id: str
    data: bytes
    formats: tuple[str, ...]
    options: object
    companions: tuple[bytes, ...] = ()
    pair: bool = False
    summary: bool = True
    print_base: str | None = None
    pdf_label: str | None = None
    error: str | None = None
    validation: Validation | None = None
    imported: bool = False
    out_dir: str | None = None
    max_depth: int | None = None
    path: str | None = None
    stage: str | None = None


@dataclass(frozen=True)
class DocumentResult:
    """What became of one document.

    Attributes:
        outputs: every output's bytes by path relative to the output folder.
        summary: the summary record (bytes), when asked for and HTML was made.
        terms: the search index's (term, count) pairs of the document, with the summary
            (packed: :class:`~pipeline.render.search.PackedCounts`).
        problems: every problem (a failed format costs only itself).
        done: the formats made without a problem.
        validity: ``valid``, ``invalid`` or ``nonconformant`` when validated, else None.
        findings: the validation's error lines, then its warning lines.
        warnings: how many of ``findings`` (at their end) are warnings.
        written: the outputs written into the task's ``out_dir`` (relative paths), in
            the order they were made.
        write_error: (output, reason) when writing into ``out_dir`` failed: the output
            folder cannot take files (read-only, full), which ends the build.
        digest: the SHA-256 of the file the task named by ``path`` (None: not read here).
        staged: the suffix of the temporary names the outputs in ``written`` wait under
            (a task with ``stage``): :func:`commit_staged` or :func:`discard_staged`.
    """

    doc_id: str
    name: str
    outputs: dict[str, bytes]
    summary: bytes | None
    terms: PackedCounts | tuple
    problems: tuple[str, ...]
    done: tuple[str, ...] = ()
    validity: str | None = None
    findings: tuple[str, ...] = ()
    warnings: int = 0
    written: tuple[str, ...] = ()
    write_error: tuple[str, str] | None = None
    digest: str | None = None
    staged: str | None = None


def warm_up() -> None:
    """Compile the stylesheets of this process's renderer (a worker's initializer)."""
    from . import summary_stylesheet
    from .stylesheets import compiled

    for path in [*_renderer().stylesheets.values(), summary_stylesheet()]:
        compiled(path)


@functools.cache
def _renderer():
    """This process's renderer (its compiled stylesheets stay in the process's cache)."""
    from . import Renderer

    return Renderer()


def render_document(task: DocumentTask) -> DocumentResult:
    """Validate (when asked) and render one document; never raises for its faults.

    One parse serves validation and every format. A document that fails validation is
    not rendered, unless it is another archive's (``imported``).
    """
    if task.path is None or task.error:
        return _render(task)
    import hashlib
    from dataclasses import replace

    try:
        with open(task.path, "rb") as file:
            data = file.read()
    except OSError as exc:
        return _render(replace(task, error=f"cannot read the file: {exc.strerror or exc}"))
    result = _render(replace(task, data=data))
    return replace(result, digest=hashlib.sha256(data).hexdigest())


def _render(task: DocumentTask) -> DocumentResult:
    if task.error:  # (the validation report gives the same reason)
        problem = f"{task.name}: {task.error}"
        return DocumentResult(task.doc_id, task.name, {}, None, (), (problem,),
                              validity="invalid" if task.validation else None,
                              findings=(problem,) if task.validation else ())
    try:
        tree = parse_xml(task.data, name=task.name)
        check_depth(tree, task.name, task.max_depth)
        _check_root(tree, task.name)
    except EditionError as exc:
        return DocumentResult(task.doc_id, task.name, {}, None, (), tuple(exc.details()),
                              validity="invalid" if task.validation else None,
                              findings=_unreadable(task, exc))
    return render_tree(task, tree)


def render_tree(task: DocumentTask, tree: etree._ElementTree, *, prepared=None,
                texts: dict[str, str] | None = None,
                full_texts: dict[str, str] | None = None) -> DocumentResult:
    """:func:`render_document`'s work on ``task.data`` already parsed (``tree``, a TEI
    document the caller checked), for a caller that has more of it at hand: the tree
    ``prepared`` for Saxon (:func:`~pipeline.render.stylesheets.prepare`), the plain
    texts made with ``task.options.txt`` (``texts``), which are then not made again,
    and plain texts of every version made with any options (``full_texts``), which the
    search index reads. Never raises for the document's faults."""
    validity, findings, warnings = None, (), 0
    if task.validation is not None:
        validity, findings, warnings = _validate(task, tree)
        if validity == "invalid":
            return DocumentResult(task.doc_id, task.name, {}, None, (),
                                  (f"{task.name}: not rendered: the file is not valid TEI",),
                                  validity=validity, findings=findings, warnings=warnings)
    try:
        view = _view(task, tree)
    except EditionError as exc:
        return DocumentResult(task.doc_id, task.name, {}, None, (), tuple(exc.details()),
                              validity=validity, findings=findings, warnings=warnings)
    try:  # parsed into Saxon once for every transform of the document
        plain = prepared if prepared is not None else _renderer().prepare(tree)
        shown = plain if view is None else _renderer().prepare(view)
    except EditionError as exc:
        return DocumentResult(task.doc_id, task.name, {}, None, (), tuple(exc.details()),
                              validity=validity, findings=findings, warnings=warnings)
    outputs, problems, done, made = _outputs(task, plain, shown, texts)
    summary, terms = None, ()
    if task.summary and "html" in done:
        if view is not None:  # (the pages show the companions too: their texts are wanted)
            full_texts = None
        elif full_texts is None and made is not None and task.options.txt.version_lang is None:
            full_texts = made
        summary, terms, unsearchable = _summary(task, shown, full_texts)
        problems.extend(unsearchable)
    written, write_error, staged = (), None, None
    if task.out_dir is not None:
        if task.stage is not None:
            staged = f".{task.stage}.tmp{os.getpid()}"
        written, write_error = _write_outputs(task.out_dir, outputs, staged)
        outputs = {}
    return DocumentResult(task.doc_id, task.name, outputs, summary, terms, tuple(problems),
                          tuple(done), validity, findings, warnings, written, write_error,
                          staged=staged)


def _write_outputs(out_dir: str, outputs: dict[str, bytes], staged: str | None = None,
                   ) -> tuple[tuple[str, ...], tuple[str, str] | None]:
    """Write each output under ``out_dir`` atomically (``staged``: under its temporary
    name, see :func:`staged_path`); (written, (output, reason) of the first failure or
    None). Stops at the first failure: the folder will not take more."""
    from ..xmlio import write_atomic

    written = []
    for rel, data in outputs.items():
        try:
            if staged is None:
                write_atomic(Path(out_dir) / rel, data)
            else:
                _write_staged(staged_path(out_dir, rel, staged), data)
        except EditionError as exc:
            return tuple(written), (rel, exc.reasons[0].message)
        written.append(rel)
    return tuple(written), None


def _write_staged(path: Path, data: bytes) -> None:
    from ..errors import OutputError, write_problem

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        with contextlib.suppress(OSError):
            path.unlink()
        raise OutputError(str(path), [write_problem(exc)]) from exc


def staged_path(out_dir: str | Path, rel: str, staged: str) -> Path:
    """Where a staged output waits: beside its final place, under the temporary name
    ``.<name><staged>`` (``staged`` ends in ``.tmp<pid>``, so a run killed before it
    settled the output leaves a file the next run sweeps away)."""
    final = Path(out_dir) / rel
    return final.with_name(f".{final.name}{staged}")


def commit_staged(out_dir: str | Path, result: DocumentResult) -> None:
    """Put a result's staged outputs in their final places (each one rename).

    Raises:
        OutputError: an output could not be renamed (the folder will not take it).
    """
    from ..errors import OutputError, write_problem

    for rel in result.written:
        try:
            os.replace(staged_path(out_dir, rel, result.staged), Path(out_dir) / rel)
        except OSError as exc:
            raise OutputError(str(Path(out_dir) / rel), [write_problem(exc)]) from exc


def discard_staged(out_dir: str | Path, result: DocumentResult) -> None:
    """Remove a result's staged outputs (the document is rendered again later)."""
    for rel in result.written:
        with contextlib.suppress(OSError):
            staged_path(out_dir, rel, result.staged).unlink()


def _check_root(tree, name: str) -> None:
    """A document the stylesheets can render: a TEI or teiCorpus root in the TEI namespace."""
    from ..errors import Problem, XMLInputError
    from ..xmlio import TEI_NS

    element = tree.getroot()
    root = etree.QName(element)
    if root.namespace != TEI_NS or root.localname not in ("TEI", "teiCorpus"):
        where = f"in the namespace {root.namespace}" if root.namespace else "in no namespace"
        raise XMLInputError(name, [Problem(
            f"the root element is {root.localname} {where}; a TEI document's root is TEI or "
            f"teiCorpus in the namespace {TEI_NS}", line=element.sourceline)])


def stopped(task: DocumentTask, reason: str) -> DocumentResult:
    """The result of a document whose work was stopped (over the time budget) or whose
    worker process died: failed with the reason, nothing written; tried again next run."""
    problem = f"{task.name}: {reason}"
    return DocumentResult(task.doc_id, task.name, {}, None, (), (problem,),
                          validity="invalid" if task.validation else None,
                          findings=(problem,) if task.validation else ())


def _unreadable(task: DocumentTask, exc: EditionError) -> tuple[str, ...]:
    """A file that is not well-formed, as the validation report words it."""
    if task.validation is None:
        return ()
    from ..validate import unreadable

    return tuple(unreadable(task.name, exc).lines()) or tuple(exc.details())


def _validate(task: DocumentTask, tree) -> tuple[str, tuple[str, ...], int]:
    """(validity, error lines then warning lines, number of warnings)."""
    from pathlib import Path

    from ..validate import validate_tree

    v = task.validation
    if task.imported:  # other archives' TEI: tei_all only, never our profile (DESIGN.md)
        report = validate_tree(tree, task.name, profile=False, rules=False, tei_all=True)
    else:
        report = validate_tree(tree, task.name, profile=v.profile, rules=v.rules, tei_all=v.tei_all,
                               schema=Path(v.schema) if v.schema else None)
    errors = [report.line(f) for f in report.errors]
    warnings = [report.line(f) for f in report.warnings]
    if report.valid:
        validity = "valid"
    elif task.imported:  # rendered as it came: a warning, not a failure
        validity, warnings, errors = "nonconformant", errors + warnings, []
    else:
        validity = "invalid"
    return validity, tuple(errors + warnings), len(warnings)


def _summary(task: DocumentTask, shown, texts: dict[str, str] | None,
             ) -> tuple[bytes, PackedCounts, list[str]]:
    """The summary record, the document's search terms with their counts, and the
    problems: the terms are of the record's title and summary and of the bodies of the
    plain texts of every version (``texts``: made already; None: made here from
    ``shown``; when that fails, the problem says so and only the title and summary are
    searchable)."""
    from collections import Counter

    from . import TxtOptions, summary_texts, txt_body
    from .search import pack_counts, terms

    renderer = _renderer()
    record = renderer.summary(shown, task.doc_id, task.options.html)
    problems = []
    if texts is None:
        try:
            texts = renderer.txt(shown, task.doc_id, TxtOptions())
        except EditionError as exc:
            texts = {}
            problems = [f"{task.name}: the search index lacks the text (its plain reading "
                        f"failed: {'; '.join(exc.details())}); the title and summary are searchable"]
    counts: Counter[str] = Counter()
    for text in [*summary_texts(record), *map(txt_body, texts.values())]:
        counts.update(terms(text))
    return etree.tostring(record), pack_counts(counts.items()), problems


def _view(task: DocumentTask, tree: etree._ElementTree) -> etree._ElementTree | None:
    if not task.pair:
        return None
    from ..exchange.pairing import paired_view

    others = [parse_xml(data, name=f"{task.name} (companion)") for data in task.companions]
    view = paired_view(tree, others)
    return etree.ElementTree(view) if view is not None else None


def _outputs(task: DocumentTask, tree, shown, texts: dict[str, str] | None = None,
             ) -> tuple[dict[str, bytes], list[str], list[str], dict[str, str] | None]:
    """(outputs by relative path, problems, formats made without a problem, the plain
    texts when they were made).

    ``shown`` is what the pages show (the document, or its versions paired beside it);
    ``tree`` the document itself, which the plain text renders (``texts``: rendered
    already, with the task's options).
    """
    from .pdf import render_pdf

    renderer, opts, doc_id, formats = _renderer(), task.options, task.doc_id, task.formats
    outputs: dict[str, bytes] = {}
    problems: list[str] = []
    done: list[str] = []
    made: dict[str, str] | None = None

    def html() -> None:
        outputs[f"html/{doc_id}.html"] = renderer.html(shown, doc_id, opts.html)
        done.append("html")

    def printed() -> None:
        print_html = renderer.print_html(shown, doc_id, opts.print)
        if "print" in formats:
            outputs[f"print/{doc_id}.html"] = print_html
            done.append("print")
        if "pdf" in formats:
            outputs[f"pdf/{doc_id}.pdf"] = render_pdf(print_html, base_url=task.print_base,
                                                      label=task.pdf_label)
            done.append("pdf")

    def txt() -> None:
        nonlocal made
        made = texts if texts is not None else renderer.txt(tree, doc_id, opts.txt)
        for lang, text in made.items():
            outputs[f"txt/{doc_id}.{lang}.txt"] = text.encode("utf-8")
        done.append("txt")

    steps = [(html, "html" in formats), (printed, "print" in formats or "pdf" in formats),
             (txt, "txt" in formats)]
    for step, wanted in steps:
        try:
            if wanted:
                step()
        except EditionError as exc:
            problems.extend(exc.details())
    return outputs, problems, [f for f in formats if f in done], made
