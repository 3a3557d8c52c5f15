"""Small helpers for building TEI elements with lxml."""

from __future__ import annotations

from lxml import etree

from ..xmlio import TEI_NS, XML_NS

_TEI_BRACED = f"{{{TEI_NS}}}"


def el(tag: str, text: str | None = None, /, **attrs: str | None) -> etree._Element:
    """A TEI element; ``xml_id`` / ``xml_lang`` become ``xml:id`` / ``xml:lang``.

    Attributes whose value is None are left out.
    """
    return _fill(etree.Element(_TEI_BRACED + tag, nsmap={None: TEI_NS}), text, attrs)


def _fill(element: etree._Element, text: str | None, attrs: dict[str, str | None]) -> etree._Element:
    for key, value in attrs.items():
        if value is None:
            continue
        if key.startswith("xml_"):
            key = f"{{{XML_NS}}}{key[4:]}"
        element.set(key, value)
    if text is not None:
        element.text = text
    return element


def sub(parent: etree._Element, tag: str, text: str | None = None, /,
        **attrs: str | None) -> etree._Element:
    """Append a new TEI element to ``parent`` and return it."""
    if parent.prefix is not None or not parent.tag.startswith(_TEI_BRACED):
        child = el(tag, text, **attrs)  # (a parent outside TEI's default namespace)
        parent.append(child)
        return child
    # (made in the parent's document: an element of its own, appended, is a new document
    # moved into this one, a third slower)
    return _fill(etree.SubElement(parent, _TEI_BRACED + tag), text, attrs)


def append_text(parent: etree._Element, text: str) -> None:
    """Append character data after the last child of ``parent`` (or as its text)."""
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


# Elements whose content is text with elements inside: no indentation may enter them,
# because white space there is text (``<closer>role<lb/><signed>…</signed></closer>``).
_MIXED = {"p", "head", "opener", "closer", "salute", "signed", "dateline", "date", "item",
          "note", "ab", "bibl", "change", "title", "resp", "persName", "name", "orgName",
          "licence", "idno", "term", "language", "textLang", "funder", "publisher", "label",
          "desc", "catDesc", "repository", "settlement", "creation", "s", "seg", "l"}


def indent(element: etree._Element, level: int = 0, space: str = "  ") -> None:
    """Pretty-print element-only content in place; mixed content is left untouched."""
    if etree.QName(element).localname in _MIXED or not len(element):
        return
    inner = "\n" + space * (level + 1)
    if not (element.text or "").strip():
        element.text = inner
    for child in element:
        indent(child, level + 1, space)
        if not (child.tail or "").strip():
            child.tail = inner
    last = element[-1]
    if not (last.tail or "").strip():
        last.tail = "\n" + space * level
