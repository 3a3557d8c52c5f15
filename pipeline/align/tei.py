"""Alignment in TEI: sentences as ``s`` inside blocks, links in ``standOff``.

``align_tree`` segments every version's blocks into sentences, aligns each version with
the base version (the original, or its transcription) at paragraph level and then at
sentence level inside each paragraph bead, and writes one ``linkGrp type="alignment"``
per level. Versions are tied together through the base version, so a three-way bead is
the union of the pairwise beads that share a base unit (a consistent result). Links
whose ``@resp`` is not one of the pipeline's aligners are an editor's: they are kept, and
the units they cover are not aligned again.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass

from lxml import etree

from .. import __version__
from ..validate.rules import ALIGNABLE
from ..xmlio import TEI_NS, XML_NS
from .dp import align
from .segment import sentence_spans

NS = {"tei": TEI_NS}
T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
PIPELINE_RESP = ("#aligner-length", "#aligner-embedding")
BLOCKS = ALIGNABLE  # the blocks paragraph links join (the alignment-cover rule counts the same)
SEGMENTED = ("head", "p", "ab")  # blocks whose text is split into sentences
# Elements whose text is not part of the running sentence text.
_NO_TEXT = {"note"}


@dataclass(frozen=True)
class Version:
    lang: str
    element: etree._Element


def versions(tree: etree._ElementTree) -> list[Version]:
    """The language versions of a document (group/text with @xml:lang and a body)."""
    texts = tree.xpath("/tei:TEI/tei:text/tei:group/tei:text[tei:body][@xml:lang]", namespaces=NS)
    return [Version(t.get(XML_LANG), t) for t in texts]


def base_version(found: list[Version]) -> Version:
    """The version the others translate: original, else transcription, else the one the
    others' @corresp names, else the first."""
    for wanted in ("original", "transcription"):
        for version in found:
            if version.element.get("type") == wanted:
                return version
    named = {v.element.get("corresp", "").lstrip("#") for v in found}
    for version in found:
        if version.element.get(XML_ID) in named:
            return version
    return found[0]


# --------------------------------------------------------------------------- sentences

def segment(tree: etree._ElementTree) -> int:
    """Wrap the sentences of every block of every version in ``s``; returns how many
    blocks were segmented (blocks already holding ``s`` are left as they are)."""
    count = 0
    for version in versions(tree) or _single(tree):
        for block in _blocks(version.element, SEGMENTED):
            if block.find(f"{T}s") is None:
                text = _plain(block)
                if text.strip():
                    _wrap_sentences(block, version.lang, text)
                    count += 1
    return count


def _single(tree: etree._ElementTree) -> list[Version]:
    text = tree.xpath("/tei:TEI/tei:text[tei:body]", namespaces=NS)
    return [Version(text[0].get(XML_LANG) or "und", text[0])] if text else []


def _blocks(text: etree._Element, names: tuple[str, ...]) -> list[etree._Element]:
    """The blocks of these names with an xml:id standing in a div of the text's body, in
    document order (as ``tei:body//tei:div/*[self::…][@xml:id]`` finds them, without
    an XPath's per-node tests)."""
    div = f"{T}div"
    return [e for body in text.iterchildren(f"{T}body") for e in body.iter(*(T + n for n in names))
            if e.getparent().tag == div and e.get(XML_ID) is not None]


_SENTENCES = etree.XPath(".//tei:s[@xml:id]", namespaces=NS)


def _plain(element: etree._Element) -> str:
    """The running text of an element (notes left out; ``lb break="no"`` joins)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(_atom_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _atom_text(child: etree._Element) -> str:
    if child.tag.rpartition("}")[2] in _NO_TEXT:  # (its local name, without a QName object)
        return ""
    return "".join(child.itertext())


def _wrap_sentences(block: etree._Element, lang: str, text: str) -> None:
    """Replace the block's content by ``s`` elements holding the same nodes (``text``:
    the block's :func:`_plain` text)."""
    atoms: list[tuple[int, object]] = []  # (offset, str | element) in order
    offset = 0

    def add_text(text: str) -> None:
        nonlocal offset
        if text:
            atoms.append((offset, text))
            offset += len(text)

    add_text(block.text or "")
    for child in list(block):
        tail = child.tail
        child.tail = None
        atoms.append((offset, child))
        offset += len(_atom_text(child)) if isinstance(child.tag, str) else 0
        add_text(tail or "")
    spans = sentence_spans(text, lang)
    spans[-1] = (spans[-1][0], max(spans[-1][1], offset))  # nothing may fall outside
    block.text = None
    for child in list(block):
        block.remove(child)
    block_id = block.get(XML_ID)
    sentences: list[etree._Element] = []
    for number, (start, end) in enumerate(spans, 1):
        s = etree.SubElement(block, f"{T}s", {XML_ID: f"{block_id}-s{number}"})
        sentences.append(s)
        last = number == len(spans)
        for atom_start, atom in atoms:
            if atom_start >= end and not last:
                break  # (the atoms are in order: this one and the rest are the next sentences')
            if isinstance(atom, str):
                piece = atom[max(0, start - atom_start):max(0, end - atom_start)]
                if piece:
                    _append_text(s, piece)
            elif start <= atom_start < end or (atom_start == end == len(text) and last):
                s.append(atom)
    # white space between sentences stands between the s elements
    for s in sentences:
        _move_trailing_space(s)
    for s in sentences:
        if not len(s) and not (s.text or "").strip():
            block.remove(s)


def _append_text(parent: etree._Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _move_trailing_space(s: etree._Element) -> None:
    if len(s):
        last = s[-1]
        stripped = (last.tail or "").rstrip()
        space = (last.tail or "")[len(stripped):]
        last.tail = stripped or None
    else:
        stripped = (s.text or "").rstrip()
        space = (s.text or "")[len(stripped):]
        s.text = stripped
    if space:
        s.tail = space + (s.tail or "")


# --------------------------------------------------------------------------- links

def align_tree(tree: etree._ElementTree, scorer,
               previous: etree._ElementTree | None = None) -> etree._ElementTree:
    """A copy of ``tree`` with sentences segmented and alignment links written.

    Args:
        tree: a TEI document with two or more language versions.
        scorer: an aligner scorer (:mod:`pipeline.align.scorers`).
        previous: the same document as aligned before (the TEI file a new ingest
            replaces): when its versions hold the same blocks and sentences, with the
            same ids and texts, and this scorer made its links, they are taken over as
            they are instead of aligning again (the result would be the same).
    """
    tree = copy.deepcopy(tree)
    found = versions(tree)
    if len(found) < 2:
        return tree
    segment(tree)
    if previous is not None and _reuse_links(previous, tree, f"#aligner-{scorer.name}"):
        _declare(tree, scorer.name)
        return tree
    base = base_version(found)
    others = [v for v in found if v is not base]
    kept = _editor_links(tree)
    resp = f"#aligner-{scorer.name}"
    blocks = {v.lang: _blocks(v.element, BLOCKS) for v in found}
    paragraph_units = {lang: [b.get(XML_ID) for b in found_blocks] for lang, found_blocks in blocks.items()}
    texts = {b.get(XML_ID): _plain(b) for found_blocks in blocks.values() for b in found_blocks}
    covered = {i for link in kept["paragraph"] for i in _targets(link)}
    p_beads = _align_level(paragraph_units, texts, base.lang, [v.lang for v in others], scorer, covered)
    s_links = []
    s_covered = {i for link in kept["sentence"] for i in _targets(link)}
    by_id = {e.get(XML_ID): e for e in tree.iter() if isinstance(e.tag, str) and e.get(XML_ID)}
    for bead in p_beads:
        units = {lang: [s.get(XML_ID) for pid in ids for s in _sentences(by_id[pid])]
                 for lang, ids in bead.units.items()}
        s_texts = {sid: _plain(by_id[sid]) for ids in units.values() for sid in ids}
        if all(units.get(v.lang) for v in found if v.lang in bead.units) and len(units) > 1:
            s_links += _align_level(units, s_texts, base.lang, [v.lang for v in others if v.lang in units],
                                    scorer, s_covered)
    _write(tree, {"paragraph": p_beads, "sentence": s_links}, kept, resp, [v.lang for v in found])
    _declare(tree, scorer.name)
    return tree


def _units(tree: etree._ElementTree) -> list[tuple[str | None, list]]:
    """Each version's language with its blocks' and sentences' ids and texts."""
    return [(v.lang, [(b.get(XML_ID), _plain(b), [(s.get(XML_ID), _plain(s)) for s in _sentences(b)])
                      for b in _blocks(v.element, BLOCKS)])
            for v in versions(tree)]


def _reuse_links(previous: etree._ElementTree, tree: etree._ElementTree, resp: str) -> bool:
    """Copy ``previous``'s alignment links into ``tree`` when its units are the same and
    ``resp`` made them; whether it did."""
    groups = previous.xpath("//tei:standOff/tei:linkGrp[@type='alignment']", namespaces=NS)
    made_by = {link.get("resp") for g in groups for link in g.xpath("tei:link", namespaces=NS)}
    if not groups or not made_by & {resp} or made_by & set(PIPELINE_RESP) - {resp}:
        return False
    if _units(previous) != _units(tree):
        return False
    root = tree.getroot()
    stand_off = root.find(f"{T}standOff")
    if stand_off is None:
        stand_off = etree.SubElement(root, f"{T}standOff")
    for group in stand_off.xpath("tei:linkGrp[@type='alignment']", namespaces=NS):
        stand_off.remove(group)
    for group in groups:
        stand_off.append(copy.deepcopy(group))
    return True


@dataclass
class _Bead:
    units: dict[str, list[str]]  # lang → unit ids
    prob: float


def _align_level(units: dict[str, list[str]], texts: dict[str, str], base: str, others: list[str],
                 scorer, covered: set[str]) -> list[_Bead]:
    """Align each other version with the base; join pairwise beads that share base units."""
    base_ids = [u for u in units.get(base, []) if u not in covered]
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a, b):
        parent[find(a)] = find(b)

    probs: dict[str, float] = {}
    for lang in others:
        other_ids = [u for u in units.get(lang, []) if u not in covered]
        if not base_ids or not other_ids:
            continue
        costs = scorer.prepare([texts[u] for u in base_ids], [texts[u] for u in other_ids], base, lang)
        for bead in align(costs, len(base_ids), len(other_ids)):
            members = [base_ids[i] for i in bead.src] + [other_ids[j] for j in bead.tgt]
            if not bead.src or not bead.tgt:
                continue
            for member in members[1:]:
                union(members[0], member)
            for member in members:
                probs[member] = min(probs.get(member, 1.0), bead.prob)
    groups: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    order = {u: k for k, u in enumerate(u for lang in [base, *others] for u in units.get(lang, []))}
    lang_of = {u: lang for lang, ids in units.items() for u in ids}
    for unit in sorted(parent, key=order.get):
        groups[find(unit)][lang_of[unit]].append(unit)
    beads = [_Bead(dict(g), min(probs.get(u, 1.0) for ids in g.values() for u in ids))
             for g in groups.values() if len(g) > 1]
    beads.sort(key=lambda b: order[b.units[base][0]] if base in b.units else 0)
    return beads


def _sentences(block: etree._Element) -> list[etree._Element]:
    """The sentences of a block; an opener, closer or postscript stands as one unit."""
    found = _SENTENCES(block)
    return found or ([block] if etree.QName(block).localname not in SEGMENTED else [])


def _targets(link: etree._Element) -> list[str]:
    return [t[1:] for t in (link.get("target") or "").split() if t.startswith("#")]


def _editor_links(tree: etree._ElementTree) -> dict[str, list[etree._Element]]:
    """Links an editor made or corrected (any @resp that is not the pipeline's)."""
    kept: dict[str, list[etree._Element]] = {"paragraph": [], "sentence": []}
    for group in tree.xpath("//tei:standOff/tei:linkGrp[@type='alignment']", namespaces=NS):
        level = group.get("subtype") or "paragraph"
        for link in group.xpath("tei:link", namespaces=NS):
            if link.get("resp") not in PIPELINE_RESP and level in kept:
                kept[level].append(copy.deepcopy(link))
    return kept


def _write(tree, levels: dict[str, list[_Bead]], kept, resp: str, langs: list[str]) -> None:
    root = tree.getroot()
    for old in root.findall(f"{T}standOff"):
        for group in old.xpath("tei:linkGrp[@type='alignment']", namespaces=NS):
            old.remove(group)
        if not len(old):
            root.remove(old)
    stand_off = root.find(f"{T}standOff")
    if stand_off is None:
        stand_off = etree.SubElement(root, f"{T}standOff")
    for level in ("paragraph", "sentence"):
        links = []
        for bead in levels[level]:
            ids = [u for lang in langs for u in bead.units.get(lang, [])]
            links.append(etree.Element(f"{T}link", target=" ".join(f"#{u}" for u in ids),
                                       cert=f"{bead.prob:.3f}", resp=resp))
        links += kept[level]
        if links:
            group = etree.SubElement(stand_off, f"{T}linkGrp", type="alignment", subtype=level)
            group.extend(links)
    if not len(stand_off):
        root.remove(stand_off)


def _declare(tree: etree._ElementTree, name: str) -> None:
    """appInfo/application for the aligner; editorialDecl/segmentation for sentences."""
    header = tree.getroot().find(f"{T}teiHeader")
    encoding = header.find(f"{T}encodingDesc")
    if encoding is None:
        encoding = etree.Element(f"{T}encodingDesc")
        header.find(f"{T}fileDesc").addnext(encoding)
    if not tree.xpath(f"//tei:application[@xml:id='aligner-{name}']", namespaces=NS):
        app_info = encoding.find(f"{T}appInfo")
        if app_info is None:
            app_info = etree.SubElement(encoding, f"{T}appInfo")
        app = etree.SubElement(app_info, f"{T}application",
                               {XML_ID: f"aligner-{name}", "ident": f"tei-edition-aligner-{name}",
                                "version": __version__})
        label = etree.SubElement(app, f"{T}label")
        label.text = {"embedding": "tei-edition sentence aligner, USE-multilingual v3 embeddings",
                      "length": "tei-edition sentence aligner, Gale-Church sentence lengths"}[name]
    editorial = encoding.find(f"{T}editorialDecl")
    if editorial is not None and editorial.find(f"{T}segmentation") is None:
        seg = etree.SubElement(editorial, f"{T}segmentation")
        p = etree.SubElement(seg, f"{T}p")
        p.text = ("Headings and paragraphs of each language version are divided into sentences "
                  "(s) by ICU's sentence rules with corrections for abbreviations and initials; "
                  "alignment links in standOff join paragraphs and sentences across versions.")
