"""What rendering one document costs, transform by transform, against the lxml floor.

For every TEI file of a folder (default the bundled tei/), or for N synthetic documents
(``--synth N``, bench/synth.py), measures in one run the median milliseconds of:

    floor      lxml alone: parse the file's bytes and serialise the tree again
    saxon      handing the tree to Saxon (serialise + parse into an XdmNode), which
               each transform below pays unless it is given a prepared document
    html       Renderer.html (screen page)
    print      Renderer.print_html (print page, no PDF)
    txt        Renderer.txt (every version's plain text; "langs" says how many)
    summary    Renderer.summary (the record for the index, search and registers)
    sum        html + print + txt + summary: the stylesheet work of one document
    prepared   the same four from one Renderer.prepare of the tree (handed to Saxon
               once, not once per stylesheet), preparing included
    document   render_document of html, print and txt with the summary record, as a
               build's worker runs it (parse included, no PDF)

Stylesheets are compiled once beforehand, as a build does; every measurement is the
median of ``--rounds`` calls, rounds interleaved (all measurements once, then again) so
that a burst of load elsewhere on the machine spreads over all columns. ``--cpu``
measures the process's CPU time instead of wall time: steadier on a machine that other
work shares (Saxon runs in the calling process). Prints a table per document, the
totals and the mean per document; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.render import Renderer, RenderOptions, summary_stylesheet, version_languages  # noqa: E402
from pipeline.render.document import DocumentTask, render_document  # noqa: E402
from pipeline.render.stylesheets import compiled, to_xdm_node  # noqa: E402
from pipeline.xmlio import parse_xml, serialize  # noqa: E402

EXAMPLE = """example:
  .venv/bin/python bench/render_cost.py                    # tei/, 30 rounds
  .venv/bin/python bench/render_cost.py --synth 20 --rounds 10
"""
COLUMNS = ("floor", "saxon", "html", "print", "txt", "summary", "sum", "prepared", "document")
SUMMED = ("html", "print", "txt", "summary")
FORMATS = ("html", "print", "txt")


def documents(folder: Path, synth: int) -> list[tuple[str, bytes]]:
    """(id, TEI bytes) of the documents to measure."""
    if synth:
        from bench.synth import synth_tei

        return [(doc_id, serialize(tree)) for doc_id, tree in synth_tei(synth)]
    return [(p.stem, p.read_bytes()) for p in sorted(folder.glob("*.xml"))]


def probes(renderer: Renderer, options: RenderOptions, doc_id: str, data: bytes,
           ) -> dict[str, Callable[[], object]]:
    """One call per measured column (``sum`` is computed, not called)."""
    tree = parse_xml(data, name=doc_id)
    task = DocumentTask(name=doc_id, doc_id=doc_id, data=data, formats=FORMATS, options=options)

    def prepared() -> None:
        doc = renderer.prepare(tree)
        renderer.html(doc, doc_id, options.html)
        renderer.print_html(doc, doc_id, options.print)
        renderer.txt(doc, doc_id, options.txt)
        renderer.summary(doc, doc_id, options.html)

    return {
        "floor": lambda: etree.tostring(parse_xml(data, name=doc_id).getroot(), encoding="unicode"),
        "saxon": lambda: to_xdm_node(tree),
        "html": lambda: renderer.html(tree, doc_id, options.html),
        "print": lambda: renderer.print_html(tree, doc_id, options.print),
        "txt": lambda: renderer.txt(tree, doc_id, options.txt),
        "summary": lambda: renderer.summary(tree, doc_id, options.html),
        "prepared": prepared,
        "document": lambda: render_document(task),
    }


def measure(calls: dict[str, dict[str, Callable[[], object]]], rounds: int,
            clock: Callable[[], float] = time.perf_counter) -> dict[str, dict[str, float]]:
    """Median milliseconds per document and column, rounds interleaved."""
    samples: dict[str, dict[str, list[float]]] = {d: {c: [] for c in probe} for d, probe in calls.items()}
    for _ in range(rounds):
        for doc_id, probe in calls.items():
            for column, call in probe.items():
                start = clock()
                call()
                samples[doc_id][column].append((clock() - start) * 1000)
    medians = {d: {c: statistics.median(s) for c, s in cols.items()} for d, cols in samples.items()}
    for times in medians.values():
        times["sum"] = sum(times[c] for c in SUMMED)
    return medians


def row(name: str, times: dict[str, float], langs: str = "") -> str:
    return f"{name[:34]:<34}{langs:>6}" + "".join(f"{times[c]:>10.1f}" for c in COLUMNS)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=EXAMPLE,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "tei",
                        help="TEI files (default: tei/)")
    parser.add_argument("--synth", type=int, default=0, metavar="N",
                        help="N synthetic documents (bench/synth.py) instead of a folder")
    parser.add_argument("--rounds", type=int, default=30, help="calls per measurement (median)")
    parser.add_argument("--cpu", action="store_true", help="CPU time of this process, not wall time")
    args = parser.parse_args(argv)

    docs = documents(args.folder, args.synth)
    if not docs:
        parser.error(f"no TEI files in {args.folder}")
    renderer, options = Renderer(), RenderOptions()
    for path in (*renderer.stylesheets.values(), summary_stylesheet()):
        compiled(path)  # compiled once, outside the timings, as a build's worker does
    calls = {doc_id: probes(renderer, options, doc_id, data) for doc_id, data in docs}
    for probe in calls.values():  # one warm-up round: the JIT-less Saxon still caches
        for call in probe.values():
            call()
    results = measure(calls, args.rounds, time.process_time if args.cpu else time.perf_counter)

    source = f"{args.synth} synthetic documents" if args.synth else f"{len(docs)} documents in {args.folder}"
    clock = "CPU" if args.cpu else "wall"
    print(f"{source}, median of {args.rounds} rounds, milliseconds of {clock} time")
    print(f"{'document':<34}{'langs':>6}" + "".join(f"{c:>10}" for c in COLUMNS))
    for doc_id, data in docs:
        langs = str(len(version_languages(parse_xml(data, name=doc_id))))
        print(row(doc_id, results[doc_id], langs))
    total = {c: sum(t[c] for t in results.values()) for c in COLUMNS}
    print(row("total", total))
    print(row("mean per document", {c: v / len(docs) for c, v in total.items()}))


if __name__ == "__main__":
    main()
