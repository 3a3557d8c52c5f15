"""Rendering: TEI → screen HTML, print HTML (→ PDF) and plain text, by XSLT 3.0.

The stylesheets in ``xslt/`` decide everything about the outputs; this package only
feeds them. Every method is pure: it takes trees in memory and returns bytes or text;
writing files is the caller's business (``corpus.py``), including the assets
(:func:`assets`) that pages link relatively (``assets/edition.css``).

Options mirror the stylesheets' parameter files (``xslt/{fmt}/{fmt}-params.xsl``): a
field ``edition_title`` is the parameter ``edition-title``.

Every method takes the TEI as an lxml tree, or prepared once for all of them
(:meth:`Renderer.prepare`: parsed into Saxon once instead of once per stylesheet).

Example::

    renderer = Renderer()
    page = renderer.html(edition.tree, edition.id, HtmlOptions(edition_title="Cold War"))
    texts = renderer.txt(edition.tree, edition.id, TxtOptions())  # {"en": "...", ...}
    pdf = render_pdf(renderer.print_html(edition.tree, edition.id, PrintOptions()))

    doc = renderer.prepare(edition.tree)  # one document, every format
    page, texts = renderer.html(doc, edition.id, html_options), renderer.txt(doc, edition.id, txt_options)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from copy import deepcopy
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from ..errors import TransformError
from ..resources import resource_dir
from ..xmlio import parse_xml
from .pdf import render_pdf
from .stylesheets import (
    ED_NS,
    SaxonDocument,
    Source,
    call_template,
    prepare,
    source_root,
    stylesheet_path,
    transform,
)

if TYPE_CHECKING:
    from pipeline.config import Config

__all__ = [
    "HtmlOptions",
    "PrintOptions",
    "RenderOptions",
    "Renderer",
    "SaxonDocument",
    "TxtOptions",
    "assets",
    "options_for",
    "render_pdf",
    "resource_dir",
    "summary_stylesheet",
    "summary_texts",
    "txt_body",
    "version_languages",
]

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_NS = {"tei": TEI_NS}
DEFAULT_FONTS = ("Noto Serif", "Noto Serif CJK SC", "Noto Sans CJK SC")

# Output path (relative to the output folder) → (format that links it, file in xslt/assets/).
_ASSETS = {
    "html/assets/edition.css": ("html", "edition.css"),
    "html/assets/index.js": ("html", "index.js"),
    "html/assets/document.js": ("html", "document.js"),
    "print/assets/print.css": ("print", "print.css"),
}


@dataclass(frozen=True)
class HtmlOptions:
    """Parameters of ``xslt/html/html-params.xsl``.

    Attributes:
        edition_title: the edition's name, on every page.
        languages: language tags in preferred order; versions are shown in this order
            (``zh`` also ranks ``zh-Hans``), others follow in document order.
        show_legend: show the legend of the editorial marks a document uses.
    """

    edition_title: str = "TEI Edition"
    languages: tuple[str, ...] = ("en",)
    show_legend: bool = True


@dataclass(frozen=True)
class PrintOptions:
    """Parameters of ``xslt/print/print-params.xsl``.

    Attributes:
        edition_title: the edition's name, in the title block and the running head.
        languages: preferred order of the versions (as for HTML).
        fonts: font families as fontconfig names them; families named "…CJK…" come
            first for Chinese, Japanese and Korean text.
        show_legend: show the legend of the editorial marks on the first page.
        page_size: a CSS page size (``A4``, ``letter``, ``170mm 240mm``).
        parallel: print a document with several versions in parallel columns, one row
            per aligned paragraph (notes at the end of their cell); False: its versions
            one after another (notes as footnotes).
    """

    edition_title: str = "TEI Edition"
    languages: tuple[str, ...] = ("en",)
    fonts: tuple[str, ...] = DEFAULT_FONTS
    show_legend: bool = True
    page_size: str = "A4"
    parallel: bool = True


@dataclass(frozen=True)
class TxtOptions:
    """Parameters of ``xslt/txt/txt-params.xsl``.

    Attributes:
        edition_title: the edition's name, in the header block.
        version_lang: render only this version (its ``xml:lang`` as written); None:
            :meth:`Renderer.txt` renders every version.
        show_page_breaks: show the original's page breaks as ``//``; when False the
            text reads through them (a word split by a break is joined).
    """

    edition_title: str = "TEI Edition"
    version_lang: str | None = None
    show_page_breaks: bool = True


@dataclass(frozen=True)
class RenderOptions:
    """The options of every format, as one edition's configuration gives them."""

    html: HtmlOptions = HtmlOptions()
    print: PrintOptions = PrintOptions()
    txt: TxtOptions = TxtOptions()


def options_for(config: Config) -> RenderOptions:
    """Each format's options from edition.toml (``[edition]`` title and languages,
    ``[render]`` fonts and txt_page_breaks)."""
    edition, render = config.edition, config.render
    languages = tuple(edition.languages)
    return RenderOptions(
        html=HtmlOptions(edition_title=edition.title, languages=languages),
        print=PrintOptions(edition_title=edition.title, languages=languages, fonts=tuple(render.fonts)),
        txt=TxtOptions(edition_title=edition.title, show_page_breaks=render.txt_page_breaks),
    )


class Renderer:
    """Turns TEI trees into the edition's outputs.

    Holds only stylesheet paths, so it can be pickled and sent to worker processes;
    the compiled stylesheets stay in a per-process cache (compiled on first use).

    Args:
        stylesheets: replacement drivers by format (``html``, ``print``, ``txt``),
            e.g. a customisation that imports ``xslt/html/html.xsl`` and overrides a
            template; formats not given use the bundled drivers.
    """

    def __init__(self, stylesheets: Mapping[str, str | Path] | None = None):
        given = {k: Path(v) for k, v in (stylesheets or {}).items()}
        unknown = set(given) - {"html", "print", "txt"}
        if unknown:
            raise ValueError(f"unknown formats {sorted(unknown)} (known: html, print, txt)")
        self.stylesheets = {f: given.get(f) or stylesheet_path(f) for f in ("html", "print", "txt")}

    def prepare(self, tree: Source) -> SaxonDocument:
        """The document parsed into Saxon once, for every method of this renderer.

        Pass the result instead of the tree to :meth:`html`, :meth:`print_html`,
        :meth:`txt` and :meth:`summary` of the same document: each then skips serializing
        and re-parsing the tree. It belongs to this process (see
        :class:`~pipeline.render.stylesheets.SaxonDocument`).
        """
        return prepare(tree)

    def html(self, tree: Source, doc_id: str, options: HtmlOptions) -> bytes:
        """The document's screen page (``html/<doc_id>.html``), UTF-8 HTML5.

        Raises:
            TransformError: the stylesheet failed (names the stylesheet and Saxon's message).
        """
        return self._run("html", tree, doc_id, options).encode("utf-8")

    def print_html(self, tree: Source, doc_id: str, options: PrintOptions) -> bytes:
        """The document's print page (``print/<doc_id>.html``), input of :func:`render_pdf`.

        Raises:
            TransformError: the stylesheet failed.
        """
        return self._run("print", tree, doc_id, options).encode("utf-8")

    def txt(self, tree: Source, doc_id: str, options: TxtOptions) -> dict[str, str]:
        """Plain text per version: language tag → text (``txt/<doc_id>.<lang>.txt``).

        Every version in document order, or only ``options.version_lang``; a version's
        file holds every part of the document in its language (several texts, source
        transcriptions). A single-version document gives one entry keyed by its
        ``text/@xml:lang``; a ``teiCorpus`` one entry per language of its documents.

        Raises:
            TransformError: the stylesheet failed, or the document has no version in
                ``options.version_lang``.
        """
        langs = version_languages(source_root(tree))
        if options.version_lang is not None:
            langs = [options.version_lang]
        if len(langs) > 1:
            # Every language from one run (ed:txt-files: each file as a run for that
            # language alone writes it); a failure is reported as that run words it.
            doc = prepare(tree)
            try:
                texts = call_template(self.stylesheets["txt"], "txt-files", {"doc": doc, "langs": langs},
                                      asdict(options), label=doc_id)
                return dict(zip(langs, texts, strict=True))
            except TransformError:
                tree = doc
        return {lang: self._txt(tree, doc_id, options, lang) for lang in langs}

    def summary(self, tree: Source, doc_id: str, options: HtmlOptions) -> etree._Element:
        """The document's summary record (``xslt/html/html-summary.xsl``): what the
        index and the registers page need of it, and the title and summary the search
        index reads (:func:`summary_texts`; the text itself it reads in :meth:`txt`).

        Raises:
            TransformError: the stylesheet failed.
        """
        params = {"languages": options.languages, "doc_id": doc_id}
        xml = transform(summary_stylesheet(), tree, params, label=doc_id)
        return parse_xml(xml.encode("utf-8"), name=f"summary of {doc_id}").getroot()

    def index(self, documents: list[tuple[str, etree._ElementTree]], options: HtmlOptions, *,
              search: bool = False) -> bytes:
        """The index page (``html/index.html``) listing every document.

        Args:
            documents: (document id, TEI tree) pairs; each is linked as ``<id>.html``.
            search: the page offers full-text search (the caller writes ``search/``).

        Raises:
            TransformError: the stylesheet failed.
        """
        return self.index_page([self.summary(t, i, options) for i, t in documents], options,
                               search=search)

    def index_page(self, summaries: Iterable[etree._Element | bytes], options: HtmlOptions, *,
                   search: bool = False) -> bytes:
        """The index page from the documents' summary records (:meth:`summary`), as
        elements or serialized (as the build cache keeps them)."""
        page = _gather("index", summaries, options, search=search)
        return transform(self.stylesheets["html"], page, asdict(options), label="index").encode("utf-8")

    def registers_page(self, summaries: Iterable[etree._Element | bytes],
                       options: HtmlOptions) -> bytes:
        """The page of persons, places and organisations (``html/registers.html``) from
        the documents' summary records (elements or serialized): every entity once,
        with the documents that name it. Records naming no entity are left out
        before the stylesheet sees them (they add nothing to the page)."""
        page = _gather("registers", (s for s in summaries if names_entities(s)), options)
        for summary in page.findall(f"{{{ED_NS}}}summary"):
            if summary.find(f"{{{ED_NS}}}entity") is None:
                page.remove(summary)
        return transform(self.stylesheets["html"], page, asdict(options), label="registers").encode("utf-8")

    def _txt(self, tree: Source, doc_id: str, options: TxtOptions, lang: str) -> str:
        """The plain text of one language, from a run of its own."""
        params = {**asdict(options), "version_lang": lang}
        return transform(self.stylesheets["txt"], tree, params, label=doc_id)

    def _run(self, fmt: str, tree: Source, doc_id: str, options) -> str:
        """Transform one document with a format's driver and its options."""
        params = {**asdict(options), "doc_id": doc_id}
        return transform(self.stylesheets[fmt], tree, params, label=doc_id)


def version_languages(tree: Source) -> list[str]:
    """The language of each version of a TEI document (or of every document of a
    ``teiCorpus``), in document order: the languages :meth:`Renderer.txt` writes.

    As the stylesheets count them (``ed:parts``): a text whose group holds texts in
    several languages (or typed original, transcription, translation) has a version per
    text holding no group; any other text is one version; each ``sourceDoc`` (a
    transcription of the document's surfaces) is a part of its own. A part's language
    is its nearest ``xml:lang`` (``und`` when there is none).
    """
    root = source_root(tree)
    langs: list[str] = []
    documents = [root] if root.tag == f"{{{TEI_NS}}}TEI" else root.iterfind(".//tei:TEI", _NS)
    for tei in documents:
        for part in _parts(tei):
            lang = _lang(part)
            if lang not in langs:
                langs.append(lang)
    return langs


def _parts(tei: etree._Element) -> list[etree._Element]:
    """A document's versions, then its source transcriptions (``ed:parts``)."""
    parts = []
    for text in tei.iterfind("tei:text", _NS):
        leaves = [t for t in text.iterfind(".//tei:text", _NS) if t.find("tei:group", _NS) is None]
        split = text.find("tei:group", _NS) is not None and (
            len({_lang(t) for t in leaves}) > 1
            or any(t.get("type") in ("original", "transcription", "translation")
                   for t in text.iterfind(".//tei:text", _NS)))
        parts += leaves if split else [text]
    return parts + tei.findall("tei:sourceDoc", _NS)


def _lang(element: etree._Element) -> str:
    """The nearest xml:lang of an element (``und`` when none)."""
    for e in (element, *element.iterancestors()):
        if e.get(XML_LANG):
            return e.get(XML_LANG)
    return "und"


def summary_stylesheet() -> Path:
    """``xslt/html/html-summary.xsl``, which makes the summary records."""
    return resource_dir("xslt") / "html" / "html-summary.xsl"


def summary_texts(summary: etree._Element) -> list[str]:
    """What the search index reads of a summary record: the title and the summary.
    (The document's text it reads in the plain-text edition: :func:`txt_body`.)"""
    texts = [summary.get("title", "")]
    texts += [e.text or "" for e in summary.iterfind(f"{{{ED_NS}}}abstract")]
    return texts


TXT_RULE = "\n* * *\n"


def txt_body(text: str) -> str:
    """The text of a plain-text file without its header: what follows the ``* * *``
    line under the title and metadata (the whole file when there is none). Of a
    corpus's file, its documents' headers after the first stay in."""
    _, rule, body = text.partition(TXT_RULE)
    return body if rule else text


def names_entities(summary: etree._Element | bytes) -> bool:
    """Whether a summary record may name a person, place or organisation: true for every
    record that does (a serialized one is only searched for the element's name, so it
    may also be true of one that does not)."""
    if isinstance(summary, bytes):
        return b"entity" in summary
    return summary.find(f"{{{ED_NS}}}entity") is not None


def _gather(kind: str, summaries: Iterable[etree._Element | bytes], options: HtmlOptions, *,
            search: bool = False) -> etree._Element:
    """<ed:index> or <ed:registers> holding the summary records.

    The records are joined as bytes and parsed as one document: for a corpus of many
    thousand documents that is several times faster than copying each record's tree
    (the build cache keeps them serialized, so most are bytes already).
    """
    page = etree.Element(f"{{{ED_NS}}}{kind}", nsmap={"ed": ED_NS})
    page.set("title", options.edition_title)
    if search:
        page.set("search", "yes")
    page.text = "\n"
    start, _, end = etree.tostring(page).rpartition(b"\n")
    parts = [start]
    for summary in summaries:
        if not isinstance(summary, bytes):
            copy = etree.Element(summary.tag, dict(summary.attrib), nsmap=summary.nsmap)
            copy.extend(_copy(child) for child in summary)
            summary = etree.tostring(copy)
        elif summary.startswith(b"<?xml"):  # (a declaration cannot stand inside the page)
            summary = summary[summary.index(b"?>") + 2:]
        parts.append(summary)
    parts.append(end)
    return parse_xml(b"".join(parts), name=f"the {kind} page's records").getroot()


def _copy(element: etree._Element) -> etree._Element:
    """A deep copy detached from its document (not a re-parse: that would check ids)."""
    copy = deepcopy(element)
    copy.tail = None
    return copy


def assets(formats: Iterable[str] | None = None) -> dict[str, bytes]:
    """The static files the pages link, by path relative to the output folder.

    ``html/assets/edition.css`` and ``html/assets/index.js`` (screen pages, format
    ``html``), ``print/assets/print.css`` (print pages, format ``print``). PDFs need no
    written asset: :func:`render_pdf` falls back to the bundled print.css.

    Args:
        formats: only the assets of these formats (default: all).
    """
    folder = resource_dir("xslt") / "assets"
    wanted = None if formats is None else set(formats)
    return {
        out: (folder / name).read_bytes()
        for out, (fmt, name) in _ASSETS.items()
        if wanted is None or fmt in wanted
    }
