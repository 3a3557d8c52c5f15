"""Stable document ids and the ids of blocks inside a document."""

from __future__ import annotations

import re
import unicodedata

from ..model import Metadata

_SLUG_MAX = 40


def document_id(meta: Metadata) -> str:
    """``wilson-<record id>`` when the source shows one, else ``doc-<date>-<slug>``."""
    if meta.record_id:
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


def ncname(text: str) -> str:
    """``text`` made a valid XML NCName (for ids taken from file names)."""
    name = re.sub(r"[^\w.-]", "-", text, flags=re.ASCII)
    return name if re.match(r"[A-Za-z_]", name) else f"d-{name}"
