"""Limits on what one input may be: its size and how deeply its elements nest.

An edition's inputs come from anywhere; a file of several gigabytes or a hostile file
nested a hundred thousand levels deep must cost one clear error for that file, not the
machine's memory or the whole build. The limits come from ``[limits]`` in
``edition.toml`` (``max_size``, ``max_depth``) or the command line's ``--max-size`` and
``--max-depth``.

The XML parser refuses nesting deeper than :data:`PARSER_DEPTH` on its own (lxml's
safe mode: deeper trees need libxml2's "huge" mode, which also lifts its guards
against entity bombs, so it is never used); a lower ``max_depth`` is checked after
parsing.

Example::

    tree = parse_within(path, "tei/x.xml", config.limits.max_size, config.limits.max_depth)
    check_size(path, "tei/x.xml", config.limits.max_size)   # or each check alone
    check_depth(tree, "tei/x.xml", config.limits.max_depth)
"""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from .errors import XMLInputError

__all__ = ["PARSER_DEPTH", "LimitError", "check_depth", "check_size", "depth", "parse_within"]

# The deepest nesting libxml2 parses without its "huge" mode.
PARSER_DEPTH = 256


class LimitError(XMLInputError):
    """An input exceeds a limit (size or nesting)."""

    kind = "over a limit"


def check_size(path: Path | os.stat_result | int, name: str, limit: int | None) -> None:
    """Raise :class:`LimitError` when the file (a path, its stat or its size in bytes)
    is larger than ``limit`` bytes (None or 0: no limit)."""
    if not limit:
        return
    if isinstance(path, int):
        size = path
    elif isinstance(path, os.stat_result):
        size = path.st_size
    else:
        size = path.stat().st_size
    if size > limit:
        raise LimitError(name, [f"the file is {size:,} bytes, more than the limit of {limit:,} "
                                "(raise [limits] max_size in edition.toml or --max-size)"])


def depth(tree: etree._ElementTree | etree._Element) -> int:
    """How deeply the elements nest (the root alone: 1)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    level = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            level += 1
            deepest = max(deepest, level)
        else:
            level -= 1
    return deepest


def check_depth(tree: etree._ElementTree | etree._Element, name: str, limit: int | None) -> None:
    """Raise :class:`LimitError` when elements nest deeper than ``limit`` (checked only
    below :data:`PARSER_DEPTH`, which the parser itself enforces)."""
    if not limit or limit >= PARSER_DEPTH:
        return
    found = depth(tree)
    if found > limit:
        raise LimitError(name, [f"elements are nested {found} deep, more than the limit of {limit} "
                                "(raise [limits] max_depth in edition.toml or --max-depth)"])


def parse_within(path: Path, name: str, max_size: int | None, max_depth: int | None):
    """A TEI file parsed with :func:`pipeline.xmlio.parse_xml`, refused before reading
    when larger than ``max_size`` and after parsing when nested deeper than ``max_depth``.

    Raises:
        XMLInputError: unreadable, not well-formed, unsafe, or over a limit.
    """
    from .xmlio import parse_xml

    check_size(path, name, max_size)
    tree = parse_xml(path, name=name)
    check_depth(tree, name, max_depth)
    return tree
