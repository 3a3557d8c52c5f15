"""SourceDocument → TEI P5 (:class:`~pipeline.model.Edition`).

The encoder never looks at raw text: everything it writes comes from the model, so
every export shape is encoded the same way.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass

from lxml import etree

from .. import __version__
from ..model import Edition, SourceDocument
from .body import text_element
from .header import HeaderOptions, header
from .ids import document_id, ncname, slug, unique_id
from .tei import el, indent

__all__ = ["EncodeOptions", "build_date", "document_id", "encode", "ncname", "slug", "unique_id"]


@dataclass(frozen=True)
class EncodeOptions:
    """What the edition decides about every file it writes.

    Attributes:
        publisher, licence: from ``[edition]`` of edition.toml.
        when: the date recorded in revisionDesc (default: :func:`build_date`).
        doc_id: force this id (used to resolve collisions), else derived from the source.
    """

    publisher: str | None = None
    licence: str | None = None
    when: str | None = None
    doc_id: str | None = None


def build_date() -> str:
    """Today, or the day of ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
        return moment.date().isoformat()
    return datetime.date.today().isoformat()


def encode(doc: SourceDocument, *, options: EncodeOptions = EncodeOptions()) -> Edition:
    """Encode one document as a TEI tree.

    Args:
        doc: the ingested document.
        options: edition-level settings.

    Returns:
        An :class:`Edition` whose tree is a complete TEI document.
    """
    doc_id = options.doc_id or document_id(doc.metadata)
    root = el("TEI", xml_id=doc_id, xml_lang="en")
    root.append(header(doc, HeaderOptions(publisher=options.publisher, licence=options.licence,
                                          when=options.when or build_date(),
                                          tool_version=__version__)))
    root.append(text_element(doc))
    indent(root)
    return Edition(id=doc_id, tree=etree.ElementTree(root), source_name=doc.source.name,
                   warnings=doc.warnings)
