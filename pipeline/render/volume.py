"""The combined volume: every document of a corpus in one print page, hence one PDF.

The print stylesheet turns a ``teiCorpus`` of whole documents into a title page, a table
of contents (date, title and page of each document, the page numbers from CSS
``target-counter``) and the documents one after another, each from a new page, in the
order of their dates. Ids would repeat across documents (every one has ``en-p1``), so
each document's ``xml:id``\\ s and local pointers (``#x``) are prefixed with ``<id>.``, as
the teiCorpus export does. A file that is itself a teiCorpus (another archive's)
gives each of its documents, as ``<id>.d1``, ``<id>.d2`` ….

The volume is written as ``pdf/0-volume.pdf`` (:data:`VOLUME_NAME`): a document's id is
an XML name, which never starts with a digit, so no document's ``pdf/<id>.pdf`` can take
its place; and it sorts first in the folder.

Example::

    html = print_volume(Renderer(), [(doc_id, tree), ...], PrintOptions())
    pdf = render_pdf(html, label="volume")
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import TYPE_CHECKING

from lxml import etree

from pipeline.encode.ids import prefix_ids
from pipeline.errors import TransformError

from .stylesheets import ED_NS, transform

if TYPE_CHECKING:
    from . import PrintOptions, Renderer

__all__ = ["VOLUME_NAME", "print_volume", "volume_corpus"]

VOLUME_NAME = "0-volume"

_TEI_NS = "http://www.tei-c.org/ns/1.0"
# Pointers the stylesheets compare as written (keywords/@scheme = '#classification'),
# so they are not prefixed.
_NOT_POINTERS = frozenset({"scheme"})


def print_volume(renderer: Renderer, documents: Iterable[tuple[str, etree._ElementTree]],
                 options: PrintOptions) -> bytes:
    """The combined volume's print page (UTF-8 HTML), input of :func:`render_pdf`.

    Args:
        renderer: whose print stylesheet to use.
        documents: (document id, TEI tree) pairs, in any order.
        options: the print options (the edition's title names the volume).

    Raises:
        TransformError: the stylesheet failed, or an input is not a TEI document.
    """
    corpus = volume_corpus(documents, options.edition_title)
    html = transform(renderer.stylesheets["print"], corpus, asdict(options), label=VOLUME_NAME)
    return html.encode("utf-8")


def volume_corpus(documents: Iterable[tuple[str, etree._ElementTree]], title: str) -> etree._Element:
    """A ``teiCorpus`` of copies of the documents, each with ``@ed:id`` and prefixed ids."""
    tei = f"{{{_TEI_NS}}}"
    corpus = etree.Element(f"{tei}teiCorpus", nsmap={None: _TEI_NS, "ed": ED_NS})
    stmt = etree.SubElement(etree.SubElement(etree.SubElement(corpus, f"{tei}teiHeader"),
                                             f"{tei}fileDesc"), f"{tei}titleStmt")
    etree.SubElement(stmt, f"{tei}title").text = title
    for doc_id, tree in documents:
        for member_id, member in _members(doc_id, tree):
            corpus.append(_prefixed(member_id, member))
    return corpus


def _members(doc_id: str, tree: etree._ElementTree | etree._Element) -> list[tuple[str, etree._Element]]:
    """The documents a file holds: itself, or each TEI of a teiCorpus (another archive's
    file) as ``<id>.d1``, ``<id>.d2`` … in order."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    if root.tag != f"{{{_TEI_NS}}}teiCorpus":
        return [(doc_id, root)]
    members = root.iter(f"{{{_TEI_NS}}}TEI")
    return [(f"{doc_id}.d{n}", member) for n, member in enumerate(members, 1)]


def _prefixed(doc_id: str, tree: etree._ElementTree | etree._Element) -> etree._Element:
    """A copy of the document with ``@ed:id`` set and its ids and pointers prefixed."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    if root.tag != f"{{{_TEI_NS}}}TEI":
        raise TransformError(doc_id, [f"expected a TEI document, found {root.tag}"])
    copy = prefix_ids(root, doc_id, keep=_NOT_POINTERS)
    copy.set(f"{{{ED_NS}}}id", doc_id)
    return copy
