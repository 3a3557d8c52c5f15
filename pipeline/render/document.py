"""One document's rendering as a pure function of bytes: the unit a build fans out.

:func:`render_document` takes a :class:`DocumentTask` (the TEI file's bytes and what to
make of them) and returns a :class:`DocumentResult` (every output's bytes by path
relative to the output folder, the document's summary record for the corpus pages,
and the problems). It reads no file but the print stylesheet PDFs link and writes
none, so the caller decides where outputs go and the work can run in any process.
Each process keeps one :class:`~pipeline.render.Renderer` (stylesheets compiled once).

Example::

    result = render_document(DocumentTask(name="tei/x.xml", doc_id="x", data=path.read_bytes(),
                                          formats=("html", "txt"), options=options_for(config)))
    for rel, data in result.outputs.items():
        (out_dir / rel).write_bytes(data)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from lxml import etree

from ..errors import EditionError
from ..xmlio import parse_xml

__all__ = ["DocumentResult", "DocumentTask", "render_document", "warm_up"]

@dataclass(frozen=True)
class DocumentTask:
    """What to render of one document.

    Attributes:
        name: the file as messages name it.
        doc_id: the id in the edition (output names).
        data: the TEI file's bytes.
        formats: any of html, print, pdf, txt.
        options: the :class:`~pipeline.render.RenderOptions`.
        companions: bytes of other files of the same work (an imported CTS edition's
            translations), shown beside it; see :mod:`pipeline.exchange.pairing`.
        pair: whether to look for versions to pair (imported files only).
        summary: whether to make the summary record (for the index).
        print_base: the URL PDFs resolve the print stylesheet against.
        pdf_label: how to name the PDF in messages.
        error: why the file could not be read (the task then only reports it).
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


@dataclass(frozen=True)
class DocumentResult:
    """Outputs by path relative to the output folder, the slim summary record (bytes)
    and the texts the search index reads, and every problem (a failed format costs only
    itself)."""

    doc_id: str
    name: str
    outputs: dict[str, bytes]
    summary: bytes | None
    search_texts: tuple[str, ...]
    problems: tuple[str, ...]


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
    """Every requested output of one document; never raises for the document's faults."""
    if task.error:
        return DocumentResult(task.doc_id, task.name, {}, None, (), (f"{task.name}: {task.error}",))
    try:
        tree = parse_xml(task.data, name=task.name)
        view = _view(task, tree)
    except EditionError as exc:
        return DocumentResult(task.doc_id, task.name, {}, None, (), tuple(exc.details()))
    outputs, problems = _outputs(task, tree, view)
    summary, texts = None, ()
    if task.summary and f"html/{task.doc_id}.html" in outputs:
        from . import slim, summary_texts

        record = _renderer().summary(view if view is not None else tree, task.doc_id, task.options.html)
        texts = tuple(summary_texts(record))  # before slim(), which drops the texts
        summary = etree.tostring(slim(record))
    return DocumentResult(task.doc_id, task.name, outputs, summary, texts, tuple(problems))


def _view(task: DocumentTask, tree: etree._ElementTree) -> etree._ElementTree | None:
    if not task.pair:
        return None
    from ..exchange.pairing import paired_view

    others = [parse_xml(data, name=f"{task.name} (companion)") for data in task.companions]
    view = paired_view(tree, others)
    return etree.ElementTree(view) if view is not None else None


def _outputs(task: DocumentTask, tree, view) -> tuple[dict[str, bytes], list[str]]:
    from .pdf import render_pdf

    renderer, opts, doc_id, formats = _renderer(), task.options, task.doc_id, task.formats
    outputs: dict[str, bytes] = {}
    problems: list[str] = []
    shown = view if view is not None else tree

    def html() -> None:
        outputs[f"html/{doc_id}.html"] = renderer.html(shown, doc_id, opts.html)

    def printed() -> None:
        print_html = renderer.print_html(shown, doc_id, opts.print)
        if "print" in formats:
            outputs[f"print/{doc_id}.html"] = print_html
        if "pdf" in formats:
            outputs[f"pdf/{doc_id}.pdf"] = render_pdf(print_html, base_url=task.print_base,
                                                      label=task.pdf_label)

    def txt() -> None:
        for lang, text in renderer.txt(tree, doc_id, opts.txt).items():
            outputs[f"txt/{doc_id}.{lang}.txt"] = text.encode("utf-8")

    steps = [(html, "html" in formats), (printed, "print" in formats or "pdf" in formats),
             (txt, "txt" in formats)]
    for step, wanted in steps:
        try:
            if wanted:
                step()
        except EditionError as exc:
            problems.extend(exc.details())
    return outputs, problems
