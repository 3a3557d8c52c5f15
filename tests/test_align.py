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
    result = beads(src, tgt, LengthScorer()) if n and m else [
        (b.src, b.tgt) for b in align(LengthScorer().prepare(src, tgt, "en", "en"), n, m)]
    assert len(result) == n + m


def test_languages_outside_the_model_fall_back_to_lengths():
    from pipeline.align.scorers import LengthCosts

    scorer = EmbeddingScorer(embed=fake_embed)
    assert isinstance(scorer.prepare(SRC, SRC, "en", "is"), LengthCosts)
    assert not isinstance(scorer.prepare(SRC, SRC, "en", "zh-Hans"), LengthCosts)
