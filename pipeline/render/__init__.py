"""Rendering: TEI → screen HTML, print HTML (→ PDF) and plain text, by XSLT 3.0.

The stylesheets in ``xslt/`` decide everything about the outputs; this package only
feeds them. Every method is pure: it takes trees in memory and returns bytes or text;
writing files is the caller's business (``corpus.py``), including the assets
(:func:`assets`) that pages link relatively (``assets/edition.css``).

Options mirror the stylesheets' parameter files (``xslt/{fmt}/{fmt}-params.xsl``): a
field ``edition_title`` is the parameter ``edition-title``.

Example::

    renderer = Renderer()
    page = renderer.html(edition.tree, edition.id, HtmlOptions(edition_title="Cold War"))
    texts = renderer.txt(edition.tree, edition.id, TxtOptions())  # {"en": "...", ...}
    pdf = render_pdf(renderer.print_html(edition.tree, edition.id, PrintOptions()))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from pipeline.errors import TransformError

from ..resources import resource_dir
from .pdf import render_pdf
from .stylesheets import ED_NS, stylesheet_path, transform

if TYPE_CHECKING:
    from pipeline.config import Config

__all__ = [
    "HtmlOptions",
    "PrintOptions",
    "RenderOptions",
    "Renderer",
    "TxtOptions",
    "assets",
    "options_for",
    "render_pdf",
    "resource_dir",
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
    """

    edition_title: str = "TEI Edition"
    languages: tuple[str, ...] = ("en",)
    fonts: tuple[str, ...] = DEFAULT_FONTS
    show_legend: bool = True
    page_size: str = "A4"


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

    def html(self, tree: etree._ElementTree, doc_id: str, options: HtmlOptions) -> bytes:
        """The document's screen page (``html/<doc_id>.html``), UTF-8 HTML5.

        Raises:
            TransformError: the stylesheet failed (names the stylesheet and Saxon's message).
        """
        return self._run("html", tree, doc_id, options).encode("utf-8")

    def print_html(self, tree: etree._ElementTree, doc_id: str, options: PrintOptions) -> bytes:
        """The document's print page (``print/<doc_id>.html``), input of :func:`render_pdf`.

        Raises:
            TransformError: the stylesheet failed.
        """
        return self._run("print", tree, doc_id, options).encode("utf-8")

    def txt(self, tree: etree._ElementTree, doc_id: str, options: TxtOptions) -> dict[str, str]:
        """Plain text per version: language tag → text (``txt/<doc_id>.<lang>.txt``).

        Every version in document order, or only ``options.version_lang``. A
        single-version document gives one entry keyed by its ``text/@xml:lang``.

        Raises:
            TransformError: the stylesheet failed, or the document has no version in
                ``options.version_lang``.
        """
        langs = version_languages(tree)
        if options.version_lang is not None:
            langs = [options.version_lang]
        out = {}
        for lang in langs:
            params = {**asdict(options), "version_lang": lang}
            out[lang] = transform(self.stylesheets["txt"], tree, params, label=doc_id)
        return out

    def index(self, documents: list[tuple[str, etree._ElementTree]], options: HtmlOptions) -> bytes:
        """The index page (``html/index.html``) listing every document.

        Args:
            documents: (document id, TEI tree) pairs; each is linked as ``<id>.html``.

        Raises:
            TransformError: the stylesheet failed.
        """
        corpus = headers_corpus(documents, options.edition_title)
        params = asdict(options)
        return transform(self.stylesheets["html"], corpus, params, label="index").encode("utf-8")

    def _run(self, fmt: str, tree, doc_id: str, options) -> str:
        """Transform one document with a format's driver and its options."""
        params = {**asdict(options), "doc_id": doc_id}
        return transform(self.stylesheets[fmt], tree, params, label=doc_id)


def version_languages(tree: etree._ElementTree | etree._Element) -> list[str]:
    """The language of each version of a TEI document, in document order.

    A version is a ``text`` holding no ``group``; its language is the nearest
    ``xml:lang`` (``und`` when there is none), as the stylesheets compute it.
    """
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    langs = []
    for text in root.iterfind(".//tei:text", _NS):
        if text.find("tei:group", _NS) is None:
            lang = next((a.get(XML_LANG) for a in text.iterancestors() if a.get(XML_LANG)), None)
            lang = text.get(XML_LANG) or lang or "und"
            if lang not in langs:
                langs.append(lang)
    return langs


def headers_corpus(documents: list[tuple[str, etree._ElementTree]], title: str) -> etree._Element:
    """A teiCorpus of the documents' headers and the skeleton of their versions.

    Each TEI child carries ``@ed:id``, the document's id in the edition; versions keep
    their attributes but no text, so the index costs little memory per document.
    """
    tei = f"{{{TEI_NS}}}"
    corpus = etree.Element(f"{tei}teiCorpus", nsmap={None: TEI_NS, "ed": ED_NS})
    header = etree.SubElement(corpus, f"{tei}teiHeader")
    stmt = etree.SubElement(etree.SubElement(header, f"{tei}fileDesc"), f"{tei}titleStmt")
    etree.SubElement(stmt, f"{tei}title").text = title
    for doc_id, tree in documents:
        corpus.append(_skeleton(doc_id, tree))
    return corpus


def _skeleton(doc_id: str, tree: etree._ElementTree) -> etree._Element:
    """One document's TEI element with its header and empty versions."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    if root.tag != f"{{{TEI_NS}}}TEI":
        raise TransformError(doc_id, [f"expected a TEI document, found {root.tag}"])
    tei = etree.Element(root.tag, dict(root.attrib))
    tei.set(f"{{{ED_NS}}}id", doc_id)
    header = root.find("tei:teiHeader", _NS)
    if header is not None:
        tei.append(_copy(header))
    for text in root.findall("tei:text", _NS):
        tei.append(_text_skeleton(text))
    return tei


def _text_skeleton(text: etree._Element) -> etree._Element:
    """A text element with its attributes and those of its versions, no content."""
    copy = etree.Element(text.tag, dict(text.attrib))
    group = text.find("tei:group", _NS)
    if group is not None:
        new_group = etree.SubElement(copy, group.tag)
        for version in group.findall("tei:text", _NS):
            new_group.append(_text_skeleton(version))
    else:
        etree.SubElement(copy, f"{{{TEI_NS}}}body")
    return copy


def _copy(element: etree._Element) -> etree._Element:
    """A deep copy detached from its document."""
    return etree.fromstring(etree.tostring(element))


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
