"""Sentence-alignment quality against gold sets (the ../shared/align-gold format).

Run: ``.venv/bin/python bench/align.py --gold ../shared/align-gold/mac-zh-en-dev
[--aligner embedding|length] [--perturb --seed N]``

For every document of the set, the project's aligner sees only the two sentence lists
and the languages from ``meta.json``; it never sees units or gold. Scoring follows the
set's README: strict and lax precision, recall and F1 over beads, pooled over the
documents; for "unit" sets, consecutive predicted beads inside one gold bead are merged
first. The length-only baseline is run side by side. The last lines have the form
``<aligner> strict P 0.912 R 0.905 F1 0.908 lax F1 0.981 sents/s 412.0``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.align.dp import align
from pipeline.align.scorers import SCORERS

Bead = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass
class Doc:
    name: str
    src: list[str]
    tgt: list[str]
    gold: list[Bead]


def load(folder: Path) -> tuple[dict, list[Doc]]:
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    docs = []
    with (folder / "docs.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            gold = [(tuple(s), tuple(t)) for s, t in record["gold"]]
            docs.append(Doc(record["name"], record["src"], record["tgt"], gold))
    return meta, docs


# --------------------------------------------------------------------------- perturbation

def perturb(doc: Doc, rng: random.Random, tgt_lang: str) -> Doc:
    """Merge a target unit with its successor (p = 0.15, never chaining merges) and delete
    a unit (p = 0.03), walking the target units (gold beads' target sides) in order; the
    gold is adjusted exactly."""
    joiner = "" if tgt_lang.split("-", maxsplit=1)[0] in ("zh", "ja") else " "
    units = [(list(s), list(t)) for s, t in doc.gold if t]
    src_only = [(list(s), []) for s, t in doc.gold if not t]
    new_tgt: list[str] = []
    new_gold: list[tuple[list[int], list[int]]] = []
    k = 0
    while k < len(units):
        src, tgt = units[k]
        roll = rng.random()
        if roll < 0.03:  # delete the unit: its source sentences lose their counterpart
            new_gold.append((src, []))
            k += 1
            continue
        if roll < 0.03 + 0.15 and k + 1 < len(units):  # merge with the successor
            nsrc, ntgt = units[k + 1]
            text = joiner.join(doc.tgt[i] for i in [*tgt, *ntgt])
            new_gold.append((src + nsrc, [len(new_tgt)]))
            new_tgt.append(text)
            k += 2  # the merged pair is done: no chaining
            continue
        start = len(new_tgt)
        new_tgt.extend(doc.tgt[i] for i in tgt)
        new_gold.append((src, list(range(start, len(new_tgt)))))
        k += 1
    new_gold.extend(src_only)
    new_gold.sort(key=lambda bead: (bead[0][0] if bead[0] else -1, bead[1][0] if bead[1] else -1))
    return Doc(doc.name, doc.src, new_tgt, [(tuple(s), tuple(t)) for s, t in new_gold])


# --------------------------------------------------------------------------- scoring

def merge_within_gold(predicted: list[Bead], gold: list[Bead]) -> list[Bead]:
    """For unit sets: consecutive predicted beads that fall inside one gold bead merge."""
    owner_src = {i: g for g, (s, _) in enumerate(gold) for i in s}
    owner_tgt = {j: g for g, (_, t) in enumerate(gold) for j in t}
    merged: list[Bead] = []
    owners: list[int | None] = []
    for s, t in predicted:
        ids = {owner_src.get(i) for i in s} | {owner_tgt.get(j) for j in t}
        owner = ids.pop() if len(ids) == 1 else None
        if owner is not None and merged and owners[-1] == owner:
            ps, pt = merged[-1]
            merged[-1] = (ps + s, pt + t)
        else:
            merged.append((s, t))
            owners.append(owner)
    return merged


def score(pairs: list[tuple[list[Bead], list[Bead]]]) -> dict[str, float]:
    """Pooled strict and lax precision, recall and F1 over (predicted, gold) pairs."""
    strict_p = lax_p = n_pred = strict_r = lax_r = n_gold = 0
    for predicted, gold in pairs:
        pred = [b for b in predicted if b[0] and b[1]]
        gold_full = [b for b in gold if b[0] and b[1]]
        gold_set = {(tuple(s), tuple(t)) for s, t in gold_full}
        pred_set = {(tuple(s), tuple(t)) for s, t in pred}
        n_pred += len(pred)
        n_gold += len(gold_full)
        strict_p += sum(1 for b in pred if (tuple(b[0]), tuple(b[1])) in gold_set)
        strict_r += sum(1 for b in gold_full if (tuple(b[0]), tuple(b[1])) in pred_set)
        lax_p += sum(1 for b in pred if _overlaps(b, gold_full))
        lax_r += sum(1 for b in gold_full if _overlaps(b, pred))
    p, r = _ratio(strict_p, n_pred), _ratio(strict_r, n_gold)
    lp, lr = _ratio(lax_p, n_pred), _ratio(lax_r, n_gold)
    return {"P": p, "R": r, "F1": _f1(p, r), "laxP": lp, "laxR": lr, "laxF1": _f1(lp, lr)}


def _overlaps(bead: Bead, others: list[Bead]) -> bool:
    s, t = set(bead[0]), set(bead[1])
    return any(s & set(os) and t & set(ot) for os, ot in others)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


# --------------------------------------------------------------------------- run

def run(aligner: str, meta: dict, docs: list[Doc]) -> tuple[dict[str, float], float]:
    scorer = SCORERS[aligner]()
    unit = meta.get("granularity") == "unit"
    pairs = []
    sentences = 0
    start = time.perf_counter()
    for doc in docs:
        costs = scorer.prepare(doc.src, doc.tgt, meta["src_lang"], meta["tgt_lang"])
        beads = [(b.src, b.tgt) for b in align(costs, len(doc.src), len(doc.tgt))]
        if unit:
            beads = merge_within_gold(beads, doc.gold)
        pairs.append((beads, doc.gold))
        sentences += len(doc.src) + len(doc.tgt)
    seconds = time.perf_counter() - start
    return score(pairs), sentences / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True, help="a folder with meta.json and docs.jsonl")
    parser.add_argument("--aligner", choices=sorted(SCORERS), default="embedding")
    parser.add_argument("--perturb", action="store_true", help="merge 15%% and delete 3%% of target units")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not (args.gold / "docs.jsonl").is_file():
        parser.error(f"{args.gold}: no docs.jsonl (expected a folder of ../shared/align-gold)")
    meta, docs = load(args.gold)
    if args.perturb:
        rng = random.Random(args.seed)
        docs = [perturb(doc, rng, meta["tgt_lang"]) for doc in docs]
    label = meta.get("name", args.gold.name) + (f" perturbed (seed {args.seed})" if args.perturb else "")
    print(f"{label}: {len(docs)} documents, {sum(len(d.src) for d in docs)}/"
          f"{sum(len(d.tgt) for d in docs)} sentences, {meta['src_lang']}-{meta['tgt_lang']}")
    order = [args.aligner] + [a for a in ("length",) if a != args.aligner]
    results = {name: run(name, meta, docs) for name in order}
    for name, (s, speed) in results.items():
        print(f"{name} strict P {s['P']:.3f} R {s['R']:.3f} F1 {s['F1']:.3f} "
              f"lax F1 {s['laxF1']:.3f} sents/s {speed:.1f}")


if __name__ == "__main__":
    main()
