"""Stable document ids, the ids of blocks inside a document, and ids in a corpus."""

from __future__ import annotations

import functools
import re
import unicodedata
from copy import deepcopy

from lxml import etree

from ..model import Metadata

_SLUG_MAX = 40
# A record id fit for a file name and an xml:id; anything else (a "Record ID:" label
# followed by a paragraph) gives the date-and-title id instead.
_RECORD_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")


def document_id(meta: Metadata) -> str:
    """``wilson-<record id>`` when the source shows one (a short token of letters, digits,
    ``.``, ``_``, ``-``), else ``doc-<date>-<slug>``."""
    if meta.record_id and _RECORD_ID.fullmatch(meta.record_id):
        return f"wilson-{meta.record_id}"
    date = meta.date or "undated"
    return f"doc-{date}-{slug(meta.title)}"


def slug(text: str) -> str:
    """The title's first words, ASCII-folded, lowercase, hyphenated, ≤ 40 characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > _SLUG_MAX:
            break
        out = candidate
    return out or "untitled"


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … when it is taken."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


@functools.lru_cache(maxsize=1 << 16)  # a build asks for each file's id several times
def ncname(text: str) -> str:
    """``text`` made a valid XML NCName (for ids taken from file names)."""
    name = re.sub(r"[^\w.-]", "-", text, flags=re.ASCII)
    return name if re.match(r"[A-Za-z_]", name) else f"d-{name}"


# --------------------------------------------------------------------------- corpus ids

_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
LOCAL_POINTER = re.compile(r"#([^\W\d][\w.-]*)")  # "#" and an NCName: a same-document pointer

# The attributes TEI P5 4.8.0 (tei_all) declares as pointers (datatype teidata.pointer,
# anyURI of non-space characters), by name. A few names are pointers on some elements
# only (@from and @to of span but dates of att.datable; @value of eTree but of age); their
# other uses never hold "#name", which is all that is rewritten. xml:base is left out: it
# is a base URI, not a pointer. tests/test_export.py checks the list against tei_all.
POINTER_ATTRIBUTES = frozenset({
    "active", "adj", "adjFrom", "adjTo", "ana", "calendar", "change", "children", "class", "code",
    "copyOf", "corresp", "datcat", "datingMethod", "datingPoint", "decls", "domains", "edRef", "end",
    "exclude", "fVal", "facs", "feats", "filter", "follow", "from", "fromUnit", "given", "hand", "inst",
    "lemmaRef", "location", "mergedIn", "mutual", "name", "new", "next", "ns", "nymRef", "origin",
    "parent", "parts", "passive", "perf", "period", "prev", "property", "ref", "rendition", "replyTo",
    "require", "resp", "sameAs", "scheme", "scribeRef", "scriptRef", "select", "since", "source",
    "spanTo", "start", "synch", "target", "targetDatcat", "targetEnd", "to", "toUnit", "toWhom",
    "unitRef", "uri", "url", "value", "valueDatcat", "where", "who", "wit",
})


def prefix_ids(tree: etree._ElementTree | etree._Element, doc_id: str, *,
               keep: frozenset[str] = frozenset(), root_id: str | None = None) -> etree._Element:
    """A copy of a document whose ids stay unique beside other documents in a corpus.

    Every ``xml:id`` becomes ``<doc_id>.<id>`` and every same-document pointer ``#x`` in a
    pointer attribute (:data:`POINTER_ATTRIBUTES`) becomes ``#<doc_id>.x``, at any depth:
    a ``teiCorpus`` is copied whole, its members nested. Other pointers (``other.xml#x``,
    ``#xpath(…)``) and attributes that merely contain "#" are left as written.

    Args:
        tree: a TEI document or corpus (its root is copied; the tree is not changed).
        doc_id: the document's id in the edition, an NCName.
        keep: names of pointer attributes to leave as written (the stylesheets compare
            ``keywords/@scheme`` with ``#classification`` as written).
        root_id: when given, the root's ``xml:id`` becomes this (pointers to its old id
            follow) instead of being prefixed.

    Returns:
        The copied root element.
    """
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    copy = deepcopy(root)
    copy.tail = None
    old_root_id = copy.get(_XML_ID)

    def new_id(value: str) -> str:
        return root_id if root_id and value == old_root_id else f"{doc_id}.{value}"

    def pointer(token: str) -> str:
        match = LOCAL_POINTER.fullmatch(token)
        return f"#{new_id(match.group(1))}" if match else token

    for element in copy.iter(etree.Element):
        for name, value in element.attrib.items():
            if name == _XML_ID:
                element.set(name, new_id(value))
            elif "#" in value and name in POINTER_ATTRIBUTES and name not in keep:
                element.set(name, " ".join(pointer(t) for t in value.split()))
    if root_id:
        copy.set(_XML_ID, root_id)
    return copy
