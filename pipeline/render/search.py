"""The full-text search index of the HTML edition, as static script files.

Readers search every version of every document from the index page, with no server and
also when the pages are opened from disk (``file:`` URLs, where ``fetch`` of JSON files
fails): the index is written as JavaScript files that the page loads with ``<script>``
elements, each calling a function the page defines.

Layout (under ``html/search/``):

- ``meta.js``: ``edSearch.meta({...})`` with the documents' ids (in a fixed order, so
  postings name them by number; the page itself has their titles), the number of
  shards and the format version.
- ``s<NNNN>.js``: ``edSearch.shard(N, {term: [gap, count, gap, count, ...], ...})``:
  for each document holding the term, its number minus the previous one's (the first:
  its number) and how often the term occurs in it. A term lives in the shard given by
  a hash of its first three characters (its first character for Chinese, Japanese and
  Korean), so a query term, or a prefix of three or more characters a reader is still
  typing, needs one shard, whatever the size of the corpus.

Terms (:func:`terms`; ``assets/index.js`` does the same in the browser): the text in
compatibility form, lower case, accents removed; words are runs of letters and digits
of at least two characters; runs of Han, kana and Hangul characters are cut into
overlapping pairs of characters (a lone character stands for itself), so a Chinese query
matches without a word dictionary.

Memory grows with the postings, not the texts: :meth:`SearchIndex.add` keeps for each
document only (term number, count) pairs in compact arrays.

Example::

    index = SearchIndex()
    index.add("wilson-110404", ["Memorandum ...", "По указанию ..."])
    for path, data in index.files().items():   # {"search/meta.js": b"...", ...}
        (out_dir / "html" / path).write_bytes(data)
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache

__all__ = ["FORMAT", "SearchIndex", "shard_of", "shard_prefix", "terms"]

FORMAT = 1
# Postings per shard the index aims at when it chooses the number of shards.
TARGET_POSTINGS_PER_SHARD = 4000
MAX_SHARDS = 4096


# Han (with extensions), kana and Hangul syllables: scripts written without spaces
# between words (Hangul uses spaces, but pairs serve it too).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
# A CJK run, or a run of letters and digits (word characters but "_") of other scripts.
_RUN = re.compile(f"([{_CJK}]+)|([^\\W_{_CJK}]+)")


def _is_cjk(ch: str) -> bool:
    return bool(_CJK_CHAR.match(ch))


@cache
def _marks() -> dict[int, None]:
    """A str.translate table deleting every nonspacing mark (category Mn)."""
    import sys

    return {o: None for o in range(sys.maxunicode + 1) if unicodedata.category(chr(o)) == "Mn"}


def _fold(text: str) -> str:
    """Compatibility form, lower case, without combining marks (Hangul recomposed)."""
    text = unicodedata.normalize("NFKC", text).lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    if decomposed == text:
        return text
    return unicodedata.normalize("NFC", decomposed.translate(_marks()))


def terms(text: str) -> list[str]:
    """The search terms of a text, in order (see the module docstring)."""
    out: list[str] = []
    for cjk, word in _RUN.findall(_fold(text)):
        if word:
            if len(word) >= 2:
                out.append(word)
        elif len(cjk) == 1:
            out.append(cjk)
        else:
            out.extend(cjk[i:i + 2] for i in range(len(cjk) - 1))
    return out


def shard_prefix(term: str) -> str:
    """What decides a term's shard: its first character when CJK, else its first three
    (so a prefix is searched from its third character on)."""
    return term[:1] if term and _is_cjk(term[0]) else term[:3]


def shard_of(term: str, shards: int) -> int:
    """The shard of a term: FNV-1a (32 bit) over the code points of its prefix."""
    h = 0x811C9DC5
    for ch in shard_prefix(term):
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards


class SearchIndex:
    """Collects documents' terms and writes the index files."""

    def __init__(self) -> None:
        self.docs: list[str] = []
        self._vocab: dict[str, int] = {}
        self._term = array("I")
        self._doc = array("I")
        self._count = array("I")

    def __len__(self) -> int:
        return len(self.docs)

    def add(self, doc_id: str, texts: Iterable[str]) -> None:
        """Index one document: every text of it (versions, title, summary)."""
        number = len(self.docs)
        self.docs.append(doc_id)
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(terms(text))
        vocab = self._vocab
        for term, count in counts.items():
            self._term.append(vocab.setdefault(term, len(vocab)))
            self._doc.append(number)
            self._count.append(count)

    def shard_count(self) -> int:
        """How many shards the index is written in: about TARGET_POSTINGS_PER_SHARD
        postings each, at most MAX_SHARDS."""
        return max(1, min(MAX_SHARDS, math.ceil(len(self._term) / TARGET_POSTINGS_PER_SHARD)))

    def files(self) -> dict[str, bytes]:
        """The index files by path relative to the HTML folder (``search/...``).

        Deterministic: the same documents added in the same order give the same bytes.
        """
        return dict(self.iter_files())

    def iter_files(self) -> Iterator[tuple[str, bytes]]:
        """The index files one at a time (path relative to the HTML folder, bytes), so
        that only one shard is in memory as text."""
        import numpy as np

        shards = self.shard_count()
        yield "search/meta.js", _script("meta", {
            "format": FORMAT,
            "shards": shards,
            "docs": self.docs,
        })
        term = np.frombuffer(self._term, dtype=np.uint32) if len(self._term) else np.zeros(0, np.uint32)
        doc = np.frombuffer(self._doc, dtype=np.uint32) if len(self._doc) else np.zeros(0, np.uint32)
        count = np.frombuffer(self._count, dtype=np.uint32) if len(self._count) else np.zeros(0, np.uint32)
        order = np.argsort(term, kind="stable")  # documents stay in the order they were added
        term, doc, count = term[order], doc[order], count[order]
        vocab_size = len(self._vocab)
        starts = np.searchsorted(term, np.arange(vocab_size + 1, dtype=np.uint32))
        by_shard: list[list[tuple[str, int]]] = [[] for _ in range(shards)]
        for word, t in self._vocab.items():
            by_shard[shard_of(word, shards)].append((word, t))
        for n, members in enumerate(by_shard):
            postings = {}
            for word, t in sorted(members):
                a, b = starts[t], starts[t + 1]
                docs = doc[a:b].astype(np.int64)
                gaps = np.diff(docs, prepend=0)  # document numbers as gaps: shorter files
                postings[word] = np.column_stack((gaps, count[a:b])).ravel().tolist()
            yield f"search/s{n:04d}.js", _script("shard", postings, n)


def _script(call: str, data, *first) -> bytes:
    """``edSearch.<call>(<first>, <json>);`` as UTF-8, JSON safe inside a script."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    body = body.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    args = ",".join([*(json.dumps(a) for a in first), body])
    return f"edSearch.{call}({args});\n".encode()
