"""Nothing lost: the round-trip check of an ingest.

Two questions, asked of every document ingest writes:

1. Does every word of the source (less the web chrome the reader dropped and the
   export's own labels) appear in the TEI, header or text? Counted as a multiset, so a
   word printed twice must be there twice.
2. Do the words of the source's body appear, in order, in the TEI's plain-text rendering
   (which puts the editorial brackets back)? Only the normalisations DESIGN.md names are
   allowed: a split word joined, lost characters shown as gaps, bracket words (``sic``)
   turned into elements.

The answer is a list of findings; ``ingest`` turns them into warnings (or, with
``--strict``, into a failure).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

# A word: a run of letters/digits, or one CJK character (CJK has no spaces between words).
_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]|[^\W_]+", re.UNICODE)
_MARK_WORDS = {"sic"}
_EXAMPLES = 12


@dataclass(frozen=True)
class RoundTrip:
    """What the check found.

    Attributes:
        missing: source words not found in the TEI (with how often they are missing).
        out_of_order: source body passages whose words are not in the rendering in order.
        checked_words: how many source words were checked.
    """

    missing: tuple[tuple[str, int], ...]
    out_of_order: tuple[str, ...]
    checked_words: int

    @property
    def ok(self) -> bool:
        return not self.missing and not self.out_of_order

    def messages(self) -> list[str]:
        """Findings in an editor's words, each naming examples."""
        out = []
        if self.missing:
            total = sum(n for _, n in self.missing)
            shown = ", ".join(f"{w!r}" + (f" ×{n}" if n > 1 else "") for w, n in self.missing[:_EXAMPLES])
            more = " …" if len(self.missing) > _EXAMPLES else ""
            out.append(f"round-trip: {total} of {self.checked_words} source words are not in the "
                       f"TEI: {shown}{more}")
        for passage in self.out_of_order[:_EXAMPLES]:
            out.append(f"round-trip: source text not found in order in the plain-text "
                       f"rendering: {passage!r}")
        return out


def words(text: str) -> list[str]:
    """The words of a text, lowercased, CJK one character a word."""
    if "\u03a3" in text or "\u0130" in text:
        # (Σ lowers by what follows it, İ to two characters: each word on its own)
        return [w.lower() for w in _WORD.findall(text)]
    return _WORD.findall(text.lower())  # (the same words: no other letter changes class)


def tei_words(tree: etree._ElementTree | etree._Element) -> Counter[str]:
    """Every word of a TEI document: text of header and body, attribute values, and the
    names of the marks that stand for bracket words (``sic``)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    # (words never run across the spaces the texts are joined with)
    counts = Counter(words(" ".join(_TEXTS(root) + _VALUES(root))))
    for mark in _MARK_WORDS:
        found = sum(1 for _ in root.iter(f"{{*}}{mark}"))
        if found:
            counts[mark] += found
    return counts


# Every text node (comments' and processing instructions' own text aside), and every
# attribute value, as plain strings (two paths: a union would be sorted).
_TEXTS = etree.XPath("descendant::text()", smart_strings=False)
_VALUES = etree.XPath("descendant-or-self::*/@*", smart_strings=False)


def check(source_text: str, dropped: Iterable[str], tree: etree._ElementTree,
          body: str, rendered_body: str) -> RoundTrip:
    """Run both checks.

    Args:
        source_text: the whole source text.
        dropped: lines the reader removed as chrome or layout labels (not expected in TEI).
        tree: the TEI document.
        body: the source's body text (the versions' paragraphs, in order).
        rendered_body: the plain-text rendering of every version's body, in order.
    """
    expected = Counter(words(source_text))
    for line in dropped:
        expected.subtract(words(line))
    expected = +expected  # drop counts at or below zero
    have = tei_words(tree)
    missing = sorted(((w, n - have[w]) for w, n in expected.items() if n > have[w]),
                     key=lambda item: (-item[1], item[0]))
    return RoundTrip(missing=tuple(missing),
                     out_of_order=tuple(_out_of_order(words(body), words(rendered_body))),
                     checked_words=sum(expected.values()))


# Above this many word pairs (source × rendering, once their common start and end are
# set aside) the comparison lets difflib skip very frequent words: comparing every
# pair is quadratic, and a source of a million repeated words took many minutes.
EXACT_PAIRS = 25_000_000


def _out_of_order(source: list[str], rendered: list[str]) -> list[str]:
    """Runs of source words the rendering lacks at their place, allowing joined words."""
    start, end = 0, min(len(source), len(rendered))
    while start < end and source[start] == rendered[start]:
        start += 1
    a1_end, b1_end = len(source), len(rendered)
    while a1_end > start and b1_end > start and source[a1_end - 1] == rendered[b1_end - 1]:
        a1_end -= 1
        b1_end -= 1
    a, b = source[start:a1_end], rendered[start:b1_end]
    if not a or _within(a, b):
        return []  # (the rendering adds words, notes or labels, and loses none)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=len(a) * len(b) > EXACT_PAIRS)
    problems = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op in ("equal", "insert"):
            continue
        src, dst = a[a0:a1], b[b0:b1]
        if op == "replace" and "".join(src) == "".join(dst):
            continue  # a word split in the source, joined in the TEI (Ки тая → Китая)
        if all(w in _MARK_WORDS for w in src):
            continue
        problems.append(" ".join(source[max(0, start + a0 - 3):start + a1 + 3]))
    return problems


def _within(words: list[str], rendered: list[str]) -> bool:
    """Whether ``words`` occur in ``rendered`` in their order, with other words between
    them (notes, labels, gaps) and with the allowances of the comparison below: a word
    split in the source may be one word in the rendering (Ки тая → Китая), and a bracket
    word (``sic``) may be gone. Linear, where the comparison looks for the longest
    common runs; when this says no, the comparison says where."""
    rest = iter(rendered)
    if all(word in rest for word in words):  # (the usual case, at C speed)
        return True
    pos, i, n, end = 0, 0, len(words), len(rendered)
    while i < n:
        word = words[i]
        here = rendered[pos] if pos < end else ""
        if here != word and here.startswith(word):
            joined, k = word, i
            while len(joined) < len(here) and k + 1 < n:
                k += 1
                joined += words[k]
            if joined == here:
                i, pos = k + 1, pos + 1
                continue
        if here != word and word in _MARK_WORDS:
            i += 1
            continue
        try:
            pos = rendered.index(word, pos) + 1
        except ValueError:
            return False
        i += 1
    return True


def rendered_body(texts: dict[str, str]) -> str:
    """The bodies of the plain-text renderings (what follows the ``* * *`` line)."""
    from ..render import txt_body

    return "\n".join(txt_body(text) for text in texts.values())

