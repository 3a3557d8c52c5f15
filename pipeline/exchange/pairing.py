"""Pairing the versions of imported texts for the parallel view.

Our own documents carry their alignment (``standOff/linkGrp``); other archives encode
translations in their own ways. Two are understood here:

- **CTS editions and translations** (Perseus, the CapiTainS guidelines):
  ``div[@type='edition'|'translation'][@n='urn:cts:…']`` holding ``div[@type='textpart']
  [@n]``. They may sit in one file or in separate files of the same work (the URN
  without its last, version part: ``urn:cts:latinLit:phi0474.phi012``). Text parts with
  the same citation (the ``@n`` of the part and of its enclosing parts) are paired.
- **``@corresp`` links** between the blocks (or divisions) of versions in one file
  (``text/group/text`` per language, or edition/translation divisions).

:func:`paired_view` builds, in memory, the document the stylesheets already know how
to show in parallel: one ``text`` per version in a ``group`` and a paragraph
``linkGrp``. The imported files themselves are never changed (DESIGN.md).

Example::

    companions = cts_companions(paths)          # {path: [paths of the same work]}
    view = paired_view(tree, [parse_xml(p) for p in companions[path]])
    html = Renderer().html(view or tree, doc_id, options)
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import deepcopy
from pathlib import Path

from lxml import etree

from ..encode.ids import prefix_ids
from ..errors import XMLInputError
from ..xmlio import TEI_NS, parse_xml

__all__ = ["cts_companions", "cts_work", "paired_view"]

T = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_VERSION_TYPES = ("edition", "translation")
# Elements whose children are the blocks of the parallel view (as ed:units in common.xsl).
_CONTAINERS = {f"{T}front", f"{T}body", f"{T}back", f"{T}div"}


def cts_work(tree: etree._ElementTree | etree._Element) -> str | None:
    """The CTS work URN of a file's edition or translation (``urn:cts:ns:group.work``)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    for div in root.iterfind(f".//{T}text//{T}div[@n]"):
        parts = div.get("n", "").split(":")
        if div.get("type") in _VERSION_TYPES and parts[:2] == ["urn", "cts"] and len(parts) > 3:
            work = parts[3].split(".")
            return f"urn:cts:{parts[2]}:{work[0]}.{work[1]}" if len(work) > 1 else None
    return None


def cts_companions(paths: Iterable[Path]) -> dict[Path, list[Path]]:
    """For each file that is a CTS edition or translation, the other files of its work.

    Files that cannot be read are left out (their own rendering reports them).
    """
    works: dict[str, list[Path]] = {}
    for path in paths:
        try:
            work = cts_work(parse_xml(path))
        except XMLInputError:
            continue
        if work:
            works.setdefault(work, []).append(path)
    return {p: [q for q in group if q != p] for group in works.values() if len(group) > 1 for p in group}


# --------------------------------------------------------------------------- versions

def _versions(root: etree._Element) -> list[etree._Element]:
    """The version containers of a document: its texts of a group, else its CTS
    edition/translation divisions, else its one text."""
    texts = [t for t in root.iterfind(f"{T}text//{T}text") if t.find(f"{T}group") is None]
    if len(texts) > 1:
        return texts
    divs = [d for d in root.iterfind(f"{T}text//{T}div")
            if d.get("type") in _VERSION_TYPES and d.getparent().tag != f"{T}div"]
    if divs:
        return divs
    return [t for t in root.iterfind(f"{T}text")]


def _lang(element: etree._Element) -> str:
    """The nearest xml:lang (``und`` when none), as the stylesheets' ed:lang."""
    return next((e.get(XML_LANG) for e in (element, *element.iterancestors()) if e.get(XML_LANG)), "und")


def _units(version: etree._Element) -> list[etree._Element]:
    """The blocks of a version, in order (children other than div of body/front/back/div)."""
    return [node for node in version.iterdescendants(etree.Element)
            if node.tag != f"{T}div" and node.getparent().tag in _CONTAINERS]


def _inside(node: etree._Element, ancestor: etree._Element) -> bool:
    return any(a is ancestor for a in node.iterancestors())


def _citation(node: etree._Element, version: etree._Element) -> tuple[str, ...] | None:
    """The citation of a block: the ``@n`` of its enclosing text parts inside the version."""
    parts = [a.get("n") for a in node.iterancestors(f"{T}div")
             if _inside(a, version) and a.get("type") == "textpart" and a.get("n")]
    return tuple(reversed(parts)) or None


# --------------------------------------------------------------------------- links

def _groups(versions: list[etree._Element]) -> list[list[etree._Element]]:
    """Blocks that belong together, by CTS citation or by ``@corresp``, in reading order."""
    units = [_units(v) for v in versions]
    by_citation: dict[tuple[str, ...], list[etree._Element]] = {}
    for version, blocks in zip(versions, units, strict=True):
        for block in blocks:
            cited = _citation(block, version)
            if cited:
                by_citation.setdefault(cited, []).append(block)
    groups = [g for g in by_citation.values() if _spans(g, versions)]
    if groups:
        return groups
    return _corresp_groups(versions, units)


def _spans(group: list[etree._Element], versions: list[etree._Element]) -> bool:
    """Whether a group has blocks in at least two versions."""
    return len({i for i, v in enumerate(versions) for b in group if b is v or _inside(b, v)}) > 1


def _corresp_groups(versions, units) -> list[list[etree._Element]]:
    ids = {n.get(XML_ID): n for v in versions for n in v.iter(etree.Element) if n.get(XML_ID)}
    unit_set = {id(u): u for blocks in units for u in blocks}
    groups: list[list[etree._Element]] = []
    for blocks in units:
        for block in blocks:
            targets = [ids.get(t[1:]) for t in (block.get("corresp") or "").split() if t.startswith("#")]
            members = [block]
            for target in (t for t in targets if t is not None):
                members += [target] if id(target) in unit_set else [
                    u for u in target.iter(etree.Element) if id(u) in unit_set]
            if len(members) > 1 and _spans(members, versions):
                groups.append(members)
    return groups


# --------------------------------------------------------------------------- the view

def paired_view(tree: etree._ElementTree,
                companions: Iterable[etree._ElementTree] = ()) -> etree._Element | None:
    """The document with its versions (and those of its companion files) side by side.

    Args:
        tree: the imported document to render.
        companions: other files of the same work (e.g. its CTS translations).

    Returns:
        A new ``TEI`` element: the document's header, one ``text`` per version inside
        ``text/group`` (the document's own first), and a paragraph ``linkGrp`` pairing
        their blocks; or None when there is nothing to pair (one version, or no block
        of one version corresponds to a block of another).
    """
    root = tree.getroot()
    if root.tag != f"{T}TEI" or root.find(f"{T}standOff/{T}linkGrp[@subtype='paragraph']") is not None:
        return None
    sources = [root, *(c.getroot() for c in companions if c.getroot().tag == f"{T}TEI")]
    versions = [v for s in sources for v in _versions(s)]
    if len(versions) < 2 or len({_lang(v) for v in versions}) < 2 or not _groups(versions):
        return None  # found on the documents themselves: most have nothing to pair, so no copies
    copies = [deepcopy(s) for s in sources]  # not a re-parse, which refuses duplicate ids
    versions = [v for c in copies for v in _versions(c)]
    return _assemble(copies[0], versions, _groups(versions))


def _assemble(main: etree._Element, versions, groups) -> etree._Element:
    view = etree.Element(f"{T}TEI", nsmap={None: TEI_NS})
    header = main.find(f"{T}teiHeader")
    if header is not None:
        view.append(header)
    group = etree.SubElement(etree.SubElement(view, f"{T}text"), f"{T}group")
    prefix: dict[int, str] = {}  # block → the prefix of its version's ids
    for k, version in enumerate(versions, start=1):
        for n, block in enumerate(_units(version), start=1):
            if block.get(XML_ID) is None:
                block.set(XML_ID, f"_u{n}")  # so that a link can name it
            prefix[id(block)] = f"v{k}"
        text = _as_text(version, f"v{k}")
        text.set(XML_ID, f"v{k}-text")
        text.set("type", "original" if k == 1 else "translation")
        if k > 1:
            text.set("corresp", "#v1-text")
        group.append(text)
    links = etree.SubElement(etree.SubElement(view, f"{T}standOff"), f"{T}linkGrp",
                             type="alignment", subtype="paragraph")
    for members in groups:
        ordered = sorted(members, key=lambda m: prefix[id(m)])
        etree.SubElement(links, f"{T}link",
                         target=" ".join(f"#{prefix[id(m)]}.{m.get(XML_ID)}" for m in ordered))
    return view


def _as_text(version: etree._Element, prefix: str) -> etree._Element:
    """A ``text`` holding a copy of the version, its ids and local pointers prefixed."""
    lang = _lang(version)
    copy = prefix_ids(version, prefix)
    if copy.tag == f"{T}text":
        copy.set(XML_LANG, lang)
        return copy
    text = etree.Element(f"{T}text")
    text.set(XML_LANG, lang)
    etree.SubElement(text, f"{T}body").append(copy)
    return text
