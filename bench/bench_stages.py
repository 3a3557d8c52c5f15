"""Where the time of a build goes, and what compiling stylesheets once saves.

Run: ``.venv/bin/python bench/bench_stages.py [--rounds N]``

Measures, side by side in one run on the bundled sample corpus (five documents, the
second a three-version file), the time per document of each stage, and the ratio of
rendering HTML + text with stylesheets compiled once per process (what the pipeline
does) against compiling them for every document (what a naive caller would do).
Prints numbers; asserts nothing (speed is not a test).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from pipeline.encode import EncodeOptions, encode
from pipeline.ingest import ingest, read_source
from pipeline.render import HtmlOptions, Renderer, TxtOptions
from pipeline.render.stylesheets import clear_cache
from pipeline.validate import tei_all_schema

SOURCES = sorted((Path(__file__).resolve().parents[1] / "sources").glob("*.txt"))


def _timed(func, rounds: int) -> float:
    """Median seconds of ``rounds`` calls of ``func``."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="repetitions per measurement (median)")
    rounds = parser.parse_args().rounds

    texts = [read_source(p) for p in SOURCES]
    docs = [ingest(t) for t in texts]
    editions = [encode(d, options=EncodeOptions(when="2026-01-01")) for d in docs]
    n = len(editions)

    start = time.perf_counter()
    schema = tei_all_schema()
    load_schema = time.perf_counter() - start

    renderer = Renderer()
    html, txt = HtmlOptions(), TxtOptions()

    def render_all() -> None:
        for e in editions:
            renderer.html(e.tree, e.id, html)
            renderer.txt(e.tree, e.id, txt)

    def render_all_recompiling() -> None:
        for e in editions:
            clear_cache()
            renderer.html(e.tree, e.id, html)
            renderer.txt(e.tree, e.id, txt)

    render_all()  # warm the cache once, as a worker does on its first document
    stages = {
        "ingest": _timed(lambda: [ingest(t) for t in texts], rounds),
        "encode": _timed(lambda: [encode(d, options=EncodeOptions(when="2026-01-01")) for d in docs], rounds),
        "validate (tei_all, loaded)": _timed(lambda: [schema.validate(e.tree) for e in editions], rounds),
        "render html+txt, compiled once": _timed(render_all, rounds),
        "render html+txt, compiled per document": _timed(render_all_recompiling, rounds),
    }
    print(f"sample corpus: {n} documents, median of {rounds} rounds")
    print(f"{'stage':<42}{'ms / document':>14}")
    for name, seconds in stages.items():
        print(f"{name:<42}{seconds / n * 1000:>14.1f}")
    print(f"{'tei_all schema load (once per process)':<42}{load_schema * 1000:>14.0f}  (total ms)")
    ratio = stages["render html+txt, compiled per document"] / stages["render html+txt, compiled once"]
    print(f"compiling once is {ratio:.1f}x faster than compiling per document")


if __name__ == "__main__":
    main()
