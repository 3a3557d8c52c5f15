"""The letter and memo parts of a version's body, as FRUS encodes them.

Readers give a flat list of blocks (headings, paragraphs, notes, gaps). This module
finds the parts a diplomatic document has around its text:

- the **opener**: short lines above the first heading (a diary heading, classification
  and copy lines, a date → ``dateline``), a classification line standing first, and an
  addressee line ending in a colon (``[To] Embassies Abroad …:`` → ``salute``);
- the **closer**: the signer's role lines, the signature (``/s/ (Roshchin)``,
  ``Н. Роцин``) → ``signed``, a date → ``dateline``;
- the **postscript**: a distribution list after the signature (``3 copies.``,
  ``1--Cde. Gromyko, A.A.`` …) → ``list type="distribution"``;
- **archival notes**: an archive reference standing last (``… 0100 全宗， 43 目 …``) is
  apparatus, not text → ``note type="archival"``;
- **numbered points**: ``(1) …`` / ``1. …`` paragraphs carry their number as ``n``.
"""

from __future__ import annotations

import re

from ..model import Block, Inline, LineBreak, Text
from .fields import find_dmy_date, parse_date

_CLASSIFICATION_LINE = re.compile(
    r"^(Top Secret|Strictly confidential|Secret|Confidential)\b[\w .,:;№-]{0,40}$", re.I)
_COPIES = re.compile(r"^\d+\s+(copies|copy|экз\.?|экземпляр\w*)\b", re.I)
_ITEM = re.compile(r"^\d+\s*(--|-|–|—|\.|\))\s*\S")
_NUMBERED = re.compile(r"^\(?(\d{1,3})[.)]\s")
_ARCHIVAL_WORDS = re.compile(
    r"全宗|目录|卷盒|案卷|\b(?:f|op|d|ф|оп|д)\. ?\d")
_SENTENCE_END = re.compile(r"[.!?。！？]$")
_ZONE_MAX_BLOCKS = 12
_SHORT_LINE = 100
_SHORT_BLOCK = 200


def structure(blocks: list[Block]) -> list[Block]:
    """The blocks with opener, closer, postscript, archival notes and numbers found."""
    return _numbered(_back(_front(blocks)))


# --------------------------------------------------------------------------- lines

def lines_of(content: tuple[Inline, ...]) -> list[tuple[Inline, ...]]:
    """Inline content split at printed line breaks (not at breaks inside a word)."""
    lines: list[list[Inline]] = [[]]
    for item in content:
        if isinstance(item, LineBreak) and not item.in_word:
            lines.append([])
        else:
            lines[-1].append(item)
    return [tuple(line) for line in lines if line]


def _text(items: tuple[Inline, ...]) -> str:
    return Block(kind="line", content=items).plain()


def date_of_line(text: str) -> str | None:
    """ISO date when a line is nothing but a date ("18 January 1952", "May 29, 1962")."""
    text = text.strip().rstrip(".")
    iso = parse_date(text)
    if iso:
        return iso
    found = find_dmy_date(text)
    return found[1] if found and found[0] == text else None


def _part(items: tuple[Inline, ...], default: str = "line") -> Block:
    when = date_of_line(_text(items))
    return Block(kind="dateline", content=items, when=when) if when else Block(kind=default, content=items)


# --------------------------------------------------------------------------- front

_FRONT = ("head", "opener", "gap", "note")


def _front(blocks: list[Block]) -> list[Block]:
    """Opener lines above the first heading; addressee and classification lines; a
    heading after the text has begun becomes a paragraph set as a heading."""
    first_head = next((i for i, b in enumerate(blocks) if b.kind == "head"), None)
    out: list[Block] = []
    started = False
    for index, block in enumerate(blocks):
        text = block.plain()
        if block.kind == "p" and not started and (
                (first_head and index < first_head and len(text) < _SHORT_BLOCK)
                or _CLASSIFICATION_LINE.match(text)):
            block = Block(kind="opener", children=tuple(_part(line) for line in lines_of(block.content)))
        elif block.kind == "p" and not started and _is_addressee(text):
            block = Block(kind="opener", children=(Block(kind="salute", content=block.content),))
        elif block.kind == "head" and started:
            block = Block(kind="p", content=block.content, type="heading")
        started = started or block.kind not in _FRONT
        out.append(block)
    return out


def _is_addressee(text: str) -> bool:
    """``To the Party Committee …:`` or ``Dear Comrade Ambassador,`` — a short line that
    names whom the text is for."""
    return (text.endswith((":", ",")) and len(text) < _SHORT_BLOCK
            and bool(re.match(r"^(To|Dear|Кому|Уважаем\w*|Дорог\w*|致|尊敬的)\b", text)))


# --------------------------------------------------------------------------- back

def _back(blocks: list[Block]) -> list[Block]:
    """Closer, postscript and archival notes at the end of the text."""
    end = len(blocks)
    tail: list[Block] = []
    while end and (blocks[end - 1].kind in ("gap", "note") or _is_archival(blocks[end - 1])):
        block = blocks[end - 1]
        if block.kind == "p":
            block = Block(kind="note", content=block.content, type="archival")
        tail.insert(0, block)
        end -= 1
    start = end
    while start > 0 and end - start < _ZONE_MAX_BLOCKS and _closing(blocks[start - 1]):
        start -= 1
    if start in (end, 0):
        return blocks[:end] + tail
    return blocks[:start] + _closing_parts(blocks[start:end]) + tail


def _is_archival(block: Block) -> bool:
    text = block.plain()
    return block.kind == "p" and len(text) < _SHORT_BLOCK and len(_ARCHIVAL_WORDS.findall(text)) >= 2


def _closing(block: Block) -> bool:
    """Could this block belong to the signature or distribution zone?"""
    if block.kind != "p":
        return False
    lines = [_text(line) for line in lines_of(block.content)]
    if not lines or any(len(line) > _SHORT_LINE for line in lines) or len(block.plain()) > _SHORT_BLOCK:
        return False
    last = lines[-1]
    return not _SENTENCE_END.search(last) or bool(_COPIES.match(last) or _ITEM.match(last))


def _closing_parts(zone: list[Block]) -> list[Block]:
    """Split the zone into a closer (role lines, signature, date) and a postscript
    (a distribution list and what follows it)."""
    split = next((i for i, b in enumerate(zone) if _COPIES.match(b.plain()) or _ITEM.match(b.plain())),
                 len(zone))
    out = []
    lines = [line for block in zone[:split] for line in lines_of(block.content)]
    if lines:
        out.append(_closer(lines))
    if split < len(zone):
        out.append(_postscript(zone[split:]))
    return out


def _closer(lines: list[tuple[Inline, ...]]) -> Block:
    parts = [_part(line) for line in lines]
    parts = [Block(kind="salute", content=p.content) if p.kind == "line" and _text(p.content).endswith(",")
             else p for p in parts]
    signer = max((i for i, p in enumerate(parts) if p.kind == "line"), default=None)
    if signer is not None:
        parts[signer] = Block(kind="signed", content=parts[signer].content)
    return Block(kind="closer", children=tuple(parts))


def _postscript(zone: list[Block]) -> Block:
    children: list[Block] = []
    items: list[Block] = []
    for block in zone:
        text = block.plain()
        if _ITEM.match(text):
            items.append(Block(kind="item", content=block.content))
            continue
        if items:
            children.append(Block(kind="list", type="distribution", children=tuple(items)))
            items = []
        when = date_of_line(text)
        if when:
            children.append(Block(kind="closer", children=(Block(kind="dateline", content=block.content,
                                                                 when=when),)))
        else:
            children.append(Block(kind="p", content=block.content))
    if items:
        children.append(Block(kind="list", type="distribution", children=tuple(items)))
    # Only the last part can close the postscript: a date with more after it is a line.
    children = [Block(kind="p", content=c.children[0].content) if c.kind == "closer" else c
                for c in children[:-1]] + children[-1:]
    return Block(kind="postscript", children=tuple(children))


# --------------------------------------------------------------------------- numbers

def _numbered(blocks: list[Block]) -> list[Block]:
    out = []
    for block in blocks:
        first = block.content[0] if block.content else None
        match = _NUMBERED.match(first.text) if block.kind == "p" and isinstance(first, Text) else None
        if match:
            block = Block(kind="p", content=block.content, type=block.type, n=match.group(1))
        out.append(block)
    return out
