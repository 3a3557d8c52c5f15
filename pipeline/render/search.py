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

Incremental builds: :meth:`SearchIndex.save` keeps the postings in the build cache and
:meth:`SearchIndex.update` replaces the changed documents' postings, returning the shards
that changed, so that a build after one correction rewrites those shards only. The files
are the same as a build from scratch would write. In the cache, the postings of the
documents changed since the last full save are kept apart (``changes.npy`` beside
``postings.npy``), so that saving after one correction writes that document's postings,
not the whole corpus's; they are merged into one file again once they reach a quarter
of it.

Example::

    index = SearchIndex()
    index.add("wilson-110404", ["Memorandum ...", "По указанию ..."])
    for path, data in index.files().items():   # {"search/meta.js": b"...", ...}
        (out_dir / "html" / path).write_bytes(data)
"""

from __future__ import annotations

import io
import itertools
import json
import math
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

__all__ = ["FORMAT", "PackedCounts", "SearchIndex", "count_terms", "pack_counts", "shard_of",
           "shard_prefix", "shards_of", "terms"]

FORMAT = 1
SAVED_FORMAT = 2  # of the files SearchIndex.save keeps in the build cache
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


def _fold(text: str) -> str:
    """Compatibility form, lower case, without combining marks (Hangul recomposed)."""
    text = unicodedata.normalize("NFKC", text).lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    if decomposed == text:
        return text
    # A text holds few distinct characters, and fewer marks; replace() removes each mark
    # in one C-speed scan (str.translate with a table of every mark took ~1 ms for a
    # record's text, and making the table 0.7 s in each process).
    for ch in set(decomposed):
        if unicodedata.category(ch) == "Mn":
            decomposed = decomposed.replace(ch, "")
    return unicodedata.normalize("NFC", decomposed)


# The terms of a text without CJK characters: its runs of two or more.
_LONG_RUN = re.compile(r"[^\W_]{2,}")


def terms(text: str) -> list[str]:
    """The search terms of a text, in order (see the module docstring)."""
    text = _fold(text)
    if not _CJK_CHAR.search(text):
        return _LONG_RUN.findall(text)  # (what the loop below keeps, found at C speed)
    out: list[str] = []
    for cjk, word in _RUN.findall(text):
        if word:
            if len(word) >= 2:
                out.append(word)
        elif len(cjk) == 1:
            out.append(cjk)
        else:
            out.extend(cjk[i:i + 2] for i in range(len(cjk) - 1))
    return out


def count_terms(texts: Iterable[str]) -> list[tuple[str, int]]:
    """Each term of the texts with how often it occurs, in order of first occurrence."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(terms(text))
    return list(counts.items())


class PackedCounts(NamedTuple):
    """(term, count) pairs as two compact values, cheap to send between processes: the
    terms joined by newlines (a term holds none) and the counts as 32-bit integers."""

    words: list[str]
    counts: bytes

    def __reduce__(self):
        return _unpack, ("\n".join(self.words), self.counts)


def _unpack(joined: str, counts: bytes) -> PackedCounts:
    return PackedCounts(joined.split("\n") if joined else [], counts)


def pack_counts(counts: Iterable[tuple[str, int]]) -> PackedCounts:
    """:func:`count_terms`'s pairs packed for :meth:`SearchIndex.add_counts`."""
    words, numbers = _unzip(counts)
    return PackedCounts(words, array("I", numbers).tobytes())


def _unzip(counts: Iterable[tuple[str, int]]) -> tuple[list[str], list[int]]:
    pairs = list(counts)
    return [w for w, _ in pairs], [n for _, n in pairs]


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


def shards_of(words: list[str], shards: int):
    """:func:`shard_of` of many terms at once (a numpy array of shard numbers)."""
    import numpy as np

    if not words:
        return np.zeros(0, np.int64)
    points = np.array(words, dtype="<U3").view(np.uint32).reshape(len(words), 3).astype(np.uint64)
    first = points[:, 0]
    cjk = np.zeros(len(words), bool)
    for low, high in _CJK_RANGES:
        cjk |= (first >= low) & (first <= high)
    points[cjk, 1:] = 0  # a CJK term's prefix is its first character
    h = np.full(len(words), 0x811C9DC5, np.uint64)
    for column in range(3):  # terms hold no NUL: 0 is padding
        point = points[:, column]
        step = ((h ^ point) * 0x01000193) & 0xFFFFFFFF
        h = np.where(point != 0, step, h)
    return (h % shards).astype(np.int64)


# _CJK as (first, last) code points, for shards_of.
_CJK_RANGES = [(ord(a), ord(b)) for a, b in re.findall("(.)-(.)", _CJK)]


class SearchIndex:
    """Collects documents' terms and writes the index files."""

    def __init__(self) -> None:
        self.docs: list[str] = []
        self._vocab: dict[str, int] = {}
        # The postings are those of the base arrays (term number, document number,
        # count) less the dropped documents', then the delta's. The base: compact arrays
        # while documents are added; numpy arrays once loaded or updated, never changed
        # in place (a loaded index's are the cache file itself, mapped read-only). An
        # update drops the changed documents from the base and puts their new postings
        # in the delta, so that one correction costs its own postings, not a copy of all.
        self._term = array("I")
        self._doc = array("I")
        self._count = array("I")
        self._dropped: set[int] = set()
        self._dropped_postings = 0  # base postings of the dropped documents
        self._delta: tuple | None = None
        # The cache folder whose full file (postings.npy) the base arrays are, and the
        # number of postings in it; the dropped documents are then those changed since
        # it was written. None: no full file to add changes to.
        self._saved: tuple[Path, int] | None = None

    def __len__(self) -> int:
        return len(self.docs)

    def _size(self) -> int:
        """The number of postings."""
        delta = len(self._delta[0]) if self._delta is not None else 0
        return len(self._term) - self._dropped_postings + delta

    def _settle(self, arrays) -> None:
        """Make ``arrays`` the whole of the postings: no documents dropped, no delta."""
        self._term, self._doc, self._count = arrays
        self._dropped, self._dropped_postings, self._delta = set(), 0, None

    def add(self, doc_id: str, texts: Iterable[str]) -> None:
        """Index one document: every text of it (versions, title, summary)."""
        self.add_counts(doc_id, count_terms(texts))

    def add_counts(self, doc_id: str, counts: Iterable[tuple[str, int]] | PackedCounts) -> None:
        """Index one document from its (term, count) pairs (:func:`count_terms`), or
        from the same packed (:func:`pack_counts`)."""
        words, numbers = counts if isinstance(counts, PackedCounts) else _unzip(counts)
        if not isinstance(self._term, array) or self._delta is not None:
            # (a loaded or updated index: rare) compact arrays again, and no more a
            # saved full file's (the new document's postings are in neither file)
            self._settle(tuple(array("I", a.astype("uint32").tobytes()) for a in self._arrays()))
            self._saved = None
        vocab = self._vocab
        found = [vocab.get(w) for w in words]
        for i, t in enumerate(found):
            if t is None:  # a term new to the index
                found[i] = vocab.setdefault(words[i], len(vocab))
        self._term.extend(found)
        self._doc.extend(itertools.repeat(len(self.docs), len(found)))
        if isinstance(numbers, bytes):
            self._count.frombytes(numbers)
        else:
            self._count.extend(numbers)
        self.docs.append(doc_id)

    def update(self, docs: list[str],
               changed: SearchIndex | Mapping[str, Iterable[tuple[str, int]]]) -> set[int] | None:
        """Bring the index to the documents ``docs`` (in order), with new postings for
        the ``changed`` ones (every document not indexed yet must be among them).

        Args:
            docs: every document of the index, in order.
            changed: the changed documents' terms, as an index of their own (compact: what
                a build collects) or as (term, count) pairs by document.

        Returns the numbers of the shards whose files changed, or None when every file
        must be written again (documents added, removed or reordered, or a new number
        of shards).
        """
        import numpy as np

        if not isinstance(changed, SearchIndex):
            delta = SearchIndex()
            for doc_id, counts in changed.items():
                delta.add_counts(doc_id, counts)
            changed = delta
        if not self.docs and not self._size() and changed.docs == list(docs):
            # A first build: the new documents' index is the whole index.
            self.docs, self._vocab = list(docs), dict(changed._vocab)
            self._settle(tuple(a.copy() for a in changed._arrays()))
            self._saved = None
            return None
        fresh = set(changed.docs).intersection(docs)  # (terms of other documents: left out)
        known = set(self.docs)
        missing = [d for d in docs if d not in fresh and d not in known]
        if missing:
            raise ValueError(f"no terms for {missing[:3]}")
        shards_before = self.shard_count()
        numbers = {d: i for i, d in enumerate(self.docs)}
        same = self.docs == docs
        order = {d: i for i, d in enumerate(docs)}
        # The changed documents' postings, in their new numbers and this index's terms.
        d_term, d_doc, d_count = changed._arrays()
        vocab = self._vocab
        term_map = np.array([vocab.setdefault(w, len(vocab)) for w in changed._words()] or [0],
                            dtype=np.uint32)
        # (a changed document no longer among ``docs`` is numbered 0 here and its
        # postings dropped by keep_fresh)
        doc_map = np.array([order.get(d, 0) for d in changed.docs] or [0], dtype=np.uint32)
        keep_fresh = np.array([d in order for d in changed.docs] or [False], dtype=bool)[d_doc] \
            if len(d_doc) else np.zeros(0, bool)
        new = (term_map[d_term[keep_fresh]], doc_map[d_doc[keep_fresh]], d_count[keep_fresh])
        if same:
            touched = self._replace(sorted(numbers[d] for d in fresh), new)
        else:  # documents added, removed or reordered: one set of arrays, renumbered
            term, doc, count = self._arrays()
            remap = np.array([-1 if d in fresh or d not in order else order[d]
                              for d in self.docs] or [0], dtype=np.int64)
            moved = remap[doc.astype(np.int64)] if len(doc) else np.zeros(0, np.int64)
            keep = moved >= 0
            self._settle(tuple(np.concatenate(pair).astype(np.uint32, copy=False) for pair in (
                (term[keep], new[0]), (moved[keep].astype(np.uint32), new[1]), (count[keep], new[2]))))
            self._saved = None  # the saved full file no longer fits
        self.docs = list(docs)
        shards = self.shard_count()
        if not same or shards != shards_before:
            return None
        words = self._words()
        return set(shards_of([words[t] for t in touched], shards).tolist())

    def _replace(self, fresh: list[int], new) -> set[int]:
        """Give the documents numbered ``fresh`` the postings ``new`` (term, document and
        count arrays): they leave the base and the delta, their new postings join the
        delta. Returns the terms whose postings changed."""
        import numpy as np

        base = self._base()
        leaving = [n for n in fresh if n not in self._dropped]
        gone = (np.isin(base[1], np.array(leaving, dtype=np.uint32)) if leaving
                else np.zeros(len(base[1]), bool))
        before = [a[gone] for a in base]  # compared with the new ones
        self._dropped.update(leaving)
        self._dropped_postings += len(before[0])
        delta = new
        if self._delta is not None:
            out = np.isin(self._delta[1], np.array(fresh, dtype=np.uint32))
            before = [np.concatenate([b, a[out]]) for b, a in zip(before, self._delta, strict=True)]
            delta = tuple(np.concatenate([a[~out], b]) for a, b in zip(self._delta, new, strict=True))
        self._delta = tuple(a.astype(np.uint32, copy=False) for a in delta)
        return _changed_terms(before, new)

    def save(self, folder: Path) -> None:
        """Keep the index in ``folder`` (the build cache) for :meth:`load`.

        When the index was loaded from ``folder`` and has the same documents, only the
        postings of the documents changed since its full file was written are written
        (``changes.npy``), until they reach a quarter of it; else the full file."""
        import numpy as np

        from ..xmlio import write_atomic

        (folder / "docs.json").unlink(missing_ok=True)  # written last: a save cut short
        # leaves no list of documents that the postings do not hold
        saved = self._saved if self._saved is not None and self._saved[0] == folder else None
        changed: list[int] = []
        if saved is not None and self._dropped:
            # (the base is that folder's full file: the delta holds every posting of
            # the documents changed since)
            changed = sorted(self._dropped)
            delta = self._delta if self._delta is not None else (np.zeros(0, np.uint32),) * 3
            if len(delta[0]) * 4 > max(saved[1], TARGET_POSTINGS_PER_SHARD):
                saved = None  # the changes have grown: one full file again
            else:
                write_atomic(folder / "changes.npy", _npy(np.stack(delta)))
        if saved is None:
            changed = []
            arrays = self._arrays()
            write_atomic(folder / "postings.npy", _npy(np.stack(arrays)))
            (folder / "changes.npy").unlink(missing_ok=True)
            self._settle(arrays)
            self._saved = (folder, len(arrays[0]))
        write_atomic(folder / "index.json", json.dumps(
            {"format": SAVED_FORMAT, "docs": self.docs, "vocab": self._words(), "changed": changed},
            ensure_ascii=False).encode())
        write_atomic(folder / "docs.json", json.dumps(self.docs, ensure_ascii=False).encode())

    @staticmethod
    def saved_docs(folder: Path) -> list[str] | None:
        """The documents of the index :meth:`save` kept in ``folder``, without loading
        its postings (a build that changed nothing needs no more); None when unknown."""
        try:
            docs = json.loads((folder / "docs.json").read_bytes())
        except (OSError, ValueError):
            return None
        return docs if isinstance(docs, list) else None

    @classmethod
    def load(cls, folder: Path) -> SearchIndex | None:
        """The index :meth:`save` kept in ``folder``; None when there is none or it is unreadable."""
        import numpy as np

        try:
            meta = json.loads((folder / "index.json").read_bytes())
            if not isinstance(meta, dict) or meta.get("format") != SAVED_FORMAT:
                return None
            # (mapped, not read: most of it is used as it is, and never changed)
            postings = np.load(folder / "postings.npy", mmap_mode="r", allow_pickle=False)
            changed = [int(n) for n in meta.get("changed") or []]
            changes = (np.load(folder / "changes.npy", allow_pickle=False) if changed
                       else np.zeros((3, 0), np.uint32))
        except (OSError, ValueError, TypeError):
            return None
        if not _well_formed(postings, changes, changed):
            return None
        docs, vocab = list(meta.get("docs") or []), list(meta.get("vocab") or [])
        for rows in (postings, changes):
            if rows.shape[1] and (int(rows[0].max()) >= len(vocab) or int(rows[1].max()) >= len(docs)):
                return None
        index = cls()
        index.docs = docs
        index._vocab = {word: n for n, word in enumerate(vocab)}
        index._term, index._doc, index._count = postings
        if changed:  # (the full file's postings of these documents no longer count)
            index._dropped = set(changed)
            index._dropped_postings = int(np.isin(postings[1], np.array(changed, dtype=np.uint32)).sum())
            index._delta = tuple(changes)
        index._saved = (folder, postings.shape[1])
        return index

    def _base(self):
        """The base arrays as numpy arrays (views, not copies)."""
        import numpy as np

        return tuple(a if isinstance(a, np.ndarray) else
                     np.frombuffer(a, dtype=np.uint32) if len(a) else np.zeros(0, np.uint32)
                     for a in (self._term, self._doc, self._count))

    def _arrays(self, chosen=None):
        """The postings as term, document and count arrays: all of them, or those of
        the terms ``chosen`` (a boolean array by term number) only."""
        import numpy as np

        arrays = self._base()
        if chosen is not None:
            where = np.flatnonzero(chosen[arrays[0]])
            arrays = tuple(a[where] for a in arrays)
        if self._dropped:
            keep = ~np.isin(arrays[1], np.fromiter(self._dropped, np.uint32, len(self._dropped)))
            arrays = tuple(a[keep] for a in arrays)
        if self._delta is None:
            return arrays
        delta = self._delta
        if chosen is not None:
            keep = chosen[delta[0]]
            delta = tuple(a[keep] for a in delta)
        return tuple(np.concatenate(pair) for pair in zip(arrays, delta, strict=True))

    def _words(self) -> list[str]:
        """The terms by number."""
        words = [""] * len(self._vocab)
        for word, t in self._vocab.items():
            words[t] = word
        return words

    def shard_count(self) -> int:
        """How many shards the index is written in: about TARGET_POSTINGS_PER_SHARD
        postings each, at most MAX_SHARDS."""
        return max(1, min(MAX_SHARDS, math.ceil(self._size() / TARGET_POSTINGS_PER_SHARD)))

    def files(self) -> dict[str, bytes]:
        """The index files by path relative to the HTML folder (``search/...``).

        Deterministic: the same documents added in the same order give the same bytes.
        """
        return dict(self.iter_files())

    def iter_files(self, only: set[int] | None = None) -> Iterator[tuple[str, bytes]]:
        """The index files one at a time (path relative to the HTML folder, bytes), so
        that only one shard is in memory as text.

        Args:
            only: write ``meta.js`` and these shards only (what :meth:`update` returned).
        """
        import numpy as np

        shards = self.shard_count()
        yield "search/meta.js", _script("meta", {
            "format": FORMAT,
            "shards": shards,
            "docs": self.docs,
        })
        words = self._words()
        term_shard = shards_of(words, shards)
        # (only the postings of the shards written)
        chosen = None if only is None else np.isin(term_shard, np.fromiter(only, np.int64, len(only)))
        term, doc, count = self._arrays(chosen)
        order = np.lexsort((doc, term))  # by term, then document number
        term, doc, count = term[order], doc[order], count[order]
        starts = np.searchsorted(term, np.arange(len(words) + 1, dtype=np.uint32))
        held = starts[1:] > starts[:-1]  # a term no document holds any more is left out
        # Gaps: a document's number minus the previous one's of the same term (the
        # first: its number), which makes shorter files.
        pairs = np.empty((len(doc), 2), np.int32)  # (gap, count) per posting, made in place:
        pairs[:, 0] = np.diff(doc.astype(np.int32), prepend=0)  # (temporary copies of
        pairs[starts[:-1][held], 0] = doc[starts[:-1][held]]  # every posting cost memory)
        pairs[:, 1] = count
        by_shard = np.argsort(term_shard, kind="stable")
        bounds = np.searchsorted(term_shard[by_shard], np.arange(shards + 1))
        for n in range(shards) if only is None else sorted(only):
            members = by_shard[bounds[n]:bounds[n + 1]]
            chosen = sorted((words[t], t) for t in members[held[members]].tolist())
            # The shard's postings, term after term, gathered at once and made one list
            # that each term takes its slice of (a numpy call per term cost more than
            # all the rest; one list for the whole index, too much memory).
            ts = np.fromiter((t for _, t in chosen), np.int64, len(chosen))
            lo, size = starts[ts], starts[ts + 1] - starts[ts]
            ends = np.cumsum(size)
            where = np.repeat(lo - (ends - size), size) + np.arange(int(ends[-1]) if len(ends) else 0)
            flat, at = pairs[where].ravel().tolist(), [0, *(2 * ends).tolist()]
            postings = {word: flat[at[i]:at[i + 1]] for i, (word, _) in enumerate(chosen)}
            yield f"search/s{n:04d}.js", _script("shard", postings, n)


# Up to this many postings of changed documents are compared one by one (a correction
# to a document touches the shards of the words it changed, not of all its words).
EXACT_DIFF_POSTINGS = 500_000


def _changed_terms(before, after) -> set[int]:
    """The terms whose postings differ between ``before`` and ``after`` (each a triple
    of term, document and count arrays; ``before`` None: every term of ``after``)."""
    import numpy as np

    if before is None or len(before[0]) + len(after[0]) > EXACT_DIFF_POSTINGS:
        every = np.concatenate([after[0], before[0]]) if before is not None else after[0]
        return set(np.unique(every).tolist())
    old = set(zip(*(a.tolist() for a in before), strict=True))
    new = set(zip(*(a.tolist() for a in after), strict=True))
    return {t for t, _, _ in old ^ new}


def _well_formed(postings, changes, changed: list[int]) -> bool:
    """Whether saved postings and changes are what :meth:`SearchIndex.save` writes: three
    rows of unsigned 32-bit numbers each, the changes of the documents said changed."""
    import numpy as np

    return (all(a.ndim == 2 and a.shape[0] == 3 and a.dtype == np.uint32 for a in (postings, changes))
            and bool(np.isin(changes[1], np.array(changed, dtype=np.uint32)).all()))


def _npy(array_) -> bytes:
    """An array as the bytes of a ``.npy`` file."""
    import numpy as np

    buffer = io.BytesIO()
    np.save(buffer, array_)
    return buffer.getvalue()


def _script(call: str, data, *first) -> bytes:
    """``edSearch.<call>(<first>, <json>);`` as UTF-8, JSON safe inside a script."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    body = body.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    args = ",".join([*(json.dumps(a) for a in first), body])
    return f"edSearch.{call}({args});\n".encode()
