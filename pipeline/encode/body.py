"""The text: one ``text`` per language version, blocks with ids, explicit editorial marks."""

from __future__ import annotations

from lxml import etree

from ..model import (
    Block,
    Gap,
    Gloss,
    Inline,
    LineBreak,
    PageBreak,
    Sic,
    SourceDocument,
    Supplied,
    Text,
    Version,
)
from .tei import append_text, el, sub

_BLOCK_ELEMENT = {"head": "head", "p": "p", "opener": "opener", "closer": "closer",
                  "postscript": "postscript"}


def text_element(doc: SourceDocument) -> etree._Element:
    """``text/body/div`` for one version, ``text/group/text`` per version for several."""
    if len(doc.versions) == 1:
        version = doc.versions[0]
        text = el("text", xml_lang=version.lang, type=version.type)
        body = sub(text, "body")
        body.append(_div(version))
        return text
    text = el("text")
    group = sub(text, "group")
    base = _base_version(doc.versions)
    for version in doc.versions:
        translated = base is not None and version is not base and version.type == "translation"
        inner = sub(group, "text", xml_id=f"{version.lang}-text", xml_lang=version.lang,
                    type=version.type, corresp=f"#{base.lang}-text" if translated else None)
        sub(inner, "body").append(_div(version))
    return text


def _base_version(versions: tuple[Version, ...]) -> Version | None:
    """The original, or the transcription of the original, that translations render."""
    for wanted in ("original", "transcription"):
        for version in versions:
            if version.type == wanted:
                return version
    return None


def _div(version: Version) -> etree._Element:
    div = el("div", type="document")
    counters = {"p": 0, "fn": 0}
    for block in version.blocks:
        div.append(_block(block, version, counters))
    _no_text(div, version, counters)
    return div


# What a div must hold besides its opening and closing parts (TEI's model.common, as
# the encoder makes it); and its closing parts, which come last.
_PROSE = {"p", "list", "ab"}
_DIV_BOTTOM = {"closer", "postscript", "signed", "trailer"}


def _no_text(div: etree._Element, version: Version, counters: dict[str, int]) -> None:
    """A version whose source holds no running text (an export cut off after the
    heading, or only a label): a paragraph saying the text is missing, so that the
    document stays valid TEI and the reader sees that something is not there."""
    names = [etree.QName(child).localname for child in div]
    if _PROSE & set(names):
        return
    counters["p"] += 1
    missing = el("p", xml_id=f"{version.lang}-p{counters['p']}")
    missing.append(el("gap", reason="missing"))
    bottom = next((i for i, name in enumerate(names) if name in _DIV_BOTTOM), len(names))
    div.insert(bottom, missing)


def _block(block: Block, version: Version, counters: dict[str, int]) -> etree._Element:
    lang = version.lang
    if block.kind == "gap":
        gaps = [i for i in block.content if isinstance(i, Gap)]
        return _gap(gaps[0], lang)
    if block.kind == "note":
        counters["fn"] += 1
        element = el("note", type=block.type, xml_id=f"{lang}-fn{counters['fn']}")
    else:
        counters["p"] += 1
        element = el(_BLOCK_ELEMENT[block.kind], xml_id=f"{lang}-p{counters['p']}",
                     rend="heading" if block.type == "heading" else None, n=block.n)
    _inline(element, block.content, lang)
    _parts(element, block.children, lang)
    return element


_PART_ELEMENT = {"salute": "salute", "signed": "signed", "p": "p", "item": "item",
                 "closer": "closer", "list": "list"}


def _parts(parent: etree._Element, parts: tuple[Block, ...], lang: str) -> None:
    """The parts of an opener, closer, postscript or list, in order.

    In openers and closers each printed line stays a line: an ``lb`` separates parts.
    """
    lined = etree.QName(parent).localname in ("opener", "closer")
    for index, part in enumerate(parts):
        if lined and index:
            sub(parent, "lb")
        if part.kind == "line":
            _inline(parent, part.content, lang)
            continue
        if part.kind == "dateline":
            dateline = sub(parent, "dateline")
            element = sub(dateline, "date", when=part.when)
        else:
            element = sub(parent, _PART_ELEMENT[part.kind], type=part.type)
        _inline(element, part.content, lang)
        _parts(element, part.children, lang)


def _inline(parent: etree._Element, items: tuple[Inline, ...], lang: str) -> None:
    for item in items:
        if isinstance(item, Text):
            append_text(parent, item.text)
        elif isinstance(item, Supplied):
            sub(parent, "supplied", item.text, reason=item.reason)
        elif isinstance(item, Gap):
            parent.append(_gap(item, lang))
        elif isinstance(item, Sic):
            sub(parent, "sic", item.text)
        elif isinstance(item, Gloss):
            sub(parent, "gloss", item.text)
        elif isinstance(item, PageBreak):
            sub(parent, "pb")
        elif isinstance(item, LineBreak):
            sub(parent, "lb", **({"break": "no"} if item.in_word else {}))


def _gap(gap: Gap, lang: str) -> etree._Element:
    return el("gap", reason=gap.reason,
              quantity=str(gap.quantity) if gap.quantity is not None else None,
              unit=gap.unit, precision=gap.precision, rend=gap.printed,
              corresp=f"#damage-{lang}" if gap.reason == "lost" else None)
