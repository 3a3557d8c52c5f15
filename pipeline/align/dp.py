"""The dynamic program that turns bead costs into an alignment.

Vecalign/Bertalign-style: a first pass finds anchors (a monotone chain of confident 1-1
pairs), a second pass searches every bead shape (1-1, 1-n, n-1, 2-2, 1-0, 0-1) inside a
band around the path the anchors draw. Costs come from a scorer
(:mod:`pipeline.align.scorers`); the program knows nothing of languages or models.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np

# Bead shapes (source sentences, target sentences) searched in the second pass.
SHAPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1),
                                       (2, 2), (1, 4), (4, 1))
MAX_SPAN = 4


@dataclass(frozen=True)
class Bead:
    """One unit of alignment: source indices, target indices (either may be empty), and
    the aligner's confidence as a probability in [0, 1]."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    prob: float


class Costs(Protocol):
    """What a scorer prepares for one pair of sentence lists."""

    def similarity(self) -> np.ndarray:
        """n × m matrix of 1-1 similarities (higher is more alike), for the anchors."""

    def bead(self, i: int, a: int, j: int, b: int) -> float:
        """Cost of aligning ``src[i:i+a]`` with ``tgt[j:j+b]`` (a or b may be 0)."""

    def probability(self, i: int, a: int, j: int, b: int, cost: float) -> float:
        """The bead's confidence in [0, 1]."""


def align(costs: Costs, n: int, m: int, *, band: int = 12) -> list[Bead]:
    """The minimum-cost monotone alignment of n source and m target sentences.

    Args:
        costs: the scorer's costs for this pair.
        n, m: sentence counts.
        band: half-width of the search band around the anchor path (in sentences).
    """
    if n == 0 or m == 0:
        return [Bead((i,), (), 1.0) for i in range(n)] + [Bead((), (j,), 1.0) for j in range(m)]
    centre = _band_centres(costs.similarity(), n, m)
    width = max(band, int(abs(n - m) * 0.1) + band)
    return _search(costs, n, m, centre, width)


# --------------------------------------------------------------------------- anchors

def _band_centres(similarity: np.ndarray, n: int, m: int, top_k: int = 4) -> np.ndarray:
    """For each source position 0..n, the target position the alignment path is near.

    The anchors are the heaviest monotone chain among each source sentence's top-k
    target candidates (a weighted longest increasing subsequence); between anchors the
    path is interpolated, and the corners (0, 0) and (n, m) always anchor it.
    """
    k = min(top_k, m)
    candidates = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
    points = []
    floor = float(np.median(similarity)) if similarity.size else 0.0
    for i in range(n):
        for j in candidates[i]:
            weight = float(similarity[i, j]) - floor
            if weight > 0:
                points.append((i, int(j), weight))
    chain = _heaviest_chain(points)
    xs = [0.0] + [i + 0.5 for i, _ in chain] + [float(n)]
    ys = [0.0] + [j + 0.5 for _, j in chain] + [float(m)]
    return np.interp(np.arange(n + 1), xs, ys)


def _heaviest_chain(points: list[tuple[int, int, float]]) -> list[tuple[int, int]]:
    """The chain of points, strictly increasing in both coordinates, of maximum weight."""
    points.sort(key=lambda p: (p[0], -p[1]))
    # best[j]: (weight, index) of the best chain ending at target j, via a Fenwick tree.
    size = max((p[1] for p in points), default=0) + 2
    tree = [(0.0, -1)] * (size + 1)

    def query(pos: int) -> tuple[float, int]:
        best = (0.0, -1)
        while pos > 0:
            best = max(best, tree[pos])
            pos -= pos & -pos
        return best

    def update(pos: int, value: tuple[float, int]) -> None:
        while pos <= size:
            tree[pos] = max(tree[pos], value)
            pos += pos & -pos

    weights, previous = [], []
    for index, (_, j, w) in enumerate(points):
        prior, link = query(j + 1)  # chains ending at targets < j
        weights.append(prior + w)
        previous.append(link)
        update(j + 2, (prior + w, index))
    if not weights:
        return []
    index = int(np.argmax(weights))
    chain = []
    while index != -1:
        chain.append(points[index][:2])
        index = previous[index]
    chain.reverse()
    # drop points that are not strictly increasing in the source index too
    out: list[tuple[int, int]] = []
    for i, j in chain:
        if not out or (i > out[-1][0] and j > out[-1][1]):
            out.append((i, j))
    return out


# --------------------------------------------------------------------------- search

def _search(costs: Costs, n: int, m: int, centre: np.ndarray, width: int) -> list[Bead]:
    """Dynamic program over cells (i, j) with |j − centre(i)| ≤ width."""
    lo = np.maximum(0, np.floor(centre - width)).astype(int)
    hi = np.minimum(m, np.ceil(centre + width)).astype(int)
    lo[0], hi[n] = 0, m  # the corners are always reachable
    best: list[dict[int, float]] = [dict() for _ in range(n + 1)]
    back: list[dict[int, tuple[int, int, float]]] = [dict() for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        row_lo, row_hi = int(lo[i]), int(hi[i])
        for j in range(row_lo, row_hi + 1):
            if i == 0 and j == 0:
                continue
            value, choice = math.inf, None
            for a, b in SHAPES:
                pi, pj = i - a, j - b
                if pi < 0 or pj < 0:
                    continue
                start = best[pi].get(pj)
                if start is None:
                    continue
                cost = costs.bead(pi, a, pj, b)
                if start + cost < value:
                    value, choice = start + cost, (a, b, cost)
            if choice is not None:
                best[i][j] = value
                back[i][j] = choice
    if m not in best[n]:  # the band missed the corner: widen it
        return _search(costs, n, m, centre, width * 2)
    return _trace(costs, back, n, m)


def _trace(costs: Costs, back, n: int, m: int) -> list[Bead]:
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b, cost = back[i][j]
        i, j = i - a, j - b
        prob = costs.probability(i, a, j, b, cost)
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), prob))
    beads.reverse()
    return beads


__all__ = ["MAX_SPAN", "SHAPES", "Bead", "Costs", "align"]
