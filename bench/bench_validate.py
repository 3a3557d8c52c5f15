"""Validation speed: the sample corpus replicated to N documents, grammar + rules.

Run: ``.venv/bin/python bench/bench_validate.py [--documents 1000] [--jobs 2]``

Writes N TEI files (the five sample documents, each copy with its own id) to a temporary
folder, then times, side by side in one run:

- the floor: a bare lxml parse of every file;
- the project's validation (hardened parse + tei-edition grammar + rules) in one process;
- the same spread over ``--jobs`` worker processes.

Prints documents per second and the ratio to the floor. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from lxml import etree

from pipeline.validate import project_schema, validate_file

TEI = Path(__file__).resolve().parents[1] / "tei"


def replicate(folder: Path, count: int) -> list[Path]:
    """``count`` TEI files made from the sample corpus, each with a distinct document id."""
    samples = [(p.stem, p.read_bytes()) for p in sorted(TEI.glob("*.xml"))]
    paths = []
    for n in range(count):
        stem, data = samples[n % len(samples)]
        path = folder / f"{stem}-{n}.xml"
        path.write_bytes(data.replace(f'xml:id="{stem}"'.encode(), f'xml:id="{stem}-{n}"'.encode(), 1))
        paths.append(path)
    return paths


def _validate_chunk(paths: list[str]) -> int:
    project_schema()  # compiled once per worker
    return sum(1 for p in paths if validate_file(Path(p)).valid)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = replicate(Path(tmp), args.documents)
        n = len(paths)

        start = time.perf_counter()
        for path in paths:
            etree.parse(str(path))
        floor = time.perf_counter() - start

        project_schema()  # load once, as a command does
        start = time.perf_counter()
        valid = sum(1 for path in paths if validate_file(path).valid)
        single = time.perf_counter() - start

        chunks = [[str(p) for p in paths[i::args.jobs]] for i in range(args.jobs)]
        start = time.perf_counter()
        with ProcessPoolExecutor(args.jobs) as pool:
            valid_parallel = sum(pool.map(_validate_chunk, chunks))
        parallel = time.perf_counter() - start

    print(f"{n} documents (the sample corpus replicated), {valid} valid ({valid_parallel} in parallel)")
    print(f"{'':<44}{'docs/s':>10}{'× floor':>10}")
    print(f"{'bare lxml parse (the floor)':<44}{n / floor:>10.0f}{1.0:>10.1f}")
    print(f"{'grammar + rules, 1 process':<44}{n / single:>10.0f}{single / floor:>10.1f}")
    print(f"{f'grammar + rules, {args.jobs} processes (incl. start-up)':<44}{n / parallel:>10.0f}"
          f"{parallel / floor:>10.1f}")


if __name__ == "__main__":
    main()
