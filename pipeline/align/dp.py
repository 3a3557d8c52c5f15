"""The dynamic program that turns bead costs into an alignment.

Vecalign/Bertalign-style: a first pass finds anchors (a monotone chain of confident 1-1
pairs), a second pass searches every bead shape of up to six sentences (1-1 … 1-5, 2-4,
3-3, and the deletions 1-0 and 0-1) inside a band around the path the anchors draw, and
a last step lets a sentence left alone join a neighbouring bead when the scorer says the
bead stays as alike. Costs come from a scorer (:mod:`pipeline.align.scorers`); the
program knows nothing of languages or models.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np

# Bead shapes (source sentences, target sentences) searched in the second pass: every
# shape of up to six sentences in all, and the two deletions.
SHAPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1),
                                       (2, 2), (1, 4), (4, 1), (2, 3), (3, 2), (1, 5), (5, 1),
                                       (2, 4), (4, 2), (3, 3))
MAX_SPAN = max(max(shape) for shape in SHAPES)
_SKIP_TARGET = SHAPES.index((0, 1))


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

    def row(self, i: int, a: int, j0: int, j1: int, b: int) -> np.ndarray:
        """Costs of aligning ``src[i:i+a]`` with ``tgt[j:j+b]`` for every j in
        ``range(j0, j1)``; a = 0 is the cost of leaving each ``tgt[j]`` (b = 1) without
        a counterpart, b = 0 that of leaving ``src[i]`` (a = 1)."""

    def probability(self, i: int, a: int, j: int, b: int) -> float:
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
    width = max(band, int(abs(n - m) * 0.1) + band)
    # (A band as wide as the target side covers every cell wherever its centre runs:
    # the anchors are not needed.)
    centre = None if m <= width else _band_centres(costs.similarity(), n, m)
    rows = _Dense(costs) if hasattr(costs, "matrix") and (n + 1) * (m + 1) <= DENSE_CELLS else costs
    spans = _search(rows, n, m, centre, width)
    affinity = getattr(costs, "affinity", None)
    if affinity is not None:
        spans = _attach_orphans(spans, affinity)
    return [Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), costs.probability(i, a, j, b))
            for i, a, j, b in spans]


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

Span = tuple[int, int, int, int]  # source start, source count, target start, target count

# Up to this many cells, a scorer that offers ``matrix(a, b)`` (the length scorer) gives
# each bead shape's costs for the whole grid in one go: a few numpy calls per shape
# instead of ten per band row, which made the program's small cases slow.
DENSE_CELLS = 40_000


# Up to this many cells, the program runs cell by cell in plain Python on the cost
# matrices as lists: most programs are small (the sentences of one paragraph and its
# translation), and there a numpy call per shape and row cost more than the cells.
# Larger grids of a scorer's matrices run a row at a time on every shape at once
# (:func:`_stacked`): on paragraph-level grids of about 20 × 20 the alignment took a
# third less time (1.45 → 0.99 ms, band anchors included).
LIST_CELLS = 100


class _Dense:
    """A scorer's rows as slices of its per-shape cost matrices (the scorer makes each
    when first asked for it, and keeps it)."""

    def __init__(self, costs):
        self.costs = costs

    def row(self, i: int, a: int, j0: int, j1: int, b: int) -> np.ndarray:
        return self.costs.matrix(a, b)[i, j0:j1]

    def arrays(self, shapes: tuple[tuple[int, int], ...]) -> dict[tuple[int, int], np.ndarray]:
        """The shapes' costs as arrays: ``[(a, b)][i, j]`` is ``row(i, a, j, j + 1, b)[0]``
        for i ≤ n − a and j ≤ m − b (all at once from a scorer that makes them so)."""
        made = getattr(self.costs, "arrays", None)
        if made is not None:
            return made(shapes)
        return {(a, b): self.costs.matrix(a, b) for a, b in shapes}

    def grids(self, shapes: tuple[tuple[int, int], ...]) -> dict[tuple[int, int], list[list[float]]]:
        """The shapes' costs as nested lists: ``[(a, b)][i][j]`` is ``row(i, a, j, j + 1, b)[0]``
        (all at once from a scorer that makes them so)."""
        made = getattr(self.costs, "grids", None)
        if made is not None:
            return made(shapes)
        return {shape: costs.tolist() for shape, costs in self.arrays(shapes).items()}


def _search(costs: Costs, n: int, m: int, centre: np.ndarray | None, width: int) -> list[Span]:
    """Dynamic program over cells (i, j) with |j − centre(i)| ≤ width (every cell when
    ``centre`` is None): cell by cell on small grids of a scorer's matrices, a row of the
    whole grid at a time (every shape at once) on larger ones, and one row of the band at
    a time for a scorer without matrices (each bead shape's costs for a row as a vector)."""
    if centre is None:
        lo, hi = [0] * (n + 1), [m] * (n + 1)
    else:
        lo = np.maximum(0, np.floor(centre - width)).astype(int).tolist()
        hi = np.minimum(m, np.ceil(centre + width)).astype(int).tolist()
        lo[0], hi[n] = 0, m  # the corners are always reachable
    if not isinstance(costs, _Dense):
        found = _rows(costs, n, lo, hi)
    elif (n + 1) * (m + 1) <= LIST_CELLS:
        found = _cells(costs, n, lo, hi)
    else:
        found = _stacked(costs, n, lo, hi)
    if found is None:  # the band missed the corner: widen it
        return _search(costs, n, m, centre, width * 2)
    return found


def _cells(costs: _Dense, n: int, lo: list[int], hi: list[int]) -> list[Span] | None:
    """The program cell by cell: each cell takes the first bead shape of the lowest
    total (a cost that is not a number never wins), then leaving a target sentence alone
    when that is strictly lower, as :func:`_rows` chooses."""
    m = hi[n]
    fitting = tuple((a, b) for a, b in SHAPES if a <= n and b <= m)  # (a larger bead fits nowhere)
    grids = costs.grids(fitting)
    shapes = [(k, a, b, grids[(a, b)]) for k, (a, b) in enumerate(SHAPES) if a and (a, b) in grids]
    alone = grids.get((0, 1))
    inf = math.inf
    best: list[list[float]] = []
    back: list[list[int]] = []
    for i in range(n + 1):
        row_lo, row_hi = lo[i], hi[i]
        usable = [(k, lo[i - a], hi[i - a], b, best[i - a], grid[i - a])
                  for k, a, b, grid in shapes if a <= i]
        row: list[float] = []
        choice: list[int] = []
        for j in range(row_lo, row_hi + 1):
            value, pick = inf, 0
            for k, prev_lo, prev_hi, b, prev_best, grid_row in usable:
                jb = j - b
                if prev_lo <= jb <= prev_hi:
                    total = prev_best[jb - prev_lo] + grid_row[jb]
                    if total < value:
                        value, pick = total, k
            row.append(value)
            choice.append(pick)
        if i == 0:
            row[0] = 0.0
        if row_hi > row_lo:
            _leave_targets_alone(row, choice, alone[i][row_lo:row_hi])
        best.append(row)
        back.append(choice)
    if not math.isfinite(best[n][m - lo[n]]):
        return None
    return _trace(back, lo, n, m)


def _stacked(costs: _Dense, n: int, lo: list[int], hi: list[int]) -> list[Span] | None:
    """The program a row at a time over the whole grid, every bead shape at once: the
    totals of a row are one gather from the best totals so far (kept with a margin of
    unreachable cells, so that no index falls outside) plus the shapes' costs laid out
    by the cell each bead ends in; the first shape of the lowest total wins, as in
    :func:`_cells`, and cells outside the band stay unreachable."""
    m = hi[n]
    fitting = tuple((a, b) for a, b in SHAPES if a and a <= n and b <= m)
    arrays = costs.arrays((*fitting, (0, 1)))
    margin = MAX_SPAN
    # ends[k, i, j]: the cost of the bead of shape k that ends at cell (i, j)
    ends = np.full((len(fitting), n + 1, m + 1), np.inf)
    for k, (a, b) in enumerate(fitting):
        ends[k, a:, b:] = arrays[(a, b)][:n + 1 - a, :m + 1 - b]
    ends[np.isnan(ends)] = np.inf  # (a cost that is not a number never wins)
    alone = arrays[(0, 1)][:n + 1, :m].tolist()
    kinds = [SHAPES.index(shape) for shape in fitting]
    sources = np.array([a for a, _ in fitting])[:, None]
    columns = np.arange(margin, margin + m + 1)[None, :] - np.array([b for _, b in fitting])[:, None]
    across = np.arange(m + 1)
    best = np.full((margin + n + 1, margin + m + 1), np.inf)
    back: list[list[int]] = []
    inf = math.inf
    for i in range(n + 1):
        totals = best[margin + i - sources, columns]
        totals += ends[:, i]
        choice = totals.argmin(axis=0)
        row = totals[choice, across].tolist()
        picks = [kinds[k] for k in choice.tolist()]
        row_lo, row_hi = lo[i], hi[i]
        if i == 0:
            row[0] = 0.0
        row[:row_lo] = [inf] * row_lo
        row[row_hi + 1:] = [inf] * (m - row_hi)
        skips = alone[i]
        for j in range(row_lo + 1, row_hi + 1):
            value = row[j - 1] + skips[j - 1]
            if value < row[j]:
                row[j] = value
                picks[j] = _SKIP_TARGET
        best[margin + i, margin:] = row
        back.append(picks)
    if not math.isfinite(best[margin + n, margin + m]):
        return None
    return _trace(back, [0] * (n + 1), n, m)


def _rows(costs: Costs, n: int, lo: list[int], hi: list[int]) -> list[Span] | None:
    """The program one row of the band at a time, with numpy."""
    m = hi[n]
    best: list[np.ndarray] = []
    back: list[np.ndarray] = []
    for i in range(n + 1):
        row_lo, row_hi = int(lo[i]), int(hi[i])
        # Each bead shape's total for every cell of the row, then the best per cell: the
        # first shape of the lowest total, as taking each shape in turn when strictly
        # better would (one argmin instead of a compare and two masked writes a shape).
        totals = np.full((len(SHAPES), row_hi - row_lo + 1), np.inf)
        for shape, (a, b) in enumerate(SHAPES):
            if a == 0 or i - a < 0:
                continue
            prev_lo, prev_hi = int(lo[i - a]), int(hi[i - a])
            j0, j1 = max(row_lo, prev_lo + b), min(row_hi, prev_hi + b)
            if j0 <= j1:
                np.add(best[i - a][j0 - b - prev_lo:j1 - b - prev_lo + 1],
                       costs.row(i - a, a, j0 - b, j1 - b + 1, b),
                       out=totals[shape, j0 - row_lo:j1 - row_lo + 1])
        totals[np.isnan(totals)] = np.inf  # (a cost that is not a number never wins)
        choice = totals.argmin(axis=0).astype(np.int8)
        row = totals[choice, np.arange(totals.shape[1])]
        if i == 0:
            row[0] = 0.0
        if row_hi > row_lo:
            _leave_targets_alone(row, choice, costs.row(i, 0, row_lo, row_hi, 1))
        best.append(row)
        back.append(choice)
    if not np.isfinite(best[n][m - lo[n]]):
        return None
    return _trace(back, lo, n, m)


def _leave_targets_alone(row, choice, skips) -> None:
    """Target sentences left alone, a chain along the row: a cell takes the one before it
    plus the cost of leaving that target sentence without a counterpart (``skips[k - 1]``)
    when that is strictly lower."""
    for k in range(1, len(row)):
        value = row[k - 1] + skips[k - 1]
        if value < row[k]:
            row[k] = value
            choice[k] = _SKIP_TARGET


def _trace(back, lo: list[int], n: int, m: int) -> list[Span]:
    """The spans of the best path, back from the corner (n, m)."""
    spans: list[Span] = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = SHAPES[back[i][j - lo[i]]]
        i, j = i - a, j - b
        spans.append((i, a, j, b))
    spans.reverse()
    return spans


def _attach_orphans(spans: list[Span], affinity) -> list[Span]:
    """A sentence the program left without a counterpart joins the neighbouring bead
    (before or after it) when that leaves the bead's two sides no less alike.

    The program's total favours many small beads, so a sentence whose content a
    neighbour's translation carries is sometimes left alone instead of merged; a
    sentence that is really untranslated (a caption, an OCR fragment) lowers the
    neighbour's similarity and stays alone.
    """
    out = list(spans)
    k = 0
    while k < len(out):
        i, a, j, b = out[k]
        if a and b:
            k += 1
            continue
        options = []
        for side in (k - 1, k + 1):
            if not 0 <= side < len(out):
                continue
            ni, na, nj, nb = out[side]
            if not na or not nb:
                continue
            merged = (min(i, ni) if a else ni, na + a, min(j, nj) if b else nj, nb + b)
            if max(merged[1], merged[3]) > MAX_SPAN:
                continue
            gain = affinity(*merged) - affinity(ni, na, nj, nb)
            if gain >= 0:
                options.append((gain, side, merged))
        if options:
            _, side, merged = max(options)
            out[side] = merged
            del out[k]
            if side > k:  # a sentence left alone before this one may now join too
                k = max(k - 1, 0)
            continue
        k += 1
    return out


__all__ = ["MAX_SPAN", "SHAPES", "Bead", "Costs", "align"]
