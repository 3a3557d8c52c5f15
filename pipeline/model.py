"""The data that crosses stage boundaries.

``SourceText`` (what a reader gets) → ``SourceDocument`` (the pipeline's own model of an
archival document, independent of TEI and of the export shape) → ``Edition`` (a TEI tree
with its id and provenance). All are frozen: a stage returns a new value, never edits
the one it was given.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from lxml import etree

# --------------------------------------------------------------------------- source


@dataclass(frozen=True)
class SourceText:
    """A source file's text, decoded, with where it came from.

    Attributes:
        name: the file as the user named it (used in messages).
        text: the decoded text, newlines normalised to ``\\n``.
        sha256: hash of the raw bytes, to tell a changed source from an unchanged one.
        encoding: the encoding the bytes were decoded from.
        repairs: what decoding repaired (mojibake), in words, for the header and report.
    """

    name: str
    text: str
    sha256: str
    encoding: str = "utf-8"
    repairs: tuple[str, ...] = ()

    @classmethod
    def from_bytes(cls, name: str, data: bytes, text: str, *, encoding: str = "utf-8",
                   repairs: tuple[str, ...] = ()) -> SourceText:
        return cls(name=name, text=text, sha256=hashlib.sha256(data).hexdigest(),
                   encoding=encoding, repairs=repairs)


# --------------------------------------------------------------------------- inline marks


@dataclass(frozen=True)
class Text:
    """Running text."""

    text: str


@dataclass(frozen=True)
class Supplied:
    """Words an editor or translator added, printed in square brackets: ``[his]``."""

    text: str
    reason: str = "clarification"


@dataclass(frozen=True)
class Gap:
    """Text not given: omitted by the editor (``[...]``) or lost (damage)."""

    reason: str  # "omitted" | "lost"
    quantity: int | None = None
    unit: str | None = None  # "chars" when quantity counts characters
    precision: str | None = None  # "low" when quantity is an estimate
    printed: str | None = None  # how the source printed an omission: "[...]" or "[…]"


@dataclass(frozen=True)
class Sic:
    """Text reproduced as found, flagged ``[sic]`` in the source."""

    text: str


@dataclass(frozen=True)
class Gloss:
    """An explanation of the preceding term given in brackets: ``Wulumuqi [Urumqi]``."""

    text: str


@dataclass(frozen=True)
class PageBreak:
    """A page boundary of the original (``//`` in transcriptions).

    ``in_word`` is true when the break splits a word (``Ки // тая``): the text after it
    continues the word.
    """

    in_word: bool = False


@dataclass(frozen=True)
class LineBreak:
    """A line break the source keeps inside a block (address lines, openers).

    ``in_word`` is true when the break falls inside a word whose halves the source
    printed apart (``Ки тая`` for Китая): the word reads joined.
    """

    in_word: bool = False


Inline = Text | Supplied | Gap | Sic | Gloss | PageBreak | LineBreak

# --------------------------------------------------------------------------- blocks

# Blocks that stand in a version's body, and the parts of composite blocks.
BLOCK_KINDS = ("head", "p", "opener", "closer", "note", "postscript", "gap")
PART_KINDS = ("line", "dateline", "salute", "signed", "p", "list", "item", "closer")


@dataclass(frozen=True)
class Block:
    """One block of a version's body, or one part of a composite block.

    Attributes:
        kind: one of ``BLOCK_KINDS`` (in a body) or ``PART_KINDS`` (in ``children``).
        content: inline content; a ``LineBreak`` separates printed lines.
        type: a finer role (notes: ``source``, ``archival``; lists: ``distribution``;
            a paragraph set as a heading: ``heading``), or None.
        children: the parts of an opener, closer, postscript or list, in order.
        n: the number the source prints for a numbered paragraph ("1", "(1)" → "1").
        when: ISO date of a dateline.
    """

    kind: str
    content: tuple[Inline, ...] = ()
    type: str | None = None
    children: tuple[Block, ...] = ()
    n: str | None = None
    when: str | None = None

    def plain(self) -> str:
        """The block's words with marks reduced to their text (for checks and ids)."""
        out = []
        for item in self.content:
            if isinstance(item, (Text, Supplied, Sic)):
                out.append(item.text)
            elif isinstance(item, Gloss):
                out.append(f" {item.text}")
            elif isinstance(item, LineBreak) and not item.in_word:
                out.append(" ")
        out.extend(f" {child.plain()}" for child in self.children)
        return "".join(out).strip()


@dataclass(frozen=True)
class Version:
    """One language version of the document (a translation, a transcription …).

    Attributes:
        lang: BCP 47 tag as written in the TEI (``en``, ``ru``, ``zh-Hans``).
        type: ``original`` | ``transcription`` | ``translation``, or None when unknown.
        label: how the source names the version ("Translation - English"), or None.
        blocks: the body, in order.
        damaged: True when characters were lost in this version's text.
    """

    lang: str
    type: str | None
    label: str | None
    blocks: tuple[Block, ...]
    damaged: bool = False

    def lost_places(self) -> int:
        """How many places of this version lost characters (``Gap`` with reason lost)."""
        def count(block: Block) -> int:
            own = sum(1 for i in block.content if isinstance(i, Gap) and i.reason == "lost")
            return own + sum(count(child) for child in block.children)
        return sum(count(block) for block in self.blocks)


# --------------------------------------------------------------------------- metadata


@dataclass(frozen=True)
class Responsibility:
    """A person or body and what they did ("translated by", "obtained by")."""

    role: str  # "translator" | "obtainer" | "transcriber"
    name: str


@dataclass(frozen=True)
class Shelfmark:
    """Where the original is kept, as printed, with its parts where they could be parsed."""

    repository: str | None
    idno: str | None
    settlement: str | None = None
    parts: tuple[tuple[str, str], ...] = ()  # ("fond", "f. 0100"), ("opis", "op. 43") …


@dataclass(frozen=True)
class Language:
    """A language named in the source, with its BCP 47 tag where known."""

    name: str
    ident: str | None


@dataclass(frozen=True)
class Metadata:
    """What the source says about the document. Absent fields are None or empty."""

    title: str
    date: str | None = None  # ISO 8601: the date the archive gives the document
    date_text: str | None = None  # the date as printed
    event_date: str | None = None  # ISO: another date the title names
    event_date_text: str | None = None
    citation: str | None = None
    record_id: str | None = None
    record_url: str | None = None
    uploaded: str | None = None
    summary: str | None = None
    rights: str | None = None
    source_note: str | None = None  # the "Source" line of newer exports
    responsibilities: tuple[Responsibility, ...] = ()
    funders: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()  # credit lines as printed ("This document was made possible …")
    original_language: Language | None = None
    shelfmark: Shelfmark | None = None
    classification: str | None = None
    document_type: str | None = None  # "memorandum of conversation", "cable", "note" …
    author: str | None = None
    other_fields: tuple[tuple[str, str], ...] = ()  # labelled fields the pipeline has no place for


@dataclass(frozen=True)
class SourceDocument:
    """The pipeline's model of one archival document.

    Attributes:
        metadata: header facts.
        versions: the language versions in source order.
        source: the text it was read from.
        shape: the name of the reader that recognised it.
        warnings: what the reader noticed and the editor should know.
        dropped: lines the reader removed as web chrome (reported, never in the TEI).
        labels: the export's field labels ("Citation:"), layout rather than text.
        body_text: the source's body as printed (for the round-trip check).
    """

    metadata: Metadata
    versions: tuple[Version, ...]
    source: SourceText
    shape: str
    warnings: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    body_text: str = ""


# --------------------------------------------------------------------------- TEI


@dataclass(frozen=True)
class Edition:
    """A TEI document with its edition id and where it came from.

    ``tree`` is an lxml element tree; treat it as read-only once built.
    """

    id: str
    tree: etree._ElementTree
    source_name: str | None = None
    warnings: tuple[str, ...] = field(default=())
