"""Small helpers for building TEI elements with lxml."""

from __future__ import annotations

from lxml import etree

from ..xmlio import TEI_NS, XML_NS


def el(tag: str, text: str | None = None, /, **attrs: str | None) -> etree._Element:
    """A TEI element; ``xml_id`` / ``xml_lang`` become ``xml:id`` / ``xml:lang``.

    Attributes whose value is None are left out.
    """
    element = etree.Element(f"{{{TEI_NS}}}{tag}", nsmap={None: TEI_NS})
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
    child = el(tag, text, **attrs)
    parent.append(child)
    return child


def append_text(parent: etree._Element, text: str) -> None:
    """Append character data after the last child of ``parent`` (or as its text)."""
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
